"""Writes for knowledge items, their attachments, comments and useful marks.

Same rules as ``communities.py``: keyword-only arguments, permission first, one
transaction, an audit row. Search indexes each change itself, after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from cophub.accounts.models import User
from cophub.core.audit import audit_record, diff, snapshot
from cophub.core.errors import DomainError
from cophub.knowledge.models import (
    Attachment,
    Comment,
    Community,
    KnowledgeItem,
    Revision,
    Tag,
    UsefulMark,
)
from cophub.knowledge.permissions import (
    can_comment,
    can_edit_item,
    can_moderate,
    can_post,
    can_view_item,
    require,
)
from cophub.orgs.models import Organization
from cophub.programs.models import Activity

MAX_ATTACHMENT_MB = 10
MAX_ATTACHMENTS = 10
# Extension → the content type we serve it as (never what the browser claimed).
ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
    "csv": "text/csv",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
ITEM_FIELDS = [
    "kind", "title", "body", "visibility", "status", "activity", "host_organization",
    "aar_expected", "aar_actual", "aar_why", "aar_learned",
]  # fmt: skip


@dataclass
class ItemData:
    kind: str
    title: str
    body: str = ""
    tags: list[str] = field(default_factory=list)
    visibility: str = KnowledgeItem.Visibility.PUBLIC
    status: str = KnowledgeItem.Status.PUBLISHED
    activity: Activity | None = None
    host_organization: Organization | None = None
    aar_expected: str = ""
    aar_actual: str = ""
    aar_why: str = ""
    aar_learned: str = ""


def clean_tags(tags) -> list[str]:
    out = []
    for t in tags:
        name = " ".join(str(t).split()).lstrip("#")[:60]
        if name and name.lower() not in {o.lower() for o in out}:
            out.append(name)
    return out[:20]


def _set_tags(item: KnowledgeItem, tags: list[str]) -> None:
    objs = []
    for name in clean_tags(tags):
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        objs.append(tag)
    item.tags.set(objs)


def _fields(data: ItemData) -> dict:
    values = {name: getattr(data, name) for name in ITEM_FIELDS}
    if data.kind != KnowledgeItem.Kind.PRACTICE:
        values["host_organization"] = None
    if data.kind != KnowledgeItem.Kind.AAR:
        values.update(aar_expected="", aar_actual="", aar_why="", aar_learned="")
    return values


@transaction.atomic
def item_create(
    *, actor: User, community: Community, data: ItemData, files: Sequence[UploadedFile] = ()
) -> KnowledgeItem:
    require(can_post(actor, community))
    for f in files:
        check_attachment(f)  # every file checked before anything is written
    item = KnowledgeItem.objects.create(community=community, author=actor, **_fields(data))
    _set_tags(item, data.tags)
    for f in files:
        _attach(item, f, actor)
    audit_record(
        actor=actor, action="knowledge_item.created", instance=item,
        changes={**snapshot(item, ITEM_FIELDS), "community": community.pk,
                 "tags": clean_tags(data.tags), "attachments": [f.name for f in files]},
    )  # fmt: skip
    return item


@transaction.atomic
def item_update(
    *, actor: User, item: KnowledgeItem, data: ItemData, files: Sequence[UploadedFile] = ()
) -> KnowledgeItem:
    """Save a new version; the old one goes into the edit history."""
    require(can_edit_item(actor, item))
    for f in files:
        check_attachment(f)
    stored = KnowledgeItem.objects.get(pk=item.pk)
    before = {**snapshot(stored, ITEM_FIELDS), "tags": sorted(t.name for t in stored.tags.all())}
    for name, value in _fields(data).items():
        setattr(item, name, value)
    item.save()
    _set_tags(item, data.tags)
    for f in files:
        _attach(item, f, actor)
    after = {**snapshot(item, ITEM_FIELDS), "tags": sorted(clean_tags(data.tags))}
    changes = diff(before, after)
    if changes:
        Revision.objects.create(
            item=item, editor=actor, title=stored.title, body=stored.body,
            fields={k: v for k, v in before.items() if k not in {"title", "body"}},
        )  # fmt: skip
    audit_record(actor=actor, action="knowledge_item.updated", instance=item, changes=changes)
    return item


@transaction.atomic
def item_delete(*, actor: User, item: KnowledgeItem) -> None:
    require(can_edit_item(actor, item))
    names = [a.file.name for a in item.attachments.all()]
    audit_record(
        actor=actor, action="knowledge_item.deleted", instance=item,
        changes={**snapshot(item, ITEM_FIELDS), "attachments": len(names)},
    )  # fmt: skip
    storage = Attachment._meta.get_field("file").storage
    item.delete()
    transaction.on_commit(lambda: [storage.delete(n) for n in names])


# --- attachments --------------------------------------------------------------------
def check_attachment(f: UploadedFile) -> str:
    """The content type we will serve ``f`` as, or a DomainError about it."""
    name = f.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ATTACHMENT_TYPES:
        raise DomainError(
            "attachment_type", {"name": name, "types": ", ".join(sorted(ATTACHMENT_TYPES))}
        )
    if f.size > MAX_ATTACHMENT_MB * 1024 * 1024:
        raise DomainError("attachment_too_big", {"name": name, "limit": MAX_ATTACHMENT_MB})
    return ATTACHMENT_TYPES[ext]


def _attach(item: KnowledgeItem, f: UploadedFile, actor: User) -> Attachment:
    content_type = check_attachment(f)
    if item.attachments.count() >= MAX_ATTACHMENTS:
        raise DomainError("too_many_attachments", {"limit": MAX_ATTACHMENTS})
    attachment = Attachment(
        item=item, name=f.name[:255], content_type=content_type, size=f.size, uploaded_by=actor
    )
    # Stored under a generated name (see ``attachment_path``); the real name is kept apart.
    attachment.file.save("attachment", f, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_add(*, actor: User, item: KnowledgeItem, file: UploadedFile) -> Attachment:
    require(can_edit_item(actor, item))
    attachment = _attach(item, file, actor)
    audit_record(
        actor=actor, action="knowledge_item.attachment.added", instance=item,
        changes={"attachment": attachment.name, "size": attachment.size},
    )  # fmt: skip
    return attachment


@transaction.atomic
def attachment_delete(*, actor: User, attachment: Attachment) -> None:
    require(can_edit_item(actor, attachment.item))
    name, storage = attachment.file.name, attachment.file.storage
    audit_record(
        actor=actor, action="knowledge_item.attachment.removed", instance=attachment.item,
        changes={"attachment": attachment.name},
    )  # fmt: skip
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- comments and useful marks -------------------------------------------------------
@transaction.atomic
def comment_create(
    *, actor: User, item: KnowledgeItem, body: str, parent: Comment | None = None
) -> Comment:
    require(can_view_item(actor, item))
    if not can_comment(actor, item):
        raise DomainError("comment_on_draft")
    if parent is not None:
        if parent.item_id != item.pk:
            raise DomainError("bad_reply")
        parent = parent.parent or parent  # replies stay one level deep
    comment = Comment.objects.create(item=item, parent=parent, author=actor, body=body.strip())
    audit_record(
        actor=actor, action="knowledge_item.comment.added", instance=item,
        changes={"comment": comment.pk, "parent": parent.pk if parent else None},
    )  # fmt: skip
    return comment


@transaction.atomic
def comment_set_hidden(*, actor: User, comment: Comment, hidden: bool) -> Comment:
    """Facilitators moderate: hide a comment (it stays in the record) or show it again."""
    require(can_moderate(actor, comment.item.community))
    comment.hidden = hidden
    comment.save(update_fields=["hidden"])
    audit_record(
        actor=actor, instance=comment.item,
        action="knowledge_item.comment.hidden" if hidden else "knowledge_item.comment.shown",
        changes={"comment": comment.pk},
    )  # fmt: skip
    return comment


@transaction.atomic
def useful_toggle(*, actor: User, item: KnowledgeItem) -> bool:
    """Mark the item useful, or take the mark back; returns whether it is now marked."""
    require(can_comment(actor, item))
    deleted, _ = UsefulMark.objects.filter(item=item, user=actor).delete()
    if deleted:
        audit_record(actor=actor, action="knowledge_item.useful.unmarked", instance=item)
        return False
    try:
        with transaction.atomic():
            UsefulMark.objects.create(item=item, user=actor)
    except IntegrityError:
        return True  # marked twice at once: the request that made the mark recorded it
    audit_record(actor=actor, action="knowledge_item.useful.marked", instance=item)
    return True
