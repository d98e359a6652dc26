"""Every participants page and API read, walked as people who must be refused: a stranger
(sent to log in, or 401), a member, and the organiser of another program (403 or 404)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cophub.participants.models import RegistrationPolicy
from cophub.participants.urls import urlpatterns
from cophub.testing import RegistrationFactory

# Pages any logged-in member may open: registering themselves (the policy decides), their
# own list, and the activity QR's gate.
FOR_EVERY_MEMBER = {"register", "mine", "gate"}


@pytest.fixture
def values(activity, organiser):
    from cophub.jobs.models import Job

    registration = RegistrationFactory(activity=activity)
    job = Job.objects.create(kind="participants.import_preview", owner=organiser, params={})
    return {
        "activity_id": activity.pk, "registration_id": registration.pk, "job_id": job.pk,
        "code": RegistrationPolicy.objects.get(activity=activity).activity_code,
    }  # fmt: skip


def _urls(values):
    for pattern in urlpatterns:
        names = pattern.pattern.converters
        yield (
            pattern.name,
            reverse(f"participants:{pattern.name}", kwargs={k: values[k] for k in names}),
        )


@pytest.mark.parametrize("who", ["member_client", "other_client"])
def test_members_and_other_organisers_are_refused_everywhere(request, who, values):
    client = request.getfixturevalue(who)
    allowed = []
    for name, url in _urls(values):
        if name in FOR_EVERY_MEMBER:
            continue
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status not in (403, 404, 405):
                allowed.append((name, method, status))
    assert allowed == []


def test_a_stranger_is_sent_to_log_in_everywhere(stranger_client, values):
    for name, url in _urls(values):
        response = stranger_client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


@pytest.mark.parametrize("who", ["member_client", "other_client"])
def test_the_api_refuses_them_too(request, who, activity):
    client = request.getfixturevalue(who)
    assert client.get(f"/api/v1/activities/{activity.pk}/registrations").status_code in (403, 404)
    upload = {"file": SimpleUploadedFile("x.csv", "ชื่อ-สกุล\nนายสมชาย ใจดี\n".encode())}
    response = client.post(f"/api/v1/activities/{activity.pk}/participant-imports", upload)
    assert response.status_code in (403, 404)
    assert client.post(
        "/api/v1/checkins", {"code": "x"}, content_type="application/json"
    ).status_code in (403, 422)


def test_the_walk_covers_every_route(values):
    assert {name for name, _ in _urls(values)} == {p.name for p in urlpatterns}
