from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (ActionType("job.started", _("started a job")),)
