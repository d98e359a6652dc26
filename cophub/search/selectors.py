"""Reads for the search page and API: the hits, with snippets and labels."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cophub.core.thai import screen_digits
from cophub.search.models import SearchDocument
from cophub.search.query import Filters
from cophub.search.query import search_results as run_search
from cophub.search.snippets import snippet
from cophub.search.suggest import suggestion

# "Did you mean" is offered when a query finds at most this many things.
FEW_RESULTS = 2


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
    subtitle: str = ""  # an activity's program and its fiscal year


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
            subtitle=_subtitle(h),
        )
        for h in hits
    ]
    return results, found.count, found.more


def did_you_mean(*, user, q: str, filters: Filters | None = None, count: int) -> str | None:
    """A spelling of ``q`` one letter per word away that finds more for this user, when
    ``q`` itself (``count`` results) finds nothing or very little."""
    if count > FEW_RESULTS or not (user and user.is_authenticated):
        return None
    fixed = suggestion(q)
    if fixed is None:
        return None
    found = run_search(user=user, q=fixed, filters=filters, limit=1)
    return fixed if found.count > count else None


def _subtitle(hit) -> str:
    """The program an activity belongs to, with its fiscal year (kept on the indexed row,
    so naming it costs no query)."""
    if not hit.subtitle:
        return ""
    if not hit.fiscal_year:
        return hit.subtitle
    return _("%(program)s, fiscal year %(year)s") % {
        "program": hit.subtitle,
        "year": screen_digits(hit.fiscal_year),
    }


def fiscal_years() -> list[int]:
    return list(
        SearchDocument.objects.exclude(fiscal_year=None)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
