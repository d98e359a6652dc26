"""The respondent page in a real phone-sized Chromium: a question heading that wraps stays
inside its box (issue 13, phone layouts), and "not you?" starts an empty answer."""

import pytest
from playwright.sync_api import expect

from cophub.accounts.models import User
from cophub.surveys.models import Question, Response
from cophub.testing import ActivityFactory, UserFactory, survey_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = (
    "ท่านสามารถนำความรู้ที่ได้รับจากการศึกษาดูงานครั้งนี้ไปประยุกต์ใช้ในการปฏิบัติงาน "
    "และถ่ายทอดให้เพื่อนร่วมงานในหน่วยงานของท่านได้มากน้อยเพียงใด"
)

# Each question's legend against its fieldset: the box, its top border, how tall.
BOXES = """els => els.map(f => {
  const box = f.getBoundingClientRect(), legend = f.querySelector('legend').getBoundingClientRect();
  const border = parseFloat(getComputedStyle(f).borderTopWidth);
  const line = parseFloat(getComputedStyle(f.querySelector('legend')).lineHeight);
  return {top: box.top + border, left: box.left, right: box.right, bottom: box.bottom,
          ltop: legend.top, lleft: legend.left, lright: legend.right, lbottom: legend.bottom,
          lines: Math.round(legend.height / line)};
})"""


@pytest.fixture
def survey(live_server, settings):
    settings.SITE_URL = live_server.url
    organiser = UserFactory(role=User.Role.ORGANISER)
    survey = survey_for(ActivityFactory(program__owner=organiser), organiser)
    Question.objects.filter(version=survey.current_version, code="q5").update(text=LONG)
    return survey


def test_wrapped_question_headings_stay_inside_their_box_on_a_390_px_phone(phone, survey):
    phone.goto(f"/s/{survey.token}")
    boxes = phone.locator("fieldset.question").evaluate_all(BOXES)
    assert max(b["lines"] for b in boxes) >= 3  # the long heading does wrap
    for b in boxes:
        # Below the top border (a legend straddles it by default), inside the sides and bottom.
        assert b["ltop"] >= b["top"] - 0.5, b
        assert (
            b["lleft"] >= b["left"] and b["lright"] <= b["right"] and b["lbottom"] <= b["bottom"]
        ), b
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_not_you_on_a_shared_phone_starts_an_empty_answer(phone, survey):
    phone.goto(f"/s/{survey.token}")
    for fieldset in phone.locator("fieldset.question").all():
        option = fieldset.get_by_label("๒ น้อย")
        if option.count():
            option.check()
    phone.get_by_role("button", name="ส่งแบบประเมิน").click()
    # expect() waits for the page the click leads to; is_visible() would not.
    expect(phone.get_by_test_id("thanks-activity")).to_be_visible()
    phone.get_by_role("link", name="แก้ไขคำตอบ").click()
    expect(phone.get_by_test_id("answered-note")).to_be_visible()
    expect(phone.locator("input:checked")).to_have_count(9)
    phone.get_by_role("button", name="ไม่ใช่คุณ? เริ่มคำตอบใหม่").click()
    expect(phone.get_by_test_id("answered-note")).to_have_count(0)
    expect(phone.locator("input:checked")).to_have_count(0)
    assert Response.objects.count() == 1  # the earlier person's answer stays theirs
