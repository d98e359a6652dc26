"""Writes of follow-up surveys: set one up, send what is due, take an answer, draft a
knowledge item from it. Keyword-only arguments, permission first, one transaction, an
audit row (docs/architecture.md)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cophub.accounts.models import User
from cophub.core.audit import audit_record, diff, snapshot
from cophub.core.errors import DomainError
from cophub.core.thai import thai_date, thai_digits
from cophub.followups import tokens
from cophub.followups.models import Answer, Applied, FollowUp, Invitation, Message
from cophub.knowledge.models import CommunityActivity, KnowledgeItem
from cophub.knowledge.permissions import can_post
from cophub.knowledge.services import ItemData, item_create
from cophub.outbox.services import message_queue
from cophub.programs.models import Activity, Registration
from cophub.programs.permissions import require_edit_program

MAX_TEXT = 2000
MAX_REMINDERS = 5
FIELDS = ["delay_days", "reminder_days", "open_days"]


def _check_settings(*, delay_days: int, reminder_days: list[int], open_days: int) -> list[int]:
    if not 0 <= delay_days <= 730 or not 1 <= open_days <= 365:
        raise DomainError("followup_bad_reminders")
    if len(reminder_days) > MAX_REMINDERS or any(
        not isinstance(d, int) or not 1 <= d <= 365 for d in reminder_days
    ):
        raise DomainError("followup_bad_reminders")
    return sorted(set(reminder_days))


@transaction.atomic
def followup_create(
    *,
    actor: User,
    activity: Activity,
    delay_days: int,
    reminder_days: list[int],
    open_days: int,
) -> FollowUp:
    require_edit_program(actor, activity.program)
    if not (activity.end_date or activity.start_date):
        raise DomainError("followup_no_dates")
    reminders = _check_settings(
        delay_days=delay_days, reminder_days=reminder_days, open_days=open_days
    )
    if FollowUp.objects.filter(activity=activity).exists():
        raise DomainError("followup_exists")
    try:
        with transaction.atomic():
            followup = FollowUp.objects.create(
                activity=activity, delay_days=delay_days, reminder_days=reminders,
                open_days=open_days, created_by=actor,
            )  # fmt: skip
    except IntegrityError:  # set up a moment ago by someone else
        raise DomainError("followup_exists") from None
    audit_record(
        actor=actor, action="followup.created", instance=followup,
        changes={**snapshot(followup, FIELDS), "activity": activity.pk},
    )  # fmt: skip
    return followup


@transaction.atomic
def followup_update(
    *, actor: User, followup: FollowUp, delay_days: int, reminder_days: list[int], open_days: int
) -> FollowUp:
    require_edit_program(actor, followup.activity.program)
    reminders = _check_settings(
        delay_days=delay_days, reminder_days=reminder_days, open_days=open_days
    )
    before = snapshot(followup, FIELDS)
    followup.delay_days, followup.reminder_days, followup.open_days = (
        delay_days, reminders, open_days,
    )  # fmt: skip
    followup.save(update_fields=[*FIELDS, "updated_at"])
    audit_record(
        actor=actor, action="followup.updated", instance=followup,
        changes=diff(before, snapshot(followup, FIELDS)),
    )  # fmt: skip
    return followup


@transaction.atomic
def followup_close(*, actor: User, followup: FollowUp) -> FollowUp:
    """Stop taking answers and sending reminders now."""
    require_edit_program(actor, followup.activity.program)
    if followup.closed_at is None:
        followup.closed_at = timezone.now()
        followup.save(update_fields=["closed_at", "updated_at"])
        audit_record(actor=actor, action="followup.closed", instance=followup)
    return followup


# --- sending ---------------------------------------------------------------------------
def link_of(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse(
        "followups:followup_answer", args=[tokens.token_for(invitation.nonce)]
    )


def _recipient(invitation: Invitation) -> str:
    person = invitation.person
    if person.email:
        return person.email
    return person.user.email if person.user_id and person.user.email else ""


def _invite_missing(followup: FollowUp, now: dt.datetime) -> int:
    """An invitation for every attendee who has none (attended registrations: the
    participants rule). Conflicts mean another sender made it first. Returns how many
    this call made."""
    have = set(followup.invitations.values_list("person_id", flat=True))
    attended = (
        Registration.objects.filter(
            activity_id=followup.activity_id, status=Registration.Status.ATTENDED
        )
        .exclude(person_id__in=have)
        .select_related("person__user")
    )
    new = []
    for registration in attended:
        person = registration.person
        nonce = tokens.new_nonce()
        new.append(
            Invitation(
                followup=followup, person=person, organization_id=person.organization_id,
                nonce=nonce, token_digest=tokens.digest(tokens.token_for(nonce)), invited_at=now,
                email=bool(person.email or (person.user_id and person.user.email)),
            )
        )  # fmt: skip
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    # What this sender made, not what it tried: a conflict's row is another sender's,
    # and carries that sender's nonce.
    nonces = [invitation.nonce for invitation in new]
    return sum(
        followup.invitations.filter(nonce__in=nonces[start : start + 500]).count()
        for start in range(0, len(nonces), 500)
    )


def _due_kind(
    followup: FollowUp, invitation: Invitation, sent: set[str], today: dt.date
) -> str | None:
    """The one message this person should get now, if any: the invitation first, then the
    latest reminder that has come due (a worker that was down sends one, not a pile)."""
    if Message.INVITE not in sent:
        return Message.INVITE
    invited = timezone.localdate(invitation.invited_at)
    due = [
        f"reminder:{n}"
        for n, days in enumerate(followup.reminder_days, start=1)
        if invited + dt.timedelta(days=days) <= today
    ]
    if not due or due[-1] in sent:
        return None
    # A reminder whose moment passed while a later one is due is never sent.
    return due[-1]


def _mail(followup: FollowUp, invitation: Invitation, kind: str) -> tuple[str, str]:
    activity = followup.activity
    with translation.override("th"):
        facts = {
            "name": invitation.person.full_name,
            "activity": _("%(program)s · Activity no. %(number)s: %(title)s")
            % {
                "program": activity.program.title,
                "number": thai_digits(activity.number),
                "title": activity.title,
            },
            "closes": thai_date(followup.closes_on),
            "link": link_of(invitation),
        }
        if kind == Message.INVITE:
            subject = _("Follow-up: did you apply what you learned? %(activity)s") % facts
        else:
            subject = _("Reminder: follow-up of %(activity)s") % facts
        body = (
            _(
                "Dear %(name)s,\n\nSome time has passed since %(activity)s. Please tell us in "
                "four short questions whether you have applied what you learned, and how it "
                "went. Your link is personal: please do not pass it on.\n\n%(link)s\n\n"
                "The survey takes answers until %(closes)s."
            )
            % facts
        )
    return subject, body


def _send_for(followup: FollowUp, now: dt.datetime) -> dict[str, int]:
    today = timezone.localdate(now)
    counts = {"invited": _invite_missing(followup, now), "invites": 0, "reminders": 0}
    invitations = (
        followup.invitations.filter(answered_at__isnull=True, email=True)
        .select_related("person__user")
        .prefetch_related("messages")
    )
    for invitation in invitations:
        kind = _due_kind(followup, invitation, {m.kind for m in invitation.messages.all()}, today)
        to = _recipient(invitation)
        if kind is None or not to:
            continue
        try:
            # The row first: a second sender (another worker) waits on it, then finds it
            # taken and sends nothing.
            with transaction.atomic():
                message = Message.objects.create(invitation=invitation, kind=kind)
        except IntegrityError:
            continue
        subject, body = _mail(followup, invitation, kind)
        queued = message_queue(
            to=to, subject=subject, body=body, dedupe_key=f"followup:{invitation.pk}:{kind}"
        )
        Message.objects.filter(pk=message.pk).update(outbox_id=queued.pk)
        counts["invites" if kind == Message.INVITE else "reminders"] += 1
    return counts


def due_followups(today: dt.date) -> list[FollowUp]:
    open_ones = FollowUp.objects.filter(closed_at__isnull=True).select_related("activity__program")
    return [f for f in open_ones if f.is_open(today)]


def followup_send_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Invite the attendees of every follow-up that is due and remind those who have not
    answered; safe to run any number of times, by any number of workers at once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    total = {"invited": 0, "invites": 0, "reminders": 0}
    for followup in due_followups(today):
        with transaction.atomic():
            counts = _send_for(followup, now)
            if counts["invites"] or counts["reminders"] or counts["invited"]:
                audit_record(actor=None, action="followup.sent", instance=followup, changes=counts)
        for key, value in counts.items():
            total[key] += value
    return total


# --- answering ---------------------------------------------------------------------------
def invitation_for_token(token: str) -> Invitation:
    """The invitation of a personal link, or ``followup_link_invalid``."""
    if not tokens.well_formed(token):
        raise DomainError("followup_link_invalid")
    invitation = (
        Invitation.objects.filter(token_digest=tokens.digest(token))
        .select_related("followup__activity__program", "person")
        .first()
    )
    if invitation is None:
        raise DomainError("followup_link_invalid")
    return invitation


def check_answerable(invitation: Invitation, today: dt.date) -> None:
    if invitation.answered_at is not None:
        raise DomainError("followup_already_answered")
    if invitation.followup.is_closed(today):
        raise DomainError("followup_closed")
    if not invitation.followup.is_open(today):
        raise DomainError("followup_not_open")


@transaction.atomic
def answer_submit(
    *,
    token: str,
    applied: str,
    what_where: str = "",
    result: str = "",
    obstacles: str = "",
    today: dt.date | None = None,
) -> Answer:
    """Take a person's answer through their link; a link answers once."""
    found = invitation_for_token(token)
    # Locked, so two submissions at once with one link make one answer.
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    invitation.followup = found.followup
    check_answerable(invitation, today or timezone.localdate())
    if applied not in Applied.values:
        raise DomainError("followup_bad_answer")
    texts = [t.strip() for t in (what_where, result, obstacles)]
    if any(len(t) > MAX_TEXT for t in texts):
        raise DomainError("followup_text_too_long", {"limit": MAX_TEXT})
    try:
        with transaction.atomic():
            answer = Answer.objects.create(
                invitation=invitation, applied=applied,
                what_where=texts[0], result=texts[1], obstacles=texts[2],
            )  # fmt: skip
    except IntegrityError:
        raise DomainError("followup_already_answered") from None
    Invitation.objects.filter(pk=invitation.pk).update(answered_at=answer.answered_at)
    # The free text may name people: the audit row keeps only the choice.
    audit_record(
        actor=None, action="followup.answered", instance=answer, changes={"applied": applied}
    )
    return answer


def is_author(user, answer: Answer) -> bool:
    person = answer.invitation.person
    return bool(user and user.is_authenticated and user.is_active and person.user_id == user.pk)


DRAFT_KINDS = (KnowledgeItem.Kind.LESSON, KnowledgeItem.Kind.PRACTICE)


@transaction.atomic
def answer_draft_item(*, actor: User, answer: Answer, kind: str) -> KnowledgeItem:
    """One click by the answer's author: a draft lesson learned or best practice in the
    activity's community, linked to the activity and its host organisation."""
    answer = (
        Answer.objects.select_for_update()
        .select_related("invitation__person", "invitation__followup__activity")
        .get(pk=answer.pk)
    )
    if not is_author(actor, answer):
        raise DomainError("followup_not_author")
    if kind not in DRAFT_KINDS:
        raise DomainError("followup_bad_answer")
    if answer.knowledge_item_id is not None:
        raise DomainError("followup_draft_exists")
    activity = answer.invitation.followup.activity
    link = CommunityActivity.objects.filter(activity=activity).select_related("community").first()
    if link is None:
        raise DomainError("followup_no_community")
    if not can_post(actor, link.community):
        raise DomainError("followup_not_member", {"community": link.community.name})
    site = activity.sites.exclude(organization=None).select_related("organization").first()
    with translation.override("th"):
        sections = [
            (_("What I applied, and where"), answer.what_where),
            (_("The result"), answer.result),
            (_("What got in the way"), answer.obstacles),
        ]
        body = "\n\n".join(f"**{title}**\n\n{text}" for title, text in sections if text)
        title = _("Applying what was learned: %(activity)s") % {"activity": activity.title}
    item = item_create(
        actor=actor, community=link.community,
        data=ItemData(
            kind=kind, title=title[:300], body=body, status=KnowledgeItem.Status.DRAFT,
            activity=activity, host_organization=site.organization if site else None,
        ),
    )  # fmt: skip
    Answer.objects.filter(pk=answer.pk).update(knowledge_item=item)
    answer.knowledge_item = item
    audit_record(
        actor=actor,
        action="followup.drafted",
        instance=answer,
        changes={"item": item.pk, "kind": kind},
    )
    return item
