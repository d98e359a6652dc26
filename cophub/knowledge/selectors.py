"""Reads for communities and knowledge. Lists annotate counts and filter by what the
reader may see, so pages run a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from cophub.knowledge.models import (
    Comment,
    Community,
    CommunityActivity,
    JoinRequest,
    KnowledgeItem,
    Membership,
    UsefulMark,
)


def member_community_ids(user) -> QuerySet:
    """Communities the user is an approved member of (search narrows by these too). A
    waiting request or invitation is a JoinRequest, never a Membership, so it is not here."""
    return Membership.objects.filter(user=user).values_list("community_id", flat=True)


def visible_items(user) -> QuerySet[KnowledgeItem]:
    """Items the user may see: published public ones, members-only ones of their
    communities (all of them for a system admin), and their own drafts."""
    items = KnowledgeItem.objects.all()
    if not (user and user.is_authenticated):
        return items.none()
    published = Q(status=KnowledgeItem.Status.PUBLISHED)
    if not user.is_system_admin:
        published &= Q(visibility=KnowledgeItem.Visibility.PUBLIC) | Q(
            community_id__in=member_community_ids(user)
        )
    own_drafts = Q(status=KnowledgeItem.Status.DRAFT, author=user)
    return items.filter(published | own_drafts)


def community_list(*, user) -> QuerySet[Community]:
    """Each with its number of (approved) members and the reader's own standing:
    ``is_member`` and ``waiting`` (the kind of their waiting request or invitation)."""
    waiting = JoinRequest.objects.filter(
        community=OuterRef("pk"), user=user, status=JoinRequest.Status.PENDING
    ).values("kind")[:1]
    return Community.objects.annotate(
        n_members=Count("memberships", distinct=True),
        is_member=Exists(Membership.objects.filter(community=OuterRef("pk"), user=user)),
        waiting=Subquery(waiting),
    ).order_by("name")


def waiting_for(*, user, community: Community) -> JoinRequest | None:
    """The user's own request or invitation that waits for an answer, if any."""
    return JoinRequest.objects.filter(
        community=community, user=user, status=JoinRequest.Status.PENDING
    ).first()


def pending_join_requests(*, community: Community) -> list[JoinRequest]:
    """Waiting requests and invitations, oldest first, with who they are (and their
    organisation, which is what a facilitator decides on) and who invited them."""
    return list(
        JoinRequest.objects.filter(community=community, status=JoinRequest.Status.PENDING)
        .select_related("user__person__organization", "created_by")
        .order_by("created_at", "pk")
    )


def pending_request_count(*, community: Community) -> int:
    return JoinRequest.objects.filter(
        community=community, kind=JoinRequest.Kind.REQUEST, status=JoinRequest.Status.PENDING
    ).count()


def community_detail(*, community_id: int) -> Community:
    return Community.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("user")),
        Prefetch(
            "activity_links",
            queryset=CommunityActivity.objects.select_related("activity__program"),
        ),
    ).get(pk=community_id)


def item_list(*, user, community: Community | None = None, kind: str = "") -> QuerySet:
    items = (
        visible_items(user)
        .select_related("community", "author", "activity")
        .annotate(
            n_comments=Count("comments", filter=Q(comments__hidden=False), distinct=True),
            n_useful=Count("useful_marks", distinct=True),
        )
    )
    if community is not None:
        items = items.filter(community=community)
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("-created_at", "-pk")


def item_detail(*, item_id: int) -> KnowledgeItem:
    return (
        KnowledgeItem.objects.select_related(
            "community", "author", "activity__program", "host_organization"
        )
        .prefetch_related("tags", "attachments")
        .annotate(n_useful=Count("useful_marks", distinct=True))
        .get(pk=item_id)
    )


def item_comments(*, item: KnowledgeItem, show_hidden: bool) -> list[Comment]:
    """Top-level comments, each with ``thread_replies`` (one level of replies)."""
    comments = list(item.comments.select_related("author"))
    if not show_hidden:
        comments = [c for c in comments if not c.hidden]
    by_parent: dict[int | None, list[Comment]] = {}
    for c in comments:
        by_parent.setdefault(c.parent_id, []).append(c)
    top = by_parent.get(None, [])
    for c in top:
        c.thread_replies = by_parent.get(c.pk, [])
    return top


def has_marked_useful(*, item: KnowledgeItem, user) -> bool:
    return UsefulMark.objects.filter(item=item, user=user).exists()
