"""The survey figures of many activities at once: responses and the rating items' answers
1…5, summed per survey by the database.

The same rule as ``surveys.tallies.read`` (the Tally rows and the answers not folded yet,
read in ONE statement so a fold that commits meanwhile is counted once), but summed in SQL:
10 years × 100 activities are 1,000 surveys × 9 rating items × their values, about 27,000
tally rows, which ``read`` returns one by one to Python; summed per survey and value they
are about 3,000. The answers not folded yet are few and are added in Python from their cells.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection

from cophub.surveys import tallies
from cophub.surveys.models import Question, Response, Survey, Tally

LIKERT = {"1", "2", "3", "4", "5"}
POOLED = "*"  # the statement's code for "every rating item of this survey, summed"


def _likert_codes(surveys) -> tuple[set[str], set[tuple[int, str]]]:
    """(codes that are a rating item in every survey that has them, (survey, code) of the
    rest). A code is nearly always one kind everywhere (the standard template's q1…q9);
    a code that is a rating item in one survey and not in another is read per survey (an
    empty list otherwise: Django sends no query for it)."""
    kinds = defaultdict(set)
    rows = (
        Question.objects.filter(version__survey__in=surveys)
        .values_list("code", "kind")
        .order_by()
        .distinct()
    )
    for code, kind in rows:
        kinds[code].add(kind)
    everywhere = {c for c, k in kinds.items() if k == {Question.Kind.LIKERT}}
    mixed = [c for c, k in kinds.items() if Question.Kind.LIKERT in k and len(k) > 1]
    per_survey = set(
        Question.objects.filter(
            version__survey__in=surveys, kind=Question.Kind.LIKERT, code__in=mixed
        ).values_list("version__survey_id", "code")
    )  # fmt: skip
    return everywhere, per_survey


def survey_figures(activities):
    """(responses, pooled answers 1…5 of the rating items, activities with a survey) per
    activity of the ``activities`` queryset, in three statements (a fourth only for mixed
    codes)."""
    surveys_qs = Survey.objects.filter(activity__in=activities.values("pk")).order_by()
    surveys = dict(surveys_qs.values_list("pk", "activity_id"))
    if not surveys:
        return {}, {}, set()
    everywhere, per_survey = _likert_codes(surveys_qs)
    mixed = sorted({c for _s, c in per_survey})
    sub_sql, sub_params = surveys_qs.values("pk").query.sql_with_params()
    pooled = sorted(everywhere)
    marks = lambda values: ", ".join(["%s"] * len(values))  # noqa: E731
    pooled_case = f"CASE WHEN code IN ({marks(pooled)}) THEN %s ELSE code END" if pooled else "code"
    wanted = [tallies.RESPONSES[0], *pooled, *mixed]
    sql = (
        f"SELECT survey_id, {pooled_case} AS c, value, SUM(count), NULL "  # noqa: S608 - fixed names, values as parameters
        f"FROM {Tally._meta.db_table} WHERE survey_id IN ({sub_sql}) AND code IN ({marks(wanted)}) "
        "GROUP BY survey_id, c, value "
        "UNION ALL "
        f"SELECT survey_id, NULL, NULL, NULL, cells FROM {Response._meta.db_table} "
        f"WHERE survey_id IN ({sub_sql}) AND NOT tallied"
    )
    params = [*([*pooled, POOLED] if pooled else []), *sub_params, *wanted, *sub_params]
    responses: dict[int, int] = defaultdict(int)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])

    def count(survey_id: int, code: str, value: str, n: int) -> None:
        if (code, value) == tallies.RESPONSES:
            responses[survey_id] += n
        elif value in LIKERT and (
            code == POOLED or code in everywhere or (survey_id, code) in per_survey
        ):
            counts[survey_id][int(value) - 1] += n

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for survey_id, code, value, n, cells in cursor.fetchall():
            if cells is None:
                count(survey_id, code, value, int(n))
            else:
                for (c, v), k in tallies.from_json(cells).items():
                    count(survey_id, c, v, k)
    by_activity_responses = {a: responses.get(s, 0) for s, a in surveys.items()}
    by_activity_likert = {a: tuple(counts[s]) if s in counts else (0, 0, 0, 0, 0)
                          for s, a in surveys.items()}  # fmt: skip
    return by_activity_responses, by_activity_likert, set(surveys.values())
