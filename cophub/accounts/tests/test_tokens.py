import pytest
from django.core.management import call_command
from django.urls import reverse

from cophub.accounts.models import ApiToken
from cophub.accounts.selectors import user_for_token
from cophub.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_token_command_prints_a_working_token(member, capsys):
    call_command("token", "create", "member")
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("cph_")
    assert user_for_token(secret) == member
    token = ApiToken.objects.get()
    assert token.digest != secret and secret not in token.digest  # only a hash is kept


def test_token_command_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nobody"):
        call_command("token", "create", "nobody")


def test_profile_creates_and_revokes_tokens(member_client, member):
    response = member_client.post(reverse("accounts:profile"), {"name": "สคริปต์รายงาน"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=member)
    secret = response.context["new_secret"]
    assert secret in response.content.decode()
    assert user_for_token(secret) == member
    # Shown once: the next visit does not show it again.
    assert secret not in member_client.get(reverse("accounts:profile")).content.decode()
    member_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert user_for_token(secret) is None
    assert AuditLog.objects.filter(object_type="accounts.apitoken").count() == 2


def test_nobody_revokes_someone_elses_token(member_client, organiser):
    from cophub.accounts.services import token_create

    token, secret = token_create(user=organiser, name="mine")
    assert member_client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    assert user_for_token(secret) == organiser


def test_inactive_users_tokens_stop_working(member):
    from cophub.accounts.services import token_create

    _token, secret = token_create(user=member)
    member.is_active = False
    member.save()
    assert user_for_token(secret) is None


def test_token_name_is_required(member_client):
    response = member_client.post(reverse("accounts:profile"), {"name": ""})
    assert "กรุณากรอกข้อมูลช่องนี้" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_remembered_token_stops_at_once_when_revoked_or_its_user_is_deactivated(member, sysadmin):
    from django.test import Client

    from cophub.accounts.services import token_create, token_revoke
    from cophub.orgs.services import staff_update
    from cophub.testing import count_queries

    _token, secret = token_create(user=member, name="door")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    client = Client()
    assert client.get("/api/v1/programs", **headers).status_code == 200
    remembered = count_queries(lambda: client.get("/api/v1/programs", **headers))
    # Deactivating the account forgets every remembered token: refused on the next call.
    staff_update(actor=sysadmin, user=member, is_active=False)
    assert client.get("/api/v1/programs", **headers).status_code == 401
    staff_update(actor=sysadmin, user=member, is_active=True)
    assert client.get("/api/v1/programs", **headers).status_code == 200
    token_revoke(actor=member, token_id=_token.pk)
    assert client.get("/api/v1/programs", **headers).status_code == 401
    assert remembered >= 1  # the programs themselves are still read
