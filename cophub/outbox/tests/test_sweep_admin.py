"""The sweep picks up what a dead worker left; the admin retries what failed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.outbox.models import OutboxMessage
from cophub.outbox.selectors import message_counts
from cophub.outbox.services import message_retry
from cophub.outbox.tasks import outbox_send, outbox_sweep
from cophub.testing import UserFactory

pytestmark = pytest.mark.django_db
State = OutboxMessage.State


@pytest.fixture
def admin_client(db) -> Client:
    """A system administrator as the demo makes one: staff and superuser."""
    user = UserFactory(username="root", role="admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def row(**fields) -> OutboxMessage:
    fields = {"to": ["a@example.go.th"], "subject": "s", "body": "b", **fields}
    return OutboxMessage.objects.create(**fields)


def test_sweep_resends_what_a_dead_worker_left(smtp_server, settings):
    now = timezone.now()
    lease = dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    dead = row(
        state=State.SENDING,
        attempts=1,
        claimed_by="gone:1:x",
        claimed_until=now - dt.timedelta(seconds=1),
    )
    busy = row(state=State.SENDING, attempts=1, claimed_by="alive:2:y", claimed_until=now + lease)
    fresh = row()  # its own task is still on the way
    lost = row()
    OutboxMessage.objects.filter(pk=lost.pk).update(created_at=now - 2 * lease)
    late_retry = row(attempts=1, next_attempt_at=now - 2 * lease)
    failed = row(state=State.FAILED, attempts=1, created_at=now - 2 * lease)

    assert outbox_sweep.call() == {"queued": 3}  # immediate backend: sent right away
    states = dict(OutboxMessage.objects.values_list("pk", "state"))
    assert states == {
        dead.pk: State.SENT, busy.pk: State.SENDING, fresh.pk: State.QUEUED,
        lost.pk: State.SENT, late_retry.pk: State.SENT, failed.pk: State.FAILED,
    }  # fmt: skip
    dead.refresh_from_db()
    assert dead.attempts == 2
    assert len(smtp_server.messages) == 3

    assert outbox_sweep.call() == {"queued": 0}  # run again: nothing more to do
    assert outbox_send.call(busy.pk) == {"skipped": busy.pk}  # a live lease is respected
    assert len(smtp_server.messages) == 3


def test_counts_by_state():
    row(), row(), row(state=State.FAILED)
    assert message_counts() == {"queued": 2, "sending": 0, "sent": 0, "failed": 1}


def test_admin_lists_messages_read_only(admin_client):
    message = row(subject="เชิญตอบแบบสอบถาม")
    client = admin_client
    listing = client.get(reverse("admin:outbox_outboxmessage_changelist"))
    assert listing.status_code == 200
    assert "เชิญตอบแบบสอบถาม" in listing.content.decode()
    url = reverse("admin:outbox_outboxmessage_changelist")
    assert "เชิญตอบแบบสอบถาม" in client.get(url, {"q": "a@example.go"}).content.decode()
    assert "เชิญตอบแบบสอบถาม" not in client.get(url, {"q": "nobody"}).content.decode()
    detail = client.get(reverse("admin:outbox_outboxmessage_change", args=[message.pk]))
    assert detail.status_code == 200
    assert 'name="subject"' not in detail.content.decode()  # shown, not editable
    assert client.get(reverse("admin:outbox_outboxmessage_add")).status_code == 403


def test_admin_action_retries_failed_messages(
    admin_client, smtp_server, django_capture_on_commit_callbacks
):
    failed = row(state=State.FAILED, attempts=20, last_error="451 busy")
    sent = row(state=State.SENT, attempts=1)
    client = admin_client
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:outbox_outboxmessage_changelist"),
            {"action": "retry_failed", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "นำอีเมล ๑ ฉบับเข้าคิวส่งใหม่แล้ว" in page
    assert "อีเมล ๑ ฉบับไม่ได้อยู่ในสถานะส่งไม่สำเร็จ จึงไม่ได้ส่งใหม่" in page
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (State.SENT, 1)  # a fresh count of attempts
    assert len(smtp_server.messages) == 1
    assert AuditLog.objects.filter(action="outbox.retry", actor=client.user).count() == 1
    sent.refresh_from_db()
    assert sent.state == State.SENT


def test_only_administrators_retry(organiser, sysadmin):
    failed = row(state=State.FAILED)
    with pytest.raises(DomainError) as caught:
        message_retry(actor=organiser, message=failed)
    assert caught.value.code == "permission_denied"
    with pytest.raises(DomainError) as caught:
        message_retry(actor=sysadmin, message=row(state=State.SENT))
    assert caught.value.code == "outbox_not_failed"


def delivery_backend(**env) -> str:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-c", "from cophub import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_DELIVERY_BACKEND)"],
        env={**keep, **env}, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0 or not result.stdout, result.stderr
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]


def test_settings_send_everything_through_the_outbox():
    outbox, smtp = (
        "cophub.outbox.backend.OutboxBackend",
        "django.core.mail.backends.smtp.EmailBackend",
    )
    console = "django.core.mail.backends.console.EmailBackend"
    assert delivery_backend() == f"{outbox} {console}"
    assert delivery_backend(EMAIL_HOST="mail.example.go.th") == f"{outbox} {smtp}"
    assert delivery_backend(EMAIL_DELIVERY_BACKEND=smtp) == f"{outbox} {smtp}"
    # The old meaning of EMAIL_BACKEND still works: it names the delivery.
    assert delivery_backend(EMAIL_BACKEND=smtp) == f"{outbox} {smtp}"
    assert delivery_backend(EMAIL_BACKEND=outbox) == f"{outbox} {console}"
    assert "cannot be the outbox" in delivery_backend(EMAIL_DELIVERY_BACKEND=outbox)


def test_errors_read_in_thai():
    with translation.override("th"):
        error = DomainError("outbox_bad_address", {"address": "a@b@c"})
        assert error.message == "“a@b@c” ไม่ใช่ที่อยู่อีเมล"


def test_the_workers_run_the_sweep_every_minute():
    from cophub.jobs.queue import PERIODIC

    assert [(every, when) for every, task, when in PERIODIC if task is outbox_sweep] == [
        (60.0, None)
    ]
