"""Two real `cophub worker` processes race to send one follow-up: each person gets the
invitation once (one Message row, one outbox row, one mail at a real SMTP server)."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

import pytest
from django_tasks_db.models import DBTaskResult

from cophub.followups.jobs import followups_send_due
from cophub.followups.models import Message
from cophub.followups.services import followup_create
from cophub.outbox.models import OutboxMessage
from cophub.testing import (
    ActivityFactory,
    PersonFactory,
    RegistrationFactory,
    mail_workers,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_send_each_person_the_invitation_once(
    smtp_server,
    database_tasks,
    settings,
    tmp_path,
    organiser,
):
    ended = dt.date.today() - dt.timedelta(days=90)
    activity = ActivityFactory(program__owner=organiser, start_date=ended, end_date=ended)
    for n in range(8):
        RegistrationFactory(activity=activity, person=PersonFactory(email=f"f{n}@example.go.th"))
    followup_create(
        actor=organiser, activity=activity, delay_days=90, reminder_days=[14], open_days=60
    )
    with mail_workers(2, smtp_server=smtp_server, settings=settings, var_dir=tmp_path) as workers:
        for _ in range(6):  # six sends of the same follow-up, raced by the two workers
            followups_send_due.enqueue()
        wait_for(
            lambda: (
                not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()
                and not OutboxMessage.objects.exclude(state=OutboxMessage.State.SENT).exists()
                and OutboxMessage.objects.count() >= 8
            )
        )
        time.sleep(0.5)  # let any second mail, if there were one, reach the server
    log = workers[0].stdout.read().decode()[-2000:]
    assert Counter(Message.objects.values_list("kind", flat=True)) == {"invite": 8}, log
    assert OutboxMessage.objects.count() == 8
    delivered = Counter(tuple(m.get_all("To")) for m in smtp_server.messages)
    assert delivered == {(f"f{n}@example.go.th",): 1 for n in range(8)}
