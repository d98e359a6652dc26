"""Security headers: a strict Content-Security-Policy and a Permissions-Policy on every
response; HSTS in production, preloading only when the operator opts in."""

from cophub.core.tests.test_settings import GOOD_KEY, run

SCRIPT = r"""
import django
django.setup()
from django.test import Client
r = Client(HTTP_HOST="cophub.example.go.th").get("/healthz", secure=True)
print(r.get("Strict-Transport-Security"), "|", r.get("Content-Security-Policy"), "|", r.get("Permissions-Policy"))
"""


def test_every_page_has_the_policies(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["Permissions-Policy"].startswith("camera=(self), microphone=()")


def _production(tmp_path, **env):
    result = run(
        ["-c", SCRIPT], COPHUB_ENV="production", SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="cophub.example.go.th", COPHUB_VAR_DIR=str(tmp_path), **env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return [part.strip() for part in result.stdout.strip().splitlines()[-1].split("|")]


def test_production_sends_hsts_without_preload_unless_asked(tmp_path):
    hsts, csp, permissions = _production(tmp_path)
    assert hsts == "max-age=31536000; includeSubDomains"
    assert csp.startswith("default-src 'self'") and permissions.startswith("camera=(self)")
    hsts, _csp, _permissions = _production(tmp_path, SECURE_HSTS_PRELOAD="1")
    assert hsts == "max-age=31536000; includeSubDomains; preload"
