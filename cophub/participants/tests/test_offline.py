"""The field kit without a browser: the door's list download, the scans of two offline
phones, the organiser's review, the sign-in sheet entered afterwards, the service worker."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cophub.accounts.services import token_create
from cophub.core.models import AuditLog
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.participants.services.checkin import checkin_record
from cophub.privacy.models import PersonalDataRead
from cophub.programs.models import Registration
from cophub.testing import ActivityFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
R = Registration.Status


@pytest.fixture
def seats(activity):
    now = timezone.now()
    RegistrationPolicy.objects.filter(activity=activity).update(
        checkin_opens_at=now - dt.timedelta(hours=3), checkin_closes_at=now + dt.timedelta(hours=3)
    )
    activity.refresh_from_db()
    return [RegistrationFactory(activity=activity, status=R.REGISTERED) for _ in range(3)]


def list_url(activity):
    return reverse("api:checkin_list", args=[activity.pk])


def test_the_door_downloads_only_its_activitys_codes_and_names_never_cached(
    door, activity, seats, django_assert_num_queries
):
    elsewhere = RegistrationFactory(activity=ActivityFactory(program=activity.program))
    client = Client()
    client.force_login(door)
    client.get("/")  # the session's own reads, out of the count
    # session, user, activity+policy, team role, list; the read's audit row, its record
    # and the people it names (savepoint and release around them)
    with django_assert_num_queries(10):
        answer = client.get(list_url(activity))
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "no-store"
    data = answer.json()
    codes = {r["code"] for r in data["registrations"]}
    assert codes == {s.checkin_code for s in seats}
    assert elsewhere.checkin_code not in codes
    assert set(data["registrations"][0]) == {
        "code", "name", "first_name", "last_name", "organization", "status", "checked_in_at"
    }  # fmt: skip  # no e-mail, no telephone
    closes = RegistrationPolicy.objects.get(activity=activity).checkin_closes_at
    assert abs(dt.datetime.fromisoformat(data["forget_at"]) - closes) < dt.timedelta(milliseconds=1)
    assert "person_ids" not in data


def test_each_download_of_the_list_is_one_recorded_read_of_its_peoples_data(
    door, activity, seats, member_client
):
    client = Client()
    client.force_login(door)
    for _ in range(2):
        assert client.get(list_url(activity)).status_code == 200
    reads = list(PersonalDataRead.objects.filter(kind=PersonalDataRead.Kind.DOOR_LIST))
    assert len(reads) == 2  # one per download, not one per person
    read = reads[0]
    assert (read.viewer, read.exported, read.count) == (door, True, 3)
    assert set(read.people.values_list("pk", flat=True)) == {s.person_id for s in seats}
    assert read.log.action == "personal_data.exported" and read.log.object_id == str(activity.pk)
    # a refused download reads nothing: a member's, nor a page of another site sending
    # the door's own browser here
    assert member_client.get(list_url(activity)).status_code == 403
    assert client.get(list_url(activity), HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert PersonalDataRead.objects.filter(kind=PersonalDataRead.Kind.DOOR_LIST).count() == 2


def test_the_list_is_refused_to_members_other_organisers_and_strangers(
    activity, seats, member_client, other_client, stranger_client
):
    assert member_client.get(list_url(activity)).status_code == 403
    assert other_client.get(list_url(activity)).status_code == 403
    assert stranger_client.get(list_url(activity)).status_code == 401


def test_two_offline_phones_count_a_person_once_and_the_second_is_a_duplicate(
    door, activity, seats
):
    made = timezone.now() - dt.timedelta(minutes=30)
    first = checkin_record(
        actor=door, code=seats[0].checkin_code, nonce=uuid.uuid4(), scanned_at=made,
        activity_id=activity.pk,
    )  # fmt: skip
    second = checkin_record(
        actor=door, code=seats[0].checkin_code, nonce=uuid.uuid4(),
        scanned_at=made + dt.timedelta(minutes=1), activity_id=activity.pk,
    )  # fmt: skip
    assert (first.status, first.late) == ("ok", True)
    assert second.status == "already"
    assert Registration.objects.filter(activity=activity, status=R.ATTENDED).count() == 1
    assert CheckIn.objects.filter(activity=activity).count() == 2


def upload(client, code, activity, scanned_at):
    body = {"code": code, "nonce": str(uuid.uuid4()), "activity": activity.pk,
            "scanned_at": scanned_at.isoformat()}  # fmt: skip
    answer = client.post("/api/v1/checkins", json.dumps(body), content_type="application/json")
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_two_offline_phones_uploading_in_the_wrong_order_keep_the_earliest_scan(
    door, activity, seats, organiser_client
):
    """Phone B scanned at 09:10 and uploads first; phone A scanned the same person at 09:00
    and uploads after: the person checked in at 09:00, and B's scan is the duplicate."""
    _token, secret = token_create(user=door)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="th")
    first_made = timezone.now() - dt.timedelta(minutes=50)
    later_made = first_made + dt.timedelta(minutes=10)
    code = seats[0].checkin_code
    phone_b = upload(api, code, activity, later_made)
    phone_a = upload(api, code, activity, first_made)
    assert (phone_b["status"], phone_a["status"]) == ("ok", "ok")
    seat = Registration.objects.get(pk=seats[0].pk)
    assert seat.status == R.ATTENDED
    assert abs(seat.checked_in_at - first_made) < dt.timedelta(milliseconds=1)
    rows = {round((c.scanned_at - first_made).total_seconds()): c for c in CheckIn.objects.all()}
    assert (rows[0].status, rows[600].status) == (CheckIn.Status.OK, CheckIn.Status.ALREADY)
    assert rows[600].reason == "already"
    assert Registration.objects.filter(activity=activity, status=R.ATTENDED).count() == 1
    assert AuditLog.objects.filter(action="registration.checkin_moved_earlier").count() == 1
    # the organiser sees the 09:10 scan as the duplicate
    page = organiser_client.get(reverse("participants:checkin_review", args=[activity.pk]))
    assert page.content.decode().count('data-testid="duplicate-row"') == 1
    assert [c.pk for c in page.context["review"].duplicates] == [rows[600].pk]
    # the right order changes nothing: a third, later scan is one more duplicate
    third = upload(api, code, activity, later_made + dt.timedelta(minutes=1))
    assert third["status"] == "already"
    seat.refresh_from_db()
    assert abs(seat.checked_in_at - first_made) < dt.timedelta(milliseconds=1)


def test_an_earlier_scan_outside_the_check_in_window_does_not_take_over(door, activity, seats):
    opens = RegistrationPolicy.objects.get(activity=activity).checkin_opens_at
    now = timezone.now()
    checkin_record(actor=door, code=seats[0].checkin_code, nonce=uuid.uuid4(), activity=activity)
    before = checkin_record(
        actor=door, code=seats[0].checkin_code, nonce=uuid.uuid4(),
        scanned_at=opens - dt.timedelta(minutes=5), activity_id=activity.pk,
    )  # fmt: skip
    assert before.status == "already"
    seat = Registration.objects.get(pk=seats[0].pk)
    assert seat.checked_in_at >= now


def test_the_organisers_review_shows_late_scans_and_duplicates(
    door, organiser_client, member_client, activity, seats, django_assert_num_queries
):
    made = timezone.now() - dt.timedelta(minutes=30)
    for code in (seats[0].checkin_code, seats[0].checkin_code, seats[1].checkin_code):
        checkin_record(
            actor=door, code=code, nonce=uuid.uuid4(), scanned_at=made, activity_id=activity.pk
        )
    checkin_record(actor=door, code=seats[2].checkin_code, nonce=uuid.uuid4(), activity=activity)
    url = reverse("participants:checkin_review", args=[activity.pk])
    organiser_client.get("/")
    with django_assert_num_queries(4):  # session, user, activity, the scans
        page = organiser_client.get(url)
    html = page.content.decode()
    assert html.count('data-testid="duplicate-row"') == 1
    assert html.count('data-testid="late-row"') == 3  # the duplicate came late too
    assert seats[0].person.first_name in html
    assert member_client.get(url).status_code == 403


def test_the_sign_in_sheet_is_entered_from_its_row_numbers(
    organiser_client, activity, seats, member_client
):
    url = reverse("participants:checkin_sheet", args=[activity.pk])
    page = organiser_client.get(url)
    assert page.status_code == 200
    rows = page.context["rows"]
    # Thai digits typed, and a range: rows 1 to 2 as printed
    answer = organiser_client.post(url, {"rows": "๑-๒"})
    assert answer.status_code == 302
    attended = set(
        Registration.objects.filter(activity=activity, status=R.ATTENDED).values_list(
            "checkin_code", flat=True
        )
    )
    assert attended == {rows[0].checkin_code, rows[1].checkin_code}
    assert set(CheckIn.objects.values_list("method", flat=True)) == {CheckIn.Method.SHEET}
    # again: nobody is counted twice
    organiser_client.post(url, {"rows": "1 2"})
    assert Registration.objects.filter(activity=activity, status=R.ATTENDED).count() == 2
    assert member_client.post(url, {"rows": "3"}).status_code == 403


@pytest.mark.parametrize("typed", ["4", "0", "1-9", "abc", "1\x00"])
def test_a_bad_row_number_is_a_thai_400_and_nothing_is_marked(
    organiser_client, activity, seats, typed
):
    url = reverse("participants:checkin_sheet", args=[activity.pk])
    answer = organiser_client.post(url, {"rows": typed})
    assert answer.status_code == 400
    assert "เลขลำดับ" in answer.content.decode()
    assert not Registration.objects.filter(activity=activity, status=R.ATTENDED).exists()


def test_a_sheet_entered_after_the_activity_still_counts(organiser_client, activity, seats):
    past = timezone.now() - dt.timedelta(days=3)
    RegistrationPolicy.objects.filter(activity=activity).update(
        checkin_opens_at=past, checkin_closes_at=past + dt.timedelta(hours=8)
    )
    url = reverse("participants:checkin_sheet", args=[activity.pk])
    assert organiser_client.post(url, {"rows": "1"}).status_code == 302
    assert Registration.objects.filter(activity=activity, status=R.ATTENDED).count() == 1


def test_the_service_worker_is_public_and_may_control_the_survey_and_door_pages():
    answer = Client().get(reverse("service_worker"))
    assert answer.status_code == 200
    assert answer["Service-Worker-Allowed"] == "/"
    assert answer["Content-Type"].startswith("text/javascript")
    body = answer.content.decode()
    assert 'request.method !== "GET"' in body  # posts are never answered from a cache
