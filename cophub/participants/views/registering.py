"""A participant's pages: register, my registrations, the registration with its personal QR,
cancel; and the coordinator's nomination page. Each view: check, call one service, respond.

A registration page is seen by the person, whoever nominated them and those who run the
activity; to anyone else it does not exist (404), so ids do not tell who is registered.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.core.errors import DomainError
from cophub.core.thai import thai_digits
from cophub.core.views import form_error, raise_for
from cophub.orgs.models import Person
from cophub.orgs.selectors import organization_choices
from cophub.participants import selectors
from cophub.participants.forms import NominationForm, SelfRegisterForm
from cophub.participants.models import RegistrationPolicy
from cophub.participants.permissions import (
    can_manage_participants,
    can_see_registration,
    coordinated_organizations,
)
from cophub.participants.services.checkin import policy_of
from cophub.participants.services.mail import checkin_qr
from cophub.participants.services.registration import (
    activity_started,
    may_cancel,
    registration_nominate,
    registration_register_self,
)
from cophub.participants.services.registration import (
    registration_cancel as cancel_service,
)
from cophub.privacy.selectors import notice_current
from cophub.programs.models import Activity, Registration


def _activity(activity_id: int) -> Activity:
    return get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)


def _registration(request, registration_id: int) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related(
            "activity__program", "person__organization", "nominated_by"
        ),
        pk=registration_id,
    )
    if not can_see_registration(request.user, registration):
        raise Http404
    return registration


def _placed_message(request, registration: Registration) -> None:
    if registration.status == Registration.Status.WAITING:
        position = selectors.waiting_position(registration) or 1
        messages.warning(
            request,
            _("The seats are taken: %(name)s is on the waiting list, position %(position)s.")
            % {"name": registration.person.full_name, "position": thai_digits(position)},
        )
    else:
        messages.success(
            request, _("Registered %(name)s.") % {"name": registration.person.full_name}
        )


def register_self(request, activity_id: int):
    """GET: the one-click page with the registrant's organisation and position to check;
    POST: register (the panel's button posts here directly)."""
    activity = _activity(activity_id)
    own = selectors.own_registration(request.user, activity)
    if own is not None and own.status != Registration.Status.CANCELLED:
        return redirect("participants:registration", own.pk)
    person = selectors.person_of(request.user)
    policy = policy_of(activity)
    target = policy.who == RegistrationPolicy.Who.TARGET_ORGANIZATIONS
    initial = {"organization": person.organization, "position": person.position} if person else {}
    notice = notice_current()
    form = SelfRegisterForm(
        request.POST if request.method == "POST" else None, initial=initial,
        organization_required=target and not (person and person.organization_id), notice=notice,
    )  # fmt: skip
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                registration = registration_register_self(
                    user=request.user,
                    activity=activity,
                    position=form.cleaned_data["position"] if "position" in request.POST else None,
                    organization=form.cleaned_data["organization"],
                    phone=form.cleaned_data.get("phone", ""),
                    consents=tuple(form.consents()),
                    notice_version=form.cleaned_data.get("notice_version"),
                )
            except DomainError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                _placed_message(request, registration)
                return redirect("participants:registration", registration.pk)
        else:
            status = 400
    return render(
        request,
        "participants/register.html",
        {"activity": activity, "program": activity.program, "policy": policy, "person": person,
         "form": form, "privacy_notice": notice},
        status=status,
    )  # fmt: skip


def my_registrations(request):
    return render(
        request,
        "participants/mine.html",
        {"registrations": selectors.my_registrations(request.user)},
    )


def registration_detail(request, registration_id: int):
    registration = _registration(request, registration_id)
    activity = registration.activity
    cancellable = (
        may_cancel(request.user, registration)
        and registration.status in (Registration.Status.REGISTERED, Registration.Status.WAITING)
        and not activity_started(activity)
    )
    return render(
        request,
        "participants/registration.html",
        {
            "registration": registration,
            "activity": activity,
            "program": activity.program,
            "waiting_position": selectors.waiting_position(registration),
            "cancellable": cancellable,
            "can_manage": can_manage_participants(request.user, activity),
            "checked_in_at": localtime(registration.checked_in_at)
            if registration.checked_in_at
            else None,
        },
    )


def registration_qr(request, registration_id: int):
    """The personal QR (SVG) of the check-in code alone, for the door's scanner."""
    registration = _registration(request, registration_id)
    response = HttpResponse(
        checkin_qr(registration.checkin_code, kind="svg", scale=12), content_type="image/svg+xml"
    )
    response["Cache-Control"] = "private, no-store"  # the code is the person's ticket
    return response


@require_POST
def registration_cancel(request, registration_id: int):
    registration = _registration(request, registration_id)
    try:
        cancel_service(actor=request.user, registration=registration)
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
        return redirect("participants:registration", registration.pk)
    messages.success(
        request,
        _("The registration of %(name)s is cancelled.") % {"name": registration.person.full_name},
    )
    return redirect("participants:registration", registration.pk)


def nominate(request, activity_id: int):
    """A coordinator puts forward staff of their organisation; the organiser adds anyone."""
    activity = _activity(activity_id)
    organiser = can_manage_participants(request.user, activity)
    coordinated = [] if organiser else coordinated_organizations(request.user)
    if not organiser and not coordinated:
        raise PermissionDenied
    if organiser:
        people = Person.objects.select_related("organization").order_by("first_name", "last_name")
        organizations = organization_choices()
    else:
        mine = selectors.organization_subtree_ids(coordinated)
        people = selectors.nominable_people(mine)
        organizations = organization_choices().filter(pk__in=mine)
    form = NominationForm(
        request.POST if request.method == "POST" else None,
        people=people,
        organizations=organizations,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                registration = registration_nominate(
                    actor=request.user, activity=activity,
                    person=form.cleaned_data["person"], new_person=form.new_person(),
                )  # fmt: skip
            except DomainError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                _placed_message(request, registration)
                return redirect("participants:nominate", activity.pk)
        else:
            status = 400
    policy = policy_of(activity)
    return render(
        request,
        "participants/nominate.html",
        {
            "activity": activity, "program": activity.program, "form": form,
            "organiser": organiser, "coordinated": coordinated, "policy": policy,
            "seats": selectors.seats(activity, policy if policy.pk else None),
            "nominated": selectors.nominated_by(request.user, activity),
            "privacy_notice": notice_current(),
        },
        status=status,
    )  # fmt: skip
