"""The report in a real browser: from the program page to the report and back, on a phone."""

import uuid

import pytest

from cophub.accounts.models import User
from cophub.programs.services import program_import
from cophub.surveys.services import survey_submit
from cophub.testing import (
    PASSWORD,
    ActivityFactory,
    UserFactory,
    all_likert,
    demo_document,
    survey_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDEST = "Math.max(...[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right))"


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/programs/")


def test_the_report_reads_on_a_phone_and_leads_back_to_the_program(phone):
    organiser = UserFactory(username="somsri", role=User.Role.ORGANISER)
    program = program_import(actor=organiser, document=demo_document())
    # An answered survey: the summary table has all nine columns, the widest it gets.
    activity = ActivityFactory(
        program=program, number=3, title="สัมมนาแลกเปลี่ยนเรียนรู้", participants_count=12
    )
    survey = survey_for(activity, organiser)
    for value in (5, 4):
        survey_submit(
            survey=survey, client_id=uuid.uuid4(), answers=all_likert(value, comment="ประทับใจ")
        )
    log_in(phone, "somsri")
    phone.goto(f"/programs/{program.pk}/")
    formats = phone.get_by_test_id("report-formats")
    assert formats.get_by_role("link", name="รายงานผลการดำเนินงาน (อ่านบนหน้าจอ)").is_visible()
    assert formats.get_by_role("button", name="รายงานผลการดำเนินงาน (PDF)").is_visible()
    assert formats.get_by_role("button", name="รายงานผลการดำเนินงาน (Word)").is_visible()

    formats.get_by_role("link", name="รายงานผลการดำเนินงาน (อ่านบนหน้าจอ)").click()
    phone.wait_for_url(f"**/programs/{program.pk}/report/")
    assert phone.get_by_role("heading", name="๔. สรุปผลการดำเนินงานรายกิจกรรม").is_visible()
    # Nothing wider than the 390 px screen: the tables become cards, the chart shrinks.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.evaluate(WIDEST) <= 390
    cell = phone.locator("td[data-label='ผู้เข้าร่วม (คน)']").first
    assert cell.is_visible() and cell.evaluate(
        "e => getComputedStyle(e, '::before').content"
    ).startswith('"ผู้เข้าร่วม (คน)')

    phone.get_by_test_id("report-back").click()
    phone.wait_for_url(f"**/programs/{program.pk}/")


def test_on_a_narrow_screen_the_header_words_stay_whole(page):
    organiser = UserFactory(username="somsri", role=User.Role.ORGANISER)
    program = program_import(actor=organiser, document=demo_document())
    activity = ActivityFactory(program=program, number=3, title="สัมมนา", participants_count=12)
    survey = survey_for(activity, organiser)
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(5))
    log_in(page, "somsri")
    page.set_viewport_size({"width": 700, "height": 900})  # a table of nine squeezed columns
    page.goto(f"/programs/{program.pk}/report/")
    header = page.locator("th", has_text="ระดับความพึงพอใจ").first
    words = header.locator("span.w")
    assert words.count() == 2  # ระดับ | ความพึงพอใจ
    # Each header word is set on one line, however narrow its column.
    for word in [*words.all(), *page.locator("th span.w").all()]:
        assert word.evaluate("e => e.getClientRects().length") == 1, word.inner_text()
