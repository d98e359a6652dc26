import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cophub.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_log_in_and_out(member):
    client = Client()
    page = client.get(reverse("login")).content.decode()
    assert "เข้าสู่ระบบ" in page
    response = client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("programs:list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("programs:list")).status_code == 302


def test_wrong_password_is_told_in_thai(member):
    response = Client().post(reverse("login"), {"username": "member", "password": "nope"})
    assert response.status_code == 200
    assert "รหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_password_change(member_client, member):
    response = member_client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-pass-99",
            "new_password2": "another-long-pass-99",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("another-long-pass-99")


def test_the_password_rules_read_in_thai_with_thai_digits(member_client, member):
    page = member_client.get(reverse("password_change")).content.decode()
    assert "รหัสผ่านต้องมีอย่างน้อย ๘ ตัวอักษร" in page
    assert "รหัสผ่านต้องไม่เป็นตัวเลขล้วน" in page
    refused = member_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "1234567", "new_password2": "1234567"},
    )
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย ๘ ตัวอักษร" in text
    assert "รหัสผ่านนี้เป็นตัวเลขล้วน" in text
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_password_reset_by_email(member):
    client = Client()
    client.post(reverse("password_reset"), {"email": member.email})
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "การตั้งรหัสผ่านใหม่ของ CoP Hub"
    assert sent.body.startswith("เรียน ") and "ลิงก์นี้ใช้ได้เพียงครั้งเดียว" in sent.body
    assert "you are" not in sent.body
    link = re.search(r"/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "reset-long-pass-77", "new_password2": "reset-long-pass-77"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("reset-long-pass-77")


def test_switch_to_english(member_client):
    member_client.post(reverse("set_language"), {"language": "en", "next": "/programs/"})
    assert "Programs" in member_client.get(reverse("programs:list")).content.decode()
