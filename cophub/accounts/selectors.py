"""Reads for accounts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cophub.accounts.models import ApiToken, User

# Writing last_used_at on every request would turn each API read into a write;
# once a minute is enough to tell a live token from a dead one.
_TOUCH_EVERY = dt.timedelta(minutes=1)


def user_for_token(secret: str) -> User | None:
    if not secret.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(user: User):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)
