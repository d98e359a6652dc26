"""Reads for registrations: the organiser's roster, a person's own registrations, seats and
the waiting list. Nothing here writes.

Every list runs a fixed number of queries whatever its length (the roster and the API list
are pinned in their tests).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from cophub.core.thai import thai_sorted
from cophub.orgs.models import Organization, Person
from cophub.orgs.selectors import organization_subtree_ids
from cophub.participants.models import Coordinator, Quota, RegistrationPolicy
from cophub.participants.permissions import can_check_in, can_manage_participants
from cophub.programs.models import Activity, Registration

Status = Registration.Status
# The roster's columns and filters, in the order a day runs.
STATUSES = [Status.REGISTERED, Status.WAITING, Status.ATTENDED, Status.NO_SHOW, Status.CANCELLED]


# --- the organisation tree -------------------------------------------------------


def organization_ancestor_ids(organization: Organization | None) -> list[int]:
    """``organization`` and the organisations above it, nearest first."""
    chain: list[int] = []
    current = organization
    while current is not None and current.pk not in chain:
        chain.append(current.pk)
        current = current.parent
    return chain


# --- seats and the waiting list --------------------------------------------------
@dataclass(frozen=True)
class Seats:
    held: int
    capacity: int | None

    @property
    def available(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.held, 0)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.held >= self.capacity


def seats_held(activity: Activity) -> int:
    return Registration.objects.filter(
        activity=activity, status__in=Registration.HOLDS_SEAT
    ).count()


def seats(activity: Activity, policy: RegistrationPolicy | None = None) -> Seats:
    if policy is None:
        policy = RegistrationPolicy.objects.filter(activity=activity).first()
    return Seats(held=seats_held(activity), capacity=policy.capacity if policy else None)


def waiting_queue(activity: Activity):
    """The waiting list in the order it moves up: first come, first served."""
    return Registration.objects.filter(activity=activity, status=Status.WAITING).order_by(
        "registered_at", "pk"
    )


def waiting_position(registration: Registration) -> int | None:
    """1 for the next person to move up; None when not waiting."""
    if registration.status != Status.WAITING:
        return None
    ids = list(waiting_queue(registration.activity_id).values_list("pk", flat=True))
    return ids.index(registration.pk) + 1 if registration.pk in ids else None


def _positions(activity_ids) -> dict[int, int]:
    """{registration id: waiting position} for every waiting registration of these activities."""
    positions: dict[int, int] = {}
    counters: dict[int, int] = defaultdict(int)
    rows = (
        Registration.objects.filter(activity_id__in=activity_ids, status=Status.WAITING)
        .order_by("activity_id", "registered_at", "pk")
        .values_list("pk", "activity_id")
    )
    for pk, activity_id in rows:
        counters[activity_id] += 1
        positions[pk] = counters[activity_id]
    return positions


def quota_seats_used(quota: Quota) -> int:
    """Seats held by the people of the quota's organisation, its units included."""
    return Registration.objects.filter(
        activity_id=quota.policy.activity_id,
        status__in=Registration.HOLDS_SEAT,
        person__organization_id__in=organization_subtree_ids([quota.organization_id]),
    ).count()


def quotas_for(policy: RegistrationPolicy, organization: Organization | None) -> list[Quota]:
    """The quotas that bind a person of ``organization``: its own and its parents'."""
    chain = organization_ancestor_ids(organization)
    if not chain or policy.pk is None:
        return []
    return list(
        Quota.objects.filter(policy=policy, organization_id__in=chain).select_related(
            "organization", "policy"
        )
    )


# --- the organiser's roster ------------------------------------------------------
@dataclass
class OrganizationCount:
    name: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def seats(self) -> int:
        return sum(self.counts.get(s, 0) for s in Registration.HOLDS_SEAT)


@dataclass
class Roster:
    activity: Activity
    policy: RegistrationPolicy | None
    status: str
    registrations: list[Registration]
    counts: dict[str, int]
    by_organization: list[OrganizationCount]
    seats: Seats

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        return [(s.value, s.label, self.counts.get(s, 0)) for s in STATUSES]


def _name_key(r: Registration) -> str:
    return f"{r.person.first_name} {r.person.last_name}"


def _org_name(r: Registration) -> str:
    return r.person.organization.name if r.person.organization_id else ""


def registration_rows(activity: Activity, status: str = "") -> list[Registration]:
    """An activity's registrations with person, organisation and nominator, in Thai order
    (by organisation, then name); the waiting list in its queue order. Each waiting row
    gets ``waiting_position``."""
    rows = Registration.objects.filter(activity=activity).select_related(
        "person__organization", "nominated_by"
    )
    if status:
        rows = rows.filter(status=status)
    rows = list(rows.order_by("registered_at", "pk"))
    # Unfiltered or filtered to "waiting", the rows hold the whole queue in its order;
    # filtered to another status they hold none of it.
    waiting = [r for r in rows if r.status == Status.WAITING]
    positions = {r.pk: i for i, r in enumerate(waiting, 1)}
    for r in rows:
        r.waiting_position = positions.get(r.pk)
        r.checked_in_local = timezone.localtime(r.checked_in_at) if r.checked_in_at else None
    if status != Status.WAITING:
        rows = thai_sorted(thai_sorted(rows, key=_name_key), key=_org_name)
    return rows


def roster(*, activity: Activity, status: str = "") -> Roster:
    """Everyone registered for ``activity`` (filtered by ``status``), counts by status and
    by organisation (Thai order), and the seats taken."""
    status = status if status in Status.values else ""
    policy = RegistrationPolicy.objects.filter(activity=activity).first()
    counts = {
        row["status"]: row["n"]
        for row in Registration.objects.filter(activity=activity)
        .values("status")
        .annotate(n=Count("id"))
    }
    per_org: dict[str, OrganizationCount] = {}
    for row in (
        Registration.objects.filter(activity=activity)
        .exclude(status=Status.CANCELLED)
        .values("person__organization__name", "status")
        .annotate(n=Count("id"))
    ):
        name = row["person__organization__name"] or ""
        per_org.setdefault(name, OrganizationCount(name)).counts[row["status"]] = row["n"]
    held = sum(counts.get(s, 0) for s in Registration.HOLDS_SEAT)
    return Roster(
        activity=activity,
        policy=policy,
        status=status,
        registrations=registration_rows(activity, status),
        counts=counts,
        by_organization=thai_sorted(per_org.values(), key=lambda o: o.name),
        seats=Seats(held=held, capacity=policy.capacity if policy else None),
    )


def registration_counts(activity: Activity) -> dict[str, int]:
    return {
        row["status"]: row["n"]
        for row in Registration.objects.filter(activity=activity)
        .values("status")
        .annotate(n=Count("id"))
    }


def api_registrations(activity: Activity):
    """The API's list: one query, person and organisation joined."""
    return (
        Registration.objects.filter(activity=activity)
        .select_related("person__organization")
        .order_by("registered_at", "pk")
    )


# --- a person's own ---------------------------------------------------------------
def person_of(user) -> Person | None:
    if not (user and user.is_authenticated):
        return None
    return Person.objects.select_related("organization").filter(user=user).first()


def own_registration(user, activity: Activity) -> Registration | None:
    if not (user and user.is_authenticated):
        return None
    return Registration.objects.filter(activity=activity, person__user=user).first()


def my_registrations(user) -> list[Registration]:
    """The user's registrations, the coming activities first, with waiting positions."""
    rows = list(
        Registration.objects.filter(person__user=user)
        .select_related("activity__program")
        .order_by("-activity__start_date", "-registered_at")
    )
    waiting = [r.activity_id for r in rows if r.status == Status.WAITING]
    positions = _positions(waiting) if waiting else {}
    for r in rows:
        r.waiting_position = positions.get(r.pk)
    return rows


def nominated_by(user, activity: Activity) -> list[Registration]:
    """Whom this coordinator has put forward for ``activity``."""
    return thai_sorted(
        Registration.objects.filter(activity=activity, nominated_by=user).select_related(
            "person__organization"
        ),
        key=_name_key,
    )


def is_coordinator(user) -> bool:
    return bool(user and user.is_authenticated and Coordinator.objects.filter(user=user).exists())


def nominable_people(organization_ids: set[int]):
    return (
        Person.objects.filter(organization_id__in=organization_ids)
        .select_related("organization")
        .order_by("first_name", "last_name")
    )


# --- the activity page's panel ------------------------------------------------------
PANEL_TEMPLATE = "participants/_panel.html"


@dataclass
class Panel:
    counts: list[tuple[str, str, int]]
    seats: Seats
    policy: RegistrationPolicy | None
    own: Registration | None
    person: Person | None
    can_manage: bool
    can_check_in: bool
    can_nominate: bool

    @property
    def open_to_self(self) -> bool:
        p = self.policy
        return bool(p and p.is_open and p.who != RegistrationPolicy.Who.NOMINATION)

    @property
    def offer_register(self) -> bool:
        return self.open_to_self and (
            self.own is None or self.own.status == Registration.Status.CANCELLED
        )

    @property
    def closes_local(self):
        closes = self.policy.closes_at if self.policy else None
        return timezone.localtime(closes) if closes else None


def activity_panel(user, activity: Activity) -> dict:
    """What the activity page's participants panel needs, in five queries at most."""
    policy = RegistrationPolicy.objects.filter(activity=activity).first()
    counts = registration_counts(activity)
    held = sum(counts.get(s, 0) for s in Registration.HOLDS_SEAT)
    own = own_registration(user, activity)
    manage = can_manage_participants(user, activity)
    return {
        "participants_panel": Panel(
            counts=[(s.value, s.label, counts.get(s, 0)) for s in STATUSES],
            seats=Seats(held=held, capacity=policy.capacity if policy else None),
            policy=policy,
            own=own,
            person=person_of(user) if own is None else None,
            can_manage=manage,
            can_check_in=can_check_in(user, activity),
            can_nominate=manage or is_coordinator(user),
        )
    }
