"""Retention: each kind of personal data goes when its period ends, and not a day before;
the pass records what it did and a second pass finds nothing."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from cophub.core.models import AuditLog
from cophub.jobs.models import Job
from cophub.jobs.queue import PERIODIC
from cophub.orgs.models import Person
from cophub.outbox.models import OutboxMessage
from cophub.rights.jobs import apply_retention
from cophub.rights.models import RetentionRun
from cophub.rights.retention import last_expired_fiscal_year, retention_apply
from cophub.surveys.models import Response, SurveyTicket
from cophub.surveys.services import survey_submit
from cophub.testing import (
    ActivityFactory,
    PersonFactory,
    RegistrationFactory,
    all_likert,
    survey_for,
)

pytestmark = pytest.mark.django_db
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def at(y, m, d, hour=9) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=BANGKOK)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 9, 30), 2566),  # FY 2569's last day: 2567's contacts kept through 2569
        (dt.date(2026, 10, 1), 2567),  # FY 2570 begins: 2567 + 2 years has ended
        (dt.date(2027, 9, 30), 2567),
    ],
)
def test_contacts_last_two_fiscal_years_after_the_programs_year(today, expected):
    assert last_expired_fiscal_year(today, 2) == expected


def _registrant(fiscal_year: int, **person) -> Person:
    p = PersonFactory(email=f"{uuid.uuid4().hex[:8]}@example.go.th", phone="0812345678", **person)
    RegistrationFactory(person=p, activity=ActivityFactory(program__fiscal_year=fiscal_year))
    return p


def test_registrants_contacts_go_after_their_last_programs_period(settings, member):
    settings.RETENTION_CONTACT_FISCAL_YEARS = 2
    old = _registrant(2567)
    recent = _registrant(2568)
    again = _registrant(2567)
    RegistrationFactory(person=again, activity=ActivityFactory(program__fiscal_year=2569))
    staff = _registrant(2567, user=member)  # an account's contact is the account's, not the list's
    retention_apply(now=at(2026, 9, 30))
    old.refresh_from_db()
    assert old.email  # not yet: FY 2569 is not over
    run = retention_apply(now=at(2026, 10, 1))
    for p in (old, recent, again, staff):
        p.refresh_from_db()
    assert (old.email, old.phone) == ("", "")
    assert old.first_name.startswith("สมชาย")  # the name stays: the attendance it proves stays
    assert recent.email and again.email and staff.email
    assert run.counts["contacts"] == 1


def test_survey_device_ids_go_a_grace_period_after_the_survey_closes(settings, organiser):
    settings.RETENTION_SURVEY_DEVICE_DAYS = 7
    now = timezone.now()
    closed_long_ago, closed_lately = (
        survey_for(ActivityFactory(program__owner=organiser), organiser) for _ in range(2)
    )
    for survey, days in ((closed_long_ago, 8), (closed_lately, 6)):
        survey_submit(
            survey=survey, client_id=uuid.uuid4(), answers=all_likert(4), respondent=uuid.uuid4()
        )
        SurveyTicket.objects.create(survey=survey, digest=uuid.uuid4().hex)
        survey.closes_at = now - dt.timedelta(days=days)
        survey.save(update_fields=["closes_at"])
    run = retention_apply(now=now)
    assert list(
        Response.objects.filter(survey=closed_long_ago).values_list("respondent", flat=True)
    ) == [None]
    assert Response.objects.get(survey=closed_lately).respondent is not None
    assert not SurveyTicket.objects.filter(survey=closed_long_ago).exists()
    assert SurveyTicket.objects.filter(survey=closed_lately).exists()
    assert (run.counts["survey_device_ids"], run.counts["survey_tickets"]) == (1, 1)
    assert Response.objects.filter(survey=closed_long_ago).count() == 1  # the answer stays


def test_audit_snapshots_about_people_are_scrubbed_after_their_years(settings, organiser):
    settings.RETENTION_AUDIT_SNAPSHOT_YEARS = 5
    now = timezone.now()
    person = PersonFactory()
    rows = {
        (kind, years): AuditLog.objects.create(
            action="person.created",
            object_type=kind,
            object_id="7",
            object_repr="นายสมชาย ใจดี",
            changes={"first_name": "สมชาย"},
        )
        for kind in ("orgs.person", "programs.program")
        for years in (6, 4)
    }
    for (_kind, years), row in rows.items():
        AuditLog.objects.filter(pk=row.pk).update(at=now - dt.timedelta(days=365 * years))
    assert person
    run = retention_apply(now=now)
    for row in rows.values():
        row.refresh_from_db()
    old_person = rows[("orgs.person", 6)]
    assert (old_person.object_repr, old_person.changes) == (
        "orgs.person #7",
        {"scrubbed": "retention"},
    )
    assert old_person.actor_id is None and old_person.action == "person.created"  # the row stays
    assert rows[("orgs.person", 4)].changes == {"first_name": "สมชาย"}
    assert rows[("programs.program", 6)].changes == {"first_name": "สมชาย"}  # not personal
    assert run.counts["audit_snapshots"] == 1


def test_sessions_login_records_job_results_and_sent_mail_go_after_their_periods(
    settings, organiser, django_capture_on_commit_callbacks
):
    settings.RETENTION_LOGIN_RECORD_DAYS = 90
    settings.RETENTION_JOB_RESULT_DAYS = 30
    settings.RETENTION_SENT_MAIL_DAYS = 180
    now = timezone.now()
    Session.objects.create(
        session_key="old" * 8, session_data="x", expire_date=now - dt.timedelta(seconds=1)
    )
    Session.objects.create(
        session_key="new" * 8, session_data="x", expire_date=now + dt.timedelta(days=1)
    )
    attempts = [
        AccessAttempt.objects.create(
            user_agent="ua",
            ip_address="10.0.0.1",
            username=f"u{days}",
            http_accept="*/*",
            path_info="/accounts/login/",
            get_data="",
            post_data="",
            failures_since_start=1,
        )
        for days in (91, 89)
    ]
    for a, days in zip(attempts, (91, 89), strict=True):
        AccessAttempt.objects.filter(pk=a.pk).update(attempt_time=now - dt.timedelta(days=days))
    jobs = []
    for days in (31, 29):
        job = Job.objects.create(kind="rights.export", owner=organiser, state=Job.State.DONE,
                                 finished_at=now - dt.timedelta(days=days), result={"rows": ["สมชาย"]})  # fmt: skip
        job.result_file.name = default_storage.save(f"jobs/{job.pk}/copy.json", ContentFile(b"{}"))
        job.save()
        jobs.append(job)
    mails = []
    for days, state in ((181, "sent"), (179, "sent"), (400, "queued")):
        m = OutboxMessage.objects.create(to=["a@example.go.th"], subject="s", body="b", state=state)
        OutboxMessage.objects.filter(pk=m.pk).update(sent_at=now - dt.timedelta(days=days))
        mails.append(m)

    with django_capture_on_commit_callbacks(execute=True):
        run = retention_apply(now=now)

    assert list(Session.objects.values_list("session_key", flat=True)) == ["new" * 8]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["u89"]
    old_job, new_job = (Job.objects.get(pk=j.pk) for j in jobs)
    assert (old_job.result_file.name, old_job.result) == ("", {})
    assert not default_storage.exists(jobs[0].result_file.name)
    assert new_job.result_file and default_storage.exists(new_job.result_file.name)
    assert sorted(OutboxMessage.objects.values_list("pk", flat=True)) == [mails[1].pk, mails[2].pk]
    assert {k: run.counts[k] for k in ("sessions", "login_records", "job_results", "sent_mail")} == {
        "sessions": 1, "login_records": 1, "job_results": 1, "sent_mail": 1,
    }  # fmt: skip


def test_each_pass_is_recorded_with_its_counts_and_a_second_pass_finds_nothing(settings):
    settings.RETENTION_CONTACT_FISCAL_YEARS = 2
    _registrant(2560)
    first = retention_apply()
    second = retention_apply()
    assert first.counts["contacts"] == 1
    assert set(second.counts.values()) == {0}
    audit = AuditLog.objects.filter(action="retention.applied").order_by("id")
    assert [a.changes for a in audit] == [first.counts, second.counts]
    assert [a.object_id for a in audit] == [str(first.pk), str(second.pk)]
    assert RetentionRun.objects.count() == 2


def test_the_workers_run_the_retention_pass_periodically():
    assert any(task is apply_retention for _every, task, _when in PERIODIC)
    assert apply_retention.call()["contacts"] == 0


def test_a_period_that_is_not_a_whole_number_refuses_to_start():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cophub.settings",
        "RETENTION_JOB_RESULT_DAYS": "30d",
    }
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "RETENTION_JOB_RESULT_DAYS must be a whole number" in done.stderr


def _traced(person: Person, when: dt.datetime, **row) -> None:
    defaults = {
        "action": "person.created",
        "object_type": "orgs.person",
        "object_id": str(person.pk),
    }
    log = AuditLog.objects.create(**(defaults | row))
    AuditLog.objects.filter(pk=log.pk).update(at=when)


def test_contacts_of_people_with_no_registration_go_a_period_after_their_last_trace(settings):
    settings.RETENTION_CONTACT_FISCAL_YEARS = 2
    now = at(2026, 10, 1)  # FY 2570 (B.E.) has begun: traces up to FY 2567 have expired

    def unregistered():
        return PersonFactory(email=f"{uuid.uuid4().hex[:8]}@example.go.th", phone="0812345678")

    old, recent, dropped, untraced = (unregistered() for _ in range(4))
    _traced(old, at(2024, 9, 30))  # FY 2567's last day
    _traced(recent, at(2024, 9, 30))
    _traced(recent, at(2024, 10, 1))  # changed in FY 2568: kept through FY 2570
    _traced(
        dropped, at(2024, 5, 1), action="registration.deleted",
        object_type="programs.registration", object_id="99",
        changes={"activity": "1", "person": str(dropped.pk)},
    )  # fmt: skip
    run = retention_apply(now=now)
    for p in (old, recent, dropped, untraced):
        p.refresh_from_db()
    assert [(p.email, p.phone) for p in (old, dropped, untraced)] == [("", "")] * 3
    assert recent.email and recent.phone
    assert run.counts["contacts"] == 3
    assert retention_apply(now=now).counts["contacts"] == 0


def test_breach_snapshots_and_user_names_in_team_and_community_rows_are_scrubbed(settings):
    settings.RETENTION_AUDIT_SNAPSHOT_YEARS = 5
    now = timezone.now()
    rows = {}
    for years in (6, 4):
        for action, kind, repr_, changes in (
            ("breach.recorded", "privacy.breach", "การรั่วไหล #3", {"description": "สมชาย ใจดี"}),
            ("program.member.added", "programs.program", "โครงการ ก", {"user": "somchai"}),
            ("community.member.removed", "knowledge.community", "ชุมชน ข", {"user": "somchai"}),
        ):
            row = AuditLog.objects.create(
                action=action, object_type=kind, object_id="3", object_repr=repr_, changes=changes
            )
            AuditLog.objects.filter(pk=row.pk).update(at=now - dt.timedelta(days=365 * years))
            rows[(action, years)] = row
    run = retention_apply(now=now)
    got = {
        key: AuditLog.objects.values_list("object_repr", "changes").get(pk=row.pk)
        for key, row in rows.items()
    }
    scrubbed = {"scrubbed": "retention"}
    assert got[("breach.recorded", 6)] == ("privacy.breach #3", scrubbed)
    assert got[("program.member.added", 6)] == ("โครงการ ก", scrubbed)  # a program's name stays
    assert got[("community.member.removed", 6)] == ("ชุมชน ข", scrubbed)
    assert [got[(a, 4)][1] for a in ("program.member.added", "community.member.removed")] == [
        {"user": "somchai"}
    ] * 2
    assert got[("breach.recorded", 4)][1] == {"description": "สมชาย ใจดี"}
    assert run.counts["audit_snapshots"] == 3
