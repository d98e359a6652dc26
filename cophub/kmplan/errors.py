"""The KM plan's error codes, registered by ``CoreConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType(
        "kmplan_exists",
        _("%(organization)s already has a KM plan for fiscal year %(fiscal_year)s."),
        409,
    ),
    ErrorType(
        "kmplan_no_organization",
        _(
            "Your account is not linked to an organisation, so you cannot write its KM plan. "
            "Ask a system administrator to set your organisation."
        ),
        403,
    ),
    ErrorType(
        "kmplan_actual_computed",
        _(
            "The actual of this indicator is computed from the data and cannot be typed in. "
            "Only an indicator measured by “Other” takes a typed actual."
        ),
        400,
    ),
    ErrorType("kmplan_bad_target", _("The target must be a number of zero or more."), 400),
    ErrorType("kmplan_bad_months", _("Choose months of the fiscal year (October–September)."), 400),
    ErrorType(
        "kmplan_program_outside",
        _("The program must be one of this organisation's programs in the plan's fiscal year."),
        400,
    ),
    ErrorType("kmplan_area_outside", _("The knowledge area belongs to another plan."), 400),
)
