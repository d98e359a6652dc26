"""Tallies: how many answers chose each value, so results never read every response.

Each response carries its own cells (computed when it is submitted) and a ``tallied``
flag. A job (``surveys.jobs.fold_pending_tallies``, run by the workers every couple of
seconds) moves the cells of untallied responses into the Tally table in one
transaction. Reads never write: they add the cells of the few responses not folded
yet to the Tally rows in one statement (``read``), so results are exact the moment an answer is
stored, and a submission stays a single INSERT with no counter rows to fight over.
"""

from __future__ import annotations

import json
from collections import Counter

from django.db import connection, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from cophub.surveys import dialect
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


def read(
    survey_ids, *, words: bool = False
) -> tuple[dict[int, dict[str, dict[str, int]]], dict[int, Counter]]:
    """(survey → code → value → count, survey → cells not folded yet), in ONE statement.

    The Tally rows and the answers not folded yet are read together, so a fold that
    commits meanwhile is seen either wholly or not at all: read in two statements, a fold
    between them would count its answers twice (or not at all). Without ``words`` the
    comment-word cells are left out (pages that show no word list)."""
    survey_ids = list(survey_ids)
    if not survey_ids:
        return {}, {}
    marks = ", ".join(["%s"] * len(survey_ids))
    no_words = "" if words else "AND code <> %s "
    sql = (
        f"SELECT survey_id, code, value, count, NULL FROM {Tally._meta.db_table} "  # noqa: S608 - fixed names
        f"WHERE survey_id IN ({marks}) {no_words}"
        "UNION ALL "
        f"SELECT survey_id, NULL, NULL, NULL, cells FROM {Response._meta.db_table} "
        f"WHERE survey_id IN ({marks}) AND NOT tallied"
    )
    params = [*survey_ids, *([] if words else [WORD]), *survey_ids]
    out: dict[int, dict[str, dict[str, int]]] = {}
    waiting: dict[int, Counter] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for survey_id, code, value, count, cells in cursor.fetchall():
            if cells is None:
                out.setdefault(survey_id, {}).setdefault(code, {})[value] = count
            else:
                waiting.setdefault(survey_id, Counter()).update(from_json(cells))
    for survey_id, cells in waiting.items():
        survey_cells = out.setdefault(survey_id, {})
        for (code, value), n in cells.items():
            if code == WORD and not words:
                continue
            by_value = survey_cells.setdefault(code, {})
            by_value[value] = by_value.get(value, 0) + n
    return out, waiting


def top_words_of(
    survey_ids: list[int], limit: int, waiting: dict[int, Counter]
) -> dict[int, list[tuple[str, int]]]:
    """Per survey, the most frequent comment words, the answers not folded yet
    (``waiting``) included, in two queries however many surveys.

    Not-yet-folded answers only add counts, so a survey's true top ``limit`` lies within
    Tally's own top ``limit`` plus the words those answers mention."""
    rank = Window(
        RowNumber(), partition_by=[F("survey_id")], order_by=[F("count").desc(), F("value").asc()]
    )
    ranked = (
        Tally.objects.filter(survey_id__in=survey_ids, code=WORD, count__gt=0)
        .annotate(rank=rank)
        .filter(rank__lte=limit)
        .values_list("survey_id", "value", "count")
    )
    counts: dict[int, dict[str, int]] = {sid: {} for sid in survey_ids}
    for survey_id, value, count in ranked:
        counts[survey_id][value] = count
    added = {
        sid: {value: n for (code, value), n in cells.items() if code == WORD}
        for sid, cells in waiting.items()
    }
    missing = {w for sid, words in added.items() for w in words if w not in counts[sid]}
    if missing:
        for survey_id, value, count in Tally.objects.filter(
            survey_id__in=list(added), code=WORD, value__in=sorted(missing)
        ).values_list("survey_id", "value", "count"):
            if value in added[survey_id]:
                counts[survey_id].setdefault(value, count)
    for sid, words in added.items():
        for word, n in words.items():
            counts[sid][word] = counts[sid].get(word, 0) + n
    return {
        sid: sorted(((w, n) for w, n in by_word.items() if n > 0), key=lambda wn: (-wn[1], wn[0]))[
            :limit
        ]
        for sid, by_word in counts.items()
    }


def fold(survey_ids: list[int]) -> int:
    """Move the cells of every untallied response of these surveys into Tally (a job's
    work: see surveys/jobs.py); return how many responses were folded. One transaction,
    so a fold killed half-way leaves nothing half-moved, and a second fold finds nothing
    left to move."""
    if (
        not survey_ids
        or not Response.objects.filter(survey_id__in=survey_ids, tallied=False).exists()
    ):
        return 0
    table = Response._meta.db_table
    marks = ", ".join(["%s"] * len(survey_ids))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET tallied = {dialect.current().true} "  # noqa: S608 - fixed names
            f"WHERE survey_id IN ({marks}) AND NOT tallied RETURNING survey_id, cells",
            list(survey_ids),
        )
        totals: dict[int, Counter] = {}
        rows = cursor.fetchall()
        for survey_id, cells in rows:
            totals.setdefault(survey_id, Counter()).update(from_json(cells))
        for survey_id, cells in sorted(totals.items()):
            apply(survey_id, cells)
    return len(rows)


TIDY_AFTER = 20_000  # folded rows


def tidy_after_fold(folded: int) -> bool:
    """After a big fold on PostgreSQL, vacuum the answers table at once. Every folded row
    leaves a dead entry in the partial index of untallied answers, which every results
    read scans: after a million answers folded in one go, 390 ms a read until autovacuum
    came by (docs/benchmarks.md, "Results at 1,000,000 answers"). SQLite rewrites its
    index in place and needs nothing. Outside a transaction only (VACUUM refuses one)."""
    return folded >= TIDY_AFTER and dialect.current().tidy(Response._meta.db_table)


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
    with transaction.atomic():
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
