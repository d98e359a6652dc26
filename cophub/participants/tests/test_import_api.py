"""POST /api/v1/activities/{id}/participant-imports: a job (202) that previews or imports."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cophub.accounts.services import token_create
from cophub.jobs.models import Job
from cophub.participants.tests.test_import_files import HEADER, PEOPLE, csv_bytes, xlsx
from cophub.programs.models import Registration

pytestmark = pytest.mark.django_db
BAD_ROW = ["๔", "นายสมปอง ดีใจ", "", "กรมพัฒนาชุมชม", "", ""]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads and result files of these tests go to a folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def bearer(user) -> Client:
    _token, secret = token_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def url(activity) -> str:
    return f"/api/v1/activities/{activity.pk}/participant-imports"


def a_list(rows=None) -> SimpleUploadedFile:
    return SimpleUploadedFile("list.xlsx", xlsx(rows or [HEADER, *PEOPLE]))


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def send(client, activity, **data):
        data.setdefault("file", a_list())
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url(activity), data)

    return send


def result_document(client, job_id) -> dict:
    """The job's result file; ``result_url`` is a page of the jobs app, read with the
    owner's session (the jobs API gives its address, not a token download)."""
    status = client.get(f"/api/v1/jobs/{job_id}").json()
    assert status["state"] == "done", status
    owner = Job.objects.get(pk=job_id).owner
    session = Client(HTTP_ACCEPT_LANGUAGE=client.defaults.get("HTTP_ACCEPT_LANGUAGE", "th"))
    session.force_login(owner)
    return json.loads(b"".join(session.get(status["result_url"]).streaming_content))


def test_a_dry_run_previews_every_row_and_saves_nothing(organiser, activity, post):
    client = bearer(organiser)
    response = post(client, activity, dry_run="true")
    assert response.status_code == 202
    job = response.json()["job"]
    assert (
        set(job) == {"id", "state", "progress", "url"} and job["url"] == f"/api/v1/jobs/{job['id']}"
    )
    document = result_document(client, job["id"])
    assert document["summary"]["new"] == 3
    assert [r["outcome"] for r in document["rows"]] == ["new", "new", "new"]
    assert not Registration.objects.exists()


def test_an_import_registers_and_reports_its_outcome(organiser, activity, post):
    client = bearer(organiser)
    response = post(client, activity)
    assert response.status_code == 202
    document = result_document(client, response.json()["job"]["id"])
    assert document["outcome"]["registered"] == 3
    assert Registration.objects.filter(activity=activity, source="imported").count() == 3


def test_problems_stop_the_import_unless_only_good_rows(organiser, activity, post):
    client = bearer(organiser)
    refused = post(client, activity, file=a_list([HEADER, *PEOPLE, BAD_ROW]))
    status = client.get(f"/api/v1/jobs/{refused.json()['job']['id']}").json()
    assert status["state"] == "failed"
    assert status["error"] == (
        "มี 1 แถวที่มีปัญหา จึงยังไม่ได้นำเข้ารายชื่อใด โปรดแก้ไขไฟล์ หรือเลือกนำเข้าเฉพาะแถวที่ถูกต้อง"
    )
    assert not Registration.objects.exists()
    accepted = post(
        client, activity, file=a_list([HEADER, *PEOPLE, BAD_ROW]), only_good_rows="true"
    )
    document = result_document(client, accepted.json()["job"]["id"])
    assert (document["outcome"]["registered"], document["outcome"]["skipped"]) == (3, 1)
    (row,) = document["rows"]
    assert row["row"] == 5 and row["problems"][0]["column"] == "D (หน่วยงาน)"
    assert row["problems"][0]["message"].startswith('ไม่พบหน่วยงาน "กรมพัฒนาชุมชม"')


def test_a_dry_run_in_english_reports_in_english(organiser, activity, post):
    client = bearer(organiser)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = post(client, activity, dry_run="true", file=a_list([HEADER, BAD_ROW]))
    (row,) = result_document(client, response.json()["job"]["id"])["rows"]
    assert row["problems"][0]["message"] == (
        'Unknown organisation "กรมพัฒนาชุมชม". Did you mean: กรมการพัฒนาชุมชน?'
    )


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"%PDF-1.7\n1 0 obj", 400, "import_wrong_type"),
        (b"", 400, "import_empty_file"),
    ],
)
def test_files_we_do_not_read_are_errors_in_the_error_shape(
    organiser, activity, content, status, code, post
):
    response = post(bearer(organiser), activity, file=SimpleUploadedFile("list.xlsx", content))
    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["detail"]
    assert not Job.objects.exists()


def test_a_file_over_the_limit_is_413(organiser, activity, post, settings, tmp_path):
    settings.PARTICIPANT_IMPORT_MAX_MB = 1
    path = tmp_path / "big.csv"
    with path.open("wb") as fh:
        fh.write(csv_bytes([HEADER, *PEOPLE]))
        fh.truncate(2 * 1024 * 1024)
    with path.open("rb") as fh:
        response = post(bearer(organiser), activity, file=fh)
    assert response.status_code == 413
    assert response.json()["code"] == "import_too_large"


def test_without_a_file_it_is_422(organiser, activity, django_capture_on_commit_callbacks):
    response = bearer(organiser).post(url(activity), {"dry_run": "true"})
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"


def test_who_may(member, other_organiser, sysadmin, activity, post, stranger_client):
    assert post(stranger_client, activity).status_code == 401
    assert post(stranger_client, activity).json()["code"] == "unauthenticated"
    for user in (member, other_organiser):
        response = post(bearer(user), activity)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not Job.objects.exists()
    assert post(bearer(sysadmin), activity, dry_run="true").status_code == 202


def test_an_unknown_activity_is_404(organiser, post, activity):
    activity.pk += 100000
    response = post(bearer(organiser), activity)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_another_users_import_job_is_not_theirs_to_read(organiser, member, activity, post):
    response = post(bearer(organiser), activity, dry_run="true")
    job_id = response.json()["job"]["id"]
    assert bearer(member).get(f"/api/v1/jobs/{job_id}").status_code == 404


def test_the_schema_lists_the_endpoint(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    body = paths["/api/v1/activities/{activity_id}/participant-imports"]["post"]["requestBody"]
    assert "multipart/form-data" in body["content"]
