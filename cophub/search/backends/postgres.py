"""PostgreSQL: one unweighted tsvector per document, ``tsa`` (migration 0005), with a
GIN index. It holds the document's syllables, marked (``qz`` + syllable, so a
whole-word query never matches one), then its words, then the lexeme of its block of
ids (``~b<id // BLOCK>``).

A search asks the newest blocks first: ANDed into the query, a block's short posting
list lets GIN skip through the long lists of common words and syllables instead of
building them whole (a GIN bitmap cannot stop at the first matches), then older
blocks, then the whole index only when those held too few (figures in
docs/benchmarks.md, "A million items"). Candidates are ranked by ``ts_rank``, whole
words weighing ten times a syllable phrase. Bulk indexing inserts rows and their
tsvectors in one ``INSERT … SELECT … unnest(…)``.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from cophub.search.backends.base import SearchBackend
from cophub.search.text import Query

BLOCK = 10_000  # ids per block lexeme; migration 0005 froze the same figure
MARK = "qz"  # before each syllable: no Thai word, and no English one, starts so
# The highest document id, read once per search (``scan``): where the newest blocks are.
_MAX_ID: ContextVar[int | None] = ContextVar("search_max_id", default=None)
# Two conditions, not ``&&``: a query PostgreSQL's parser finds no lexeme in (``²²²``) is
# empty, and ANDed into the blocks' tsquery it would leave the blocks alone, matching all.
MATCH = "d.tsa @@ to_tsquery('simple', %s) AND d.tsa @@ %s::tsquery"

# What the stored vector is made of, from a row's id and its two segmented strings.
TSA = (
    "ts_delete(to_tsvector('simple', {syllables}), '" + MARK + "') || "
    "to_tsvector('simple', {words}) || "
    "array_to_tsvector(ARRAY['~b' || ({id} / {block})::text])"
)  # ts_delete: a syllable PostgreSQL's parser splits (``²x``) would leave a bare mark


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(tokens) -> str:
    return " <-> ".join(_lexeme(MARK + t) for t in tokens)


def marked(syllables: str) -> str:
    """The segmented syllables as stored: each one marked."""
    return " ".join(MARK + s for s in syllables.split())


def pg_query(query: Query, words_only: bool = False) -> str:
    """The tsquery text: every word, whole or (unless ``words_only``) as a phrase of
    its syllables; for a prefix, tokens starting with it."""
    if query.prefix:
        star = ":*" if len(query.prefix) > 1 else ""
        marked_prefix = f"{_lexeme(MARK + query.prefix)}{star}"
        if star and MARK.startswith(query.prefix):
            return marked_prefix  # words starting "qz" would be every marked syllable
        return f"{_lexeme(query.prefix)}{star} | {marked_prefix}"
    if words_only:
        return " & ".join(_lexeme(t.word) for t in query.terms)
    return " & ".join(f"({_lexeme(t.word)} | {_phrase(t.syllables)})" for t in query.terms)


def pg_rank(query: Query, words_only: bool = False) -> tuple[str, list]:
    """ts_rank of the candidates: whole words count ten times a syllable phrase."""
    words = (" & " if words_only else " | ").join(_lexeme(t.word) for t in query.terms)
    if words_only:
        return "ts_rank(c.tsa, to_tsquery('simple', %s))", [words]
    phrases = " | ".join(f"({_phrase(t.syllables)})" for t in query.terms)
    return (
        "ts_rank(c.tsa, to_tsquery('simple', %s)) + 0.1 * ts_rank(c.tsa, to_tsquery('simple', %s))",
        [words, phrases],
    )


def block_steps(max_id: int) -> list[str]:
    """The block conditions a search tries in turn: the three newest blocks, the seven
    before them, then (``""``) every document, when the blocks did not cover them all."""
    top = max_id // BLOCK
    newest = range(top, max(top - 3, -1), -1)
    older = range(top - 3, max(top - 10, -1), -1)
    steps = [" | ".join(f"'~b{b}'" for b in blocks) for blocks in (newest, older) if blocks]
    return [*steps, ""] if top >= 10 else steps


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
        tsa = TSA.format(id="d.id", words="v.w", syllables="v.s", block=BLOCK)
        with self.connection.cursor() as cursor:
            # One statement for the lot: a round trip per row was most of the time.
            cursor.execute(
                f"UPDATE search_searchdocument d SET tsa = {tsa} "  # noqa: S608 - fixed SQL
                "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, w, s) "
                "WHERE d.id = v.id",
                [[pk for pk, _s in pairs], [s.words for _pk, s in pairs],
                 [marked(s.syllables) for _pk, s in pairs]],
            )  # fmt: skip

    def bulk(self, docs, segmented):
        """One INSERT of rows with their tsvectors: no second write of every row. The ids
        are taken from the sequence first (in the same statement), as the block lexeme
        is made from the id."""
        if not docs:
            return
        rows = [{"type": d.type, "object_id": d.object_id, **d.row()} for d in docs]
        columns = list(_COLUMNS)
        arrays = [[r[c] for r in rows] for c in columns]
        arrays += [[s.words for s in segmented], [marked(s.syllables) for s in segmented]]
        unnest = ", ".join(f"%s::{_COLUMNS[c]}[]" for c in columns) + ", %s::text[], %s::text[]"
        names = ", ".join(columns)
        tsa = TSA.format(id="v.id", words="v.w", syllables="v.s", block=BLOCK)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO search_searchdocument (id, {names}, updated_at, tsa) "  # noqa: S608
                f"SELECT v.id, {names}, now(), {tsa} FROM (SELECT nextval(pg_get_serial_sequence("
                f"'search_searchdocument', 'id')) AS id, u.* FROM unnest({unnest}) AS u({names}, w, s)) v",
                arrays,
            )

    # --- reading ---------------------------------------------------------------------
    @contextmanager
    def scan(self):
        """Find matches through the GIN index, never by reading the table.

        The planner guesses how many rows several words match as if the words were
        independent; when it guesses many, it reads the table (or walks the primary
        key) expecting to stop soon, and for words that seldom meet it reads every row
        (0.6 s at 100,000). ``SET LOCAL`` lasts until the end of the transaction, so the
        settings are reset at once: a request's own transaction goes on as usual.
        """
        with transaction.atomic(using=self.alias, savepoint=False):
            newest = _MAX_ID.set(self.max_id())  # before the settings: a walk of the key
            try:
                with self.connection.cursor() as cursor:
                    cursor.execute(
                        "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off"
                    )
                yield
            finally:
                _MAX_ID.reset(newest)
                with self.connection.cursor() as cursor:
                    cursor.execute("RESET enable_seqscan; RESET enable_indexscan")

    def _newest_first(self, select: str, tsquery: str, before: list, params: list, limit: int):
        """``select`` (SQL with ``{match}`` and a final ``LIMIT %s``) over the newest blocks,
        then older ones, then everything, until ``limit`` distinct rows are found. Each
        row is (id, value); the first value found for an id is kept."""
        found: dict[int, object] = {}
        max_id = _MAX_ID.get()
        for blocks in block_steps(self.max_id() if max_id is None else max_id):
            if blocks:  # blocks not asked before: no row found already
                match, match_params, more = MATCH, [tsquery, blocks], limit - len(found)
            else:  # the whole index, which holds the rows found already too
                match, match_params = "d.tsa @@ to_tsquery('simple', %s)", [tsquery]
                more = limit + len(found)
            rows = self._fetch(
                select.replace("{match}", match), [*before, *match_params, *params, more]
            )
            for pk, value in rows:
                found.setdefault(pk, value)
            if len(found) >= limit:
                break
        return list(found.items())[:limit]

    def tier(self, query, words_only, where, params, limit):
        rank, rank_params = pg_rank(query, words_only)
        select = (
            f"SELECT c.id, -({rank}) FROM (SELECT d.id, d.tsa "  # noqa: S608
            f"FROM search_searchdocument d WHERE {{match}} AND {where} LIMIT %s) c"
        )
        return self._newest_first(select, pg_query(query, words_only), rank_params, params, limit)

    def vocabulary(self):
        return self._fetch(
            "SELECT word, ndoc FROM ts_stat('SELECT tsa FROM search_searchdocument') "
            "WHERE word NOT LIKE %s AND word NOT LIKE '~%%'",
            [MARK + "%"],
        )

    def prefix(self, query, like, where, params, limit):
        select = (
            f"SELECT d.id, {self.title_contains} FROM search_searchdocument d "  # noqa: S608
            f"WHERE {{match}} AND {where} LIMIT %s"
        )
        return self._newest_first(select, pg_query(query), [like], params, limit)
