"""Another site cannot make a signed-in organiser's browser record a read of personal data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cophub.privacy.models import PersonalDataRead

PAGES = [
    "participants:roster", "participants:export_xlsx", "participants:signin_pdf",
    "participants:badges_pdf",
]  # fmt: skip


@pytest.mark.parametrize("name", PAGES)
def test_sent_from_another_site_the_page_asks_first_and_records_nothing(
    organiser_client, activity, name
):
    url = reverse(name, args=[activity.pk])
    response = organiser_client.get(url, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "เปิดหน้านี้หรือไม่" in response.content.decode()
    assert f'href="{url}"' in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert not PersonalDataRead.objects.exists()


@pytest.mark.parametrize("site", ["same-origin", "none", None])
def test_from_our_own_page_a_typed_address_or_an_older_browser_it_opens(
    organiser_client, activity, site
):
    headers = {"HTTP_SEC_FETCH_SITE": site} if site else {}
    response = organiser_client.get(reverse("participants:roster", args=[activity.pk]), **headers)
    assert response.status_code == 200
    assert "เปิดหน้านี้หรือไม่" not in response.content.decode()
    assert PersonalDataRead.objects.count() == 1
