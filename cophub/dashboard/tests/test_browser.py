"""A real browser walks the dashboard: the filter typed in Thai digits, a fiscal year, its
program, the program's activities, an activity's own page; a province on the map to its
activities (and a small one in the enlarged Bangkok box). It keeps the screenshots in
docs/screens/ (desktop 1280 wide, phone 390)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from cophub.accounts.models import User
from cophub.demo.services import demo_load
from cophub.programs.services import program_import
from cophub.surveys.services import survey_submit
from cophub.testing import PASSWORD, UserFactory, all_likert, demo_document, survey_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = Path(__file__).resolve().parents[3] / "docs" / "screens"
PROVINCES = ["นนทบุรี", "เชียงใหม่", "ขอนแก่น", "สงขลา", "ชลบุรี", "นครราชสีมา", "พิษณุโลก",
             "สุราษฎร์ธานี", "อุบลราชธานี", "กรุงเทพมหานคร", "ลำปาง", "ระยอง"]  # fmt: skip


def demo_years(organiser) -> None:
    """The demo, and a program a year for FY 2562–2569 shaped like the reference one: two or
    three visits each, in different provinces, with recorded counts and a few answers."""
    demo_load()
    for i, fy in enumerate(range(2562, 2570)):
        document = demo_document()
        document["fiscal_year"] = fy
        document["title"] = f"โครงการแลกเปลี่ยนเรียนรู้ชุมชนนักปฏิบัติ ปีงบประมาณ {fy}"
        template = document["activities"][0]
        document["activities"] = [
            {**template, "number": n + 1, "title": f"ศึกษาดูงาน{PROVINCES[(i + n) % 12]}",
             "participants": {**template["participants"], "count": 30 + 7 * i + 11 * n},
             "sites": [{**template["sites"][0], "district": "", "province": PROVINCES[(i + n) % 12]}]}
            for n in range(2 + i % 2)
        ]  # fmt: skip
        program = program_import(actor=organiser, document=document)
        survey = survey_for(program.activities.first(), organiser)
        for k in range(3 + i):
            survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(4 + (k % 2)))


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/programs/")


def test_from_the_dashboard_to_an_activity(page, chromium, live_server):
    organiser = UserFactory(username="somsri", role=User.Role.ORGANISER)
    demo_years(organiser)
    log_in(page, "somsri")
    page.get_by_role("link", name="แดชบอร์ดผู้บริหาร").click()
    page.wait_for_url("**/dashboard/")
    page.get_by_label("ตั้งแต่ปีงบประมาณ").fill("๒๕๖๑")
    page.get_by_label("ถึงปีงบประมาณ").fill("๒๕๖๙")
    page.get_by_role("button", name="แสดง").click()
    page.wait_for_url("**/dashboard/?from=*")
    years = page.get_by_test_id("dashboard-years")
    assert years.get_by_role("link", name="๒๕๖๑").is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SCREENS / "dashboard-desktop.png"), full_page=True)

    years.get_by_role("link", name="๒๕๖๑").click()
    page.wait_for_url("**/dashboard/years/2561/*")
    page.get_by_test_id("dashboard-programs").get_by_role("link").first.click()
    page.wait_for_url("**/dashboard/programs/**")
    page.get_by_test_id("dashboard-activities").get_by_role("link").first.click()
    page.wait_for_url("**/activities/*/")
    assert page.get_by_role("heading", name="ครั้งที่ ๑: ศึกษาดูงานนอกสถานที่").is_visible()

    # A province's tile leads to the activities held there.
    page.goto("/dashboard/?from=2561&to=2569")
    page.locator('svg.province-map > g > a[data-code="50"]').click()
    page.wait_for_url("**/dashboard/provinces/**")
    assert page.get_by_role("heading", name="เชียงใหม่").is_visible()
    assert page.get_by_test_id("dashboard-activities").get_by_role("link").count() >= 1
    # Nonthaburi, a few pixels on the map, is a large target in the enlarged Bangkok box.
    page.go_back()
    page.locator('svg.province-map .inset a[data-code="12"]').click()
    page.wait_for_url("**/dashboard/provinces/**")
    assert page.get_by_role("heading", name="นนทบุรี").is_visible()

    phone = chromium.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": 390, "height": 844},
        device_scale_factor=2, is_mobile=True, has_touch=True,
    )  # fmt: skip
    on_phone = phone.new_page()
    log_in(on_phone, "somsri")
    on_phone.goto("/dashboard/?from=2561&to=2569")
    assert on_phone.evaluate("document.documentElement.scrollWidth") <= 390
    on_phone.screenshot(path=str(SCREENS / "dashboard-phone.png"), full_page=True)
    phone.close()
