"""Tallies: how many answers chose each value, so results never read every response.

Each response carries its own cells (computed when it is submitted) and a ``tallied``
flag. ``fold`` moves the cells of untallied responses into the Tally table in one
transaction; every read of results folds first, so results are always exact, and a
submission stays a single INSERT with no counter rows to fight over.
"""

from __future__ import annotations

import json
from collections import Counter

from django.db import connection, transaction

from cophub.core.db import write_lock
from cophub.surveys.models import Question, Response, Survey, Tally
from cophub.surveys.words import comment_words

RESPONSES = ("_n", "")  # the tally cell that counts responses
WORD = "_word"  # tally cells (WORD, word) count comment words


def answer_cells(questions: list[Question], answers: dict) -> Counter:
    """The tally cells one response adds: (code, value) → 1, its words, and the response count."""
    cells: Counter = Counter({RESPONSES: 1})
    for q in questions:
        value = answers.get(q.code)
        if value is None:
            continue
        if q.kind in (Question.Kind.LIKERT, Question.Kind.SINGLE):
            cells[(q.code, str(value))] += 1
        elif q.kind == Question.Kind.MULTIPLE:
            for v in value:
                cells[(q.code, str(v))] += 1
        elif not q.profile:  # free text: count its words
            for word, n in comment_words(value).items():
                cells[(WORD, word)] += n
    return cells


def to_json(cells: Counter) -> list:
    return [[code, value, n] for (code, value), n in sorted(cells.items()) if n]


def from_json(value) -> Counter:
    rows = json.loads(value) if isinstance(value, str) else value
    return Counter({(code, val): n for code, val, n in rows})


def apply(survey_id: int, cells: Counter) -> None:
    """Add the deltas in one statement. Rows go in sorted order so concurrent writers lock
    them in the same order (no deadlock on PostgreSQL)."""
    rows = [(survey_id, code, value, n) for (code, value), n in sorted(cells.items()) if n]
    if not rows:
        return
    table = Tally._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    sql = (
        f"INSERT INTO {table} (survey_id, code, value, count) VALUES {values} "  # noqa: S608 - fixed names
        f"ON CONFLICT (survey_id, code, value) DO UPDATE SET count = {table}.count + excluded.count"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [v for row in rows for v in row])


def fold(survey_ids: list[int]) -> None:
    """Move the cells of every untallied response of these surveys into Tally."""
    if (
        not survey_ids
        or not Response.objects.filter(survey_id__in=survey_ids, tallied=False).exists()
    ):
        return
    table = Response._meta.db_table
    marks = ", ".join(["%s"] * len(survey_ids))
    true = "TRUE" if connection.vendor == "postgresql" else "1"
    with write_lock(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET tallied = {true} "  # noqa: S608 - fixed names
            f"WHERE survey_id IN ({marks}) AND NOT tallied RETURNING survey_id, cells",
            list(survey_ids),
        )
        totals: dict[int, Counter] = {}
        for survey_id, cells in cursor.fetchall():
            totals.setdefault(survey_id, Counter()).update(from_json(cells))
        for survey_id, cells in sorted(totals.items()):
            apply(survey_id, cells)


def difference(new: Counter, old: Counter) -> Counter:
    """new − old, keeping negative counts (Counter subtraction drops them)."""
    out = Counter(new)
    for key, n in old.items():
        out[key] -= n
    return out


def rebuild(survey: Survey) -> None:
    """Recount every cell of ``survey`` from the answers themselves: a repair, and a check
    in tests. Reads every response."""
    questions_by_version: dict[int, list[Question]] = {}
    total: Counter = Counter()
    with write_lock(), transaction.atomic():
        for response in Response.objects.filter(survey=survey).iterator(chunk_size=2000):
            questions = questions_by_version.get(response.version_id)
            if questions is None:
                questions = list(Question.objects.filter(version_id=response.version_id))
                questions_by_version[response.version_id] = questions
            cells = answer_cells(questions, response.answers)
            total.update(cells)
            Response.objects.filter(pk=response.pk).update(cells=to_json(cells), tallied=True)
        Tally.objects.filter(survey=survey).delete()
        apply(survey.pk, total)
