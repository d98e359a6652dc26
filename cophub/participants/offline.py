"""The door without a network (the field kit, docs/surveys.md "Offline"): reads only.

``door_list``: what a check-in phone downloads before the activity, so it can check people
in on a bus with no signal: this activity's registrations (code, name, organisation,
status), its check-in window, and when the phone must forget it all (the window's close,
or the end of the last day). Nothing else: no contacts, no other activity's codes.

``door_review``: what the organiser looks at afterwards: scans that reached the server
well after they were made (an offline phone), and the duplicates (a second scan of
someone already checked in, e.g. by two offline phones; counted once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from cophub.core.thai import person_name
from cophub.participants.models import CheckIn
from cophub.participants.services.checkin import policy_of
from cophub.programs.models import Activity, Registration

# A list whose activity has no end known is forgotten this long after it was downloaded.
LIST_DEFAULT_LIFE = dt.timedelta(days=2)


def door_list(*, activity: Activity, now: dt.datetime | None = None) -> dict:
    """The activity's door list as JSON-ready data: two queries (policy with the
    activity, and the registrations with person and organisation). ``person_ids``, whose
    names it holds, is for the record of the read, not for the phone."""
    now = now or timezone.now()
    opens, closes = policy_of(activity).checkin_window()
    rows = (
        Registration.objects.filter(activity=activity)
        .select_related("person__organization")
        .order_by("pk")
    )
    people, ids = [], []
    for r in rows:
        p = r.person
        ids.append(p.pk)
        people.append(
            {
                "code": r.checkin_code,
                "name": person_name(p.prefix, p.first_name, p.last_name),
                "first_name": p.first_name,
                "last_name": p.last_name,
                "organization": p.organization.name if p.organization_id else "",
                "status": r.status,
                "checked_in_at": r.checked_in_at,
            }
        )
    return {
        "activity": activity.pk,
        "title": activity.title,
        "downloaded_at": now,
        "opens_at": opens,
        "closes_at": closes,
        "forget_at": closes or now + LIST_DEFAULT_LIFE,
        "registrations": people,
        "person_ids": ids,
    }


@dataclass(frozen=True)
class Review:
    late: list[CheckIn]
    duplicates: list[CheckIn]


def door_review(*, activity: Activity) -> Review:
    """Late scans and duplicates of ``activity``, newest first: one query."""
    rows = list(
        CheckIn.objects.filter(Q(late=True) | Q(status=CheckIn.Status.ALREADY), activity=activity)
        .select_related("registration__person", "by")
        .order_by("-scanned_at", "-pk")
    )
    return Review(
        late=[c for c in rows if c.late],
        duplicates=[c for c in rows if c.status == CheckIn.Status.ALREADY],
    )
