"""Communities and knowledge over the JSON API: reading, and joining by each
community's policy (join, withdraw, answer an invitation; a facilitator lists, approves
and declines requests and invites).

Which request or invitation is answered travels in the body, so every route names
only its community, as the pages do.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from cophub.core.errors import DomainError
from cophub.core.schemas import Error
from cophub.knowledge import selectors, services
from cophub.knowledge.markdown import render_markdown
from cophub.knowledge.models import Community, JoinRequest, KnowledgeItem, Role
from cophub.knowledge.permissions import can_moderate

router = Router()

State = Literal["member", "pending", "invited", "none"]


class CommunityOut(Schema):
    id: int
    name: str
    purpose: str
    members: int = Field(description="Approved members; waiting requests do not count.")
    join_policy: Literal["open", "request", "invitation"]
    state: State = Field(description="Where the caller stands in this community.")
    url: str


def _state(c: Community) -> str:
    if c.is_member:
        return "member"
    return {"request": "pending", "invitation": "invited"}.get(c.waiting or "", "none")


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
         "join_policy": c.join_policy, "state": _state(c), "url": c.get_absolute_url()}
        for c in selectors.community_list(user=request.user)
    ]  # fmt: skip


def _summary(i: KnowledgeItem) -> dict:
    return {
        "id": i.pk, "kind": i.kind, "title": i.title, "community": i.community.name,
        "status": i.status, "visibility": i.visibility, "url": i.get_absolute_url(),
    }  # fmt: skip


class ItemParams(Schema):
    # Bounded, so an id or an offset past what the database can hold is a 422, not a 500.
    community: int | None = Field(None, ge=1, le=2**63 - 1)
    kind: str = Field("", max_length=30)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("/items", response=list[ItemSummary], summary="List knowledge items you may see")
def item_list(request, params: Query[ItemParams]):
    items = selectors.item_list(user=request.user, kind=params.kind)
    if params.community:
        items = items.filter(community_id=params.community)
    return [_summary(i) for i in items[params.offset : params.offset + params.limit]]


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


# --- joining -------------------------------------------------------------------------
class JoinIn(Schema):
    message: str = Field("", max_length=1000, description="To the facilitators (by request).")


class JoinStateOut(Schema):
    state: Literal["member", "pending", "none"]
    role: str | None = None


class JoinRequestOut(Schema):
    id: int
    kind: Literal["request", "invitation"]
    status: Literal["pending", "approved", "declined", "withdrawn"]
    username: str
    name: str
    organization: str | None
    role: str
    message: str
    created_at: dt.datetime


class DecisionIn(Schema):
    join_request: int = Field(description="The id of a waiting request to join.")


class InviteIn(Schema):
    username: str = Field(max_length=150)
    role: Literal["sponsor", "facilitator", "practitioner", "note_taker"] = Role.PRACTITIONER
    message: str = Field("", max_length=1000)


class InvitationIn(Schema):
    invitation: int = Field(description="The id of an invitation not answered yet.")


def _community(community_id: int) -> Community:
    return get_object_or_404(Community, pk=community_id)


def _moderated(request, community_id: int) -> Community:
    community = _community(community_id)
    if not can_moderate(request.user, community):
        raise DomainError("permission_denied")
    return community


def _outcome(outcome) -> dict:
    role = outcome.membership.role if outcome.membership else None
    return {"state": outcome.state, "role": role}


def _join_request(r: JoinRequest) -> dict:
    person = getattr(r.user, "person", None)
    organization = person.organization if person else None
    return {
        "id": r.pk, "kind": r.kind, "status": r.status, "username": r.user.username,
        "name": r.user.get_full_name() or r.user.username,
        "organization": organization.name if organization else None,
        "role": r.role, "message": r.message, "created_at": r.created_at,
    }  # fmt: skip


def _one(community: Community, pk: int, kind: str) -> JoinRequest:
    found = (
        JoinRequest.objects.select_related("community", "user__person__organization")
        .filter(pk=pk, community=community, kind=kind)
        .first()
    )
    if found is None:
        raise DomainError("not_found")
    return found


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


@router.post(
    "/communities/{int:community_id}/join",
    response={200: JoinStateOut, **ERRORS},
    summary="Join a community (open), or ask to join (by request)",
)
def community_join(request, community_id: int, payload: JoinIn | None = None):
    community = _community(community_id)
    outcome = services.community_join(
        actor=request.user, community=community, message=payload.message if payload else ""
    )
    return _outcome(outcome)


@router.post(
    "/communities/{int:community_id}/withdraw",
    response={200: JoinStateOut, **ERRORS},
    summary="Withdraw your waiting request to join",
)
def join_withdraw(request, community_id: int):
    services.join_request_withdraw(actor=request.user, community=_community(community_id))
    return {"state": "none"}  # a member never has a request waiting


def _answer(request, community_id: int, accept: bool) -> dict:
    outcome = services.invitation_answer(
        actor=request.user, community=_community(community_id), accept=accept
    )
    return _outcome(outcome)


@router.post(
    "/communities/{int:community_id}/invitation/accept",
    response={200: JoinStateOut, **ERRORS},
    summary="Accept your invitation",
)
def invitation_accept(request, community_id: int):
    return _answer(request, community_id, accept=True)


@router.post(
    "/communities/{int:community_id}/invitation/decline",
    response={200: JoinStateOut, **ERRORS},
    summary="Decline your invitation",
)
def invitation_decline(request, community_id: int):
    return _answer(request, community_id, accept=False)


@router.get(
    "/communities/{int:community_id}/requests",
    response={200: list[JoinRequestOut], 401: Error, 403: Error, 404: Error},
    summary="Waiting requests and invitations (facilitators)",
)
def join_requests(request, community_id: int):
    community = _moderated(request, community_id)
    return [_join_request(r) for r in selectors.pending_join_requests(community=community)]


def _decide(request, community_id: int, payload: DecisionIn, approve: bool) -> dict:
    community = _moderated(request, community_id)
    join_request = _one(community, payload.join_request, JoinRequest.Kind.REQUEST)
    decided = services.join_request_decide(
        actor=request.user, join_request=join_request, approve=approve
    )
    return _join_request(decided)


@router.post(
    "/communities/{int:community_id}/requests/approve",
    response={200: JoinRequestOut, **ERRORS},
    summary="Approve a request to join (facilitators)",
)
def request_approve(request, community_id: int, payload: DecisionIn):
    return _decide(request, community_id, payload, approve=True)


@router.post(
    "/communities/{int:community_id}/requests/decline",
    response={200: JoinRequestOut, **ERRORS},
    summary="Decline a request to join (facilitators)",
)
def request_decline(request, community_id: int, payload: DecisionIn):
    return _decide(request, community_id, payload, approve=False)


@router.post(
    "/communities/{int:community_id}/invitations",
    response={201: JoinRequestOut, **ERRORS},
    summary="Invite a person by user name (facilitators)",
)
def invite(request, community_id: int, payload: InviteIn):
    community = _moderated(request, community_id)
    invitation = services.invitation_create(
        actor=request.user, community=community, username=payload.username,
        role=payload.role, message=payload.message,
    )  # fmt: skip
    return Status(201, _join_request(_one(community, invitation.pk, JoinRequest.Kind.INVITATION)))


@router.post(
    "/communities/{int:community_id}/invitations/withdraw",
    response={200: JoinRequestOut, **ERRORS},
    summary="Withdraw an invitation not answered yet (facilitators)",
)
def invitation_withdraw(request, community_id: int, payload: InvitationIn):
    community = _moderated(request, community_id)
    invitation = _one(community, payload.invitation, JoinRequest.Kind.INVITATION)
    return _join_request(services.invitation_withdraw(actor=request.user, invitation=invitation))
