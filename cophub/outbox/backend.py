"""EMAIL_BACKEND that puts mail in the outbox instead of sending it.

Everything that sends through Django (``send_mail``, ``EmailMessage.send()``, the
password-reset view) lands here, so every e-mail gets the outbox's retry and its record
without the caller knowing. The worker delivers through ``EMAIL_DELIVERY_BACKEND``.
"""

from __future__ import annotations

from email.mime.base import MIMEBase

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.html import strip_tags

from cophub.outbox.services import message_queue


def _attachment(item) -> tuple[str, bytes | str, str | None]:
    if isinstance(item, MIMEBase):
        return (
            item.get_filename() or "attachment",
            item.get_payload(decode=True) or b"",
            item.get_content_type(),
        )
    filename, content, mimetype = item
    return filename or "attachment", content, mimetype


def _bodies(message: EmailMessage) -> tuple[str, str | None]:
    text, html = message.body, None
    if message.content_subtype == "html":
        # An HTML-only message: keep the HTML, and give text-only readers its words.
        text, html = strip_tags(message.body), message.body
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
        else:
            raise ValueError(f"the outbox keeps text and HTML bodies, not {mimetype}")
    return text, html


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue  # Django's own backends skip these too
            try:
                text, html = _bodies(message)
                message_queue(
                    to=message.to, cc=message.cc, bcc=message.bcc, reply_to=message.reply_to,
                    from_email=message.from_email, subject=str(message.subject),
                    body=text, html=html, headers=dict(message.extra_headers),
                    attachments=[_attachment(a) for a in message.attachments],
                )  # fmt: skip
            except Exception:
                if not self.fail_silently:
                    raise
                continue
            queued += 1
        return queued
