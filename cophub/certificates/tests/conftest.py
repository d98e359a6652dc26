"""The certificates tests' activity: a visit with two attendees (one with a Thai name
whose tone marks and ำ must survive the PDF) and one who stayed away."""

from __future__ import annotations

import datetime as dt

import pytest

from cophub.certificates import services
from cophub.jobs.models import Job
from cophub.testing import ActivityFactory, PersonFactory, RegistrationFactory

NAME = ("นางสาว", "น้ำผึ้ง", "ทองคำ")  # tone marks and ำ must survive the PDF's text layer
EMAIL, PHONE = "nampueng@example.go.th", "081-234-5678"


@pytest.fixture
def activity(organiser):
    a = ActivityFactory(program__owner=organiser, title="การบริหารจัดการขยะชุมชน",
                        start_date=dt.date(2026, 3, 12), end_date=dt.date(2026, 3, 13))  # fmt: skip
    return a


@pytest.fixture
def people(activity):
    her = PersonFactory(prefix=NAME[0], first_name=NAME[1], last_name=NAME[2], email=EMAIL,
                        phone=PHONE)  # fmt: skip
    RegistrationFactory(activity=activity, person=her, attended=True)
    other = RegistrationFactory(activity=activity, attended=True).person
    absent = RegistrationFactory(activity=activity, attended=False).person
    return her, other, absent


def issue(actor, activity, capture):
    with capture(execute=True):
        job = services.certificates_issue_start(actor=actor, activity=activity)
    job = Job.objects.get(pk=job.pk)
    assert job.state == Job.State.DONE, job.error_code
    return job
