"""A real browser walk: log in, create a program, add an activity with a site."""

import pytest

from cophub.accounts.models import User
from cophub.programs.models import Activity, Program
from cophub.programs.services import program_import
from cophub.testing import PASSWORD, UserFactory, demo_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.goto("/")
    assert "/accounts/login/" in page.url
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/programs/")


def test_organiser_walks_from_login_to_a_new_activity(page):
    UserFactory(username="somsri", role=User.Role.ORGANISER)
    log_in(page, "somsri")

    page.get_by_role("link", name="สร้างโครงการใหม่").click()
    page.get_by_label("ชื่อโครงการ").fill("โครงการชุมชนนักปฏิบัติ ปีงบประมาณ ๒๕๖๙")
    page.get_by_label("หน่วยงานเจ้าของโครงการ").select_option(label="สำนักงานปลัดกระทรวงมหาดไทย")
    page.get_by_label("ปีงบประมาณ (พ.ศ.)").fill("๒๕๖๙")
    page.get_by_label("วัตถุประสงค์").fill("เพื่อแลกเปลี่ยนเรียนรู้\nเพื่อพัฒนาบุคลากร")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url("**/programs/*/")
    assert page.get_by_text("ปีงบประมาณ ๒๕๖๙").first.is_visible()

    page.get_by_role("link", name="เพิ่มกิจกรรม").click()
    page.get_by_label("หัวข้อ").fill("ศึกษาดูงานศูนย์ราชการสะดวก")
    page.get_by_label("ประเภท").select_option("study_visit")
    page.get_by_label("วันที่เริ่ม").fill("2026-03-05")
    page.get_by_label("ชื่อสถานที่").fill("ศูนย์ราชการสะดวก")
    page.get_by_label("อำเภอ").fill("ปากเกร็ด")
    page.get_by_label("จังหวัด").select_option(label="นนทบุรี")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url("**/activities/*/")

    assert page.get_by_role("heading", name="ครั้งที่ ๑: ศึกษาดูงานศูนย์ราชการสะดวก").is_visible()
    assert page.get_by_role("cell", name="นนทบุรี").is_visible()
    activity = Activity.objects.get()
    assert activity.program.owner.username == "somsri"
    assert activity.sites.get().province.name_th == "นนทบุรี"


def test_form_errors_are_shown_in_thai(page):
    UserFactory(username="somsri", role=User.Role.ORGANISER)
    log_in(page, "somsri")
    page.goto("/programs/new/")
    page.get_by_role("button", name="บันทึก").click()
    assert page.get_by_text("กรุณากรอกข้อมูลช่องนี้").first.is_visible()
    assert not Program.objects.exists()


def test_demo_program_reads_well_on_a_phone(phone):
    organiser = UserFactory(username="somsri", role=User.Role.ORGANISER)
    program = program_import(actor=organiser, document=demo_document())
    log_in(phone, "somsri")
    phone.goto(f"/programs/{program.pk}/")
    assert phone.get_by_text("ปีงบประมาณ ๒๕๖๑").first.is_visible()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # The self-hosted Sarabun font is what the page is drawn in.
    assert phone.evaluate("document.fonts.check('16px Sarabun', 'ก')")
    phone.screenshot(path="var/screenshots/program-phone.png", full_page=True)
