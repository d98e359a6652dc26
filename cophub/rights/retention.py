"""Retention: each kind of personal data is kept for its period (settings RETENTION_*),
then purged by ``retention_apply``, which the workers run a few times a day
(``rights.jobs.apply_retention``) and which records what it did (a RetentionRun and its
audit row, counts per kind).

- Registrants' contacts (e-mail, telephone of people without an account) until two
  fiscal years after the fiscal year of the last program they registered for. Someone
  with no registration left (all deleted) is measured from their last trace in the audit
  trail (a change of their record, a deleted registration of theirs); someone with none
  at all holds contacts nothing accounts for, and loses them at once.
- Survey device ids (a response's respondent id, the attendees-only tickets) until the
  survey has been closed for a grace period: afterwards nothing may change an answer.
- Sessions: Django's own expiry (``clearsessions``).
- The personal snapshots in audit rows (the object's name, the values changed) of
  people, accounts, registrations, breaches and other personal records, after some years,
  and the values of any row naming a user (a program team's or a community's
  ``{"user": "somchai"}``); the row itself (who did what, when) stays.
- Log-in records (django-axes), finished jobs' results (files and stored previews), sent
  e-mails (addresses, text, attachments).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F, Max, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone

from cophub.core import thai
from cophub.core.audit import audit_record
from cophub.core.models import AuditLog
from cophub.jobs.models import Job
from cophub.orgs.models import Person
from cophub.outbox.models import OutboxAttachment, OutboxMessage
from cophub.rights.models import RetentionRun
from cophub.surveys.models import RedeemedCompletion, Response, Survey, SurveyTicket

# Audit object types whose snapshots describe a person (names, contacts, their text).
PERSONAL_AUDIT_TYPES = (
    "orgs.person", "accounts.user", "accounts.apitoken", "programs.registration",
    "participants.checkin", "participants.coordinator", "knowledge.comment",
    "knowledge.joinrequest", "knowledge.membership", "rights.datarequest", "privacy.breach",
)  # fmt: skip
SCRUBBED = {"scrubbed": "retention"}


def last_expired_fiscal_year(today: dt.date, years_after: int) -> int:
    """The latest program fiscal year whose contacts are past their period on ``today``:
    kept through the end of fiscal year ``fy + years_after``, purged after it."""
    # Fiscal year fy + years_after has ended on ``today`` exactly when it is before the
    # fiscal year ``today`` falls in.
    return thai.fiscal_year(today) - years_after - 1


def _untraced_since(ids: list[int], before: dt.datetime) -> set[int]:
    """Of these people, those whose last trace in the audit trail is before ``before``
    (or who have none)."""
    keys = [str(i) for i in ids]
    last: dict[int, dt.datetime] = {}
    traces = AuditLog.objects.filter(
        Q(object_type="orgs.person", object_id__in=keys)
        | Q(action="registration.deleted", changes__person__in=keys)
    ).values_list("object_type", "object_id", "changes", "at")
    for kind, object_id, changes, at in traces.iterator():
        pk = int(object_id if kind == "orgs.person" else changes["person"])
        last[pk] = max(at, last.get(pk, at))
    return {pk for pk in ids if pk not in last or last[pk] < before}


def _contacts(now: dt.datetime) -> int:
    today = timezone.localdate(now)
    expired = last_expired_fiscal_year(today, settings.RETENTION_CONTACT_FISCAL_YEARS)
    holding = Person.objects.filter(user__isnull=True).exclude(email="", phone="")
    people = set(
        holding.annotate(last_fy=Max("registrations__activity__program__fiscal_year"))
        .filter(last_fy__lte=expired)
        .values_list("pk", flat=True)
    )
    # No registration to date them by: the period runs from their last trace instead.
    kept_from = thai.fiscal_year_bounds(expired + 1)[0]
    before = timezone.make_aware(dt.datetime.combine(kept_from, dt.time()))
    unregistered = list(holding.filter(registrations__isnull=True).values_list("pk", flat=True))
    people |= _untraced_since(unregistered, before)
    return Person.objects.filter(pk__in=people).update(email="", phone="")


def _survey_devices(now: dt.datetime) -> tuple[int, int]:
    closed = Survey.objects.filter(
        closes_at__lt=now - dt.timedelta(days=settings.RETENTION_SURVEY_DEVICE_DAYS)
    ).values("pk")
    ids = Response.objects.filter(survey__in=closed, respondent__isnull=False).update(
        respondent=None
    )
    tickets = SurveyTicket.objects.filter(survey__in=closed).delete()[0]
    tickets += RedeemedCompletion.objects.filter(survey__in=closed).delete()[0]
    return ids, tickets


def _sessions(now: dt.datetime) -> int:
    expired = Session.objects.filter(expire_date__lt=now).count()
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return expired


def _audit_snapshots(now: dt.datetime) -> int:
    before = now - dt.timedelta(days=365 * settings.RETENTION_AUDIT_SNAPSHOT_YEARS)
    rows = AuditLog.objects.filter(at__lt=before, object_type__in=PERSONAL_AUDIT_TYPES).exclude(
        changes=SCRUBBED
    )
    # "orgs.person #12": what the row was about, without the name it had then.
    n = rows.update(
        object_repr=Concat(F("object_type"), Value(" #"), F("object_id")), changes=SCRUBBED
    )
    # A program's or a community's row keeps its name (not a person's); its values go
    # when they name a user (team and membership changes).
    naming_a_user = AuditLog.objects.filter(at__lt=before, changes__has_key="user")
    return n + naming_a_user.exclude(changes=SCRUBBED).update(changes=SCRUBBED)


def _login_records(now: dt.datetime) -> int:
    before = now - dt.timedelta(days=settings.RETENTION_LOGIN_RECORD_DAYS)
    return sum(
        m.objects.filter(attempt_time__lt=before).delete()[0]
        for m in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def _job_results(now: dt.datetime) -> int:
    before = now - dt.timedelta(days=settings.RETENTION_JOB_RESULT_DAYS)
    jobs = Job.objects.filter(finished_at__lt=before).filter(~Q(result_file="") | ~Q(result={}))
    n = 0
    for job in jobs.iterator():
        if job.result_file:
            storage, name = job.result_file.storage, job.result_file.name
            transaction.on_commit(lambda s=storage, f=name: s.delete(f))
        Job.objects.filter(pk=job.pk).update(result_file="", result_name="", result={})
        n += 1
    return n


def _sent_mail(now: dt.datetime) -> int:
    """A sent e-mail's row goes whole: its addresses, subject and text all name people."""
    before = now - dt.timedelta(days=settings.RETENTION_SENT_MAIL_DAYS)
    mails = OutboxMessage.objects.filter(state=OutboxMessage.State.SENT, sent_at__lt=before)
    for a in OutboxAttachment.objects.filter(message__in=mails):
        transaction.on_commit(lambda s=a.file.storage, f=a.file.name: s.delete(f))
    return mails.delete()[1].get(OutboxMessage._meta.label, 0)


@transaction.atomic
def retention_apply(*, now: dt.datetime | None = None) -> RetentionRun:
    now = now or timezone.now()
    counts: Counter = Counter()
    counts["contacts"] = _contacts(now)
    counts["survey_device_ids"], counts["survey_tickets"] = _survey_devices(now)
    counts["sessions"] = _sessions(now)
    counts["audit_snapshots"] = _audit_snapshots(now)
    counts["login_records"] = _login_records(now)
    counts["job_results"] = _job_results(now)
    counts["sent_mail"] = _sent_mail(now)
    run = RetentionRun.objects.create(counts=dict(counts))
    audit_record(actor=None, action="retention.applied", instance=run, changes=dict(counts))
    return run
