"""Staff accounts: an admin creates, invites, edits and deactivates users in the app."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cophub.accounts.models import User
from cophub.core.models import AuditLog
from cophub.orgs.models import Organization, Person
from cophub.testing import UserFactory, count_queries


@pytest.fixture
def admin_client(sysadmin) -> Client:
    client = Client()
    client.force_login(sysadmin)
    return client


def _new(client, **extra):
    data = {
        "username": "malee", "prefix": "นางสาว", "first_name": "มาลี", "last_name": "ศรีสุข",
        "email": "malee@example.go.th", "role": "organiser", "position": "นักทรัพยากรบุคคล",
        "organization": Organization.objects.get(code="DOPA").pk, "invite": "on", **extra,
    }  # fmt: skip
    return client.post(reverse("orgs:staff_create"), data)


def test_an_admin_creates_an_organiser_with_an_organisation_and_an_invitation(admin_client):
    response = _new(admin_client)
    user = User.objects.get(username="malee")
    assert response.status_code == 302
    assert user.role == "organiser" and not user.has_usable_password()
    person = Person.objects.get(user=user)
    assert (person.prefix, person.organization.code, person.position) == (
        "นางสาว", "DOPA", "นักทรัพยากรบุคคล",
    )  # fmt: skip
    (sent,) = mail.outbox
    assert sent.to == ["malee@example.go.th"]
    path = re.search(r"/accounts/reset/\S+/", sent.body).group(0)
    assert set(AuditLog.objects.values_list("action", flat=True)) == {
        "staff.created",
        "staff.invited",
    }
    # The link sets a password once; then the new organiser logs in.
    stranger = Client()
    form_page = stranger.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = stranger.post(
        set_url, {"new_password1": "ยาวพอ-และ-ยาก-2569", "new_password2": "ยาวพอ-และ-ยาก-2569"}
    )
    assert done.status_code == 302
    login = Client().post(reverse("login"), {"username": "malee", "password": "ยาวพอ-และ-ยาก-2569"})
    assert login.status_code == 302


def test_a_taken_user_name_is_a_message_on_the_form_in_thai(admin_client):
    UserFactory(username="malee")
    response = _new(admin_client, email="other@example.go.th")
    assert response.status_code == 200
    assert "ชื่อผู้ใช้ malee มีผู้ใช้แล้ว" in response.content.decode()
    assert not mail.outbox


def test_an_invitation_needs_an_e_mail(admin_client):
    response = _new(admin_client, email="")
    assert "การเชิญต้องมีอีเมล" in response.content.decode()
    assert not User.objects.filter(username="malee").exists()


def test_an_admin_changes_role_and_organisation_and_deactivates(admin_client, member):
    url = reverse("orgs:staff_edit", args=[member.pk])
    data = {"first_name": "สมหญิง", "last_name": "ดี", "email": "", "role": "facilitator",
            "organization": Organization.objects.get(code="CDD").pk, "is_active": ""}  # fmt: skip
    assert admin_client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.role == "facilitator" and not member.is_active
    assert member.person.organization.code == "CDD"
    row = AuditLog.objects.get(action="staff.updated")
    assert row.changes["role"] == ["member", "facilitator"]
    assert row.changes["is_active"] == [True, False]


def test_an_admin_cannot_lock_themselves_out(admin_client, sysadmin):
    url = reverse("orgs:staff_edit", args=[sysadmin.pk])
    response = admin_client.post(url, {"first_name": "ผู้ดูแล", "role": "admin", "is_active": ""})
    assert "ไม่สามารถปิดบัญชีหรือเปลี่ยนบทบาทของตนเองได้" in response.content.decode()
    sysadmin.refresh_from_db()
    assert sysadmin.is_active


@pytest.mark.parametrize("who", ["organiser_client", "member_client"])
def test_only_admins_manage_staff(request, who, member):
    client = request.getfixturevalue(who)
    for url in (reverse("orgs:staff"), reverse("orgs:staff_create"),
                reverse("orgs:staff_edit", args=[member.pk])):  # fmt: skip
        assert client.get(url).status_code == 403
    assert client.post(reverse("orgs:staff_invite", args=[member.pk])).status_code == 403
    assert not mail.outbox


def test_a_stranger_is_sent_to_log_in(stranger_client):
    response = stranger_client.get(reverse("orgs:staff"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_is_in_thai_order_in_a_fixed_number_of_queries(admin_client):
    for first in ["เชียงราย", "กมล", "แม่ฮ่องสอน", "ขวัญ"]:
        UserFactory(first_name=first, last_name="ทดสอบ")
    url = reverse("orgs:staff")
    n = count_queries(lambda: admin_client.get(url))
    UserFactory.create_batch(5)
    assert count_queries(lambda: admin_client.get(url)) == n
    text = admin_client.get(url).content.decode()
    names = [text.index(f"{n} ทดสอบ") for n in ["กมล", "ขวัญ", "เชียงราย", "แม่ฮ่องสอน"]]
    assert names == sorted(names)


def test_organisations_are_offered_in_thai_dictionary_order(admin_client):
    text = admin_client.get(reverse("orgs:staff_create")).content.decode()
    assert text.index("กรมโยธาธิการและผังเมือง") < text.index("กรมส่งเสริมการปกครองท้องถิ่น")
