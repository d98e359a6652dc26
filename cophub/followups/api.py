"""Follow-ups in the API: an activity's follow-up results for its program's team (the
numbers of the results page; the answers' own words stay on the page)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema

from cophub.core.errors import DomainError
from cophub.core.schemas import Error
from cophub.followups import selectors
from cophub.programs.models import Activity
from cophub.programs.permissions import can_work_on_program

router = Router()


class AdoptionOut(Schema):
    invited: int
    answered: int
    applied: int
    adoption_rate: Decimal | None  # applied / answered × 100
    response_rate: Decimal | None  # answered / invited × 100


class GroupOut(AdoptionOut):
    name: str | None


class FollowUpOut(Schema):
    activity_id: int
    sends_on: dt.date | None
    closes_on: dt.date | None
    closed: bool
    total: AdoptionOut
    by_choice: dict[str, int]  # yes / partly / no
    by_organization: list[GroupOut]
    by_scope: list[GroupOut]  # central / regional
    top_words: list[tuple[str, int]]


def _adoption(a, **extra) -> dict:
    return {"invited": a.invited, "answered": a.answered, "applied": a.applied,
            "adoption_rate": a.rate, "response_rate": a.response_rate, **extra}  # fmt: skip


@router.get("/activities/{activity_id}/followup", response={200: FollowUpOut, 403: Error, 404: Error},
            summary="An activity's follow-up (adoption) results, for its program's team")  # fmt: skip
def followup_read(request, activity_id: int):
    activity = Activity.objects.select_related("program").filter(pk=activity_id).first()
    if activity is None:
        raise DomainError("not_found")
    if not can_work_on_program(request.auth, activity.program):
        raise DomainError("permission_denied")
    followup = selectors.followup_of(activity.pk)
    if followup is None:
        raise DomainError("not_found")
    r = selectors.followup_results(followup=followup)
    return {
        "activity_id": activity.pk, "sends_on": followup.sends_on,
        "closes_on": followup.closes_on, "closed": followup.closed_at is not None,
        "total": _adoption(r.total), "by_choice": r.by_choice,
        "by_organization": [_adoption(a, name=name) for name, a in r.by_organization],
        "by_scope": [_adoption(a, name=scope) for scope, a in r.by_scope],
        "top_words": r.top_words,
    }  # fmt: skip
