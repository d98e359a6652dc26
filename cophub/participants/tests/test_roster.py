"""The organiser's roster, status changes and registration settings; who may see them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cophub.core.models import AuditLog
from cophub.orgs.models import Organization
from cophub.participants.models import Quota, RegistrationPolicy
from cophub.programs.models import Registration
from cophub.testing import PersonFactory, RegistrationFactory, count_queries

pytestmark = pytest.mark.django_db
Status = Registration.Status


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def fill(activity, dopa, n: int = 2):
    """``n`` of each status, people of two organisations."""
    ops = Organization.objects.get(code="OPS")
    rows = []
    for status in Status.values:
        for i in range(n):
            person = PersonFactory(
                organization=dopa if i % 2 else ops, first_name=f"{status}{i}",
                position="นักวิเคราะห์",
            )  # fmt: skip
            rows.append(RegistrationFactory(activity=activity, person=person, status=status))
    return rows


def test_the_roster_shows_everyone_with_status_counts_and_organisations(
    organiser_client, activity, dopa, coordinator
):
    RegistrationPolicy.objects.filter(activity=activity).update(capacity=10)
    fill(activity, dopa)
    RegistrationFactory(
        activity=activity, status=Status.REGISTERED, source=Registration.Source.NOMINATED,
        nominated_by=coordinator, person__first_name="เสนอชื่อ", person__organization=dopa,
    )  # fmt: skip
    response = organiser_client.get(reverse("participants:roster", args=[activity.pk]))
    assert response.status_code == 200
    text = text_of(response)
    assert "ลงทะเบียนแล้ว ๓" in text and "รายชื่อสำรอง ๒" in text and "ยกเลิกแล้ว ๒" in text
    assert "ทั้งหมด ๑๑" in text
    assert "๗ / ๑๐" in text  # seats: registered, attended and no-shows
    assert "กรมการปกครอง" in text and "สำนักงานปลัดกระทรวงมหาดไทย" in text
    assert "เสนอชื่อโดยผู้ประสานงาน" in text
    # by organisation, in Thai order: กรมการปกครอง before สำนักงานปลัดกระทรวงมหาดไทย
    by_org = text[text.index("จำแนกตามหน่วยงาน") :]
    assert by_org.index("กรมการปกครอง") < by_org.index("สำนักงานปลัดกระทรวงมหาดไทย")


def test_the_roster_filters_by_status_and_lists_the_waiting_in_queue_order(
    organiser_client, activity, dopa
):
    rows = fill(activity, dopa)
    url = reverse("participants:roster", args=[activity.pk])
    page = organiser_client.get(url + "?status=waiting").content.decode()
    waiting = [r for r in rows if r.status == Status.WAITING]
    assert all(f'id="registration-{r.pk}"' in page for r in waiting)
    assert page.count('id="registration-') == 2
    assert page.index(f"registration-{waiting[0].pk}") < page.index(f"registration-{waiting[1].pk}")
    assert organiser_client.get(url + "?status=bogus").status_code == 200  # all, unfiltered


def test_roster_query_count_is_fixed(organiser_client, activity, dopa):
    url = reverse("participants:roster", args=[activity.pk])
    fill(activity, dopa, 1)
    small = count_queries(lambda: organiser_client.get(url))
    fill(activity, dopa, 6)
    assert count_queries(lambda: organiser_client.get(url)) == small == ROSTER_QUERIES
    filtered = count_queries(lambda: organiser_client.get(url + "?status=registered"))
    assert filtered == ROSTER_QUERIES


# session, user, activity with program, policy, counts by status, by organisation, rows;
# then the record of the read (privacy): savepoint, audit row, read, whose data, release;
# and who agreed to photos
ROSTER_QUERIES = 13


def test_status_change_by_plain_post_and_by_htmx(organiser_client, activity, dopa):
    RegistrationPolicy.objects.filter(activity=activity).update(capacity=1)
    seat = RegistrationFactory(activity=activity, attended=False)
    waiting = RegistrationFactory(activity=activity, status=Status.WAITING)
    url = reverse("participants:status", args=[seat.pk])
    response = organiser_client.post(url, {"status": "attended", "filter": "registered"})
    assert response.status_code == 302
    assert response["Location"].endswith("?status=registered")
    seat.refresh_from_db()
    assert seat.status == Status.ATTENDED and seat.checked_in_at
    response = organiser_client.post(
        url, {"status": "cancelled"}, HTTP_HX_REQUEST="true", follow=True
    )
    assert response.status_code == 200 and 'id="roster"' in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.REGISTERED  # the freed seat went to the waiting list
    audit = AuditLog.objects.filter(action="registration.status_changed").order_by("id")
    assert [a.changes["status"] for a in audit] == [
        ["registered", "attended"], ["attended", "cancelled"],
    ]  # fmt: skip
    bad = organiser_client.post(url, {"status": "lost"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and "เลือกสถานะ" in bad.content.decode()


def test_the_settings_page_takes_buddhist_era_dates_thai_digits_and_quotas(
    organiser_client, activity, dopa
):
    url = reverse("participants:policy", args=[activity.pk])
    page = organiser_client.get(url)
    assert page.status_code == 200
    response = organiser_client.post(url, {
        "is_open": "on", "opens_at": "๑๕/๐๓/๒๕๖๙ ๐๙:๐๐", "closes_at": "31/03/2569 16.30",
        "capacity": "๔๐", "who": "target", "target_organizations": [dopa.pk],
        "quotas": "ปค.: ๕\nสป.มท.: 3", "checkin_opens_at": "", "checkin_closes_at": "",
    })  # fmt: skip
    assert response.status_code == 302, text_of(response)
    policy = RegistrationPolicy.objects.get(activity=activity)
    assert timezone.localtime(policy.opens_at).replace(tzinfo=None) == dt.datetime(2026, 3, 15, 9)
    assert timezone.localtime(policy.closes_at).replace(tzinfo=None) == dt.datetime(
        2026, 3, 31, 16, 30
    )
    assert policy.capacity == 40 and policy.who == "target"
    assert list(policy.target_organizations.all()) == [dopa]
    assert {q.organization.code: q.seats for q in Quota.objects.filter(policy=policy)} == {
        "DOPA": 5, "OPS": 3,
    }  # fmt: skip
    page = organiser_client.get(url).content.decode()
    assert 'value="๑๕/๐๓/๒๕๖๙ ๐๙:๐๐"' in page  # shown again in B.E., in Thai digits
    assert AuditLog.objects.filter(action="registration_policy.updated").count() == 1


def test_the_settings_page_explains_bad_input_and_saves_nothing(organiser_client, activity):
    url = reverse("participants:policy", args=[activity.pk])
    response = organiser_client.post(url, {
        "is_open": "on", "opens_at": "31/02/2569", "closes_at": "01/03/2569 08:00",
        "capacity": "สี่สิบ", "who": "target", "quotas": "กรมที่ไม่มีจริง: 4\nปค. 5",
        "checkin_opens_at": "02/03/2569 10:00", "checkin_closes_at": "02/03/2569 09:00",
    })  # fmt: skip
    assert response.status_code == 400
    text = text_of(response)
    assert "๑๕/๐๓/๒๕๖๙ ๐๙:๐๐" in text  # how to type a date, in Thai digits
    assert "บรรทัดที่ ๑: ไม่พบหน่วยงานชื่อ “กรมที่ไม่มีจริง”" in text and "บรรทัดที่ ๒" in text
    assert "กรุณากรอกเป็นจำนวนเต็ม" in text  # the capacity
    assert "หน่วยงานเป้าหมาย" in text
    assert RegistrationPolicy.objects.get(activity=activity).capacity is None


def test_members_facilitators_and_other_organisers_cannot_run_the_roster(
    member_client, other_client, door_client, coordinator_client, activity
):
    registration = RegistrationFactory(activity=activity, attended=False)
    for client in (member_client, other_client, door_client, coordinator_client):
        for url in [
            reverse("participants:roster", args=[activity.pk]),
            reverse("participants:policy", args=[activity.pk]),
        ]:
            assert client.get(url).status_code == 403, url
        assert (
            client.post(
                reverse("participants:policy", args=[activity.pk]), {"who": "any", "capacity": "1"}
            ).status_code
            == 403
        )
        assert (
            client.post(
                reverse("participants:status", args=[registration.pk]), {"status": "cancelled"}
            ).status_code
            == 403
        )
    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED
    assert RegistrationPolicy.objects.get(activity=activity).capacity is None


def test_strangers_are_sent_to_log_in(stranger_client, activity):
    registration = RegistrationFactory(activity=activity, attended=False)
    for url in [
        reverse("participants:roster", args=[activity.pk]),
        reverse("participants:policy", args=[activity.pk]),
    ]:
        response = stranger_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = stranger_client.post(
        reverse("participants:status", args=[registration.pk]), {"status": "cancelled"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED


def test_the_system_admin_runs_any_roster(client, sysadmin, activity):
    client.force_login(sysadmin)
    assert client.get(reverse("participants:roster", args=[activity.pk])).status_code == 200
    assert client.get(reverse("participants:roster", args=[99999])).status_code == 404
