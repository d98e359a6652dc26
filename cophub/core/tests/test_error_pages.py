"""The pages Django draws itself when something fails read in the reader's language:
the server error (drawn with no request and no context) and a failed CSRF check."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_the_server_error_page_is_thai_and_needs_no_request_context():
    with translation.override("th"):
        response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="th">' in page and "เกิดข้อผิดพลาด" in page
    assert "Server Error" not in page


def test_a_failed_csrf_check_is_our_page_in_thai_and_saves_nothing(member):
    from cophub.testing import PASSWORD

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "x-long-pass-42",
            "new_password2": "x-long-pass-42",
        },
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "แบบฟอร์มหมดอายุ" in page and "CSRF verification failed" not in page
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
