"""Certificates end to end: issued from attendance by the job, the PDF's text and QR read
back by the real tools (pdftotext, pdftoppm → zbarimg), the public check, revoking."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cophub.certificates import pdf, selectors, services
from cophub.certificates.models import Certificate, CertificateFile, Decision
from cophub.certificates.tests.conftest import EMAIL, PHONE, issue
from cophub.core import thai
from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.testing import RegistrationFactory, join_team

pytestmark = pytest.mark.django_db


def text_of(body: bytes, tmp_path, name="c.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(body)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def qr_of(body: bytes, tmp_path) -> str:
    path = tmp_path / "q.pdf"
    path.write_bytes(body)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(path),
                    str(tmp_path / "q")], check=True)  # fmt: skip
    out = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "q.png")],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return out.stdout.strip()


def test_attendees_get_certificates_that_anyone_can_check(
    organiser, activity, people, tmp_path, client, django_capture_on_commit_callbacks
):
    her, other, _absent = people
    job = issue(organiser, activity, django_capture_on_commit_callbacks)
    assert job.result["new"] == 2 and job.result["total"] == 2
    # a non-attendee gets no certificate
    assert set(Certificate.objects.values_list("person_id", flat=True)) == {her.pk, other.pk}
    mine = Certificate.objects.get(person=her)
    fy = thai.fiscal_year(timezone.localdate())
    assert {c.number for c in Certificate.objects.all()} == {
        thai.thai_digits(f"001/{fy}"),
        thai.thai_digits(f"002/{fy}"),
    }
    assert len(mine.code) >= 43  # 256 bits, URL-safe

    body = selectors.current_file(mine).file.read()
    text = text_of(body, tmp_path)
    assert "นางสาวน้ำผึ้ง ทองคำ" in text
    assert mine.number in text and "เลขที่ " + mine.number in text
    assert "ระหว่างวันที่ ๑๒–๑๓ มีนาคม ๒๕๖๙" in text
    assert "ให้ไว้ ณ วันที่ " + thai.thai_date(timezone.localdate()) in text
    assert "เกียรติบัตร" in text and "ได้เข้าร่วมการศึกษาดูงาน" in text
    assert qr_of(body, tmp_path) == pdf.verify_url(mine.code)
    assert pdf.verify_url(mine.code).endswith("/verify/" + mine.code)

    # the ZIP: one PDF per person and the merged one, one page per certificate
    with zipfile.ZipFile(job.result_file.open("rb")) as z:
        names = z.namelist()
        merged = z.read("print-all.pdf")
    assert len(names) == 3 and "print-all.pdf" in names
    assert len(PdfReader(io.BytesIO(merged)).pages) == 2

    # the public page and API: valid, the facts, never contact data
    page = client.get(reverse("certificates:verify", args=[mine.code]))
    html = page.content.decode()
    assert page.status_code == 200 and "ใช้ได้" in html
    assert "นางสาวน้ำผึ้ง ทองคำ" in html and mine.number in html
    api = client.get(f"/api/v1/verify/{mine.code}").json()
    assert api == {"status": "valid", "name": "นางสาวน้ำผึ้ง ทองคำ",
                   "activity": "ครั้งที่ " + thai.thai_digits(activity.number) + " เรื่อง การบริหารจัดการขยะชุมชน",
                   "dates": "๑๒–๑๓ มีนาคม ๒๕๖๙", "issuer": activity.program.organization.name,
                   "number": mine.number, "issued_on": timezone.localdate().isoformat()}  # fmt: skip
    for leak in (EMAIL, PHONE, "0812345678", her.position or "\x00"):
        assert leak not in html and leak not in str(api)

    # revoked from then on, with the date
    services.certificate_revoke(actor=organiser, certificate=mine, reason="ข้อมูลไม่ถูกต้อง")
    html = client.get(reverse("certificates:verify", args=[mine.code])).content.decode()
    assert "ถูกเพิกถอน" in html and "ใช้ได้" not in html
    assert thai.thai_date(timezone.localdate()) in html
    assert client.get(f"/api/v1/verify/{mine.code}").json()["status"] == "revoked"
    assert AuditLog.objects.filter(action="certificate.revoked", object_id=str(mine.pk)).exists()

    # an unknown code says nothing about codes like it
    near = mine.code[:-1] + ("A" if mine.code[-1] != "A" else "B")
    for code in (near, "x", "a" * 80):
        answer = client.get(f"/api/v1/verify/{code}")
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"
        assert client.get(reverse("certificates:verify", args=[code])).status_code == 404


def test_a_corrected_name_is_reissued_with_the_same_number_and_code(
    organiser, activity, people, tmp_path, django_capture_on_commit_callbacks
):
    her, _other, _absent = people
    issue(organiser, activity, django_capture_on_commit_callbacks)
    before = Certificate.objects.get(person=her)
    her.last_name = "ทองคำดี"
    her.save()
    job = issue(organiser, activity, django_capture_on_commit_callbacks)
    assert (job.result["new"], job.result["reissued"], job.result["unchanged"]) == (0, 1, 1)
    after = Certificate.objects.get(person=her)
    assert (after.code, after.serial, after.name) == (
        before.code,
        before.serial,
        "นางสาวน้ำผึ้ง ทองคำดี",
    )
    files = list(CertificateFile.objects.filter(certificate=after).order_by("pk"))
    assert len(files) == 2 and files[0].replaced_at is not None and files[1].replaced_at is None
    assert "ทองคำดี" in text_of(selectors.current_file(after).file.read(), tmp_path)


def test_numbers_are_never_reused_and_revoked_stay_revoked(organiser, activity, people):
    first = services.certificates_issue(actor=organiser, activity=activity)
    services.certificate_revoke(actor=organiser, certificate=first.certificates[0], reason="ผิด")
    late = RegistrationFactory(activity=activity, attended=True).person
    again = services.certificates_issue(actor=organiser, activity=activity)
    assert again.new == 1 and again.total == 2  # the revoked one is not made again
    assert Certificate.objects.get(person=late).serial == 3


def test_the_survey_rule_and_the_organisers_decisions(organiser, activity, people):
    her, other, absent = people
    services.design_update(actor=organiser, activity=activity, heading="วุฒิบัตร",
                           requires_survey=True)  # fmt: skip
    from cophub.programs.models import Registration

    Registration.objects.filter(person=her).update(survey_answered=True)
    services.certificate_decide(actor=organiser, activity=activity, person=absent,
                                kind=Decision.Kind.GRANT, reason="ลงชื่อในใบลงทะเบียนกระดาษ")  # fmt: skip
    with pytest.raises(DomainError) as no_reason:
        services.certificate_decide(actor=organiser, activity=activity, person=other,
                                    kind="withhold", reason="  ")  # fmt: skip
    assert no_reason.value.code == "certificate_reason_required"
    issued = services.certificates_issue(actor=organiser, activity=activity)
    assert {c.person_id for c in issued.certificates} == {her.pk, absent.pk}
    assert AuditLog.objects.filter(action="certificate.decided").count() == 1
    with pytest.raises(DomainError) as late:
        services.certificate_decide(actor=organiser, activity=activity, person=her,
                                    kind="withhold", reason="ไม่ผ่าน")  # fmt: skip
    assert late.value.code == "certificate_already_issued"


def test_only_organisers_issue_and_revoke(activity, people, member, facilitator, client,
                                          member_client, facilitator_client):  # fmt: skip
    join_team(activity.program, facilitator, "facilitator")
    for who in (member, facilitator):
        with pytest.raises(DomainError) as refused:
            services.certificates_issue(actor=who, activity=activity)
        assert refused.value.code == "permission_denied"
    for c in (member_client, facilitator_client):
        assert c.get(reverse("certificates:activity", args=[activity.pk])).status_code == 403
        assert c.post(reverse("certificates:issue", args=[activity.pk])).status_code == 403
    assert client.get(reverse("certificates:activity", args=[activity.pk])).status_code == 302


def test_images_are_checked_by_pillow(organiser, activity):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("logo.png", b"\x89PNG not really", "image/png")
    with pytest.raises(DomainError) as bad:
        services.design_update(actor=organiser, activity=activity, heading="เกียรติบัตร",
                               logo=fake)  # fmt: skip
    assert bad.value.code == "certificate_bad_image"
    big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * services.IMAGE_MAX_BYTES, "image/png")
    with pytest.raises(DomainError):
        services.design_update(actor=organiser, activity=activity, heading="เกียรติบัตร", logo=big)


def test_the_verify_endpoint_is_rate_limited(client):
    codes = [client.get("/api/v1/verify/nope").status_code for _ in range(35)]
    assert codes[0] == 404 and codes[-1] == 429


def test_certificate_counts(organiser, activity, people, django_assert_num_queries):
    services.certificates_issue(actor=organiser, activity=activity)
    with django_assert_num_queries(1):
        assert selectors.certificate_counts(activity_ids=[activity.pk]) == {activity.pk: 2}
    org = people[0].organization_id
    assert selectors.certificate_counts(activity_ids=[activity.pk], by="organization") == {org: 2}


def test_the_commands(sysadmin, activity, people, tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("certificates", "issue", str(activity.pk), "--output", str(tmp_path), stdout=out)
    assert out.getvalue().strip() == "ออกเกียรติบัตร ๒ ฉบับ (ใหม่ ๒ ฉบับ ออกใหม่ ๐ ฉบับ)"
    assert (
        len(list(tmp_path.glob("certificate-*.pdf"))) == 2 and (tmp_path / "print-all.pdf").exists()
    )
    code = Certificate.objects.filter(person=people[0]).get().code
    call_command("certificates", "revoke", code, "--reason", "ออกผิดคน", stdout=io.StringIO())
    assert Certificate.objects.get(code=code).status == Certificate.Status.REVOKED


def test_the_profile_lists_ones_own_certificates(
    organiser, activity, people, member, member_client
):
    her = people[0]
    her.user = member
    her.save()
    services.certificates_issue(actor=organiser, activity=activity)
    mine = Certificate.objects.get(person=her)
    html = member_client.get(reverse("accounts:profile")).content.decode()
    assert mine.number in html and reverse("certificates:download", args=[mine.pk]) in html
    assert member_client.get(reverse("certificates:download", args=[mine.pk])).status_code == 200
    other = Certificate.objects.exclude(person=her).get()
    assert member_client.get(reverse("certificates:download", args=[other.pk])).status_code == 404
