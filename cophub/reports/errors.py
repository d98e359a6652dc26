from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("report_unknown_format", _("The report comes as HTML, DOCX or PDF."), 422),
    # A PDF or DOCX takes seconds to write for a large program: never inside a GET.
    ErrorType(
        "report_use_job",
        _(
            "A PDF or Word report is written in the background: POST "
            "/api/v1/programs/%(program_id)s/report-jobs and follow the job it returns."
        ),
        400,
    ),
)
