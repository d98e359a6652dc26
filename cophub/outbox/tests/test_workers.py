"""Two real `cophub worker` processes deliver the outbox to a real SMTP server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter

import pytest

from cophub.jobs.models import WorkerBeat
from cophub.outbox.models import OutboxMessage
from cophub.outbox.tasks import outbox_send
from cophub.testing import child_database_url

pytestmark = pytest.mark.django_db(transaction=True)
BOOT = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('worker', '--interval', '0.05')"
)


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


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
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "cophub.settings", "TASKS_BACKEND": "database",
        "DATABASE_URL": child_database_url(), "COPHUB_VAR_DIR": str(tmp_path), "COPHUB_ENV": "development",
        "EMAIL_DELIVERY_BACKEND": settings.EMAIL_DELIVERY_BACKEND,
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port),
    }  # fmt: skip
    workers = [
        subprocess.Popen([sys.executable, "-c", BOOT], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]  # fmt: skip
    try:
        wait_for(lambda: WorkerBeat.objects.count() == 2)  # both up before there is work
        for pk in ids:  # two tasks per message, so the two workers race for each one
            outbox_send.enqueue(pk)
            outbox_send.enqueue(pk)
        wait_for(lambda: not OutboxMessage.objects.exclude(state=OutboxMessage.State.SENT).exists())
        time.sleep(0.5)  # let any second send, if there were one, reach the server
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(timeout=10)
    states = Counter(OutboxMessage.objects.values_list("state", flat=True))
    assert states == {OutboxMessage.State.SENT: 20}, workers[0].stdout.read().decode()[-2000:]
    delivered = Counter(m["Message-ID"] for m in smtp_server.messages)
    assert delivered == {f"<worker-{n}@cophub.test>": 1 for n in range(20)}
    # claimed_by is host:pid:token: every claim was one of these workers'. (Which worker
    # wins each race is up to the scheduler; the thread test races every message for sure.)
    pids = {c.split(":")[1] for c in OutboxMessage.objects.values_list("claimed_by", flat=True)}
    assert pids and pids <= {str(w.pid) for w in workers}
