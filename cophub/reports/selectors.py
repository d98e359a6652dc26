"""The report's facts, read once: a tree of dataclasses that every format writes out.

Nothing here formats text; `document.py` turns these facts into the Thai sentences
and tables, and the HTML, DOCX and PDF writers only lay those out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from cophub.core.thai import thai_sorted
from cophub.programs.models import Program, Registration
from cophub.programs.selectors import program_detail
from cophub.reports.hooks import adoption_of
from cophub.surveys import stats
from cophub.surveys.models import Survey
from cophub.surveys.selectors import (
    Results,
    Satisfaction,
    activity_satisfaction,
    scoring_of,
    surveys_results,
)


@dataclass(frozen=True)
class SiteFacts:
    name: str
    host: str
    location: str
    district: str
    province: str  # Thai name, "" when not recorded


@dataclass(frozen=True)
class ItemFacts:
    number: int
    text: str
    section: str
    rating: stats.Rating


@dataclass
class SurveyFacts:
    title: str
    responses: int
    response_rate: float | None  # percent of participants, never over 100
    overall: stats.Rating
    items: list[ItemFacts]
    top_words: list[tuple[str, int]]
    # Why there is no rate (surveys.selectors: NO_PARTICIPANTS, MORE_ANSWERS), and for an
    # attendees-only survey the registrations that recorded having answered.
    rate_reason: str | None = None
    attendees_only: bool = False
    answered: int | None = None
    participants: int | None = None  # the rate's denominator


@dataclass
class ActivityFacts:
    number: int
    kind: str
    kind_label: str
    title: str
    start_date: dt.date | None
    end_date: dt.date | None
    sites: list[SiteFacts]
    target_group: str
    target_project: str
    cohort: int | None
    participants: int | None  # attended registrations when any, else the recorded count
    participants_from: str
    registered: int
    satisfaction: Satisfaction | None  # from responses when any, else the recorded summary
    has_survey: bool
    survey: SurveyFacts | None  # statistics, when the survey has responses
    # Measured adoption from a follow-up survey (reports.hooks): invited, answered,
    # applied, rate; None when the activity has no follow-up.
    adoption: object | None = None


@dataclass
class Report:
    program_id: int
    title: str
    organization: str | None  # None: the owning organisation was deleted
    fiscal_year: int  # B.E.
    objectives: list[str]
    outcomes: list[str]
    activities: list[ActivityFacts]
    levels: str  # scoring policy: level ranges ("half" | "fifth")
    percent: str  # scoring policy: percentage ("mean" | "top2")
    criteria: list[tuple[str, str]]  # ("4.51–5.00", "มากที่สุด"), …
    by_organization: list[tuple[str | None, int]] = field(default_factory=list)
    top_words: list[tuple[str, int]] = field(default_factory=list)

    @property
    def participant_total(self) -> int:
        return sum(a.participants or 0 for a in self.activities)

    @property
    def has_adoption(self) -> bool:
        return any(a.adoption and a.adoption.invited for a in self.activities)

    @property
    def has_statistics(self) -> bool:
        return any(a.survey for a in self.activities)


def program_report(*, program_id: int, words: int = 15) -> Report:
    """Every fact the annual report states, for one program (raises Program.DoesNotExist)."""
    program = program_detail(program_id=program_id)
    # Sorted here: PostgreSQL returns the annotated (GROUP BY) prefetch in any order.
    activities = sorted(program.activities.all(), key=lambda a: a.number)
    satisfaction = activity_satisfaction(activities)
    adoption = adoption_of([a.pk for a in activities])
    surveys = {s.activity_id: s for s in Survey.objects.filter(activity__in=activities)}
    by_id = {a.pk: a for a in activities}
    for survey in surveys.values():
        survey.activity = by_id[survey.activity_id]  # already read, with its counts
    results = surveys_results(surveys=list(surveys.values()), words=words)
    levels, percent = scoring_of(program.pk)
    words_total: Counter[str] = Counter()
    facts = []
    for a in activities:
        survey = surveys.get(a.pk)
        survey_facts = None
        if survey is not None:
            survey_facts = _survey_facts(survey, results[survey.pk])
            if survey_facts is not None:
                words_total.update(dict(survey_facts.top_words))
        facts.append(
            ActivityFacts(
                number=a.number,
                kind=a.kind,
                kind_label=str(a.get_kind_display()),
                title=a.title,
                start_date=a.start_date,
                end_date=a.end_date,
                sites=[
                    SiteFacts(
                        name=s.name,
                        host=s.host_name,
                        location=s.location,
                        district=s.district,
                        province=s.province.name_th if s.province else "",
                    )
                    for s in a.sites.all()
                ],
                target_group=a.target_group,
                target_project=a.target_project,
                cohort=a.cohort,
                participants=a.participant_total,
                participants_from=a.participants_from,
                registered=a.n_registered,
                satisfaction=satisfaction.get(a.pk),
                has_survey=survey is not None,
                survey=survey_facts,
                adoption=adoption.get(a.pk),
            )
        )
    return Report(
        program_id=program.pk,
        title=program.title,
        organization=program.organization.name if program.organization else None,
        fiscal_year=program.fiscal_year,
        objectives=[o.text for o in program.objectives.all()],
        outcomes=[o.text for o in program.outcomes.all()],
        activities=facts,
        levels=levels,
        percent=percent,
        criteria=stats.level_ranges_text(levels),
        by_organization=_by_organization(program),
        top_words=sorted(words_total.items(), key=lambda kv: (-kv[1], kv[0]))[:words],
    )


def _survey_facts(survey: Survey, results: Results) -> SurveyFacts | None:
    if not results.responses or results.withheld:
        return None
    items = [
        ItemFacts(number=i, text=item.text, section=item.section, rating=item.rating)
        for i, item in enumerate((it for it in results.items if it.rating), start=1)
    ]
    return SurveyFacts(
        title=survey.title,
        responses=results.responses,
        response_rate=results.response_rate,
        overall=results.overall,
        items=items,
        top_words=results.top_words,
        rate_reason=results.rate_reason,
        attendees_only=survey.attendees_only,
        answered=results.answered,
        participants=results.participants,
    )


def _by_organization(program: Program) -> list[tuple[str | None, int]]:
    """Attended participants of the whole program per organisation, most first."""
    rows = (
        Registration.objects.filter(activity__program=program, status=Registration.Status.ATTENDED)
        .values("person__organization__name")
        .annotate(n=Count("pk"))
    )
    counted = [(row["person__organization__name"], row["n"]) for row in rows]
    counted = thai_sorted(counted, key=lambda row: row[0] or "")
    return sorted(counted, key=lambda row: -row[1])
