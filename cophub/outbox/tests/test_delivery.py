"""The outbox delivers through a real SMTP server: once, later, or never, as it should."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, send_mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.outbox.models import OutboxMessage
from cophub.outbox.services import message_queue
from cophub.outbox.tasks import outbox_send

pytestmark = pytest.mark.django_db
State = OutboxMessage.State


def send_tasks():
    return DBTaskResult.objects.filter(task_path="cophub.outbox.tasks.outbox_send")


def run_queued(row: DBTaskResult):
    """What the worker does with a queued task row."""
    return row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])


def test_password_reset_is_queued_then_delivered_once(
    smtp_server, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = Client().post(reverse("password_reset"), {"email": member.email})
    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert (message.state, message.to, message.attempts) == (State.QUEUED, [member.email], 0)
    assert smtp_server.messages == []  # the request only wrote the row

    assert len(callbacks) == 1
    callbacks[0]()  # the send task, enqueued at commit; immediate in the tests
    assert len(smtp_server.messages) == 1
    delivered = smtp_server.messages[0]
    assert delivered["To"] == member.email
    assert delivered["Message-ID"] == message.headers["Message-ID"]
    assert re.search(r"/accounts/reset/\S+/", delivered.get_payload(decode=True).decode())
    message.refresh_from_db()
    assert (message.state, message.attempts, message.claimed_until) == (State.SENT, 1, None)
    assert message.sent_at is not None

    assert outbox_send.call(message.pk) == {"skipped": message.pk}  # a second run sends nothing
    assert len(smtp_server.messages) == 1


def test_html_and_attachments_are_delivered_from_storage(
    smtp_server, django_capture_on_commit_callbacks
):
    email = EmailMultiAlternatives(
        "รายงานประจำปี", "ข้อความ", to=["คุณสมชาย <somchai@example.go.th>"], cc=["cc@example.go.th"]
    )
    email.attach_alternative("<p>ข้อความ</p>", "text/html")
    email.attach("../../report.pdf", b"%PDF-1.7 bytes", "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert email.send() == 1
    message = OutboxMessage.objects.get()
    [attachment] = message.attachments.all()
    assert default_storage.open(attachment.file.name).read() == b"%PDF-1.7 bytes"
    assert attachment.file.name == f"outbox/{message.pk}/report.pdf"  # kept in its folder

    [delivered] = smtp_server.messages
    assert delivered["Subject"] is not None
    assert smtp_server.recorder.envelopes[0][1] == ["somchai@example.go.th", "cc@example.go.th"]
    parts = {p.get_content_type(): p for p in delivered.walk()}
    assert parts["text/plain"].get_payload(decode=True).decode() == "ข้อความ"
    assert parts["text/html"].get_payload(decode=True).decode() == "<p>ข้อความ</p>"
    assert parts["application/pdf"].get_payload(decode=True) == b"%PDF-1.7 bytes"
    assert parts["application/pdf"].get_filename() == "../../report.pdf"  # as it was given


def test_stopped_server_leaves_the_message_queued_with_a_retry(
    smtp_server, database_tasks, django_capture_on_commit_callbacks
):
    smtp_server.stop()  # nothing listens on the port: connection refused
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(to="member@example.go.th", subject="ทดสอบ", body="สวัสดี")
    [first] = send_tasks()
    assert run_queued(first) == {"retry": 2}

    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.QUEUED, 1)
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at > timezone.now()
    [retry] = send_tasks().exclude(pk=first.pk)
    assert retry.args_kwargs == {"args": [message.pk], "kwargs": {"_attempt": 2}}
    assert retry.run_after > timezone.now()

    smtp_server.start()  # the server is back; the retry delivers
    assert run_queued(retry) == {"sent": message.pk}
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENT, 2)
    assert len(smtp_server.messages) == 1


def test_temporary_refusal_is_retried(smtp_server, database_tasks):
    message = OutboxMessage.objects.create(to=["busy@example.go.th"], subject="s", body="b")
    assert outbox_send.call(message.pk) == {"retry": 2}
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.QUEUED, 1)
    assert message.last_error.startswith("busy@example.go.th: 451")
    assert send_tasks().count() == 1


def test_permanent_refusal_marks_the_message_failed(
    smtp_server, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(to="nobody@example.go.th", subject="s", body="b")
    [task] = send_tasks()
    assert run_queued(task) == {"failed": message.pk}
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.FAILED, 1)
    assert message.last_error == "nobody@example.go.th: 550 5.1.1 No such user here"
    assert send_tasks().count() == 1  # no retry
    assert smtp_server.messages == []


def test_gives_up_after_the_last_attempt(smtp_server, database_tasks, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server.stop()
    message = OutboxMessage.objects.create(
        to=["a@example.go.th"], subject="s", body="b", attempts=1
    )
    assert outbox_send.call(message.pk) == {"failed": message.pk}
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.FAILED, 2)
    assert "ConnectionRefusedError" in message.last_error
    assert send_tasks().count() == 0


def test_an_unsendable_message_fails_with_its_error(smtp_server):
    # Written past message_queue's check, as a row from before a rule change might be.
    message = OutboxMessage.objects.create(to=["a@b@c"], subject="s", body="b")
    with pytest.raises(ValueError):
        outbox_send.func(message.pk)
    message.refresh_from_db()
    assert message.state == State.FAILED
    assert message.last_error.startswith("ValueError")


def test_send_mail_goes_through_the_outbox(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("หัวเรื่อง", "เนื้อความ", None, ["a@example.go.th", "b@example.go.th"])
    message = OutboxMessage.objects.get()
    assert message.from_email == "CoP Hub <noreply@localhost>"
    assert message.state == State.SENT
    assert AuditLog.objects.filter(action="outbox.queue", object_id=str(message.pk)).exists()
    assert len(smtp_server.messages) == 1


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"to": []}, "outbox_no_recipients"),
        ({"to": " "}, "outbox_no_recipients"),
        ({"to": "not an address"}, "outbox_bad_address"),
        ({"reply_to": ["a@b@c"]}, "outbox_bad_address"),
        ({"subject": "one\nBcc: victim@example.org"}, "outbox_bad_header"),
        ({"headers": {"X-Note": "a\r\nBcc: victim@example.org"}}, "outbox_bad_header"),
    ],
)
def test_bad_messages_are_refused_when_queued(kwargs, code):
    fields = {"to": ["a@example.go.th"], "subject": "s", "body": "b", **kwargs}
    with pytest.raises(DomainError) as caught:
        message_queue(**fields)
    assert caught.value.code == code
    assert not OutboxMessage.objects.exists()


def test_lease_is_taken_for_the_send(smtp_server, settings):
    settings.OUTBOX_LEASE_SECONDS = 90
    message = OutboxMessage.objects.create(to=["a@example.go.th"], subject="s", body="b")
    before = timezone.now()
    from cophub.outbox.tasks import message_claim

    assert message_claim(message.pk, "worker-a")
    assert not message_claim(message.pk, "worker-b")
    message.refresh_from_db()
    assert message.claimed_by == "worker-a"
    assert before + dt.timedelta(seconds=89) < message.claimed_until
    assert message.claimed_until < timezone.now() + dt.timedelta(seconds=91)
