"""A real browser writes a KM plan: the plan with a year in Thai digits, a knowledge area,
a planned activity in two months, an indicator; the plan page shows the computed actual
with its bar, and the progress report opens from it."""

from __future__ import annotations

import pytest

from cophub.accounts.models import User
from cophub.kmplan.models import KmPlan, PlannedActivity
from cophub.kmplan.tests.conftest import organiser_of
from cophub.testing import PASSWORD, ActivityFactory, ProgramFactory, UserFactory, ops

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/programs/")


def test_an_organiser_writes_a_plan_and_reads_its_progress(page):
    organiser = organiser_of(UserFactory(username="somsri", role=User.Role.ORGANISER), ops())
    program = ProgramFactory(owner=organiser, fiscal_year=2569)
    ActivityFactory(program=program, participants_count=30)
    ActivityFactory(program=program, participants_count=12)
    log_in(page, "somsri")

    page.goto("/kmplan/")
    page.get_by_test_id("kmplan-new").click()
    page.get_by_label("หน่วยงาน").select_option(str(ops().pk))
    page.get_by_label("ปีงบประมาณ (พ.ศ.)").fill("๒๕๖๙")
    page.get_by_label("ชื่อแผน").fill("แผนการจัดการความรู้ ๒๕๖๙")
    page.get_by_role("button", name="บันทึก").click()
    plan = KmPlan.objects.get()
    page.wait_for_url(f"**/kmplan/{plan.pk}/")

    page.get_by_role("link", name="เพิ่มองค์ความรู้").click()
    page.get_by_label("องค์ความรู้ที่จำเป็น").fill("การให้บริการประชาชน")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(f"**/kmplan/{plan.pk}/#areas")

    page.get_by_role("link", name="เพิ่มกิจกรรมตามแผน").first.click()
    page.get_by_label("ขั้นตอนการจัดการความรู้").select_option("share")
    page.locator("#id_description").fill("เวทีแลกเปลี่ยนเรียนรู้")
    page.get_by_label("ต.ค.").check()
    page.get_by_label("ก.ย.").check()
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(f"**/kmplan/{plan.pk}/#steps")
    assert PlannedActivity.objects.get().months == [9, 10]

    page.get_by_role("link", name="เพิ่มตัวชี้วัด").click()
    page.locator("#id_name").fill("จำนวนผู้เข้าร่วมกิจกรรม")
    page.get_by_label("วัดจาก").select_option("participants")
    page.get_by_label("ค่าเป้าหมาย (ไม่น้อยกว่า)").fill("๔๐")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(f"**/kmplan/{plan.pk}/#indicators")

    row = page.get_by_test_id("kmplan-indicator")
    assert "๔๒ คน" in row.inner_text()  # 30 + 12 recorded, computed, not typed
    assert row.locator("progress").get_attribute("value") == "100"
    assert "บรรลุ" in row.inner_text()
    grid = page.get_by_test_id("kmplan-grid").inner_text()
    assert "การแบ่งปันแลกเปลี่ยนความรู้" in grid and grid.count("●") == 2

    page.get_by_test_id("kmplan-report").click()
    page.wait_for_url(f"**/kmplan/{plan.pk}/report/")
    text = page.locator("body").inner_text()
    assert "รายงานผลการดำเนินงานตามแผนการจัดการความรู้" in text
    assert "ไม่น้อยกว่า ๔๐ คน" in text and "๔๒ คน" in text
    page.get_by_test_id("report-back").click()
    page.wait_for_url(f"**/kmplan/{plan.pk}/")
