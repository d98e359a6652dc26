"""The data subject's requests: a copy of their data, erasure, and what an admin does
with a request. Every write here runs in one transaction and is audited; no row written
here names the person (a request outlives the erasure it records)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from cophub.accounts.models import User
from cophub.core import thai
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError
from cophub.jobs.models import Job
from cophub.jobs.services import job_start
from cophub.orgs.models import Person
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read
from cophub.rights import registry
from cophub.rights.models import DEADLINE, DataRequest
from cophub.rights.subject import Erasure, Subject

EXPORT_KIND = "rights.export"
FORMATS = ("json", "xlsx")


def require_for(actor: User, person: Person) -> None:
    """The person themself, or a system admin on their behalf."""
    if not actor.is_authenticated or not (
        actor.is_system_admin or (person.user_id is not None and person.user_id == actor.pk)
    ):
        raise DomainError("permission_denied")


def _require_admin(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_system_admin):
        raise DomainError("permission_denied")


def is_erased(person: Person) -> bool:
    return person.data_requests.filter(
        kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.DONE
    ).exists()


@transaction.atomic
def person_for_account(*, user: User) -> Person:
    """The personal record of an account, made from the account's own details when an
    account (say, an administrator's first one) never had one: the copy and the erasure
    are of a person, and every account belongs to one."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(
            user=user, first_name=user.first_name or user.username,
            last_name=user.last_name, email=user.email,
        )  # fmt: skip
        audit_record(actor=user, action="person.created", instance=person)
    return person


def _read_recorded(*, actor: User | None, request: DataRequest) -> None:
    """The copy is a read of the person's data like any other (privacy's register): the
    request stands for it there, so the register's row does not carry the name."""
    personal_data_read(
        viewer=actor, kind=PersonalDataRead.Kind.PERSON_EXPORT, instance=request,
        people=[request.person_id], exported=True, with_contacts=True,
    )  # fmt: skip


def _new_request(*, actor: User, person: Person, kind: str) -> DataRequest:
    now = timezone.now()
    return DataRequest.objects.create(
        kind=kind, person=person, requested_by=actor, requested_at=now, due=now + DEADLINE
    )


@transaction.atomic
def data_request_export(*, actor: User, fmt: str, person: Person | None = None) -> DataRequest:
    """Start making a copy of everything held about ``person`` (the actor's own record
    if None) in a job; the request is done when the job has made the file, which only
    its owner and admins can download."""
    person = person or person_for_account(user=actor)
    require_for(actor, person)
    if fmt not in FORMATS:
        raise DomainError("not_found")
    if is_erased(person):
        raise DomainError("rights_already_erased")
    # One copy at a time: each is a job reading everything, so repeated requests would
    # flood the workers. A request whose job failed is not waiting any more.
    Person.objects.select_for_update().filter(pk=person.pk).first()  # parallel POSTs queue
    waiting = person.data_requests.filter(
        kind=DataRequest.Kind.ACCESS, status=DataRequest.Status.PENDING,
        job__state__in=(Job.State.QUEUED, Job.State.RUNNING),
    ).first()  # fmt: skip
    if waiting is not None:
        raise DomainError("rights_access_pending", {"number": thai.screen_digits(waiting.pk)})
    request = _new_request(actor=actor, person=person, kind=DataRequest.Kind.ACCESS)
    audit_record(
        actor=actor, action="data_request.access_requested", instance=request,
        changes={"person_id": person.pk},
    )  # fmt: skip
    job = job_start(
        actor=actor, kind=EXPORT_KIND,
        params={"person_id": person.pk, "request_id": request.pk, "format": fmt},
        subject=gettext("Request %(n)s") % {"n": thai.screen_digits(request.pk)},
        back_url=reverse("rights:mine") if person.user_id == actor.pk
        else reverse("rights:request", args=[request.pk]),
    )  # fmt: skip
    request.job = job
    request.save(update_fields=["job"])
    return request


@transaction.atomic
def data_request_exported(*, job: Job, request_id: int, rows: int) -> None:
    """The export job has saved its file: the access request is answered."""
    request = DataRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None or request.status != DataRequest.Status.PENDING:
        return
    request.status, request.completed_at = DataRequest.Status.DONE, timezone.now()
    request.completed_by, request.counts = job.owner, {"rows": rows}
    request.save(update_fields=["status", "completed_at", "completed_by", "counts"])
    audit_record(
        actor=job.owner, action="data_request.exported", instance=request,
        changes={"job": str(job.pk), "rows": rows},
    )  # fmt: skip
    _read_recorded(actor=job.owner, request=request)


@transaction.atomic
def data_request_erasure(*, actor: User, person: Person | None = None) -> DataRequest:
    """Log a request to erase ``person`` (the actor's own record if None); an admin
    carries it out (``data_request_erase``)."""
    person = person or person_for_account(user=actor)
    require_for(actor, person)
    if is_erased(person):
        raise DomainError("rights_already_erased")
    waiting = person.data_requests.filter(
        kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.PENDING
    ).first()
    if waiting is not None:
        raise DomainError("rights_request_pending", {"number": waiting.pk})
    request = _new_request(actor=actor, person=person, kind=DataRequest.Kind.ERASURE)
    audit_record(
        actor=actor, action="data_request.erasure_requested", instance=request,
        changes={"person_id": person.pk},
    )  # fmt: skip
    return request


def _pending(request: DataRequest) -> DataRequest:
    locked = DataRequest.objects.select_for_update(of=("self",)).select_related("person__user")
    request = locked.get(pk=request.pk)
    if request.status != DataRequest.Status.PENDING:
        raise DomainError("rights_request_closed")
    return request


@transaction.atomic
def data_request_erase(*, actor: User, request: DataRequest, note: str = "") -> DataRequest:
    """Carry out an erasure request: every registered section anonymises its part, in
    its order, then the request is done with what each section did."""
    _require_admin(actor)
    request = _pending(request)
    if request.kind != DataRequest.Kind.ERASURE:
        raise DomainError("rights_wrong_kind")
    erasure = Erasure(Subject.of(request.person))
    for part in registry.for_erasure():
        part.erase(erasure)
    request.status, request.completed_at, request.completed_by = (
        DataRequest.Status.DONE, timezone.now(), actor,
    )  # fmt: skip
    request.counts = {k: v for k, v in sorted(erasure.counts.items()) if v}
    request.outcome = erasure.subject.redact(note.strip(), parts=True)
    request.save(update_fields=["status", "completed_at", "completed_by", "counts", "outcome"])
    audit_record(
        actor=actor, action="data_request.erased", instance=request, changes=request.counts
    )
    return request


@transaction.atomic
def data_request_refuse(*, actor: User, request: DataRequest, reason: str) -> DataRequest:
    """Answer a request with a refusal and its reason (PDPA s. 33 lets a controller keep
    data it must keep by law, e.g. for a public task or a legal claim)."""
    _require_admin(actor)
    if not reason.strip():
        raise DomainError("rights_reason_needed")
    request = _pending(request)
    request.status, request.completed_at, request.completed_by = (
        DataRequest.Status.REFUSED, timezone.now(), actor,
    )  # fmt: skip
    request.outcome = reason.strip()
    request.save(update_fields=["status", "completed_at", "completed_by", "outcome"])
    audit_record(actor=actor, action="data_request.refused", instance=request)
    return request


@transaction.atomic
def person_erase(*, actor: User, person: Person, note: str = "") -> DataRequest:
    """Log an erasure request for ``person`` and carry it out at once (an admin acting
    on a request received another way: a letter, the command line)."""
    _require_admin(actor)
    waiting = person.data_requests.filter(
        kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.PENDING
    ).first()
    request = waiting or data_request_erasure(actor=actor, person=person)
    return data_request_erase(actor=actor, request=request, note=note)


@transaction.atomic
def person_export_now(*, actor: User, person: Person, fmt: str) -> bytes:
    """The copy made here and now (the command line): logged and audited like the job's."""
    from cophub.rights import exporting

    require_for(actor, person)
    if fmt not in FORMATS:
        raise DomainError("not_found")
    request = _new_request(actor=actor, person=person, kind=DataRequest.Kind.ACCESS)
    audit_record(
        actor=actor, action="data_request.access_requested", instance=request,
        changes={"person_id": person.pk},
    )  # fmt: skip
    doc = exporting.document(Subject.of(person))
    rows = sum(len(s["rows"]) for s in doc["sections"])
    request.status, request.completed_at, request.completed_by = (
        DataRequest.Status.DONE, timezone.now(), actor,
    )  # fmt: skip
    request.counts = {"rows": rows}
    request.save(update_fields=["status", "completed_at", "completed_by", "counts"])
    audit_record(
        actor=actor, action="data_request.exported", instance=request, changes={"rows": rows}
    )
    _read_recorded(actor=actor, request=request)
    return exporting.as_xlsx(doc) if fmt == "xlsx" else exporting.as_json(doc)
