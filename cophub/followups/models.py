"""Follow-up (adoption) surveys: did the people who attended an activity apply what
they learned? One follow-up per activity, one invitation per attendee, one answer per
invitation, and a row for every message sent so none is ever sent twice
(docs/followups.md)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cophub.orgs.models import Organization, Person
from cophub.programs.models import Activity

DEFAULT_DELAY_DAYS = 90
DEFAULT_REMINDER_DAYS = [14, 28]
DEFAULT_OPEN_DAYS = 60


def default_reminders() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


class FollowUp(models.Model):
    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="followup")
    delay_days = models.PositiveSmallIntegerField(
        _("days after the activity ends"), default=DEFAULT_DELAY_DAYS
    )
    # Days after the invitation; each a reminder to those who have not answered yet.
    reminder_days = models.JSONField(
        _("reminders (days after the invitation)"), default=default_reminders
    )
    open_days = models.PositiveSmallIntegerField(
        _("days it stays open after it is sent"), default=DEFAULT_OPEN_DAYS
    )
    closed_at = models.DateTimeField(_("closed early"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("follow-up survey")
        verbose_name_plural = _("follow-up surveys")

    def __str__(self) -> str:
        return f"{self.activity}"

    @property
    def sends_on(self) -> dt.date | None:
        end = self.activity.end_date or self.activity.start_date
        return end + dt.timedelta(days=self.delay_days) if end else None

    @property
    def closes_on(self) -> dt.date | None:
        """The last day it takes answers."""
        sends = self.sends_on
        return sends + dt.timedelta(days=self.open_days) if sends else None

    def is_open(self, today: dt.date) -> bool:
        sends, closes = self.sends_on, self.closes_on
        return bool(sends and self.closed_at is None and sends <= today <= closes)

    def is_closed(self, today: dt.date) -> bool:
        closes = self.closes_on
        return self.closed_at is not None or bool(closes and today > closes)


class Invitation(models.Model):
    """One attendee's place in a follow-up, with the hash of their personal link's token.

    The organisation is kept as it was when invited, so the figures by organisation stay
    right when the person moves or is erased."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="followup_invitations"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The token is derived from this with the secret key (tokens.py); the database
    # alone gives no working link. Emptied by an erasure.
    nonce = models.CharField(max_length=64, blank=True)
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    email = models.BooleanField(_("sent by e-mail"), default=False)
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["followup", "pk"]
        verbose_name = _("follow-up invitation")
        verbose_name_plural = _("follow-up invitations")
        constraints = [
            models.UniqueConstraint(fields=["followup", "person"], name="one_invitation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.followup}"


class Message(models.Model):
    """A message sent to an invitation's person: its row exists before the mail is queued,
    and the unique (invitation, kind) makes a second sender find it there."""

    INVITE = "invite"

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20)  # "invite", "reminder:1", "reminder:2" …
    outbox_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["invitation", "pk"]
        verbose_name = _("follow-up message")
        verbose_name_plural = _("follow-up messages")
        constraints = [
            models.UniqueConstraint(fields=["invitation", "kind"], name="one_message_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id}:{self.kind}"


class Applied(models.TextChoices):
    YES = "yes", _("Applied (ได้นำไปใช้แล้ว)")
    PARTLY = "partly", _("Partly (บางส่วน)")
    NO = "no", _("Not yet (ยังไม่ได้)")


APPLIED_VALUES = (Applied.YES, Applied.PARTLY)


class Answer(models.Model):
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="answer")
    applied = models.CharField(
        _("did you apply what you learned?"), max_length=8, choices=Applied.choices
    )
    what_where = models.TextField(_("what did you apply, and where?"), blank=True)
    result = models.TextField(_("what was the result?"), blank=True)
    obstacles = models.TextField(_("what got in the way?"), blank=True)
    answered_at = models.DateTimeField(auto_now_add=True)
    # The knowledge item draft its author made from it (one per answer).
    knowledge_item = models.ForeignKey(
        "knowledge.KnowledgeItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up answer")
        verbose_name_plural = _("follow-up answers")

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.applied}"

    @property
    def text(self) -> str:
        return "\n".join(t for t in (self.what_where, self.result, self.obstacles) if t)
