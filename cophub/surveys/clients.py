"""Who is submitting, and how often they may: the rules the respondent page and the
JSON API share.

A device is known to one survey only. Its browser holds a random value in a cookie
scoped to that survey's path (``/s/{token}``), kept while the survey is open; the
response stores a hash of it with the survey's id (``respondent_for``), so the ids that
one phone leaves in two surveys cannot be joined, and a copy of the database cannot be
turned back into a cookie that opens someone's answers. The ``client_id`` a form or an
API client sends is stored hashed with the survey's id likewise (``client_key``).

No IP address is stored; the address only feeds the flood guard, counted in the shared
cache for a minute (Redis in production, see docs/deploy.md), so every server process
and host counts against the same limit.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cophub.core.ratelimit import allow, allow_all
from cophub.surveys.models import Survey

COOKIE = "cophub_r"
# Its copy for the survey's JSON submission route (``remember_device``): another name, as
# a response sets one cookie per name.
API_COOKIE = "cophub_ra"
# The one cookie of every survey before ids were per survey (Path=/, 400 days). It is
# only read, to find an answer this device gave under it, and never set again.
LEGACY_COOKIE = "cophub_rid"
# A survey without a closing time keeps a device's id this long after its last visit.
DEFAULT_AGE = timedelta(days=7)
MAX_AGE = timedelta(days=400)  # browsers cap cookies at 400 days anyway
_SHAPE = re.compile(r"[A-Za-z0-9_-]{22}|[0-9a-f-]{36}")  # token_urlsafe(16), or a legacy UUID
WINDOW = 60


def _digest(purpose: bytes, survey_id: int, value: str) -> uuid.UUID:
    """SHA-256 of a random device value with the survey's id: per survey, one way. No
    secret key: the value itself is 128 random bits, and a rotated key must not make
    every phone a new respondent."""
    data = b"cophub/survey-" + purpose + b"\0" + str(survey_id).encode() + b"\0" + value.encode()
    return uuid.UUID(bytes=hashlib.sha256(data).digest()[:16], version=4)


def respondent_for(survey: Survey, value: str) -> uuid.UUID:
    """The stored respondent id of the device holding ``value`` for ``survey``."""
    return _digest(b"respondent", survey.pk, value)


def client_key(survey: Survey, client_id: uuid.UUID) -> uuid.UUID:
    """How a submission's ``client_id`` is stored: a client that reuses one id in two
    surveys leaves two unrelated ids, and a replay to the same survey still finds its row."""
    return _digest(b"client", survey.pk, str(client_id))


def rate_key(survey: Survey, value: str) -> str:
    """The rate limiter's device key: not the stored respondent id, so the cache's
    keys name no stored row."""
    return _digest(b"rate", survey.pk, value).hex


# --- on the device ----------------------------------------------------------------------
def new_device_value() -> str:
    return secrets.token_urlsafe(16)


def _shaped(value: str) -> str | None:
    return value if _SHAPE.fullmatch(value or "") else None


def device_value(request) -> str | None:
    """This survey's device value from its own cookie (the browser sends it only on the
    survey's paths, its copy only on its submission route); None for a first visit or a
    bad cookie."""
    return _shaped(request.COOKIES.get(COOKIE) or request.COOKIES.get(API_COOKIE, ""))


def legacy_value(request) -> str | None:
    """The old site-wide cookie's UUID, if the device still has one."""
    value = request.COOKIES.get(LEGACY_COOKIE, "")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def cookie_path(survey: Survey) -> str:
    return reverse("surveys:respond", args=[survey.token])


def api_cookie_path(survey: Survey) -> str:
    """The JSON submission route of this survey alone: where the page's offline queue
    sends what it kept (``offline.js``), which must be this device's answer too."""
    return reverse("api:response_submit", args=[survey.token])


def cookie_age(survey: Survey, now=None, *, default: timedelta = DEFAULT_AGE) -> int:
    """Seconds to keep the id: until the survey closes, or ``default`` without a closing
    time. Never more than MAX_AGE, and 0 (gone) once it has closed."""
    now = now or timezone.now()
    left = (survey.closes_at - now) if survey.closes_at else default
    return max(0, int(min(left, MAX_AGE).total_seconds()))


def remember_device(request, response, survey: Survey, value: str) -> None:
    """Keep the device's value for this survey only, out of reach of page scripts: one
    cookie for its pages and a copy for its submission route (a cookie has one path, and
    widening it to ``/`` would send it to every page and every other survey)."""
    for name, path in ((COOKIE, cookie_path(survey)), (API_COOKIE, api_cookie_path(survey))):
        response.set_cookie(
            name, value, max_age=cookie_age(survey), path=path, httponly=True,
            samesite="Lax", secure=request.is_secure(),
        )  # fmt: skip


# --- limits -----------------------------------------------------------------------------
def client_allowed(survey: Survey, device: str, address: str) -> bool:
    """Count one submission from ``device`` at ``address``; False once either limit is hit.
    A device already over its limit is refused before its address is counted, so one
    flooding phone does not use up the hall's allowance. A sender that invents a new
    device for every request escapes the first limit, never the second."""
    device_limit = (f"s:{survey.pk}:d:{device}", settings.SURVEY_RATE_PER_DEVICE)
    return allow_all([device_limit, _address_limit(survey, address)], window=WINDOW)


def _address_limit(survey: Survey, address: str) -> tuple[str, int]:
    return f"s:{survey.pk}:a:{address}", settings.SURVEY_RATE_PER_ADDRESS


def address_allowed(survey: Survey, address: str) -> bool:
    key, limit = _address_limit(survey, address)
    return allow(key, limit=limit, window=WINDOW)


def kiosk_allowed(survey: Survey, address: str) -> bool:
    """A kiosk is one tablet answered by person after person: its "device" is the kiosk
    link at one address, with a limit sized for a queue of people (a person a few
    seconds each), not for one person correcting their answer. Several tablets behind
    one address share it; the address limit still holds for all."""
    kiosk_limit = (f"s:{survey.pk}:k:{address}", settings.SURVEY_RATE_PER_KIOSK)
    return allow_all([kiosk_limit, _address_limit(survey, address)], window=WINDOW)
