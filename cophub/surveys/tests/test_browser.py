"""End to end: a QR code decoded by a real decoder, answered on a phone, counted live."""

import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cophub.accounts.models import User
from cophub.testing import PASSWORD, ActivityFactory, UserFactory, survey_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scan_answer_on_a_phone_and_see_it_counted_live(
    page, phone, live_server, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    organiser = UserFactory(username="somsri", role=User.Role.ORGANISER)
    activity = ActivityFactory(
        program__owner=organiser, number=1, title="ศึกษาดูงานศูนย์บริการ", participants_count=30
    )
    survey_for(activity, organiser)

    # The organiser opens the live results page for the projector.
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("somsri")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.goto(f"/activities/{activity.pk}/survey/results/")
    responses = page.get_by_test_id("responses")
    assert responses.inner_text() == "๐"

    # The QR code, as printed, decoded by zbar.
    png = tmp_path / "qr.png"
    call_command("qr", str(activity.pk), "--output", str(png))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True
    )
    url = decoded.stdout.strip()
    assert url.startswith(live_server.url + "/s/")

    # A participant's phone: no login, Thai, every rating answered.
    phone.goto(url)
    assert phone.get_by_role("heading", name="ครั้งที่ ๑ ศึกษาดูงานศูนย์บริการ").is_visible()
    for fieldset in phone.locator("fieldset.question").all():
        option = fieldset.get_by_label("๔ มาก")
        if option.count():
            option.check()
    phone.get_by_role("textbox", name="ข้อเสนอแนะเพิ่มเติม").fill("ได้ความรู้เรื่องการบริการประชาชน")
    phone.get_by_role("button", name="ส่งแบบประเมิน").click()
    # The offline script sends the form itself, then the thank-you page loads: wait for it.
    expect(phone.get_by_role("heading", name="ขอบคุณที่ร่วมประเมิน")).to_be_visible()

    # The projector page updates itself, within 2 seconds, without a reload.
    # (expect, not wait_for_function: the page's CSP forbids evaluating a string of script)
    expect(page.get_by_test_id("responses")).to_have_text("๑", timeout=2000)
    assert "มาก" in page.locator("#live").inner_text()


def test_respondent_page_is_light_and_usable_on_a_phone(phone, live_server, settings):
    settings.SITE_URL = live_server.url
    organiser = UserFactory(role=User.Role.ORGANISER)
    survey = survey_for(ActivityFactory(program__owner=organiser), organiser)
    sizes = []
    phone.on(
        "requestfinished",
        lambda request: sizes.append(
            request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]
        ),
    )
    phone.goto(f"/s/{survey.token}", wait_until="networkidle")
    assert sum(sizes) < 100 * 1024, sizes  # everything transferred on first load, fonts included
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # Tap targets at least 44 px high (WCAG 2.5.5).
    heights = phone.locator("label.tap").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert min(heights) >= 44
    phone.screenshot(path="var/screenshots/respond-phone.png", full_page=True)
