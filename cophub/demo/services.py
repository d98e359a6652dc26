"""Load the demo site: users in every role, the reference report's FY 2561 program, two
communities with members in each KM role, lessons and a question with answers, and this
fiscal year's program with an upcoming visit that takes registrations (a coordinator's
nominations within a quota, a waiting list, an attendees-only survey), and last fiscal
year's training whose attendees, entered from the sign-in sheet, hold certificates.

Every step goes through the owning app's services (so the audit trail and the search index
see it) and is idempotent: loading twice adds nothing.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cophub.accounts.models import User
from cophub.certificates.services import certificates_issue, design_update, save_merged
from cophub.core.thai import fiscal_year, fiscal_year_bounds
from cophub.demo.kmplan import demo_km_plan
from cophub.knowledge.models import Community, Membership
from cophub.knowledge.permissions import forget_memberships
from cophub.knowledge.services import (
    ItemData,
    comment_create,
    community_create,
    community_link_activity,
    item_create,
    member_add,
)
from cophub.orgs.models import Organization, Person
from cophub.participants.models import Coordinator
from cophub.participants.services.checkin import attendance_from_sheet
from cophub.participants.services.policy import policy_update
from cophub.participants.services.registration import (
    registration_nominate,
    registration_register_self,
)
from cophub.privacy import selectors as privacy_selectors
from cophub.privacy.services import (
    notice_draft_start,
    notice_draft_update,
    notice_publish,
)
from cophub.programs.models import Activity, Program, ProgramMember
from cophub.programs.services import (
    activity_create,
    program_create,
    program_import,
    program_member_add,
)
from cophub.surveys.services import survey_create, survey_update

DATA = Path(__file__).resolve().parent / "data"
PROGRAM = Path(__file__).resolve().parents[1] / "programs" / "fixtures" / "demo-program-2561.json"
DEMO_PASSWORD = "cophub-demo"  # noqa: S105 - a published demo login, refused in production
# username, role, prefix, first, last, organisation code, position
DEMO_USERS = [
    ("admin", User.Role.ADMIN, "นาย", "ผู้ดูแล", "ระบบ", "OPS", "นักวิชาการคอมพิวเตอร์"),
    ("organiser", User.Role.ORGANISER, "นางสาว", "สมศรี", "ใจดี", "OPS", "นักทรัพยากรบุคคลชำนาญการ"),
    ("member", User.Role.MEMBER, "นาย", "สมชาย", "รักเรียน", "DOPA", "เจ้าพนักงานปกครองปฏิบัติงาน"),
    ("facilitator", User.Role.FACILITATOR, "นาง", "สุดา", "มีสุข", "CDD", "นักวิชาการพัฒนาชุมชนชำนาญการ"),
    ("sponsor", User.Role.MEMBER, "นาย", "ประเสริฐ", "วงศ์ใหญ่", "OPS", "ผู้อำนวยการกองการเจ้าหน้าที่"),
    ("notetaker", User.Role.MEMBER, "นางสาว", "วิไล", "จดดี", "DOL", "นักวิชาการที่ดินปฏิบัติการ"),
    (
        "coordinator",
        User.Role.MEMBER,
        "นาง",
        "อรวรรณ",
        "ประสานงาน",
        "DOPA",
        "เจ้าพนักงานธุรการชำนาญงาน",
    ),
]


def _user(username, role, prefix, first, last, org_code, position) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role, "first_name": first, "last_name": last,
            "email": f"{username}@demo.cophub.local",
            "is_staff": role == User.Role.ADMIN, "is_superuser": role == User.Role.ADMIN,
        },
    )  # fmt: skip
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Person.objects.get_or_create(
        user=user,
        defaults={
            "prefix": prefix, "first_name": first, "last_name": last, "email": user.email,
            "organization": Organization.objects.filter(code=org_code).first(),
            "position": position,
        },
    )  # fmt: skip
    return user


def _program(organiser: User) -> Program:
    document = json.loads(PROGRAM.read_text(encoding="utf-8"))
    program = Program.objects.filter(
        title=document["title"], fiscal_year=document["fiscal_year"]
    ).first()
    return program or program_import(actor=organiser, document=document)


def _communities(users: dict[str, User], program: Program) -> None:
    data = json.loads((DATA / "knowledge.json").read_text(encoding="utf-8"))
    for c in data["communities"]:
        if Community.objects.filter(name=c["name"]).exists():
            continue
        owner = users[c["facilitator"]]
        community = community_create(actor=owner, name=c["name"], purpose=c["purpose"])
        for username, role in c["members"]:
            if not Membership.objects.filter(community=community, user=users[username]).exists():
                member_add(actor=owner, community=community, username=username, role=role)
            forget_memberships(users[username])  # this copy of the user cached the old list
        for number in c["activities"]:
            activity = Activity.objects.get(program=program, number=number)
            community_link_activity(actor=owner, community=community, activity=activity)
        for i in c["items"]:
            activity = i.get("activity")
            item = item_create(
                actor=users[i["author"]],
                community=community,
                data=ItemData(
                    kind=i["kind"], title=i["title"], body=i.get("body", ""),
                    tags=i.get("tags", []),
                    activity=Activity.objects.get(program=program, number=activity) if activity else None,
                    aar_expected=i.get("aar_expected", ""), aar_actual=i.get("aar_actual", ""),
                    aar_why=i.get("aar_why", ""), aar_learned=i.get("aar_learned", ""),
                ),
            )  # fmt: skip
            for author, body in i.get("comments", []):
                comment_create(actor=users[author], item=item, body=body)


# The current fiscal year's program: an upcoming visit that takes registrations, with a
# coordinator's nominations, a waiting list and an attendees-only survey to try the door with.
UPCOMING_TITLE = "โครงการศึกษาแลกเปลี่ยนความรู้ในรูปแบบชุมชนนักปฏิบัติ (CoPs) ปีนี้"
NOMINEES = [  # prefix, first, last, position, organisation code, e-mail name
    ("นาย", "ธนพล", "ศรีสวัสดิ์", "ปลัดอำเภอ", "DOPA", "thanapol"),
    ("นางสาว", "กัลยา", "บุญมา", "นักวิเคราะห์นโยบายและแผนชำนาญการ", "DOPA", "kanlaya"),
    ("นาง", "พรทิพย์", "แก้วใส", "นักวิชาการพัฒนาชุมชนปฏิบัติการ", "CDD", "pornthip"),
    ("ว่าที่ ร.ต.", "สมศักดิ์", "มั่นคง", "นักวิชาการที่ดินชำนาญการ", "DOL", "somsak"),
    ("นาย", "ปิยะ", "รุ่งเรือง", "นักป้องกันและบรรเทาสาธารณภัยปฏิบัติการ", "DDPM", "piya"),
]


def _upcoming(users: dict[str, User]) -> None:
    if Program.objects.filter(title=UPCOMING_TITLE).exists():
        return
    organiser = users["organiser"]
    start = timezone.localdate() + timedelta(days=14)
    program = program_create(
        actor=organiser, title=UPCOMING_TITLE, fiscal_year=fiscal_year(start),
        organization=Organization.objects.filter(code="OPS").first(),
        objectives=["เพื่อแลกเปลี่ยนเรียนรู้แนวทางการให้บริการประชาชนแบบเบ็ดเสร็จ"],
        outcomes=["บุคลากรนำแนวทางการบริการที่เป็นเลิศมาปรับใช้ในหน่วยงาน"],
    )  # fmt: skip
    activity = activity_create(
        actor=organiser, program=program, sites=[],
        fields={"number": 1, "kind": Activity.Kind.STUDY_VISIT, "start_date": start,
                "end_date": start, "title": "ศึกษาดูงานศูนย์บริการภาครัฐแบบเบ็ดเสร็จ",
                "target_group": "ข้าราชการส่วนกลางและส่วนภูมิภาค"},
    )  # fmt: skip
    dopa = Organization.objects.get(code="DOPA")
    policy_update(actor=organiser, activity=activity, is_open=True, capacity=6,
                  quotas={dopa: 3})  # fmt: skip
    coordinator = users["coordinator"]
    Coordinator.objects.get_or_create(user=coordinator, organization=dopa)
    for username in ("member", "notetaker"):
        registration_register_self(user=users[username], activity=activity)
    for prefix, first, last, position, code, mailbox in NOMINEES:
        org = Organization.objects.get(code=code)
        actor = coordinator if code == "DOPA" else organiser
        registration_nominate(
            actor=actor, activity=activity,
            new_person={"prefix": prefix, "first_name": first, "last_name": last,
                        "position": position, "organization": org,
                        "email": f"{mailbox}@demo.cophub.local"},
        )  # fmt: skip
    survey = survey_create(actor=organiser, activity=activity, publish=True)
    survey_update(actor=organiser, survey=survey, title=survey.title, intro=survey.intro,
                  opens_at=survey.opens_at, closes_at=survey.closes_at,
                  attendees_only=True)  # fmt: skip


TRAINING_TITLE = "โครงการอบรมเชิงปฏิบัติการการถอดบทเรียนและเขียนองค์ความรู้"


def _certified(users: dict[str, User]) -> None:
    """Last fiscal year's one-day training: the demo member, the note-taker and the
    coordinator's nominees attended (entered from the sign-in sheet), and each holds a
    certificate the verify page confirms; one nominee stayed away and has none."""
    if Program.objects.filter(title=TRAINING_TITLE).exists():
        return
    organiser = users["organiser"]
    last_year = fiscal_year(timezone.localdate()) - 1
    day = fiscal_year_bounds(last_year)[1] - timedelta(days=45)  # mid-August
    program = program_create(
        actor=organiser, title=TRAINING_TITLE, fiscal_year=last_year,
        organization=Organization.objects.filter(code="OPS").first(),
        objectives=["เพื่อให้บุคลากรถอดบทเรียนจากการปฏิบัติงานและเขียนเป็นองค์ความรู้ได้"],
        outcomes=["บุคลากรเขียนองค์ความรู้จากงานของตนเผยแพร่ในคลังความรู้"],
    )  # fmt: skip
    activity = activity_create(
        actor=organiser, program=program, sites=[],
        fields={"number": 1, "kind": Activity.Kind.WORKSHOP, "start_date": day, "end_date": day,
                "title": "การถอดบทเรียนและเขียนองค์ความรู้จากการปฏิบัติงาน",
                "target_group": "ข้าราชการส่วนกลางและส่วนภูมิภาค"},
    )  # fmt: skip
    people = [users["member"].person, users["notetaker"].person]
    people += [Person.objects.get(email=f"{row[5]}@demo.cophub.local") for row in NOMINEES]
    registrations = [
        registration_nominate(actor=organiser, activity=activity, person=p) for p in people
    ]
    attended = [r.checkin_code for r in registrations[:-1]]  # the last one stayed away
    attendance_from_sheet(actor=organiser, activity=activity, codes=attended)
    design_update(
        actor=organiser, activity=activity, for_program=True, heading="เกียรติบัตร",
        issuer="สำนักงานปลัดกระทรวงมหาดไทย", reason="ได้ผ่านการอบรมเชิงปฏิบัติการ",
    )  # fmt: skip
    issued = certificates_issue(actor=organiser, activity=activity)
    save_merged(activity.pk, issued.merged)
    _followed_up(users, activity, day)


def _followed_up(users: dict[str, User], activity: Activity, ended) -> None:
    """The training's follow-up went out (90 days after, or sooner when the fiscal year
    is young) and two attendees answered: the dashboard's and report's adoption rate."""
    from cophub.followups import tokens
    from cophub.followups.models import Invitation
    from cophub.followups.services import answer_submit, followup_create, followup_send_due

    since = (timezone.localdate() - ended).days
    followup_create(actor=users["organiser"], activity=activity,
                    delay_days=max(0, min(90, since - 7)), reminder_days=[14], open_days=60)  # fmt: skip
    followup_send_due()
    answers = {
        "member": ("yes", "ถอดบทเรียนงานทะเบียนราษฎร์ของอำเภอ เผยแพร่ในคลังความรู้",
                   "เจ้าหน้าที่ใหม่เรียนรู้งานได้เร็วขึ้น"),
        "notetaker": ("partly", "ใช้แบบฟอร์มถอดบทเรียนในการประชุมประจำเดือน",
                      "ยังไม่ได้เผยแพร่ รอหัวหน้าตรวจ"),
    }  # fmt: skip
    for username, (applied, what_where, result) in answers.items():
        invitation = Invitation.objects.get(followup__activity=activity,
                                            person__user__username=username)  # fmt: skip
        answer_submit(token=tokens.token_for(invitation.nonce), applied=applied,
                      what_where=what_where, result=result)  # fmt: skip


def _teams(users: dict[str, User]) -> None:
    """The demo facilitator (คุณอำนวย) is on the team of the organiser's programs: the door
    and the survey results there, and nothing of anyone else's program."""
    organiser, facilitator = users["organiser"], users["facilitator"]
    for program in Program.objects.filter(owner=organiser):
        if not ProgramMember.objects.filter(program=program, user=facilitator).exists():
            program_member_add(
                actor=organiser, program=program, username=facilitator.username,
                role=ProgramMember.Role.FACILITATOR,
            )  # fmt: skip


def _privacy_notice(admin: User) -> None:
    """Publish the first notice (drafted by privacy's migration) with the demo's DPO contact,
    before anyone registers, so registrations and consents record its version."""
    if privacy_selectors.notice_current() is not None:
        return
    draft = notice_draft_start(actor=admin)
    contact = [*draft.dpo_contact.splitlines()[:2], "อีเมล: dpo@demo.cophub.local (ระบบสาธิต)"]
    notice_draft_update(
        actor=admin, notice=draft, title=draft.title, controller=draft.controller,
        body=draft.body, dpo_contact="\n".join(contact), effective_date=draft.effective_date,
    )  # fmt: skip
    notice_publish(actor=admin, notice=draft)


@transaction.atomic
def demo_load() -> Program:
    users = {row[0]: _user(*row) for row in DEMO_USERS}
    _privacy_notice(users["admin"])
    program = _program(users["organiser"])
    _communities(users, program)
    _upcoming(users)
    _certified(users)
    _teams(users)
    demo_km_plan(users["organiser"])
    return program
