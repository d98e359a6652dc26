"""The participants app's error codes, registered by ``CoreConfig.ready``.

Check-in outcomes are not errors: a refused scan is an answer with a reason code
(``services.checkin.REASONS``), stored with the scan.
"""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    # --- the sign-in sheet entered afterwards (views/field.py) ------------------------
    ErrorType(
        "sheet_rows_invalid",
        _("Type row numbers printed on the sign-in sheet, such as 1 3 5-9."),
        400,
    ),
    # --- registration ---------------------------------------------------------------
    ErrorType("registration_closed", _("Registration for this activity is closed."), 409),
    ErrorType("registration_not_open_yet", _("Registration opens on %(opens)s."), 409),
    ErrorType("registration_ended", _("Registration closed on %(closes)s."), 409),
    ErrorType(
        "registration_by_nomination",
        _(
            "This activity takes participants by nomination only. Ask your organisation's coordinator."
        ),
        403,
    ),
    ErrorType(
        "registration_target_only",
        _("This activity is for staff of its target organisations only."),
        403,
    ),
    ErrorType("already_registered", _("%(name)s is already registered for this activity."), 409),
    ErrorType(
        "quota_full",
        _("%(organization)s has used all %(seats)s of its seats for this activity."),
        409,
    ),
    ErrorType(
        "cancel_too_late",
        _("The activity has started; a registration can no longer be cancelled."),
        409,
    ),
    ErrorType(
        "no_organization",
        _("Tell us your organisation first: it decides whether you may register."),
        400,
    ),
    ErrorType(
        "not_your_organization",
        _("%(name)s is not on the staff of an organisation you coordinate."),
        403,
    ),
    ErrorType(
        "survey_after_checkin",
        _("This survey opens to attendees when check-in has closed. Please come back then."),
        409,
    ),
    ErrorType("invalid_status", _("Choose one of the statuses offered."), 400),
    ErrorType("invalid_policy", _("Some registration settings need attention."), 400),
    ErrorType("nominee_missing", _("Choose a person or type the new person's first name."), 400),
    # --- check-in -------------------------------------------------------------------
    ErrorType("nonce_reused", _("This scan id was already used for another code."), 409),
    # the activity's gate (views/gate.py)
    ErrorType("gate_unknown_action", _("Use one of the buttons on this page."), 400),
    # --- participant lists ------------------------------------------------------------
    # (the import helper adds its codes below this line)
    ErrorType("import_empty_file", _("The file is empty: there are no rows to read."), 400),
    ErrorType(
        "import_too_large",
        _(
            "The file is %(size)s MB; lists of at most %(limit)s MB can be imported. Split the list or save it without pictures."
        ),
        413,
    ),
    ErrorType(
        "import_wrong_type",
        _(
            "This is not an Excel (.xlsx) or CSV file. Save the list as .xlsx or .csv and upload it again."
        ),
        400,
    ),
    ErrorType(
        "import_old_excel",
        _(
            "This is an old Excel file (.xls). Open it in Excel, save it as an Excel Workbook (.xlsx) and upload that."
        ),
        400,
    ),
    ErrorType(
        "import_unreadable",
        _(
            "The spreadsheet cannot be read; it may be damaged. Save it again as .xlsx or .csv and upload it again."
        ),
        400,
    ),
    ErrorType(
        "import_control_character",
        _("Cell %(cell)s holds a control character that cannot be saved. Retype the cell."),
        400,
    ),
    ErrorType(
        "import_encoding",
        _(
            'The CSV file is in a text encoding CoP Hub cannot read. Save it as "CSV UTF-8" and upload it again.'
        ),
        400,
    ),
    ErrorType(
        "import_no_header",
        _(
            "No header row in the first %(rows)s rows: the list needs a row of column names such as ชื่อ-สกุล, หน่วยงาน, อีเมล."
        ),
        400,
    ),
    ErrorType(
        "import_no_name_column",
        _(
            "Row %(row)s is the header row but has no name column: add a column ชื่อ-สกุล, or ชื่อ and นามสกุล."
        ),
        400,
    ),
    ErrorType(
        "import_too_many_rows",
        _("The list has more than %(max)s rows; split it into smaller files."),
        400,
    ),
    ErrorType(
        "import_has_problems",
        _(
            "%(count)s rows have problems, so nothing was imported. Correct the file, or choose to import only the good rows."
        ),
        409,
    ),
    ErrorType("import_not_ready", _("This preview is not ready, so it cannot be confirmed."), 409),
    # Problems of one row of a list: shown by row and column, never raised.
    ErrorType("import_row_name_missing", _("No name, though the row has other entries."), 400),
    ErrorType("import_row_unknown_organization", _('Unknown organisation "%(value)s".'), 400),
    ErrorType("import_row_unknown_province", _('Unknown province "%(value)s".'), 400),
    ErrorType("import_row_bad_email", _('"%(value)s" is not an e-mail address.'), 400),
    ErrorType(
        "import_row_duplicate_email",
        _("Rows %(other)s and %(row)s have the same e-mail address: the person is listed twice."),
        400,
    ),
    ErrorType(
        "import_row_duplicate_name",
        _("Rows %(other)s and %(row)s name the same person in the same organisation."),
        400,
    ),
    ErrorType("import_row_too_long", _("Longer than %(max)s characters."), 400),
)
