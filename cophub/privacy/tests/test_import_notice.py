"""A list import: the organiser confirms the people were told of the notice (PDPA s.25,
data not collected from the person), and their registrations keep its version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cophub.jobs.models import Job
from cophub.participants.tests.test_import_pages import a_list, preview_url
from cophub.programs.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def previewed(organiser_client, activity, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            reverse("participants:import", args=[activity.pk]), {"file": a_list()}
        )
    return Job.objects.get(kind="participants.import_preview")


def test_the_preview_links_the_notice_and_asks_the_organiser_to_confirm(
    organiser_client, activity, previewed, notice
):
    page = organiser_client.get(preview_url(activity, previewed)).content.decode()
    assert "ข้าพเจ้าได้แจ้งบุคคลในรายชื่อนี้แล้วว่าข้อมูลของเขาใช้ตามประกาศความเป็นส่วนตัว" in page
    assert 'href="/privacy/"' in page


def test_without_the_confirmation_nothing_is_imported(
    organiser_client, activity, previewed, notice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refused = organiser_client.post(preview_url(activity, previewed), follow=True)
    assert "กรุณายืนยันว่าได้แจ้งประกาศความเป็นส่วนตัวให้บุคคลในรายชื่อทราบแล้ว" in (refused.content.decode())
    assert not Job.objects.filter(kind="participants.import_apply").exists()
    assert not Registration.objects.exists()


def test_confirmed_the_registrations_keep_the_notice_version(
    organiser_client, activity, previewed, notice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(preview_url(activity, previewed), {"people_informed": "on"})
    versions = set(Registration.objects.values_list("privacy_notice_version", flat=True))
    assert Registration.objects.count() == 3 and versions == {1}
