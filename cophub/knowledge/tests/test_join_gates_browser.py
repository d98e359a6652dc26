"""A real browser through the join gate: a staff member asks to join a community that
takes members by request and, while waiting, gets 404 for its members-only item; the
facilitator approves on the waiting list (htmx swaps the list in place) and the item
opens. Elements are found by ids, names and data-testid, not by translated text."""

import pytest

from cophub.knowledge.models import JoinRequest, Membership
from cophub.knowledge.tests.test_browser import log_in
from cophub.testing import UserFactory, make_community, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ask_wait_get_approved_then_read(page, phone):
    facilitator = UserFactory(username="facilitator", role="facilitator")
    community = make_community(facilitator=facilitator, name="ชุมชนนักปฏิบัติด้านกฎหมาย")
    item = make_item(
        author=facilitator, community=community, title="แนวทางตอบข้อหารือ", visibility="members"
    )
    UserFactory(username="somsak")

    # The requester asks, with a message, and sees that the request waits.
    log_in(phone, "somsak")
    phone.goto(f"/communities/{community.pk}/")
    phone.locator("#id_message").fill("ขอเข้าร่วมเพื่อเรียนรู้งานกฎหมาย")
    phone.get_by_test_id("request-join").click()
    phone.get_by_test_id("waiting").wait_for()
    assert JoinRequest.objects.get(user__username="somsak").status == "pending"
    assert phone.goto(item.get_absolute_url()).status == 404

    # The facilitator approves on the waiting list; htmx replaces only the list.
    log_in(page, "facilitator")
    page.goto(f"/communities/{community.pk}/")
    page.get_by_test_id("join-requests").click()
    page.wait_for_url(f"**/communities/{community.pk}/requests/")
    page.evaluate("window.notReloaded = true")
    page.get_by_test_id("request").get_by_test_id("approve").click()
    page.get_by_test_id("no-requests").wait_for()
    assert page.evaluate("window.notReloaded") is True  # swapped in place, not a new page
    assert Membership.objects.filter(community=community, user__username="somsak").exists()

    # Now the member reads it.
    assert phone.goto(item.get_absolute_url()).status == 200
    phone.goto(f"/communities/{community.pk}/")
    phone.get_by_test_id("membership").wait_for()
