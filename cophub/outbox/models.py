"""The outbox: every e-mail the system sends is first a row here.

A request (or a service) only writes the row; a worker sends it. So a mail server that
is slow or down never slows a page or loses a message, and ``dedupe_key`` makes "send
this person this message" safe to ask for any number of times.
"""

from __future__ import annotations

from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    from_email = models.CharField(_("from"), max_length=320)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998)  # RFC 5322's line limit
    body = models.TextField(_("text body"))
    html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # The same logical message ("followup:42:reminder:2") is queued once, however often
    # it is asked for. NULL when the caller does not care; NULLs never collide.
    dedupe_key = models.CharField(
        _("dedupe key"), max_length=200, null=True, blank=True, unique=True
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When a queued message is due (its retry's backoff); the sweep uses it to find
    # messages whose task was lost.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The lease: the worker sending the message, and until when it may. A 'sending' row
    # whose lease has run out belongs to a worker that died; another may take it.
    claimed_by = models.CharField(_("claimed by"), max_length=200, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["state", "claimed_until"],
                name="outbox_unfinished",
                condition=Q(state__in=["queued", "sending"]),
            )
        ]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"[:300]

    def recipients(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]


def attachment_path(instance: OutboxAttachment, filename: str) -> str:
    # The message id keeps one message's files together; the name is the storage's
    # business (it may add a suffix), the original name is kept in ``filename``.
    return f"outbox/{instance.message_id}/{PurePath(filename).name or 'attachment'}"


class OutboxAttachment(models.Model):
    """An attachment's bytes live on the default storage, not in the database row."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    mimetype = models.CharField(_("type"), max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename
