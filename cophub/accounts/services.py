"""Writes for accounts: API tokens."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from cophub.accounts.models import ApiToken, User
from cophub.accounts.selectors import forget_token
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError


@transaction.atomic
def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Make a new token for ``user``; return it with its secret (shown once, never stored)."""
    secret = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "API").strip()[:100],
        digest=ApiToken.digest_of(secret),
        hint=secret[:10],
    )
    audit_record(actor=user, action="api_token.created", instance=token)
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None or (token.user_id != actor.pk and not actor.is_system_admin):
        raise DomainError("not_found")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        forget_token(token.digest)
        audit_record(actor=actor, action="api_token.revoked", instance=token)
    return token
