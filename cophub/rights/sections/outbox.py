"""E-mail to the person. A mail not sent yet is dropped (it would go to an address that
is no longer theirs); a mail to them alone keeps its row (when, state) with its subject
redacted and its text and attachments gone; in a mail to several people their address
and identifiers are redacted and the rest stays."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import pgettext_lazy

from cophub.outbox.models import OutboxMessage
from cophub.rights.registry import section
from cophub.rights.scrub import redact_rows
from cophub.rights.sections._rows import plain
from cophub.rights.subject import ERASED_TEXT, Erasure, Subject

ADDRESS_FIELDS = ("to", "cc", "bcc", "reply_to")


def _emails(subject: Subject) -> list[str]:
    return [t.casefold() for t in subject.names if "@" in t]


def mails_to(subject: Subject):
    emails = _emails(subject)
    if not emails:
        return OutboxMessage.objects.none()
    qs = OutboxMessage.objects.alias(
        **{f"_{f}": Cast(f, TextField()) for f in ADDRESS_FIELDS}
    )  # fmt: skip
    return qs.filter(
        reduce(or_, [Q(**{f"_{f}__icontains": e}) for f in ADDRESS_FIELDS for e in emails])
    )


def _theirs(address: str, emails: list[str]) -> bool:
    return any(e in address.casefold() for e in emails)


@section("mail", title=pgettext_lazy("personal data", "E-mail sent to you"), order=70)
class Mail:
    @staticmethod
    def export(subject: Subject) -> list[dict]:
        emails = _emails(subject)
        return [
            {
                "subject": m.subject,
                "created": plain(m.created_at),
                "sent": plain(m.sent_at),
                "state": m.get_state_display(),
                "text": m.body,
            }
            for m in mails_to(subject).order_by("created_at", "pk")
            if any(_theirs(a, emails) for a in m.recipients())
        ]

    @staticmethod
    def erase(erasure: Erasure) -> int:
        subject = erasure.subject
        emails = _emails(subject)
        done = 0
        for m in mails_to(subject).prefetch_related("attachments"):
            if not any(_theirs(a, emails) for f in ADDRESS_FIELDS for a in getattr(m, f)):
                continue  # the address only appeared in a name, say: the sweep redacts it
            others = [a for a in m.recipients() if not _theirs(a, emails)]
            alone = not others
            if alone and m.state != OutboxMessage.State.SENT:
                for a in m.attachments.all():
                    erasure.delete_file_on_commit(a.file.storage, a.file.name)
                m.delete()
                erasure.counts["mail_dropped"] += 1
                done += 1
                continue
            for f in ADDRESS_FIELDS:
                setattr(m, f, [
                    subject.email_pseudonym if _theirs(a, emails) else a for a in getattr(m, f)
                ])  # fmt: skip
            if alone:
                m.body, m.html = ERASED_TEXT, ""
                for a in m.attachments.all():
                    erasure.delete_file_on_commit(a.file.storage, a.file.name)
                    a.delete()
            m.save(update_fields=[*ADDRESS_FIELDS, "body", "html"])
            redact_rows(OutboxMessage.objects.filter(pk=m.pk), subject, parts=True)
            erasure.counts["mail_redacted"] += 1
            done += 1
        return done
