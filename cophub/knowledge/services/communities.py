"""Writes for communities, their members and the activities filed under them.

Every service takes keyword-only arguments, checks permission, runs in one transaction
and writes its audit row; search indexes changes after commit.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from cophub.accounts.models import User
from cophub.core.audit import audit_record, diff, snapshot
from cophub.core.errors import DomainError
from cophub.knowledge.models import Community, CommunityActivity, Membership, Role
from cophub.knowledge.permissions import (
    can_create_community,
    can_moderate,
    forget_memberships,
    require,
)
from cophub.knowledge.services.joining import close_pending
from cophub.programs.models import Activity

COMMUNITY_FIELDS = ["name", "purpose", "join_policy"]


def _check_policy(join_policy: str) -> None:
    if join_policy not in Community.JoinPolicy.values:
        raise DomainError("invalid_join_policy")


@transaction.atomic
def community_create(
    *, actor: User, name: str, purpose: str = "",
    join_policy: str = Community.JoinPolicy.REQUEST,
) -> Community:  # fmt: skip
    """A new community asks for approval unless the creator chooses otherwise."""
    require(can_create_community(actor))
    _check_policy(join_policy)
    name = " ".join(name.split())
    if Community.objects.filter(name__iexact=name).exists():
        raise DomainError("community_name_taken", {"name": name})
    community = Community.objects.create(
        name=name, purpose=purpose, join_policy=join_policy, created_by=actor
    )
    Membership.objects.create(community=community, user=actor, role=Role.FACILITATOR)
    forget_memberships(actor)
    audit_record(
        actor=actor, action="community.created", instance=community,
        changes=snapshot(community, COMMUNITY_FIELDS),
    )  # fmt: skip
    return community


@transaction.atomic
def community_update(
    *, actor: User, community: Community, name: str, purpose: str, join_policy: str | None = None
) -> Community:
    """Changing the policy leaves waiting requests waiting: a facilitator still answers
    them (or, once the community is open, the person simply joins)."""
    require(can_moderate(actor, community))
    if join_policy is not None:
        _check_policy(join_policy)
    name = " ".join(name.split())
    if Community.objects.filter(name__iexact=name).exclude(pk=community.pk).exists():
        raise DomainError("community_name_taken", {"name": name})
    before = snapshot(Community.objects.get(pk=community.pk), COMMUNITY_FIELDS)
    community.name, community.purpose = name, purpose
    if join_policy is not None:
        community.join_policy = join_policy
    community.save()
    after = snapshot(community, COMMUNITY_FIELDS)
    audit_record(
        actor=actor, action="community.updated", instance=community, changes=diff(before, after)
    )
    return community


@transaction.atomic
def community_leave(*, actor: User, community: Community) -> None:
    membership = Membership.objects.filter(community=community, user=actor).first()
    if membership is None:
        return
    _keep_a_facilitator(community, membership)
    membership.delete()
    forget_memberships(actor)
    audit_record(
        actor=actor, action="community.left", instance=community, changes={"user": actor.username}
    )


def _keep_a_facilitator(community: Community, leaving: Membership) -> None:
    if leaving.role != Role.FACILITATOR:
        return
    others = community.memberships.filter(role=Role.FACILITATOR).exclude(pk=leaving.pk)
    if not others.exists():
        raise DomainError("last_facilitator")


@transaction.atomic
def member_add(*, actor: User, community: Community, username: str, role: str) -> Membership:
    """A facilitator adds a member from any organisation, with a KM role, whatever the
    policy; a request or invitation of theirs that was waiting is settled."""
    require(can_moderate(actor, community))
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise DomainError("unknown_user", {"name": username})
    if role not in Role.values:
        raise DomainError("invalid_role")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(community=community, user=user, role=role)
    except IntegrityError as exc:
        raise DomainError("already_member", {"name": user.get_full_name() or user}) from exc
    close_pending(actor=actor, community=community, user=user)
    forget_memberships(user)
    audit_record(
        actor=actor, action="community.member.added", instance=community,
        changes={"user": user.username, "role": role},
    )  # fmt: skip
    return membership


@transaction.atomic
def member_set_role(*, actor: User, membership: Membership, role: str) -> Membership:
    require(can_moderate(actor, membership.community))
    if role not in Role.values:
        raise DomainError("invalid_role")
    if role != Role.FACILITATOR:
        _keep_a_facilitator(membership.community, membership)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    forget_memberships(membership.user)
    audit_record(
        actor=actor, action="community.member.role_changed", instance=membership.community,
        changes={"user": membership.user.username, "role": [old, role]},
    )  # fmt: skip
    return membership


@transaction.atomic
def member_remove(*, actor: User, membership: Membership) -> None:
    require(can_moderate(actor, membership.community))
    _keep_a_facilitator(membership.community, membership)
    community, username = membership.community, membership.user.username
    membership.delete()
    forget_memberships(membership.user)
    audit_record(
        actor=actor,
        action="community.member.removed",
        instance=community,
        changes={"user": username},
    )


@transaction.atomic
def community_link_activity(
    *, actor: User, community: Community, activity: Activity
) -> CommunityActivity:
    """File an activity of a program under this community (one community per activity)."""
    require(can_moderate(actor, community))
    existing = CommunityActivity.objects.filter(activity=activity).select_related("community")
    link = existing.first()
    if link is not None and link.community_id != community.pk:
        raise DomainError("activity_linked", {"name": link.community.name})
    if link is None:
        link = CommunityActivity.objects.create(community=community, activity=activity)
        audit_record(
            actor=actor, action="community.activity.linked", instance=community,
            changes={"activity": activity.pk},
        )  # fmt: skip
    return link


@transaction.atomic
def community_unlink_activity(*, actor: User, link: CommunityActivity) -> None:
    require(can_moderate(actor, link.community))
    activity, community = link.activity, link.community
    link.delete()
    audit_record(
        actor=actor, action="community.activity.unlinked", instance=community,
        changes={"activity": activity.pk},
    )  # fmt: skip
