"""A person's copy of their data: from their profile, as a job, for them and admins only."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.jobs.models import Job
from cophub.orgs.models import Organization
from cophub.participants.services.registration import registration_nominate
from cophub.privacy.models import PersonalDataRead
from cophub.rights import services
from cophub.rights.models import DataRequest
from cophub.rights.tests.conftest import EMAIL, FIRST
from cophub.testing import RegistrationFactory

pytestmark = pytest.mark.django_db


def _download(client, run, fmt: str):
    answer = run(lambda: client.post(reverse(f"rights:export_{fmt}")))
    assert answer.status_code == 302
    job = Job.objects.get(kind="rights.export", params__format=fmt)
    assert answer["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    return job


def test_the_profile_page_offers_the_copy_and_the_erasure(subject_client, subject_person):
    page = subject_client.get(reverse("accounts:profile")).content.decode()
    assert reverse("rights:mine") in page
    assert "ดาวน์โหลดข้อมูลของฉัน" in page


def test_a_person_downloads_everything_held_about_them_as_json(subject_client, subject_person, run):
    RegistrationFactory(person=subject_person, activity__title="ศึกษาดูงานที่ขอนแก่น")
    job = _download(subject_client, run, "json")
    answer = subject_client.get(reverse("jobs:result", args=[job.pk]))
    assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    doc = json.loads(b"".join(answer.streaming_content))
    sections = {s["name"]: s["rows"] for s in doc["sections"]}
    assert sections["profile"][0]["first_name"] == FIRST
    assert sections["profile"][0]["email"] == EMAIL
    assert [r["activity"] for r in sections["registrations"]] == ["ศึกษาดูงานที่ขอนแก่น"]
    assert {"attendance", "knowledge", "mail", "audit"} <= set(sections)
    request = DataRequest.objects.get()
    assert (request.kind, request.status, request.job_id) == ("access", "done", job.pk)
    assert list(
        AuditLog.objects.filter(object_type="rights.datarequest").values_list("action", flat=True)
    ) == ["personal_data.exported", "data_request.exported", "data_request.access_requested"]
    # The copy is in privacy's register of reads, as the request, without the name.
    read = PersonalDataRead.objects.get(kind="person_export")
    assert list(read.people.all()) == [subject_person]
    assert (read.viewer, read.exported, read.object_repr) == (
        subject_person.user,
        True,
        str(request),
    )


def test_the_spreadsheet_has_a_sheet_a_section_and_formulas_stay_text(
    subject_client, subject_person, run
):
    subject_person.position = '=HYPERLINK("http://evil")'
    subject_person.save()
    job = _download(subject_client, run, "xlsx")
    book = load_workbook(io.BytesIO(job.result_file.read()))
    assert book.sheetnames[:3] == ["ข้อมูลส่วนตัว", "การลงทะเบียน", "การเช็กอิน"]
    profile = book["ข้อมูลส่วนตัว"]
    header = [c.value for c in profile[1]]
    row = dict(zip(header, [c for c in profile[2]], strict=False))
    assert row["first_name"].value == FIRST
    assert row["position"].data_type == "s" and row["position"].quotePrefix


def test_only_the_person_and_admins_can_download_the_copy(
    subject_client, subject_person, member_client, sysadmin_client, stranger_client, run
):
    job = _download(subject_client, run, "json")
    url = reverse("jobs:result", args=[job.pk])
    assert member_client.get(url).status_code == 404
    assert stranger_client.get(url).status_code == 302  # to the log-in page
    assert sysadmin_client.get(url).status_code == 200


def test_an_account_without_a_staff_record_gets_one_for_its_copy(member, member_client, run):
    assert not hasattr(member, "person")
    _download(member_client, run, "json")
    member.refresh_from_db()
    assert member.person.first_name == member.first_name
    assert DataRequest.objects.get().person == member.person


def test_an_unknown_format_is_refused_and_records_nothing(subject_person):
    with pytest.raises(DomainError):
        services.data_request_export(actor=subject_person.user, fmt="csv")
    assert not DataRequest.objects.exists()


def test_the_copy_is_asked_for_with_a_post(subject_client, subject_person):
    assert subject_client.get(reverse("rights:export_json")).status_code == 405
    assert not DataRequest.objects.exists()


def test_an_admin_records_a_copy_on_someones_behalf_in_thai_digits(
    sysadmin, sysadmin_client, subject_person, run
):
    number = "".join("๐๑๒๓๔๕๖๗๘๙"[int(d)] for d in str(subject_person.pk))
    answer = run(
        lambda: sysadmin_client.post(
            reverse("rights:requests"), {"person": number, "kind": "access", "fmt": "json"}
        )
    )
    request = DataRequest.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "rights:request", args=[request.pk]
    )
    assert (request.person, request.requested_by, request.status) == (
        subject_person,
        sysadmin,
        "done",
    )
    assert request.job.owner == sysadmin


def test_a_member_cannot_record_requests_for_others(member_client, subject_person):
    answer = member_client.post(
        reverse("rights:requests"), {"person": subject_person.pk, "kind": "erasure"}
    )
    assert answer.status_code == 403
    assert not DataRequest.objects.exists()


def test_the_copy_shows_what_they_did_to_others_records_but_not_those_people(activity, organiser):
    made = registration_nominate(
        actor=organiser, activity=activity,
        new_person={"prefix": "นาย", "first_name": "บุคคลที่สาม", "last_name": "ไม่เกี่ยวข้อง",
                    "email": "third.party@example.go.th",
                    "organization": Organization.objects.get(code="DOPA")},
    )  # fmt: skip
    me = services.person_for_account(user=organiser)
    doc = json.loads(services.person_export_now(actor=organiser, person=me, fmt="json"))
    rows = next(s["rows"] for s in doc["sections"] if s["name"] == "audit")
    text = json.dumps(rows, ensure_ascii=False)
    assert "บุคคลที่สาม" not in text and "third.party" not in text
    by_them = [r for r in rows if r.get("object_type") == "programs.registration"]
    assert by_them and all(set(r) == {"at", "by", "action", "object_type", "object_id"}
                           for r in by_them)  # fmt: skip
    assert {r["object_id"] for r in by_them} == {str(made.pk)}
    # About their own record: the whole row, as it is theirs.
    own = [r for r in rows if r.get("object") == str(me)]
    assert own and "changes" in own[0]
