"""The rows of a list against the people and registrations already in the database.

A row is the person with its e-mail (case-insensitive), else the person of the same
title-free name in the same organisation whose e-mail does not say otherwise. Importing
fills in what such a person's record leaves blank and never overwrites what it holds, so
the same file imported again finds everything in place and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Q
from django.db.models.functions import Lower

from cophub.orgs.models import Person
from cophub.participants.importing.rows import ListedPerson, RowProblem, name_key
from cophub.programs.models import Activity, Registration

CHUNK = 500  # values per IN (…): well under SQLite's limit, cheap for PostgreSQL
# A row's field → the Person field it fills when that is blank.
FILLS = {
    "title": "prefix", "last": "last_name", "position": "position", "email": "email",
    "phone": "phone", "organization_id": "organization_id",
}  # fmt: skip


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _preferred(people: list[Person]) -> Person:
    """Of several records for one person, the one with an account, else the oldest."""
    return min(people, key=lambda p: (p.user_id is None, p.pk))


def find_people(listed: list[ListedPerson]) -> dict[int, tuple[Person, str]]:
    """Row number → (the existing person it names, "email" or "name")."""
    emails = sorted({p.email.casefold() for p in listed if p.email})
    by_email: dict[str, list[Person]] = {}
    for chunk in chunks(emails):
        for person in Person.objects.annotate(email_key=Lower("email")).filter(email_key__in=chunk):
            by_email.setdefault(person.email_key, []).append(person)
    firsts = sorted({p.first for p in listed if p.first})
    orgs = {p.organization_id for p in listed}
    in_orgs = Q(organization_id__in=[o for o in orgs if o is not None])
    if None in orgs:
        in_orgs |= Q(organization__isnull=True)
    by_name: dict[tuple[str, int | None], list[Person]] = {}
    for chunk in chunks(firsts):
        for person in Person.objects.filter(in_orgs, first_name__in=chunk):
            key = (name_key(person.first_name, person.last_name), person.organization_id)
            by_name.setdefault(key, []).append(person)
    found: dict[int, tuple[Person, str]] = {}
    for row in listed:
        email = row.email.casefold()
        if email and email in by_email:
            found[row.row] = (_preferred(by_email[email]), "email")
            continue
        same_name = [
            p for p in by_name.get((row.name_key, row.organization_id), [])
            if not p.email or not email or p.email.casefold() == email
        ]  # fmt: skip
        if same_name:
            found[row.row] = (_preferred(same_name), "name")
    return found


def fills(row: ListedPerson, person: Person) -> list[str]:
    """The fields of ``row`` that would fill blanks of ``person``."""
    return [
        field
        for field, attr in FILLS.items()
        if getattr(row, field) not in ("", None) and getattr(person, attr) in ("", None)
    ]


def match_people(listed: list[ListedPerson], activity: Activity) -> dict[int, Person]:
    """Set each good row's outcome (new, existing, updated, unchanged) and the status of
    any registration it already has; return row number → existing person."""
    good = [p for p in listed if not p.problems]
    found = find_people(good)
    ids = {person.pk for person, _how in found.values()}
    registered: dict[int, str] = {}
    for chunk in chunks(sorted(ids)):
        registered.update(
            Registration.objects.filter(activity=activity, person_id__in=chunk).values_list(
                "person_id", "status"
            )
        )
    people: dict[int, Person] = {}
    first_row_of: dict[int, ListedPerson] = {}
    for row in good:
        if row.row not in found:
            row.outcome = "new"
            continue
        person, how = found[row.row]
        earlier = first_row_of.get(person.pk)
        if earlier is not None:
            # Two rows written differently, one person in the database.
            code = "import_row_duplicate_email" if how == "email" else "import_row_duplicate_name"
            row.problems.append(RowProblem("", code, {"row": row.row, "other": earlier.row}))
            continue
        first_row_of[person.pk] = row
        people[row.row] = person
        row.person_id, row.matched_by, row.fills = person.pk, how, fills(row, person)
        if person.pk in registered:
            row.status = registered[person.pk]
            row.outcome = "updated" if row.fills else "unchanged"
        else:
            row.outcome = "existing"
    return people


def assign_seats(listed: list[ListedPerson], *, capacity: int | None, held: int) -> None:
    """The status each row to be registered gets: registered while seats last, then the
    waiting list, in the order of the file."""
    free = None if capacity is None else max(0, capacity - held)
    for row in listed:
        if row.problems or row.outcome not in ("new", "existing"):
            continue
        if free is None or free > 0:
            row.status = Registration.Status.REGISTERED
            free = None if free is None else free - 1
        else:
            row.status = Registration.Status.WAITING
