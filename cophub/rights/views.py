"""The person's own page ("my data") and the admins' pages of requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.core.errors import DomainError
from cophub.core.views import form_error, raise_for
from cophub.orgs.models import Person
from cophub.rights import selectors, services
from cophub.rights.forms import ConfirmErasureForm, EraseForm, OnBehalfForm, RefuseForm
from cophub.rights.models import DataRequest


def mine(request):
    person = selectors.person_of(request.user)
    return render(
        request,
        "rights/mine.html",
        {"requests": selectors.requests_of(person), "form": ConfirmErasureForm()},
    )


@require_POST
def export_mine(request, fmt: str):
    try:
        data_request = services.data_request_export(actor=request.user, fmt=fmt)
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
        return redirect("rights:mine")
    return redirect("jobs:detail", data_request.job_id)


@require_POST
def erase_mine(request):
    form = ConfirmErasureForm(request.POST)
    if form.is_valid():
        try:
            services.data_request_erasure(actor=request.user)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your request is recorded; an administrator will answer it within 30 days."))  # fmt: skip
            return redirect("rights:mine")
    person = selectors.person_of(request.user)
    context = {"requests": selectors.requests_of(person), "form": form}
    return render(request, "rights/mine.html", context, status=400)


def _admin_only(request) -> None:
    if not request.user.is_system_admin:
        raise PermissionDenied


def requests(request):
    _admin_only(request)
    form = OnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(pk=form.cleaned_data["person"]).first()
        if person is None:
            form.add_error("person", _("No person has this number."))
        else:
            try:
                if form.cleaned_data["kind"] == DataRequest.Kind.ERASURE:
                    made = services.data_request_erasure(actor=request.user, person=person)
                else:
                    made = services.data_request_export(
                        actor=request.user, person=person, fmt=form.cleaned_data["fmt"] or "xlsx"
                    )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Request #%(n)s recorded.") % {"n": made.pk})
                return redirect("rights:request", made.pk)
    status = request.GET.get("status", "")
    context = {
        "requests": selectors.requests_for_admin(status=status), "form": form,
        "status": status, "statuses": DataRequest.Status.choices,
    }  # fmt: skip
    return render(request, "rights/requests.html", context, status=400 if form.errors else 200)


def _request(request, request_id: int) -> DataRequest:
    try:
        return selectors.request_for(actor=request.user, request_id=request_id)
    except DomainError as exc:
        raise_for(exc)
        raise


def request_detail(request, request_id: int, erase_form=None, refuse_form=None, status=200):
    data_request = _request(request, request_id)
    context = {
        "r": data_request, "erase_form": erase_form or EraseForm(),
        "refuse_form": refuse_form or RefuseForm(),
    }  # fmt: skip
    return render(request, "rights/request.html", context, status=status)


@require_POST
def request_erase(request, request_id: int):
    data_request = _request(request, request_id)
    form = EraseForm(request.POST)
    if form.is_valid():
        try:
            services.data_request_erase(
                actor=request.user, request=data_request, note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The person's data has been erased."))
            return redirect("rights:request", request_id)
    return request_detail(request, request_id, erase_form=form, status=400)


@require_POST
def request_refuse(request, request_id: int):
    data_request = _request(request, request_id)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.data_request_refuse(
                actor=request.user, request=data_request, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The request has been answered with a refusal."))
            return redirect("rights:request", request_id)
    return request_detail(request, request_id, refuse_form=form, status=400)
