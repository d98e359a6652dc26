import datetime as dt

import pytest

from cophub.followups.services import followup_create
from cophub.outbox.tests.conftest import database_tasks, smtp_server  # noqa: F401 - fixtures
from cophub.testing import ActivityFactory, PersonFactory, RegistrationFactory

ENDED = dt.date(2026, 1, 10)
SENDS = ENDED + dt.timedelta(days=90)


@pytest.fixture
def activity(organiser):
    activity = ActivityFactory(
        program__owner=organiser, start_date=ENDED, end_date=ENDED, title="ศึกษาดูงานนวัตกรรม"
    )
    for n in range(3):
        RegistrationFactory(activity=activity, person=PersonFactory(email=f"p{n}@example.go.th"))
    RegistrationFactory(activity=activity, person=PersonFactory(email=""))  # a printed link
    RegistrationFactory(
        activity=activity, attended=False, person=PersonFactory(email="no@example.go.th")
    )
    return activity


@pytest.fixture
def followup(activity, organiser):
    return followup_create(
        actor=organiser, activity=activity, delay_days=90, reminder_days=[14, 28], open_days=60
    )
