"""The dashboard's figures as data: one activity's (``ActivityRow``), a group's sums
(``Figures``, whose rates and mean are computed here once for the page, the API, the
exports and the KM plan's actuals), and the shapes the selectors return."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from cophub.surveys import stats

CENT = Decimal("0.01")


def _two(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ActivityRow:
    """One activity with its own figures: the unit every group sums."""

    id: int
    number: int
    title: str
    program_id: int
    program_title: str
    fiscal_year: int
    organization_id: int | None
    province_id: int | None  # the activity's first site's province
    participants: int  # the rule; 0 when nothing is known
    responses: int = 0
    has_survey: bool = False
    likert: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)  # answers 1…5, every item pooled
    knowledge_items: int = 0
    adoption_answered: int = 0
    adoption_applied: int = 0
    certificates: int = 0


@dataclass
class Figures:
    """A group's figures: sums of its activities' (people: distinct attendees)."""

    activities: int = 0
    participants: int = 0
    people: int = 0
    responses: int = 0
    surveyed_participants: int = 0  # participants of activities with a survey (rate's base)
    likert: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])
    knowledge_items: int = 0
    adoption_answered: int = 0
    adoption_applied: int = 0
    certificates: int = 0

    def add(self, a: ActivityRow) -> None:
        self.activities += 1
        self.participants += a.participants
        self.responses += a.responses
        if a.has_survey:
            self.surveyed_participants += a.participants
        for i, n in enumerate(a.likert):
            self.likert[i] += n
        self.knowledge_items += a.knowledge_items
        self.adoption_answered += a.adoption_answered
        self.adoption_applied += a.adoption_applied
        self.certificates += a.certificates

    def merge(self, other: Figures) -> None:
        """Add another group's sums (not its people: distinct people do not add up)."""
        self.activities += other.activities
        self.participants += other.participants
        self.responses += other.responses
        self.surveyed_participants += other.surveyed_participants
        self.likert = [a + b for a, b in zip(self.likert, other.likert, strict=True)]
        self.knowledge_items += other.knowledge_items
        self.adoption_answered += other.adoption_answered
        self.adoption_applied += other.adoption_applied
        self.certificates += other.certificates

    @property
    def rating(self) -> stats.Rating:
        return stats.rating({k: self.likert[k - 1] for k in range(1, 6)})

    @property
    def satisfaction_mean(self) -> Decimal | None:
        mean = self.rating.mean
        return None if mean is None else stats.round2(mean)

    @property
    def satisfaction_level(self) -> str | None:
        level = self.rating.level
        return None if level is None else str(level.label)

    @property
    def response_rate(self) -> Decimal | None:
        """Responses per participant of the surveyed activities, percent; None without
        participants, and never over 100 (open surveys may outnumber known participants)."""
        if not self.surveyed_participants:
            return None
        return _two(min(Decimal(100), Decimal(self.responses) * 100 / self.surveyed_participants))

    @property
    def adoption_rate(self) -> Decimal | None:
        """Follow-up answers that applied what was learned (fully or partly), percent."""
        if not self.adoption_answered:
            return None
        return _two(Decimal(self.adoption_applied) * 100 / self.adoption_answered)


@dataclass
class Group:
    key: object  # fiscal year, organisation id, province id or program id
    label: str
    figures: Figures


@dataclass
class Year:
    fiscal_year: int
    figures: Figures
    by_organization: list[Group]
    by_province: list[Group]
    by_scope: list[Group]
    programs: list[Group]


@dataclass
class Dashboard:
    first: int
    last: int
    organization_id: int | None
    years: list[Year]
    total: Figures
    provinces: list[Group]  # every province of the range (the map), participants summed
    certificates_known: bool
    adoption_known: bool
    scope: str | None = None
    province_codes: dict[int, str] = field(default_factory=dict)  # pk → code (the map)
    by_organization: list[Group] = field(default_factory=list)  # the whole range
    by_scope: list[Group] = field(default_factory=list)
