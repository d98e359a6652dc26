"""The orgs app's error codes (staff accounts), registered by ``CoreConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("username_taken", _("The user name %(username)s is taken."), 409),
    ErrorType("email_taken", _("Another account already uses %(email)s."), 409),
    ErrorType("invite_needs_email", _("An invitation needs an e-mail address."), 400),
    ErrorType(
        "cannot_demote_self",
        _("You cannot deactivate your own account or change your own role."),
        409,
    ),
    # --- staff accounts from an XLSX list (importing.py) ----------------------------------
    ErrorType("staff_import_empty", _("The file is empty: there are no rows to read."), 400),
    ErrorType(
        "staff_import_too_large",
        _("The file is %(size)s MB; a list of accounts may be at most %(limit)s MB."),
        413,
    ),
    ErrorType(
        "staff_import_not_xlsx",
        _("This is not an Excel workbook (.xlsx). Save the list as .xlsx and upload it again."),
        400,
    ),
    ErrorType(
        "staff_import_unreadable",
        _("The workbook cannot be read; it may be damaged. Save it again as .xlsx."),
        400,
    ),
    ErrorType(
        "staff_import_formula",
        _("Cell %(cell)s holds a formula. Type the values themselves (copy, then paste values)."),
        400,
    ),
    ErrorType(
        "staff_import_control_character",
        _("Cell %(cell)s holds a control character that cannot be saved. Retype the cell."),
        400,
    ),
    ErrorType(
        "staff_import_no_header",
        _("No header row with the columns %(columns)s in the first %(rows)s rows."),
        400,
    ),
    ErrorType(
        "staff_import_too_many_rows",
        _("The list has more than %(max)s accounts; split it into smaller files."),
        400,
    ),
    ErrorType(
        "staff_import_has_problems",
        _(
            "%(count)s rows have problems, so nothing was saved. Correct the file and upload it again."
        ),
        409,
    ),
    ErrorType(
        "staff_import_expired",
        _("This preview has expired or was changed. Upload the file again."),
        400,
    ),
    # Problems of one row of a list: shown by row and column, never raised.
    ErrorType("staff_import_row_no_username", _("No user name."), 400),
    ErrorType(
        "staff_import_row_bad_username",
        _("The user name %(value)s may hold only letters, digits and . @ + - _."),
        400,
    ),
    ErrorType("staff_import_row_bad_email", _('"%(value)s" is not an e-mail address.'), 400),
    ErrorType(
        "staff_import_row_bad_role",
        _('Unknown role "%(value)s": use one of the roles in the template.'),
        400,
    ),
    ErrorType(
        "staff_import_row_unknown_organization",
        _('Unknown organisation "%(value)s" (nearest: %(near)s).'),
        400,
    ),
    ErrorType("staff_import_row_twice", _("Also in row %(other)s."), 400),
    ErrorType(
        "staff_import_row_email_taken",
        _("The account %(username)s already uses %(email)s."),
        409,
    ),
    ErrorType("staff_import_row_too_long", _("Longer than %(max)s characters."), 400),
)
