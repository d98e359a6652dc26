"""Writes for programs, activities and registrations.

Every service takes keyword-only arguments, checks permission, runs in one
transaction and writes its audit row.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from cophub.accounts.models import User
from cophub.core.audit import audit_record, diff, snapshot
from cophub.core.errors import DomainError
from cophub.core.thai import fiscal_year_bounds, thai_sorted
from cophub.orgs.models import Organization, Person
from cophub.orgs.services import organization_get_or_create_external, person_get_or_create
from cophub.programs.documents import ActivityData, SiteData, read_program_document
from cophub.programs.models import (
    Activity,
    Objective,
    Outcome,
    Program,
    ProgramMember,
    Registration,
    Site,
)
from cophub.programs.permissions import (
    forget_team_roles,
    require_create_program,
    require_edit_program,
    require_manage_team,
)

PROGRAM_FIELDS = ["title", "organization", "fiscal_year"]
PERSON_FIELDS = ["prefix", "first_name", "last_name", "position", "organization", "email"]
ACTIVITY_FIELDS = [
    "number", "kind", "title", "start_date", "end_date", "target_group", "target_project",
    "cohort", "participants_count", "participants_from", "satisfaction_method",
    "satisfaction_level", "satisfaction_percent",
]  # fmt: skip


def _set_lines(program: Program, model, lines: list[str]) -> None:
    model.objects.filter(program=program).delete()
    model.objects.bulk_create(
        model(program=program, position=i, text=text) for i, text in enumerate(lines, 1)
    )


def _lines(program: Program, model) -> list[str]:
    return list(model.objects.filter(program=program).values_list("text", flat=True))


# --- programs -----------------------------------------------------------------
@transaction.atomic
def program_create(
    *,
    actor: User,
    title: str,
    organization: Organization | None,
    fiscal_year: int,
    objectives: list[str] = (),
    outcomes: list[str] = (),
) -> Program:
    require_create_program(actor)
    program = Program.objects.create(
        title=title, organization=organization, fiscal_year=fiscal_year, owner=actor
    )
    _set_lines(program, Objective, list(objectives))
    _set_lines(program, Outcome, list(outcomes))
    audit_record(
        actor=actor,
        action="program.created",
        instance=program,
        changes={
            **snapshot(program, PROGRAM_FIELDS),
            "objectives": list(objectives),
            "outcomes": list(outcomes),
        },
    )
    return program


@transaction.atomic
def program_update(
    *,
    actor: User,
    program: Program,
    title: str,
    organization: Organization | None,
    fiscal_year: int,
    objectives: list[str],
    outcomes: list[str],
) -> Program:
    require_edit_program(actor, program)
    first, last = fiscal_year_bounds(fiscal_year)
    outside = program.activities.exclude(start_date__isnull=True).exclude(
        start_date__range=(first, last)
    )
    if outside.exists():
        # Dates must stay inside the fiscal year, or the program's own export would not import.
        raise DomainError(
            "activities_outside_fiscal_year",
            {"fy": fiscal_year, "numbers": ", ".join(str(a.number) for a in outside)},
        )
    stored = Program.objects.get(pk=program.pk)
    before = {
        **snapshot(stored, PROGRAM_FIELDS),
        "objectives": _lines(program, Objective),
        "outcomes": _lines(program, Outcome),
    }
    program.title, program.organization, program.fiscal_year = title, organization, fiscal_year
    program.save()
    _set_lines(program, Objective, objectives)
    _set_lines(program, Outcome, outcomes)
    after = {**snapshot(program, PROGRAM_FIELDS), "objectives": objectives, "outcomes": outcomes}
    audit_record(
        actor=actor, action="program.updated", instance=program, changes=diff(before, after)
    )
    return program


@transaction.atomic
def program_delete(*, actor: User, program: Program) -> None:
    """Delete a program and everything in it; the audit row says how much went with it.
    The owner and admins only: a co-organiser edits, but does not delete."""
    require_manage_team(actor, program)
    changes = {
        **snapshot(program, PROGRAM_FIELDS),
        "activities": program.activities.count(),
        "registrations": Registration.objects.filter(activity__program=program).count(),
    }
    audit_record(actor=actor, action="program.deleted", instance=program, changes=changes)
    _delete_unless_kept(program)


def _delete_unless_kept(instance: Program | Activity) -> None:
    """Delete, or refuse naming what must be kept: records of other apps that protect
    themselves from deletion (issued certificates, survey answers). The refusal rolls the
    whole service back, its audit row included: nothing is deleted."""
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError as error:
        kinds = {str(type(kept)._meta.verbose_name) for kept in error.protected_objects}
        params = {"name": instance.title, "kept": ", ".join(thai_sorted(kinds))}
        raise DomainError("delete_kept_records", params) from None


@transaction.atomic
def program_import(*, actor: User, document) -> Program:
    """Create a program, its activities, sites and registrations from a program document.

    Every problem in the document is reported at once (``DomainError.problems``);
    nothing is saved unless the whole document is good.
    """
    require_create_program(actor)
    data, problems = read_program_document(document)
    if problems:
        raise DomainError("invalid_document", problems=problems)
    program = Program.objects.create(
        title=data.title, organization=data.organization, fiscal_year=data.fiscal_year, owner=actor
    )
    _set_lines(program, Objective, data.objectives)
    _set_lines(program, Outcome, data.outcomes)
    for a in data.activities:
        activity = Activity.objects.create(program=program, **_activity_fields(a))
        _set_sites(activity, a.sites)
        for p in a.registrations:
            person, _created = person_get_or_create(
                prefix=p.prefix, first_name=p.first_name, last_name=p.last_name,
                organization=p.organization, position=p.position, email=p.email, phone=p.phone,
            )  # fmt: skip
            # Two entries can name one person (one with e-mail, one without): keep one row.
            registration, created = Registration.objects.get_or_create(
                activity=activity, person=person, defaults={"status": _status(p.attended)}
            )
            if not created and p.attended and not registration.attended:
                registration.status = Registration.Status.ATTENDED
                registration.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="program.imported",
        instance=program,
        changes={
            **snapshot(program, PROGRAM_FIELDS),
            "objectives": data.objectives,
            "outcomes": data.outcomes,
            "activities": len(data.activities),
            "activity_numbers": [a.number for a in data.activities],
            "registrations": sum(len(a.registrations) for a in data.activities),
        },
    )
    return program


def _activity_fields(a: ActivityData) -> dict:
    return {name: getattr(a, name) for name in ACTIVITY_FIELDS}


def _set_sites(activity: Activity, sites: list[SiteData]) -> None:
    activity.sites.all().delete()
    for position, s in enumerate(sites, 1):
        host = (
            organization_get_or_create_external(name=s.organization_name)
            if s.organization_name
            else None
        )
        Site.objects.create(
            activity=activity, position=position, name=s.name, organization=host,
            organization_name=s.organization_name, location=s.location,
            district=s.district, province=s.province,
        )  # fmt: skip


def _site_rows(activity: Activity) -> list[dict]:
    return [
        {"name": s.name, "organization": s.host_name, "location": s.location,
         "district": s.district, "province": s.province.name_th if s.province else ""}
        for s in activity.sites.select_related("province", "organization")
    ]  # fmt: skip


# --- activities ---------------------------------------------------------------
@transaction.atomic
def activity_create(
    *, actor: User, program: Program, fields: dict, sites: list[SiteData]
) -> Activity:
    require_edit_program(actor, program)
    if Activity.objects.filter(program=program, number=fields["number"]).exists():
        raise DomainError("duplicate_activity_number", {"number": fields["number"]})
    try:
        with transaction.atomic():
            activity = Activity.objects.create(program=program, **fields)
    except IntegrityError as exc:  # a concurrent request took the number first
        raise DomainError("duplicate_activity_number", {"number": fields["number"]}) from exc
    _set_sites(activity, sites)
    audit_record(
        actor=actor, action="activity.created", instance=activity,
        changes={**snapshot(activity, ACTIVITY_FIELDS), "program": str(program.pk), "sites": _site_rows(activity)},
    )  # fmt: skip
    return activity


@transaction.atomic
def activity_update(
    *, actor: User, activity: Activity, fields: dict, sites: list[SiteData]
) -> Activity:
    require_edit_program(actor, activity.program)
    if (
        Activity.objects.filter(program=activity.program, number=fields["number"])
        .exclude(pk=activity.pk)
        .exists()
    ):
        raise DomainError("duplicate_activity_number", {"number": fields["number"]})
    # Read "before" from the database: a bound ModelForm has already changed the instance.
    stored = Activity.objects.get(pk=activity.pk)
    before = {**snapshot(stored, ACTIVITY_FIELDS), "sites": _site_rows(stored)}
    for name, value in fields.items():
        setattr(activity, name, value)
    try:
        with transaction.atomic():
            activity.save()
    except IntegrityError as exc:  # a concurrent edit took the number first
        raise DomainError("duplicate_activity_number", {"number": fields["number"]}) from exc
    _set_sites(activity, sites)
    after = {**snapshot(activity, ACTIVITY_FIELDS), "sites": _site_rows(activity)}
    audit_record(
        actor=actor, action="activity.updated", instance=activity, changes=diff(before, after)
    )
    return activity


@transaction.atomic
def activity_delete(*, actor: User, activity: Activity) -> None:
    require_edit_program(actor, activity.program)
    changes = {
        **snapshot(activity, ACTIVITY_FIELDS),
        "sites": _site_rows(activity),
        "registrations": activity.registrations.count(),
    }
    audit_record(actor=actor, action="activity.deleted", instance=activity, changes=changes)
    _delete_unless_kept(activity)


# --- registrations ------------------------------------------------------------
def _status(attended: bool) -> str:
    return Registration.Status.ATTENDED if attended else Registration.Status.REGISTERED


@transaction.atomic
def registration_create(
    *,
    actor: User,
    activity: Activity,
    person: Person | None = None,
    new_person: dict | None = None,
    attended: bool = False,
) -> Registration:
    """Register a known ``person``, or one described by ``new_person`` (prefix, first_name,
    last_name, position, organization, email), who is found or made in the same transaction."""
    require_edit_program(actor, activity.program)
    if person is None:
        person, made = person_get_or_create(**(new_person or {}))
        if made:
            audit_record(
                actor=actor,
                action="person.created",
                instance=person,
                changes=snapshot(person, PERSON_FIELDS),
            )
    registration, created = Registration.objects.get_or_create(
        activity=activity, person=person, defaults={"status": _status(attended)}
    )
    if created:
        audit_record(
            actor=actor, action="registration.created", instance=registration,
            changes={"activity": str(activity.pk), "person": str(person.pk), "attended": attended},
        )  # fmt: skip
    return registration


@transaction.atomic
def registration_set_attended(
    *, actor: User, registration: Registration, attended: bool
) -> Registration:
    require_edit_program(actor, registration.activity.program)
    if registration.attended != attended:
        audit_record(
            actor=actor, action="registration.updated", instance=registration,
            changes={"attended": [registration.attended, attended]},
        )  # fmt: skip
        registration.status = _status(attended)
        registration.checked_in_at = timezone.now() if attended else None
        registration.save(update_fields=["status", "checked_in_at"])
    return registration


@transaction.atomic
def registration_delete(*, actor: User, registration: Registration) -> None:
    require_edit_program(actor, registration.activity.program)
    audit_record(
        actor=actor, action="registration.deleted", instance=registration,
        changes={"activity": str(registration.activity_id), "person": str(registration.person_id)},
    )  # fmt: skip
    registration.delete()


# --- the program team -----------------------------------------------------------
def _display(user: User) -> str:
    return user.get_full_name() or user.username


@transaction.atomic
def program_member_add(*, actor: User, program: Program, username: str, role: str) -> ProgramMember:
    """The owner (or an admin) puts a user on the program's team: a facilitator for the
    door and the results, or a co-organiser. Any active user may be chosen; the team role,
    not their global role, is what grants access to this program."""
    require_manage_team(actor, program)
    if role not in ProgramMember.Role.values:
        raise DomainError("team_role_invalid")
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise DomainError("team_user_unknown", {"username": username.strip()})
    if user.pk == program.owner_id:
        raise DomainError("team_owner", {"name": _display(user)})
    try:
        with transaction.atomic():
            member = ProgramMember.objects.create(
                program=program, user=user, role=role, added_by=actor
            )
    except IntegrityError as exc:  # on the team already (or a parallel add won)
        raise DomainError("team_member_exists", {"name": _display(user)}) from exc
    forget_team_roles(user)
    audit_record(
        actor=actor, action="program.member.added", instance=program,
        changes={"user": user.username, "role": role},
    )  # fmt: skip
    return member


@transaction.atomic
def program_member_remove(*, actor: User, member: ProgramMember) -> None:
    """Take someone off the team: from now on they see nothing of this program's data."""
    program = member.program
    require_manage_team(actor, program)
    audit_record(
        actor=actor, action="program.member.removed", instance=program,
        changes={"user": member.user.username, "role": member.role},
    )  # fmt: skip
    member.delete()
    forget_team_roles(member.user)
