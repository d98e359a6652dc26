"""Reads for surveys: the questions respondents answer now and the survey the submission
path remembers (both kept per process, bounded), results from the running tallies, and
the satisfaction an activity shows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from cophub.programs.models import (
    Activity,
    Program,
    ProgramMember,
    Registration,
    SatisfactionLevel,
)
from cophub.surveys import stats, tallies
from cophub.surveys.answers import LIKERT_LABELS
from cophub.surveys.memory import Remembered
from cophub.surveys.models import (
    Question,
    Response,
    ScoringPolicy,
    Survey,
    SurveyTemplate,
    SurveyVersion,
)
from cophub.surveys.permissions import can_see_results
from cophub.surveys.tallies import RESPONSES

# Questions of (survey token, version id, revision): immutable, so every process may keep
# them as long as it likes. The token is random per survey, so a recycled row id can never
# pick up another survey's questions.
_QUESTIONS: Remembered[tuple[str, int, int], list[Question]] = Remembered(size=512)
# Surveys as the submission path last read them, for a few seconds: the insert checks
# them again (hotpath.insert_response), so a stale one is never trusted.
SUBMISSION_SURVEY_SECONDS = 5.0
_SUBMISSION_SURVEYS: Remembered[str, Survey] = Remembered(
    size=1000, seconds=SUBMISSION_SURVEY_SECONDS
)


def current_questions(survey: Survey) -> tuple[SurveyVersion, list[Question]]:
    """The version respondents answer now and its questions, kept per process."""
    key = (survey.token, survey.current_version_id, survey.questions_revision)
    questions = _QUESTIONS.get(key)
    if questions is None:
        questions = list(
            Question.objects.filter(version_id=survey.current_version_id).select_related("version")
        )
        _QUESTIONS.put(key, questions)
    return questions[0].version, questions


def submission_survey(token: str) -> Survey | None:
    """The survey with this token, remembered for a few seconds per server process."""
    survey = _SUBMISSION_SURVEYS.get(token)
    if survey is None:
        survey = Survey.objects.filter(token=token).first()
        if survey is not None:
            _SUBMISSION_SURVEYS.put(token, survey)
    return survey


def fresh_submission_survey(survey: Survey) -> Survey:
    """``survey`` read again, and the remembered copy dropped (a copy may be shared by
    other requests of this process, so it is replaced, never refreshed in place)."""
    _SUBMISSION_SURVEYS.forget(survey.token)
    return Survey.objects.get(pk=survey.pk)


def device_answers(*, survey: Survey, respondent: uuid.UUID | None) -> dict:
    """The answers this device gave before (shown again so it can correct them), or none."""
    if respondent is None:
        return {}
    earlier = (
        Response.objects.filter(survey=survey, respondent=respondent)
        .values_list("answers", flat=True)
        .first()
    )
    return earlier or {}


def gate_code_of(activity: Activity) -> str | None:
    """The code of the activity's gate (its own QR: check in, then the survey), through
    the reverse relation's name, as surveys may not import the participants app."""
    return (
        Activity.objects.filter(pk=activity.pk)
        .values_list("registration_policy__activity_code", flat=True)
        .first()
    )


def forget_all() -> None:
    """Drop every per-process memory of surveys and questions (tests start clean)."""
    _SUBMISSION_SURVEYS.clear()
    _QUESTIONS.clear()


@dataclass
class ItemResult:
    code: str
    text: str
    section: str
    kind: str
    rating: stats.Rating | None = None  # Likert items
    choices: list[tuple[str, str, int, float]] = field(default_factory=list)  # value, label, n, %


# Below this many answers an attendees-only survey shows no breakdown (nor comments,
# satisfaction or export): with two or three, each answer could be told apart.
MIN_RESPONDENTS = 5
# Why ``response_rate`` is None.
NO_PARTICIPANTS = "no_participants"
MORE_ANSWERS = "more_answers_than_participants"


@dataclass
class Results:
    survey: Survey
    responses: int
    participants: int | None  # attended registrations for an attendees-only survey
    response_rate: float | None  # percent, never over 100; None: see rate_reason
    levels: str
    percent: str
    criteria: list[tuple[str, str]]
    overall: stats.Rating
    items: list[ItemResult]
    top_words: list[tuple[str, int]]
    # Attendees-only: registrations that recorded having answered (the rate's numerator).
    answered: int | None = None
    rate_reason: str | None = None  # NO_PARTICIPANTS, MORE_ANSWERS, or None with a rate
    withheld: bool = False  # attendees-only with fewer than MIN_RESPONDENTS: no breakdown

    @property
    def scale(self) -> list[tuple[int, str]]:
        """The rating levels, 5 to 1, as the distribution bars colour them (the legend)."""
        return sorted(LIKERT_LABELS.items(), reverse=True)

    @property
    def rate_basis(self) -> str:
        return "answered_registrations" if self.survey.attendees_only else "responses"


def scoring_of(program_id: int) -> tuple[str, str]:
    policy = (
        ScoringPolicy.objects.filter(program_id=program_id).values_list("levels", "percent").first()
    )
    return policy or (ScoringPolicy.Levels.HALF, ScoringPolicy.Percent.MEAN)


def _questions_by_code(survey_ids: list[int]) -> dict[int, dict[str, Question]]:
    """Per survey, each code's newest wording (a code may span several versions)."""
    out: dict[int, dict[str, Question]] = {sid: {} for sid in survey_ids}
    questions = Question.objects.filter(version__survey_id__in=survey_ids).order_by(
        "version__number", "position"
    )
    for q in questions.select_related("version"):
        by_code = out[q.version.survey_id]
        by_code.pop(q.code, None)
        by_code[q.code] = q
    return out


def survey_results(*, survey: Survey, words: int = 30) -> Results:
    """Per item and overall statistics, from a few tally rows whatever the number of answers."""
    return surveys_results(surveys=[survey], words=words)[survey.pk]


def surveys_results(*, surveys: list[Survey], words: int = 30) -> dict[int, Results]:
    """``survey_results`` for many surveys in a fixed number of queries, however many
    surveys, questions or answers. Each survey's ``activity`` should be loaded (with
    ``n_registered``/``n_attended`` annotated, as program selectors do) by the caller."""
    ids = [s.pk for s in surveys]
    policies = dict(
        (program_id, (levels, percent))
        for program_id, levels, percent in ScoringPolicy.objects.filter(
            program_id__in={s.activity.program_id for s in surveys}
        ).values_list("program_id", "levels", "percent")
    )
    cells, waiting = tallies.read(ids)
    questions = _questions_by_code(ids)
    top = tallies.top_words_of(ids, words, waiting)
    attendance = _attendance([s.activity_id for s in surveys if s.attendees_only])
    return {
        s.pk: _results(
            s,
            cells.get(s.pk, {}),
            questions[s.pk],
            top.get(s.pk, []),
            policies.get(
                s.activity.program_id, (ScoringPolicy.Levels.HALF, ScoringPolicy.Percent.MEAN)
            ),
            attendance.get(s.activity_id, (0, 0)),
        )
        for s in surveys
    }


def _attendance(activity_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per activity: (attended registrations, those of them marked answered). One query,
    and none at all when no attendees-only survey is asked for."""
    if not activity_ids:
        return {}
    rows = (
        Registration.objects.filter(
            activity_id__in=activity_ids, status=Registration.Status.ATTENDED
        )
        .values("activity_id")
        .annotate(attended=Count("pk"), answered=Count("pk", filter=Q(survey_answered=True)))
        .order_by()
    )
    return {r["activity_id"]: (r["attended"], r["answered"]) for r in rows}


def _rate(survey, n_responses: int, attendance: tuple[int, int]):
    """(participants, answered, rate, reason). An attendees-only survey counts answered
    registrations among the attendees, so it is exact and at most 100 %; any other counts
    responses, and where they outnumber the known participants no rate is given."""
    if survey.attendees_only:
        attended, answered = attendance
        if not attended:
            return attended, answered, None, NO_PARTICIPANTS
        return attended, answered, 100 * answered / attended, None
    participants = survey.activity.participant_total
    if not participants:
        return participants, None, None, NO_PARTICIPANTS
    if n_responses > participants:
        return participants, None, None, MORE_ANSWERS
    return participants, None, 100 * n_responses / participants, None


def _results(survey, cells, questions, top_words, policy, attendance) -> Results:
    levels, percent = policy
    n_responses = cells.get(RESPONSES[0], {}).get(RESPONSES[1], 0)
    participants, answered, rate, reason = _rate(survey, n_responses, attendance)
    if survey.attendees_only and n_responses < MIN_RESPONDENTS:
        return Results(
            survey=survey, responses=n_responses, participants=participants,
            response_rate=rate, levels=levels, percent=percent,
            criteria=stats.level_ranges_text(levels), overall=stats.rating({}, levels=levels, percent=percent),
            items=[], top_words=[], answered=answered, rate_reason=reason, withheld=True,
        )  # fmt: skip
    items: list[ItemResult] = []
    likert_distributions = []
    for q in questions.values():
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
    return Results(
        survey=survey,
        responses=n_responses,
        participants=participants,
        response_rate=rate,
        levels=levels,
        percent=percent,
        criteria=stats.level_ranges_text(levels),
        overall=stats.rating(stats.pooled(likert_distributions), levels=levels, percent=percent),
        items=items,
        top_words=top_words,
        answered=answered,
        rate_reason=reason,
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
    rows = Survey.objects.filter(activity_id__in=ids).values_list(
        "pk", "activity_id", "attendees_only"
    )
    surveys, attendees_only = {}, set()
    for survey_id, activity_id, only in rows:
        surveys[survey_id] = activity_id
        if only:
            attendees_only.add(survey_id)
    likert_codes = set(
        Question.objects.filter(
            version__survey_id__in=surveys, kind=Question.Kind.LIKERT
        ).values_list("version__survey_id", "code")
    )
    cells, _ = tallies.read(surveys)
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
        if survey_id in attendees_only and n < MIN_RESPONDENTS:
            n = 0  # too few to show: the recorded summary, if any, stands in
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


def activity_page_facts(user, activity: Activity) -> dict:
    """What the activity page needs from surveys: may this user see the results, is there one."""
    return {
        "can_see_results": can_see_results(user, activity),
        "has_survey": Survey.objects.filter(activity=activity).exists(),
    }


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
    # When answered: an answer kept on an offline phone was made before it arrived.
    newest = (
        Response.objects.filter(survey=survey)
        .order_by("-id")
        .values_list("answers", Coalesce("made_at", "submitted_at"))
    )
    for answers, submitted_at in newest.iterator(chunk_size=500):
        for code, question in texts.items():
            if answers.get(code):
                comments.append(Comment(question, answers[code], submitted_at))
        if len(comments) >= limit:
            break
    return comments[:limit]


# --- the editor ---------------------------------------------------------------------------


def own_organization(user) -> int | None:
    """The organisation of the user's own person record, if any."""
    person = getattr(user, "person", None)  # a missing one-to-one raises AttributeError
    return person.organization_id if person else None


def template_organizations(user, program: Program) -> set[int]:
    """Whose templates may start a survey of ``program``: the program's organisation's
    and the user's own."""
    return {o for o in (program.organization_id, own_organization(user)) if o}


def survey_templates_for(user, activity: Activity) -> list[SurveyTemplate]:
    return list(
        SurveyTemplate.objects.filter(
            organization_id__in=template_organizations(user, activity.program)
        ).select_related("organization")
    )


COPY_SOURCES = 50


def copy_sources_for(user, activity: Activity) -> list[Activity]:
    """Earlier activities whose survey the user may copy: of programs they may edit, the
    newest first (at most COPY_SOURCES)."""
    activities = (
        Activity.objects.filter(survey__isnull=False)
        .exclude(pk=activity.pk)
        .select_related("program")
        .order_by("-start_date", "-pk")
    )
    if not (user.is_authenticated and user.is_active):
        return []
    if not user.is_system_admin:
        # The rule of programs.permissions.can_edit_program, as one query.
        editable = Q(program__team__user=user, program__team__role=ProgramMember.Role.CO_ORGANISER)
        if user.is_organiser:
            editable |= Q(program__owner=user)
        activities = activities.filter(editable).distinct()
    return list(activities[:COPY_SOURCES])


def editor_questions(survey: Survey) -> list[Question]:
    """The questions respondents get now, in order, for the editor and its preview."""
    return list(Question.objects.filter(version_id=survey.current_version_id).order_by("position"))


def served_elsewhere(request) -> bool:
    """Is this page served from another address than SITE_URL? Then the QR code and the
    link on it send phones somewhere else than this browser went."""
    site = urlsplit(settings.SITE_URL)
    return (site.scheme, site.netloc.lower()) != (request.scheme, request.get_host().lower())


@dataclass(frozen=True)
class MinuteCount:
    minute: object  # an aware datetime in the site's time zone, at the minute
    n: int
    share: float  # percent of the busiest minute, for the bar


def responses_by_minute(*, survey: Survey) -> list[MinuteCount]:
    """How many responses were submitted in each minute that had any, oldest first, in
    one query: a flood shows as a few minutes far above the rest."""
    from django.db.models.functions import TruncMinute
    from django.utils import timezone

    rows = list(
        Response.objects.filter(survey_id=survey.pk)
        .annotate(minute=TruncMinute("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("minute")
        .annotate(n=Count("pk"))
        .order_by("minute")
        .values_list("minute", "n")
    )
    busiest = max((n for _minute, n in rows), default=0) or 1
    return [MinuteCount(timezone.localtime(m), n, 100 * n / busiest) for m, n in rows]


def responses_in_range(*, survey: Survey, first, after) -> int:
    """Responses submitted in [first, after): what a removal of that range would take."""
    return Response.objects.filter(
        survey_id=survey.pk, submitted_at__gte=first, submitted_at__lt=after
    ).count()
