"""Writes to the outbox: queue a message, retry failed ones.

Sending is the worker's business (``tasks.py``); nothing here talks to a mail server, so
queueing is as fast and as reliable as the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail.utils import DNS_NAME
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from cophub.accounts.models import User
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError
from cophub.jobs.queue import enqueue_on_commit
from cophub.outbox.models import OutboxAttachment, OutboxMessage
from cophub.outbox.tasks import outbox_send

# (file name, content, MIME type or None), as in Django's EmailMessage.attachments
Attachment = tuple[str, bytes | str, str | None]


def _addresses(value: str | Iterable[str] | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = [value]
    return [a.strip() for a in value if a and a.strip()]


def _check_addresses(addresses: list[str]) -> None:
    # The same rule as the users' e-mail field, so an address a person could save is
    # one the outbox accepts; a bad one is refused now, not by the mail server later.
    for address in addresses:
        try:
            validate_email(parseaddr(address)[1])
        except ValidationError:
            raise DomainError("outbox_bad_address", {"address": address}) from None


def _one_line(value: str) -> bool:
    return "\n" not in value and "\r" not in value


@transaction.atomic
def message_queue(
    *,
    to: str | Sequence[str],
    subject: str,
    body: str,
    html: str | None = None,
    dedupe_key: str | None = None,
    from_email: str | None = None,
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
    reply_to: Sequence[str] = (),
    headers: dict[str, str] | None = None,
    attachments: Sequence[Attachment] = (),
    actor: User | None = None,
) -> OutboxMessage:
    """Put a message in the outbox; a worker sends it once this transaction commits.

    With a ``dedupe_key`` the same logical message is queued once: asking again returns
    the row already there (whatever its state) and queues nothing.
    """
    to, cc, bcc = _addresses(to), _addresses(cc), _addresses(bcc)
    if not (to or cc or bcc):
        raise DomainError("outbox_no_recipients")
    reply_to = _addresses(reply_to)
    _check_addresses([*to, *cc, *bcc, *reply_to])
    headers = {str(k): str(v) for k, v in (headers or {}).items()}
    if not _one_line(subject) or not all(map(_one_line, [*headers, *headers.values()])):
        # A line break in a header would let a value smuggle in headers of its own.
        raise DomainError("outbox_bad_header")
    dedupe_key = (dedupe_key or "").strip() or None
    if dedupe_key:
        existing = OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return existing
    if not any(k.lower() == "message-id" for k in headers):
        # Fixed when queued, so a message sent twice (see tasks.py) carries one id and
        # receiving systems that collapse duplicates by Message-ID can do so.
        headers["Message-ID"] = make_msgid(domain=DNS_NAME)
    fields = dict(
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to, cc=cc, bcc=bcc, reply_to=reply_to,
        subject=subject, body=body, html=html or "", headers=headers,
        dedupe_key=dedupe_key,
    )  # fmt: skip
    try:
        # A savepoint: if another transaction queued the same key a moment ago, the
        # unique index refuses this row and that one is the answer.
        with transaction.atomic():
            message = OutboxMessage.objects.create(**fields)
    except IntegrityError:
        if dedupe_key is None:
            raise
        return OutboxMessage.objects.get(dedupe_key=dedupe_key)
    for filename, content, mimetype in attachments:
        data = content.encode() if isinstance(content, str) else content
        attachment = OutboxAttachment(message=message, filename=filename, mimetype=mimetype or "")
        attachment.file.save(filename, ContentFile(data), save=False)
        attachment.save()
    audit_record(
        actor=actor, action="outbox.queue", instance=message,
        changes={"to": to, "cc": cc, "bcc": bcc, "dedupe_key": dedupe_key},
    )  # fmt: skip
    enqueue_on_commit(outbox_send, message.pk)
    return message


def _may_manage(actor: User | None) -> bool:
    return bool(actor and getattr(actor, "is_system_admin", False))


@transaction.atomic
def message_retry(*, actor: User, message: OutboxMessage) -> OutboxMessage:
    """Queue a failed message again, with a fresh count of attempts."""
    if not _may_manage(actor):
        raise DomainError("permission_denied")
    # Conditional, so a retry clicked twice (or racing a worker) queues one send.
    changed = OutboxMessage.objects.filter(
        pk=message.pk, state=OutboxMessage.State.FAILED
    ).update(
        state=OutboxMessage.State.QUEUED, attempts=0, next_attempt_at=timezone.now(),
        claimed_by="", claimed_until=None,
    )  # fmt: skip
    if not changed:
        raise DomainError("outbox_not_failed", {"id": message.pk})
    message.refresh_from_db()
    audit_record(
        actor=actor, action="outbox.retry", instance=message,
        changes={"state": ["failed", "queued"], "last_error": message.last_error},
    )  # fmt: skip
    enqueue_on_commit(outbox_send, message.pk)
    return message
