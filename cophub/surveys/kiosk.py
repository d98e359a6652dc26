"""The kiosk link: a survey answered on one shared tablet by one person after another.

The link is signed (``/s/{token}/kiosk/{signature}``) rather than opened by the
organiser's login: a tablet left logged in as the organiser would hand every passer-by
the survey's settings, results and the program. The signature is an HMAC of the survey's
token under SECRET_KEY, so only those who see the organiser's page get it. All it allows
beyond the ordinary link is a kiosk's rate limit (``clients.kiosk_allowed``): it can
neither see answers nor skip a ticket (no kiosk for attendees-only surveys).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from cophub.surveys.models import Survey

_SIGNER = signing.Signer(salt="cophub.surveys.kiosk")


def kiosk_signature(survey: Survey) -> str:
    return _SIGNER.signature(survey.token)


def kiosk_valid(survey: Survey, signature: str) -> bool:
    return not survey.attendees_only and constant_time_compare(signature, kiosk_signature(survey))


def kiosk_url(survey: Survey) -> str:
    """The absolute kiosk address (SITE_URL, as the QR code), or "" where there is none."""
    if survey.attendees_only:
        return ""
    path = reverse("surveys:kiosk", args=[survey.token, kiosk_signature(survey)])
    return settings.SITE_URL + path
