"""Consents and the record of who read the person's data (the privacy app). An erasure
withdraws the consents still in force (what they allowed is gone) and keeps every row:
they prove what was allowed, and who looked, when."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from cophub.privacy.models import Consent, PersonalDataRead
from cophub.rights.registry import section
from cophub.rights.sections._rows import plain
from cophub.rights.subject import Erasure, Subject


@section("privacy", title=pgettext_lazy("personal data", "Consents and reads"), order=40)
class Privacy:
    @staticmethod
    def export(subject: Subject) -> list[dict]:
        rows = [
            {
                "what": "consent",
                "purpose": c.get_purpose_display(),
                "at": plain(c.given_at),
                "withdrawn": plain(c.withdrawn_at),
                "notice_version": c.notice.version,
            }
            for c in Consent.objects.filter(person=subject.person).select_related("notice")
        ]
        reads = PersonalDataRead.objects.filter(people=subject.person).select_related("viewer")
        rows += [
            {
                "what": "read",
                "by": str(r.viewer or ""),
                "at": plain(r.at),
                "kind": r.get_kind_display(),
                "exported": r.exported,
            }
            for r in reads[:2000]
        ]
        return rows

    @staticmethod
    def erase(erasure: Erasure) -> int:
        n = Consent.objects.filter(person=erasure.subject.person, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        erasure.counts["consents_withdrawn"] += n
        return n
