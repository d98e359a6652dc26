"""The door in a real browser: Chromium's fake camera films a participant's check-in QR, the
phone-sized check-in page decodes it (Chromium on Linux has no BarcodeDetector, so this is the
app's own ZXing-WebAssembly decoder), and the counts of the activity and of the report move.

``scan_at_the_door`` is the scan on its own, so a longer end-to-end test (a participant list
imported first) can call it with whatever registration the import made.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import segno
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cophub.accounts.models import User
from cophub.conftest import CHROMIUM, CHROMIUM_ARGS
from cophub.orgs.models import Organization, Person
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.programs.models import Activity, Registration
from cophub.reports.selectors import program_report
from cophub.testing import PASSWORD, ActivityFactory, RegistrationFactory, UserFactory, join_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {
    "viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
    "is_mobile": True, "has_touch": True, "locale": "th-TH",
}  # fmt: skip


def qr_video(
    text: str, path: Path, *, width: int = 640, height: int = 480, frames: int = 6
) -> Path:
    """A YUV4MPEG2 film of ``text`` as a QR code, centred on white with its quiet zone: the
    luma plane from the code's modules, chroma grey (128)."""
    matrix = segno.make(text, error="q", micro=False).matrix
    border = 4
    n = len(matrix) + 2 * border
    scale = min(width, height) * 3 // 4 // n
    left, top = (width - n * scale) // 2, (height - n * scale) // 2
    luma = bytearray([235]) * (width * height)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if not dark:
                continue
            y0, x0 = top + (r + border) * scale, left + (c + border) * scale
            for y in range(y0, y0 + scale):
                luma[y * width + x0 : y * width + x0 + scale] = bytes([16]) * scale
    chroma = bytes([128]) * (width // 2 * (height // 2))
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * frames)
    return path


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def scan_at_the_door(
    chromium, base_url: str, tmp_path: Path, *, username: str, activity_id: int, code: str
) -> dict:
    """``username`` opens the check-in page of ``activity_id`` on a phone whose camera films
    the QR of ``code``; returns what the page shows once the scan's answer is in."""
    video = qr_video(code, tmp_path / "checkin-qr.y4m")
    browser = chromium.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )  # fmt: skip
    try:
        context = browser.new_context(base_url=base_url, permissions=["camera"], **PHONE)
        page = context.new_page()
        page.set_default_timeout(20_000)
        log_in(page, username)
        page.goto(reverse("participants:checkin", args=[activity_id]))
        result = page.locator(
            "[data-testid=checkin-result]:is([data-status=ok], [data-status=already], [data-status=refused])"
        )
        result.wait_for()
        shown = {
            "status": result.get_attribute("data-status"),
            "reason": result.get_attribute("data-reason"),
            "text": result.inner_text(),
        }
        shown["lines"] = [line for line in shown["text"].splitlines() if line.strip()]
        if shown["status"] == "ok":  # the counter asks the server again after a check-in
            expect(page.get_by_test_id("checkin-counter")).not_to_contain_text("เช็คอินแล้ว ๐ ")
        shown["counter"] = page.get_by_test_id("checkin-counter").inner_text()
        # The QR is still in front of the camera: the answer stays, it is not re-sent as "already".
        shown["status_after"] = result.get_attribute("data-status")
        shown["width"] = page.evaluate("document.documentElement.scrollWidth")
        Path("var/screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"var/screenshots/checkin-phone-{shown['status']}.png", full_page=True)
        context.close()
        return shown
    finally:
        browser.close()


@pytest.fixture
def door_day(reference_data):
    """An activity today with its check-in open, one registration (สมชาย ใจดี, DOPA)."""
    organiser = UserFactory(username="somsri", role=User.Role.ORGANISER)
    activity = ActivityFactory(
        program__owner=organiser, number=1, title="ศึกษาดูงานศูนย์บริการ",
        start_date=timezone.localdate(), end_date=timezone.localdate(),
    )  # fmt: skip
    now = timezone.now()
    RegistrationPolicy.objects.create(
        activity=activity, is_open=True,
        checkin_opens_at=now - dt.timedelta(hours=1), checkin_closes_at=now + dt.timedelta(hours=3),
    )  # fmt: skip
    person = Person.objects.create(
        prefix="นาย", first_name="สมชาย", last_name="ใจดี", position="นักวิเคราะห์นโยบายและแผน",
        organization=Organization.objects.get(code="DOPA"),
    )  # fmt: skip
    registration = RegistrationFactory(
        activity=activity, person=person, status=Registration.Status.REGISTERED
    )
    return organiser, activity, registration


def test_the_fake_camera_checks_a_participant_in(chromium, live_server, tmp_path, door_day):
    _organiser, activity, registration = door_day
    join_team(activity.program, UserFactory(username="door", role=User.Role.FACILITATOR))
    assert Activity.objects.get(pk=activity.pk).participant_total == 0
    assert program_report(program_id=activity.program_id).by_organization == []

    shown = scan_at_the_door(
        chromium, live_server.url, tmp_path,
        username="door", activity_id=activity.pk, code=registration.checkin_code,
    )  # fmt: skip

    assert shown["status"] == "ok", shown
    assert shown["lines"] == ["เช็คอินแล้ว", "นายสมชาย ใจดี", "กรมการปกครอง"]
    assert shown["counter"] == "เช็คอินแล้ว ๑ จาก ๑ คน"
    assert shown["status_after"] == "ok"
    assert shown["width"] <= 390  # nothing wider than the phone
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert CheckIn.objects.filter(status="ok").count() == 1
    assert Activity.objects.get(pk=activity.pk).participant_total == 1
    assert program_report(program_id=activity.program_id).by_organization == [("กรมการปกครอง", 1)]


def test_the_organiser_scans_a_cancelled_registration_and_is_told(
    chromium, live_server, tmp_path, door_day
):
    organiser, activity, registration = door_day
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
    shown = scan_at_the_door(
        chromium, live_server.url, tmp_path,
        username=organiser.username, activity_id=activity.pk, code=registration.checkin_code,
    )  # fmt: skip
    assert (shown["status"], shown["reason"]) == ("refused", "cancelled")
    assert "การลงทะเบียนนี้ถูกยกเลิกแล้ว" in shown["text"]
    assert Activity.objects.get(pk=activity.pk).participant_total == 0


def test_without_a_camera_the_search_checks_people_in(phone, door_day):
    """The standard browser has no camera: the page says so and the name search does the work."""
    organiser, activity, registration = door_day
    log_in(phone, organiser.username)
    phone.goto(reverse("participants:checkin", args=[activity.pk]))
    message = phone.get_by_test_id("camera-message")
    message.get_by_text("ใช้กล้องไม่ได้ ค้นหาจากชื่อด้านล่างแทน").wait_for()
    phone.get_by_test_id("search-input").fill("สมช")
    phone.get_by_test_id("search-checkin").click()
    result = phone.locator("[data-testid=checkin-result][data-status=ok]")
    result.wait_for()
    assert "นายสมชาย ใจดี" in result.inner_text()
    phone.get_by_text("เช็คอินแล้ว ๑ จาก ๑ คน").wait_for()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert CheckIn.objects.get().method == "search"
