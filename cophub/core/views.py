"""Shared view helpers: turning domain errors into responses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

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
