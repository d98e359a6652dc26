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
    # a second tab (or a reload) sends nothing again
    phone.reload()
    expect(phone.get_by_test_id("field-chip")).to_have_attribute("data-state", "online")
    assert Response.objects.filter(survey=survey).count() == 1


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
