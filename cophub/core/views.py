"""Shared view helpers: turning domain errors into responses; asking before a read."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from cophub.core.errors import DomainError


def raise_for(error: DomainError) -> None:
    """Turn a permission or not-found domain error into Django's 403/404."""
    if error.code == "permission_denied":
        raise PermissionDenied(error.message) from error
    if error.code == "not_found":
        raise Http404(error.message) from error


def form_error(form, error: DomainError, field: str | None = None) -> None:
    """Show any other domain error on the form, so the user can correct it."""
    raise_for(error)
    form.add_error(field, error.message)
    for problem in error.problems:
        form.add_error(field, str(problem))


def csrf_failure(request, reason: str = ""):
    """A form whose CSRF check failed (open too long, or sent from elsewhere): our page,
    in the reader's language, instead of Django's English one. Nothing was saved."""
    return render(request, "403_csrf.html", status=403)


def asks_when_sent_from_another_site(view):
    """A GET that shows or hands out personal data records the read in the viewer's name.

    Another site can send a signed-in user's browser to such a page (a link, a redirect or
    a pop-up: SameSite=Lax cookies travel with a top-level navigation), which would record
    a read the person never chose, or start a download they did not ask for. Browsers tell
    where a navigation came from in ``Sec-Fetch-Site``; from another site, the page first
    asks, with a link to itself, which the browser then sends as same-origin. A typed
    address or a bookmark ("none") and browsers that send no header go straight through.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "GET" and request.headers.get("Sec-Fetch-Site") == "cross-site":
            response = render(request, "cross_site.html", {"target": request.get_full_path()})
            response["Cache-Control"] = "private, no-store"
            return response
        return view(request, *args, **kwargs)

    return wrapper
