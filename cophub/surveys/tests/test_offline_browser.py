"""The respondent page on a bus with no signal, in a real Chromium (docs/surveys.md, "Offline"),
and the same page with JavaScript off, which must post as it always did."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cophub.surveys.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER_EVERY_QUESTION = """() => {
  for (const field of document.querySelectorAll("fieldset.question")) {
    const first = field.querySelector("input[type=radio], input[type=checkbox]");
    if (first) first.checked = true;
    const text = field.querySelector("input[type=text], textarea");
    if (text) text.value = "ดีมาก";
  }
}"""
KEPT = """async () => {
  const cache = await caches.open("cophub-survey-v1");
  return !!(await cache.match(location.origin + location.pathname)) && !!navigator.serviceWorker.controller;
}"""


def wait_until_kept(page):
    for _ in range(100):
        if page.evaluate(KEPT):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never kept the page")


def test_an_answer_made_offline_survives_a_reload_and_is_counted_once(phone, survey):
    url = f"/s/{survey.token}"
    phone.goto(url)
    wait_until_kept(phone)
    phone.context.set_offline(True)
    phone.evaluate(ANSWER_EVERY_QUESTION)
    phone.get_by_role("button", name="ส่งแบบประเมิน").click()
    expect(phone.get_by_test_id("field-saved")).to_contain_text("บันทึกคำตอบของท่านไว้ในเครื่องนี้แล้ว")
    expect(phone.get_by_test_id("field-chip")).to_have_attribute("data-waiting", "1")
    # a shared phone: the next person sees an empty form
    assert phone.locator("input:checked").count() == 0
    phone.reload()  # still offline: the kept page, with the answer waiting
    expect(phone.get_by_role("button", name="ส่งแบบประเมิน")).to_be_visible()
    expect(phone.get_by_test_id("field-chip")).to_have_attribute("data-waiting", "1")
    expect(phone.get_by_test_id("field-chip")).to_contain_text("รอส่ง")
    assert Response.objects.filter(survey=survey).count() == 0
    phone.context.set_offline(False)
    expect(phone.get_by_test_id("field-chip")).to_have_attribute(
        "data-waiting", "0", timeout=20_000
    )
    assert Response.objects.filter(survey=survey).count() == 1
    sent = Response.objects.get(survey=survey)
    assert sent.made_at is not None and sent.made_at < sent.submitted_at  # made on the bus
    # a second tab (or a reload) sends nothing again
    phone.reload()
    expect(phone.get_by_test_id("field-chip")).to_have_attribute("data-state", "online")
    assert Response.objects.filter(survey=survey).count() == 1
    # It was sent as this phone's answer: the page shows it, and changing it is an edit.
    expect(phone.get_by_test_id("answered-note")).to_be_visible()
    first_likert = phone.locator("fieldset.question:has(.likert)").first
    first_likert.locator("input[type=radio]").last.check()
    phone.get_by_role("button", name="ส่งแบบประเมิน").click()
    expect(phone.get_by_text("ระบบได้รับคำตอบของท่านแล้ว")).to_be_visible()
    assert Response.objects.filter(survey=survey).count() == 1
    assert Response.objects.get(survey=survey).answers != sent.answers


def test_three_people_answering_on_one_offline_phone_are_three_responses(phone, survey):
    """A phone passed round on the bus, reloaded between people while still offline: every
    answer is kept (the kept page gets a client_id of its own each time) and sent; only
    the first is the phone's own (its edit later is an edit), the others their own."""
    phone.goto(f"/s/{survey.token}")
    wait_until_kept(phone)
    phone.context.set_offline(True)
    for waiting in (1, 2, 3):
        phone.evaluate(ANSWER_EVERY_QUESTION)
        phone.get_by_role("button", name="ส่งแบบประเมิน").click()
        chip = phone.get_by_test_id("field-chip")
        expect(chip).to_have_attribute("data-waiting", str(waiting))
        phone.reload()  # the kept copy, with the same client_id in its HTML every time
        expect(chip).to_have_attribute("data-waiting", str(waiting))
    phone.context.set_offline(False)
    expect(phone.get_by_test_id("field-chip")).to_have_attribute(
        "data-waiting", "0", timeout=30_000
    )
    assert Response.objects.filter(survey=survey).count() == 3
    assert Response.objects.filter(survey=survey, respondent__isnull=False).count() == 1


def test_with_javascript_off_the_page_still_submits(chromium, live_server, reference_data, survey):
    context = chromium.new_context(
        base_url=live_server.url, locale="th-TH", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"/s/{survey.token}")
        expect(page.get_by_test_id("field-chip")).to_be_hidden()
        for field in page.locator("fieldset.question").all():
            choice = field.locator("input[type=radio], input[type=checkbox]")
            if choice.count():
                choice.first.check()
        page.get_by_role("button", name="ส่งแบบประเมิน").click()
        expect(page.get_by_text("ระบบได้รับคำตอบของท่านแล้ว")).to_be_visible()
        assert Response.objects.filter(survey=survey).count() == 1
    finally:
        context.close()
