"""The search page: one box across knowledge, communities, programs and activities."""

from __future__ import annotations

from django.shortcuts import render

from cophub.search import selectors
from cophub.search.forms import SearchForm

PER_PAGE = 20


def _with_q(get, q: str | None) -> str:
    """The same search (filters kept) for another query, from page one."""
    if not q:
        return ""
    params = get.copy()
    params.pop("page", None)
    params["q"] = q
    return params.urlencode()


def search_page(request):
    form = SearchForm(request.GET or None)
    results, count, more, page = [], 0, False, 1
    q, suggestion = "", None
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"]
        page = form.cleaned_data.get("page") or 1
        results, count, more = selectors.search_results(
            user=request.user, q=q, filters=form.filters(),
            limit=PER_PAGE, offset=(page - 1) * PER_PAGE,
        )  # fmt: skip
        if page == 1:
            suggestion = selectors.did_you_mean(
                user=request.user, q=q, filters=form.filters(), count=count
            )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "form": form, "q": q, "results": results, "count": count, "more": more, "page": page,
            "suggestion": suggestion,
            "suggestion_query": _with_q(request.GET, suggestion),
            "prev_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page * PER_PAGE < count else None,
            "query_string": params.urlencode(),
        },
    )  # fmt: skip
