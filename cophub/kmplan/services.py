"""Writes of KM plans: the plan, its knowledge areas, planned activities and indicators.

Keyword-only arguments, permission first (permissions.py), one transaction, an audit row
of a registered type (audit_types.py). An indicator's actual is typed only for the
``manual`` kind: every other kind is computed from the data (selectors.plan_progress).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from cophub.accounts.models import User
from cophub.core.audit import audit_record, diff, snapshot
from cophub.core.errors import DomainError
from cophub.core.thai import screen_digits
from cophub.kmplan.models import Indicator, KmPlan, KnowledgeArea, PlannedActivity, Step
from cophub.kmplan.permissions import (
    can_edit_organization_plan,
    organization_id_of,
    require_edit_plan,
    require_use_kmplans,
)
from cophub.orgs.models import Organization
from cophub.orgs.selectors import organization_subtree_ids
from cophub.programs.models import Program

PLAN_FIELDS = ["organization", "fiscal_year", "title", "approved_by", "notes"]
AREA_FIELDS = ["plan", "name", "goal", "order"]
ACTIVITY_FIELDS = [
    "area", "step", "description", "months", "responsible", "responsible_name",
    "responsible_position", "program",
]  # fmt: skip
INDICATOR_FIELDS = ["plan", "area", "name", "kind", "target", "unit", "manual_actual", "order"]


def _exists(organization: Organization, fiscal_year: int) -> DomainError:
    return DomainError(
        "kmplan_exists",
        {"organization": organization.name, "fiscal_year": screen_digits(fiscal_year)},
    )


# --- plans ------------------------------------------------------------------------------
@transaction.atomic
def plan_create(
    *,
    actor: User,
    organization: Organization,
    fiscal_year: int,
    title: str,
    approved_by: str = "",
    notes: str = "",
) -> KmPlan:
    require_use_kmplans(actor)
    if not can_edit_organization_plan(actor, organization.pk):
        if organization_id_of(actor) is None:
            raise DomainError("kmplan_no_organization")
        raise DomainError("permission_denied")
    if KmPlan.objects.filter(organization=organization, fiscal_year=fiscal_year).exists():
        raise _exists(organization, fiscal_year)
    try:
        with transaction.atomic():
            plan = KmPlan.objects.create(
                organization=organization, fiscal_year=fiscal_year, title=title.strip(),
                approved_by=approved_by.strip(), notes=notes.strip(), created_by=actor,
            )  # fmt: skip
    except IntegrityError:  # another request made it a moment ago
        raise _exists(organization, fiscal_year) from None
    audit_record(
        actor=actor, action="kmplan.created", instance=plan, changes=snapshot(plan, PLAN_FIELDS)
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: User,
    plan: KmPlan,
    fiscal_year: int,
    title: str,
    approved_by: str = "",
    notes: str = "",
) -> KmPlan:
    """The organisation stays: a plan is its organisation's. A new year must be free, and
    the programs its activities name must belong to that year."""
    require_edit_plan(actor, plan)
    stored = KmPlan.objects.select_for_update().get(pk=plan.pk)
    before = snapshot(stored, PLAN_FIELDS)
    if fiscal_year != stored.fiscal_year:
        taken = KmPlan.objects.filter(
            organization_id=stored.organization_id, fiscal_year=fiscal_year
        )
        if taken.exists():
            raise _exists(stored.organization, fiscal_year)
        linked = PlannedActivity.objects.filter(area__plan=stored, program__isnull=False)
        if linked.exclude(program__fiscal_year=fiscal_year).exists():
            raise DomainError("kmplan_program_outside")
    plan.fiscal_year, plan.title = fiscal_year, title.strip()
    plan.approved_by, plan.notes = approved_by.strip(), notes.strip()
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # another edit took that year between the check and the save
        raise _exists(stored.organization, fiscal_year) from None
    audit_record(
        actor=actor, action="kmplan.updated", instance=plan,
        changes=diff(before, snapshot(plan, PLAN_FIELDS)),
    )  # fmt: skip
    return plan


# --- knowledge areas ----------------------------------------------------------------------
@transaction.atomic
def area_create(
    *, actor: User, plan: KmPlan, name: str, goal: str = "", order: int | None = None
) -> KnowledgeArea:
    require_edit_plan(actor, plan)
    if order is None:
        order = plan.areas.count() + 1
    area = KnowledgeArea.objects.create(
        plan=plan, name=name.strip(), goal=goal.strip(), order=order
    )
    audit_record(
        actor=actor, action="kmplan.area.created", instance=area,
        changes=snapshot(area, AREA_FIELDS),
    )  # fmt: skip
    return area


@transaction.atomic
def area_update(
    *, actor: User, area: KnowledgeArea, name: str, goal: str = "", order: int
) -> KnowledgeArea:
    require_edit_plan(actor, area.plan)
    before = snapshot(KnowledgeArea.objects.get(pk=area.pk), AREA_FIELDS)
    area.name, area.goal, area.order = name.strip(), goal.strip(), order
    area.save()
    audit_record(
        actor=actor, action="kmplan.area.updated", instance=area,
        changes=diff(before, snapshot(area, AREA_FIELDS)),
    )  # fmt: skip
    return area


@transaction.atomic
def area_delete(*, actor: User, area: KnowledgeArea) -> None:
    """Its planned activities go with it; its indicators stay, on the plan as a whole."""
    require_edit_plan(actor, area.plan)
    changes = {**snapshot(area, AREA_FIELDS), "activities": area.activities.count()}
    audit_record(actor=actor, action="kmplan.area.deleted", instance=area, changes=changes)
    area.delete()


# --- planned activities -----------------------------------------------------------------------
def _check_months(months) -> list[int]:
    try:
        chosen = sorted({int(m) for m in months})
    except (TypeError, ValueError):
        raise DomainError("kmplan_bad_months") from None
    if any(not 1 <= m <= 12 for m in chosen):
        raise DomainError("kmplan_bad_months")
    return chosen


def _check_program(plan: KmPlan, program: Program | None) -> None:
    """A linked program is the organisation's (or one of its units') in the plan's year:
    the same programs the plan's actuals are computed from."""
    if program is None:
        return
    mine = Program.objects.filter(
        pk=program.pk, fiscal_year=plan.fiscal_year,
        organization_id__in=organization_subtree_ids([plan.organization_id]),
    )  # fmt: skip
    if not mine.exists():
        raise DomainError("kmplan_program_outside")


@transaction.atomic
def planned_activity_create(
    *,
    actor: User,
    area: KnowledgeArea,
    step: str,
    description: str,
    months: list[int] = (),
    responsible: User | None = None,
    responsible_name: str = "",
    responsible_position: str = "",
    program: Program | None = None,
) -> PlannedActivity:
    require_edit_plan(actor, area.plan)
    if step not in Step.values:
        raise DomainError("invalid_request")
    _check_program(area.plan, program)
    planned = PlannedActivity.objects.create(
        area=area, step=step, description=description.strip(), months=_check_months(months),
        responsible=responsible, responsible_name=responsible_name.strip(),
        responsible_position=responsible_position.strip(), program=program,
    )  # fmt: skip
    audit_record(
        actor=actor, action="kmplan.activity.created", instance=planned,
        changes=snapshot(planned, ACTIVITY_FIELDS),
    )  # fmt: skip
    return planned


@transaction.atomic
def planned_activity_update(
    *,
    actor: User,
    planned: PlannedActivity,
    area: KnowledgeArea,
    step: str,
    description: str,
    months: list[int] = (),
    responsible: User | None = None,
    responsible_name: str = "",
    responsible_position: str = "",
    program: Program | None = None,
) -> PlannedActivity:
    plan = planned.area.plan
    require_edit_plan(actor, plan)
    if area.plan_id != plan.pk:
        raise DomainError("kmplan_area_outside")
    if step not in Step.values:
        raise DomainError("invalid_request")
    _check_program(plan, program)
    before = snapshot(PlannedActivity.objects.get(pk=planned.pk), ACTIVITY_FIELDS)
    planned.area, planned.step, planned.description = area, step, description.strip()
    planned.months = _check_months(months)
    planned.responsible, planned.program = responsible, program
    planned.responsible_name = responsible_name.strip()
    planned.responsible_position = responsible_position.strip()
    planned.save()
    audit_record(
        actor=actor, action="kmplan.activity.updated", instance=planned,
        changes=diff(before, snapshot(planned, ACTIVITY_FIELDS)),
    )  # fmt: skip
    return planned


@transaction.atomic
def planned_activity_delete(*, actor: User, planned: PlannedActivity) -> None:
    require_edit_plan(actor, planned.area.plan)
    changes = snapshot(planned, ACTIVITY_FIELDS)
    audit_record(actor=actor, action="kmplan.activity.deleted", instance=planned, changes=changes)
    planned.delete()


# --- indicators -----------------------------------------------------------------------------
def _check_indicator(
    plan: KmPlan, area: KnowledgeArea | None, kind: str, target, manual_actual
) -> None:
    if area is not None and area.plan_id != plan.pk:
        raise DomainError("kmplan_area_outside")
    if kind not in Indicator.Kind.values:
        raise DomainError("invalid_request")
    if target is None or Decimal(target) < 0:
        raise DomainError("kmplan_bad_target")
    if manual_actual is not None and kind != Indicator.Kind.MANUAL:
        # The data holds this figure: a typed one could only disagree with it.
        raise DomainError("kmplan_actual_computed")


@transaction.atomic
def indicator_create(
    *,
    actor: User,
    plan: KmPlan,
    name: str,
    kind: str,
    target: Decimal,
    unit: str = "",
    area: KnowledgeArea | None = None,
    manual_actual: Decimal | None = None,
    order: int | None = None,
) -> Indicator:
    require_edit_plan(actor, plan)
    _check_indicator(plan, area, kind, target, manual_actual)
    if order is None:
        order = plan.indicators.count() + 1
    indicator = Indicator.objects.create(
        plan=plan, area=area, name=name.strip(), kind=kind, target=target, unit=unit.strip(),
        manual_actual=manual_actual, order=order,
    )  # fmt: skip
    audit_record(
        actor=actor, action="kmplan.indicator.created", instance=indicator,
        changes=snapshot(indicator, INDICATOR_FIELDS),
    )  # fmt: skip
    return indicator


@transaction.atomic
def indicator_update(
    *,
    actor: User,
    indicator: Indicator,
    name: str,
    kind: str,
    target: Decimal,
    unit: str = "",
    area: KnowledgeArea | None = None,
    manual_actual: Decimal | None = None,
    order: int,
) -> Indicator:
    require_edit_plan(actor, indicator.plan)
    _check_indicator(indicator.plan, area, kind, target, manual_actual)
    before = snapshot(Indicator.objects.get(pk=indicator.pk), INDICATOR_FIELDS)
    indicator.name, indicator.kind, indicator.target = name.strip(), kind, target
    indicator.unit, indicator.area, indicator.order = unit.strip(), area, order
    indicator.manual_actual = manual_actual
    indicator.save()
    audit_record(
        actor=actor, action="kmplan.indicator.updated", instance=indicator,
        changes=diff(before, snapshot(indicator, INDICATOR_FIELDS)),
    )  # fmt: skip
    return indicator


@transaction.atomic
def indicator_delete(*, actor: User, indicator: Indicator) -> None:
    require_edit_plan(actor, indicator.plan)
    changes = snapshot(indicator, INDICATOR_FIELDS)
    audit_record(
        actor=actor, action="kmplan.indicator.deleted", instance=indicator, changes=changes
    )
    indicator.delete()
