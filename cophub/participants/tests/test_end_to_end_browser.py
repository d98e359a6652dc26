"""The whole path in a real browser, as the participants issue's "done when" describes it:
an organiser uploads an XLSX list, reads the preview and confirms; at the door a phone's
camera (Chromium's fake camera, filming the participant's check-in QR) checks one of them
in; the activity's participant count and the report's participants by organisation follow.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cophub.accounts.models import User
from cophub.participants.models import RegistrationPolicy
from cophub.participants.tests.test_checkin_browser import scan_at_the_door
from cophub.participants.tests.test_import_browser import upload_list
from cophub.programs.models import Activity, Registration
from cophub.reports.selectors import program_report
from cophub.testing import ActivityFactory, UserFactory, join_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_from_an_excel_list_to_a_scan_at_the_door(page, chromium, live_server, tmp_path):
    organiser = UserFactory(username="organiser", role=User.Role.ORGANISER)
    today = timezone.localdate()
    activity = ActivityFactory(
        program__owner=organiser, title="ศึกษาดูงานการให้บริการประชาชน",
        start_date=today, end_date=today, participants_count=40,
    )  # fmt: skip
    # The door's facilitator is on this program's team (a global role opens no door).
    join_team(activity.program, UserFactory(username="door", role=User.Role.FACILITATOR))
    now = timezone.now()
    RegistrationPolicy.objects.create(
        activity=activity, is_open=True,
        checkin_opens_at=now - dt.timedelta(hours=1), checkin_closes_at=now + dt.timedelta(hours=3),
    )  # fmt: skip
    assert Activity.objects.get(pk=activity.pk).participant_total == 40  # typed in, for now

    # The organiser uploads the departments' list, reads the preview, confirms.
    upload_list(page, activity.pk)
    assert not Registration.objects.filter(activity=activity).exists()  # a preview writes nothing
    page.locator("#id_people_informed").check()  # they were told of the privacy notice
    page.get_by_role("button", name="ลงทะเบียน ๓ คน").click()
    page.get_by_test_id("import-outcome").wait_for()
    assert Registration.objects.filter(activity=activity, status="registered").count() == 3
    # Registered is not attended: the count now comes from who really came (nobody yet).
    assert Activity.objects.get(pk=activity.pk).participant_total == 0
    assert program_report(program_id=activity.program_id).by_organization == []

    # At the door, a facilitator's phone films สมชาย's personal QR.
    somchai = Registration.objects.get(activity=activity, person__first_name="สมชาย")
    shown = scan_at_the_door(
        chromium, live_server.url, tmp_path,
        username="door", activity_id=activity.pk, code=somchai.checkin_code,
    )  # fmt: skip
    assert shown["status"] == "ok", shown
    assert shown["lines"][:2] == ["เช็คอินแล้ว", "นายสมชาย ใจดี"]
    assert shown["counter"] == "เช็คอินแล้ว ๑ จาก ๓ คน"

    somchai.refresh_from_db()
    assert somchai.status == Registration.Status.ATTENDED and somchai.checked_in_at
    assert Activity.objects.get(pk=activity.pk).participant_total == 1
    assert program_report(program_id=activity.program_id).by_organization == [("กรมการปกครอง", 1)]
