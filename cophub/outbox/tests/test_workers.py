"""Two real `cophub worker` processes deliver the outbox to a real SMTP server."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from cophub.outbox.models import OutboxMessage
from cophub.outbox.tasks import outbox_send
from cophub.testing import mail_workers, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_worker_processes_send_each_message_once(
    smtp_server, database_tasks, settings, tmp_path
):
    ids = [
        OutboxMessage.objects.create(
            to=[f"person{n}@example.go.th"], subject=f"ข้อความ {n}", body="b",
            headers={"Message-ID": f"<worker-{n}@cophub.test>"},
        ).pk
        for n in range(20)
    ]  # fmt: skip
    with mail_workers(2, smtp_server=smtp_server, settings=settings, var_dir=tmp_path) as workers:
        for pk in ids:  # two tasks per message, so the two workers race for each one
            outbox_send.enqueue(pk)
            outbox_send.enqueue(pk)
        wait_for(lambda: not OutboxMessage.objects.exclude(state=OutboxMessage.State.SENT).exists())
        time.sleep(0.5)  # let any second send, if there were one, reach the server
    states = Counter(OutboxMessage.objects.values_list("state", flat=True))
    assert states == {OutboxMessage.State.SENT: 20}, workers[0].stdout.read().decode()[-2000:]
    delivered = Counter(m["Message-ID"] for m in smtp_server.messages)
    assert delivered == {f"<worker-{n}@cophub.test>": 1 for n in range(20)}
    # claimed_by is host:pid:token: every claim was one of these workers'. (Which worker
    # wins each race is up to the scheduler; the thread test races every message for sure.)
    pids = {c.split(":")[1] for c in OutboxMessage.objects.values_list("claimed_by", flat=True)}
    assert pids and pids <= {str(w.pid) for w in workers}
