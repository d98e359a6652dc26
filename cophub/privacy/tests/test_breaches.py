"""The breach register: system admins only; the 72 hours to tell the Office (สคส.) counted
from when the breach was found, shown in Thai digits; every change audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.privacy import selectors, services
from cophub.privacy.models import Breach

pytestmark = pytest.mark.django_db

LIST = reverse("privacy:breaches")
NEW = reverse("privacy:breach_create")
H = dt.timedelta(hours=1)


def breach(sysadmin, *, found_at, **values) -> Breach:
    values = {"title": "ส่งรายชื่อผู้เข้าร่วมผิดกลุ่มอีเมล", "data_affected": "ชื่อ อีเมล",
              "people_count": 120, **values}  # fmt: skip
    return services.breach_record(actor=sysadmin, found_at=found_at, **values)


@pytest.mark.parametrize(
    ("found_ago", "notified_after", "risk", "state", "text"),
    [
        (H * 10, None, "risk", "due", "ต้องแจ้ง สคส. ภายใน ๖๒ ชั่วโมง"),
        (H * 71 + dt.timedelta(minutes=30), None, "risk", "due", "ต้องแจ้ง สคส. ภายใน ๑ ชั่วโมง"),
        (
            H * 72 + dt.timedelta(minutes=1),
            None,
            "high",
            "overdue",
            "เลยกำหนดแจ้ง สคส. มาแล้ว ๑ ชั่วโมง",
        ),
        (H * 100, None, "risk", "overdue", "เลยกำหนดแจ้ง สคส. มาแล้ว ๒๘ ชั่วโมง"),
        (
            H * 100 - dt.timedelta(minutes=1),
            None,
            "risk",
            "overdue",
            "เลยกำหนดแจ้ง สคส. มาแล้ว ๒๗ ชั่วโมง",
        ),
        (H * 100, H * 24, "risk", "notified", "แจ้ง สคส. ภายในกำหนดแล้ว"),
        (H * 100, H * 75, "risk", "notified_late", "แจ้ง สคส. แล้ว ช้ากว่ากำหนด ๓ ชั่วโมง"),
        (H * 100, None, "none", "not_required", "ไม่ต้องแจ้ง สคส."),
    ],
)
def test_the_deadline_in_thai(sysadmin, found_ago, notified_after, risk, state, text):
    now = timezone.now()
    found = now - found_ago
    b = breach(
        sysadmin, found_at=found, risk=risk,
        office_notified_at=found + notified_after if notified_after else None,
    )  # fmt: skip
    deadline = selectors.deadline(b, now)
    assert (deadline.state, deadline.text) == (state, text)
    assert b.notify_by == found + H * 72


def test_the_register_lists_the_overdue_first_with_the_deadline_shown(sysadmin, sysadmin_client):
    now = timezone.now()
    breach(sysadmin, found_at=now - H * 200, title="เก่า แจ้งแล้ว", office_notified_at=now - H * 190)
    breach(sysadmin, found_at=now - H * 2, title="ใหม่ ยังไม่แจ้ง")
    breach(sysadmin, found_at=now - H * 80, title="เลยกำหนด")
    page = sysadmin_client.get(LIST).content.decode()
    assert page.index("เลยกำหนด") < page.index("ใหม่ ยังไม่แจ้ง") < page.index("เก่า แจ้งแล้ว")
    assert "เลยกำหนดแจ้ง สคส. มาแล้ว ๘ ชั่วโมง" in page
    assert "ต้องแจ้ง สคส. ภายใน ๗๐ ชั่วโมง" in page
    assert "๑๒๐" in page  # people affected, Thai digits


def test_an_admin_records_and_edits_a_breach_with_thai_dates(sysadmin, sysadmin_client):
    response = sysadmin_client.post(NEW, {
        "title": "แฟ้มรายชื่อผู้เข้าร่วมสูญหาย", "found_at": "๑๕/๐๓/๒๕๖๙ ๐๙:๓๐",
        "occurred_at": "๑๔/๐๓/๒๕๖๙ ๑๗:๐๐", "data_affected": "ชื่อ ตำแหน่ง โทรศัพท์",
        "people_count": "๔๕", "risk": "high", "status": "open",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    b = Breach.objects.get()
    assert b.people_count == 45 and b.recorded_by == sysadmin
    local = timezone.localtime(b.found_at)
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2026, 3, 15, 9, 30)
    detail = sysadmin_client.get(response["Location"]).content.decode()
    assert "๑๕ มีนาคม ๒๕๖๙ ๐๙:๓๐ น." in detail  # found
    assert "๑๘ มีนาคม ๒๕๖๙ ๐๙:๓๐ น." in detail  # notify by: 72 hours later
    assert "ต้องแจ้งเจ้าของข้อมูลที่ได้รับผลกระทบโดยไม่ชักช้า" in detail
    edited = sysadmin_client.post(reverse("privacy:breach_edit", args=[b.pk]), {
        "title": b.title, "found_at": "๑๕/๐๓/๒๕๖๙ ๐๙:๓๐", "data_affected": b.data_affected,
        "people_count": "45", "risk": "high", "status": "contained",
        "office_notified_at": "๑๖/๐๓/๒๕๖๙ ๑๐:๐๐", "actions": "แจ้งผู้เกี่ยวข้องและเปลี่ยนรหัสผ่าน",
    })  # fmt: skip
    assert edited.status_code == 302
    b.refresh_from_db()
    assert b.status == "contained" and b.office_notified_at is not None
    assert b.occurred_at is None  # cleared on the form
    update = AuditLog.objects.get(action="breach.updated")
    assert set(update.changes) == {"status", "office_notified_at", "actions", "occurred_at"}
    assert AuditLog.objects.filter(action="breach.recorded", object_id=str(b.pk)).exists()


def test_a_breach_found_before_it_happened_is_refused_and_nothing_saved(sysadmin_client):
    response = sysadmin_client.post(NEW, {
        "title": "x", "found_at": "๑๐/๐๓/๒๕๖๙ ๐๙:๐๐", "occurred_at": "๑๑/๐๓/๒๕๖๙ ๐๙:๐๐",
        "data_affected": "ชื่อ", "people_count": "1", "risk": "risk", "status": "open",
    })  # fmt: skip
    assert response.status_code == 400
    assert "วันเวลาที่พบเหตุต้องไม่ก่อนวันเวลาที่เกิดเหตุ" in response.content.decode()
    assert not Breach.objects.exists()


@pytest.mark.parametrize(
    "dates",
    [{"found_at": "31/12/9999 23:00"}, {"found_at": "0001-01-01 00:00"},
     {"occurred_at": "0001-01-01 00:00"}, {"office_notified_at": "9999-12-31 23:59"},
     {"found_at": "๑/๑/๒๗๔๔ ๐๐:๐๐"}],
)  # fmt: skip
def test_a_date_off_the_calendar_is_refused_on_the_form(sysadmin_client, dates):
    """0001-01-01 was a 500 on the form; 9999-12-31 was saved, and then every breach page
    was a 500 (found + 72 hours is past the end of Python's calendar)."""
    values = {"title": "x", "found_at": "๑๕/๐๓/๒๕๖๙ ๐๙:๐๐", "data_affected": "ชื่อ",
              "people_count": "1", "risk": "risk", "status": "open", **dates}  # fmt: skip
    response = sysadmin_client.post(NEW, values, HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 400
    assert "โปรดพิมพ์วันที่และเวลาเป็น วัน/เดือน/ปี พ.ศ." in response.content.decode()
    assert not Breach.objects.exists()
    assert sysadmin_client.get(LIST).status_code == 200


def test_notification_before_the_breach_was_found_is_refused(sysadmin):
    now = timezone.now()
    with pytest.raises(DomainError) as caught:
        breach(sysadmin, found_at=now, office_notified_at=now - H)
    assert caught.value.code == "breach_notified_before_found"
    b = breach(sysadmin, found_at=now)
    with pytest.raises(DomainError):
        services.breach_update(actor=sysadmin, breach=b, people_notified_at=now - H)
    b.refresh_from_db()
    assert b.people_notified_at is None


@pytest.mark.parametrize("who", ["organiser_client", "member_client", "facilitator_client"])
def test_only_system_admins_see_or_change_the_register(who, request, sysadmin):
    client = request.getfixturevalue(who)
    b = breach(sysadmin, found_at=timezone.now())
    for url in (LIST, NEW, reverse("privacy:breach_detail", args=[b.pk]),
                reverse("privacy:breach_edit", args=[b.pk])):  # fmt: skip
        assert client.get(url).status_code == 403, url
    assert client.post(NEW, {"title": "x"}).status_code == 403
    assert Breach.objects.count() == 1


def test_a_stranger_is_sent_to_log_in(stranger_client):
    assert stranger_client.get(LIST)["Location"].startswith(reverse("login"))


def test_the_services_refuse_anyone_but_an_admin(organiser, sysadmin):
    with pytest.raises(DomainError) as caught:
        breach(organiser, found_at=timezone.now())
    assert caught.value.code == "permission_denied"
    b = breach(sysadmin, found_at=timezone.now())
    with pytest.raises(DomainError):
        services.breach_update(actor=organiser, breach=b, status="closed")


def test_an_unknown_breach_is_not_found(sysadmin_client):
    assert sysadmin_client.get(reverse("privacy:breach_detail", args=[999])).status_code == 404
