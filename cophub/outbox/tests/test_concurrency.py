"""Workers racing for the same messages, each thread with its own database connection."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import close_old_connections, connection

from cophub.outbox.models import OutboxMessage
from cophub.outbox.services import message_queue
from cophub.outbox.tasks import outbox_send

State = OutboxMessage.State
WORKERS = 4


def race(target, *args) -> list:
    """Run ``target(*args)`` in WORKERS threads released together; return their results."""
    start = threading.Barrier(WORKERS)
    results, errors = [], []

    def work():
        try:
            start.wait()
            results.append(target(*args))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_racing_workers_deliver_each_message_once(smtp_server):
    # Rows written directly: message_queue would send them at once (immediate backend).
    ids = [
        OutboxMessage.objects.create(
            to=[f"person{n}@example.go.th"], subject=f"ข้อความ {n}", body="b",
            headers={"Message-ID": f"<race-{n}@cophub.test>"},
        ).pk
        for n in range(10)
    ]  # fmt: skip

    def send_all():
        close_old_connections()
        return [outbox_send.call(pk) for pk in ids]

    outcomes = Counter(next(iter(r)) for run in race(send_all) for r in run)
    assert outcomes == {"sent": 10, "skipped": 10 * (WORKERS - 1)}
    delivered = Counter(m["Message-ID"] for m in smtp_server.messages)
    assert delivered == {f"<race-{n}@cophub.test>": 1 for n in range(10)}
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {(State.SENT, 1)}


@pytest.mark.django_db(transaction=True)
def test_racing_requests_with_one_dedupe_key_queue_one_message(smtp_server):
    def ask():
        close_old_connections()
        return message_queue(
            to="member@example.go.th", subject="แบบสอบถามติดตามผล", body="b",
            dedupe_key="followup:42:reminder:2",
        ).pk  # fmt: skip

    assert len(set(race(ask))) == 1
    assert OutboxMessage.objects.count() == 1
    assert len(smtp_server.messages) == 1  # sent at commit by the one that queued it


@pytest.mark.django_db
def test_dedupe_key_queued_twice_gives_one_row(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = message_queue(to="a@example.go.th", subject="s", body="b", dedupe_key="k:1")
        again = message_queue(to="a@example.go.th", subject="s", body="b", dedupe_key="k:1")
        other = message_queue(to="a@example.go.th", subject="s", body="b", dedupe_key="k:2")
        plain = [message_queue(to="a@example.go.th", subject="s", body="b") for _ in range(2)]
    assert first.pk == again.pk
    assert len({first.pk, other.pk, *(m.pk for m in plain)}) == 4
    assert OutboxMessage.objects.count() == 4
    assert len(smtp_server.messages) == 4
    # Asked for again once sent, it is still the one message: never sent a second time.
    with django_capture_on_commit_callbacks(execute=True):
        assert message_queue(to="a@example.go.th", subject="s", body="b", dedupe_key="k:1") == first
    assert len(smtp_server.messages) == 4
