"""Every results, export, list, check-in and download route (pages and API: surveys,
participants, reports, jobs), walked as a facilitator of ANOTHER program (refused
everywhere) and as this program's facilitator (allowed at the door and the results only).

Before programs had teams a facilitator was a global role: `theirs` read every survey's
results, comments and exports and every list in every program (issue #12).
"""

from __future__ import annotations

import io
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse
from openpyxl import load_workbook

from cophub.accounts.models import User
from cophub.accounts.services import token_create
from cophub.jobs.models import Job
from cophub.jobs.urls import urlpatterns as job_patterns
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.participants.urls import urlpatterns as participant_patterns
from cophub.programs.models import Registration
from cophub.surveys.services import survey_submit
from cophub.surveys.urls import urlpatterns as survey_patterns
from cophub.testing import (
    ActivityFactory,
    PersonFactory,
    ProgramFactory,
    RegistrationFactory,
    UserFactory,
    all_likert,
    join_team,
    survey_for,
)

# Pages any logged-in member may open (registering themselves, their own list, the QR gate).
FOR_EVERY_MEMBER = {"register", "mine", "gate"}
# What this program's facilitator does: the door (with its list, sheet and badges), the
# person's registration and QR for the door, the survey's results and their export, and the
# survey's QR and poster for the projector in the hall (the survey's link is public anyway).
TEAM_READS = {
    "participants:checkin", "participants:checkin_search", "participants:checkin_poster",
    "participants:activity_qr", "participants:export_xlsx", "participants:signin_pdf",
    "participants:badges_pdf", "participants:registration", "participants:registration_qr",
    "surveys:results", "surveys:results_live", "surveys:qr_png", "surveys:qr_svg",
    "surveys:poster",
}  # fmt: skip
# What stays with the organisers: registration set-up, the roster, imports, the survey.
ORGANISERS_ONLY = {
    "participants:roster", "participants:policy", "participants:import", "participants:nominate",
    "surveys:manage",
}  # fmt: skip


@pytest.fixture
def world(organiser, other_organiser, django_capture_on_commit_callbacks):
    """Program A (the organiser's) with a list, a survey with answers and a job of its
    facilitator `ours`; program B (another organiser's) whose facilitator is `theirs`."""
    activity = ActivityFactory(program__owner=organiser)
    RegistrationPolicy.objects.create(activity=activity, is_open=True)
    person = PersonFactory(email="somchai@example.go.th")
    registration = RegistrationFactory(
        activity=activity, person=person, status=Registration.Status.REGISTERED
    )
    survey = survey_for(activity, organiser)
    for i in range(3):
        survey_submit(
            survey=survey, client_id=uuid.uuid4(), answers=all_likert(4, comment=f"ความเห็น {i}")
        )
    ours = UserFactory(username="ours", role=User.Role.FACILITATOR)
    theirs = UserFactory(username="theirs", role=User.Role.FACILITATOR)
    join_team(activity.program, ours)
    join_team(ActivityFactory(program=ProgramFactory(owner=other_organiser)).program, theirs)
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(ours).post(
            reverse("surveys:export_job", args=[activity.pk]), {"format": "csv"}
        )
    assert response.status_code == 302
    job = Job.objects.get(owner=ours)
    assert job.state == "done"
    return {
        "activity": activity, "registration": registration, "ours": ours, "theirs": theirs,
        "job": job, "survey": survey,
        "values": {
            "activity_id": activity.pk, "registration_id": registration.pk, "job_id": job.pk,
            "code": RegistrationPolicy.objects.get(activity=activity).activity_code,
        },
    }  # fmt: skip


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> Client:
    _token, secret = token_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _question_code(survey) -> str:
    return survey.current_version.questions.order_by("position").first().code


def _routes(world):
    """(name, url) for every participants, surveys and jobs route about program A's data.
    The respondent's public pages (a survey token) are the public's and left out."""
    values = world["values"]
    question = _question_code(world["survey"])
    groups: list[tuple[str, list[URLPattern]]] = [
        ("participants", participant_patterns), ("surveys", survey_patterns),
        ("jobs", job_patterns),
    ]  # fmt: skip
    for app, patterns in groups:
        for pattern in patterns:
            names = set(pattern.pattern.converters)
            if app == "participants" and pattern.name in FOR_EVERY_MEMBER:
                continue
            if "token" in names:
                continue
            # A survey route's slug names one of its questions (the participants' `code`
            # is the activity's gate code).
            extra = {"question": question, "code": question} if app == "surveys" else {}
            kwargs = {k: {**values, **extra}[k] for k in names}
            yield f"{app}:{pattern.name}", reverse(f"{app}:{pattern.name}", kwargs=kwargs)


def test_a_facilitator_of_another_program_is_refused_every_page(world):
    client = _client(world["theirs"])
    allowed = []
    for name, url in _routes(world):
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status not in (403, 404, 405):
                allowed.append((name, method, status))
    assert allowed == []
    # Nothing was checked in, cancelled or exported on their behalf.
    world["registration"].refresh_from_db()
    assert world["registration"].status == Registration.Status.REGISTERED
    assert not CheckIn.objects.exists() and not Job.objects.filter(owner=world["theirs"]).exists()


def test_a_facilitator_of_another_program_is_refused_by_the_api(world):
    client, activity = _api(world["theirs"]), world["activity"]
    a = activity.pk
    assert client.get(f"/api/v1/activities/{a}/results").status_code == 403
    assert client.get(f"/api/v1/activities/{a}/registrations").status_code == 403
    assert client.get(f"/api/v1/jobs/{world['job'].pk}").status_code == 404
    upload = {"file": SimpleUploadedFile("x.csv", "ชื่อ-สกุล\nนายสมชาย ใจดี\n".encode())}
    # 415: the API's guard against other sites' posts may refuse the multipart body first.
    imported = client.post(f"/api/v1/activities/{a}/participant-imports", upload)
    assert imported.status_code in (403, 415)
    code = world["registration"].checkin_code
    for body in ({"code": code}, {"code": code, "activity": a}):
        answer = client.post(
            "/api/v1/checkins", json.dumps({**body, "nonce": str(uuid.uuid4())}),
            content_type="application/json",
        )  # fmt: skip
        assert (answer.status_code, answer.json()["code"]) == (403, "permission_denied")
    world["registration"].refresh_from_db()
    assert world["registration"].status == Registration.Status.REGISTERED
    assert not CheckIn.objects.exists()


def test_the_programs_facilitator_works_the_door_and_reads_the_results(world):
    client = _client(world["ours"])
    routes = dict(_routes(world))
    for name in TEAM_READS:
        assert client.get(routes[name]).status_code == 200, name
    for name in ORGANISERS_ONLY:
        assert client.get(routes[name]).status_code in (403, 404), name
    # The job they started: its page and its file.
    job = world["job"]
    for name in ("jobs:detail", "jobs:result"):
        assert client.get(reverse(name, kwargs={"job_id": job.pk})).status_code == 200, name
    # The list comes without contacts; the organisers' list has them.
    sheet = load_workbook(io.BytesIO(client.get(routes["participants:export_xlsx"]).content))
    assert "somchai@example.go.th" not in str(list(sheet.active.values))
    # The API: the results, the door's list, and a scan of one of the program's codes.
    api, a = _api(world["ours"]), world["activity"].pk
    assert api.get(f"/api/v1/activities/{a}/results").status_code == 200
    assert api.get(f"/api/v1/activities/{a}/registrations").status_code == 200
    assert api.get(f"/api/v1/jobs/{job.pk}").status_code == 200


def _exports(user, program) -> list[dict]:
    """The program document as the export page, the API's export and the API's read give
    it to ``user``."""
    page = _client(user).post(reverse("programs:export", args=[program.pk]))
    api = _api(user)
    exported = api.post(f"/api/v1/programs/{program.pk}/export", content_type="application/json")
    read = api.get(f"/api/v1/programs/{program.pk}")
    assert [r.status_code for r in (page, exported, read)] == [200, 200, 200]
    return [json.loads(page.content), exported.json(), read.json()]


def _registrants(document: dict) -> list[dict]:
    return [r for a in document["activities"] for r in a.get("registrations", [])]


def test_the_program_export_gives_registrants_to_its_team_only(world, member):
    """Before, any logged-in user took every registrant's name, position, organisation and
    attendance away in the program's JSON (only the contacts were blanked)."""
    from cophub.privacy.models import PersonalDataRead

    program, person = world["activity"].program, world["registration"].person
    reads = PersonalDataRead.objects.count()  # the survey export of the world's job
    for outsider in (world["theirs"], member):
        for document in _exports(outsider, program):
            assert _registrants(document) == [], outsider
    assert PersonalDataRead.objects.count() == reads  # nothing handed out, nothing recorded
    page, exported, read = _exports(world["ours"], program)
    assert _registrants(read) == []  # the GET holds no one
    for document in (page, exported):
        [seen] = _registrants(document)
        assert (seen["first_name"], seen["email"]) == (person.first_name, "")
    assert PersonalDataRead.objects.filter(kind="program_export", viewer=world["ours"]).count() == 2
    [full] = _registrants(_exports(program.owner, program)[0])
    assert full["email"] == "somchai@example.go.th"


def test_the_programs_facilitator_checks_in_its_codes_only(world, organiser):
    """The API's code-first scan: a code of this program checks in, one of another program
    (the organiser's other activity, without the facilitator) is refused and stored as such."""
    from django.utils import timezone

    now = timezone.now()
    RegistrationPolicy.objects.filter(activity=world["activity"]).update(
        checkin_opens_at=now - timezone.timedelta(hours=1),
        checkin_closes_at=now + timezone.timedelta(hours=1),
    )
    elsewhere = RegistrationFactory(
        activity=ActivityFactory(program__owner=organiser), status=Registration.Status.REGISTERED
    )
    api = _api(world["ours"])

    def scan(code):
        return api.post(
            "/api/v1/checkins", json.dumps({"code": code, "nonce": str(uuid.uuid4())}),
            content_type="application/json",
        )  # fmt: skip

    assert scan(world["registration"].checkin_code).json()["status"] == "ok"
    assert scan(elsewhere.checkin_code).status_code == 403
    elsewhere.refresh_from_db()
    assert elsewhere.status == Registration.Status.REGISTERED


def test_the_report_is_everyones_but_a_report_job_is_its_starters(
    world, django_capture_on_commit_callbacks
):
    """The annual report holds counts, not people, so any logged-in member reads it (as
    docs/security.md says); the file a job wrote is for the one who started it."""
    program = world["activity"].program
    theirs, ours = _client(world["theirs"]), _client(world["ours"])
    assert theirs.get(reverse("reports:program", args=[program.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        ours.post(reverse("reports:job", args=[program.pk]), {"format": "docx"})
    job = Job.objects.get(kind="reports.report")
    for name in ("jobs:detail", "jobs:progress", "jobs:result"):
        assert theirs.get(reverse(name, kwargs={"job_id": job.pk})).status_code == 404, name
        assert ours.get(reverse(name, kwargs={"job_id": job.pk})).status_code == 200, name
    assert _api(world["theirs"]).get(f"/api/v1/jobs/{job.pk}").status_code == 404


def test_taken_off_the_team_they_lose_the_door_and_the_results(world, organiser):
    from cophub.programs.models import ProgramMember
    from cophub.programs.services import program_member_remove

    member = ProgramMember.objects.get(user=world["ours"])
    program_member_remove(actor=organiser, member=member)
    client = _client(world["ours"])
    routes = dict(_routes(world))
    for name in TEAM_READS:
        assert client.get(routes[name]).status_code in (403, 404), name


def test_the_walk_covers_every_route(world):
    walked = {name for name, _url in _routes(world)}
    assert walked >= TEAM_READS | ORGANISERS_ONLY
    assert {f"jobs:{p.name}" for p in job_patterns} <= walked
    assert {f"participants:{p.name}" for p in participant_patterns} - walked == {
        f"participants:{n}" for n in FOR_EVERY_MEMBER
    }
