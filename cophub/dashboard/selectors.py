"""The dashboard's figures, computed once here so the KM plan's indicator actuals use the
very same computation.

Every figure starts from a set of activities and is summed per group (fiscal year, the
program's organisation, the province of the activity's first site, program). Participants
follow the rule used everywhere (``Activity.participant_total``: attended registrations
when an activity has any, else the recorded count), so a group's participants are the sum
of its activities' and the dashboard's totals are the sum of the programs' own.

A fixed number of queries, whatever the number of years, activities or answers: the
activities with their counts, distinct people, the survey tallies (``surveys.tallies``:
tally rows plus answers not folded yet, never a scan of responses), knowledge items,
follow-up adoption and certificates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.db.models import Count, Q

from cophub.core.errors import DomainError
from cophub.core.thai import FISCAL_YEAR_MAX, FISCAL_YEAR_MIN, arabic_digits, screen_digits
from cophub.dashboard.figures import ActivityRow, Dashboard, Figures, Group, Year
from cophub.dashboard.ratings import survey_figures
from cophub.knowledge.models import KnowledgeItem
from cophub.orgs.selectors import organization_subtree_ids
from cophub.programs.models import Activity, Registration

MAX_YEARS = 20
YEARS_SHOWN = 5  # the default range: the last fiscal year asked for and the four before it


def check_years(first: int | None, last: int | None) -> tuple[int, int]:
    if first is None or last is None or not (FISCAL_YEAR_MIN <= first <= last <= FISCAL_YEAR_MAX):
        raise DomainError("dashboard_bad_years", {"min": screen_digits(FISCAL_YEAR_MIN),
                                                   "max": screen_digits(FISCAL_YEAR_MAX)})  # fmt: skip
    if last - first + 1 > MAX_YEARS:
        raise DomainError("dashboard_too_many_years", {"max": screen_digits(MAX_YEARS)})
    return first, last


def _activities(first: int, last: int, organization_id: int | None, program_id: int | None):
    activities = Activity.objects.filter(program__fiscal_year__range=(first, last))
    if organization_id:  # the organisation and every unit below it (offices too)
        units = organization_subtree_ids([organization_id])
        activities = activities.filter(program__organization_id__in=units)
    if program_id:
        activities = activities.filter(program_id=program_id)
    return activities


def activity_rows(
    *, first: int, last: int, organization_id: int | None = None, program_id: int | None = None
) -> list[ActivityRow]:
    """Every activity of the programs of fiscal years ``first``…``last`` (of one owning
    organisation or its units, of one program) with its figures."""
    activities = _activities(first, last, organization_id, program_id)
    rows = list(
        activities.annotate(
            n_registered=Count("registrations"),
            n_attended=Count("registrations", filter=Q(registrations__status="attended")),
        )
        .values(
            "pk", "number", "title", "program_id", "program__title", "program__fiscal_year",
            "program__organization_id", "participants_count", "n_registered", "n_attended",
        )
        .order_by("program__fiscal_year", "program_id", "number")
    )  # fmt: skip
    ids = [r["pk"] for r in rows]
    # The activities' own query as a subquery where we can: a list of 1,000 ids is
    # prepared by Django for every statement it is in (the other apps' selectors take ids).
    in_range = activities.values("pk")
    first_sites = _first_site_provinces(in_range)
    responses, likert, surveyed = survey_figures(activities)
    items = _knowledge_items(in_range)
    adoption = _adoption(ids)
    certificates = _certificates(ids)
    out = []
    for r in rows:
        pk = r["pk"]
        participants = r["n_attended"] if r["n_registered"] else (r["participants_count"] or 0)
        answered, applied = adoption.get(pk, (0, 0))
        out.append(
            ActivityRow(
                id=pk, number=r["number"], title=r["title"], program_id=r["program_id"],
                program_title=r["program__title"], fiscal_year=r["program__fiscal_year"],
                organization_id=r["program__organization_id"], province_id=first_sites.get(pk),
                participants=participants, responses=responses.get(pk, 0),
                has_survey=pk in surveyed, likert=likert.get(pk, (0, 0, 0, 0, 0)),
                knowledge_items=items.get(pk, 0), adoption_answered=answered,
                adoption_applied=applied, certificates=certificates.get(pk, 0),
            )
        )  # fmt: skip
    return out


def _first_site_provinces(ids) -> dict[int, int | None]:
    from cophub.programs.models import Site

    out: dict[int, int | None] = {}
    sites = Site.objects.filter(activity_id__in=ids).order_by("activity_id", "position", "pk")
    for activity_id, province_id in sites.values_list("activity_id", "province_id"):
        out.setdefault(activity_id, province_id)
    return out


def _knowledge_items(ids) -> dict[int, int]:
    rows = (
        KnowledgeItem.objects.filter(activity_id__in=ids, status=KnowledgeItem.Status.PUBLISHED)
        .values("activity_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["activity_id"]: r["n"] for r in rows}


def adoption_known() -> bool:
    return apps.is_installed("cophub.followups")


def certificates_known() -> bool:
    return apps.is_installed("cophub.certificates")


def _adoption(ids: list[int]) -> dict[int, tuple[int, int]]:
    # The follow-ups app is installed by the lead; until it is, there is no figure (the
    # page says so) rather than a zero.
    if not ids or not adoption_known():
        return {}
    from cophub.followups.selectors import adoption_by

    return {k: (a.answered, a.applied) for k, a in adoption_by(activity_ids=ids).items()}


def _certificates(ids: list[int]) -> dict[int, int]:
    if not ids or not certificates_known():
        return {}
    from cophub.certificates.selectors import certificate_counts

    return dict(certificate_counts(activity_ids=ids))


def distinct_people(rows: Iterable[ActivityRow], key) -> dict[object, int]:
    """Distinct attendees per group (``key(row)``): one person at three activities is one
    person. Activities known only by a recorded count add no people (nobody is named)."""
    rows = list(rows)
    group_of = {r.id: key(r) for r in rows}
    pairs = (
        Registration.objects.filter(
            activity_id__in=list(group_of), status=Registration.Status.ATTENDED
        )
        .values_list("activity_id", "person_id")
        .order_by()  # the default ordering would add its columns to the DISTINCT
        .distinct()
    )
    people: dict[object, set[int]] = defaultdict(set)
    for activity_id, person_id in pairs:
        people[group_of[activity_id]].add(person_id)
    return {k: len(v) for k, v in people.items()}


def figures_of(rows: Iterable[ActivityRow]) -> Figures:
    """One group's figures, distinct people included (one query): the KM plan's actuals."""
    rows = list(rows)
    figures = Figures()
    for r in rows:
        figures.add(r)
    figures.people = distinct_people(rows, lambda r: 0).get(0, 0)
    return figures


def _summed(units: Iterable[tuple[object, Figures]], key) -> dict[object, Figures]:
    """Sum already-summed figures per ``key(unit)``: the page's groups are built from the
    programs' sums (a program has one year and one owner), not from every activity again."""
    out: dict[object, Figures] = {}
    for unit, figures in units:
        out.setdefault(key(unit), Figures()).merge(figures)
    return out


def _groups(sums: dict, labels: dict, people: dict, strip: bool = False) -> list[Group]:
    """Groups sorted by participants; ``strip`` keeps the group's own key of (year, key)."""
    out = []
    for k, figures in sums.items():
        figures.people = people.get(k, 0)
        out.append(Group(k[1] if strip else k, labels.get(k, ""), figures))
    return sorted(out, key=lambda g: (-g.figures.participants, g.label))


SCOPES = ("central", "regional")  # orgs.Organization.Scope's values, the page's filter


def check_organization(organization_id: int | None) -> int | None:
    """None (every organisation) or the id of one that exists; a number too large for the
    database, or one nobody has, is refused with its own message rather than all zeros."""
    from cophub.orgs.models import Organization

    if organization_id is None:
        return None
    if (
        not 0 < organization_id < 2**63
        or not Organization.objects.filter(pk=organization_id).exists()
    ):
        raise DomainError("dashboard_unknown_organization")
    return organization_id


def organization_id_typed(text: str | None) -> int | None:
    """The organisation filter as typed (page or API), in either digit system: None when
    empty, else an id, or 0 for anything that is not one (``check_organization`` refuses
    it with its message, rather than the filter being dropped)."""
    typed = arabic_digits((text or "").strip())
    if not typed:
        return None
    return int(typed) if typed.isascii() and typed.isdigit() else 0


def check_scope(scope: str | None) -> str | None:
    if scope and scope not in SCOPES:
        raise DomainError("dashboard_bad_scope")
    return scope or None


def organization_units(rows: list[ActivityRow]) -> tuple[dict[int, int], dict[int, str], dict]:
    """Each owning organisation's department or state enterprise (an office's is the one
    above it; the ministry, a department, a state enterprise or an outside organisation is
    its own), those units' names, and each owner's scope (central or regional, its own):
    the executive reads the ministry by its departments and state enterprises, with their
    offices' programs in them. One query, and one more a level of offices to climb."""
    from cophub.orgs.models import Organization

    own = {Organization.Kind.MINISTRY, Organization.Kind.DEPARTMENT,
           Organization.Kind.STATE_ENTERPRISE, Organization.Kind.EXTERNAL}  # fmt: skip
    facts: dict[int, tuple[str, str, int | None, str]] = {}
    wanted = {r.organization_id for r in rows if r.organization_id}
    while wanted:
        for pk, name, kind, parent, scope in Organization.objects.filter(pk__in=wanted).values_list(
            "pk", "name", "kind", "parent_id", "scope"
        ):
            facts[pk] = (name, kind, parent, scope)
        wanted = {f[2] for f in facts.values() if f[1] not in own and f[2] and f[2] not in facts}

    def unit(pk: int) -> int:
        seen = set()
        while facts[pk][1] not in own and facts[pk][2] in facts and pk not in seen:
            seen.add(pk)
            pk = facts[pk][2]
        return pk

    owners = {r.organization_id for r in rows if r.organization_id}
    unit_of = {pk: unit(pk) for pk in owners}
    scopes = {pk: facts[pk][3] for pk in owners}
    return unit_of, {u: facts[u][0] for u in set(unit_of.values())}, scopes


def in_scope(rows: list[ActivityRow], scopes: dict, scope: str | None) -> list[ActivityRow]:
    """The activities whose owning organisation is central (or regional); all without one."""
    return rows if not scope else [r for r in rows if scopes.get(r.organization_id) == scope]


def dashboard(
    *, first: int, last: int, organization_id: int | None = None, scope: str | None = None
) -> Dashboard:
    from cophub.orgs.models import Organization, Province

    first, last = check_years(first, last)
    scope = check_scope(scope)
    organization_id = check_organization(organization_id)
    rows = activity_rows(first=first, last=last, organization_id=organization_id)
    unit_of, orgs, scopes = organization_units(rows)
    rows = in_scope(rows, scopes, scope)
    province_rows = list(Province.objects.values_list("pk", "name_th", "code"))
    provinces = {pk: name for pk, name, _c in province_rows}
    program_titles = {r.program_id: r.program_title for r in rows}
    scope_labels = dict(Organization.Scope.choices)

    def unit(r):
        return unit_of.get(r.organization_id, r.organization_id)

    def year_org(r):
        return (r.fiscal_year, unit(r))

    def year_province(r):
        return (r.fiscal_year, r.province_id)

    def year_scope(r):
        return (r.fiscal_year, scopes.get(r.organization_id))

    def year_program(r):
        return (r.fiscal_year, r.program_id)

    # Distinct people per (year, group) in one query for all groupings. No ordering: the
    # models' default (by activity, then program…) would add columns to the DISTINCT.
    in_range = _activities(first, last, organization_id, None).values("pk")
    pairs = (
        Registration.objects.filter(activity__in=in_range, status=Registration.Status.ATTENDED)
        .values_list("activity_id", "person_id")
        .order_by()
        .distinct()
    )
    by_id = {r.id: r for r in rows}
    attendees: dict[int, set[int]] = defaultdict(set)
    for activity_id, person_id in pairs:
        if activity_id in by_id:  # not of the other scope
            attendees[activity_id].add(person_id)

    def people(key) -> dict:
        # One union per activity, not one step per attendee: 8 groupings × 1,000 activities.
        sets: dict[object, set[int]] = defaultdict(set)
        for activity_id, persons in attendees.items():
            sets[key(by_id[activity_id])] |= persons
        return {k: len(v) for k, v in sets.items()}

    # Each activity is added twice (its program, its year and province); every other group
    # sums those: 10 years × 100 activities is 2,000 additions, not one per group.
    by_program: dict[int, Figures] = {}
    by_year_province: dict[tuple, Figures] = {}
    program_row: dict[int, ActivityRow] = {}
    for r in rows:
        by_program.setdefault(r.program_id, Figures()).add(r)
        by_year_province.setdefault(year_province(r), Figures()).add(r)
        program_row.setdefault(r.program_id, r)  # its year, owner and scope
    units = [(program_row[pk], f) for pk, f in by_program.items()]
    year_sums = _summed(units, lambda r: r.fiscal_year)
    org_sums, scope_sums = _summed(units, year_org), _summed(units, year_scope)
    prog_sums = _summed(units, year_program)
    year_people = people(lambda r: r.fiscal_year)
    org_people, prov_people = people(year_org), people(year_province)
    scope_people, prog_people = people(year_scope), people(year_program)
    total = Figures()
    years = []
    for fy in range(first, last + 1):
        figures = year_sums.get(fy, Figures())
        total.merge(figures)
        figures.people = year_people.get(fy, 0)

        def of_year(sums: dict) -> dict:
            return {k: f for k, f in sums.items() if k[0] == fy}  # noqa: B023 - used at once

        years.append(
            Year(
                fiscal_year=fy,
                figures=figures,
                by_organization=_groups(
                    of_year(org_sums), {(fy, k): v for k, v in orgs.items()}, org_people, True
                ),
                by_province=_groups(
                    of_year(by_year_province), {(fy, k): v for k, v in provinces.items()},
                    prov_people, True,
                ),
                by_scope=_groups(
                    of_year(scope_sums),
                    {(fy, k): str(v) for k, v in scope_labels.items()}, scope_people, True,
                ),
                programs=_groups(
                    of_year(prog_sums), {(fy, k): v for k, v in program_titles.items()},
                    prog_people, True,
                ),
            )
        )  # fmt: skip
    total.people = len(set().union(*attendees.values()))
    map_people = people(lambda r: r.province_id)
    map_groups = {pk: Group(pk, name, Figures()) for pk, name in provinces.items()}
    for (_fy, province_id), figures in by_year_province.items():
        if province_id in map_groups:
            map_groups[province_id].figures.merge(figures)
    for g in map_groups.values():
        g.figures.people = map_people.get(g.key, 0)
    return Dashboard(
        first=first, last=last, organization_id=organization_id, years=years, total=total,
        provinces=list(map_groups.values()), certificates_known=certificates_known(),
        adoption_known=adoption_known(), scope=scope,
        province_codes={pk: code for pk, _n, code in province_rows},
        by_organization=_groups(_summed(units, unit), orgs, people(unit)),
        by_scope=_groups(
            _summed(units, lambda r: scopes.get(r.organization_id)),
            {k: str(v) for k, v in scope_labels.items()},
            people(lambda r: scopes.get(r.organization_id)),
        ),
    )  # fmt: skip
