"""Reads for the search page and API: the hits, with snippets and labels."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from cophub.search.models import SearchDocument
from cophub.search.query import Filters
from cophub.search.query import search_results as run_search
from cophub.search.snippets import snippet


@dataclass
class Result:
    type: str
    type_label: str
    id: int
    title: str
    snippet: SafeString
    url: str
    kind: str
    fiscal_year: int | None


def search_results(
    *, user, q: str, filters: Filters | None = None, limit: int = 20, offset: int = 0
):
    """Results and how many there are; ``more`` when there are more than that count."""
    found = run_search(user=user, q=q, filters=filters, limit=limit, offset=offset)
    hits, query = found.hits, found.query
    labels = dict(SearchDocument.Type.choices)
    results = [
        Result(
            type=h.type,
            type_label=str(labels.get(h.type, h.type)),
            id=h.object_id,
            title=h.title,
            snippet=snippet(h.text or h.title, query),
            url=h.url,
            kind=h.kind,
            fiscal_year=h.fiscal_year,
        )
        for h in hits
    ]
    return results, found.count, found.more


def fiscal_years() -> list[int]:
    return list(
        SearchDocument.objects.exclude(fiscal_year=None)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
