"""Who may do what with communities and knowledge. Views, the API and services ask here.

Any logged-in staff member may read public items and join a community by its policy
(open, by request, by invitation: ``services/joining.py``). "Member" here is always an
approved ``Membership``; a waiting request or invitation is a ``JoinRequest`` and
grants nothing. Members post; facilitators (คุณอำนวย) moderate: add and remove
members, answer requests to join and invite, set roles, hide comments, edit or delete
any item of their community. System administrators may do everything,
except read another person's draft.
"""

from __future__ import annotations

from cophub.core.errors import DomainError
from cophub.knowledge.models import Community, KnowledgeItem, Membership, Role


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def membership_of(user, community: Community) -> Membership | None:
    if not _active(user):
        return None
    cache = getattr(user, "_memberships", None)
    if cache is None:
        cache = {m.community_id: m for m in Membership.objects.filter(user=user)}
        user._memberships = cache
    return cache.get(community.pk)


def forget_memberships(user) -> None:
    if hasattr(user, "_memberships"):
        del user._memberships


def is_member(user, community: Community) -> bool:
    return membership_of(user, community) is not None


def can_create_community(user) -> bool:
    return _active(user) and (user.is_organiser or user.role == "facilitator")


def can_moderate(user, community: Community) -> bool:
    if not _active(user):
        return False
    if user.is_system_admin:
        return True
    m = membership_of(user, community)
    return m is not None and m.role == Role.FACILITATOR


def can_post(user, community: Community) -> bool:
    return _active(user) and (user.is_system_admin or is_member(user, community))


def can_view_item(user, item: KnowledgeItem) -> bool:
    if not _active(user):
        return False
    if item.is_draft:
        return item.author_id == user.pk
    if item.visibility == KnowledgeItem.Visibility.PUBLIC or user.is_system_admin:
        return True
    return is_member(user, item.community)


def can_edit_item(user, item: KnowledgeItem) -> bool:
    if not can_view_item(user, item):
        return False
    return item.author_id == user.pk or can_moderate(user, item.community)


def can_comment(user, item: KnowledgeItem) -> bool:
    return can_view_item(user, item) and not item.is_draft


def require(allowed: bool) -> None:
    if not allowed:
        raise DomainError("permission_denied")
