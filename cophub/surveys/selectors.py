"""Reads for surveys: results from the running tallies, and the satisfaction an activity shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cophub.programs.models import Activity, SatisfactionLevel
from cophub.surveys import stats, tallies
from cophub.surveys.models import Question, Response, ScoringPolicy, Survey, Tally
from cophub.surveys.tallies import RESPONSES, WORD


@dataclass
class ItemResult:
    code: str
    text: str
    section: str
    kind: str
    rating: stats.Rating | None = None  # Likert items
    choices: list[tuple[str, str, int, float]] = field(default_factory=list)  # value, label, n, %


@dataclass
class Results:
    survey: Survey
    responses: int
    participants: int | None
    response_rate: float | None
    levels: str
    percent: str
    criteria: list[tuple[str, str]]
    overall: stats.Rating
    items: list[ItemResult]
    top_words: list[tuple[str, int]]


def scoring_of(program_id: int) -> tuple[str, str]:
    policy = (
        ScoringPolicy.objects.filter(program_id=program_id).values_list("levels", "percent").first()
    )
    return policy or (ScoringPolicy.Levels.HALF, ScoringPolicy.Percent.MEAN)


def _questions_by_code(survey: Survey) -> dict[str, Question]:
    """Each code's newest wording (a code may span several versions)."""
    by_code: dict[str, Question] = {}
    for q in Question.objects.filter(version__survey=survey).order_by(
        "version__number", "position"
    ):
        by_code.pop(q.code, None)
        by_code[q.code] = q
    return by_code


def survey_results(*, survey: Survey, words: int = 30) -> Results:
    """Per item and overall statistics, from a few tally rows whatever the number of answers."""
    tallies.fold([survey.pk])
    activity = survey.activity
    levels, percent = scoring_of(activity.program_id)
    cells: dict[str, dict[str, int]] = {}
    for code, value, count in Tally.objects.filter(survey=survey).values_list(
        "code", "value", "count"
    ):
        cells.setdefault(code, {})[value] = count
    n_responses = cells.get(RESPONSES[0], {}).get(RESPONSES[1], 0)
    items: list[ItemResult] = []
    likert_distributions = []
    for q in _questions_by_code(survey).values():
        item = ItemResult(q.code, q.text, q.section, q.kind)
        counts = cells.get(q.code, {})
        if q.kind == Question.Kind.LIKERT:
            dist = {int(v): n for v, n in counts.items() if v in {"1", "2", "3", "4", "5"}}
            item.rating = stats.rating(dist, levels=levels, percent=percent)
            likert_distributions.append(item.rating.distribution)
        elif q.is_choice:
            answered = n_responses or 1
            item.choices = [
                (
                    str(o["value"]),
                    o["label"],
                    counts.get(str(o["value"]), 0),
                    100 * counts.get(str(o["value"]), 0) / answered,
                )
                for o in q.options
            ]
        else:
            continue  # free text: counted in the word list, listed on the comments page
        items.append(item)
    participants = activity.participant_total
    top = (
        Tally.objects.filter(survey=survey, code=WORD, count__gt=0)
        .order_by("-count", "value")
        .values_list("value", "count")[:words]
    )
    return Results(
        survey=survey,
        responses=n_responses,
        participants=participants,
        response_rate=(100 * n_responses / participants) if participants else None,
        levels=levels,
        percent=percent,
        criteria=stats.level_ranges_text(levels),
        overall=stats.rating(stats.pooled(likert_distributions), levels=levels, percent=percent),
        items=items,
        top_words=list(top),
    )


@dataclass(frozen=True)
class Satisfaction:
    """What a program or activity page shows: from responses when any, else the recorded summary."""

    level: str
    percent: Decimal | None
    method: str
    responses: int | None  # None when it is the recorded summary


def activity_satisfaction(activities: list[Activity]) -> dict[int, Satisfaction]:
    """Satisfaction for many activities in a fixed number of queries."""
    ids = [a.pk for a in activities]
    surveys = dict(Survey.objects.filter(activity_id__in=ids).values_list("pk", "activity_id"))
    tallies.fold(list(surveys))
    cells: dict[int, dict[str, dict[str, int]]] = {}
    likert_codes = set(
        Question.objects.filter(
            version__survey_id__in=surveys, kind=Question.Kind.LIKERT
        ).values_list("version__survey_id", "code")
    )
    for survey_id, code, value, count in (
        Tally.objects.filter(survey_id__in=surveys)
        .exclude(code=WORD)
        .values_list("survey_id", "code", "value", "count")
    ):
        cells.setdefault(survey_id, {}).setdefault(code, {})[value] = count
    policies = {
        program_id: (levels, percent)
        for program_id, levels, percent in ScoringPolicy.objects.filter(
            program_id__in={a.program_id for a in activities}
        ).values_list("program_id", "levels", "percent")
    }
    out: dict[int, Satisfaction] = {}
    by_activity = {activity_id: survey_id for survey_id, activity_id in surveys.items()}
    for a in activities:
        survey_id = by_activity.get(a.pk)
        survey_cells = cells.get(survey_id, {}) if survey_id else {}
        n = survey_cells.get(RESPONSES[0], {}).get(RESPONSES[1], 0)
        if n:
            dists = [
                {int(v): c for v, c in counts.items() if v in {"1", "2", "3", "4", "5"}}
                for code, counts in survey_cells.items()
                if (survey_id, code) in likert_codes
            ]
            levels, percent = policies.get(a.program_id, ("half", "mean"))
            r = stats.rating(stats.pooled(dists), levels=levels, percent=percent)
            if r.n:
                out[a.pk] = Satisfaction(
                    level=str(r.level.label),
                    percent=stats.round2(r.percent),
                    method="QR Code",
                    responses=n,
                )
                continue
        if a.has_recorded_satisfaction:
            out[a.pk] = Satisfaction(
                level=SatisfactionLevel(a.satisfaction_level).label if a.satisfaction_level else "",
                percent=a.satisfaction_percent,
                method=a.satisfaction_method,
                responses=None,
            )
    return out


@dataclass(frozen=True)
class Comment:
    question: str
    text: str
    submitted_at: object


def survey_comments(*, survey: Survey, limit: int = 100) -> list[Comment]:
    """The newest open-text answers (respondent-profile questions excluded), newest first."""
    texts = {
        q.code: q.text
        for q in Question.objects.filter(
            version__survey=survey,
            kind__in=[Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT],
            profile=False,
        )
    }
    comments: list[Comment] = []
    if not texts:
        return comments
    newest = (
        Response.objects.filter(survey=survey)
        .order_by("-id")
        .values_list("answers", "submitted_at")
    )
    for answers, submitted_at in newest.iterator(chunk_size=500):
        for code, question in texts.items():
            if answers.get(code):
                comments.append(Comment(question, answers[code], submitted_at))
        if len(comments) >= limit:
            break
    return comments[:limit]
