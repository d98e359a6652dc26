"""Follow-up answers. An erasure empties the person's own free text and their link (its
nonce and hash), and redacts their name where someone else's answer names them; the
invitation, its organisation and the answer's choice stay, so every adoption figure
stays exactly as it was."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from cophub.followups.models import Answer, Invitation
from cophub.rights.registry import section
from cophub.rights.sections._rows import plain
from cophub.rights.subject import Erasure, Subject

TEXTS = ("what_where", "result", "obstacles")


@section("followups", title=pgettext_lazy("personal data", "Follow-up answers"), order=65)
class Followups:
    @staticmethod
    def export(subject: Subject) -> list[dict]:
        rows = Invitation.objects.filter(person=subject.person).select_related(
            "followup__activity", "answer"
        )
        out = []
        for i in rows.order_by("invited_at", "pk"):
            answer = getattr(i, "answer", None)
            out.append(
                {
                    "activity": i.followup.activity.title,
                    "invited_at": plain(i.invited_at),
                    "by_email": i.email,
                    "answered_at": plain(i.answered_at),
                    "applied": answer.get_applied_display() if answer else None,
                    **{name: getattr(answer, name) if answer else None for name in TEXTS},
                }
            )
        return out

    @staticmethod
    def erase(erasure: Erasure) -> int:
        subject = erasure.subject
        theirs = Invitation.objects.filter(person=subject.person)
        changed = Answer.objects.filter(invitation__in=theirs).update(
            what_where="", result="", obstacles=""
        )
        theirs.update(nonce="", token_digest=None)
        for answer in Answer.objects.exclude(invitation__person=subject.person).iterator():
            values = {name: subject.redact(getattr(answer, name)) for name in TEXTS}
            if any(values[name] != getattr(answer, name) for name in TEXTS):
                Answer.objects.filter(pk=answer.pk).update(**values)
                changed += 1
        return changed
