"""Messages for the knowledge and search error codes, added to the shared table.

``core.errors.MESSAGES`` is the one place codes become text; this app adds its own
codes to it when imported (services import this module) instead of editing core.
"""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import MESSAGES

MESSAGES.update(
    {
        "community_name_taken": _("A community named “%(name)s” already exists."),
        "already_member": _("%(name)s is already a member of this community."),
        "not_member": _("%(name)s is not a member of this community."),
        "unknown_user": _("No user is named “%(name)s”."),
        "last_facilitator": _("A community needs at least one facilitator; name another first."),
        "attachment_too_big": _("“%(name)s” is larger than %(limit)s MB."),
        "attachment_type": _("“%(name)s” is not a file type that can be attached (%(types)s)."),
        "too_many_attachments": _("An item can have at most %(limit)s attachments."),
        "comment_on_draft": _("Drafts cannot be commented on; publish the item first."),
        "activity_linked": _("This activity already belongs to the community “%(name)s”."),
        "bad_reply": _("A reply must answer a comment on the same item."),
        "invalid_role": _("Choose one of the community roles."),
        "invalid_line": _("Line %(line)s: %(problem)s"),
    }
)
