"""Running a search: visibility, filters, the two tiers and the page, on any database.

The text index itself is the backend's (``backends/``: FTS5 on SQLite, tsvector on
PostgreSQL); this module only says what to ask it. Each query word must appear,
either as a whole word or as a phrase of its syllables, which is how a word inside a
compound is found. Documents where every query word is a whole word
come first; within each tier the database's own rank (bm25 / ts_rank) orders them.
Tokens are letters, marks and digits only (see ``text.py``), so quoting them is
enough to make any input safe: operators, quotes and stars typed by a person are
never passed through.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from cophub.search.backends import get_backend
from cophub.search.text import Query, parse_query

SELECT = (
    "d.id, d.type, d.object_id, d.title, d.text, d.url, d.kind, d.community_id, "
    "d.fiscal_year, d.subtitle"
)


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
    subtitle: str = ""


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
        if isinstance(value, str):
            # PostgreSQL refuses a NUL in any text parameter (a 500): no kind has one.
            value = value.replace("\x00", "")
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
    backend = get_backend()
    with backend.scan():
        if query.prefix:
            ranked, more = _prefix(backend, query, where, params)
        else:
            ranked, more = _ranked(backend, query, where, params)
    return Results(_rows(ranked[offset : offset + limit]), len(ranked), query, more)


def _ranked(backend, query: Query, where: str, params: list) -> tuple[list[int], bool]:
    """Documents where every query word is a whole word first, then those matching some
    word as a phrase of its syllables; each tier by bm25 / ts_rank, then newest first.
    Each tier is at most MAX_RESULTS + 1 rows (to tell whether there are more), ranked
    for those rows only."""
    words = backend.tier(query, True, where, params, MAX_RESULTS + 1)
    ranked = [pk for pk, _r in sorted(words, key=lambda x: (x[1], -x[0]))]
    if len(words) > MAX_RESULTS:  # the whole-word matches alone are more than we rank
        return ranked[:MAX_RESULTS], True
    found = set(ranked)
    either = backend.tier(query, False, where, params, MAX_RESULTS + 1)
    ranked += [pk for pk, _r in sorted(either, key=lambda x: (x[1], -x[0])) if pk not in found]
    return ranked[:MAX_RESULTS], len(ranked) > MAX_RESULTS or len(either) > MAX_RESULTS


def _prefix(backend, query: Query, where: str, params: list) -> tuple[list[int], bool]:
    """One or two characters: tokens starting with the two characters (or equal to the
    one character: every token starting with ก is far too many to merge), then, if
    those are few, titles containing them. Titles containing them first, then newest."""
    like = _like(query.prefix)
    found = backend.prefix(query, like, where, params, MAX_RESULTS + 1)
    if len(found) <= MAX_RESULTS:
        seen = [pk for pk, _t in found]
        found += [
            (pk, 1)
            for pk in backend.titles(like, where, params, seen, MAX_RESULTS + 1 - len(found))
        ]
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
        by_id = {row[0]: Hit(*row[:10]) for row in cursor.fetchall()}
    return [by_id[pk] for pk in ids if pk in by_id]
