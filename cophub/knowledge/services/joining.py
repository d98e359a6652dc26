"""Joining a community by its policy: open (at once), by request (a facilitator
approves or declines; the requester may withdraw) or by invitation (a facilitator
invites; the person accepts or declines).

A request or an invitation is a ``JoinRequest``; only approving or accepting it makes
a ``Membership``, the one thing every reader of membership (permissions, members-only
items, search, counts) looks at. So nothing waiting ever counts as a member.
Same rules as the other services: keyword-only arguments, permission first, one
transaction, an audit row (on the community, so its history reads as one list).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from cophub.accounts.models import User
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError
from cophub.knowledge.models import Community, JoinRequest, Membership, Role
from cophub.knowledge.permissions import can_moderate, forget_memberships, require
from cophub.knowledge.services.mail import mail_decision, mail_invitation, mail_new_request

Kind, Status = JoinRequest.Kind, JoinRequest.Status
MEMBER, PENDING, INVITED, NONE = "member", "pending", "invited", "none"
MAX_MESSAGE = 1000


@dataclass(frozen=True)
class JoinOutcome:
    """Where the person stands after a join or an answer: ``member``, ``pending`` (a
    request waits for a facilitator) or ``none``."""

    state: str
    membership: Membership | None = None
    join_request: JoinRequest | None = None


def _require_user(actor) -> None:
    require(bool(actor and actor.is_authenticated and actor.is_active))


def _pending(community: Community, user: User, kind: str | None = None) -> JoinRequest | None:
    # Locked, so two facilitators answering at once cannot both act on one request.
    rows = JoinRequest.objects.select_for_update().filter(
        community=community, user=user, status=Status.PENDING
    )
    row = (rows.filter(kind=kind) if kind else rows).first()
    if row is not None:
        row.community, row.user = community, user
    return row


def _locked(join_request: JoinRequest, kind: str) -> JoinRequest:
    row = JoinRequest.objects.select_for_update().filter(pk=join_request.pk, kind=kind).first()
    if row is None:
        raise DomainError("not_found")
    if not row.is_pending:
        raise DomainError("join_request_decided")
    row.community, row.user = join_request.community, join_request.user
    return row


def _settle(join_request: JoinRequest, *, actor: User, status: str) -> None:
    join_request.status = status
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])


def _make_member(community: Community, user: User, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        community=community, user=user, defaults={"role": role}
    )
    forget_memberships(user)
    return membership


def close_pending(*, actor: User, community: Community, user: User) -> None:
    """The person became a member another way (added by a facilitator, or joined once
    the community was opened): whatever of theirs was waiting is settled as approved."""
    for row in JoinRequest.objects.select_for_update().filter(
        community=community, user=user, status=Status.PENDING
    ):
        _settle(row, actor=actor, status=Status.APPROVED)


@transaction.atomic
def community_join(*, actor: User, community: Community, message: str = "") -> JoinOutcome:
    """Join by the community's policy. A waiting invitation is accepted whatever the
    policy; asking twice, or joining as a member, changes nothing."""
    _require_user(actor)
    existing = Membership.objects.filter(community=community, user=actor).first()
    if existing is not None:
        return JoinOutcome(MEMBER, membership=existing)
    invitation = _pending(community, actor, Kind.INVITATION)
    if invitation is not None:
        return _accept(invitation, actor)
    if community.join_policy == Community.JoinPolicy.OPEN:
        membership = _make_member(community, actor, Role.PRACTITIONER)
        close_pending(actor=actor, community=community, user=actor)
        audit_record(
            actor=actor,
            action="community.joined",
            instance=community,
            changes={"user": actor.username},
        )
        return JoinOutcome(MEMBER, membership=membership)
    if community.join_policy == Community.JoinPolicy.INVITATION:
        raise DomainError("join_by_invitation")
    waiting = _pending(community, actor, Kind.REQUEST)
    if waiting is not None:
        return JoinOutcome(PENDING, join_request=waiting)
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                community=community, user=actor, kind=Kind.REQUEST, created_by=actor,
                message=message.strip()[:MAX_MESSAGE],
            )  # fmt: skip
    except IntegrityError:  # the same person's second click, a moment later
        return JoinOutcome(PENDING, join_request=_pending(community, actor, Kind.REQUEST))
    audit_record(
        actor=actor,
        action="community.join.requested",
        instance=community,
        changes={"user": actor.username},
    )
    mail_new_request(join_request)
    return JoinOutcome(PENDING, join_request=join_request)


@transaction.atomic
def join_request_withdraw(*, actor: User, community: Community) -> JoinRequest:
    """The requester takes back their own waiting request."""
    _require_user(actor)
    join_request = _pending(community, actor, Kind.REQUEST)
    if join_request is None:
        raise DomainError("no_join_request")
    _settle(join_request, actor=actor, status=Status.WITHDRAWN)
    audit_record(
        actor=actor,
        action="community.join.withdrawn",
        instance=community,
        changes={"user": actor.username},
    )
    return join_request


@transaction.atomic
def join_request_decide(*, actor: User, join_request: JoinRequest, approve: bool) -> JoinRequest:
    """A facilitator (คุณอำนวย) approves (the person becomes a practitioner) or declines."""
    community = join_request.community
    require(can_moderate(actor, community))
    row = _locked(join_request, Kind.REQUEST)
    if approve:
        _make_member(community, row.user, row.role)
    _settle(row, actor=actor, status=Status.APPROVED if approve else Status.DECLINED)
    audit_record(
        actor=actor,
        instance=community,
        changes={"user": row.user.username},
        action="community.join.approved" if approve else "community.join.declined",
    )
    mail_decision(row)
    return row


@transaction.atomic
def invitation_create(
    *, actor: User, community: Community, username: str, role: str = Role.PRACTITIONER,
    message: str = "",
) -> JoinRequest:  # fmt: skip
    """A facilitator invites a person by user name, with the role they will have."""
    require(can_moderate(actor, community))
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise DomainError("unknown_user", {"name": username})
    if role not in Role.values:
        raise DomainError("invalid_role")
    name = user.get_full_name() or user.username
    if Membership.objects.filter(community=community, user=user).exists():
        raise DomainError("already_member", {"name": name})
    waiting = _pending(community, user)
    if waiting is not None and waiting.kind == Kind.REQUEST:
        raise DomainError("join_request_waiting", {"name": name})
    if waiting is not None:
        raise DomainError("already_invited", {"name": name})
    try:
        with transaction.atomic():
            invitation = JoinRequest.objects.create(
                community=community, user=user, kind=Kind.INVITATION, role=role,
                created_by=actor, message=message.strip()[:MAX_MESSAGE],
            )  # fmt: skip
    except IntegrityError as exc:  # invited by another facilitator a moment earlier
        raise DomainError("already_invited", {"name": name}) from exc
    audit_record(
        actor=actor,
        action="community.invitation.sent",
        instance=community,
        changes={"user": user.username, "role": role},
    )
    mail_invitation(invitation)
    return invitation


def _accept(invitation: JoinRequest, actor: User) -> JoinOutcome:
    membership = _make_member(invitation.community, actor, invitation.role)
    _settle(invitation, actor=actor, status=Status.APPROVED)
    audit_record(
        actor=actor,
        action="community.invitation.accepted",
        instance=invitation.community,
        changes={"user": actor.username, "role": membership.role},
    )
    return JoinOutcome(MEMBER, membership=membership)


@transaction.atomic
def invitation_answer(*, actor: User, community: Community, accept: bool) -> JoinOutcome:
    """The invited person accepts (becomes a member with the invited role) or declines."""
    _require_user(actor)
    invitation = _pending(community, actor, Kind.INVITATION)
    if invitation is None:
        raise DomainError("no_invitation")
    if accept:
        return _accept(invitation, actor)
    _settle(invitation, actor=actor, status=Status.DECLINED)
    audit_record(
        actor=actor,
        action="community.invitation.declined",
        instance=community,
        changes={"user": actor.username},
    )
    return JoinOutcome(NONE, join_request=invitation)


@transaction.atomic
def invitation_withdraw(*, actor: User, invitation: JoinRequest) -> JoinRequest:
    """A facilitator takes back an invitation that has not been answered."""
    community = invitation.community
    require(can_moderate(actor, community))
    row = _locked(invitation, Kind.INVITATION)
    _settle(row, actor=actor, status=Status.WITHDRAWN)
    audit_record(
        actor=actor,
        action="community.invitation.withdrawn",
        instance=community,
        changes={"user": row.user.username},
    )
    return row
