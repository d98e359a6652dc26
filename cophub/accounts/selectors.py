"""Reads for accounts."""

from __future__ import annotations

import copy
import datetime as dt
import time

from django.utils import timezone

from cophub.accounts.models import ApiToken, User

# Writing last_used_at on every request would turn each API read into a write;
# once a minute is enough to tell a live token from a dead one.
_TOUCH_EVERY = dt.timedelta(minutes=1)


# A door phone sends its token with every scan: each process remembers a token's user for
# a few seconds instead of asking the database each time. A revoked or deactivated token
# stops working here at once and in other processes within TOKEN_MEMORY_SECONDS.
TOKEN_MEMORY_SECONDS = 10
_remembered: dict[str, tuple[float, User]] = {}


def forget_token(digest: str | None = None) -> None:
    if digest is None:
        _remembered.clear()
    else:
        _remembered.pop(digest, None)


def user_for_token(secret: str) -> User | None:
    if not secret.startswith(ApiToken.PREFIX):
        return None
    digest = ApiToken.digest_of(secret)
    seen = _remembered.get(digest)
    if seen is not None and seen[0] > time.monotonic():
        return copy.copy(seen[1])  # a copy: per-request caches set on it stay per request
    user = _user_for_digest(digest)
    if user is not None:
        if len(_remembered) > 1000:
            _remembered.clear()
        _remembered[digest] = (time.monotonic() + TOKEN_MEMORY_SECONDS, copy.copy(user))
    return user


def _user_for_digest(digest: str) -> User | None:
    # The digest is unique: no ORDER BY (the model's default ordering) on every API call.
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, revoked_at__isnull=True)
        .order_by()
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
