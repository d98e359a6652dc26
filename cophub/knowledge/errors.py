"""The knowledge app's error codes, registered by ``CoreConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("import_not_utf8", _("The file is not UTF-8 text."), 400),
    ErrorType("community_name_taken", _("A community named “%(name)s” already exists."), 400),
    ErrorType("already_member", _("%(name)s is already a member of this community."), 400),
    ErrorType("unknown_user", _("No user is named “%(name)s”."), 400),
    ErrorType(
        "last_facilitator",
        _("A community needs at least one facilitator; name another first."),
        400,
    ),
    ErrorType("invalid_role", _("Choose one of the community roles."), 400),
    ErrorType(
        "activity_linked", _("This activity already belongs to the community “%(name)s”."), 400
    ),
    ErrorType("attachment_too_big", _("“%(name)s” is larger than %(limit)s MB."), 400),
    ErrorType(
        "attachment_type",
        _("“%(name)s” is not a file type that can be attached (%(types)s)."),
        400,
    ),
    ErrorType("too_many_attachments", _("An item can have at most %(limit)s attachments."), 400),
    ErrorType("comment_on_draft", _("Drafts cannot be commented on; publish the item first."), 400),
    ErrorType("bad_reply", _("A reply must answer a comment on the same item."), 400),
    ErrorType("invalid_join_policy", _("Choose who may join the community."), 400),
    ErrorType(
        "join_by_invitation",
        _("This community takes members by invitation only; ask one of its facilitators."),
        403,
    ),
    ErrorType("no_join_request", _("There is no request to join waiting to be withdrawn."), 400),
    ErrorType(
        "join_request_decided",
        _("This request has already been answered or withdrawn; nothing was changed."),
        409,
    ),
    ErrorType("no_invitation", _("You have no invitation to this community waiting."), 400),
    ErrorType(
        "already_invited", _("%(name)s has already been invited and has not answered yet."), 400
    ),
    ErrorType(
        "join_request_waiting",
        _("%(name)s has already asked to join; approve the request instead."),
        400,
    ),
)
