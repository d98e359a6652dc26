from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("report_unknown_format", _("The report comes as HTML, DOCX or PDF."), 422),
)
