from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    """Who changed what, when. Written by services in the same transaction as the change.

    ``action`` is a registered dotted action type (``cophub.core.audit``); it has no
    ``choices`` so that an app adding a type needs no migration here.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")

    def __str__(self) -> str:
        from cophub.core.thai import on_thai_screen, thai_date, thai_digits

        when = f"{self.at:%Y-%m-%d %H:%M}"
        if on_thai_screen():  # the admin's title and breadcrumbs: B.E., Thai digits
            local = timezone.localtime(self.at)
            when = f"{thai_date(local.date(), style='medium')} {thai_digits(f'{local:%H:%M}')} น."
        return f"{when} {self.actor} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        from cophub.core.audit import action_label  # audit imports this module

        return action_label(self.action)
