"""Participant lists from XLSX/CSV: start a preview, confirm it, apply it.

The page and the API start a preview job (``participants.import_preview``) that reads the
file and keeps every row's outcome in the job's result; confirming starts an apply job
(``participants.import_apply``). The command line and the API's non-dry run apply a file
in one job. Applying is one transaction under the activity's policy lock, the lock
registration takes, so the capacity holds against people registering at the same moment.

Decisions (docs/participants.md, "Importing lists"): imported people are registered
(``source=imported``) up to the capacity and put on the waiting list beyond it; quotas
are not applied (the organiser's list is theirs to fill); an existing person's record is
only filled in where blank, never overwritten.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from cophub.accounts.models import User
from cophub.core.audit import ACTION_TYPES, UnknownAuditAction, audit_record
from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.jobs.models import Job
from cophub.jobs.services import job_start
from cophub.orgs.models import Organization, Person
from cophub.participants.importing.matching import FILLS, assign_seats, match_people
from cophub.participants.importing.preview import summarise
from cophub.participants.importing.reading import HEAD_BYTES, check_size, sniff
from cophub.participants.importing.rows import ListedPerson, RowProblem
from cophub.participants.models import RegistrationPolicy
from cophub.participants.permissions import require_manage_participants
from cophub.privacy.selectors import notice_current
from cophub.programs.models import Activity, Registration

PREVIEW_KIND = "participants.import_preview"
APPLY_KIND = "participants.import_apply"
KINDS = (PREVIEW_KIND, APPLY_KIND)
UPLOADS = "jobs/uploads/participants"
BATCH = 500


@dataclass(frozen=True)
class ImportOutcome:
    counts: dict  # registered, waiting, people_created, people_updated, unchanged, skipped
    problems: list[dict]  # the rows skipped, as the preview shows them


def _store(upload: File) -> str:
    """Keep the upload for the job under a name of our own (the person's file name may
    hold anything); the job deletes it when it is done with it."""
    suffix = PurePath(upload.name or "").suffix.lower()
    suffix = suffix if suffix in (".xlsx", ".csv", ".txt") else ""
    upload.seek(0)
    return default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}{suffix}", upload)


def participant_import_prepare(
    *, actor: User, activity: Activity, upload: File, only_good_rows: bool = False
) -> dict:
    """Check the file is one we read and keep it for a job; return the job's params."""
    require_manage_participants(actor, activity)
    check_size(upload.size)
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    if not head.strip(b" \t\r\n,;\xef\xbb\xbf"):
        raise DomainError("import_empty_file")
    sniff(head)
    return {
        "activity_id": activity.pk, "upload": _store(upload), "size": upload.size,
        "file": PurePath(upload.name or "").name[:200], "only_good_rows": bool(only_good_rows),
        "language": translation.get_language() or "",
    }  # fmt: skip


def participant_import_start(
    *, actor: User, activity: Activity, upload: File, only_good_rows: bool = False,
    apply: bool = False,
) -> Job:  # fmt: skip
    """Start reading a list: a preview job, or with ``apply`` a job that previews and
    applies at once (the API)."""
    params = participant_import_prepare(
        actor=actor, activity=activity, upload=upload, only_good_rows=only_good_rows
    )
    try:
        return job_start(
            actor=actor, kind=APPLY_KIND if apply else PREVIEW_KIND, params=params,
            subject=activity.title, back_url=reverse("participants:import", args=[activity.pk]),
        )  # fmt: skip
    except Exception:
        default_storage.delete(params["upload"])
        raise


def participant_import_confirm(
    *, actor: User, activity: Activity, preview: Job, only_good_rows: bool,
    people_informed: bool = False,
) -> Job:  # fmt: skip
    """Apply a finished preview of ``activity`` as it was shown, once the organiser confirms
    the people on it were told of the privacy notice (its version is kept on their
    registrations)."""
    require_manage_participants(actor, activity)
    if (
        preview.kind != PREVIEW_KIND
        or preview.params.get("activity_id") != activity.pk
        or preview.owner_id != actor.pk
    ):
        raise DomainError("not_found")
    if preview.state != Job.State.DONE or "rows" not in preview.result:
        raise DomainError("import_not_ready")
    problems = preview.result["summary"]["problems"]
    if problems and not only_good_rows:
        raise DomainError("import_has_problems", {"count": problems})
    if not people_informed:
        raise DomainError("import_people_not_informed")
    notice = notice_current()
    return job_start(
        actor=actor, kind=APPLY_KIND,
        params={"activity_id": activity.pk, "preview": str(preview.pk),
                "file": preview.params.get("file", ""), "only_good_rows": bool(only_good_rows),
                "language": translation.get_language() or "",
                "notice_version": notice.version if notice else None},
        subject=activity.title, back_url=reverse("participants:import", args=[activity.pk]),
    )  # fmt: skip


def _vanished_organizations(rows: list[ListedPerson]) -> None:
    """An organisation deleted since the preview makes its rows problems, not errors."""
    wanted = {r.organization_id for r in rows if r.organization_id}
    there = set(Organization.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    for row in rows:
        if row.organization_id and row.organization_id not in there:
            row.problems.append(
                RowProblem("", "import_row_unknown_organization", {"value": row.organization})
            )


def _create_people(rows: list[ListedPerson]) -> dict[int, Person]:
    people = Person.objects.bulk_create(
        [
            Person(
                prefix=r.title, first_name=r.first, last_name=r.last, position=r.position,
                organization_id=r.organization_id, email=r.email, phone=r.phone,
            )
            for r in rows
        ],
        batch_size=BATCH,
    )  # fmt: skip
    for row, person in zip(rows, people, strict=True):
        row.person_id = person.pk
    return {row.row: person for row, person in zip(rows, people, strict=True)}


def _fill_people(rows: list[ListedPerson], people: dict[int, Person]) -> int:
    changed = []
    for row in rows:
        if row.problems or not row.fills:
            continue
        person = people[row.row]
        for name in row.fills:
            setattr(person, FILLS[name], getattr(row, name))
        changed.append(person)
    Person.objects.bulk_update(changed, fields=list(FILLS.values()), batch_size=BATCH)
    return len(changed)


def _audit_each(actor: User, action: str, registrations: list[Registration], file_name: str):
    """One audit row per registration, as ``audit_record`` writes it, in a few INSERTs:
    5,000 single ones took longer than the rest of an import together."""
    if action not in ACTION_TYPES:
        raise UnknownAuditAction(action)
    AuditLog.objects.bulk_create(
        [
            AuditLog(
                actor=actor, action=action, object_type=r._meta.label_lower,
                object_id=str(r.pk), object_repr=str(r)[:300],
                changes={"status": r.status, "file": file_name},
            )
            for r in registrations
        ],
        batch_size=BATCH,
    )  # fmt: skip


@transaction.atomic
def participant_import_apply(
    *, actor: User, activity: Activity, rows: list[dict], only_good_rows: bool,
    file_name: str = "", notice_version: int | None = None,
) -> ImportOutcome:  # fmt: skip
    """Register the people of a previewed list; return the counts and the rows skipped.

    The rows are matched again here, under the lock: whoever registered or was added
    since the preview is found, so nothing is created twice."""
    require_manage_participants(actor, activity)
    listed = [ListedPerson.from_json(r) for r in rows]
    problems = sum(bool(r.problems) for r in listed)
    if problems and not only_good_rows:
        raise DomainError("import_has_problems", {"count": problems})
    good = [r for r in listed if not r.problems]
    _vanished_organizations(good)
    RegistrationPolicy.objects.get_or_create(activity=activity)
    policy = RegistrationPolicy.objects.select_for_update().get(activity=activity)
    people = match_people(good, activity)
    held = Registration.objects.filter(activity=activity, status__in=Registration.HOLDS_SEAT)
    assign_seats(good, capacity=policy.capacity, held=held.count() if policy.capacity else 0)
    good = [r for r in good if not r.problems]
    updated = _fill_people(good, people)
    people.update(_create_people([r for r in good if r.outcome == "new"]))
    joining = [r for r in good if r.outcome in ("new", "existing")]
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                activity=activity, person=people[r.row], status=r.status,
                source=Registration.Source.IMPORTED, privacy_notice_version=notice_version,
            )
            for r in joining
        ],
        batch_size=BATCH,
    )  # fmt: skip
    _audit_each(actor, "registration.imported", registrations, file_name)
    outcome = summarise(listed)
    counts = {
        "registered": sum(r.status == Registration.Status.REGISTERED for r in joining),
        "waiting": sum(r.status == Registration.Status.WAITING for r in joining),
        "people_created": outcome["new"],
        "people_updated": updated,
        "unchanged": outcome["unchanged"],
        "skipped": outcome["problems"],
    }
    audit_record(
        actor=actor, action="participant_list.imported", instance=activity,
        changes={"file": file_name, **counts},
    )  # fmt: skip
    return ImportOutcome(counts, [r.as_json() for r in listed if r.problems])
