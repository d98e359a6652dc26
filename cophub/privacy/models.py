"""The privacy notice and its versions, consents, the log of reads of personal data, and
the breach register (PDPA B.E. 2562: s.23 notice, s.19 consent, s.37(4) breaches)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cophub.core.models import AuditLog
from cophub.orgs.models import Person
from cophub.privacy.purposes import CONSENT_CHOICES


class PrivacyNotice(models.Model):
    """One version of the privacy notice (ประกาศความเป็นส่วนตัว).

    A draft (``published_at`` empty) is edited; publishing gives it the next version number
    and freezes it, the table of purposes included (``purposes``), so an older version
    reads later exactly as people saw it. A change is a new draft, never an edit."""

    version = models.PositiveIntegerField(_("version"), null=True, blank=True, unique=True)
    title = models.CharField(_("notice title"), max_length=300)
    controller = models.TextField(
        _("data controller"), help_text=_("Who decides about the data: the agency, its address.")
    )
    body = models.TextField(
        _("notice text"),
        help_text=_(
            "What is collected and from where, who receives it, security, your rights. A blank line starts a new paragraph."
        ),
    )
    dpo_contact = models.TextField(_("data protection officer's contact"))
    effective_date = models.DateField(_("in force from"))
    # The table of purposes as it stood when published (purposes.PURPOSES, in Thai).
    purposes = models.JSONField(_("purposes"), default=list, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-version", "-pk"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self) -> str:
        return f"{self.title} ({self.version or '—'})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]


class Consent(models.Model):
    """A person's consent to one purpose whose basis is consent, with the notice they saw.

    Withdrawn consents stay (with ``withdrawn_at``): they are the proof of what was allowed
    when. At most one consent per person and purpose is in force."""

    class Source(models.TextChoices):
        REGISTRATION = "registration", _("When registering")
        PROFILE = "profile", _("On the profile page")
        ADMIN = "admin", _("Recorded by an administrator")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=CONSENT_CHOICES)
    notice = models.ForeignKey(
        PrivacyNotice, verbose_name=_("notice version"), on_delete=models.PROTECT,
        related_name="consents",
    )  # fmt: skip
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"], condition=Q(withdrawn_at__isnull=True),
                name="one_consent_in_force",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        # No name: this is what audit rows keep as the object (data minimisation).
        return f"{self.get_purpose_display()} · #{self.person_id}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


class PersonalDataRead(models.Model):
    """One read or export of personal data: who, when, what, and whose data.

    The audit row (``log``) is the trail; this row adds the people whose data was read,
    so an administrator finds every read of one person's data, or every read by one
    viewer, without searching JSON."""

    class Kind(models.TextChoices):
        ROSTER = "roster", _("Participant roster")
        LIST_XLSX = "list_xlsx", _("Participant list (XLSX)")
        SIGNIN_PDF = "signin_pdf", _("Sign-in sheet (PDF)")
        BADGES_PDF = "badges_pdf", _("Name badges (PDF)")
        PROGRAM_EXPORT = "program_export", _("Program document with contacts")
        SURVEY_EXPORT = "survey_export", _("Survey answers (CSV/XLSX)")
        ATTACHMENT = "attachment", _("Knowledge attachment")
        PERSON_EXPORT = "person_export", _("Everything held about a person")
        # Codes and names taken onto a check-in phone to work with no signal.
        DOOR_LIST = "door_list", _("Offline check-in list")
        # Each line a person's name with their own answering link: printed and handed out.
        FOLLOWUP_LINKS = "followup_links", _("Follow-up links and QR codes")

    log = models.OneToOneField(AuditLog, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("viewer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    exported = models.BooleanField(_("exported"), default=False)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    with_contacts = models.BooleanField(_("with contacts"), default=False)
    object_repr = models.CharField(_("read from"), max_length=300)
    count = models.PositiveIntegerField(_("number of people"), default=0)
    people = models.ManyToManyField(
        Person, verbose_name=_("whose data"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("read of personal data")
        verbose_name_plural = _("reads of personal data")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.viewer} {self.get_kind_display()}"


NOTIFY_WITHIN = timedelta(hours=72)


class Breach(models.Model):
    """One personal data breach, from discovery to notification (PDPA s.37(4)).

    The Office (สคส.) must be told within 72 hours of the agency becoming aware of the
    breach, unless it is unlikely to risk anyone's rights; when the risk is high the people
    affected must be told too, without delay."""

    class Risk(models.TextChoices):
        NONE = "none", _("Unlikely to risk anyone's rights (no notification)")
        RISK = "risk", _("Risk to people's rights (notify the Office)")
        HIGH = "high", _("High risk (notify the Office and the people affected)")

    class Status(models.TextChoices):
        OPEN = "open", _("Being handled")
        CONTAINED = "contained", _("Contained")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("what happened"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    found_at = models.DateTimeField(_("when it was found"))
    data_affected = models.TextField(_("which data"))
    people_affected = models.TextField(_("whose data"), blank=True)
    people_count = models.PositiveIntegerField(_("number of people affected"), default=0)
    risk = models.CharField(_("risk"), max_length=8, choices=Risk.choices, default=Risk.RISK)
    office_notified_at = models.DateTimeField(_("Office notified at"), null=True, blank=True)
    people_notified_at = models.DateTimeField(_("people notified at"), null=True, blank=True)
    actions = models.TextField(_("actions taken"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-found_at", "-pk"]
        verbose_name = _("personal data breach")
        verbose_name_plural = _("personal data breaches")

    def __str__(self) -> str:
        return self.title

    @property
    def notify_by(self) -> datetime:
        """The Office must have been told by then: 72 hours from when it was found."""
        return self.found_at + NOTIFY_WITHIN

    @property
    def office_must_be_notified(self) -> bool:
        return self.risk != self.Risk.NONE

    @property
    def people_must_be_notified(self) -> bool:
        return self.risk == self.Risk.HIGH
