"""Sending the outbox: claim a message, hand it to the delivery backend, record how it went.

Two workers never send one message: a worker first *claims* the row with one
conditional UPDATE (queued → sending, with its name and a lease) and sends only if that
UPDATE changed a row. The database serialises the two UPDATEs; the second finds the row
no longer queued and changes nothing.

Delivery is at-least-once, not exactly-once. A worker that dies after the SMTP server
accepted the message but before it recorded "sent" leaves the row 'sending'; when the
lease runs out the sweep hands it to another worker, which sends it again. No protocol
closes that gap (SMTP has no "did you already accept this?"), so the choice is which way
to fail: resend, or never send. For a password reset or a survey invitation a rare
duplicate is a nuisance, a silent loss is a person locked out or never asked; the
window is a few milliseconds per message, and every copy carries one Message-ID.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import get_random_string

from cophub.jobs.queue import PRIORITY_QUICK, TRANSIENT, background, backoff, periodic
from cophub.outbox.models import OutboxMessage
from cophub.outbox.selectors import message_stale_ids

logger = logging.getLogger("cophub.outbox")
State = OutboxMessage.State
SWEEP_EVERY = 60.0  # seconds; a lost message waits at most a lease plus this


class DeliveryDeferred(ConnectionError):
    """The mail server refused for now. A ConnectionError, so the job queue retries."""


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def _claimant() -> str:
    # One name per claim, not per process: two threads of one worker are two claimants.
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def message_claim(message_id: int, claimant: str) -> bool:
    """Take the message for sending, if nobody holds it; True if this call got it.

    A 'sending' row whose lease ran out is claimable too: its worker died. Claiming
    counts the attempt, so a message that kills its worker every time still runs out of
    attempts instead of being tried for ever.
    """
    now = timezone.now()
    claimable = Q(state=State.QUEUED) | Q(state=State.SENDING, claimed_until__lt=now)
    claimed = OutboxMessage.objects.filter(claimable, pk=message_id).update(
        state=State.SENDING, claimed_by=claimant, claimed_until=now + _lease(),
        attempts=F("attempts") + 1,
    )  # fmt: skip
    return claimed == 1


def _record(message_id: int, claimant: str, **fields) -> None:
    # Only the claimant records the outcome: a worker that overran its lease must not
    # overwrite what the worker that took the message over has recorded.
    done = OutboxMessage.objects.filter(
        pk=message_id, state=State.SENDING, claimed_by=claimant
    ).update(claimed_until=None, **fields)
    if not done:
        logger.warning("outbox message %s: lease lost before the outcome was recorded", message_id)


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    """The Django e-mail for an outbox row, attachments read back from storage."""
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body, from_email=message.from_email,
        to=message.to, cc=message.cc, bcc=message.bcc, reply_to=message.reply_to,
        headers=dict(message.headers),
    )  # fmt: skip
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments.all():
        with attachment.file.open("rb") as f:
            email.attach(attachment.filename, f.read(), attachment.mimetype or None)
    return email


def is_refusal(exc: BaseException) -> bool:
    """The server answered with an SMTP code (as opposed to not answering at all)."""
    return isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused)


def is_transient(exc: BaseException) -> bool:
    """Worth trying again: a 4xx answer, or no answer (refused, timed out, cut off)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    # SMTPException, ssl and socket errors are all OSErrors: the network, not the message.
    return isinstance(exc, (*TRANSIENT, OSError))


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {_text(text)}" for address, (code, text) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{exc.__class__.__name__}: {exc}"[:2000]


@background(max_attempts=settings.OUTBOX_MAX_ATTEMPTS, priority=PRIORITY_QUICK)
def outbox_send(message_id: int) -> dict:
    """Send one outbox message; safe to run any number of times for the same id."""
    claimant = _claimant()
    if not message_claim(message_id, claimant):
        return {"skipped": message_id}  # sent, failed, gone, or another worker has it
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        email = build_email(message)
        connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
    except Exception as exc:
        # A missing attachment or a broken setting: sending again will not help.
        _record(message_id, claimant, state=State.FAILED, last_error=describe(exc))
        raise
    try:
        connection.send_messages([email])
    except Exception as exc:
        error = describe(exc)
        if is_transient(exc) and message.attempts < settings.OUTBOX_MAX_ATTEMPTS:
            later = timezone.now() + backoff(message.attempts)
            _record(
                message_id, claimant, state=State.QUEUED, last_error=error, next_attempt_at=later
            )
            logger.warning("outbox message %s deferred (%s)", message_id, error)
            raise DeliveryDeferred(error) from exc
        _record(message_id, claimant, state=State.FAILED, last_error=error)
        logger.warning("outbox message %s failed (%s)", message_id, error)
        if is_refusal(exc) or is_transient(exc):
            return {"failed": message_id}
        raise  # not the mail server's answer but our bug: keep the traceback
    _record(message_id, claimant, state=State.SENT, sent_at=timezone.now(), next_attempt_at=None)
    return {"sent": message_id}


@periodic(every=SWEEP_EVERY)
@background()
def outbox_sweep() -> dict:
    """Queue a send for every message whose own task was lost; safe to run at any time.

    Lost: 'sending' past its lease (the worker died), or 'queued' for longer than a
    lease past when it was due (the enqueue after commit never happened, the job queue
    gave up, or the immediate backend could not defer the retry). A send queued twice
    costs one no-op claim, so the sweep need not be sure.
    """
    ids = message_stale_ids(now=timezone.now(), grace=_lease())
    for message_id in ids:
        outbox_send.enqueue(message_id)
    return {"queued": len(ids)}
