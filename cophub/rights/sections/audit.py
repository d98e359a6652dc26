"""The audit trail: rows about the person's own records or done by them. The rows stay
(who did what, when, stays provable); the names, contacts and free text in their
``object_repr`` and ``changes`` are redacted."""

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


def about_or_by(subject: Subject):
    q = reduce(
        or_,
        [
            Q(object_type=kind, object_id__in=[str(i) for i in ids])
            for kind, ids in their_objects(subject).items()
            if ids
        ],
    )
    if subject.user is not None:
        q |= Q(actor=subject.user)
    return AuditLog.objects.filter(q)


@section("audit", title=pgettext_lazy("personal data", "Audit records"), order=90)
class Audit:
    @staticmethod
    def export(subject: Subject) -> list[dict]:
        rows = about_or_by(subject).select_related("actor")[:EXPORT_LIMIT]
        return [
            {
                "at": plain(r.at),
                "by": str(r.actor or ""),
                "action": action_label(r.action),
                "object": r.object_repr,
                "changes": r.changes,
            }
            for r in rows
        ]

    @staticmethod
    def erase(erasure) -> int:
        n = redact_rows(about_or_by(erasure.subject), erasure.subject, parts=True)
        erasure.counts["audit_rows"] += n
        return n
