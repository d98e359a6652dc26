"""The dashboard's error codes, registered by ``CoreConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType(
        "dashboard_bad_years",
        _("Choose fiscal years (B.E.) from %(min)s to %(max)s, the first not after the last."),
        422,
    ),
    ErrorType("dashboard_too_many_years", _("Choose at most %(max)s fiscal years."), 422),
    ErrorType("dashboard_bad_scope", _("Choose central or regional organisations."), 422),
    ErrorType("dashboard_unknown_organization", _("Choose an organisation from the list."), 422),
)
