"""Personal follow-up links.

A link's token is HMAC-SHA256(SECRET_KEY, nonce), where the nonce is 128 random bits kept
on the invitation; the database keeps only SHA-256 of the token to find it. A copy of the
database therefore opens no link, yet the organiser's printable list can show the same
link again (docs/followups.md, "Tokens").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from django.conf import settings

_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_nonce() -> str:
    return secrets.token_hex(16)


def token_for(nonce: str) -> str:
    key = hashlib.sha256(b"cophub/followup-token\0" + settings.SECRET_KEY.encode()).digest()
    mac = hmac.new(key, nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def well_formed(token: str) -> bool:
    return bool(_SHAPE.fullmatch(token or ""))
