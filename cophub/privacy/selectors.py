"""Reads of the privacy app: the notice in force and its versions, a person's consents,
the breach register with each breach's notification deadline. Never writes."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cophub.core.thai import screen_digits
from cophub.orgs.models import Person
from cophub.privacy.models import Breach, Consent, PrivacyNotice
from cophub.privacy.purposes import PURPOSES


# --- the notice ----------------------------------------------------------------------
def published_notices() -> QuerySet[PrivacyNotice]:
    return PrivacyNotice.objects.filter(published_at__isnull=False).order_by("-version")


def notice_versions_counted() -> QuerySet[PrivacyNotice]:
    """The published versions with how many consents each was shown for."""
    return published_notices().annotate(consent_count=Count("consents"))


def notice_current(today: dt.date | None = None) -> PrivacyNotice | None:
    """The notice in force: the highest published version whose date has come (a version
    published ahead of its date waits for it), else the first one published."""
    today = today or timezone.localdate()
    notices = published_notices()
    return notices.filter(effective_date__lte=today).first() or notices.order_by("version").first()


def notice_latest() -> PrivacyNotice | None:
    return published_notices().first()


def notice_draft() -> PrivacyNotice | None:
    return PrivacyNotice.objects.filter(published_at__isnull=True).order_by("-pk").first()


def notice_version(version: int) -> PrivacyNotice | None:
    return published_notices().filter(version=version).first()


def notice_purposes(notice: PrivacyNotice) -> list[dict]:
    """The table of purposes a notice prints: frozen in a published version, the registry
    as it stands in a draft."""
    if notice.is_published and notice.purposes:
        return notice.purposes
    return [
        {
            "code": p.code, "label": p.label, "basis": p.basis.value, "basis_label": p.basis.label,
            "data": p.data, "retention": p.retention,
        }
        for p in PURPOSES.values()
    ]  # fmt: skip


# --- consents ------------------------------------------------------------------------
def person_of(user) -> Person | None:
    if not (user and user.is_authenticated):
        return None
    return Person.objects.filter(user=user).first()


def consents_of(person: Person | None) -> list[Consent]:
    if person is None:
        return []
    return list(
        Consent.objects.filter(person=person).select_related("notice").order_by("-given_at")
    )


def people_consenting(purpose: str, person_ids) -> set[int]:
    """Of ``person_ids``, those whose consent to ``purpose`` is in force (one query)."""
    return set(
        Consent.objects.filter(
            purpose=purpose, withdrawn_at=None, person_id__in=list(person_ids)
        ).values_list("person_id", flat=True)
    )


def profile_context(user) -> dict:
    """The profile page's privacy panel: the notice in force, and the user's consents."""
    person = person_of(user)
    consents = consents_of(person)
    return {
        "privacy_notice": notice_current(),
        "privacy_consents": consents,
        "privacy_person": person,
    }


# --- breaches ------------------------------------------------------------------------
@dataclass(frozen=True)
class Deadline:
    """Where a breach stands against the 72 hours to tell the Office."""

    state: str  # not_required, notified, notified_late, due, overdue
    hours: int  # hours left (due) or past the deadline (overdue, notified_late)
    text: str

    @property
    def urgent(self) -> bool:
        return self.state in ("due", "overdue")


def deadline(breach: Breach, now: dt.datetime | None = None) -> Deadline:
    """Whole hours, never in the reader's favour: "within 5 hours" while more than 4 are
    left (never "within 0 hours"); "8 hours overdue" from 8 hours past until 9, and
    "1 hour" from the first moment past."""
    now = now or timezone.now()
    if not breach.office_must_be_notified:
        return Deadline("not_required", 0, _("The Office need not be notified"))
    if breach.office_notified_at is not None:
        late = (breach.office_notified_at - breach.notify_by).total_seconds()
        if late > 0:
            hours = max(1, math.floor(late / 3600))
            return Deadline(
                "notified_late", hours,
                _("Office notified, %(hours)s hours late") % {"hours": screen_digits(hours)},
            )  # fmt: skip
        return Deadline("notified", 0, _("Office notified in time"))
    left = (breach.notify_by - now).total_seconds()
    if left > 0:
        hours = math.ceil(left / 3600)
        return Deadline(
            "due", hours,
            _("Notify the Office within %(hours)s hours") % {"hours": screen_digits(hours)},
        )  # fmt: skip
    hours = max(1, math.floor(-left / 3600))
    return Deadline(
        "overdue", hours,
        _("Overdue: the Office should have been notified %(hours)s hours ago")
        % {"hours": screen_digits(hours)},
    )  # fmt: skip


def breach_list(now: dt.datetime | None = None) -> list[Breach]:
    """Every breach with its ``deadline``; the ones still to notify first, soonest first."""
    now = now or timezone.now()
    breaches = list(Breach.objects.select_related("recorded_by"))
    for breach in breaches:
        breach.deadline = deadline(breach, now)
    rank = {"overdue": 0, "due": 1}

    def key(b: Breach):
        when = b.notify_by.timestamp() if b.deadline.urgent else -b.found_at.timestamp()
        return (rank.get(b.deadline.state, 2), when)

    return sorted(breaches, key=key)


def breach_detail(breach_id: int) -> Breach | None:
    breach = Breach.objects.select_related("recorded_by").filter(pk=breach_id).first()
    if breach is not None:
        breach.deadline = deadline(breach)
    return breach
