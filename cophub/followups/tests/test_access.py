"""Who may set up and read a follow-up, and the author's one-click knowledge draft."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cophub.followups import tokens
from cophub.followups.models import Invitation
from cophub.followups.services import answer_submit, followup_send_due
from cophub.followups.tests.test_followups import SENDS, at
from cophub.knowledge.models import KnowledgeItem
from cophub.knowledge.services import community_join, community_link_activity
from cophub.orgs.models import Organization
from cophub.privacy.models import PersonalDataRead
from cophub.testing import SiteFactory, join_team, make_community

pytestmark = pytest.mark.django_db


def test_a_member_cannot_set_up_and_a_stranger_sees_nothing(
    activity, followup, member_client, stranger_client, organiser_client, facilitator, client
):
    for name in ("results", "setup", "printable"):
        url = reverse(f"followups:{name}", args=[activity.pk])
        assert member_client.get(url).status_code == 403
        assert stranger_client.get(url).status_code == 302
        assert organiser_client.get(url).status_code == 200
    join_team(activity.program, facilitator, "facilitator")
    client.force_login(facilitator)
    assert client.get(reverse("followups:results", args=[activity.pk])).status_code == 200
    assert client.get(reverse("followups:setup", args=[activity.pk])).status_code == 403
    answer = member_client.post(
        reverse("followups:setup", args=[activity.pk]),
        {"delay_days": "1", "open_days": "5", "reminder_days": ""},
    )
    assert answer.status_code == 403


def test_setup_accepts_thai_digits_and_the_printable_list_has_qr_codes(activity, organiser_client):
    url = reverse("followups:setup", args=[activity.pk])
    saved = organiser_client.post(
        url, {"delay_days": "๙๐", "open_days": "๖๐", "reminder_days": "๑๔, ๒๘"}
    )
    assert saved.status_code == 302
    assert activity.followup.reminder_days == [14, 28]
    bad = organiser_client.post(url, {"delay_days": "90", "open_days": "60", "reminder_days": "x"})
    assert bad.status_code == 400 and "จำนวนเต็ม" in bad.text
    followup_send_due(now=at(SENDS))
    printable = reverse("followups:printable", args=[activity.pk])
    # A page of another site that links here gets the question first, and no names.
    asked = organiser_client.get(printable, HTTP_SEC_FETCH_SITE="cross-site")
    assert "<svg" not in asked.text and not PersonalDataRead.objects.exists()
    page = organiser_client.get(printable)
    assert page.text.count("<svg") == 1  # the one attendee without e-mail
    inv = Invitation.objects.get(email=False)
    assert tokens.token_for(inv.nonce) in page.text
    # names with their own answering links, printed: a recorded read of personal data
    read = PersonalDataRead.objects.get()
    assert (read.kind, read.exported, read.count) == ("followup_links", True, 1)
    assert list(read.people.values_list("pk", flat=True)) == [inv.person_id]


def test_only_the_author_drafts_a_knowledge_item_from_their_answer(
    activity, followup, member, member_client, organiser, organiser_client
):
    host = Organization.objects.create(name="บริษัท ตัวอย่าง จำกัด", kind="external")
    SiteFactory(activity=activity, organization=host)
    community = make_community(facilitator=organiser, join_policy="open")
    community_link_activity(actor=organiser, community=community, activity=activity)
    followup_send_due(now=at(SENDS))
    inv = Invitation.objects.get(person__email="p0@example.go.th")
    inv.person.user = member
    inv.person.save()
    answer = answer_submit(
        token=tokens.token_for(inv.nonce), applied="yes", what_where="ลดขั้นตอน", today=SENDS
    )
    url = reverse("followups:draft", args=[answer.pk])
    # The thanks page offers the author the draft itself: one click from their answer.
    link = reverse("followups:followup_answer", args=[tokens.token_for(inv.nonce)])
    thanks = member_client.get(link + "?thanks=1").text
    assert f'action="{url}"' in thanks and "บทเรียน" in thanks
    assert f'action="{url}"' not in organiser_client.get(link + "?thanks=1").text
    assert organiser_client.post(url, {"kind": "practice"}).status_code == 403
    refused = member_client.post(url, {"kind": "practice"}, follow=True)
    assert "กรุณาเข้าร่วมชุมชน" in refused.text and not KnowledgeItem.objects.exists()
    community_join(actor=member, community=community)
    made = member_client.post(url, {"kind": "practice"})
    item = KnowledgeItem.objects.get()
    assert made["Location"] == item.get_absolute_url()
    assert (item.status, item.kind, item.activity_id, item.host_organization) == (
        "draft", "practice", activity.pk, host,
    )  # fmt: skip
    assert "ลดขั้นตอน" in item.body and item.author == member
    assert member_client.post(url, {"kind": "practice"}).status_code == 302
    assert KnowledgeItem.objects.count() == 1  # one click, one draft


def test_the_results_page_runs_the_same_queries_however_many_answered(
    activity, followup, organiser_client
):
    from cophub.testing import count_queries

    followup_send_due(now=at(SENDS))
    url = reverse("followups:results", args=[activity.pk])
    invitations = list(Invitation.objects.order_by("pk"))

    def answer(inv, applied):
        answer_submit(token=tokens.token_for(inv.nonce), applied=applied,
                      what_where="ใช้ลดขั้นตอนงานสารบรรณ", result="เร็วขึ้น", today=SENDS)  # fmt: skip

    answer(invitations[0], "yes")
    one = count_queries(lambda: organiser_client.get(url))
    for inv, applied in zip(invitations[1:], ("partly", "no"), strict=False):
        answer(inv, applied)
    page = organiser_client.get(url)
    assert page.status_code == 200 and "ใช้ลดขั้นตอนงานสารบรรณ" in page.text
    assert count_queries(lambda: organiser_client.get(url)) == one == 7


def test_the_api_gives_the_team_the_figures_and_refuses_others(
    activity, followup, organiser_client, member_client, client
):
    followup_send_due(now=at(SENDS))
    first, second = Invitation.objects.order_by("pk")[:2]
    answer_submit(token=tokens.token_for(first.nonce), applied="yes", today=SENDS)
    answer_submit(token=tokens.token_for(second.nonce), applied="no", today=SENDS)
    url = f"/api/v1/activities/{activity.pk}/followup"
    body = organiser_client.get(url).json()
    assert body["total"] == {"invited": 4, "answered": 2, "applied": 1,
                             "adoption_rate": "50.00", "response_rate": "50.00"}  # fmt: skip
    assert body["by_choice"] == {"yes": 1, "no": 1} and body["closed"] is False
    assert body["sends_on"] == SENDS.isoformat()
    assert member_client.get(url).status_code == 403
    assert client.get(url).status_code == 401
    assert organiser_client.get("/api/v1/activities/999999/followup").status_code == 404
