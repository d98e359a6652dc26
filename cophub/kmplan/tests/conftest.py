"""A KM plan of สำนักงานปลัดกระทรวงมหาดไทย (OPS) for FY 2569 over data whose figures are
worked out by hand below, and the organisers of OPS and of another organisation.

FY 2569 of OPS and its units (what the actuals count):
  A1  OPS program, recorded count 30, no list                 30 participants
  A2  OPS program, 10 attended of 12 registered               10 participants
  A3  a unit's program (office under OPS), 2 attended, one of
      them also at A2                                           2 participants
  → 3 activities, 42 participants, 11 distinct people.
  A2's survey: 5 responses × 9 rating items = 45 answers, summing
      45 + 39 + 36 + 36 + 36 = 192 → mean 192 / 45 = 4.2667 → 4.27.
  Published knowledge items linked to A1 and A3: 2 (a draft is not counted).
  A2's follow-up: 3 answers (ได้นำไปใช้แล้ว, บางส่วน, ยังไม่ได้): 2 / 3 → 66.67 %.
  Certificates for A3's 2 attendees: 2.
Not counted: a FY 2568 activity of OPS (100 participants, an item) and a FY 2569 activity of
another department (50 participants).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from cophub.accounts.models import User
from cophub.kmplan import services
from cophub.orgs.models import Organization, Person
from cophub.surveys.services import survey_submit
from cophub.testing import (
    ActivityFactory,
    PersonFactory,
    ProgramFactory,
    RegistrationFactory,
    UserFactory,
    all_likert,
    make_community,
    make_item,
    ops,
    survey_for,
)

FY = 2569
ENDED = dt.date(2026, 1, 10)  # in FY 2569 (1 Oct 2025 – 30 Sep 2026)


def organiser_of(user: User, organization: Organization) -> User:
    Person.objects.update_or_create(
        user=user, defaults={"first_name": user.first_name, "organization": organization}
    )
    return user


@pytest.fixture
def other_org(db) -> Organization:
    return Organization.objects.create(
        name="กรมทดสอบอื่น", kind=Organization.Kind.DEPARTMENT, parent=ops().parent
    )


@pytest.fixture
def ops_organiser(organiser) -> User:
    """The conftest's organiser, working at OPS, with a name as a plan would print it."""
    organiser.first_name, organiser.last_name = "นายประเสริฐ", "มั่นคง"
    organiser.save(update_fields=["first_name", "last_name"])
    return organiser_of(organiser, ops())


@pytest.fixture
def other_org_organiser(other_organiser, other_org) -> User:
    return organiser_of(other_organiser, other_org)


@pytest.fixture
def plan(ops_organiser):
    return services.plan_create(
        actor=ops_organiser, organization=ops(), fiscal_year=FY,
        title="แผนการจัดการความรู้ สำนักงานปลัดกระทรวงมหาดไทย ประจำปีงบประมาณ ๒๕๖๙",
        approved_by="ปลัดกระทรวงมหาดไทย",
    )  # fmt: skip


def _answer_followup(activity, organiser) -> None:
    from django.utils import timezone

    from cophub.followups import tokens
    from cophub.followups.models import Invitation
    from cophub.followups.services import answer_submit, followup_create, followup_send_due

    followup_create(
        actor=organiser, activity=activity, delay_days=90, reminder_days=[14], open_days=60
    )
    sends = ENDED + dt.timedelta(days=90)
    followup_send_due(now=timezone.make_aware(dt.datetime.combine(sends, dt.time(9))))
    invitations = list(Invitation.objects.filter(followup__activity=activity).order_by("pk"))
    for invitation, choice in zip(invitations, ["yes", "partly", "no"], strict=False):
        answer_submit(token=tokens.token_for(invitation.nonce), applied=choice, today=sends)


@pytest.fixture
def world(ops_organiser, other_org):
    """The data of the module docstring; returns the three counted activities."""
    organiser = ops_organiser
    unit = Organization.objects.create(
        name="สำนักงานทดสอบในสังกัด", kind=Organization.Kind.OFFICE, parent=ops()
    )
    p1 = ProgramFactory(owner=organiser, fiscal_year=FY)
    p2 = ProgramFactory(owner=organiser, fiscal_year=FY, organization=unit)
    a1 = ActivityFactory(program=p1, participants_count=30, start_date=ENDED, end_date=ENDED)
    a2 = ActivityFactory(program=p1, participants_count=99, start_date=ENDED, end_date=ENDED)
    a3 = ActivityFactory(program=p2, start_date=ENDED, end_date=ENDED)
    shared = PersonFactory()
    RegistrationFactory(activity=a2, person=shared)
    for _ in range(9):
        RegistrationFactory(activity=a2)
    for _ in range(2):
        RegistrationFactory(activity=a2, attended=False)
    RegistrationFactory(activity=a3, person=shared)
    RegistrationFactory(activity=a3)

    survey = survey_for(a2, organiser)
    answers = [all_likert(5), all_likert(4, q1=5, q2=5, q3=5)] + [all_likert(4)] * 3
    for a in answers:
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=a)

    community = make_community(facilitator=organiser)
    make_item(author=organiser, community=community, title="บทเรียน ๑", activity=a1)
    make_item(author=organiser, community=community, title="บทเรียน ๒", activity=a3)
    make_item(author=organiser, community=community, title="ร่าง", activity=a3, status="draft")

    _answer_followup(a2, organiser)

    from cophub.certificates.services import certificates_issue

    certificates_issue(actor=organiser, activity=a3)

    # Outside the plan: another year, another department.
    old = ActivityFactory(program__owner=organiser, program__fiscal_year=FY - 1,
                          participants_count=100)  # fmt: skip
    make_item(author=organiser, community=community, title="ปีก่อน", activity=old)
    ActivityFactory(
        program=ProgramFactory(owner=organiser, fiscal_year=FY, organization=other_org),
        participants_count=50,
    )
    return a1, a2, a3


# The indicators, with the actuals worked out by hand in the module docstring.
INDICATORS = [
    # name, kind, target, unit, typed actual
    ("จำนวนกิจกรรมชุมชนนักปฏิบัติ", "activities", "4", "", None),
    ("จำนวนผู้เข้าร่วมกิจกรรม", "participants", "40", "", None),
    ("จำนวนผู้เข้าร่วมไม่นับซ้ำ", "people", "10", "", None),
    ("ค่าเฉลี่ยความพึงพอใจของผู้เข้าร่วม", "satisfaction_mean", "4.00", "", None),
    ("จำนวนองค์ความรู้ที่เผยแพร่", "knowledge_items", "3", "", None),
    ("ร้อยละของผู้ตอบที่นำความรู้ไปใช้", "adoption_rate", "60", "", None),
    ("จำนวนเกียรติบัตรที่ออกให้", "certificates", "2", "", None),
    ("จำนวนนวัตกรรมที่นำไปใช้จริง", "manual", "4", "เรื่อง", "5"),
]


@pytest.fixture
def full_plan(plan, world, ops_organiser):
    a1, _a2, _a3 = world
    area = services.area_create(
        actor=ops_organiser, plan=plan, name="การให้บริการประชาชนแบบเบ็ดเสร็จ",
        goal="บุคลากรทุกหน่วยให้บริการได้ตามมาตรฐานเดียวกัน",
    )  # fmt: skip
    services.planned_activity_create(
        actor=ops_organiser, area=area, step="share", description="ศึกษาดูงานนอกสถานที่",
        months=[1, 12, 11], responsible_name="นางสาวสมศรี ใจดี",
        responsible_position="นักทรัพยากรบุคคลชำนาญการ", program=a1.program,
    )  # fmt: skip
    services.planned_activity_create(
        actor=ops_organiser, area=area, step="identify", description="สำรวจความรู้ที่จำเป็น",
        months=[10], responsible=ops_organiser,
    )  # fmt: skip
    for name, kind, target, unit, typed in INDICATORS:
        services.indicator_create(
            actor=ops_organiser, plan=plan, name=name, kind=kind, target=Decimal(target),
            unit=unit, manual_actual=Decimal(typed) if typed else None,
        )  # fmt: skip
    return plan


@pytest.fixture
def admin_user_(db) -> User:
    return UserFactory(username="kmadmin", role=User.Role.ADMIN)
