from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("job_unknown_kind", _("This kind of job does not exist."), 400),
    ErrorType(
        "job_failed",
        _("The job could not be finished because of an error on our side. Please try again later."),
        500,
    ),
    ErrorType(
        "job_unavailable",
        _(
            "The job could not reach the database or another service after several tries. Please try again later."
        ),
        503,
    ),
)
