"""The followups app's error codes, registered by ``CoreConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("followup_exists", _("This activity already has a follow-up survey."), 409),
    ErrorType(
        "followup_no_dates",
        _(
            "Record the activity's dates first: the follow-up is sent a number of days after it ends."
        ),
        400,
    ),
    ErrorType(
        "followup_bad_reminders",
        _("Reminders are whole numbers of days (1–365) after the invitation, separated by commas."),
        400,
    ),
    ErrorType(
        "followup_link_invalid",
        _(
            "This follow-up link is not valid. Check that it was copied whole, or ask the organiser for your link."
        ),
        404,
    ),
    ErrorType(
        "followup_closed",
        _("This follow-up survey has closed and no longer takes answers. Thank you."),
        410,
    ),
    ErrorType(
        "followup_not_open",
        _("This follow-up survey is not open yet."),
        409,
    ),
    ErrorType(
        "followup_already_answered",
        _("This link has already been used to answer. Each person answers once; thank you."),
        409,
    ),
    ErrorType("followup_bad_answer", _("Choose whether you applied what you learned."), 400),
    ErrorType(
        "followup_text_too_long", _("Each answer may be at most %(limit)s characters long."), 400
    ),
    ErrorType(
        "followup_not_author",
        _("Only the person who wrote this answer, logged in, may turn it into a knowledge item."),
        403,
    ),
    ErrorType(
        "followup_no_community",
        _(
            "This activity is not linked to a community, so its lessons have nowhere to go yet. Ask the organiser to link it."
        ),
        409,
    ),
    ErrorType(
        "followup_not_member",
        _("Join the community %(community)s first to write a knowledge item there."),
        403,
    ),
    ErrorType(
        "followup_draft_exists", _("A knowledge item was already drafted from this answer."), 409
    ),
)
