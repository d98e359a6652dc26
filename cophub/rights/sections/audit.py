"""The audit trail: rows about the person's own records or done by them. The rows stay
(who did what, when, stays provable); the names, contacts and free text in their
``object_repr`` and ``changes`` are redacted.

In the person's copy, a row they wrote about someone else's record (an organiser who
registered a participant) shows what they did and to which record, by type and number,
but not that record's name or values: those are the other person's data."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from cophub.accounts.models import ApiToken
from cophub.core.audit import action_label
from cophub.core.models import AuditLog
from cophub.knowledge.models import Comment, JoinRequest, Membership
from cophub.programs.models import Registration
from cophub.rights.registry import section
from cophub.rights.scrub import redact_rows
from cophub.rights.sections._rows import plain
from cophub.rights.subject import Subject

EXPORT_LIMIT = 5000  # the newest rows; a copy of a lifetime of clicks helps nobody


def their_objects(subject: Subject) -> dict[str, list]:
    """Audit object types → ids of the person's own records."""
    p, u = subject.person, subject.user
    objects = {
        "orgs.person": [p.pk],
        "programs.registration": list(
            Registration.objects.filter(person=p).values_list("pk", flat=True)
        ),
        "rights.datarequest": list(p.data_requests.values_list("pk", flat=True)),
    }
    if u is not None:
        objects |= {
            "accounts.user": [u.pk],
            "accounts.apitoken": list(ApiToken.objects.filter(user=u).values_list("pk", flat=True)),
            "knowledge.comment": list(
                Comment.objects.filter(author=u).values_list("pk", flat=True)
            ),
            "knowledge.joinrequest": list(
                JoinRequest.objects.filter(user=u).values_list("pk", flat=True)
            ),
            "knowledge.membership": list(
                Membership.objects.filter(user=u).values_list("pk", flat=True)
            ),
        }
    return objects


def _about(objects: dict[str, list]) -> Q:
    return reduce(
        or_,
        [
            Q(object_type=kind, object_id__in=[str(i) for i in ids])
            for kind, ids in objects.items()
            if ids
        ],
    )


def about_or_by(subject: Subject, objects: dict[str, list] | None = None):
    q = _about(objects or their_objects(subject))
    if subject.user is not None:
        q |= Q(actor=subject.user)
    return AuditLog.objects.filter(q)


@section("audit", title=pgettext_lazy("personal data", "Audit records"), order=90)
class Audit:
    @staticmethod
    def export(subject: Subject) -> list[dict]:
        objects = their_objects(subject)
        theirs = {(kind, str(i)) for kind, ids in objects.items() for i in ids}
        rows = about_or_by(subject, objects).select_related("actor")[:EXPORT_LIMIT]
        found = []
        for r in rows:
            row = {"at": plain(r.at), "by": str(r.actor or ""), "action": action_label(r.action)}
            if (r.object_type, r.object_id) in theirs:
                row |= {"object": r.object_repr, "changes": r.changes}
            else:
                row |= {"object_type": r.object_type, "object_id": r.object_id}
            found.append(row)
        return found

    @staticmethod
    def erase(erasure) -> int:
        n = redact_rows(about_or_by(erasure.subject), erasure.subject, parts=True)
        erasure.counts["audit_rows"] += n
        return n
