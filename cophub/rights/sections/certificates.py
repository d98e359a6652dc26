"""Certificates. The person's copy lists them; an erasure revokes each (the verify page
then says "revoked" and shows no name), puts the pseudonym in place of the printed name,
deletes every PDF made for them, and redacts the organiser's reasons about them. The
number stays taken and counts stay true (docs/security.md, PDPA)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from cophub.certificates.models import Certificate, CertificateFile, Decision
from cophub.rights.registry import section
from cophub.rights.sections._rows import plain
from cophub.rights.subject import Erasure, Subject

ERASED_REASON = "ลบข้อมูลตามคำขอของเจ้าของข้อมูล"


@section("certificates", title=pgettext_lazy("personal data", "Certificates"), order=35)
class Certificates:
    @staticmethod
    def export(subject: Subject) -> list[dict]:
        rows = Certificate.objects.filter(person=subject.person).select_related("activity")
        return [
            {"activity": c.activity.title, "number": c.number, "name": c.name,
             "issued_on": plain(c.issued_on), "status": c.get_status_display(),
             "revoked_at": plain(c.revoked_at)}
            for c in rows.order_by("issued_on", "pk")
        ]  # fmt: skip

    @staticmethod
    def erase(erasure: Erasure) -> int:
        subject = erasure.subject
        theirs = Certificate.objects.filter(person=subject.person)
        for f in CertificateFile.objects.filter(certificate__in=theirs):
            erasure.delete_file_on_commit(f.file.storage, f.file.name)
        CertificateFile.objects.filter(certificate__in=theirs).delete()
        now = timezone.now()
        n = theirs.filter(status=Certificate.Status.VALID).update(
            status=Certificate.Status.REVOKED, revoked_at=now, revoke_reason=ERASED_REASON
        )
        theirs.update(name=subject.pseudonym, erased=True)
        for d in Decision.objects.filter(person=subject.person):
            Decision.objects.filter(pk=d.pk).update(reason=subject.redact(d.reason, parts=True))
        erasure.counts["certificates"] += n
        return n
