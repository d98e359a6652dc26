"""THE erasure test (issue #12, "Done when"): a person who registered, checked in,
answered a survey, wrote in a community, was listed, exported and mailed is erased; then
every column of every table (read through the database's own catalogue, so a table added
later is searched too) and every file under MEDIA_ROOT holds neither their name, nor
their e-mail, nor their telephone, while the program's counts, attendance and survey
statistics are exactly what they were.

Certificates (#11) and follow-up answers (#15) do not exist yet. When they land, their
section in ``rights/sections`` registers itself, and ``SEEDS`` below must give the
person that kind of data: ``test_every_section_has_a_seed`` fails until it does.
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import send_mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from cophub.core.models import AuditLog
from cophub.followups.selectors import adoption_by
from cophub.jobs.services import job_start
from cophub.knowledge.models import Membership, Role
from cophub.knowledge.services import comment_create, community_join
from cophub.knowledge.services.communities import member_remove, member_set_role
from cophub.participants.models import CheckIn
from cophub.participants.pdf import BADGES_KIND
from cophub.participants.services.checkin import checkin_record
from cophub.participants.services.imports import participant_import_start
from cophub.participants.services.registration import registration_register_self
from cophub.participants.tests.test_import_files import HEADER, csv_bytes
from cophub.privacy.purposes import OPTIONAL_CONTACT
from cophub.programs.models import Registration
from cophub.programs.services import program_member_remove
from cophub.reports.selectors import program_report
from cophub.rights import registry, services
from cophub.rights.models import DataRequest
from cophub.rights.tests.conftest import EMAIL, FIRST, LAST, PHONE, USERNAME
from cophub.surveys import tallies
from cophub.surveys.selectors import survey_results
from cophub.surveys.services import survey_submit
from cophub.testing import (
    PASSWORD,
    RegistrationFactory,
    all_likert,
    join_team,
    make_item,
    survey_for,
)

pytestmark = pytest.mark.django_db(transaction=True)

TERMS = (FIRST, LAST, EMAIL, PHONE, "089-123-4567", "๐๘๙๑๒๓๔๕๖๗", USERNAME)


# --- what the person did, one kind of personal data each --------------------------------
def seed_profile(ctx):
    ctx.client.force_login(ctx.user)  # a live session
    ctx.client.get(reverse("accounts:profile"))
    Client().post(reverse("login"), {"username": ctx.user.username, "password": "wrong"})
    LogEntry.objects.log_actions(  # an admin once edited their record in Django's admin
        user_id=ctx.sysadmin.pk, queryset=[ctx.person], action_flag=CHANGE,
        change_message=f"แก้ไขอีเมลเป็น {EMAIL}", single_object=True,
    )  # fmt: skip
    assert ContentType.objects.get_for_model(ctx.person)


def publish_notice(admin):
    from cophub.privacy import services as privacy

    draft = privacy.notice_draft_start(actor=admin)
    privacy.notice_draft_update(
        actor=admin, notice=draft, title="ประกาศความเป็นส่วนตัว", controller="กระทรวง",
        body="ข้อความ", dpo_contact="dpo@example.go.th", effective_date=draft.effective_date,
    )  # fmt: skip
    return privacy.notice_publish(actor=admin, notice=draft)


def seed_registrations(ctx):
    publish_notice(ctx.sysadmin)
    ctx.registration = ctx.run(
        lambda: registration_register_self(
            user=ctx.user, activity=ctx.activity, phone=PHONE, consents=(OPTIONAL_CONTACT,)
        )
    )
    for _ in range(3):  # other people, so the figures are not all theirs
        RegistrationFactory(activity=ctx.activity, attended=True)


def seed_attendance(ctx):
    ctx.run(
        lambda: checkin_record(
            actor=ctx.organiser, code=ctx.registration.checkin_code, nonce=uuid.uuid4(),
            activity=ctx.activity,
        )
    )  # fmt: skip


def seed_surveys(ctx):
    ctx.survey = survey_for(ctx.activity, ctx.organiser)
    mine = all_likert(4, comment=f"ขอบคุณค่ะ {FIRST} {LAST} โทร {PHONE}")
    survey_submit(survey=ctx.survey, client_id=uuid.uuid4(), answers=mine)
    tallies.fold([ctx.survey.pk])  # that answer is in the tallies already, the next is not
    for value in (5, 3):
        survey_submit(
            survey=ctx.survey, client_id=uuid.uuid4(), answers=all_likert(value, comment="ดีมาก")
        )


def seed_knowledge(ctx):
    community_join(actor=ctx.user, community=ctx.community)
    theirs = ctx.run(
        lambda: make_item(
            author=ctx.user, community=ctx.community, title=f"บันทึกของ {FIRST}",
            body=f"ติดต่อ {EMAIL} หรือ {PHONE}",
            files=[SimpleUploadedFile("note.txt", f"{FIRST} {LAST}".encode(), "text/plain")],
        )
    )  # fmt: skip
    other = ctx.run(
        lambda: make_item(
            author=ctx.facilitator, community=ctx.community, body=f"ขอบคุณ {FIRST} {LAST}"
        )
    )
    comment_create(actor=ctx.user, item=other, body=f"โทรหาได้ที่ {PHONE} นะคะ")
    assert theirs.attachments.count() == 1


def seed_followups(ctx):
    """The person answered the activity's follow-up, naming themselves; another attendee's
    answer names them too."""
    import datetime as dt

    from django.utils import timezone

    from cophub.followups import tokens
    from cophub.followups.models import Invitation
    from cophub.followups.services import answer_submit, followup_create, followup_send_due

    ctx.activity.start_date = ctx.activity.end_date = dt.date.today() - dt.timedelta(days=90)
    ctx.activity.save()
    followup_create(
        actor=ctx.organiser, activity=ctx.activity, delay_days=90, reminder_days=[14], open_days=60
    )
    ctx.run(lambda: followup_send_due(now=timezone.now()))
    theirs = Invitation.objects.get(person=ctx.person)
    answer_submit(
        token=tokens.token_for(theirs.nonce), applied="yes",
        what_where=f"{FIRST} {LAST} นำไปใช้ที่งานทะเบียน โทร {PHONE}",
    )  # fmt: skip
    other = Invitation.objects.exclude(person=ctx.person).first()
    answer_submit(token=tokens.token_for(other.nonce), applied="no", result=f"ขอบคุณ {FIRST} {LAST}")


def seed_mail(ctx):
    send_mail("นัดหมาย", f"เรียน {FIRST} {LAST}", None, [EMAIL, "someone@example.go.th"])


def seed_job_results(ctx):
    rows = [HEADER, ["1", f"นางสาว{FIRST} {LAST}", "", "", EMAIL, PHONE]]
    upload = SimpleUploadedFile("list.csv", csv_bytes(rows), "text/csv")
    ctx.run(
        lambda: participant_import_start(actor=ctx.organiser, activity=ctx.activity, upload=upload)
    )
    ctx.run(
        lambda: job_start(
            actor=ctx.organiser, kind=BADGES_KIND, params={"activity_id": ctx.activity.pk}
        )
    )
    ctx.run(lambda: services.data_request_export(actor=ctx.user, fmt="json"))
    # The organiser read the list with contacts (privacy records who read whose data).
    ctx.organiser_client.get(
        reverse("participants:export_xlsx", args=[ctx.activity.pk]) + "?contacts=1"
    )


def seed_certificates(ctx):
    """They got a certificate (the check-in of seed_attendance); erased, it is revoked."""
    from cophub.certificates.services import certificates_issue

    issued = ctx.run(lambda: certificates_issue(actor=ctx.organiser, activity=ctx.activity))
    ctx.certificate = next(c for c in issued.certificates if c.person_id == ctx.person.pk)


def seed_kmplan(ctx):
    """They are responsible for a step of their organisation's KM plan: by their account
    on one planned activity, by their typed name and position on another."""
    from cophub.kmplan.services import area_create, plan_create, planned_activity_create

    plan = plan_create(actor=ctx.sysadmin, organization=ctx.person.organization,
                       fiscal_year=ctx.activity.program.fiscal_year, title="แผนการจัดการความรู้")  # fmt: skip
    area = area_create(actor=ctx.sysadmin, plan=plan, name="การให้บริการประชาชน")
    planned_activity_create(actor=ctx.sysadmin, area=area, step="identify",
                            description="สำรวจความรู้ที่จำเป็น", responsible=ctx.user)  # fmt: skip
    planned_activity_create(actor=ctx.sysadmin, area=area, step="share",
                            description="จัดเวทีแลกเปลี่ยนเรียนรู้",
                            responsible_name=f"{FIRST} {LAST}", responsible_position=PHONE)  # fmt: skip


def seed_audit(ctx):
    """Every seed above writes audit rows; these are others' rows that name the person by
    username alone: a program team's and a community's (``{"user": "sunanta"}``)."""
    member = join_team(ctx.activity.program, ctx.user, "facilitator")
    program_member_remove(actor=ctx.organiser, member=member)
    membership = Membership.objects.get(user=ctx.user, community=ctx.community)
    member_set_role(actor=ctx.facilitator, membership=membership, role=Role.NOTE_TAKER)
    member_remove(actor=ctx.facilitator, membership=membership)
    named = AuditLog.objects.filter(changes__user=ctx.user.username).exclude(actor=ctx.user)
    assert set(named.values_list("object_type", flat=True)) == {
        "programs.program", "knowledge.community",
    }  # fmt: skip


SEEDS = {
    "profile": seed_profile,
    "registrations": seed_registrations,
    "attendance": seed_attendance,
    "surveys": seed_surveys,
    "knowledge": seed_knowledge,
    "followups": seed_followups,
    "mail": seed_mail,
    "job_results": seed_job_results,
    "privacy": lambda ctx: None,  # the consent of seed_registrations, the reads of seed_job_results
    "certificates": seed_certificates,
    "kmplan": seed_kmplan,
    "audit": seed_audit,
    "sweep": lambda ctx: None,  # the admin log entry of seed_profile
    "search": lambda ctx: None,  # the knowledge items of seed_knowledge
}


def test_every_section_has_a_seed():
    assert sorted(registry.SECTIONS) == sorted(SEEDS)


# --- searching everything ---------------------------------------------------------------
def _text(value) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "ignore")
    if isinstance(value, (dict, list)):  # psycopg reads jsonb as Python values
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def _spellings(term: str) -> list[str]:
    return [term.casefold(), json.dumps(term)[1:-1].casefold()]  # raw, and as JSON escapes


def database_leftovers() -> list[tuple[str, str, str]]:
    found = []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            cursor.execute(f"SELECT {', '.join(map(qn, columns))} FROM {qn(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = _text(value).casefold()
                    found += [
                        (table, column, t) for t in TERMS if any(s in text for s in _spellings(t))
                    ]
    return found


def _file_texts(path: Path) -> list[str]:
    data = path.read_bytes()
    texts = [data.decode("utf-8", "ignore")]
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(path) as z:
            texts += [z.read(n).decode("utf-8", "ignore") for n in z.namelist()]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):  # PDF
        with contextlib.suppress(zlib.error):
            texts.append(zlib.decompress(stream).decode("utf-8", "ignore"))
    return texts


def file_leftovers() -> list[tuple[str, str]]:
    root = Path(settings.MEDIA_ROOT)
    return [
        (str(p.relative_to(root)), t)
        for p in sorted(root.rglob("*"))
        if p.is_file()
        for text in _file_texts(p)
        for t in TERMS
        if t.casefold() in text.casefold()
    ]


def figures(ctx) -> dict:
    activity = ctx.activity
    results = survey_results(survey=ctx.survey, words=0)
    return {
        "registrations": sorted(
            Registration.objects.filter(activity=activity).values_list("status", flat=True)
        ),
        "check_ins": CheckIn.objects.filter(activity=activity).count(),
        "survey": (results.responses, repr(results.overall), repr(results.items)),
        "tallies": sorted(
            ctx.survey.tallies.exclude(code=tallies.WORD).values_list("code", "value", "count")
        ),
        "report": repr(program_report(program_id=activity.program_id, words=0)),
        "adoption": adoption_by(activity_ids=[activity.pk]),
    }


class Context:
    pass


def test_an_erased_person_is_found_nowhere_and_every_figure_stays(
    run, subject_user, subject_person, activity, organiser, organiser_client, sysadmin,
    facilitator, community,
):  # fmt: skip
    ctx = Context()
    ctx.run, ctx.user, ctx.person, ctx.activity = run, subject_user, subject_person, activity
    ctx.organiser, ctx.organiser_client, ctx.sysadmin = organiser, organiser_client, sysadmin
    ctx.facilitator, ctx.community, ctx.client = facilitator, community, Client()
    for seed in SEEDS.values():  # in order: a check-in needs its registration first
        seed(ctx)

    # The person is everywhere now: the search below is able to find them.
    where = {table for table, _c, _t in database_leftovers()}
    assert {
        "orgs_person", "accounts_user", "core_auditlog", "outbox_outboxmessage",
        "knowledge_comment", "knowledge_knowledgeitem", "surveys_response", "jobs_job",
        "django_admin_log", "axes_accessattempt", "followups_answer",
    } <= where  # fmt: skip
    assert {t for _p, t in file_leftovers()} >= {FIRST, EMAIL}
    before = figures(ctx)
    assert before["registrations"] == ["attended"] * 4 and before["check_ins"] == 1

    request = run(lambda: services.data_request_erasure(actor=subject_user))
    done = run(lambda: services.data_request_erase(actor=sysadmin, request=request))

    assert database_leftovers() == []
    assert file_leftovers() == []
    assert figures(ctx) == before
    assert done.status == DataRequest.Status.DONE
    verified = Client().get(f"/api/v1/verify/{ctx.certificate.code}").json()
    assert verified["status"] == "revoked" and verified["name"] is None
    subject_person.refresh_from_db()
    subject_user.refresh_from_db()
    assert subject_person.full_name == f"ผู้ถูกลบข้อมูล #{subject_person.pk}"
    assert not subject_user.is_active and not subject_user.has_usable_password()
    for username in (USERNAME, subject_user.username):
        answer = Client().post(reverse("login"), {"username": username, "password": PASSWORD})
        assert answer.status_code == 200  # the form again, not a redirect into the site
    # The session the person had is gone: their browser is logged out.
    assert ctx.client.get(reverse("accounts:profile")).status_code == 302
