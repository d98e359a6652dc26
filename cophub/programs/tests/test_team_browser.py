"""In a real browser: the organiser puts a facilitator on the program's team by user name,
and the facilitator then finds the door of the program's activity (and of no other)."""

import pytest

from cophub.accounts.models import User
from cophub.participants.models import RegistrationPolicy
from cophub.programs.models import ProgramMember
from cophub.programs.tests.test_browser import log_in
from cophub.testing import ActivityFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_organiser_adds_a_facilitator_who_then_opens_the_door(page):
    organiser = UserFactory(username="somsri", role=User.Role.ORGANISER)
    UserFactory(username="suda", first_name="สุดา", last_name="มีสุข", role="facilitator")
    activity = ActivityFactory(program__owner=organiser, title="ศึกษาดูงานศูนย์ราชการสะดวก")
    RegistrationPolicy.objects.create(activity=activity, is_open=True)
    elsewhere = ActivityFactory(program=ProgramFactory(), title="กิจกรรมของโครงการอื่น")
    RegistrationPolicy.objects.create(activity=elsewhere, is_open=True)

    log_in(page, "somsri")
    page.goto(activity.program.get_absolute_url())
    team = page.get_by_test_id("program-team")
    team.get_by_label("ชื่อผู้ใช้").fill("suda")
    team.get_by_label("บทบาทในทีม").select_option(ProgramMember.Role.FACILITATOR)
    team.get_by_test_id("team-add").click()
    page.wait_for_url("**/programs/*/#team")
    assert page.get_by_text("สุดา มีสุข เข้าร่วมทีมโครงการแล้ว").is_visible()
    assert page.get_by_test_id("team-member").filter(has_text="สุดา มีสุข").is_visible()
    assert ProgramMember.objects.get().user.username == "suda"

    page.context.clear_cookies()
    log_in(page, "suda")
    page.goto(activity.get_absolute_url())
    page.get_by_role("link", name="เช็คอิน", exact=True).click()
    page.wait_for_url(f"**/activities/{activity.pk}/checkin/")
    response = page.goto(f"/activities/{elsewhere.pk}/checkin/")
    assert response.status == 403
