"""The surveys app's error codes, registered by ``CoreConfig.ready``.

``survey_not_open`` and ``survey_closed`` are raised as ``f"survey_{state}"`` from
``Survey.state()``; both are conflicts with the survey's schedule, not bad input.
"""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("survey_exists", _("This activity already has a survey."), 400),
    ErrorType("survey_not_open", _("This survey is not open yet."), 409),
    ErrorType("survey_closed", _("This survey has closed. Thank you for your interest."), 409),
    ErrorType(
        "survey_closes_before_opening", _("The closing time must be after the opening time."), 400
    ),
    ErrorType("invalid_questions", _("Some questions need attention."), 400),
    # --- the editor: drafts, copies and templates ------------------------------------------
    ErrorType(
        "survey_is_draft",
        _("This survey is still a draft: open it for answers before closing it."),
        409,
    ),
    ErrorType(
        "survey_source_conflict",
        _("Start from one source only: a template or an earlier activity's survey."),
        400,
    ),
    ErrorType("survey_source_missing", _("That activity has no survey to copy."), 400),
    ErrorType(
        "survey_template_no_organization",
        _(
            "A template belongs to an organisation: give the program (or your profile) an "
            "organisation first."
        ),
        400,
    ),
    ErrorType("invalid_answers", _("Some answers need attention."), 400),
    ErrorType(
        "survey_changed",
        _("The survey changed while you answered. Please reload it and try again."),
        400,
    ),
    # --- removing a flood of answers (services/flood.py) ---------------------------------
    ErrorType("survey_range_reversed", _("The end of the range is before its start."), 400),
    ErrorType(
        "survey_range_out_of_bounds",
        _("Choose times between the years 1900 and 2200 (B.E. 2443 to 2743)."),
        400,
    ),
    ErrorType(
        "survey_removal_attendees_only",
        _(
            "An attendees-only survey keeps only the day of each answer, and every answer "
            "needed a checked-in participant's pass: its answers are not removed by time."
        ),
        409,
    ),
    # --- attendees-only surveys (tickets.py) ---------------------------------------------
    ErrorType(
        "survey_attendees_need_registration",
        _(
            "Only an activity that takes registrations can have an attendees-only survey. "
            "Set up its registration first."
        ),
        400,
    ),
    ErrorType(
        "survey_attendees_locked",
        _(
            "People have answered already: whether the survey is for attendees only can no "
            "longer change."
        ),
        409,
    ),
    ErrorType(
        "survey_ticket_required",
        _(
            "This survey is for the activity's checked-in participants only. Scan the "
            'activity\'s QR code, log in and press "Answer the survey" on this phone.'
        ),
        403,
    ),
    ErrorType("survey_not_registered", _("You are not registered for this activity."), 403),
    ErrorType(
        "survey_not_attended",
        _("Only participants who checked in to this activity can answer this survey."),
        403,
    ),
    ErrorType(
        "survey_ticket_issued_elsewhere",
        _(
            "Your pass for this survey went to the phone or browser you first opened it with. "
            "Please answer there: answers are anonymous, so the system cannot tell whether "
            "that pass has answered, and a second pass would mean a second answer."
        ),
        409,
    ),
    ErrorType(
        "survey_not_answered", _("Send your answers first, then record that you answered."), 409
    ),
    ErrorType(
        "survey_completion_used",
        _("These answers have already been recorded for a participant."),
        409,
    ),
    ErrorType(
        "survey_too_few_answers",
        _(
            "Fewer than five people have answered this attendees-only survey. Its answers are "
            "shown from five on, so that no one's can be singled out."
        ),
        409,
    ),
)
