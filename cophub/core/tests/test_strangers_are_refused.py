"""A stranger (not logged in) gets nothing private from any route: every GET route of the
URL configuration is read without a login and must send them to log in or refuse them,
except the routes that are public by design (listed here, each with its reason). A new
route is checked without a word; one that answers a stranger must be added here on purpose.
"""

from __future__ import annotations

import pytest
from django.test import Client

from cophub.core.tests import test_reads_never_write as sweep
from cophub.core.tests.test_reads_never_write import fill, routes

# The same fixture as the write sweep's: one of everything a URL can name.
world = sweep.world

pytestmark = pytest.mark.django_db

# Route names a stranger may open, and why.
PUBLIC = {
    # logging in, and getting back in
    "login", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "set_language", "logout",
    # the load balancer's probes; metrics only from a loopback address or with its token
    # (ops/tests/test_metrics.py), and the suite's client comes from 127.0.0.1
    "healthz", "readyz", "metrics",
    # the privacy notice is published for everyone (PDPA s.23); the API's schema is public
    "notice", "notice_version", "openapi-json",
    # a survey is answered by whoever holds its link or its signed kiosk link
    "respond", "thanks", "survey_read", "kiosk", "kiosk_thanks",
    # a certificate is checked by whoever scans its QR (its code: 256 random bits)
    "verify",
    # the field kit's service worker: a script the public survey page registers, no data
    "service_worker",
}  # fmt: skip
REFUSED = {302, 401, 403, 404, 405, 409}


def test_every_get_route_refuses_a_stranger_or_is_public(world):
    answered, odd = {}, {}
    for route, name in routes():
        response = Client().get(fill(route, world))
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"] or name in PUBLIC, (name, route)
        if response.status_code == 200:
            answered[name or route] = route
        elif response.status_code not in REFUSED:
            odd[name or route] = response.status_code
    assert set(answered) <= PUBLIC, sorted(set(answered) - PUBLIC)
    assert not odd, odd
    assert {"respond", "notice", "login"} <= set(answered)  # the sweep does reach pages
