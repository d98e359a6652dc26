"""Running a search: the query in each database's own syntax, visibility, ranking.

Each query word must appear, either as a whole word (the ``words`` column, weight A on
PostgreSQL) or as a phrase of its syllables (``syllables``, weight D), which is how a
word inside a compound is found. Documents where every query word is a whole word
come first; within each tier the database's own rank (bm25 / ts_rank) orders them.
Tokens are letters, marks and digits only (see ``text.py``), so quoting them is
enough to make any input safe: operators, quotes and stars typed by a person are
never passed through.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from cophub.search.text import Query, parse_query

SELECT = "d.id, d.type, d.object_id, d.title, d.text, d.url, d.kind, d.community_id, d.fiscal_year"


@dataclass
class Filters:
    kind: str = ""
    community_id: int | None = None
    fiscal_year: int | None = None
    organization_id: int | None = None


@dataclass
class Hit:
    id: int
    type: str
    object_id: int
    title: str
    text: str
    url: str
    kind: str
    community_id: int | None
    fiscal_year: int | None


# --- query text for each database -------------------------------------------------
def _fts_phrase(tokens) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def fts5_match(query: Query, words_only: bool = False) -> str:
    if query.prefix:
        p = _fts_phrase([query.prefix]) + (" *" if len(query.prefix) > 1 else "")
        return f"(words : {p} OR syllables : {p})"
    parts = []
    for term in query.terms:
        word = f"words : {_fts_phrase([term.word])}"
        parts.append(
            word if words_only else f"({word} OR syllables : {_fts_phrase(term.syllables)})"
        )
    return " AND ".join(parts)


def _ts_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _ts_phrase(tokens) -> str:
    return " <-> ".join(_ts_lexeme(t) for t in tokens)


WORDS = "d.tsw @@ to_tsquery('simple', %s)"
SYLLABLES = "d.tss @@ to_tsquery('simple', %s)"


def pg_match(query: Query, words_only: bool = False) -> tuple[str, list]:
    """The PostgreSQL condition: words in ``tsw``, syllable phrases in ``tss``."""
    if query.prefix:
        lexeme = _ts_lexeme(query.prefix) + (":*" if len(query.prefix) > 1 else "")
        return f"({WORDS} OR {SYLLABLES})", [lexeme, lexeme]
    if words_only:
        return WORDS, [" & ".join(_ts_lexeme(t.word) for t in query.terms)]
    sql = " AND ".join(f"({WORDS} OR {SYLLABLES})" for _t in query.terms)
    params = []
    for term in query.terms:
        params += [_ts_lexeme(term.word), _ts_phrase(term.syllables)]
    return sql, params


def pg_rank(query: Query, words_only: bool = False) -> tuple[str, list]:
    """ts_rank of the candidates: whole words count ten times a syllable phrase."""
    words = (" & " if words_only else " | ").join(_ts_lexeme(t.word) for t in query.terms)
    if words_only:
        return "ts_rank(c.tsw, to_tsquery('simple', %s))", [words]
    phrases = " | ".join(f"({_ts_phrase(t.syllables)})" for t in query.terms)
    return (
        "ts_rank(c.tsw, to_tsquery('simple', %s)) + 0.1 * ts_rank(c.tss, to_tsquery('simple', %s))",
        [words, phrases],
    )


@contextmanager
def _index_scans_only(pg: bool):
    """PostgreSQL: find matches through the GIN indexes, never by reading the table.

    The planner guesses how many rows several words match as if the words were
    independent; when it guesses many, it reads the table (or walks the primary key)
    expecting to stop soon, and for words that seldom meet it reads every row (0.6 s at
    100,000). ``SET LOCAL`` lasts until the end of the transaction, so the settings are
    reset at once: a request's own transaction goes on with the usual planner.
    """
    if not pg:
        yield
        return
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        try:
            yield
        finally:
            cursor.execute("RESET enable_seqscan; RESET enable_indexscan")


# --- who may see what ---------------------------------------------------------------
def _visibility(user) -> tuple[str, list]:
    """Published public items, members-only items of the user's communities, the user's
    own drafts; programs, activities and communities are visible to every logged-in user."""
    from cophub.knowledge.selectors import member_community_ids

    if user.is_system_admin:
        return "(NOT d.is_draft OR d.author_id = %s)", [user.pk]
    ids = list(member_community_ids(user))
    members = f"d.community_id IN ({','.join(['%s'] * len(ids))})" if ids else "1 = 0"
    sql = f"((NOT d.is_draft AND (NOT d.members_only OR {members})) OR (d.is_draft AND d.author_id = %s))"
    return sql, [*ids, user.pk]


def _filters(filters: Filters) -> tuple[str, list]:
    sql, params = [], []
    for column, value in [
        ("d.kind", filters.kind),
        ("d.community_id", filters.community_id),
        ("d.fiscal_year", filters.fiscal_year),
        ("d.organization_id", filters.organization_id),
    ]:
        if value:
            sql.append(f"{column} = %s")
            params.append(value)
    return "".join(f" AND {s}" for s in sql), params


def _like(prefix: str) -> str:
    return "%" + prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# --- the search ---------------------------------------------------------------------
# A query ranks at most MAX_RESULTS candidates: the newest matching rows the user may
# see, found by the text index in rowid / id order (cheap: no rank is computed for the
# rest). Ranking every match of a common word (การ, ประชาชน: tens of thousands of rows)
# is what made queries slow. Beyond MAX_RESULTS the count says "more than".
MAX_RESULTS = 500


@dataclass
class Results:
    hits: list[Hit]
    count: int  # exact up to MAX_RESULTS, else MAX_RESULTS with more=True
    query: Query
    more: bool = False


def search(
    *, user, q: str, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> tuple[list[Hit], int, Query]:
    """The hits the user may see, best first, and how many there are (at most MAX_RESULTS)."""
    r = search_results(user=user, q=q, filters=filters, limit=limit, offset=offset)
    return r.hits, r.count, r.query


def search_results(
    *, user, q: str, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> Results:
    query = parse_query(q)
    if not query or not (user and user.is_authenticated):
        return Results([], 0, query)
    vis_sql, vis_params = _visibility(user)
    flt_sql, flt_params = _filters(filters or Filters())
    where, params = vis_sql + flt_sql, vis_params + flt_params
    limit, offset = max(1, min(int(limit), 100)), max(0, int(offset))
    pg = connection.vendor == "postgresql"
    with _index_scans_only(pg):
        if query.prefix:
            ranked, more = _prefix(query, where, params, pg)
        else:
            ranked, more = _ranked(query, where, params, pg)
    return Results(_rows(ranked[offset : offset + limit]), len(ranked), query, more)


def _tier(query: Query, words_only: bool, where: str, params: list, pg: bool):
    """At most MAX_RESULTS + 1 (to tell whether there are more) visible documents
    matching the query, with their rank (lower is better), computed for those rows
    only. SQLite takes the newest matches (FTS5 walks its rowids backwards for free);
    PostgreSQL the first ones its index finds, in table order (putting every match in
    id order would read them all)."""
    if pg:
        match, match_params = pg_match(query, words_only)
        rank, rank_params = pg_rank(query, words_only)
        sql = (
            f"SELECT c.id, -({rank}) FROM (SELECT d.id, d.tsw, d.tss "  # noqa: S608
            f"FROM search_searchdocument d WHERE {match} AND {where} LIMIT %s) c"
        )
        args = [*rank_params, *match_params, *params, MAX_RESULTS + 1]
    else:
        sql = (
            "SELECT d.id, bm25(search_fts, 10.0, 1.0) FROM search_fts "  # noqa: S608
            "JOIN search_searchdocument d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH %s AND " + where + " "
            "ORDER BY search_fts.rowid DESC LIMIT %s"
        )
        args = [fts5_match(query, words_only), *params, MAX_RESULTS + 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


def _ranked(query: Query, where: str, params: list, pg: bool) -> tuple[list[int], bool]:
    """Documents where every query word is a whole word first, then those matching some
    word as a phrase of its syllables; each tier by bm25 / ts_rank, then newest first."""
    words = _tier(query, True, where, params, pg)
    ranked = [pk for pk, _r in sorted(words, key=lambda x: (x[1], -x[0]))]
    if len(words) > MAX_RESULTS:  # the whole-word matches alone are more than we rank
        return ranked[:MAX_RESULTS], True
    found = set(ranked)
    either = _tier(query, False, where, params, pg)
    ranked += [pk for pk, _r in sorted(either, key=lambda x: (x[1], -x[0])) if pk not in found]
    return ranked[:MAX_RESULTS], len(ranked) > MAX_RESULTS or len(either) > MAX_RESULTS


def _prefix(query: Query, where: str, params: list, pg: bool) -> tuple[list[int], bool]:
    """One or two characters: tokens starting with the two characters (or equal to the
    one character: every token starting with ก is far too many to merge), then, if
    those are few, titles containing them. Titles containing them first, then newest."""
    like = _like(query.prefix)
    if pg:
        title = "d.title ILIKE %s"
        match, match_params = pg_match(query)
        tokens = (
            "SELECT d.id, d.title ILIKE %s FROM search_searchdocument d "  # noqa: S608
            "WHERE " + match + " AND " + where
        )
    else:
        title = "d.title LIKE %s ESCAPE '\\'"
        tokens = (
            "SELECT d.id, " + title + " FROM search_fts JOIN search_searchdocument d "  # noqa: S608
            "ON d.id = search_fts.rowid WHERE search_fts MATCH %s AND " + where + " "
            "ORDER BY search_fts.rowid DESC"
        )
        match_params = [fts5_match(query)]
    with connection.cursor() as cursor:
        cursor.execute(tokens + " LIMIT %s", [like, *match_params, *params, MAX_RESULTS + 1])
        found = cursor.fetchall()
    with connection.cursor() as cursor:
        if len(found) <= MAX_RESULTS:
            seen = [pk for pk, _t in found]
            not_seen = f" AND d.id NOT IN ({','.join(['%s'] * len(seen))})" if seen else ""
            cursor.execute(
                f"SELECT d.id, 1 FROM search_searchdocument d WHERE {title} AND {where}"  # noqa: S608
                f"{not_seen} ORDER BY d.id DESC LIMIT %s",
                [like, *params, *seen, MAX_RESULTS + 1 - len(found)],
            )
            found += cursor.fetchall()
    ranked = [pk for pk, _t in sorted(found, key=lambda r: (not r[1], -r[0]))]
    return ranked[:MAX_RESULTS], len(ranked) > MAX_RESULTS


def _rows(ids: list[int]) -> list[Hit]:
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {SELECT} FROM search_searchdocument d "  # noqa: S608
            f"WHERE d.id IN ({','.join(['%s'] * len(ids))})",
            ids,
        )
        by_id = {row[0]: Hit(*row[:9]) for row in cursor.fetchall()}
    return [by_id[pk] for pk in ids if pk in by_id]
