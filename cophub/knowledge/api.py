"""Communities and knowledge over the JSON API (read)."""

from __future__ import annotations

from django.urls import reverse
from ninja import Router, Schema

from cophub.core.errors import DomainError
from cophub.core.schemas import Error
from cophub.knowledge import selectors
from cophub.knowledge.markdown import render_markdown
from cophub.knowledge.models import KnowledgeItem

router = Router()


class CommunityOut(Schema):
    id: int
    name: str
    purpose: str
    members: int
    url: str


class ItemSummary(Schema):
    id: int
    kind: str
    title: str
    community: str
    status: str
    visibility: str
    url: str


class ItemOut(ItemSummary):
    body: str
    body_html: str
    tags: list[str]
    attachments: list[dict]


@router.get("/communities", response=list[CommunityOut], summary="List communities")
def community_list(request):
    return [
        {"id": c.pk, "name": c.name, "purpose": c.purpose, "members": c.n_members,
         "url": c.get_absolute_url()}
        for c in selectors.community_list(user=request.user)
    ]  # fmt: skip


def _summary(i: KnowledgeItem) -> dict:
    return {
        "id": i.pk, "kind": i.kind, "title": i.title, "community": i.community.name,
        "status": i.status, "visibility": i.visibility, "url": i.get_absolute_url(),
    }  # fmt: skip


@router.get("/items", response=list[ItemSummary], summary="List knowledge items you may see")
def item_list(
    request, community: int | None = None, kind: str = "", limit: int = 50, offset: int = 0
):
    items = selectors.item_list(user=request.user, kind=kind)
    if community:
        items = items.filter(community_id=community)
    limit, offset = min(max(limit, 1), 200), max(offset, 0)
    return [_summary(i) for i in items[offset : offset + limit]]


@router.get(
    "/items/{int:item_id}", response={200: ItemOut, 404: Error}, summary="Read one knowledge item"
)
def item_detail(request, item_id: int):
    item = selectors.visible_items(request.user).filter(pk=item_id).first()
    if item is None:
        raise DomainError("not_found")  # also for items the caller may not see
    item = selectors.item_detail(item_id=item_id)
    return {
        **_summary(item),
        "body": item.body,
        "body_html": str(render_markdown(item.body)),
        "tags": [t.name for t in item.tags.all()],
        "attachments": [
            {"name": a.name, "size": a.size, "url": reverse("knowledge:attachment", args=[a.pk])}
            for a in item.attachments.all()
        ],
    }
