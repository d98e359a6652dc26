"""The field kit's service worker, served from a view rather than /static/: a worker's
scope can only be widened by a header its own response carries (``Service-Worker-Allowed``),
and the pages it serves (``/s/<token>``, ``/activities/<id>/checkin/``) are not under
/static/. Public: a respondent opens the survey without a login.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

SCRIPT = Path(__file__).parent / "static" / "core" / "js" / "offline-sw.js"


@cache
def _script() -> bytes:
    return SCRIPT.read_bytes()


@login_not_required
@require_GET
def service_worker(request):
    response = HttpResponse(_script(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Browsers check a worker for updates at least daily whatever this says; no-cache makes
    # them ask at every registration, so a fixed worker reaches phones at their next visit.
    response["Cache-Control"] = "no-cache"
    return response
