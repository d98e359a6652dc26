"""Staff accounts from an XLSX list: template, preview with per-row problems, then all
or nothing; bad files are refused with a Thai message and a 4xx."""

import io
import re
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cophub.accounts.models import User
from cophub.core.models import AuditLog
from cophub.orgs.models import Person
from cophub.testing import UserFactory

pytestmark = pytest.mark.django_db

HEADER = ["ชื่อผู้ใช้", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "อีเมล", "บทบาท", "หน่วยงาน", "ตำแหน่ง"]


@pytest.fixture
def admin_client(sysadmin) -> Client:
    client = Client()
    client.force_login(sysadmin)
    return client


def xlsx(*rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, name="staff.xlsx", invite=True):
    data = {"file": SimpleUploadedFile(name, content)}
    if invite:
        data["invite"] = "on"
    return client.post(reverse("orgs:staff_import"), data)


def confirm(client, preview_response):
    html = preview_response.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    invite = re.search(r'name="invite" value="([^"]*)"', html)
    data = {"token": token, "invite": invite.group(1) if invite else ""}
    return client.post(reverse("orgs:staff_import_confirm"), data)


GOOD = (
    ["malee", "นางสาว", "มาลี", "ศรีสุข", "malee@example.go.th", "ผู้จัดโครงการ", "สป.มท.",
     "นักทรัพยากรบุคคล"],
    ["somchai", "นาย", "สมชาย", "ใจดี", "somchai@example.go.th", "", "กรมการพัฒนาชุมชน", ""],
)  # fmt: skip


def test_the_template_has_the_columns_in_thai(admin_client):
    response = admin_client.get(reverse("orgs:staff_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.max_row == 1  # no example row to import by mistake


def test_a_list_is_previewed_then_saved_with_roles_organisations_and_invitations(
    admin_client, member
):
    rows = (*GOOD, [member.username, "", "", "", "", "คุณอำนวย", "", ""])
    preview = upload(admin_client, xlsx(*rows))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "บัญชีใหม่" in html and "ปรับปรุง" in html
    # Nothing is saved by the preview.
    assert not User.objects.filter(username__in=["malee", "somchai"]).exists()
    assert not mail.outbox

    done = confirm(admin_client, preview)
    assert done.status_code == 302
    malee = User.objects.get(username="malee")
    assert malee.role == "organiser" and not malee.has_usable_password()
    person = Person.objects.get(user=malee)
    assert (person.prefix, person.organization.code, person.position) == (
        "นางสาว", "OPS", "นักทรัพยากรบุคคล",
    )  # fmt: skip
    somchai = User.objects.get(username="somchai")
    assert somchai.role == "member" and somchai.person.organization.code == "CDD"
    member.refresh_from_db()
    assert member.role == "facilitator"
    assert sorted(m.to[0] for m in mail.outbox) == ["malee@example.go.th", "somchai@example.go.th"]
    assert "/accounts/reset/" in mail.outbox[0].body
    actions = sorted(AuditLog.objects.values_list("action", flat=True))
    assert actions == ["staff.created", "staff.created", "staff.imported", "staff.invited",
                       "staff.invited", "staff.updated"]  # fmt: skip
    followed = admin_client.get(done["Location"]).content.decode()
    assert "สร้างบัญชี ๒ บัญชี และปรับปรุง ๑ บัญชี" in followed


def test_without_invitations_no_mail_is_sent(admin_client):
    confirm(admin_client, upload(admin_client, xlsx(*GOOD), invite=False))
    assert User.objects.filter(username__in=["malee", "somchai"]).count() == 2
    assert not mail.outbox


def test_each_rows_problems_are_shown_by_row_in_thai_and_nothing_is_offered(admin_client):
    UserFactory(username="taken", email="used@example.go.th")
    rows = (
        GOOD[0],
        ["malee", "", "มาลีซ้ำ", "", "", "", "", ""],  # row 3: the same user name as row 2
        ["", "", "ไม่มีชื่อผู้ใช้", "", "", "", "", ""],
        ["นายก ข", "", "ชื่อ", "", "not-an-email", "หัวหน้า", "กรมการปกครองส่วนท้องถิ่นxx", ""],
        ["newone", "", "ใหม่", "", "used@example.go.th", "", "", ""],
    )
    response = upload(admin_client, xlsx(*rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ซ้ำกับแถวที่ ๒" in html
    assert "ไม่มีชื่อผู้ใช้" in html
    assert "ชื่อผู้ใช้ นายก ข ใช้ได้เฉพาะตัวอักษร ตัวเลข และ . @ + - _" in html
    assert "&quot;not-an-email&quot; ไม่ใช่อีเมลที่ถูกต้อง" in html
    assert "ไม่รู้จักบทบาท" in html
    assert "ไม่รู้จักหน่วยงาน" in html and "กรมส่งเสริมการปกครองท้องถิ่น" in html
    assert "บัญชี taken ใช้ used@example.go.th อยู่แล้ว" in html
    assert '<td data-label="แถว">๖</td>' in html  # row numbers in Thai digits
    assert 'name="token"' not in html
    assert "มีปัญหา" in html


def test_applying_checks_again_and_saves_nothing_when_a_row_clashes_now(admin_client):
    preview = upload(admin_client, xlsx(*GOOD))
    UserFactory(username="late", email="somchai@example.go.th")  # after the preview
    response = confirm(admin_client, preview)
    assert response.status_code == 409
    assert "มีปัญหา ๑ แถว จึงไม่ได้บันทึกอะไร" in response.content.decode()
    assert not User.objects.filter(username__in=["malee", "somchai"]).exists()
    assert not mail.outbox and not AuditLog.objects.exists()


def test_a_changed_or_foreign_confirmation_is_refused(admin_client, sysadmin):
    preview = upload(admin_client, xlsx(*GOOD))
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    forged = admin_client.post(reverse("orgs:staff_import_confirm"), {"token": token[:-2] + "xx"})
    assert forged.status_code == 400
    assert "หมดอายุ" in forged.content.decode()
    other = Client()
    other.force_login(UserFactory(username="admin2", role=User.Role.ADMIN))
    assert other.post(reverse("orgs:staff_import_confirm"), {"token": token}).status_code == 400
    assert not User.objects.filter(username="malee").exists()


def test_an_admin_cannot_change_their_own_role_by_list(admin_client, sysadmin):
    response = upload(admin_client, xlsx([sysadmin.username, "", "", "", "", "สมาชิก", "", ""]))
    assert "ไม่สามารถปิดบัญชีหรือเปลี่ยนบทบาทของตนเองได้" in response.content.decode()


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _with_cell_text(text: str) -> bytes:
    """A sound workbook whose B2 holds ``text`` exactly (openpyxl will not write some)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(["malee", "", "MARK"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info).replace(b"MARK", text.encode()))
    return out.getvalue()


def test_a_line_break_excel_wrote_as_x000d_is_one_space(admin_client):
    """Excel writes a cell's line break as _x000D_ and a newline; a tab as _x0009_; text
    that reads "_x0000_" as _x005F_x0000_. None of these is a control character."""
    position = "นักทรัพยากร_x000D_\nบุคคล_x0009_ชำนาญการ _x005F_x0000_".encode()
    source = zipfile.ZipFile(io.BytesIO(xlsx([*GOOD[0][:7], "MARK"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info).replace(b"MARK", position))
    preview = upload(admin_client, out.getvalue())
    assert preview.status_code == 200
    assert confirm(admin_client, preview).status_code == 302
    person = Person.objects.get(user__username="malee")
    assert person.position == "นักทรัพยากร บุคคล ชำนาญการ _x0000_"


@pytest.mark.parametrize(
    ("content", "name", "status", "message"),
    [
        (b"%PDF-1.7\n" + b"x" * 100, "staff.xlsx", 400, "ไม่ใช่ไฟล์ Excel"),
        ("ชื่อผู้ใช้,ชื่อ\nmalee,มาลี\n".encode(), "staff.csv", 400, "ไม่ใช่ไฟล์ Excel"),
        (b"\x00\x01\x02binary\x00" * 20, "staff.xlsx", 400, "ไม่ใช่ไฟล์ Excel"),
        (b"PK\x03\x04 not really a zip", "staff.xlsx", 400, "อ่านไฟล์นี้ไม่ได้"),
        (_zip({"word/document.xml": b"<w/>"}), "staff.xlsx", 400, "ไม่ใช่ไฟล์ Excel"),
        (b"", "staff.xlsx", 400, "ไฟล์ที่ส่งมาว่างเปล่า"),
        (b"PK\x03\x04" + b"0" * (2 * 1024 * 1024 + 1), "staff.xlsx", 413, "ไม่เกิน ๒ MB"),
        (xlsx(["malee", "", "=HYPERLINK(\"http://x\")"]), "staff.xlsx", 400, "เซลล์ C2 มีสูตร"),
        (_with_cell_text("A_x0000_B"), "staff.xlsx", 400, "เซลล์ C2 มีอักขระควบคุม"),
        (_with_cell_text("A_x001F_B"), "staff.xlsx", 400, "เซลล์ C2 มีอักขระควบคุม"),
        (_with_cell_text("A_xD800_B"), "staff.xlsx", 400, "เซลล์ C2 มีอักขระควบคุม"),
        (xlsx(["malee", "มาลี"], header=["ชื่อ-สกุล", "อีเมล"]), "staff.xlsx", 400,
         "ไม่พบแถวหัวตาราง"),
        (xlsx(header=HEADER), "staff.xlsx", 400, "ไฟล์ว่าง"),
    ],
)  # fmt: skip
def test_bad_files_are_refused_in_thai_and_save_nothing(
    admin_client, content, name, status, message
):
    response = upload(admin_client, content, name=name)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not User.objects.filter(username="malee").exists()
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize("who", ["organiser_client", "member_client"])
def test_only_admins_import(request, who):
    client = request.getfixturevalue(who)
    assert client.get(reverse("orgs:staff_import")).status_code == 403
    assert client.get(reverse("orgs:staff_import_template")).status_code == 403
    assert upload(client, xlsx(*GOOD)).status_code == 403
    assert client.post(reverse("orgs:staff_import_confirm"), {"token": "x"}).status_code == 403
    assert not User.objects.filter(username="malee").exists()
