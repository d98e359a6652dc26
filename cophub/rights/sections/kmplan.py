"""KM plans. The person's copy lists the planned activities they are responsible for
(by their account, or by a typed name that is theirs); an erasure unlinks their account
and puts the pseudonym in place of their typed name and position, so the plan keeps its
steps and months but no longer says who (docs/security.md, PDPA)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from cophub.kmplan.models import PlannedActivity
from cophub.rights.registry import section
from cophub.rights.subject import Erasure, Subject


def _theirs(subject: Subject):
    named = Q(responsible_name__in=subject.names) if subject.names else Q(pk__in=[])
    mine = Q(responsible=subject.user) if subject.user else Q(pk__in=[])
    return PlannedActivity.objects.filter(named | mine)


@section("kmplan", title=pgettext_lazy("personal data", "KM plans"), order=37)
class KmPlans:
    @staticmethod
    def export(subject: Subject) -> list[dict]:
        rows = _theirs(subject).select_related("area__plan__organization")
        return [
            {"plan": a.area.plan.title, "fiscal_year": a.area.plan.fiscal_year,
             "knowledge_area": a.area.name, "step": a.get_step_display(),
             "planned_activity": a.description, "responsible": a.responsible_display,
             "position": a.responsible_position}
            for a in rows.order_by("area__plan__fiscal_year", "pk")
        ]  # fmt: skip

    @staticmethod
    def erase(erasure: Erasure) -> int:
        subject = erasure.subject
        theirs = _theirs(subject)
        n = theirs.count()
        theirs.update(responsible=None, responsible_name=subject.pseudonym, responsible_position="")
        return n
