"""Reads for programs and activities. List pages annotate counts so they run a fixed
number of queries, whatever the number of rows."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from cophub.core.thai import thai_sorted
from cophub.programs.documents import FORMAT
from cophub.programs.models import (
    Activity,
    Program,
    ProgramMember,
    Registration,
    SatisfactionLevel,
    Site,
)


def _activities_with_counts() -> QuerySet[Activity]:
    # order_by explicitly: Django drops Meta.ordering from GROUP BY queries, and PostgreSQL
    # then returns the activities in any order.
    return Activity.objects.annotate(
        n_registered=Count("registrations"),
        n_attended=Count("registrations", filter=Q(registrations__status="attended")),
    ).order_by("number")


def program_list(*, fiscal_year: int | None = None) -> QuerySet[Program]:
    programs = Program.objects.select_related("organization", "owner").annotate(
        n_activities=Count("activities", distinct=True)
    )
    if fiscal_year:
        programs = programs.filter(fiscal_year=fiscal_year)
    return programs.order_by("-fiscal_year", "title")


def program_fiscal_years() -> list[int]:
    return list(
        Program.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    )


def program_detail(*, program_id: int) -> Program:
    """A program with its objectives, outcomes and activities (with sites and counts)."""
    activities = _activities_with_counts().prefetch_related(
        Prefetch("sites", queryset=Site.objects.select_related("province", "organization"))
    )
    return (
        Program.objects.select_related("organization", "owner")
        .prefetch_related("objectives", "outcomes", Prefetch("activities", queryset=activities))
        .get(pk=program_id)
    )


def program_team(*, program: Program) -> list[ProgramMember]:
    """The program's team, co-organisers (next to the owner) first, then facilitators,
    each group in Thai order of names."""
    members = thai_sorted(
        ProgramMember.objects.filter(program=program).select_related("user"),
        key=lambda m: m.user.get_full_name() or m.user.username,
    )
    order = [ProgramMember.Role.CO_ORGANISER, ProgramMember.Role.FACILITATOR]
    return sorted(members, key=lambda m: order.index(m.role))


def program_participant_total(program: Program) -> int:
    return sum(a.participant_total or 0 for a in program.activities.all())


def activity_detail(*, activity_id: int) -> Activity:
    return (
        _activities_with_counts()
        .select_related("program", "program__organization", "program__owner")
        .prefetch_related(
            Prefetch("sites", queryset=Site.objects.select_related("province", "organization"))
        )
        .get(pk=activity_id)
    )


def activity_registrations(*, activity: Activity) -> list[Registration]:
    registrations = activity.registrations.select_related(
        "person", "person__organization", "person__organization__parent"
    )
    return thai_sorted(registrations, key=lambda r: f"{r.person.first_name} {r.person.last_name}")


def activity_participants_by_organization(*, activity: Activity) -> list[tuple[str, int]]:
    """Attended participants per organisation, most first, ties in Thai order."""
    rows = (
        activity.registrations.filter(status=Registration.Status.ATTENDED)
        .values("person__organization__name")
        .annotate(n=Count("pk"))
    )
    counted = [(row["person__organization__name"] or "—", row["n"]) for row in rows]
    counted = thai_sorted(counted, key=lambda row: row[0])
    return sorted(counted, key=lambda row: -row[1])


def program_people(*, program_id: int) -> list[int]:
    """Whose details a program document holds: the people registered for its activities
    (for the record of reads of personal data)."""
    return list(
        Registration.objects.filter(activity__program_id=program_id)
        .values_list("person_id", flat=True)
        .distinct()
    )


def program_document(
    *, program_id: int, registrations: bool = True, contacts: bool = True, ids: bool = False
) -> dict:
    """The program as a document that ``program_import`` reads back unchanged.

    ``registrations=False`` leaves the registrants out (names, positions, attendance are
    the program team's, ``can_work_on_program``); ``contacts=False`` blanks their e-mail
    and telephone, for team members who may not see contact details. ``ids`` gives each
    activity its ``id`` (the API, so callers can reach an activity's survey); a document
    to import has none.
    """
    lookups: list = [
        Prefetch("sites", queryset=Site.objects.select_related("province", "organization"))
    ]
    if registrations:
        lookups.append(
            Prefetch(
                "registrations",
                queryset=Registration.objects.select_related("person", "person__organization"),
            )
        )
    program = (
        Program.objects.select_related("organization")
        .prefetch_related(
            "objectives",
            "outcomes",
            Prefetch("activities", queryset=Activity.objects.prefetch_related(*lookups)),
        )
        .get(pk=program_id)
    )
    return {
        "format": FORMAT,
        "title": program.title,
        "organization": program.organization.name if program.organization else "",
        "fiscal_year": program.fiscal_year,
        "objectives": [o.text for o in program.objectives.all()],
        "outcomes": [o.text for o in program.outcomes.all()],
        "activities": [
            {"id": a.pk, **_activity_document(a, registrations, contacts)}
            if ids
            else _activity_document(a, registrations, contacts)
            for a in program.activities.all()
        ],
    }


def _activity_document(a: Activity, registrations: bool, contacts: bool) -> dict:
    doc: dict = {
        "number": a.number,
        "kind": a.kind,
        "title": a.title,
        "start_date": a.start_date.isoformat() if a.start_date else None,
        "end_date": a.end_date.isoformat() if a.end_date else None,
        "sites": [
            {
                "name": s.name,
                "organization": s.host_name,
                "location": s.location,
                "district": s.district,
                "province": s.province.name_th if s.province else "",
            }
            for s in a.sites.all()
        ],
        "target_group": {"name": a.target_group, "project": a.target_project, "cohort": a.cohort},
        "participants": {"count": a.participants_count, "from": a.participants_from},
    }
    if a.satisfaction_method or a.has_recorded_satisfaction:
        doc["satisfaction"] = {
            "method": a.satisfaction_method,
            "level": SatisfactionLevel(a.satisfaction_level).label if a.satisfaction_level else "",
            "percent": _number(a.satisfaction_percent),
        }
    registered = list(a.registrations.all()) if registrations else []
    if registered:
        doc["registrations"] = [
            {
                "prefix": r.person.prefix,
                "first_name": r.person.first_name,
                "last_name": r.person.last_name,
                "position": r.person.position,
                "organization": r.person.organization.name if r.person.organization else "",
                "email": r.person.email if contacts else "",
                "phone": r.person.phone if contacts else "",
                "attended": r.attended,
            }
            for r in registered
        ]
    return doc


def _number(value):
    """90.00 → 90, 92.50 → 92.5: the figure as people wrote it."""
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral() else float(value)


def next_activity_number(program: Program) -> int:
    """The ครั้งที่ a new activity of ``program`` gets unless the organiser says otherwise."""
    last = program.activities.aggregate(last=Max("number"))["last"]
    return (last or 0) + 1
