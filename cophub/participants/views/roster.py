"""The organiser's pages: the roster with every status, the registration settings, and the
status change (a plain POST; with htmx the roster swaps in place, counts included)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.core.errors import DomainError
from cophub.core.views import asks_when_sent_from_another_site, raise_for
from cophub.participants import selectors
from cophub.participants.forms import PolicyForm, StatusForm
from cophub.participants.models import RegistrationPolicy
from cophub.participants.permissions import can_check_in, can_manage_participants
from cophub.participants.services.policy import policy_update
from cophub.participants.services.registration import registration_status_set
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.purposes import PHOTO
from cophub.privacy.selectors import people_consenting
from cophub.privacy.services import personal_data_read
from cophub.programs.models import Activity, Registration


def _managed_activity(request, activity_id: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    if not can_manage_participants(request.user, activity):
        raise PermissionDenied
    return activity


def _roster_url(activity_id: int, status: str = "") -> str:
    url = reverse("participants:roster", args=[activity_id])
    return f"{url}?{urlencode({'status': status})}" if status else url


@asks_when_sent_from_another_site
def roster(request, activity_id: int):
    activity = _managed_activity(request, activity_id)
    data = selectors.roster(activity=activity, status=request.GET.get("status", ""))
    people = [r.person_id for r in data.registrations]
    personal_data_read(
        viewer=request.user, kind=PersonalDataRead.Kind.ROSTER, instance=activity, people=people
    )
    return render(
        request,
        "participants/roster.html",
        {
            "activity": activity,
            "program": activity.program,
            "roster": data,
            "statuses": Registration.Status.choices,
            "can_check_in": can_check_in(request.user, activity),
            # Who may appear in published photos: only those whose consent is in force.
            "photo_consents": people_consenting(PHOTO, people),
        },
    )


def policy_edit(request, activity_id: int):
    activity = _managed_activity(request, activity_id)
    policy = RegistrationPolicy.objects.filter(activity=activity).first()
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        initial=PolicyForm.initial_for(policy),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                policy_update(actor=request.user, activity=activity, **form.cleaned_data)
            except DomainError as exc:
                raise_for(exc)
                for problem in exc.problems or []:
                    form.add_error(
                        problem.path if problem.path in form.fields else None, problem.message
                    )
                if not exc.problems:
                    form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, _("Registration settings saved."))
                return redirect("participants:roster", activity.pk)
        else:
            status = 400
    return render(
        request,
        "participants/policy.html",
        {"activity": activity, "program": activity.program, "form": form, "policy": policy},
        status=status,
    )


@require_POST
def status_change(request, registration_id: int):
    registration = get_object_or_404(
        Registration.objects.select_related("activity__program", "person"), pk=registration_id
    )
    if not can_manage_participants(request.user, registration.activity):
        raise PermissionDenied
    back = _roster_url(registration.activity_id, request.POST.get("filter", ""))
    form = StatusForm(request.POST)
    if not form.is_valid():
        message = DomainError("invalid_status").message
        if request.headers.get("HX-Request"):
            return HttpResponse(message, status=400)
        messages.error(request, message)
        return redirect(back)
    try:
        registration_status_set(
            actor=request.user, registration=registration, status=form.cleaned_data["status"]
        )
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(
        request,
        _("%(name)s: %(status)s.")
        % {
            "name": registration.person.full_name,
            "status": Registration.Status(form.cleaned_data["status"]).label,
        },
    )
    # htmx follows the redirect and swaps the fresh roster in (hx-select), counts and all.
    return redirect(back)
