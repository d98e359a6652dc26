"""Reads for the dashboard's drill-down pages: a program's activities, a province's
activities, each with its own figures (the same ``activity_rows`` the totals sum, so an
activity line here adds up to the dashboard's numbers). A fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass

from cophub.dashboard.figures import ActivityRow, Figures
from cophub.dashboard.selectors import (
    activity_rows,
    check_organization,
    check_scope,
    check_years,
    in_scope,
    organization_units,
)


@dataclass
class ActivityLine:
    row: ActivityRow
    figures: Figures


@dataclass
class Drill:
    title: str
    fiscal_year: int | None  # the program's; None for a province over a range
    lines: list[ActivityLine]
    total: Figures


def _lines(rows: list[ActivityRow]) -> tuple[list[ActivityLine], Figures]:
    """Each activity's figures and the total; distinct people from one query of
    (activity, person) pairs: per activity and across them (one person twice is one)."""
    from cophub.programs.models import Registration

    pairs = list(
        Registration.objects.filter(
            activity_id__in=[r.id for r in rows], status=Registration.Status.ATTENDED
        )
        .values_list("activity_id", "person_id")
        .order_by()  # the default ordering would add its columns to the DISTINCT
        .distinct()
    )
    per_activity: dict[int, set[int]] = {}
    for activity_id, person_id in pairs:
        per_activity.setdefault(activity_id, set()).add(person_id)
    lines, total = [], Figures()
    for r in rows:
        f = Figures()
        f.add(r)
        f.people = len(per_activity.get(r.id, ()))
        total.add(r)
        lines.append(ActivityLine(r, f))
    total.people = len({p for _a, p in pairs})
    return lines, total


def program_drill(*, program_id: int) -> Drill:
    """A program's activities. Raises Program.DoesNotExist."""
    from cophub.programs.models import Program

    title, fy = Program.objects.values_list("title", "fiscal_year").get(pk=program_id)
    rows = activity_rows(first=fy, last=fy, program_id=program_id)
    lines, total = _lines(rows)
    return Drill(title, fy, lines, total)


def province_drill(
    *, province_id: int, first: int, last: int, organization_id: int | None = None,
    scope: str | None = None,
) -> Drill:  # fmt: skip
    """The activities held in a province (their first site's) in the fiscal years, of the
    dashboard's filter. Raises Province.DoesNotExist."""
    from cophub.orgs.models import Province

    first, last = check_years(first, last)
    scope = check_scope(scope)
    organization_id = check_organization(organization_id)
    name = Province.objects.values_list("name_th", flat=True).get(pk=province_id)
    rows = activity_rows(first=first, last=last, organization_id=organization_id)
    _units, _names, scopes = organization_units(rows)
    rows = [r for r in in_scope(rows, scopes, scope) if r.province_id == province_id]
    lines, total = _lines(rows)
    return Drill(name, None, lines, total)


def organization_choices() -> list[tuple[int, str]]:
    """The filter's organisations: the ministry, its departments and state enterprises,
    and any organisation that owns a program; Thai dictionary order."""
    from django.db.models import Q

    from cophub.core.thai import thai_sorted
    from cophub.orgs.models import Organization

    kinds = (Organization.Kind.MINISTRY, Organization.Kind.DEPARTMENT,
             Organization.Kind.STATE_ENTERPRISE)  # fmt: skip
    rows = (
        Organization.objects.filter(Q(kind__in=kinds) | Q(programs__isnull=False))
        .values_list("pk", "name")
        .distinct()
    )
    return thai_sorted(list(rows), key=lambda r: r[1])
