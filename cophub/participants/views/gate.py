"""What the activity's own QR opens (projector, bus door): one page, one big button for
the phase the participant is in. During the check-in window it checks them in; after it
(or whenever the survey is open and they attended) it opens the survey, handing the phone
its ticket first when the survey is for attendees only (``surveys.tickets``).

Login first (the login middleware sends a visitor to log in and back). GET only reads.
No request here is logged: its time could be lined up with a survey answer (docs/surveys.md).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cophub.core.errors import DomainError
from cophub.participants.models import RegistrationPolicy
from cophub.participants.services.checkin import (
    REASONS,
    checkin_self,
    clock,
    in_checkin_window,
    policy_of,
)
from cophub.programs.models import Activity, Registration
from cophub.surveys.models import Survey
from cophub.surveys.respond import quiet
from cophub.surveys.tickets import give_ticket, survey_ticket_issue

# The button the page shows, if any.
CHECK_IN = "checkin"  # POST: check in
GET_TICKET = "ticket"  # POST: hand the phone its ticket, then open the survey
OPEN_SURVEY = "open"  # a link: the survey needs no ticket, or this phone has one already
CAN_CHECK_IN = (Registration.Status.REGISTERED, Registration.Status.NO_SHOW)


@dataclass(frozen=True)
class Phase:
    button: str | None
    note: str  # what the page says above the button ("" for nothing)
    checked_in_at: str  # "๐๙.๓๐ น." once attended, else ""


def _registration(user, activity: Activity) -> Registration | None:
    return Registration.objects.filter(activity=activity, person__user_id=user.pk).first()


def _survey(activity: Activity) -> Survey | None:
    return Survey.objects.filter(activity=activity).first()


def _survey_phase(survey: Survey | None, registration: Registration | None) -> Phase | None:
    """The survey's button or note, or None when there is nothing to say about it."""
    if survey is None:
        return None
    state = survey.state()
    if state == "not_open":
        return Phase(None, _("The survey opens later. Scan this QR code again then."), "")
    if state == "closed":
        return Phase(None, _("The survey has closed."), "")
    if not survey.attendees_only:
        return Phase(OPEN_SURVEY, "", "")
    if registration is None or registration.status != Registration.Status.ATTENDED:
        return Phase(None, DomainError("survey_not_attended").message, "")
    if registration.survey_answered:
        return Phase(OPEN_SURVEY, _("You have answered the survey. Thank you."), "")
    if not tickets_open(registration.activity):
        return Phase(None, DomainError("survey_after_checkin").message, "")
    if registration.survey_ticket_issued:
        return Phase(OPEN_SURVEY, _(
            "Your pass to answer is on the phone and in the browser where you first opened "
            "the survey: the button works there. A new pass cannot be issued, as answers "
            "are anonymous."
        ), "")  # fmt: skip
    return Phase(GET_TICKET, "", "")


def tickets_open(activity: Activity) -> bool:
    """Attendees-only answers start once check-in has closed: an answer given while people
    are still checking in would sit right after its person's check-in in the database's own
    order (row ids, PostgreSQL's transaction ids) and could be lined up with it."""
    closes = policy_of(activity).checkin_window()[1]
    return closes is not None and timezone.now() > closes


def phase_of(activity: Activity, registration: Registration | None, survey: Survey | None) -> Phase:
    now = timezone.now()
    if registration is None:
        about_survey = _survey_phase(survey, None)
        # An open survey that needs no ticket is for anyone; the rest needs a registration.
        button = (
            about_survey.button if about_survey and about_survey.button == OPEN_SURVEY else None
        )
        return Phase(button, str(REASONS["not_registered"]), "")
    status = registration.status
    if status in (Registration.Status.WAITING, Registration.Status.CANCELLED):
        return Phase(None, str(REASONS[status]), "")
    attended = clock(registration.checked_in_at) if registration.checked_in_at else ""
    if status in CAN_CHECK_IN and in_checkin_window(activity, now):
        return Phase(CHECK_IN, "", "")
    about_survey = _survey_phase(survey, registration)
    if about_survey is not None:
        return Phase(about_survey.button, about_survey.note, attended)
    if status == Registration.Status.ATTENDED:
        return Phase(None, "", attended)
    return Phase(None, str(REASONS["outside_window"]), "")


def _page(request, policy: RegistrationPolicy, *, error: DomainError | None = None):
    activity = policy.activity
    registration = _registration(request.user, activity)
    survey = _survey(activity)
    context = {
        "activity": activity,
        "registration": registration,
        "survey": survey,
        "phase": phase_of(activity, registration, survey),
        "nonce": uuid.uuid4(),
        "error": error.message if error else None,
        "register_open": policy.is_open,
    }
    return render(request, "participants/gate.html", context, status=error.status if error else 200)


def gate(request, code: str):
    policy = get_object_or_404(
        RegistrationPolicy.objects.select_related("activity__program"), activity_code=code
    )
    if request.method != "POST":
        return quiet(request, _page(request, policy))
    action = request.POST.get("action")
    if action == CHECK_IN:
        return quiet(request, _check_in(request, policy))
    if action == GET_TICKET:
        return quiet(request, _open_survey(request, policy))
    return quiet(request, _page(request, policy, error=DomainError("gate_unknown_action")))


def _check_in(request, policy: RegistrationPolicy):
    activity = policy.activity
    try:
        nonce = uuid.UUID(request.POST.get("nonce", ""))
    except ValueError:
        nonce = None  # a fresh one: without the page's nonce a double tap is two scans
    try:
        result = checkin_self(user=request.user, activity=activity, nonce=nonce)
    except DomainError as exc:
        return _page(request, policy, error=exc)
    survey = _survey(activity)
    return render(
        request,
        "participants/gate_result.html",
        {"activity": activity, "result": result, "survey": survey,
         "next": phase_of(activity, result.registration, survey) if result.registration else None},
    )  # fmt: skip


def _open_survey(request, policy: RegistrationPolicy):
    survey = _survey(policy.activity)
    if survey is None:
        return _page(request, policy, error=DomainError("not_found"))
    to_survey = redirect("surveys:respond", token=survey.token)
    if not survey.attendees_only:
        return to_survey
    if not tickets_open(policy.activity):
        return _page(request, policy, error=DomainError("survey_after_checkin"))
    try:
        ticket = survey_ticket_issue(user=request.user, survey=survey)
    except DomainError as exc:
        if exc.code == "survey_ticket_issued_elsewhere":
            # Most often a second tap: the first one's answer gave this phone the ticket.
            return to_survey
        return _page(request, policy, error=exc)
    give_ticket(request, to_survey, survey, ticket)
    return to_survey
