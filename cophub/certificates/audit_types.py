"""What the certificates app's services record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("certificate_design.updated", _("Certificate design changed")),
    ActionType("certificate.decided", _("Certificate given or withheld by the organiser")),
    ActionType("certificate.issued", _("Certificates issued")),
    ActionType("certificate.revoked", _("Certificate revoked")),
)
