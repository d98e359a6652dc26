"""Running tallies: one upsert statement adds (or removes) a response's answers."""

from __future__ import annotations

from collections import Counter

from django.db import connection

from cophub.surveys.models import Question, Tally, WordTally
from cophub.surveys.words import comment_words

RESPONSES = ("_n", "")  # the tally cell that counts responses


def answer_cells(questions: list[Question], answers: dict) -> Counter:
    """The tally cells one response adds: (code, value) → 1, plus the response count."""
    cells: Counter = Counter({RESPONSES: 1})
    for q in questions:
        value = answers.get(q.code)
        if value is None:
            continue
        if q.kind == Question.Kind.LIKERT or q.kind == Question.Kind.SINGLE:
            cells[(q.code, str(value))] += 1
        elif q.kind == Question.Kind.MULTIPLE:
            for v in value:
                cells[(q.code, str(v))] += 1
    return cells


def comment_cells(questions: list[Question], answers: dict) -> Counter:
    words: Counter = Counter()
    for q in questions:
        if q.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT) and not q.profile:
            words.update(comment_words(answers.get(q.code, "")))
    return words


def _upsert(table: str, key_cols: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    cols = ", ".join((*key_cols, "count"))
    placeholders = ", ".join(["(" + ", ".join(["%s"] * (len(key_cols) + 1)) + ")"] * len(rows))
    sql = (
        f"INSERT INTO {table} ({cols}) VALUES {placeholders} "  # noqa: S608 - fixed names
        f"ON CONFLICT ({', '.join(key_cols)}) DO UPDATE SET count = {table}.count + excluded.count"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def apply(survey_id: int, cells: Counter, words: Counter) -> None:
    """Add the deltas. Rows go in sorted order so concurrent writers lock them alike."""
    cell_rows = [(survey_id, code, value, n) for (code, value), n in sorted(cells.items()) if n]
    _upsert(Tally._meta.db_table, ("survey_id", "code", "value"), cell_rows)
    word_rows = [(survey_id, word, n) for word, n in sorted(words.items()) if n]
    _upsert(WordTally._meta.db_table, ("survey_id", "word"), word_rows)


def difference(new: Counter, old: Counter) -> Counter:
    """new − old, keeping negative counts (Counter subtraction drops them)."""
    out = Counter(new)
    for key, n in old.items():
        out[key] -= n
    return out
