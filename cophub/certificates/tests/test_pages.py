"""The organiser's certificate pages through HTTP: the design form with real images, its
preview, the print file after a revocation, and a run that fails half-way."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from cophub.certificates import selectors, services
from cophub.certificates.models import Certificate, CertificateFile, Design
from cophub.certificates.tests.conftest import issue
from cophub.core.errors import DomainError

pytestmark = pytest.mark.django_db


def png(name="logo.png", size=(400, 200)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 60, 140)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def form(**changes) -> dict:
    data = {"heading": "วุฒิบัตร", "issuer": "สำนักงานปลัดกระทรวงมหาดไทย",
            "reason": "ได้ผ่านการอบรม", "sig1_name": "นายสมปอง ใจงาม",
            "sig1_title": "ปลัดกระทรวงมหาดไทย"}  # fmt: skip
    data.update(changes)
    return data


def test_the_design_form_saves_images_and_previews_them(organiser_client, activity):
    url = reverse("certificates:design", args=[activity.pk])
    page = organiser_client.get(url).content.decode()
    assert "ผู้ลงนามคนที่ ๑: ชื่อ" in page and "ผู้ลงนามคนที่ ๓: ภาพลายมือชื่อ" in page
    saved = organiser_client.post(url, form(logo=png(), sig1_signature=png("sig.png")))
    assert saved.status_code == 302
    design = Design.objects.get(activity=activity)
    assert design.heading == "วุฒิบัตร" and design.logo.name.endswith(".png")
    assert design.signatories.get().signature.name.endswith(".png")

    preview = organiser_client.get(reverse("certificates:preview", args=[activity.pk]))
    assert preview["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(preview.content)) as im:
        width, height = im.size
    assert abs(width / height - 297 / 210) < 0.01  # A4 landscape

    # A renamed file is refused in Thai, and what was saved stays as it was.
    fake = SimpleUploadedFile("logo.png", b"GIF89a not a png", "image/png")
    refused = organiser_client.post(url, form(heading="หนังสือรับรอง", logo=fake))
    assert refused.status_code == 400
    assert "ไฟล์ PNG หรือ JPEG" in refused.content.decode()
    design.refresh_from_db()
    assert design.heading == "วุฒิบัตร" and design.logo.name.endswith(".png")


def test_four_signatories_cannot_be_sent(organiser, activity):
    many = [services.SignatoryIn(f"คนที่ {n}") for n in range(4)]
    with pytest.raises(DomainError) as refused:
        services.design_update(actor=organiser, activity=activity, heading="เกียรติบัตร",
                               signatories=many)  # fmt: skip
    assert refused.value.code == "certificate_too_many_signatories"


def test_a_revocation_withdraws_the_print_file_until_issued_again(
    organiser,
    organiser_client,
    activity,
    people,
    django_capture_on_commit_callbacks,
):
    her = people[0]
    issue(organiser, activity, django_capture_on_commit_callbacks)
    page_url = reverse("certificates:activity", args=[activity.pk])
    print_url = reverse("certificates:print", args=[activity.pk])
    assert print_url in organiser_client.get(page_url).content.decode()
    mine = Certificate.objects.get(person=her)
    with django_capture_on_commit_callbacks(execute=True):
        answer = organiser_client.post(reverse("certificates:revoke", args=[mine.pk]),
                                       {"reason": "ชื่อไม่ถูกต้อง"})  # fmt: skip
    assert answer.status_code == 302
    assert not default_storage.exists(services.merged_path(activity.pk))
    html = organiser_client.get(page_url).content.decode()
    assert print_url not in html and "อีกครั้งเพื่อสร้างไฟล์ PDF สำหรับพิมพ์" in html
    assert organiser_client.get(print_url).status_code == 404

    job = issue(organiser, activity, django_capture_on_commit_callbacks)
    assert (job.result["new"], job.result["total"]) == (0, 1)
    with default_storage.open(services.merged_path(activity.pk), "rb") as fh:
        assert len(PdfReader(fh).pages) == 1
    with zipfile.ZipFile(job.result_file.open("rb")) as z:
        assert len(z.namelist()) == 2 and not any(mine.number in n for n in z.namelist())


class FullDisk(FileSystemStorage):
    """The disk fills after the first certificate's file: the run fails half-way."""

    saves = 0

    def _save(self, name, content):
        FullDisk.saves += 1
        if FullDisk.saves > 1:
            raise OSError(28, "No space left on device")
        return super()._save(name, content)


def test_a_run_that_fails_half_way_leaves_no_files_behind(organiser, activity, people,
                                                          settings, tmp_path):  # fmt: skip
    FullDisk.saves = 0
    storages = {**settings.STORAGES, "default": {
        "BACKEND": f"{__name__}.FullDisk", "OPTIONS": {"location": str(tmp_path)}}}  # fmt: skip
    with override_settings(STORAGES=storages), pytest.raises(OSError):
        services.certificates_issue(actor=organiser, activity=activity)
    assert FullDisk.saves == 2
    assert not Certificate.objects.exists() and not CertificateFile.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_counts_by_scope_and_province(organiser, activity, people):
    from cophub.orgs.models import Organization, Province

    her, other, _absent = people
    bangkok, khon_kaen = Province.objects.get(code="10"), Province.objects.get(code="40")
    her.organization = Organization.objects.create(name="กองกลาง", scope="central",
                                                   province=bangkok)  # fmt: skip
    other.organization = Organization.objects.create(name="สำนักงานจังหวัดขอนแก่น",
                                                     scope="regional", province=khon_kaen)  # fmt: skip
    her.save()
    other.save()
    services.certificates_issue(actor=organiser, activity=activity)
    ids = [activity.pk]
    assert selectors.certificate_counts(activity_ids=ids, by="scope") == {
        "central": 1, "regional": 1}  # fmt: skip
    assert selectors.certificate_counts(activity_ids=ids, by="province") == {
        bangkok.pk: 1, khon_kaen.pk: 1}  # fmt: skip
    with pytest.raises(ValueError):
        selectors.certificate_counts(activity_ids=ids, by="email")
