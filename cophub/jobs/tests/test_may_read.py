"""A job's file goes to its owner only while the job's kind still lets them read it: someone
taken off a program's team keeps nothing of the program's exports (issue 12)."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from cophub.accounts.models import User
from cophub.jobs.models import Job
from cophub.programs.models import ProgramMember
from cophub.programs.services import program_member_remove
from cophub.surveys.services import survey_submit
from cophub.testing import ActivityFactory, UserFactory, all_likert, join_team, survey_for

pytestmark = pytest.mark.django_db


def test_a_facilitator_taken_off_the_team_no_longer_gets_the_export(
    organiser, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(program__owner=organiser)
    survey = survey_for(activity, organiser)
    for i in range(3):
        survey_submit(
            survey=survey, client_id=uuid.uuid4(), answers=all_likert(4, comment=f"ความลับ {i}")
        )
    facilitator = UserFactory(username="fac", role=User.Role.FACILITATOR)
    join_team(activity.program, facilitator)
    client = Client()
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("surveys:export_job", args=[activity.pk]), {"format": "csv"})
    job = Job.objects.get(owner=facilitator)
    assert job.state == Job.State.DONE
    result = reverse("jobs:result", kwargs={"job_id": job.pk})
    assert client.get(result).status_code == 200  # on the team: the file is theirs

    program_member_remove(actor=organiser, member=ProgramMember.objects.get(user=facilitator))
    assert client.get(result).status_code == 404
    assert client.get(reverse("jobs:detail", kwargs={"job_id": job.pk})).status_code == 404
    api = client.get(f"/api/v1/jobs/{job.pk}")
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    # A job is its starter's: the organiser does not get another person's file either.
    owner = Client()
    owner.force_login(organiser)
    assert owner.get(result).status_code == 404
