"""A whole list as the preview the organiser confirms: every row with what it will
become, and the counts. Kept as plain JSON in the preview job's result."""

from __future__ import annotations

from collections import Counter
from typing import BinaryIO

from cophub.orgs.selectors import OrganizationMatcher
from cophub.participants.importing.headers import FIELD_LABELS, find_columns
from cophub.participants.importing.matching import assign_seats, match_people
from cophub.participants.importing.reading import read_table
from cophub.participants.importing.rows import ListedPerson, parse_rows
from cophub.participants.models import RegistrationPolicy
from cophub.programs.models import Activity, Registration

VERSION = 1


def seats(activity: Activity) -> tuple[int | None, int]:
    """The activity's capacity (None: no limit) and the seats its registrations hold."""
    policy = RegistrationPolicy.objects.filter(activity=activity).only("capacity").first()
    capacity = policy.capacity if policy else None
    if capacity is None:
        return None, 0
    held = Registration.objects.filter(
        activity=activity, status__in=Registration.HOLDS_SEAT
    ).count()
    return capacity, held


def summarise(listed: list[ListedPerson]) -> dict:
    outcomes = Counter("problem" if p.problems else p.outcome for p in listed)
    to_register = [p for p in listed if not p.problems and p.outcome in ("new", "existing")]
    return {
        "rows": len(listed),
        "new": outcomes["new"],
        "existing": outcomes["existing"],
        "updated": outcomes["updated"],
        "unchanged": outcomes["unchanged"],
        "problems": outcomes["problem"],
        "register": len(to_register),
        "waiting": sum(p.status == Registration.Status.WAITING for p in to_register),
    }


def build_preview(
    fh: BinaryIO, *, size: int, activity: Activity, file_name: str = "", progress=None
) -> dict:
    """Read, match and count a list; raise a DomainError for a file it cannot read."""
    table = read_table(fh, size=size)
    columns = find_columns(table.rows)
    listed = parse_rows(table.rows, columns, OrganizationMatcher.load(), progress)
    match_people(listed, activity)
    capacity, held = seats(activity)
    assign_seats(listed, capacity=capacity, held=held)
    return {
        "version": VERSION,
        "activity_id": activity.pk,
        "file": file_name,
        "format": table.format,
        "encoding": table.encoding,
        "sheet": table.sheet,
        "header_row": columns.row,
        "columns": {name: columns.header(name) for name in columns.index},
        "ignored": columns.ignored,
        "capacity": capacity,
        "summary": summarise(listed),
        "rows": [p.as_json() for p in listed],
    }


def column_labels(preview: dict) -> list[tuple[str, str]]:
    """(what CoP Hub read, the file's column) for the page's "columns read" line."""
    return [(str(FIELD_LABELS[k]), v) for k, v in preview.get("columns", {}).items()]
