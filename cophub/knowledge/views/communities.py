"""Community pages: list, detail, edit, members, filed activities (joining is in
``joining.py``).

Each view checks, calls one service and responds.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.core.errors import DomainError
from cophub.core.views import form_error, raise_for
from cophub.knowledge import selectors, services
from cophub.knowledge.forms import (
    CommunityForm,
    JoinForm,
    LinkActivityForm,
    MemberAddForm,
    RoleForm,
)
from cophub.knowledge.models import Community, CommunityActivity, KnowledgeItem, Membership, Role
from cophub.knowledge.permissions import (
    can_create_community,
    can_moderate,
    can_post,
    membership_of,
)


def community_list(request):
    return render(
        request,
        "knowledge/community_list.html",
        {
            "communities": list(selectors.community_list(user=request.user)),
            "can_create": can_create_community(request.user),
        },
    )


def community_create(request):
    if not can_create_community(request.user):
        raise PermissionDenied
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc, "name" if exc.code == "community_name_taken" else None)
        else:
            messages.success(request, _("Community created."))
            return redirect(community)
    return render(request, "knowledge/community_form.html", {"form": form})


def community_detail(request, community_id: int):
    try:
        community = selectors.community_detail(community_id=community_id)
    except Community.DoesNotExist as exc:
        raise Http404 from exc
    kind = request.GET.get("kind", "")
    kind = kind if kind in KnowledgeItem.Kind.values else ""
    moderator = can_moderate(request.user, community)
    membership = membership_of(request.user, community)
    # Members have nothing waiting (approval settles it), so they skip this query.
    waiting = None if membership else selectors.waiting_for(user=request.user, community=community)
    return render(
        request,
        "knowledge/community_detail.html",
        {
            "community": community,
            "membership": membership,
            "waiting": waiting,
            "join_form": JoinForm()
            if community.join_policy == Community.JoinPolicy.REQUEST
            else None,
            "n_waiting": selectors.pending_request_count(community=community) if moderator else 0,
            "items": list(selectors.item_list(user=request.user, community=community, kind=kind)),
            "kinds": KnowledgeItem.Kind.choices,
            "kind": kind,
            "can_post": can_post(request.user, community),
            "can_moderate": moderator,
            "member_form": MemberAddForm() if moderator else None,
            "link_form": LinkActivityForm() if moderator else None,
            "roles": Role.choices,
        },
    )


def community_edit(request, community_id: int):
    community = get_object_or_404(Community, pk=community_id)
    if not can_moderate(request.user, community):
        raise PermissionDenied
    form = CommunityForm(
        request.POST or None,
        initial={
            "name": community.name,
            "purpose": community.purpose,
            "join_policy": community.join_policy,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(actor=request.user, community=community, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc, "name" if exc.code == "community_name_taken" else None)
        else:
            messages.success(request, _("Community saved."))
            return redirect(community)
    return render(request, "knowledge/community_form.html", {"form": form, "community": community})


def _act(request, community: Community, action, success: str):
    try:
        action()
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(community)


@require_POST
def community_leave(request, community_id: int):
    community = get_object_or_404(Community, pk=community_id)
    return _act(
        request, community,
        lambda: services.community_leave(actor=request.user, community=community),
        _("You left %(name)s.") % {"name": community.name},
    )  # fmt: skip


@require_POST
def member_add(request, community_id: int):
    community = get_object_or_404(Community, pk=community_id)
    if not can_moderate(request.user, community):
        raise PermissionDenied
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a username and a role."))
        return redirect(community)
    return _act(
        request, community,
        lambda: services.member_add(actor=request.user, community=community, **form.cleaned_data),
        _("Member added."),
    )  # fmt: skip


@require_POST
def member_role(request, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("community", "user"), pk=membership_id
    )
    if not can_moderate(request.user, membership.community):
        raise PermissionDenied
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the community roles."))
        return redirect(membership.community)
    return _act(
        request, membership.community,
        lambda: services.member_set_role(actor=request.user, membership=membership, role=form.cleaned_data["role"]),
        _("Role changed."),
    )  # fmt: skip


@require_POST
def member_remove(request, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("community", "user"), pk=membership_id
    )
    return _act(
        request, membership.community,
        lambda: services.member_remove(actor=request.user, membership=membership),
        _("Member removed."),
    )  # fmt: skip


@require_POST
def activity_link(request, community_id: int):
    community = get_object_or_404(Community, pk=community_id)
    if not can_moderate(request.user, community):
        raise PermissionDenied
    form = LinkActivityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an activity."))
        return redirect(community)
    return _act(
        request, community,
        lambda: services.community_link_activity(actor=request.user, community=community, activity=form.cleaned_data["activity"]),
        _("Activity filed under this community."),
    )  # fmt: skip


@require_POST
def activity_unlink(request, link_id: int):
    link = get_object_or_404(
        CommunityActivity.objects.select_related("community", "activity"), pk=link_id
    )
    return _act(
        request, link.community,
        lambda: services.community_unlink_activity(actor=request.user, link=link),
        _("Activity removed from this community."),
    )  # fmt: skip
