"""Search over the JSON API: ``GET /api/v1/search?q=…``."""

from __future__ import annotations

from ninja import Query, Router, Schema

from cophub.search import selectors
from cophub.search.query import Filters

router = Router()


class SearchItem(Schema):
    type: str
    id: int
    title: str
    snippet: str  # HTML: the text is escaped, matches are wrapped in <mark>
    url: str
    subtitle: str = ""  # an activity's program and fiscal year; "" for other types


class SearchOut(Schema):
    items: list[SearchItem]
    count: int  # at most 500: only the best 500 are ranked
    more: bool = False  # true when more than `count` match
    suggestion: str | None = None  # "did you mean": a query one letter per word away


class SearchParams(Schema):
    q: str = ""
    kind: str = ""
    community: int | None = None
    fiscal_year: int | None = None
    organization: int | None = None
    limit: int = 20
    offset: int = 0


@router.get("", response=SearchOut, summary="Search knowledge, communities, programs, activities")
def search(request, params: Query[SearchParams]):
    """Best first; only what the caller may see. Odd input finds nothing, never errors."""
    filters = Filters(
        kind=params.kind[:30],
        community_id=params.community,
        fiscal_year=params.fiscal_year,
        organization_id=params.organization,
    )
    results, count, more = selectors.search_results(
        user=request.user,
        q=params.q,
        filters=filters,
        limit=min(max(params.limit, 1), 100),
        offset=min(max(params.offset, 0), 10_000),
    )
    return {
        "items": [
            {
                "type": r.type,
                "id": r.id,
                "title": r.title,
                "snippet": str(r.snippet),
                "url": r.url,
                "subtitle": r.subtitle,
            }
            for r in results
        ],
        "count": count,
        "more": more,
        "suggestion": selectors.did_you_mean(
            user=request.user, q=params.q, filters=filters, count=count
        ),
    }
