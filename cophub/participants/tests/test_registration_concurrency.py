"""Twenty people press "register" at the same moment for five seats: never a sixth seat.

Real threads, each on its own database connection, released together by a barrier. On
PostgreSQL the policy row lock orders them; on SQLite the IMMEDIATE transactions do.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import close_old_connections, connection

from cophub.orgs.models import Person
from cophub.outbox.models import OutboxMessage
from cophub.participants.models import RegistrationPolicy
from cophub.participants.services.registration import (
    registration_cancel,
    registration_register_self,
)
from cophub.programs.models import Registration
from cophub.testing import UserFactory

PEOPLE = 20
SEATS = 5


def race(targets) -> list:
    """Run each callable in its own thread, all released together; return their results."""
    start = threading.Barrier(len(targets))
    results, errors = [], []
    lock = threading.Lock()

    def work(target):
        try:
            close_old_connections()
            start.wait()
            outcome = target()
            with lock:
                results.append(outcome)
        except Exception as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=work, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    return results


def people(dopa, n):
    users = []
    for i in range(n):
        user = UserFactory(username=f"racer{i}")
        Person.objects.create(
            user=user, first_name=f"คนที่{i}", organization=dopa, email=f"racer{i}@example.go.th"
        )
        users.append(user)
    return users


@pytest.mark.django_db(transaction=True)
def test_twenty_at_once_for_five_seats_gives_five_registered_and_fifteen_waiting(activity, dopa):
    RegistrationPolicy.objects.filter(activity=activity).update(capacity=SEATS)
    users = people(dopa, PEOPLE)

    def register(user):
        return lambda: registration_register_self(user=user, activity=activity).status

    outcomes = Counter(race([register(u) for u in users]))
    assert outcomes == {"registered": SEATS, "waiting": PEOPLE - SEATS}
    stored = Counter(
        Registration.objects.filter(activity=activity).values_list("status", flat=True)
    )
    assert stored == {"registered": SEATS, "waiting": PEOPLE - SEATS}
    # Everyone got the mail that fits: five confirmations with a QR, fifteen waiting notes.
    with_qr = OutboxMessage.objects.filter(attachments__isnull=False).distinct().count()
    assert (with_qr, OutboxMessage.objects.count()) == (SEATS, PEOPLE)


@pytest.mark.django_db(transaction=True)
def test_cancellations_racing_registrations_never_overfill(activity, dopa):
    RegistrationPolicy.objects.filter(activity=activity).update(capacity=SEATS)
    holders = people(dopa, SEATS)
    seats = [registration_register_self(user=u, activity=activity) for u in holders]
    newcomers = [UserFactory(username=f"late{i}") for i in range(10)]
    for i, user in enumerate(newcomers):
        Person.objects.create(user=user, first_name=f"มาทีหลัง{i}", organization=dopa)

    def cancel(registration, user):
        return lambda: registration_cancel(actor=user, registration=registration).status

    def register(user):
        return lambda: registration_register_self(user=user, activity=activity).status

    race(
        [cancel(r, u) for r, u in zip(seats[:3], holders[:3], strict=True)]
        + [register(u) for u in newcomers]
    )
    held = Registration.objects.filter(
        activity=activity, status__in=Registration.HOLDS_SEAT
    ).count()
    assert held == SEATS  # the three freed seats went to three newcomers, no more
    assert Registration.objects.filter(activity=activity, status="waiting").count() == 7
