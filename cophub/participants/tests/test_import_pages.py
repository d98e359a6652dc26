"""The import pages: upload → preview of every row → confirm → outcome, and who may."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cophub.jobs.models import Job
from cophub.participants.services.imports import participant_import_start
from cophub.participants.tests.test_import_files import HEADER, PEOPLE, csv_bytes, xlsx
from cophub.programs.models import Registration
from cophub.testing import ActivityFactory, count_queries

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BAD_ROW = ["๔", "นายสมปอง ดีใจ", "", "กรมพัฒนาชุมชม", "sompong@", ""]


# The organiser confirms the people on the list were told of the privacy notice.
INFORMED = {"people_informed": "on"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads and result files of these tests go to a folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def upload_url(activity) -> str:
    return reverse("participants:import", args=[activity.pk])


def preview_url(activity, job) -> str:
    return reverse("participants:import_preview", args=[activity.pk, job.pk])


def a_list(rows=None, name="รายชื่อ.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx(rows or [HEADER, *PEOPLE], title_rows=1), XLSX)


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Jobs run at once, as the test settings' immediate backend does after a commit."""

    def run(func):
        with django_capture_on_commit_callbacks(execute=True):
            return func()

    return run


def upload(client, activity, run_jobs, file, **data):
    return run_jobs(lambda: client.post(upload_url(activity), {"file": file, **data}))


def latest_job() -> Job:
    return Job.objects.order_by("-created_at").first()


# --- the whole path -----------------------------------------------------------------------
def test_upload_preview_confirm_outcome(organiser_client, activity, participant, run_jobs):
    page = organiser_client.get(upload_url(activity))
    assert page.status_code == 200
    assert "นำเข้ารายชื่อผู้เข้าร่วม" in page.content.decode()
    response = upload(organiser_client, activity, run_jobs, a_list())
    job = latest_job()
    assert (job.kind, job.state) == ("participants.import_preview", "done")
    assert response.status_code == 302 and response["Location"] == preview_url(activity, job)

    preview = organiser_client.get(preview_url(activity, job)).content.decode()
    for shown in ("นายสมชาย ใจดี", "นางสาวสมหญิง รักงาน", "ว่าที่ ร.ต. หญิง สมศรี ณ อยุธยา",
                  "กรมป้องกันและบรรเทาสาธารณภัย", "(เชียงใหม่)", "บุคคลใหม่",
                  "บุคคลที่มีในระบบ (อีเมลตรงกัน)", "หัวตารางอยู่ที่แถว ๒", "ลงทะเบียน ๓ คน"):  # fmt: skip
        assert shown in preview, shown
    assert not Registration.objects.filter(activity=activity).exists()  # nothing saved yet

    confirmed = run_jobs(lambda: organiser_client.post(preview_url(activity, job), INFORMED))
    applying = latest_job()
    assert applying.kind == "participants.import_apply" and applying.state == "done"
    assert confirmed["Location"] == preview_url(activity, applying)
    outcome = organiser_client.get(preview_url(activity, applying)).content.decode()
    assert "นำเข้ารายชื่อผู้เข้าร่วมแล้ว" in outcome
    assert 'data-testid="import-outcome"' in outcome
    assert Registration.objects.filter(activity=activity, source="imported").count() == 3


def test_importing_the_same_file_again_says_nothing_changes(organiser_client, activity, run_jobs):
    for _ in range(2):
        upload(organiser_client, activity, run_jobs, a_list())
        preview = latest_job()
        run_jobs(lambda p=preview: organiser_client.post(preview_url(activity, p), INFORMED))
    again = organiser_client.get(preview_url(activity, preview)).content.decode()
    assert "ไม่มีการเปลี่ยนแปลง" in again
    assert 'data-testid="import-nothing"' in again
    outcome = organiser_client.get(preview_url(activity, latest_job())).content.decode()
    assert "ไม่มีการเปลี่ยนแปลง: ทุกคนในรายชื่อนี้ลงทะเบียนไว้แล้ว" in outcome
    assert Registration.objects.filter(activity=activity).count() == 3


def test_problems_are_shown_by_row_and_column_and_stop_the_import(
    organiser_client, activity, run_jobs
):
    upload(organiser_client, activity, run_jobs, a_list([HEADER, *PEOPLE, BAD_ROW]))
    job = latest_job()
    page = organiser_client.get(preview_url(activity, job)).content.decode()
    assert 'data-testid="import-problems"' in page
    assert "D (หน่วยงาน)" in page and "E (อีเมล)" in page
    assert "ไม่พบหน่วยงาน &quot;กรมพัฒนาชุมชม&quot; หรือหมายถึง: กรมการพัฒนาชุมชน" in page
    assert "&quot;sompong@&quot; ไม่ใช่อีเมลที่ถูกต้อง" in page
    refused = run_jobs(lambda: organiser_client.post(preview_url(activity, job), INFORMED))
    assert refused["Location"] == preview_url(activity, job)
    assert "มี ๑ แถวที่มีปัญหา" not in page  # the message comes after the refusal, not before
    shown = organiser_client.get(preview_url(activity, job)).content.decode()
    assert "จึงยังไม่ได้นำเข้ารายชื่อใด" in shown
    assert not Registration.objects.filter(activity=activity).exists()
    assert latest_job() == job  # no apply job was started

    run_jobs(
        lambda: organiser_client.post(
            preview_url(activity, job), {"only_good_rows": "on", **INFORMED}
        )
    )
    assert Registration.objects.filter(activity=activity).count() == 3
    outcome = organiser_client.get(preview_url(activity, latest_job())).content.decode()
    assert "แถวที่ข้าม" in outcome and "กรมพัฒนาชุมชม" in outcome


def test_only_good_rows_chosen_at_upload_is_kept_for_the_confirmation(
    organiser_client, activity, run_jobs
):
    upload(
        organiser_client,
        activity,
        run_jobs,
        a_list([HEADER, *PEOPLE, BAD_ROW]),
        only_good_rows="on",
    )
    page = organiser_client.get(preview_url(activity, latest_job())).content.decode()
    assert 'id="id_only_good_rows" checked' in page


# --- files refused on the form ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("list.xlsx", b"%PDF-1.7\n1 0 obj"), "ไม่ใช่ไฟล์ Excel (.xlsx) หรือ CSV"),
        (
            SimpleUploadedFile("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
            "Excel รุ่นเก่า (.xls)",
        ),
        (SimpleUploadedFile("list.csv", b"   \r\n"), "ไฟล์ว่างเปล่า"),
    ],
)
def test_a_file_we_do_not_read_is_a_clear_400(organiser_client, activity, file, message):
    response = organiser_client.post(upload_url(activity), {"file": file})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_a_20_mb_file_is_refused_with_413(organiser_client, activity, tmp_path, settings):
    settings.PARTICIPANT_IMPORT_MAX_MB = 10
    path = tmp_path / "big.csv"
    with path.open("wb") as fh:
        fh.write(csv_bytes([HEADER, *PEOPLE]))
        fh.truncate(20 * 1024 * 1024)
    with path.open("rb") as fh:
        response = organiser_client.post(upload_url(activity), {"file": fh})
    assert response.status_code == 413
    assert "ไฟล์มีขนาด ๒๐ MB แต่นำเข้าได้ไม่เกิน ๑๐ MB" in response.content.decode()
    assert not Job.objects.exists()


def test_an_unreadable_list_shows_why_after_the_job(organiser_client, activity, run_jobs):
    no_names = [["ลำดับ", "ตำแหน่ง", "หน่วยงาน"], ["1", "ปลัดอำเภอ", "ปค."]]
    upload(organiser_client, activity, run_jobs, a_list(no_names))
    job = latest_job()
    assert (job.state, job.error_code) == ("failed", "import_no_name_column")
    page = organiser_client.get(preview_url(activity, job)).content.decode()
    assert "แถวที่ ๒ เป็นแถวหัวตาราง แต่ไม่มีคอลัมน์ชื่อ" in page
    assert "อัปโหลดไฟล์ที่แก้ไขแล้ว" in page


# --- while the job runs --------------------------------------------------------------------
def test_while_the_job_runs_the_page_shows_its_progress_and_reloads_when_done(
    organiser_client, organiser, activity
):
    job = participant_import_start(actor=organiser, activity=activity, upload=a_list())  # not run
    page = organiser_client.get(preview_url(activity, job)).content.decode()
    assert 'data-testid="job-progress"' in page and "hx-disable" in page
    assert f'hx-get="{preview_url(activity, job)}"' in page
    poll = organiser_client.get(preview_url(activity, job), HTTP_HX_REQUEST="true")
    assert poll.status_code == 200 and 'id="import-wait"' in poll.content.decode()
    assert "HX-Refresh" not in poll
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE)
    done = organiser_client.get(preview_url(activity, job), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


# --- who may ---------------------------------------------------------------------------------
def test_a_member_and_another_organiser_may_not(member_client, other_client, activity):
    for client in (member_client, other_client):
        assert client.get(upload_url(activity)).status_code == 403
        assert client.post(upload_url(activity), {"file": a_list()}).status_code == 403
    assert not Job.objects.exists()


def test_a_stranger_is_sent_to_log_in(stranger_client, activity, organiser):
    job = participant_import_start(actor=organiser, activity=activity, upload=a_list())
    for url in (upload_url(activity), preview_url(activity, job)):
        response = stranger_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert stranger_client.post(preview_url(activity, job)).status_code == 302


def test_another_users_or_another_activitys_job_is_not_found(
    organiser_client, organiser, activity, sysadmin, run_jobs
):
    mine = run_jobs(
        lambda: participant_import_start(actor=organiser, activity=activity, upload=a_list())
    )
    theirs = run_jobs(
        lambda: participant_import_start(actor=sysadmin, activity=activity, upload=a_list())
    )
    other_activity = ActivityFactory(program=activity.program)
    assert organiser_client.get(preview_url(activity, theirs)).status_code == 404
    assert organiser_client.post(preview_url(activity, theirs)).status_code == 404
    assert organiser_client.get(preview_url(other_activity, mine)).status_code == 404
    from cophub.jobs.services import job_start

    report = job_start(
        actor=organiser, kind="reports.report", params={"program_id": 1, "format": "html"}
    )
    assert organiser_client.get(preview_url(activity, report)).status_code == 404
    bad = f"/activities/{activity.pk}/participants/import/not-a-job/"
    assert organiser_client.get(bad).status_code == 404


def test_an_admin_may_import(sysadmin, activity, run_jobs):
    from django.test import Client

    client = Client()
    client.force_login(sysadmin)
    upload(client, activity, run_jobs, a_list())
    assert client.get(preview_url(activity, latest_job())).status_code == 200


def test_the_preview_page_costs_the_same_queries_for_any_length(
    organiser_client, activity, run_jobs
):
    def page_queries(rows):
        upload(organiser_client, activity, run_jobs, a_list(rows))
        url = preview_url(activity, latest_job())
        return count_queries(lambda: organiser_client.get(url))

    many = [HEADER, *[[str(i), f"นายคนที่{i} ทดสอบ", "", "ปค.", "", ""] for i in range(300)]]
    assert page_queries([HEADER, *PEOPLE]) == page_queries(many) == 4


def test_a_coordinator_of_the_organisation_may_not_import(activity, coordinator_client):
    assert coordinator_client.get(upload_url(activity)).status_code == 403


def test_a_facilitator_at_the_door_may_not_import(activity, door_client):
    assert door_client.get(upload_url(activity)).status_code == 403
