"""Registrations and check-ins. Nothing here is rewritten by an erasure: the rows stay,
pointing at the pseudonymous person, so every count and attendance figure stays true."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from cophub.participants.models import CheckIn
from cophub.programs.models import Registration
from cophub.rights.registry import section
from cophub.rights.sections._rows import plain
from cophub.rights.subject import Subject


@section("registrations", title=pgettext_lazy("personal data", "Registrations"), order=20)
class Registrations:
    @staticmethod
    def export(subject: Subject) -> list[dict]:
        rows = Registration.objects.filter(person=subject.person).select_related(
            "activity__program"
        )
        return [
            {
                "program": r.activity.program.title,
                "fiscal_year": r.activity.program.fiscal_year,
                "activity": r.activity.title,
                "start_date": plain(r.activity.start_date),
                "end_date": plain(r.activity.end_date),
                "status": r.get_status_display(),
                "source": r.get_source_display(),
                "registered_at": plain(r.registered_at),
                "checked_in_at": plain(r.checked_in_at),
                "survey_answered": r.survey_answered,
            }
            for r in rows.order_by("registered_at", "pk")
        ]


@section("attendance", title=pgettext_lazy("personal data", "Check-ins"), order=30)
class Attendance:
    @staticmethod
    def export(subject: Subject) -> list[dict]:
        rows = CheckIn.objects.filter(registration__person=subject.person).select_related(
            "activity"
        )
        return [
            {
                "activity": c.activity.title,
                "scanned_at": plain(c.scanned_at),
                "status": c.get_status_display(),
                "method": c.get_method_display(),
            }
            for c in rows.order_by("scanned_at", "pk")
        ]
