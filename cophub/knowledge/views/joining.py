"""Joining pages: join or ask to join, withdraw, a facilitator's waiting requests
(approve / decline, invite by user name, withdraw an invitation) and the invited
person's answer.

The waiting list is enhanced with htmx the way the participants roster is: each form
posts normally, and htmx swaps only the list out of the page the redirect lands on.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.core.errors import DomainError
from cophub.core.views import form_error, raise_for
from cophub.knowledge import selectors, services
from cophub.knowledge.forms import (
    DecisionForm,
    InvitationAnswerForm,
    InvitationWithdrawForm,
    InviteForm,
    JoinForm,
)
from cophub.knowledge.models import Community, JoinRequest
from cophub.knowledge.permissions import can_moderate


def _moderated(request, community_id: int) -> Community:
    community = get_object_or_404(Community, pk=community_id)
    if not can_moderate(request.user, community):
        raise PermissionDenied
    return community


def _requests_url(community: Community) -> str:
    return reverse("knowledge:join_requests", args=[community.pk])


def _run(request, action, success: str) -> bool:
    """Call the service; show its refusal (a 403/404 stays one) or the success."""
    try:
        action()
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


@require_POST
def community_join(request, community_id: int):
    community = get_object_or_404(Community, pk=community_id)
    form = JoinForm(request.POST)
    if not form.is_valid():  # only a message over the limit, which the browser prevents
        messages.error(request, "; ".join(form.errors["message"]))
        return redirect(community)
    try:
        outcome = services.community_join(
            actor=request.user, community=community, message=form.cleaned_data["message"]
        )
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
    else:
        if outcome.state == "member":
            messages.success(request, _("You joined %(name)s.") % {"name": community.name})
        else:
            messages.success(
                request,
                _("Your request to join %(name)s was sent; a facilitator will answer it.")
                % {"name": community.name},
            )
    return redirect(community)


@require_POST
def join_withdraw(request, community_id: int):
    community = get_object_or_404(Community, pk=community_id)
    _run(
        request,
        lambda: services.join_request_withdraw(actor=request.user, community=community),
        _("Your request to join was withdrawn."),
    )
    return redirect(community)


@require_POST
def invitation_answer(request, community_id: int):
    community = get_object_or_404(Community, pk=community_id)
    form = InvitationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Accept or decline the invitation."))
        return redirect(community)
    accept = form.cleaned_data["decision"] == "accept"
    _run(
        request,
        lambda: services.invitation_answer(actor=request.user, community=community, accept=accept),
        _("Welcome: you are now a member.") if accept else _("You declined the invitation."),
    )
    return redirect(community)


def _requests_page(request, community: Community, invite_form: InviteForm, status: int = 200):
    waiting = selectors.pending_join_requests(community=community)
    return render(
        request,
        "knowledge/join_requests.html",
        {
            "community": community,
            "requests": [r for r in waiting if r.kind == JoinRequest.Kind.REQUEST],
            "invitations": [r for r in waiting if r.kind == JoinRequest.Kind.INVITATION],
            "invite_form": invite_form,
            # htmx swaps only the list: show this answer's message inside it.
            "htmx": request.headers.get("HX-Request") == "true",
        },
        status=status,
    )


def join_requests(request, community_id: int):
    community = _moderated(request, community_id)
    return _requests_page(request, community, InviteForm())


@require_POST
def request_decide(request, community_id: int):
    community = _moderated(request, community_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Approve or decline one request."))
        return redirect(_requests_url(community))
    join_request = (
        JoinRequest.objects.select_related("community", "user")
        .filter(pk=form.cleaned_data["join_request"], community=community)
        .filter(kind=JoinRequest.Kind.REQUEST)
        .first()
    )
    if join_request is None:
        raise Http404
    approve = form.cleaned_data["decision"] == "approve"
    name = join_request.user.get_full_name() or join_request.user.username
    _run(
        request,
        lambda: services.join_request_decide(
            actor=request.user, join_request=join_request, approve=approve
        ),
        (_("%(name)s is now a member.") if approve else _("The request of %(name)s was declined."))
        % {"name": name},
    )
    return redirect(_requests_url(community))


@require_POST
def invite(request, community_id: int):
    community = _moderated(request, community_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(actor=request.user, community=community, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc, "username" if exc.code != "invalid_role" else "role")
        else:
            messages.success(request, _("Invitation sent."))
            return redirect(_requests_url(community))
    return _requests_page(request, community, form, status=400)


@require_POST
def invitation_withdraw(request, community_id: int):
    community = _moderated(request, community_id)
    form = InvitationWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an invitation."))
        return redirect(_requests_url(community))
    invitation = (
        JoinRequest.objects.select_related("community", "user")
        .filter(pk=form.cleaned_data["invitation"], community=community)
        .filter(kind=JoinRequest.Kind.INVITATION)
        .first()
    )
    if invitation is None:
        raise Http404
    _run(
        request,
        lambda: services.invitation_withdraw(actor=request.user, invitation=invitation),
        _("Invitation withdrawn."),
    )
    return redirect(_requests_url(community))
