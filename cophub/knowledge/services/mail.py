"""E-mails about joining a community: to facilitators on a new request, to the person
on approval, refusal and invitation.

Sent with Django's ``send_mail``; the outbox backend queues them in the same
transaction as the change, so a rolled-back decision sends nothing. Users keep no
language preference, so every message is in the site's language (Thai).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cophub.accounts.models import User
from cophub.knowledge.models import Community, JoinRequest, Role


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _link(name: str, community: Community) -> str:
    return settings.SITE_URL + reverse(name, args=[community.pk])


def _send(subject: str, body: str, user: User) -> None:
    if user.email and user.is_active:
        send_mail(subject, body, None, [user.email])


def facilitators(community: Community) -> list[User]:
    return list(
        User.objects.filter(
            memberships__community=community, memberships__role=Role.FACILITATOR, is_active=True
        ).order_by("pk")
    )


def mail_new_request(join_request: JoinRequest) -> None:
    community, requester = join_request.community, join_request.user
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "name": _name(requester),
            "community": community.name,
            "link": _link("knowledge:join_requests", community),
        }
        subject = _("Request to join %(community)s") % params
        body = (
            _(
                "%(name)s asks to join the community “%(community)s”.\n\n"
                "Approve or decline the request here:\n%(link)s"
            )
            % params
        )
        if join_request.message:
            body += "\n\n" + _("Their message:") + "\n" + join_request.message
        for facilitator in facilitators(community):
            _send(subject, body, facilitator)


def mail_decision(join_request: JoinRequest) -> None:
    """To the requester: approved or declined."""
    community, user = join_request.community, join_request.user
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "name": _name(user),
            "community": community.name,
            "link": _link("knowledge:community", community),
        }
        if join_request.status == JoinRequest.Status.APPROVED:
            subject = _("Welcome to %(community)s") % params
            body = (
                _(
                    "Dear %(name)s,\n\nYour request to join the community “%(community)s” has "
                    "been approved. You can now read and share its members-only knowledge:\n"
                    "%(link)s"
                )
                % params
            )
        else:
            subject = _("Your request to join %(community)s") % params
            body = (
                _(
                    "Dear %(name)s,\n\nYour request to join the community “%(community)s” was "
                    "not approved. You can still read the knowledge it shares with all staff:\n"
                    "%(link)s"
                )
                % params
            )
        _send(subject, body, user)


def mail_invitation(invitation: JoinRequest) -> None:
    community, user = invitation.community, invitation.user
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "name": _name(user),
            "inviter": _name(invitation.created_by) if invitation.created_by else "",
            "community": community.name,
            "role": invitation.get_role_display(),
            "link": _link("knowledge:community", community),
        }
        subject = _("Invitation to join %(community)s") % params
        body = (
            _(
                "Dear %(name)s,\n\n%(inviter)s invites you to join the community "
                "“%(community)s” as %(role)s. Accept or decline the invitation here:\n%(link)s"
            )
            % params
        )
        if invitation.message:
            body += "\n\n" + invitation.message
        _send(subject, body, user)
