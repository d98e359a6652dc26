"""An organiser imports a list in a real browser: upload an XLSX, read the preview, confirm;
and a page left open on a running job turns into the preview when the job finishes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cophub.accounts.models import User
from cophub.jobs.models import Job
from cophub.jobs.runner import execute
from cophub.participants.models import RegistrationPolicy
from cophub.participants.services.imports import PREVIEW_KIND, participant_import_prepare
from cophub.participants.tests.test_checkin_browser import log_in
from cophub.participants.tests.test_import_files import HEADER, PEOPLE, xlsx
from cophub.programs.models import Registration
from cophub.testing import ActivityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads and result files of these tests go to a folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def setting(reference_data):
    organiser = UserFactory(username="organiser", role=User.Role.ORGANISER)
    activity = ActivityFactory(program__owner=organiser, title="ศึกษาดูงานการให้บริการประชาชน")
    RegistrationPolicy.objects.create(activity=activity, is_open=True)
    return organiser, activity


def upload_list(page, activity_id: int, *, username: str = "organiser") -> None:
    """``username`` logs in, uploads the three-person XLSX (a title row first) and asks for
    the preview; returns once the preview lists the rows."""
    log_in(page, username)
    page.goto(reverse("participants:import", args=[activity_id]))
    page.set_input_files(
        "#id_file",
        files=[{"name": "รายชื่อ.xlsx", "mimeType": XLSX,
                "buffer": xlsx([HEADER, *PEOPLE], title_rows=1)}],
    )  # fmt: skip
    page.get_by_role("button", name="ตรวจสอบรายชื่อ").click()
    page.get_by_test_id("import-rows").get_by_text("นายสมชาย ใจดี").wait_for()


def test_upload_preview_confirm(page, setting):
    _organiser, activity = setting
    upload_list(page, activity.pk)
    rows = page.get_by_test_id("import-rows")
    rows.get_by_text("ว่าที่ ร.ต. หญิง สมศรี ณ อยุธยา").wait_for()
    assert page.get_by_test_id("import-summary").inner_text().count("๓") >= 2
    assert not Registration.objects.filter(activity=activity).exists()
    page.locator("#id_people_informed").check()  # they were told of the privacy notice
    page.get_by_role("button", name="ลงทะเบียน ๓ คน").click()
    page.get_by_test_id("import-outcome").wait_for()
    assert "นำเข้ารายชื่อผู้เข้าร่วมแล้ว" in page.content()
    assert Registration.objects.filter(activity=activity, source="imported").count() == 3


def test_a_page_waiting_on_the_job_becomes_the_preview(page, setting):
    organiser, activity = setting
    params = participant_import_prepare(
        actor=organiser, activity=activity,
        upload=SimpleUploadedFile("รายชื่อ.xlsx", xlsx([HEADER, *PEOPLE])),
    )  # fmt: skip
    job = Job.objects.create(kind=PREVIEW_KIND, owner=organiser, params=params)  # not queued
    log_in(page, "organiser")
    page.goto(reverse("participants:import_preview", args=[activity.pk, job.pk]))
    page.get_by_test_id("job-progress").wait_for()
    execute(job)  # the worker's part, while the page polls
    page.get_by_test_id("import-rows").get_by_text("นางสาวสมหญิง รักงาน").wait_for()
    assert page.url.endswith(f"/participants/import/{job.pk}/")
