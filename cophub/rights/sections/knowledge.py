"""Knowledge the person wrote. Comments and join-request messages are theirs alone and
are replaced; items and their revisions are the community's knowledge (kept for the
public task) with the person's identifiers redacted; files they uploaded are deleted,
since a file's content cannot be redacted reliably."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from cophub.knowledge.models import (
    Attachment,
    Comment,
    JoinRequest,
    KnowledgeItem,
    Membership,
    Revision,
)
from cophub.rights.registry import section
from cophub.rights.scrub import redact_rows
from cophub.rights.sections._rows import plain
from cophub.rights.subject import ERASED_TEXT, Erasure, Subject
from cophub.search.tasks import index_later


@section("knowledge", title=pgettext_lazy("personal data", "Knowledge"), order=50)
class Knowledge:
    @staticmethod
    def export(subject: Subject) -> list[dict]:
        user = subject.user
        if user is None:
            return []
        rows: list[dict] = []
        for m in Membership.objects.filter(user=user).select_related("community"):
            rows.append({"what": "membership", "community": m.community.name,
                         "role": m.get_role_display(), "at": plain(m.joined_at)})  # fmt: skip
        for j in JoinRequest.objects.filter(user=user).select_related("community"):
            rows.append({"what": "join_request", "community": j.community.name,
                         "status": j.get_status_display(), "text": j.message,
                         "at": plain(j.created_at)})  # fmt: skip
        for i in KnowledgeItem.objects.filter(author=user).select_related("community"):
            rows.append({"what": "item", "community": i.community.name, "title": i.title,
                         "text": i.body, "at": plain(i.created_at)})  # fmt: skip
        for c in Comment.objects.filter(author=user).select_related("item"):
            rows.append({"what": "comment", "title": c.item.title, "text": c.body,
                         "at": plain(c.created_at)})  # fmt: skip
        for a in Attachment.objects.filter(uploaded_by=user).select_related("item"):
            rows.append({"what": "attachment", "title": a.item.title, "file": a.name,
                         "at": plain(a.uploaded_at)})  # fmt: skip
        return rows

    @staticmethod
    def erase(erasure: Erasure) -> int:
        subject, user = erasure.subject, erasure.subject.user
        if user is None:
            return 0
        counts = erasure.counts
        counts["comments"] += Comment.objects.filter(author=user).update(body=ERASED_TEXT)
        counts["join_messages"] += (
            JoinRequest.objects.filter(user=user).exclude(message="").update(message=ERASED_TEXT)
        )
        for a in Attachment.objects.filter(uploaded_by=user):
            erasure.delete_file_on_commit(a.file.storage, a.file.name)
            a.delete()
            counts["attachments"] += 1
        items = KnowledgeItem.objects.filter(author=user)
        counts["items"] += redact_rows(items, subject, parts=True)
        counts["revisions"] += redact_rows(
            Revision.objects.filter(Q(item__author=user) | Q(editor=user)), subject, parts=True
        )
        for pk in items.values_list("pk", flat=True):
            index_later("knowledge", pk)
        return counts["comments"] + counts["items"]
