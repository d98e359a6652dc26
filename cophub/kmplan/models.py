"""The KM plan (แผนการจัดการความรู้) of an organisation for a fiscal year: the knowledge it
needs (areas, with goals), what it plans for each step of the public-sector KM process
(who, which months, which program) and the indicators it reports on.

An indicator's actual value is never stored unless it is a ``manual`` one: every other
kind is computed from the data each time it is read (selectors.plan_progress).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cophub.core.thai import FISCAL_YEAR_START_MONTH
from cophub.orgs.models import Organization
from cophub.programs.models import FISCAL_YEAR_VALIDATORS, Program

# The months of a fiscal year in its own order, October first (calendar month numbers).
FISCAL_MONTHS = tuple((FISCAL_YEAR_START_MONTH - 1 + i) % 12 + 1 for i in range(12))


class KmPlan(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="km_plans",
    )  # fmt: skip
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=FISCAL_YEAR_VALIDATORS, db_index=True
    )
    title = models.CharField(_("title"), max_length=300)
    approved_by = models.CharField(_("approved by"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "organization__name"]
        verbose_name = _("KM plan")
        verbose_name_plural = _("KM plans")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year"], name="kmplan_one_per_organization_year"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("kmplan:detail", args=[self.pk])


class KnowledgeArea(models.Model):
    """A body of knowledge the organisation needs (องค์ความรู้ที่จำเป็น), with its goal."""

    plan = models.ForeignKey(KmPlan, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("knowledge area"), max_length=300)
    goal = models.TextField(_("goal"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("knowledge area")
        verbose_name_plural = _("knowledge areas")

    def __str__(self) -> str:
        return self.name


class Step(models.TextChoices):
    """The seven steps of the Thai public-sector KM process, in their order."""

    IDENTIFY = "identify", _("Knowledge identification")
    CREATE = "create", _("Knowledge creation and acquisition")
    ORGANIZE = "organize", _("Knowledge organisation")
    CODIFY = "codify", _("Knowledge codification and refinement")
    ACCESS = "access", _("Knowledge access")
    SHARE = "share", _("Knowledge sharing")
    LEARN = "learn", _("Learning")


STEP_ORDER = {value: i for i, value in enumerate(Step.values)}


class PlannedActivity(models.Model):
    """What is planned for one KM step of one knowledge area: who, in which months."""

    area = models.ForeignKey(KnowledgeArea, on_delete=models.CASCADE, related_name="activities")
    step = models.CharField(_("KM process step"), max_length=10, choices=Step.choices)
    description = models.TextField(_("planned activity"))
    # Calendar month numbers (10 = October); shown in fiscal order, October first.
    months = models.JSONField(_("months"), default=list, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible (user account)"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    # Someone without an account (or besides it), as the plan names them.
    responsible_name = models.CharField(_("responsible person"), max_length=200, blank=True)
    responsible_position = models.CharField(_("position"), max_length=200, blank=True)
    program = models.ForeignKey(
        Program, verbose_name=_("program"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["area", "pk"]
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def responsible_display(self) -> str:
        """The name the plan gives, else the account's, with the position in brackets."""
        user = self.responsible
        name = self.responsible_name or ((user.get_full_name() or user.username) if user else "")
        if self.responsible_position:
            return f"{name} ({self.responsible_position})" if name else self.responsible_position
        return name

    @property
    def fiscal_months(self) -> list[int]:
        chosen = set(self.months or [])
        return [m for m in FISCAL_MONTHS if m in chosen]


class Indicator(models.Model):
    class Kind(models.TextChoices):
        ACTIVITIES = "activities", _("CoP activities held")
        PARTICIPANTS = "participants", _("Participants")
        PEOPLE = "people", _("Distinct people who attended")
        SATISFACTION_MEAN = "satisfaction_mean", _("Mean satisfaction")
        KNOWLEDGE_ITEMS = "knowledge_items", _("Knowledge items published")
        ADOPTION_RATE = "adoption_rate", _("Adoption rate (percent)")
        CERTIFICATES = "certificates", _("Certificates issued")
        MANUAL = "manual", _("Other (actual typed in)")

    plan = models.ForeignKey(KmPlan, on_delete=models.CASCADE, related_name="indicators")
    area = models.ForeignKey(
        KnowledgeArea, verbose_name=_("knowledge area"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="indicators",
    )  # fmt: skip
    name = models.CharField(_("indicator"), max_length=300)
    kind = models.CharField(_("measured by"), max_length=20, choices=Kind.choices)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    # Only for kind=manual: every other kind's actual is computed, never typed.
    manual_actual = models.DecimalField(
        _("actual (typed)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def computed(self) -> bool:
        return self.kind != self.Kind.MANUAL
