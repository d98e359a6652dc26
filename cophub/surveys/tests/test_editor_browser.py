"""The survey editor and the results in a real browser: htmx edits in place, the error
summary takes the focus, and the results and manage pages fit a 390 px phone."""

import os
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cophub.accounts.models import User
from cophub.surveys.services import survey_submit
from cophub.testing import PASSWORD, ActivityFactory, UserFactory, all_likert, survey_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[3] / "docs" / "screens"


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def widest(page) -> float:
    """The right edge of the widest element on the page, in CSS pixels."""
    return page.evaluate(
        "Math.max(...[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right))"
    )


@pytest.fixture
def organiser_survey(settings, live_server):
    settings.SITE_URL = live_server.url
    organiser = UserFactory(username="somsri", role=User.Role.ORGANISER)
    activity = ActivityFactory(
        program__owner=organiser, number=2, title="ศึกษาดูงานศูนย์ราชการสะดวก", participants_count=40
    )
    return survey_for(activity, organiser)


def test_edit_a_question_in_place_with_the_error_summary_focused(page, organiser_survey):
    survey = organiser_survey
    log_in(page, "somsri")
    page.goto(f"/activities/{survey.activity_id}/survey/")
    item = page.locator("#q-q1")
    item.get_by_role("link", name="แก้ไข").click()
    form = page.locator("#q-q1 form.question-form")
    expect(form.get_by_role("textbox", name="คำถาม", exact=True)).to_be_visible()
    assert page.url.endswith("/survey/")  # swapped in place, no page load

    form.get_by_role("textbox", name="คำถาม", exact=True).fill("")
    form.get_by_role("combobox", name="ประเภท").select_option("single_choice")
    form.get_by_role("textbox", name="ตัวเลือก").fill("มีข้อเดียว")
    form.get_by_role("button", name="บันทึกคำถาม").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="ตัวเลือก").click()
    expect(page.locator("#id_question-choices")).to_be_focused()

    form = page.locator("#q-q1 form.question-form")
    form.get_by_role("textbox", name="คำถาม", exact=True).fill("ท่านเดินทางมาอย่างไร")
    form.get_by_role("textbox", name="ตัวเลือก").fill("รถยนต์ส่วนตัว\nรถตู้ของหน่วยงาน\nรถโดยสารสาธารณะ")
    form.get_by_role("button", name="บันทึกคำถาม").click()
    expect(page.locator("#q-q1")).to_contain_text("รถตู้ของหน่วยงาน")
    expect(page.locator("#q-q1 form.question-form")).to_have_count(0)

    # Moving it down swaps the list in place.
    page.locator("#q-q1").get_by_role("button", name="ลง").click()
    expect(page.locator(".q-item").nth(3)).to_have_attribute("id", "q-q1")
    assert "?" not in page.url  # no page load: the same address (an anchor at most)

    # Without JavaScript the same page works by plain forms and links: see test_editor.py.
    if os.environ.get("COPHUB_SCREENS") == "1":
        page.set_viewport_size({"width": 1280, "height": 1000})
        page.locator("#q-area").get_by_role("link", name="แก้ไข").click()
        expect(page.locator("#q-area form.question-form")).to_be_visible()
        page.locator("#questions-card h2").evaluate("e => e.scrollIntoView()")
        SCREENS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENS / "survey-editor.png"))


def test_a_page_with_an_error_focuses_its_summary_without_htmx(page, organiser_survey):
    log_in(page, "somsri")
    page.goto(f"/activities/{organiser_survey.activity_id}/survey/")
    page.locator("#id_opens_at").fill("๓ ต.ค. ๒๕๖๙ ๐๙:๐๐")
    page.locator("#id_closes_at").fill("๒ ต.ค. ๒๕๖๙ ๐๙:๐๐")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)


def test_results_and_manage_pages_fit_a_phone(phone, organiser_survey):
    survey = organiser_survey
    for value in (5, 4, 4, 3, 5):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(value))
    log_in(phone, "somsri")
    phone.goto(f"/activities/{survey.activity_id}/survey/results/")
    bars = phone.locator(".bars").first
    expect(bars).to_be_visible()
    box = bars.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert widest(phone) <= 390
    expect(phone.get_by_test_id("legend")).to_contain_text("มากที่สุด")

    phone.goto(f"/activities/{survey.activity_id}/survey/")
    url = phone.get_by_test_id("survey-url")
    box = url.bounding_box()
    assert box["x"] + box["width"] <= 390, box  # the long address wraps
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_projector_page_counts_live(page, organiser_survey):
    survey = organiser_survey
    log_in(page, "somsri")
    page.goto(f"/activities/{survey.activity_id}/survey/results/projector/")
    responses = page.get_by_test_id("responses")
    assert responses.inner_text() == "๐"
    size = float(responses.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= 48  # read from the back of the hall
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(5))
    expect(responses).to_have_text("๑", timeout=3000)
    expect(page.get_by_test_id("announce")).to_have_text("มีคำตอบ ๑ รายการ")
