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

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from cophub.core.sql import server_binding_cursor
from cophub.search.backends.base import SearchBackend
from cophub.search.text import _HAS_THAI, Query, known_tokens

BLOCK = 10_000  # ids per block lexeme; migration 0005 froze the same figure
MARK = "qz"  # before each syllable: no Thai word, and no English one, starts so
# The highest document id, read once per search (``scan``): where the newest blocks are.
_MAX_ID: ContextVar[int | None] = ContextVar("search_max_id", default=None)
# Two conditions, not ``&&``: a query PostgreSQL's parser finds no lexeme in (``²²²``) is
# empty, and ANDed into the blocks' tsquery it would leave the blocks alone, matching all.
MATCH = "d.tsa @@ to_tsquery('simple', %s) AND d.tsa @@ %s::tsquery"

# The exact query, checked on the rows a looser one found (``pg_looser``): a function,
# not the ``@@`` operator, so the planner never makes it an index condition.
CHECK = " AND ts_match_vq(d.tsa, to_tsquery('simple', %s))"
FREQUENT = 0.1  # a syllable in more than a tenth of the documents is left to CHECK
FREQUENT_SECONDS = 600
_frequent: dict[str, tuple[float, dict[str, float]]] = {}  # alias → (read at, shares)

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
        if len(query.prefix) == 1:
            return f"{_lexeme(query.prefix)} | {_lexeme(MARK + query.prefix)}"
        if not _HAS_THAI.search(query.prefix):  # a Latin word's or a number's syllable is itself
            if MARK.startswith(query.prefix):  # words starting "qz" are every marked syllable
                return f"{_lexeme(MARK + query.prefix)}:*"
            return f"{_lexeme(query.prefix)}:*"
        return f"{_lexeme(query.prefix)}:* | {_lexeme(MARK + query.prefix)}:*"
    if words_only:
        return " & ".join(_lexeme(t.word) for t in query.terms)
    return " & ".join(f"({_lexeme(t.word)} | {_phrase(t.syllables)})" for t in query.terms)


def pg_known_prefix(prefix: str) -> str | None:
    """For the newest blocks, a two-character prefix as the exact tokens known to start
    with it (``text.known_tokens``), or None when it is one character (already exact);
    "" when none is known. A partial match (``'ไฟ':*``) makes GIN merge the posting
    list of every token starting so, whatever the block (docs/benchmarks.md); the whole
    index is still asked with it, so nothing only it finds is lost for long."""
    if len(prefix) == 1:
        return None
    syllables, words = known_tokens(prefix)
    return " | ".join([*(_lexeme(MARK + s) for s in syllables), *(_lexeme(w) for w in words)])


def pg_looser(query: Query, frequent: dict[str, float]) -> str | None:
    """For the index, ``pg_query`` with each syllable phrase cut down to its syllables
    found in at most ``FREQUENT`` of the documents (or, if none is, its rarest), ANDed;
    None when no phrase has a frequent syllable. GIN reads the posting lists of every
    syllable of a phrase and cannot check their order; ``qzการ``, in nearly every
    document, cost more than the rest of the query (docs/benchmarks.md). The phrase
    itself is then checked on each row found (``CHECK``)."""
    terms, cut = [], False
    for t in query.terms:
        marked_ = [MARK + s for s in t.syllables]
        keep = [s for s in marked_ if s not in frequent] or [min(marked_, key=frequent.get)]
        cut = cut or (len(marked_) > 1 and len(keep) < len(marked_))
        phrase = " & ".join(_lexeme(s) for s in dict.fromkeys(keep))
        terms.append(f"({_lexeme(t.word)} | {phrase})")
    return " & ".join(terms) if cut else None


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
    def _binary_cursor(self):
        """Django's cursors bind on the client: a batch's megabytes of text were quoted
        into the SQL in Python (a sixth of a rebuild's main process) and parsed back by
        PostgreSQL. Here they are bound on the server, sent in binary (``%b``;
        ``core.sql``, docs/benchmarks.md)."""
        return server_binding_cursor(self.connection)

    def write_words(self, pairs, new=False):
        tsa = TSA.format(id="d.id", words="v.w", syllables="v.s", block=BLOCK)
        with self._binary_cursor() as cursor:
            # One statement for the lot: a round trip per row was most of the time.
            cursor.execute(
                f"UPDATE search_searchdocument d SET tsa = {tsa} "  # noqa: S608 - fixed SQL
                "FROM unnest(%b::bigint[], %b::text[], %b::text[]) AS v(id, w, s) "
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
        unnest = ", ".join(f"%b::{_COLUMNS[c]}[]" for c in columns) + ", %b::text[], %b::text[]"
        names = ", ".join(columns)
        tsa = TSA.format(id="v.id", words="v.w", syllables="v.s", block=BLOCK)
        with self._binary_cursor() as cursor:
            cursor.execute(
                f"INSERT INTO search_searchdocument (id, {names}, updated_at, tsa) "  # noqa: S608
                f"SELECT v.id, {names}, now(), {tsa} FROM (SELECT nextval(pg_get_serial_sequence("
                f"'search_searchdocument', 'id')) AS id, u.* FROM unnest({unnest}) AS u({names}, w, s)) v",
                arrays,
            )

    def analyze(self):
        # Autovacuum would, within a minute or so; ``frequent`` reads these statistics.
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")

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

    def _newest_first(
        self, select: str, tsquery: str, before: list, params: list, limit: int,
        in_blocks: str | None = None, looser: str | None = None,
    ):  # fmt: skip
        """``select`` (SQL with ``{match}`` and a final ``LIMIT %s``) over the newest blocks,
        then older ones, then everything, until ``limit`` distinct rows are found. Each
        row is (id, value); the first value found for an id is kept. ``in_blocks``: the
        tsquery to ask the blocks with instead of ``tsquery`` (one it implies), "" to go
        straight to the whole index. ``looser``: one ``tsquery`` implies, for the index
        to answer, ``tsquery`` itself then checked on each row it finds."""
        found: dict[int, object] = {}
        steps = block_steps(self.newest_id())
        if in_blocks is not None:  # the blocks are asked for fewer tokens: then all of them
            steps = [b for b in steps if b and in_blocks] + [""]
        exact, exact_params = (CHECK, [tsquery]) if looser else ("", [])
        for blocks in steps:
            if blocks:  # blocks not asked before: no row found already
                match, more = MATCH + exact, limit - len(found)
                match_params = [in_blocks or looser or tsquery, blocks, *exact_params]
            else:  # the whole index, which holds the rows found already too
                match = "d.tsa @@ to_tsquery('simple', %s)" + exact
                match_params, more = [looser or tsquery, *exact_params], limit + len(found)
            rows = self._fetch(
                select.replace("{match}", match), [*before, *match_params, *params, more]
            )
            for pk, value in rows:
                found.setdefault(pk, value)
            if len(found) >= limit:
                break
        return list(found.items())[:limit]

    def frequent(self) -> dict[str, float]:
        """Lexemes in more than ``FREQUENT`` of the documents, with their share: from
        PostgreSQL's own statistics of ``tsa`` (``ANALYZE``: its 1,000 most common
        lexemes), read again every ``FREQUENT_SECONDS``."""
        read_at, shares = _frequent.get(self.alias, (float("-inf"), {}))
        if time.monotonic() - read_at > FREQUENT_SECONDS:
            shares = dict(self._fetch(
                "SELECT u.e, u.f FROM pg_stats s, unnest(s.most_common_elems::text::text[], "
                "s.most_common_elem_freqs) AS u(e, f) WHERE s.schemaname = current_schema() "
                "AND s.tablename = 'search_searchdocument' AND s.attname = 'tsa' "
                "AND u.e IS NOT NULL AND u.f > %s",
                [FREQUENT],
            ))  # fmt: skip
            _frequent[self.alias] = (time.monotonic(), shares)
        return shares

    def newest_id(self):
        max_id = _MAX_ID.get()
        return self.max_id() if max_id is None else max_id

    def tier(self, query, words_only, where, params, limit):
        rank, rank_params = pg_rank(query, words_only)
        select = (
            f"SELECT c.id, -({rank}) FROM (SELECT d.id, d.tsa "  # noqa: S608
            f"FROM search_searchdocument d WHERE {{match}} AND {where} LIMIT %s) c"
        )
        looser = None
        if not words_only and any(len(t.syllables) > 1 for t in query.terms):
            looser = pg_looser(query, self.frequent())
        return self._newest_first(
            select, pg_query(query, words_only), rank_params, params, limit, looser=looser
        )

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
        return self._newest_first(
            select, pg_query(query), [like], params, limit, pg_known_prefix(query.prefix)
        )
