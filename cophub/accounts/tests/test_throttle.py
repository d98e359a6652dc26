"""Log-in throttling: an account locks after five wrong passwords, an address after many."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from cophub.testing import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _try(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(member):
    client = Client()
    for _ in range(4):
        assert _try(client, "member", "ผิด").status_code == 200
    locked = _try(client, "member", "ผิด")
    assert locked.status_code == 429
    assert "บัญชีนี้ถูกระงับชั่วคราว" in locked.content.decode()
    assert int(locked["Retry-After"]) == 15 * 60
    # The right password is refused while the lock lasts, from any address.
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert _try(other, "member", PASSWORD).status_code == 429
    # Another account on the same address is not affected.
    UserFactory(username="colleague")
    assert _try(client, "colleague", PASSWORD).status_code == 302


def test_an_admin_unlocks_the_account(member, admin_client):
    from axes.models import AccessAttempt

    for _ in range(5):
        _try(Client(), "member", "ผิด")
    attempt = AccessAttempt.objects.get(username="member")
    page = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200 and "member" in page.content.decode()
    admin_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert _try(Client(), "member", PASSWORD).status_code == 302


def test_a_success_forgets_earlier_mistakes(member):
    client = Client()
    for _ in range(4):
        _try(client, "member", "ผิด")
    assert _try(client, "member", PASSWORD).status_code == 302
    for _ in range(4):
        assert _try(Client(), "member", "ผิด").status_code == 200


@override_settings(LOGIN_FAILURES_PER_ADDRESS=8)
def test_one_address_trying_many_accounts_is_throttled(member):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(8):
        assert _try(client, f"user{n}", "ผิด").status_code == 200
    refused = _try(client, "member", PASSWORD)
    assert refused.status_code == 429
    assert "กรุณารอ ๑๕ นาที" in refused.content.decode()
    # The admin's log-in is guarded the same way; other addresses are not.
    assert (
        client.post(
            reverse("admin:login"), {"username": "member", "password": PASSWORD}
        ).status_code
        == 429
    )
    assert _try(Client(REMOTE_ADDR="203.0.113.8"), "member", PASSWORD).status_code == 302


PRODUCTION_SCRIPT = r"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", "--noinput", verbosity=0)
from django.test import Client
from cophub.accounts.models import User
User.objects.create_user("member", password="right-password-2569")
client = Client(HTTP_HOST="cophub.example.go.th")
codes = [client.post("/accounts/login/", {"username": "member", "password": "wrong"}, secure=True).status_code for _ in range(5)]
locked = client.post("/accounts/login/", {"username": "member", "password": "right-password-2569"}, secure=True)
print(codes, locked.status_code, locked["Retry-After"], "ระงับ" in locked.content.decode())
"""


def test_throttling_holds_in_production_mode(tmp_path):
    from cophub.core.tests.test_settings import GOOD_KEY, run

    result = run(
        ["-c", PRODUCTION_SCRIPT], COPHUB_ENV="production", SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="cophub.example.go.th", COPHUB_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split("\n")[-2] == "[200, 200, 200, 200, 429] 429 900 True"


@override_settings(LOGIN_FAILURES_PER_ADDRESS=3, TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(member):
    """nginx on the host: every request comes from 127.0.0.1, the client is in X-F-F."""
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    for n in range(3):
        _try(attacker, f"user{n}", "ผิด")
    assert _try(attacker, "member", PASSWORD).status_code == 429
    # A colleague behind the same proxy is a different client, and not locked out.
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert _try(colleague, "member", PASSWORD).status_code == 302
    # A forged X-F-F entry left of the proxy's does not let the attacker escape.
    forged = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1")
    assert _try(forged, "member", PASSWORD).status_code == 429


@override_settings(LOGIN_FAILURES_PER_ADDRESS=3, TRUSTED_PROXIES=[])
def test_without_trusted_proxies_x_forwarded_for_is_ignored(member):
    for n in range(3):
        _try(Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"), f"u{n}", "ผิด")
    spoofing = Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert _try(spoofing, "member", PASSWORD).status_code == 429
