"""A NUL (or another control character) in a path or query parameter is refused in one
place with a 400 — it was a 500 on PostgreSQL on public endpoints (issue 12)."""

import pytest
from django.test import Client

PUBLIC = [
    "/s/%00",
    "/api/v1/s/%00",
    "/api/v1/s/ab%00cd",
    "/s/abc?x=%00",
    "/accounts/login/?next=%01",
]
LOGGED_IN = [
    "/api/v1/search?kind=%00", "/api/v1/knowledge/items?kind=%00", "/search/?q=a%00b",
    "/programs/?fy=%00", "/api/v1/programs?x%00=1",
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC)
def test_public_paths_with_control_characters_are_400(path):
    response = Client(raise_request_exception=False).get(path, HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json() == {"code": "bad_characters", "detail": "ที่อยู่ที่ส่งมามีอักขระที่ไม่อนุญาต"}
    else:
        assert "ที่อยู่ที่ส่งมามีอักขระที่ไม่อนุญาต" in response.content.decode()


@pytest.mark.parametrize("path", LOGGED_IN)
def test_logged_in_paths_with_control_characters_are_400(member_client, path):
    assert member_client.get(path).status_code == 400


def test_a_post_to_a_path_with_a_nul_is_400_too(db):
    response = Client(raise_request_exception=False).post(
        "/api/v1/s/%00/responses", "{}", content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "bad_characters"


def test_ordinary_thai_text_and_tabs_pass(member_client):
    assert member_client.get("/search/?q=การบริการ%09ประชาชน").status_code == 200
