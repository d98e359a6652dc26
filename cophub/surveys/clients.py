"""Who is submitting, and how often they may: the rules the respondent page and the
JSON API share.

A device is the browser's ``cophub_rid`` cookie (a random UUID) on the page, and the
``client_id`` a kiosk or the offline client sends on the API. No IP address is stored;
the address only feeds a loose flood guard, counted in the cache for a minute.
"""

from __future__ import annotations

import uuid

from django.conf import settings

from cophub.core.ratelimit import allow
from cophub.surveys.models import Survey

COOKIE = "cophub_rid"
COOKIE_AGE = 400 * 24 * 3600  # a fiscal year and a bit: the same phone stays the same respondent
# Per device: a person may correct their answers, not flood. Per address: a flood guard
# loose enough for a hall of people sharing one Wi-Fi address.
DEVICE_LIMIT = settings.SURVEY_RATE_PER_DEVICE
ADDRESS_LIMIT = settings.SURVEY_RATE_PER_ADDRESS
WINDOW = 60


def respondent_of(request) -> uuid.UUID | None:
    """The device's respondent id from its cookie; None for a first visit or a bad cookie."""
    try:
        return uuid.UUID(request.COOKIES.get(COOKIE, ""))
    except ValueError:
        return None


def remember_respondent(request, response, respondent: uuid.UUID) -> None:
    """Keep the respondent id on the device, out of reach of page scripts."""
    response.set_cookie(
        COOKIE, str(respondent), max_age=COOKIE_AGE, httponly=True, samesite="Lax",
        secure=request.is_secure(),
    )  # fmt: skip


def client_allowed(survey: Survey, device: str, address: str) -> bool:
    """Count one submission from ``device`` at ``address``; False once either limit is hit.
    A device already over its limit is refused before its address is counted, so one
    flooding phone does not use up the hall's allowance."""
    return allow(f"s:{survey.pk}:d:{device}", limit=DEVICE_LIMIT, window=WINDOW) and allow(
        f"s:{survey.pk}:a:{address}", limit=ADDRESS_LIMIT, window=WINDOW
    )
