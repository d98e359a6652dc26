"""Removing a flood of answers: the responses submitted in a range of minutes, with the
running tallies kept equal to a recount of what is left."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction

from cophub.accounts.models import User
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError
from cophub.core.thai import DATE_YEAR_MAX, DATE_YEAR_MIN
from cophub.surveys import tallies
from cophub.surveys.models import Response, Survey
from cophub.surveys.permissions import can_manage_survey

_CHUNK = 500  # ids per DELETE: SQLite caps the parameters of one statement


def minute_of(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def removal_range(start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """[first minute, the minute after the last): "09:00 to 09:05" takes every answer
    stamped from 09:00:00 up to 09:05:59."""
    # The years the date fields take, checked again for callers without a form: at the
    # edges there is no datetime at all (9999-12-31 23:59 has no next minute, and
    # 0001-01-01 00:00 in Bangkok is before year 1 in UTC).
    if not all(DATE_YEAR_MIN <= moment.year <= DATE_YEAR_MAX for moment in (start, end)):
        raise DomainError("survey_range_out_of_bounds")
    first, last = minute_of(start), minute_of(end)
    if last < first:
        raise DomainError("survey_range_reversed")
    return first, last + dt.timedelta(minutes=1)


@transaction.atomic
def responses_remove_range(
    *, actor: User, survey: Survey, start: dt.datetime, end: dt.datetime
) -> int:
    """Delete the responses of ``survey`` submitted from minute ``start`` to minute
    ``end`` (both included); return how many. Only the program's organisers (and system
    admins) may, and the audit row keeps the range and the count.

    The responses already folded into Tally have their cells taken out again; those not
    folded yet never reached it. The rows are locked first (FOR UPDATE on PostgreSQL,
    SQLite's write lock): a fold that runs meanwhile either finished before (its cells
    are then seen as folded and subtracted) or waits and then finds the rows gone. They
    are deleted by the ids read, so an answer that arrives during the removal is kept.
    """
    if not can_manage_survey(actor, survey.activity):
        raise DomainError("permission_denied")
    if survey.attendees_only:
        # Their times are kept as the day only, and each answer needed a ticket.
        raise DomainError("survey_removal_attendees_only")
    first, after = removal_range(start, end)
    rows = list(
        Response.objects.select_for_update()
        .filter(survey_id=survey.pk, submitted_at__gte=first, submitted_at__lt=after)
        .values_list("pk", "tallied", "cells")
    )
    folded: Counter = Counter()
    for _pk, tallied, cells in rows:
        if tallied:
            folded.update(tallies.from_json(cells))
    tallies.apply(survey.pk, tallies.difference(Counter(), folded))
    ids = [pk for pk, _tallied, _cells in rows]
    for i in range(0, len(ids), _CHUNK):
        Response.objects.filter(pk__in=ids[i : i + _CHUNK]).delete()
    audit_record(
        actor=actor, action="survey.responses_removed", instance=survey,
        changes={"count": len(ids), "from": first.isoformat(), "until": after.isoformat()},
    )  # fmt: skip
    return len(ids)
