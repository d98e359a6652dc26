"""KM plan pages: the list per year, the plan page, the forms of each part and the
progress report. Each view: check, call one service, respond.

Members and facilitators get 403 (the feature is not theirs); another organisation's
organiser gets 404 for a plan (they do not learn it exists). A form's bad input is
re-shown with its Thai messages as a 400 (or the domain error's own status).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cophub.core.errors import DomainError
from cophub.core.thai import parse_fiscal_year
from cophub.core.views import form_error
from cophub.kmplan import document, selectors, services
from cophub.kmplan.forms import (
    MONTH_CHOICES,
    AreaForm,
    IndicatorForm,
    PlanForm,
    PlannedActivityForm,
    plan_organizations,
)
from cophub.kmplan.models import Indicator, KmPlan, KnowledgeArea, PlannedActivity
from cophub.kmplan.permissions import can_edit_plan, can_use_kmplans, organization_id_of
from cophub.reports.formats import FORMATS, render_blocks
from cophub.reports.responses import report_response


def _require_use(request) -> None:
    if not can_use_kmplans(request.user):
        raise PermissionDenied


def _plan(request, plan_id: int, *, detail: bool = False) -> KmPlan:
    """The plan if the user may see it; ``detail``: with its areas and planned activities."""
    _require_use(request)
    try:
        if detail:
            plan = selectors.plan_detail(plan_id=plan_id)
        else:
            plan = selectors.plan_get(plan_id=plan_id)
    except KmPlan.DoesNotExist as exc:
        raise Http404 from exc
    if not can_edit_plan(request.user, plan):
        raise Http404
    return plan


def _part(request, model, pk: int):
    """An area, planned activity or indicator, with its plan, if the user may edit it."""
    _require_use(request)
    path = "plan" if model is not PlannedActivity else "area__plan"
    related = [f"{path}__organization"] + (["area"] if model is not KnowledgeArea else [])
    obj = get_object_or_404(model.objects.select_related(*related), pk=pk)
    plan = obj.plan if model is not PlannedActivity else obj.area.plan
    if not can_edit_plan(request.user, plan):
        raise Http404
    return obj, plan


def _form_page(request, template: str, context: dict, form):
    """The form, again after a refused POST: a 400 (or the domain error's own status) with
    the Thai messages on it, so nothing claims it was saved."""
    status = getattr(form, "error_status", 400) if form.is_bound else 200
    return render(request, template, {**context, "form": form}, status=status)


def _submit(request, form, service, **kwargs):
    """Validate, then call the service with the form's values; the saved object, or None
    with the domain error on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    values = {k: v for k, v in form.cleaned_data.items() if v is not None or k not in KEEP}
    try:
        return service(actor=request.user, **{**kwargs, **values})
    except DomainError as exc:
        form_error(form, exc)
        form.error_status = exc.status
        return None


# Left empty on a form, these keep what the object has (or the service's default).
KEEP = {"order"}


def _ctx(plan: KmPlan, heading: str) -> dict:
    return {"plan": plan, "heading": heading}


# --- plans ----------------------------------------------------------------------------------
def plan_list(request):
    _require_use(request)
    fy = parse_fiscal_year(request.GET.get("fy", ""))
    admin = request.user.is_system_admin
    mine = None if admin else organization_id_of(request.user)
    plans, years = [], []  # an organiser without an organisation has no plans
    if admin or mine is not None:
        plans = list(selectors.plan_list(organization_id=mine, fiscal_year=fy))
        years = selectors.plan_years(organization_id=mine)
    context = {"plans": plans, "years": years, "fy": fy, "has_organization": admin or mine}
    return render(request, "kmplan/plan_list.html", context)


def plan_create(request):
    _require_use(request)
    form = PlanForm(request.POST or None, organizations=plan_organizations(request.user))
    plan = _submit(request, form, services.plan_create)
    if plan:
        messages.success(request, _("KM plan created."))
        return redirect(plan)
    return _form_page(request, "kmplan/plan_form.html", {}, form)


def plan_edit(request, plan_id: int):
    plan = _plan(request, plan_id)
    initial = {k: getattr(plan, k) for k in ("title", "fiscal_year", "approved_by", "notes")}
    form = PlanForm(request.POST or None, initial=initial)
    if _submit(request, form, services.plan_update, plan=plan):
        messages.success(request, _("KM plan saved."))
        return redirect(plan)
    return _form_page(request, "kmplan/plan_form.html", {"plan": plan}, form)


def plan_detail(request, plan_id: int):
    plan = _plan(request, plan_id, detail=True)
    progress = selectors.plan_progress(plan_id=plan.pk, plan=plan)
    months = [label for _m, label in MONTH_CHOICES]
    return render(
        request, "kmplan/plan_detail.html", {"plan": plan, "progress": progress, "months": months}
    )


def plan_report(request, plan_id: int):
    """The progress report. Written in the request, unlike a program's annual report: a
    plan's report is a few pages of tables with no charts (well under a second)."""
    fmt = request.GET.get("format", "html")
    if fmt not in FORMATS:
        raise Http404
    plan = _plan(request, plan_id, detail=True)
    progress = selectors.plan_progress(plan_id=plan.pk, plan=plan)
    blocks = document.build(plan, progress, today=timezone.localdate())
    rendered = render_blocks(
        blocks, fmt, filename=f"kmplan-{plan.pk}-{plan.fiscal_year}",
        back_url=plan.get_absolute_url(), back_label=_("Back to the KM plan"),
    )  # fmt: skip
    return report_response(rendered, fmt)


# --- the parts of a plan -----------------------------------------------------------------
def _done(plan: KmPlan, anchor: str):
    return redirect(plan.get_absolute_url() + anchor)


PART = "kmplan/part_form.html"


def area_create(request, plan_id: int):
    plan = _plan(request, plan_id)
    form = AreaForm(request.POST or None)
    if _submit(request, form, services.area_create, plan=plan):
        return _done(plan, "#areas")
    return _form_page(request, PART, _ctx(plan, _("New knowledge area")), form)


def area_edit(request, area_id: int):
    area, plan = _part(request, KnowledgeArea, area_id)
    initial = {"name": area.name, "goal": area.goal, "order": area.order}
    form = AreaForm(request.POST or None, initial=initial)
    if _submit(request, form, services.area_update, area=area, order=area.order):
        return _done(plan, "#areas")
    return _form_page(request, PART, _ctx(plan, _("Edit knowledge area")), form)


def planned_activity_create(request, plan_id: int):
    plan = _plan(request, plan_id)
    initial = {"area": request.GET.get("area"), "step": request.GET.get("step")}
    form = PlannedActivityForm(request.POST or None, plan=plan, initial=initial)
    if _submit(request, form, services.planned_activity_create):
        return _done(plan, "#steps")
    return _form_page(request, PART, _ctx(plan, _("New planned activity")), form)


ACTIVITY_FIELDS = (
    "area", "step", "description", "months", "responsible", "responsible_name",
    "responsible_position", "program",
)  # fmt: skip


def planned_activity_edit(request, planned_id: int):
    planned, plan = _part(request, PlannedActivity, planned_id)
    initial = {k: getattr(planned, k) for k in ACTIVITY_FIELDS}
    form = PlannedActivityForm(request.POST or None, plan=plan, initial=initial)
    if _submit(request, form, services.planned_activity_update, planned=planned):
        return _done(plan, "#steps")
    return _form_page(request, PART, _ctx(plan, _("Edit planned activity")), form)


INDICATOR_FIELDS = ("name", "area", "kind", "target", "unit", "manual_actual", "order")


def indicator_create(request, plan_id: int):
    plan = _plan(request, plan_id)
    form = IndicatorForm(request.POST or None, plan=plan)
    if _submit(request, form, services.indicator_create, plan=plan):
        return _done(plan, "#indicators")
    return _form_page(request, PART, _ctx(plan, _("New indicator")), form)


def indicator_edit(request, indicator_id: int):
    indicator, plan = _part(request, Indicator, indicator_id)
    initial = {k: getattr(indicator, k) for k in INDICATOR_FIELDS}
    form = IndicatorForm(request.POST or None, plan=plan, initial=initial)
    if _submit(
        request, form, services.indicator_update, indicator=indicator, order=indicator.order
    ):
        return _done(plan, "#indicators")
    return _form_page(request, PART, _ctx(plan, _("Edit indicator")), form)


# --- deleting ----------------------------------------------------------------------------------
def _delete(request, model, pk: int, service, argument: str, anchor: str):
    """A confirmation page on GET, the deletion on POST."""
    obj, plan = _part(request, model, pk)
    if request.method == "POST":
        service(actor=request.user, **{argument: obj})
        messages.success(request, _("Deleted."))
        return redirect(plan.get_absolute_url() + anchor)
    return render(request, "confirm_delete.html", {"object": obj, "cancel": plan})


def area_delete(request, area_id: int):
    return _delete(request, KnowledgeArea, area_id, services.area_delete, "area", "#areas")


def planned_activity_delete(request, planned_id: int):
    return _delete(
        request, PlannedActivity, planned_id, services.planned_activity_delete, "planned", "#steps"
    )


def indicator_delete(request, indicator_id: int):
    return _delete(
        request, Indicator, indicator_id, services.indicator_delete, "indicator", "#indicators"
    )
