"""Follow-up surveys: each message once per person, reminders stop after an answer, a
closed or used link is refused clearly, adoption figures, the report's measured block."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cophub.core.errors import DomainError
from cophub.followups import tokens
from cophub.followups.models import Invitation, Message
from cophub.followups.selectors import Adoption, adoption_by
from cophub.followups.services import answer_submit, followup_send_due, link_of
from cophub.followups.tests.conftest import SENDS
from cophub.outbox.models import OutboxMessage
from cophub.reports.document import build, plain_text
from cophub.reports.selectors import program_report
from cophub.testing import count_queries

pytestmark = pytest.mark.django_db


def at(day: dt.date, days: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=days), dt.time(9)))


def token_of(invitation: Invitation) -> str:
    return tokens.token_for(invitation.nonce)


def kinds() -> list[tuple[str, str]]:
    return sorted(Message.objects.values_list("invitation__person__email", "kind"))


def test_nothing_goes_out_before_the_day(followup):
    assert followup_send_due(now=at(SENDS - dt.timedelta(days=1)))["invites"] == 0
    assert not Invitation.objects.exists()


def test_invites_once_then_reminds_only_those_who_have_not_answered(followup):
    first = followup_send_due(now=at(SENDS))
    assert first == {"invited": 4, "invites": 3, "reminders": 0}  # one has no e-mail
    assert followup_send_due(now=at(SENDS)) == {"invited": 0, "invites": 0, "reminders": 0}
    assert OutboxMessage.objects.count() == 3
    body = OutboxMessage.objects.get(to=["p0@example.go.th"]).body
    p0 = Invitation.objects.get(person__email="p0@example.go.th")
    assert link_of(p0) in body and "เรียน" in body and "ขอความกรุณา" in body

    answer_submit(token=token_of(p0), applied="yes", what_where="ใช้ในงานบริการ", today=SENDS)
    second = followup_send_due(now=at(SENDS, days=14))
    assert second["reminders"] == 2
    assert followup_send_due(now=at(SENDS, days=20))["reminders"] == 0
    assert kinds() == [
        ("p0@example.go.th", "invite"),
        ("p1@example.go.th", "invite"), ("p1@example.go.th", "reminder:1"),
        ("p2@example.go.th", "invite"), ("p2@example.go.th", "reminder:1"),
    ]  # fmt: skip
    p1 = Invitation.objects.get(person__email="p1@example.go.th")
    answer_submit(token=token_of(p1), applied="no", today=SENDS)
    followup_send_due(now=at(SENDS, days=28))
    assert ("p1@example.go.th", "reminder:2") not in kinds()
    assert ("p2@example.go.th", "reminder:2") in kinds()
    assert OutboxMessage.objects.count() == len(kinds()) == 6


def test_a_closed_follow_up_sends_no_reminders(followup, organiser):
    from cophub.followups.services import followup_close

    followup_send_due(now=at(SENDS))
    followup_close(actor=organiser, followup=followup)
    assert followup_send_due(now=at(SENDS, days=30))["reminders"] == 0


def test_a_used_closed_or_wrong_link_is_refused_clearly(followup, client, settings):
    followup_send_due(now=at(SENDS))
    invitation = Invitation.objects.get(person__email="p0@example.go.th")
    url = reverse("followups:followup_answer", args=[token_of(invitation)])
    followup.delay_days = (dt.date.today() - followup.activity.end_date).days  # open today
    followup.save()
    page = client.get(url)
    assert page.status_code == 200 and "ได้นำไปใช้แล้ว" in page.text
    sent = client.post(url, {"applied": "partly", "result": "ลดเวลารอคอย"})
    assert sent.status_code == 302
    assert client.get(sent["Location"]).status_code == 200
    again = client.post(url, {"applied": "yes"})
    assert again.status_code == 409 and "ตอบแล้ว" in again.text
    assert invitation.__class__.objects.get(pk=invitation.pk).answer.applied == "partly"
    with pytest.raises(DomainError) as used:
        answer_submit(token=token_of(invitation), applied="yes")
    assert used.value.code == "followup_already_answered"

    other = Invitation.objects.get(person__email="p1@example.go.th")
    followup.delay_days = (dt.date.today() - followup.activity.end_date).days - 61
    followup.save()  # its 60 days ended yesterday
    closed = client.post(
        reverse("followups:followup_answer", args=[token_of(other)]), {"applied": "yes"}
    )
    assert closed.status_code == 410 and "ปิดรับคำตอบแล้ว" in closed.text
    assert not hasattr(Invitation.objects.get(pk=other.pk), "answer")

    wrong = client.get(reverse("followups:followup_answer", args=["x" * 43]))
    assert wrong.status_code == 404 and "ไม่ถูกต้อง" in wrong.text
    bad = client.post(url.replace(token_of(invitation), "a\x00b"), {"applied": "yes"})
    assert bad.status_code in (400, 404)


def test_tokens_are_random_and_only_their_hash_is_stored(followup):
    followup_send_due(now=at(SENDS))
    rows = list(Invitation.objects.all())
    assert len({r.nonce for r in rows}) == 4 and all(len(r.nonce) == 32 for r in rows)
    for r in rows:
        assert r.token_digest == tokens.digest(token_of(r)) != token_of(r)
        assert len(token_of(r)) == 43  # 256 bits of HMAC, URL-safe


def test_adoption_by_activity_organisation_and_scope(followup, activity):
    followup_send_due(now=at(SENDS))
    emails = ["p0@example.go.th", "p1@example.go.th", "p2@example.go.th"]
    for email, choice in zip(emails, ["yes", "partly", "no"], strict=True):
        answer_submit(
            token=token_of(Invitation.objects.get(person__email=email)), applied=choice, today=SENDS
        )
    result = adoption_by(activity_ids=[activity.pk, 999999])
    assert result == {activity.pk: Adoption(invited=4, answered=3, applied=2)}
    assert result[activity.pk].rate == Decimal("66.67")
    ops = Invitation.objects.first().organization_id
    assert adoption_by(activity_ids=[activity.pk], by="organization") == {ops: Adoption(4, 3, 2)}
    assert adoption_by(activity_ids=[activity.pk], by="scope") == {"central": Adoption(4, 3, 2)}
    assert Adoption(3, 0, 0).rate is None
    assert count_queries(lambda: adoption_by(activity_ids=[activity.pk], by="province")) == 1


def test_the_results_page_s_groups_and_frequent_words(followup):
    from cophub.followups.selectors import followup_results
    from cophub.orgs.models import Organization

    followup_send_due(now=at(SENDS))
    central = Organization.objects.create(
        name="กรมทดสอบกลาง", kind=Organization.Kind.DEPARTMENT, scope=Organization.Scope.CENTRAL
    )
    regional = Organization.objects.create(
        name="สำนักงานทดสอบจังหวัด", kind=Organization.Kind.OFFICE, parent=central,
        scope=Organization.Scope.REGIONAL,
    )  # fmt: skip
    first, second, third, fourth = Invitation.objects.order_by("pk")
    Invitation.objects.filter(pk__in=[first.pk, second.pk]).update(organization=central)
    Invitation.objects.filter(pk__in=[third.pk, fourth.pk]).update(organization=regional)
    for invitation, choice, where in ((first, "yes", "ลดขั้นตอนงานสารบรรณ"),
                                      (third, "partly", "ลดขั้นตอนการเบิกจ่าย"),
                                      (fourth, "no", "")):  # fmt: skip
        answer_submit(token=token_of(invitation), applied=choice, what_where=where, today=SENDS)
    r = followup_results(followup=followup)
    assert r.by_organization == [
        ("กรมทดสอบกลาง", Adoption(2, 1, 1)), ("สำนักงานทดสอบจังหวัด", Adoption(2, 2, 1)),
    ]  # fmt: skip
    assert r.by_scope == [("central", Adoption(2, 1, 1)), ("regional", Adoption(2, 2, 1))]
    assert r.total == Adoption(4, 3, 2) and r.total.rate == Decimal("66.67")
    assert r.top_words[0] == ("ขั้นตอน", 2)


def test_the_report_states_the_measured_adoption_beside_the_written_outcomes(followup, activity):
    followup_send_due(now=at(SENDS))
    for email, choice in [("p0@example.go.th", "yes"), ("p1@example.go.th", "no")]:
        answer_submit(
            token=token_of(Invitation.objects.get(person__email=email)), applied=choice, today=SENDS
        )
    text = plain_text(build(program_report(program_id=activity.program_id)))
    assert "ผลการติดตามการนำความรู้ไปใช้ (วัดผลจากแบบติดตามผล)" in text
    assert "ส่งแบบติดตามผลถึงผู้เข้าร่วม ๔ คน ตอบกลับ ๒ คน" in text
    assert "คิดเป็นร้อยละ\u00a0๕๐.๐๐ของผู้ตอบ" in text
    assert "๔ | ๒ | ๑ | ๕๐.๐๐" in text
