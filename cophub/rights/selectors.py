"""Reads for data subject requests (never write)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.orgs.models import Person
from cophub.rights.models import DataRequest


def _days(r: DataRequest, now) -> DataRequest:
    """Local calendar days for the page (a UTC time would show the wrong date at night)."""
    r.is_overdue = r.overdue(now)
    r.due_day = timezone.localdate(r.due)
    r.requested_day = timezone.localdate(r.requested_at)
    r.completed_day = timezone.localdate(r.completed_at) if r.completed_at else None
    return r


def person_of(user: User) -> Person | None:
    return Person.objects.filter(user=user).first() if user.is_authenticated else None


def requests_of(person: Person | None) -> list[DataRequest]:
    if person is None:
        return []
    now = timezone.now()
    rows = person.data_requests.select_related("job").order_by("-requested_at", "-pk")
    return [_days(r, now) for r in rows]


def requests_for_admin(*, status: str = "") -> list[DataRequest]:
    """Waiting requests first, the most overdue at the top (a waiting request's due date
    is its order), then the answered ones, newest first."""
    rows = DataRequest.objects.select_related("person", "requested_by", "completed_by")
    if status in DataRequest.Status.values:
        rows = rows.filter(status=status)
    rows = rows.annotate(
        waiting=Case(
            When(status=DataRequest.Status.PENDING, then=Value(0)),
            default=Value(1), output_field=IntegerField(),
        )
    ).order_by("waiting", "due", "-completed_at", "-pk")  # fmt: skip
    now = timezone.now()
    return [_days(r, now) for r in rows[:500]]


def request_for(*, actor: User, request_id: int) -> DataRequest:
    if not (actor.is_authenticated and actor.is_system_admin):
        raise DomainError("permission_denied")
    request = (
        DataRequest.objects.select_related("person__user", "requested_by", "completed_by", "job")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise DomainError("not_found")
    return _days(request, timezone.now())


def profile_context(user) -> dict:
    """The profile page's panel: the person's own requests."""
    return {"data_requests": requests_of(person_of(user))}
