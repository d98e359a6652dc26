"""What the knowledge app's services record in the audit trail.

Membership, linked activities, attachments, comments and useful marks are recorded
on their community or item, so one object's history reads as one list.
"""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("community.created", _("Community created")),
    ActionType("community.updated", _("Community edited")),
    ActionType("community.joined", _("Joined the community")),
    ActionType("community.left", _("Left the community")),
    ActionType("community.member.added", _("Member added")),
    ActionType("community.member.role_changed", _("Member's role changed")),
    ActionType("community.member.removed", _("Member removed")),
    ActionType("community.join.requested", _("Asked to join the community")),
    ActionType("community.join.withdrawn", _("Request to join withdrawn")),
    ActionType("community.join.approved", _("Request to join approved")),
    ActionType("community.join.declined", _("Request to join declined")),
    ActionType("community.invitation.sent", _("Invited to the community")),
    ActionType("community.invitation.withdrawn", _("Invitation withdrawn")),
    ActionType("community.invitation.accepted", _("Invitation accepted")),
    ActionType("community.invitation.declined", _("Invitation declined")),
    ActionType("community.activity.linked", _("Activity linked to the community")),
    ActionType("community.activity.unlinked", _("Activity unlinked from the community")),
    ActionType("knowledge_item.created", _("Knowledge item created")),
    ActionType("knowledge_item.updated", _("Knowledge item edited")),
    ActionType("knowledge_item.deleted", _("Knowledge item deleted")),
    ActionType("knowledge_item.attachment.added", _("Attachment added")),
    ActionType("knowledge_item.attachment.removed", _("Attachment removed")),
    ActionType("knowledge_item.comment.added", _("Comment posted")),
    ActionType("knowledge_item.comment.hidden", _("Comment hidden")),
    ActionType("knowledge_item.comment.shown", _("Comment shown again")),
    ActionType("knowledge_item.useful.marked", _("Marked useful")),
    ActionType("knowledge_item.useful.unmarked", _("Useful mark taken back")),
)
