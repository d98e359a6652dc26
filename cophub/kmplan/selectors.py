"""Reads of KM plans: the list, one plan with its parts, and its progress.

An indicator's actual comes from the dashboard's own computation
(``dashboard.selectors.activity_rows`` for the plan's fiscal year and organisation, its
units included, summed by ``figures_of``), so the plan, the dashboard and the programs'
pages can never disagree. Only ``manual`` indicators carry a typed actual.

``plan_progress`` runs a fixed number of queries whatever the number of indicators: the
plan, its indicators (with their areas), then the dashboard's fixed set for the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, QuerySet

from cophub.dashboard.figures import Figures
from cophub.dashboard.selectors import activity_rows, figures_of
from cophub.kmplan.models import (
    FISCAL_MONTHS,
    STEP_ORDER,
    Indicator,
    KmPlan,
    KnowledgeArea,
    PlannedActivity,
)

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
COMPARISON = "≥"  # every target is a least value to reach

# What each kind reads from the year's figures (a Decimal, or None when the data has none).
ACTUALS = {
    Indicator.Kind.ACTIVITIES: lambda f: Decimal(f.activities),
    Indicator.Kind.PARTICIPANTS: lambda f: Decimal(f.participants),
    Indicator.Kind.PEOPLE: lambda f: Decimal(f.people),
    Indicator.Kind.SATISFACTION_MEAN: lambda f: f.satisfaction_mean,
    Indicator.Kind.KNOWLEDGE_ITEMS: lambda f: Decimal(f.knowledge_items),
    Indicator.Kind.ADOPTION_RATE: lambda f: f.adoption_rate,
    Indicator.Kind.CERTIFICATES: lambda f: Decimal(f.certificates),
}

# The unit a kind is counted in, when the plan does not name one.
DEFAULT_UNITS = {
    Indicator.Kind.ACTIVITIES: "ครั้ง",
    Indicator.Kind.PARTICIPANTS: "คน",
    Indicator.Kind.PEOPLE: "คน",
    Indicator.Kind.SATISFACTION_MEAN: "คะแนน",
    Indicator.Kind.KNOWLEDGE_ITEMS: "เรื่อง",
    Indicator.Kind.ADOPTION_RATE: "ร้อยละ",
    Indicator.Kind.CERTIFICATES: "ฉบับ",
}


def unit_of(indicator: Indicator) -> str:
    return indicator.unit or DEFAULT_UNITS.get(indicator.kind, "")


def plan_list(*, organization_id: int | None = None, fiscal_year: int | None = None) -> QuerySet:
    """Plans (of one organisation, of one year), with their counts, in one query."""
    plans = KmPlan.objects.select_related("organization").annotate(
        n_areas=Count("areas", distinct=True), n_indicators=Count("indicators", distinct=True)
    )
    if organization_id is not None:
        plans = plans.filter(organization_id=organization_id)
    if fiscal_year is not None:
        plans = plans.filter(fiscal_year=fiscal_year)
    return plans.order_by("-fiscal_year", "organization__name", "pk")


def plan_years(*, organization_id: int | None = None) -> list[int]:
    plans = KmPlan.objects.all()
    if organization_id is not None:
        plans = plans.filter(organization_id=organization_id)
    return sorted(set(plans.values_list("fiscal_year", flat=True)), reverse=True)


def plan_get(*, plan_id: int) -> KmPlan:
    """Raises KmPlan.DoesNotExist."""
    return KmPlan.objects.select_related("organization").get(pk=plan_id)


def plan_detail(*, plan_id: int) -> KmPlan:
    """The plan with its areas, each area's planned activities (responsible users and
    programs joined) in KM-process order; four queries. Raises KmPlan.DoesNotExist."""
    activities = PlannedActivity.objects.select_related("responsible", "program")
    plan = (
        KmPlan.objects.select_related("organization")
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=KnowledgeArea.objects.prefetch_related(
                    Prefetch("activities", queryset=activities)
                ),
            )
        )
        .get(pk=plan_id)
    )
    for area in plan.areas.all():
        area.planned = sorted(area.activities.all(), key=lambda a: (STEP_ORDER[a.step], a.pk))
        for planned in area.planned:
            chosen = set(planned.months or [])
            planned.grid = [m in chosen for m in FISCAL_MONTHS]  # the page's month columns
    return plan


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: Indicator
    actual: Decimal | None  # None: the data holds no figure yet (no answers, no follow-up)
    target: Decimal
    unit: str
    computed: bool

    @property
    def achieved(self) -> bool:
        return self.actual is not None and self.actual >= self.target

    @property
    def places(self) -> int | None:
        """Decimal places shown: a mean keeps two (๔.๐๐); counts and rates drop zeros."""
        return 2 if self.indicator.kind == Indicator.Kind.SATISFACTION_MEAN else None

    @property
    def percent(self) -> Decimal | None:
        """Actual as a percent of target (2 places, half up); None without an actual or a
        target of zero. Not capped: 120 % says the plan was beaten."""
        if self.actual is None or not self.target:
            return None
        return (self.actual * HUNDRED / self.target).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def bar(self) -> int:
        """The progress bar's width, 0–100."""
        return 0 if self.percent is None else int(min(self.percent, HUNDRED))


@dataclass
class Progress:
    plan: KmPlan
    figures: Figures
    indicators: list[IndicatorProgress]

    @property
    def achieved(self) -> int:
        return sum(1 for i in self.indicators if i.achieved)


def year_figures(plan: KmPlan) -> Figures:
    """The plan's year in the dashboard's figures: its organisation and its units."""
    rows = activity_rows(
        first=plan.fiscal_year, last=plan.fiscal_year, organization_id=plan.organization_id
    )
    return figures_of(rows)


def progress_of(plan: KmPlan, indicators: list[Indicator], figures: Figures) -> Progress:
    out = []
    for indicator in indicators:
        # A computed kind's actual comes from the data alone, whatever was typed.
        computed = indicator.computed
        actual = ACTUALS[indicator.kind](figures) if computed else indicator.manual_actual
        out.append(
            IndicatorProgress(
                indicator=indicator, actual=actual, target=indicator.target,
                unit=unit_of(indicator), computed=indicator.computed,
            )
        )  # fmt: skip
    return Progress(plan=plan, figures=figures, indicators=out)


def plan_progress(*, plan_id: int, plan: KmPlan | None = None) -> Progress:
    """Each indicator with its actual, target, achieved or not and percent of target.
    ``plan``: the plan already read (its page has it). Raises KmPlan.DoesNotExist."""
    plan = plan or plan_get(plan_id=plan_id)
    indicators = list(
        Indicator.objects.filter(plan_id=plan.pk).select_related("area").order_by("order", "pk")
    )
    return progress_of(plan, indicators, year_figures(plan))
