"""The executive dashboard page: thin, the figures come from selectors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from cophub.core.errors import DomainError
from cophub.core.thai import fiscal_year, parse_fiscal_year
from cophub.dashboard.permissions import can_see_dashboard
from cophub.dashboard.selectors import dashboard


def dashboard_page(request):
    if not can_see_dashboard(request.user):
        raise PermissionDenied
    from django.utils import timezone

    this_year = fiscal_year(timezone.localdate())
    first = parse_fiscal_year(request.GET.get("from", "")) or this_year - 4
    last = parse_fiscal_year(request.GET.get("to", "")) or this_year
    error = None
    try:
        d = dashboard(first=first, last=last)
    except DomainError as exc:
        error, d = exc, None
    return render(
        request, "dashboard/dashboard.html", {"d": d, "error": error, "first": first, "last": last},
        status=422 if error else 200,
    )  # fmt: skip
