"""Writes for organisations and people."""

from __future__ import annotations

from cophub.orgs.models import Organization, Person
from cophub.orgs.selectors import organization_by_name


def organization_get_or_create_external(*, name: str) -> Organization:
    """An outside host organisation named in a document, made on first mention.

    Callers run this inside their own transaction, so a failed import leaves none behind.
    """
    name = " ".join(name.split())
    found = organization_by_name(name)
    if found is not None:
        return found
    return Organization.objects.create(name=name, kind=Organization.Kind.EXTERNAL)


def person_get_or_create(
    *,
    prefix: str,
    first_name: str,
    last_name: str,
    organization: Organization | None,
    position: str = "",
    email: str = "",
    phone: str = "",
) -> tuple[Person, bool]:
    """Match a person by e-mail when given, else by name within the organisation.

    Returns the person and whether they were made now (so the caller can audit it).
    """
    people = Person.objects.all()
    if email:
        found = people.filter(email__iexact=email).first()
    else:
        found = people.filter(
            first_name=first_name, last_name=last_name, organization=organization
        ).first()
    if found is not None:
        return found, False
    person = Person.objects.create(
        prefix=prefix,
        first_name=first_name,
        last_name=last_name,
        organization=organization,
        position=position,
        email=email,
        phone=phone,
    )
    return person, True
