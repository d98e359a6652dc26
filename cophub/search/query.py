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

from dataclasses import dataclass

from django.db import connection

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
        p = _fts_phrase([query.prefix])
        return f"(words : {p} * OR syllables : {p} *)"
    parts = []
    for term in query.terms:
        word = f"words : {_fts_phrase([term.word])}"
        parts.append(
            word if words_only else f"({word} OR syllables : {_fts_phrase(term.syllables)})"
        )
    return " AND ".join(parts)


def _ts_lexeme(token: str, label: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + label


def tsquery_text(query: Query, words_only: bool = False) -> str:
    if query.prefix:
        return _ts_lexeme(query.prefix, ":*")
    parts = []
    for term in query.terms:
        word = _ts_lexeme(term.word, ":A")
        if words_only:
            parts.append(word)
        else:
            phrase = " <-> ".join(_ts_lexeme(s, ":D") for s in term.syllables)
            parts.append(f"({word} | ({phrase}))")
    return " & ".join(parts)


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
def search(
    *, user, q: str, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> tuple[list[Hit], int, Query]:
    """The hits the user may see, best first, and how many there are in all."""
    query = parse_query(q)
    if not query or not (user and user.is_authenticated):
        return [], 0, query
    vis_sql, vis_params = _visibility(user)
    flt_sql, flt_params = _filters(filters or Filters())
    where_params = vis_params + flt_params
    limit, offset = max(1, min(int(limit), 100)), max(0, int(offset))
    if connection.vendor == "postgresql":
        rows, count = _postgres(query, vis_sql + flt_sql, where_params, limit, offset)
    else:
        rows, count = _sqlite(query, vis_sql + flt_sql, where_params, limit, offset)
    return [Hit(*row[:9]) for row in rows], count, query


def _sqlite(query: Query, where: str, params: list, limit: int, offset: int):
    match = fts5_match(query)
    if query.prefix:
        # One or two characters: tokens starting with them, or titles containing them.
        base = "FROM search_searchdocument d WHERE (d.id IN (SELECT rowid FROM search_fts "
        base += "WHERE search_fts MATCH %s) OR d.title LIKE %s ESCAPE '\\') AND " + where
        base_params = [match, _like(query.prefix), *params]
        order = "(d.title LIKE %s ESCAPE '\\') DESC, d.id DESC"
        order_params = [_like(query.prefix)]
    else:
        base = (
            "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH %s AND " + where
        )
        base_params = [match, *params]
        order = (
            "(d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)) DESC, "
            "bm25(search_fts, 10.0, 1.0), d.id"
        )
        order_params = [fts5_match(query, words_only=True)]
    return _run(base, base_params, order, order_params, limit, offset)


def _postgres(query: Query, where: str, params: list, limit: int, offset: int):
    ts = tsquery_text(query)
    if query.prefix:
        base = (
            "FROM search_searchdocument d WHERE (d.tsv @@ to_tsquery('simple', %s) "
            "OR d.title ILIKE %s) AND " + where
        )
        base_params = [ts, _like(query.prefix), *params]
        order = "(d.title ILIKE %s) DESC, d.id DESC"
        order_params = [_like(query.prefix)]
    else:
        base = "FROM search_searchdocument d WHERE d.tsv @@ to_tsquery('simple', %s) AND " + where
        base_params = [ts, *params]
        order = (
            "(d.tsv @@ to_tsquery('simple', %s)) DESC, "
            "ts_rank(d.tsv, to_tsquery('simple', %s)) DESC, d.id"
        )
        order_params = [tsquery_text(query, words_only=True), ts]
    return _run(base, base_params, order, order_params, limit, offset)


def _run(base, base_params, order, order_params, limit, offset):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {SELECT} {base} ORDER BY {order} LIMIT %s OFFSET %s",
            [*base_params, *order_params, limit, offset],
        )
        rows = cursor.fetchall()
        if offset == 0 and len(rows) < limit:
            count = len(rows)
        else:
            cursor.execute(f"SELECT COUNT(*) {base}", base_params)
            count = cursor.fetchone()[0]
    return rows, count
