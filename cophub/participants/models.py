"""Who may register for an activity, who nominates, and every check-in scan.

The registration itself (``programs.Registration``) lives with the activity it belongs to;
this app owns the rules around it and the path from invitation to attendance.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cophub.orgs.models import Organization
from cophub.programs.models import Activity, Registration


def new_activity_code() -> str:
    return secrets.token_urlsafe(12)


class RegistrationPolicy(models.Model):
    """An activity's registration rules. An activity without one has registration closed."""

    class Who(models.TextChoices):
        ANY_STAFF = "any", _("Any logged-in staff member")
        TARGET_ORGANIZATIONS = "target", _("Staff of the target organisations only")
        NOMINATION = "nomination", _("Only by nomination")

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="registration_policy"
    )
    is_open = models.BooleanField(_("registration open"), default=False)
    opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    who = models.CharField(
        _("who may register"), max_length=12, choices=Who.choices, default=Who.ANY_STAFF
    )
    target_organizations = models.ManyToManyField(
        Organization, verbose_name=_("target organisations"), blank=True, related_name="+"
    )
    checkin_opens_at = models.DateTimeField(_("check-in opens"), null=True, blank=True)
    checkin_closes_at = models.DateTimeField(_("check-in closes"), null=True, blank=True)
    # The activity's own QR (projector, bus door): a participant scans it to check in.
    activity_code = models.CharField(max_length=32, unique=True, default=new_activity_code)

    class Meta:
        verbose_name = _("registration policy")
        verbose_name_plural = _("registration policies")

    def __str__(self) -> str:
        return str(self.activity)

    def checkin_window(self) -> tuple[datetime | None, datetime | None]:
        """The set window, else from two hours before the first day to the end of the last."""
        opens, closes = self.checkin_opens_at, self.checkin_closes_at
        a = self.activity
        if opens is None and a.start_date:
            opens = timezone.make_aware(datetime.combine(a.start_date, time.min)) - timedelta(
                hours=2
            )
        if closes is None and (a.end_date or a.start_date):
            closes = timezone.make_aware(datetime.combine(a.end_date or a.start_date, time.max))
        return opens, closes


class Quota(models.Model):
    """At most ``seats`` places for the staff of one organisation (its units included)."""

    policy = models.ForeignKey(RegistrationPolicy, on_delete=models.CASCADE, related_name="quotas")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["policy", "organization"], name="one_quota_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.seats}"


class Coordinator(models.Model):
    """A user who nominates the staff of one organisation (a role per organisation)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_roles"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_coordinator_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"


class CheckIn(models.Model):
    """One scan at the door, accepted or refused, kept with its reason.

    ``nonce`` is made by the client: a retry or a parallel duplicate of one scan finds this
    row and gets the same answer, so one scan is one check-in however often it is sent.
    """

    class Status(models.TextChoices):
        OK = "ok", _("Checked in")
        ALREADY = "already", _("Already checked in")
        REFUSED = "refused", _("Refused")

    class Method(models.TextChoices):
        SCAN = "scan", _("Scanned by staff")
        SEARCH = "search", _("Found by name")
        SELF = "self", _("Scanned the activity QR")
        SHEET = "sheet", _("Entered from the sign-in sheet")

    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="checkins"
    )
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="checkins"
    )
    nonce = models.UUIDField(unique=True, default=uuid.uuid4)
    code = models.CharField(max_length=64, blank=True)  # what was scanned, for refused scans
    status = models.CharField(max_length=8, choices=Status.choices)
    reason = models.CharField(max_length=20, blank=True)
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.SCAN)
    scanned_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    late = models.BooleanField(default=False)  # uploaded well after the scan (offline device)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [models.Index(fields=["activity", "-received_at"], name="checkin_recent")]

    def __str__(self) -> str:
        from cophub.core.thai import screen_digit_system, screen_digits, thai_date

        local = timezone.localtime(self.scanned_at)
        day = thai_date(local, style="short", digits=screen_digit_system())
        when = f"{day} {screen_digits(f'{local:%H:%M}')}"
        return f"{self.get_status_display()} {self.code[:8]}… {when}"
