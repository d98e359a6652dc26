import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cophub.orgs.models import Person

DEADLINE = dt.timedelta(days=30)  # PDPA s. 30: a request is answered within 30 days


class DataRequest(models.Model):
    """A data subject's request (PDPA ss. 30–33): access (a copy) or erasure, with its
    30-day deadline and what was done. Its text never names the person: the request
    outlives the erasure it records."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Copy of my data")
        ERASURE = "erasure", _("Erasure")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Done")
        REFUSED = "refused", pgettext_lazy("data request", "Refused")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="data_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    due = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    outcome = models.TextField(pgettext_lazy("data request", "outcome"), blank=True)
    counts = models.JSONField(_("what was done"), default=dict, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("completed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        indexes = [models.Index(fields=["status", "due"], name="datarequest_open_due")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}"

    def overdue(self, now: dt.datetime) -> bool:
        return self.status == self.Status.PENDING and now > self.due


class RetentionRun(models.Model):
    """One pass of the retention job: when, and how many rows of each kind it purged."""

    ran_at = models.DateTimeField(_("ran"), auto_now_add=True, db_index=True)
    counts = models.JSONField(_("what was purged"), default=dict)

    class Meta:
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M}"
