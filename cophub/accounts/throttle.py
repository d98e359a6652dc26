"""Log-in throttling: by account (django-axes) and by address (here).

An account is locked for ``AXES_COOLOFF_TIME`` after ``AXES_FAILURE_LIMIT`` wrong passwords,
whoever types them; an admin unlocks it early by deleting its "access attempt" in the admin.
An address is throttled only much later (``LOGIN_FAILURES_PER_ADDRESS`` in
``LOGIN_ADDRESS_WINDOW`` seconds): a whole ministry office often shares one NAT address, and
one person's typos must not lock out their colleagues, while one machine trying many
accounts is still stopped. Both count in the shared cache or database, so every app server
sees the same numbers.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

from cophub.core.ratelimit import allow, client_address, hits


def _key(request) -> str:
    return f"login-fail:{client_address(request)}"


@receiver(user_login_failed)
def count_failure(sender, credentials=None, request=None, **kwargs) -> None:
    if request is not None:
        allow(_key(request), limit=settings.LOGIN_FAILURES_PER_ADDRESS,
              window=settings.LOGIN_ADDRESS_WINDOW)  # fmt: skip


def address_throttled(request) -> bool:
    return hits(_key(request), window=settings.LOGIN_ADDRESS_WINDOW) >= (
        settings.LOGIN_FAILURES_PER_ADDRESS
    )


class LoginThrottleMiddleware:
    """Refuses log-in posts from an address that failed too often, before any password check."""

    LOGIN_VIEWS = {"login", "admin:login"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name not in self.LOGIN_VIEWS:
            return None
        if not address_throttled(request):
            return None
        minutes = max(1, settings.LOGIN_ADDRESS_WINDOW // 60)
        response = render(request, "registration/throttled.html", {"minutes": minutes}, status=429)
        response["Retry-After"] = str(settings.LOGIN_ADDRESS_WINDOW)
        return response


def account_locked_response(request, original_response=None, credentials=None):
    """django-axes' answer for a locked account: a Thai page, 429 with Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request, "registration/locked_out.html", {"lockout_minutes": max(1, seconds // 60)},
        status=429,
    )  # fmt: skip
    response["Retry-After"] = str(seconds)
    return response
