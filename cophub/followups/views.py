"""Follow-up pages: set-up and results for the program's team, the printable links, and
the public answer page reached by a personal link. Each view: check, call one service,
respond."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cophub.core.errors import DomainError
from cophub.core.ratelimit import allow, client_address
from cophub.core.views import asks_when_sent_from_another_site, form_error, raise_for
from cophub.followups import selectors, services
from cophub.followups.forms import AnswerForm, FollowUpForm
from cophub.followups.models import Answer
from cophub.followups.services import link_of
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read
from cophub.programs.models import Activity
from cophub.programs.permissions import can_edit_program, can_work_on_program

ANSWER_LIMIT = 30  # posts per address per minute: a room of people on one Wi-Fi, not a flood


def _activity(request, activity_id: int, *, edit: bool) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    allowed = can_edit_program if edit else can_work_on_program
    if not allowed(request.user, activity.program):
        raise PermissionDenied
    return activity


def setup(request, activity_id: int):
    activity = _activity(request, activity_id, edit=True)
    followup = selectors.followup_of(activity.pk)
    initial = (
        {
            "delay_days": followup.delay_days, "open_days": followup.open_days,
            "reminder_days": ", ".join(map(str, followup.reminder_days)),
        }
        if followup else None
    )  # fmt: skip
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            if followup is None:
                services.followup_create(actor=request.user, activity=activity, **values)
            else:
                services.followup_update(actor=request.user, followup=followup, **values)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Follow-up survey saved."))
            return redirect("followups:results", activity.pk)
    return render(
        request, "followups/setup.html", {"activity": activity, "followup": followup, "form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip


@require_POST
def close(request, activity_id: int):
    activity = _activity(request, activity_id, edit=True)
    followup = selectors.followup_of(activity.pk)
    if followup is None:
        raise Http404
    services.followup_close(actor=request.user, followup=followup)
    messages.success(request, _("The follow-up survey is closed."))
    return redirect("followups:results", activity.pk)


def results(request, activity_id: int):
    activity = _activity(request, activity_id, edit=False)
    followup = selectors.followup_of(activity.pk)
    if followup is None:
        if can_edit_program(request.user, activity.program):
            return redirect("followups:setup", activity.pk)
        raise Http404
    return render(
        request,
        "followups/results.html",
        {
            "activity": activity, "followup": followup,
            "results": selectors.followup_results(followup=followup),
            "may_edit": can_edit_program(request.user, activity.program),
            "today": timezone.localdate(),
        },
    )  # fmt: skip


def _qr(text: str) -> str:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=3, border=2, xmldecl=False)
    return mark_safe(out.getvalue().decode())  # noqa: S308 - segno's own SVG of our URL


@require_GET
@asks_when_sent_from_another_site
def printable(request, activity_id: int):
    """Links and QR codes on paper, for attendees without e-mail (``?all=1``: everyone
    who has not answered). Only for those who edit the program: each link answers."""
    activity = _activity(request, activity_id, edit=True)
    followup = selectors.followup_of(activity.pk)
    if followup is None:
        raise Http404
    everyone = request.GET.get("all") == "1"
    invitations = selectors.printable_invitations(followup=followup, everyone=everyone)
    rows = [(i, link_of(i), _qr(link_of(i))) for i in invitations]
    personal_data_read(
        viewer=request.user, kind=PersonalDataRead.Kind.FOLLOWUP_LINKS, instance=activity,
        people=[i.person_id for i in invitations], exported=True,
    )  # fmt: skip
    return render(
        request, "followups/printable.html",
        {"activity": activity, "followup": followup, "rows": rows, "everyone": everyone},
    )  # fmt: skip


# --- the public answer page --------------------------------------------------------------
def _refused(request, error: DomainError, invitation=None):
    return render(
        request, "followups/answer_refused.html",
        {"error": error, "invitation": invitation,
         "answer": getattr(invitation, "answer", None) if invitation else None},
        status=error.status,
    )  # fmt: skip


@login_not_required
@never_cache
def answer(request, token: str):
    try:
        invitation = services.invitation_for_token(token)
    except DomainError as exc:
        return _refused(request, exc)
    if invitation.answered_at is not None and request.GET.get("thanks") == "1":
        return render(
            request, "followups/answer_refused.html",
            {"thanks": True, "invitation": invitation, "answer": invitation.answer},
        )  # fmt: skip
    try:
        services.check_answerable(invitation, timezone.localdate())
    except DomainError as exc:
        return _refused(request, exc, invitation)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if not allow(f"followup:{client_address(request)}", limit=ANSWER_LIMIT, window=60):
            return _refused(request, DomainError("rate_limited"), invitation)
        if form.is_valid():
            try:
                services.answer_submit(token=token, **form.cleaned_data)
            except DomainError as exc:
                if exc.code in {"followup_already_answered", "followup_closed"}:
                    return _refused(request, exc, invitation)
                form_error(form, exc)
            else:
                return redirect(reverse("followups:followup_answer", args=[token]) + "?thanks=1")
    status = 400 if form.errors else 200
    return render(
        request, "followups/answer.html",
        {"form": form, "invitation": invitation, "activity": invitation.followup.activity},
        status=status,
    )  # fmt: skip


@require_POST
def draft(request, answer_id: int):
    """One click by the answer's author: a draft knowledge item from their answer."""
    answer = get_object_or_404(Answer.objects.select_related("invitation__person"), pk=answer_id)
    try:
        item = services.answer_draft_item(
            actor=request.user, answer=answer, kind=request.POST.get("kind", "lesson")
        )
    except DomainError as exc:
        raise_for(exc)
        if exc.code == "followup_not_author":
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return redirect("programs:activity", answer.invitation.followup.activity_id)
    messages.success(
        request,
        _("A draft knowledge item was made from your answer; edit it and publish it when ready."),
    )
    return redirect(item.get_absolute_url())
