"""What is recorded about people; written by the services that add them (registrations)."""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (ActionType("person.created", _("Person added")),)
