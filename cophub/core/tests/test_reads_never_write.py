"""No GET request writes the project's own tables: every page and every API read. The same
sweep proves no page holds an inline script, which the Content-Security-Policy forbids,
and no Thai page shows an English sentence.

The routes are read from the URL configuration, so a new route without sample values
here fails the test instead of going unchecked. Sessions and the cache may be written
(a log-in's session, rate-limit counters); nothing else may.
"""

from __future__ import annotations

import html
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from cophub.jobs.models import Job
from cophub.knowledge.models import CommunityActivity, Membership
from cophub.knowledge.services import community_link_activity
from cophub.participants.models import RegistrationPolicy
from cophub.programs.models import Activity
from cophub.surveys.services import survey_submit
from cophub.testing import (
    RegistrationFactory,
    UserFactory,
    all_likert,
    join_team,
    make_community,
    make_item,
    survey_for,
)

ALLOWED_TABLES = {"django_session", "cophub_cache"}
# Reads of personal data are recorded by design (cophub.privacy): a personal_data.* audit
# row and its read record with whose data it was, and nothing else.
READ_RECORDS = {"privacy_personaldataread", "privacy_personaldataread_people"}
# GET routes whose only job is to end or start something that writes by design.
NOT_READS = {"logout"}  # logging out deletes the session (allowed anyway); POST-only since Django 5


def routes(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith("admin/"):
                continue  # Django's admin: read-only for service-owned models, tested in each app
            yield from routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name


@pytest.fixture
def world(organiser, demo_program, member, django_capture_on_commit_callbacks):
    """One of everything a URL can name, with answers not folded into the tallies yet."""
    activity = Activity.objects.filter(program=demo_program).order_by("number").first()
    survey = survey_for(activity, organiser)
    for _ in range(3):
        survey_submit(
            survey=survey, client_id=uuid.uuid4(), answers=all_likert(4, comment="ได้ความรู้ดีมาก")
        )
    community = make_community(facilitator=organiser)
    community_link_activity(actor=organiser, community=community, activity=activity)
    item = make_item(
        author=organiser, community=community,
        files=[SimpleUploadedFile("บันทึก.pdf", b"%PDF-1.4 test")],
    )  # fmt: skip
    from cophub.knowledge.services import comment_create

    comment = comment_create(actor=organiser, item=item, body="ขอบคุณครับ")
    with django_capture_on_commit_callbacks(execute=True):
        from cophub.reports.services import report_job_start

        job = report_job_start(actor=organiser, program_id=demo_program.pk, fmt="html")
    from cophub.accounts.services import token_create

    token, _ = token_create(user=organiser, name="t")
    from cophub.surveys.kiosk import kiosk_signature

    privacy = _privacy_world(organiser)
    return {
        **privacy,
        **_rights_world(member),
        "program_id": demo_program.pk, "activity_id": activity.pk, "token": survey.token,
        "community_id": community.pk, "item_id": item.pk,
        "attachment_id": item.attachments.first().pk, "comment_id": comment.pk,
        "membership_id": Membership.objects.filter(community=community).first().pk,
        "link_id": CommunityActivity.objects.get(community=community).pk,
        "job_id": Job.objects.get(pk=job.pk).pk, "token_id": token.pk,
        "registration_id": RegistrationFactory(activity=activity).pk,
        "code": RegistrationPolicy.objects.create(activity=activity, is_open=True).activity_code,
        "user_id": organiser.pk, "uidb64": "MQ", "path": "x",
        "member_id": join_team(demo_program, UserFactory(username="door")).pk,
        "signature": kiosk_signature(survey),
        "question": "q1",  # the survey editor names a question by its code
        "fiscal_year": 2561,  # the dashboard's year drill-down
        "province_id": activity.sites.first().province_id,  # and a province's (อยุธยา)
        "answer_id": 1,  # a follow-up answer's draft button (POST only)
        **_certificates_world(organiser, activity),
        **_kmplan_world(organiser),
    }  # fmt: skip


def _privacy_world(organiser) -> dict:
    """A published notice, the organiser's consent under it, and a breach on the register."""
    from django.utils import timezone

    from cophub.accounts.models import User
    from cophub.orgs.models import Person
    from cophub.privacy import services as privacy

    admin = UserFactory(username="privacy-admin", role=User.Role.ADMIN)
    notice = privacy.notice_draft_start(actor=admin)
    privacy.notice_publish(actor=admin, notice=notice)
    notice.refresh_from_db()  # its version is given when it is published
    person, _ = Person.objects.get_or_create(user=organiser, defaults={"first_name": "สมศรี"})
    consent = privacy.consent_give(
        actor=organiser, person=person, purpose="photo", source="profile"
    )
    breach = privacy.breach_record(
        actor=admin, title="ส่งรายชื่อผิดกลุ่มอีเมล", found_at=timezone.now(),
        data_affected="ชื่อ อีเมล", people_count=3,
    )  # fmt: skip
    return {
        "version": notice.version, "notice_id": notice.pk, "consent_id": consent.pk,
        "breach_id": breach.pk,
    }  # fmt: skip


def _certificates_world(organiser, activity) -> dict:
    """One issued certificate (its page and its PDF are routes)."""
    from cophub.certificates.services import certificates_issue

    issued = certificates_issue(actor=organiser, activity=activity)
    first = issued.certificates[0]
    return {"certificate_id": first.pk, "certificate_code": first.code}


def _kmplan_world(organiser) -> dict:
    """A KM plan of the organiser's organisation with one of each part (the organiser
    reads its pages, the report's three formats included)."""
    from decimal import Decimal

    from cophub.kmplan import services as km
    from cophub.orgs.models import Person
    from cophub.testing import ops

    Person.objects.filter(user=organiser).update(organization=ops())
    plan = km.plan_create(actor=organiser, organization=ops(), fiscal_year=2561, title="แผน KM")
    area = km.area_create(actor=organiser, plan=plan, name="องค์ความรู้")
    planned = km.planned_activity_create(
        actor=organiser, area=area, step="share", description="เวทีแลกเปลี่ยน", months=[10]
    )
    indicator = km.indicator_create(
        actor=organiser, plan=plan, name="ผู้เข้าร่วม", kind="participants", target=Decimal(40)
    )
    return {
        "plan_id": plan.pk, "area_id": area.pk, "planned_id": planned.pk,
        "indicator_id": indicator.pk,
    }  # fmt: skip


def _rights_world(member) -> dict:
    """The member's erasure request, waiting."""
    from cophub.rights.services import data_request_erasure

    return {"request_id": data_request_erasure(actor=member).pk}


def fill(route: str, values: dict) -> str:
    def one(match):
        name = match.group(2)
        if name not in values:
            raise AssertionError(f"no sample value for <{name}> in route {route!r}: add one")
        return str(values[name])

    path = re.sub(r"<(?:(\w+):)?(\w+)>", one, route)
    return "/" + path.replace("^", "").replace("$", "")


# A <script> without src that the browser would run (JSON data blocks are not run).
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>|\son[a-z]+\s*=\s*\"|javascript:",
    re.I,
)


def inline_scripts(html: str) -> list[str]:
    return INLINE_SCRIPT.findall(html)


# Three English words in a row on a Thai page: a string never wrapped in gettext, one the
# extractor cannot see (inside an f-string), or a library's own. Names and file types are
# one or two words (CoP Hub, QR Code, Excel .xlsx); a quoted title ("Phones on the same
# Wi-Fi", the README's heading) is a name too. What a screen reader or a tooltip says
# (aria-label, title, placeholder, alt) counts as text.
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?: [A-Za-z][A-Za-z'’-]*){2,}")
QUOTED = re.compile(r'"[^"|]*"|“[^”|]*”')
SPOKEN = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"', re.I)


def english_sentences(page: str) -> list[str]:
    text = re.sub(r"<(script|style|code|pre|textarea)\b.*?</\1>", " ", page, flags=re.S | re.I)
    spoken = " | ".join(SPOKEN.findall(text))
    # Each tag ends a run: a heading beside a menu ("CoP Hub" | "English") is no sentence.
    text = re.sub(r"<[^>]+>", " | ", text) + " | " + spoken
    text = " ".join(html.unescape(text).split())
    return ENGLISH_RUN.findall(QUOTED.sub(" ", text))


def writes(queries) -> list[str]:
    out = []
    for q in queries:
        sql = q["sql"].lstrip()
        head = sql.split(None, 1)[0].upper() if sql else ""
        if head not in {"INSERT", "UPDATE", "DELETE", "REPLACE"}:
            continue
        table = re.search(r'(?:INTO|UPDATE|FROM)\s+"?(\w+)"?', sql, re.I)
        if table and head == "INSERT" and table.group(1) in READ_RECORDS:
            continue
        read_audit = "'personal_data.viewed'" in sql or "'personal_data.exported'" in sql
        if table and head == "INSERT" and table.group(1) == "core_auditlog" and read_audit:
            continue
        if table and table.group(1) not in ALLOWED_TABLES:
            out.append(sql[:160])
    return out


# "htmx": the organiser's pages as htmx asks for them, which answer a fragment.
@pytest.mark.parametrize("who", ["organiser", "member", "stranger", "htmx"])
def test_no_get_writes_the_projects_tables(
    world, who, organiser_client, member_client, stranger_client,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client = {
        "organiser": organiser_client, "member": member_client, "stranger": stranger_client,
        "htmx": organiser_client,
    }[who]  # fmt: skip
    headers = {"HX-Request": "true"} if who == "htmx" else {}
    checked = []
    for route, name in routes():
        if name in NOT_READS:
            continue
        values = {**world, "token": world["token"]}
        if name in {"password_reset_confirm"}:
            values["token"] = "set-password"
        path = fill(route, values)
        # Work a GET enqueued "on commit" runs inside the capture too, so it is seen.
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.get(path, headers=headers)
        assert response.status_code < 500, (path, response.status_code)
        assert writes(queries.captured_queries) == [], f"GET {path} wrote"
        # The same sweep checks what the Content-Security-Policy relies on (one fixed
        # policy, no nonces): no page carries an inline script or event handler.
        if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            page = response.content.decode()
            assert inline_scripts(page) == [], f"GET {path}"
            assert english_sentences(page) == [], f"GET {path} in Thai"
        checked.append(path)
    assert len(checked) > 60  # every page and API read of the project, not a handful


def test_the_write_detector_sees_a_write(world, django_capture_on_commit_callbacks):
    """The check above can fail: a real write through the ORM is caught, and so is work
    enqueued to run at commit."""
    from django.db import transaction

    with CaptureQueriesContext(connection) as queries:
        Job.objects.filter(pk=world["job_id"]).update(done=1)
    assert writes(queries.captured_queries) != []
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        transaction.on_commit(lambda: Job.objects.filter(pk=world["job_id"]).update(done=2))
    assert writes(queries.captured_queries) != []


def test_the_thai_check_sees_an_english_sentence():
    page = '<p>ส่งแล้ว <b>Method not allowed</b></p><script>var a = "one two three"</script>'
    assert english_sentences(page) == ["Method not allowed"]
    assert english_sentences('<svg aria-label="Bangkok and vicinity"></svg>') == [
        "Bangkok and vicinity"
    ]
    assert english_sentences("<p>Add a question</p>") == ["Add a question"]
    assert english_sentences('<p>ดู README หัวข้อ "Phones on the same Wi-Fi" · CoP Hub</p>') == []
