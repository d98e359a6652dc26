"""PostgreSQL: ``tsw`` (words) and ``tss`` (syllables), unweighted tsvectors on the
document row, each with its own GIN index (migration 0003).

A words query is answered exactly by its index; only syllable phrases (``<->``) need
a recheck. Candidates are the first rows the index finds (putting every match in id
order would read every match), ranked by ``ts_rank`` with whole words weighing ten
times a syllable phrase. Bulk indexing inserts rows and their tsvectors in one
``INSERT … SELECT … unnest(…)``.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction

from cophub.search.backends.base import SearchBackend
from cophub.search.text import Query

WORDS = "d.tsw @@ to_tsquery('simple', %s)"
SYLLABLES = "d.tss @@ to_tsquery('simple', %s)"


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(tokens) -> str:
    return " <-> ".join(_lexeme(t) for t in tokens)


def pg_match(query: Query, words_only: bool = False) -> tuple[str, list]:
    """The condition: words in ``tsw``, syllable phrases in ``tss``."""
    if query.prefix:
        lexeme = _lexeme(query.prefix) + (":*" if len(query.prefix) > 1 else "")
        return f"({WORDS} OR {SYLLABLES})", [lexeme, lexeme]
    if words_only:
        return WORDS, [" & ".join(_lexeme(t.word) for t in query.terms)]
    sql = " AND ".join(f"({WORDS} OR {SYLLABLES})" for _t in query.terms)
    params = []
    for term in query.terms:
        params += [_lexeme(term.word), _phrase(term.syllables)]
    return sql, params


def pg_rank(query: Query, words_only: bool = False) -> tuple[str, list]:
    """ts_rank of the candidates: whole words count ten times a syllable phrase."""
    words = (" & " if words_only else " | ").join(_lexeme(t.word) for t in query.terms)
    if words_only:
        return "ts_rank(c.tsw, to_tsquery('simple', %s))", [words]
    phrases = " | ".join(f"({_phrase(t.syllables)})" for t in query.terms)
    return (
        "ts_rank(c.tsw, to_tsquery('simple', %s)) + 0.1 * ts_rank(c.tss, to_tsquery('simple', %s))",
        [words, phrases],
    )


# Column → array type, for inserting rows and their words in one statement.
_COLUMNS = {
    "type": "text", "object_id": "bigint", "title": "text", "text": "text", "url": "text", "subtitle": "text",
    "kind": "text", "community_id": "bigint", "organization_id": "bigint",
    "fiscal_year": "smallint", "members_only": "boolean", "is_draft": "boolean",
    "author_id": "bigint",
}  # fmt: skip


class PostgresTsvectorBackend(SearchBackend):
    vendor = "postgresql"
    title_contains = "d.title ILIKE %s"

    # --- writing ---------------------------------------------------------------------
    def write_words(self, pairs, new=False):
        with self.connection.cursor() as cursor:
            # One statement for the lot: a round trip per row was most of the time.
            cursor.execute(
                "UPDATE search_searchdocument d SET tsw = to_tsvector('simple', v.w), "
                "tss = to_tsvector('simple', v.s) "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, w, s) "
                "WHERE d.id = v.id",
                [[pk for pk, _s in pairs], [s.words for _pk, s in pairs],
                 [s.syllables for _pk, s in pairs]],
            )  # fmt: skip

    def bulk(self, docs, segmented):
        """One INSERT of rows with their tsvectors: no second write of every row."""
        if not docs:
            return
        rows = [{"type": d.type, "object_id": d.object_id, **d.row()} for d in docs]
        columns = list(_COLUMNS)
        arrays = [[r[c] for r in rows] for c in columns]
        arrays += [[s.words for s in segmented], [s.syllables for s in segmented]]
        unnest = ", ".join(f"%s::{_COLUMNS[c]}[]" for c in columns) + ", %s::text[], %s::text[]"
        names = ", ".join(columns)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO search_searchdocument ({names}, updated_at, tsw, tss) "  # noqa: S608
                f"SELECT {names}, now(), to_tsvector('simple', v.w), to_tsvector('simple', v.s) "
                f"FROM unnest({unnest}) AS v({names}, w, s)",
                arrays,
            )

    # --- reading ---------------------------------------------------------------------
    @contextmanager
    def scan(self):
        """Find matches through the GIN indexes, never by reading the table.

        The planner guesses how many rows several words match as if the words were
        independent; when it guesses many, it reads the table (or walks the primary
        key) expecting to stop soon, and for words that seldom meet it reads every row
        (0.6 s at 100,000). ``SET LOCAL`` lasts until the end of the transaction, so the
        settings are reset at once: a request's own transaction goes on as usual.
        """
        with transaction.atomic(using=self.alias, savepoint=False):
            with self.connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
            try:
                yield
            finally:
                with self.connection.cursor() as cursor:
                    cursor.execute("RESET enable_seqscan; RESET enable_indexscan")

    def tier(self, query, words_only, where, params, limit):
        match, match_params = pg_match(query, words_only)
        rank, rank_params = pg_rank(query, words_only)
        return self._fetch(
            f"SELECT c.id, -({rank}) FROM (SELECT d.id, d.tsw, d.tss "  # noqa: S608
            f"FROM search_searchdocument d WHERE {match} AND {where} LIMIT %s) c",
            [*rank_params, *match_params, *params, limit],
        )

    def vocabulary(self):
        return self._fetch(
            "SELECT word, ndoc FROM ts_stat('SELECT tsw FROM search_searchdocument "
            "WHERE tsw IS NOT NULL')",
            [],
        )

    def prefix(self, query, like, where, params, limit):
        match, match_params = pg_match(query)
        return self._fetch(
            f"SELECT d.id, {self.title_contains} FROM search_searchdocument d "  # noqa: S608
            f"WHERE {match} AND {where} LIMIT %s",
            [like, *match_params, *params, limit],
        )
