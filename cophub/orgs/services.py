"""Writes for organisations, people and staff accounts.

An admin creates or invites a user with their role and organisation, edits them and
deactivates them here: orgs owns Person, the staff record an account is linked to, and
accounts (below it in the layers) knows nothing of organisations.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cophub.accounts.models import User
from cophub.accounts.selectors import forget_token
from cophub.core.audit import audit_record, diff
from cophub.core.errors import DomainError
from cophub.core.thai import screen_digits
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


# --- staff accounts ---------------------------------------------------------------
STAFF_FIELDS = ["username", "email", "first_name", "last_name", "role", "is_active"]
PERSON_FIELDS = ["prefix", "position", "organization"]


def _require_admin(actor: User) -> None:
    if not (actor and actor.is_authenticated and actor.is_system_admin):
        raise DomainError("permission_denied")


def _state(user: User, person: Person | None) -> dict:
    state = {f: getattr(user, f) for f in STAFF_FIELDS}
    state["prefix"] = person.prefix if person else ""
    state["position"] = person.position if person else ""
    state["organization"] = person.organization_id if person else None
    return state


def invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])


def _invite(user: User) -> None:
    name = user.get_full_name() or user.username
    body = _(
        "Dear %(name)s,\n\nAn account on CoP Hub has been made for you (user name: "
        "%(username)s). Set your password here:\n%(link)s\n\nThe link works once and "
        "expires in a few days; ask your administrator for a new one if it has."
    ) % {"name": name, "username": user.username, "link": invitation_link(user)}
    send_mail(_("Your CoP Hub account"), body, None, [user.email])


@transaction.atomic
def staff_create(
    *,
    actor: User,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    organization: Organization | None,
    prefix: str = "",
    position: str = "",
    invite: bool = True,
) -> User:
    """A new staff account with no usable password; the invitation lets them set one."""
    _require_admin(actor)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("username_taken", {"username": username})
    if email and User.objects.filter(email__iexact=email).exists():
        raise DomainError("email_taken", {"email": email})
    if invite and not email:
        raise DomainError("invite_needs_email")
    user = User(username=username, email=email, first_name=first_name, last_name=last_name,
                role=role)  # fmt: skip
    user.set_unusable_password()
    user.save()
    person = (
        Person.objects.filter(email__iexact=email, user__isnull=True).first() if email else None
    )
    if person is None:
        person = Person(email=email)
    person.user, person.prefix, person.position = user, prefix, position
    person.first_name, person.last_name, person.organization = first_name, last_name, organization
    person.save()
    audit_record(actor=actor, action="staff.created", instance=user,
                 changes={k: [None, v] for k, v in _state(user, person).items()})  # fmt: skip
    if invite:
        _invite(user)
        audit_record(actor=actor, action="staff.invited", instance=user)
    return user


@transaction.atomic
def staff_update(*, actor: User, user: User, **changes) -> User:
    """Change a user's account fields (``STAFF_FIELDS``) and staff record (``PERSON_FIELDS``)."""
    _require_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk and (
        changes.get("is_active") is False or changes.get("role", user.role) != user.role
    ):
        raise DomainError("cannot_demote_self")
    email = changes.get("email")
    if email and User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise DomainError("email_taken", {"email": email})
    person = Person.objects.filter(user=user).first()
    before = _state(user, person)
    for field in STAFF_FIELDS:
        if field in changes and field != "username":
            setattr(user, field, changes[field])
    user.save()
    if person is None:
        person = Person(user=user)
    person.first_name, person.last_name = user.first_name or user.username, user.last_name
    person.email = user.email
    for field in PERSON_FIELDS:
        if field in changes:
            setattr(person, field, changes[field])
    person.save()
    changed = diff(before, _state(user, person))
    if changed:
        forget_token()  # a remembered API token must not keep the old role or activity
    if set(changed) == {"is_active"} and user.is_active:
        audit_record(actor=actor, action="staff.reactivated", instance=user, changes=changed)
    elif set(changed) == {"is_active"}:
        audit_record(actor=actor, action="staff.deactivated", instance=user, changes=changed)
    elif changed:
        audit_record(actor=actor, action="staff.updated", instance=user, changes=changed)
    return user


@transaction.atomic
def staff_invite(*, actor: User, user: User) -> None:
    """Send the set-your-password link again (the old one stops working once used)."""
    _require_admin(actor)
    if not user.email:
        raise DomainError("invite_needs_email")
    _invite(user)
    audit_record(actor=actor, action="staff.invited", instance=user)


# --- staff accounts from an XLSX list ----------------------------------------------------
@transaction.atomic
def staff_import(
    *, actor: User, rows: list[dict], invite: bool = True, file_name: str = ""
) -> dict:
    """Create and update the accounts of a previewed list, all of them or none.

    The rows are checked again here (an account or e-mail may have appeared since the
    preview), and a list with any problem saves nothing. Each account is made or changed
    by ``staff_create``/``staff_update``, so their rules and audit rows apply as on the
    staff pages; new accounts with an e-mail address get the same invitation."""
    from cophub.orgs.importing import StaffRow, check_rows

    _require_admin(actor)
    listed = [StaffRow.from_json(r) for r in rows]
    check_rows(listed, actor=actor, header={})
    problems = sum(bool(r.problems) for r in listed)
    if problems:
        raise DomainError("staff_import_has_problems", {"count": screen_digits(problems)})
    organizations = Organization.objects.in_bulk(
        [r.organization_id for r in listed if r.organization_id]
    )
    created, updated = [], []
    for row in listed:
        organization = organizations.get(row.organization_id)
        if row.user_id is None:
            staff_create(
                actor=actor, username=row.username, email=row.email,
                first_name=row.first_name, last_name=row.last_name,
                role=row.role or User.Role.MEMBER, organization=organization,
                prefix=row.prefix, position=row.position, invite=invite and bool(row.email),
            )  # fmt: skip
            created.append(row.username)
        elif row.outcome == "updated":
            changes = {k: getattr(row, k) for k in row.changes if k != "organization_id"}
            if "organization_id" in row.changes:
                changes["organization"] = organization
            staff_update(actor=actor, user=User.objects.get(pk=row.user_id), **changes)
            updated.append(row.username)
    audit_record(actor=actor, action="staff.imported", instance=actor,
                 changes={"file": file_name, "created": created, "updated": updated})  # fmt: skip
    return {"created": len(created), "updated": len(updated)}
