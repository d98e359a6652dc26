"""Reads of personal data are recorded: who saw or took away whose data, from where.

Each page and job that shows or hands out people's details calls
``services.personal_data_read`` after its own permission check; an administrator finds
the reads of one person's data, or by one viewer, in the admin."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cophub.core.models import AuditLog
from cophub.privacy.models import PersonalDataRead
from cophub.programs.models import Activity
from cophub.surveys.services import survey_submit
from cophub.testing import (
    PersonFactory,
    RegistrationFactory,
    all_likert,
    make_community,
    make_item,
    survey_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(activity):
    people = [
        PersonFactory(first_name="สมชาย", email="somchai@example.go.th", phone="0811111111"),
        PersonFactory(first_name="สมหญิง", email="somying@example.go.th"),
    ]
    for person in people:
        RegistrationFactory(activity=activity, person=person, attended=False)
    return people


def only_read() -> PersonalDataRead:
    read = PersonalDataRead.objects.get()
    assert read.log.action == (
        "personal_data.exported" if read.exported else "personal_data.viewed"
    )
    return read


def whose(read: PersonalDataRead) -> set[int]:
    return set(read.people.values_list("pk", flat=True))


def test_viewing_the_roster_is_recorded_with_whose_names_it_showed(
    organiser, organiser_client, activity, registered
):
    assert (
        organiser_client.get(reverse("participants:roster", args=[activity.pk])).status_code == 200
    )
    read = only_read()
    assert (read.viewer, read.kind, read.exported, read.count) == (organiser, "roster", False, 2)
    assert whose(read) == {p.pk for p in registered}
    assert read.log.object_type == "programs.activity" and read.log.object_id == str(activity.pk)


def test_a_member_refused_the_roster_leaves_no_read(member_client, activity, registered):
    assert member_client.get(reverse("participants:roster", args=[activity.pk])).status_code == 403
    assert not PersonalDataRead.objects.exists()


@pytest.mark.parametrize(
    ("name", "kind"),
    [("export_xlsx", "list_xlsx"), ("signin_pdf", "signin_pdf"), ("badges_pdf", "badges_pdf")],
)
def test_every_participant_export_is_recorded(name, kind, organiser_client, activity, registered):
    response = organiser_client.get(reverse(f"participants:{name}", args=[activity.pk]))
    assert response.status_code == 200
    read = only_read()
    assert (read.kind, read.exported) == (kind, True)
    assert read.with_contacts is (kind == "list_xlsx")  # only the XLSX holds contacts
    assert whose(read) == {p.pk for p in registered}


def test_a_long_badge_list_made_by_a_job_is_recorded_for_whoever_started_it(
    organiser, organiser_client, activity, registered, settings, tmp_path,
    django_capture_on_commit_callbacks, monkeypatch,
):  # fmt: skip
    from cophub.participants import pdf

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(pdf, "badges_in_request", lambda: 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(reverse("participants:badges_pdf", args=[activity.pk]))
    assert response.status_code == 302
    read = only_read()
    assert (read.viewer, read.kind, read.exported) == (organiser, "badges_pdf", True)
    assert whose(read) == {p.pk for p in registered}


def test_the_door_api_list_is_recorded(organiser, activity, registered):
    from django.test import Client

    from cophub.accounts.services import token_create

    _token, secret = token_create(user=organiser, name="door")
    response = Client().get(
        f"/api/v1/activities/{activity.pk}/registrations", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 200
    assert whose(only_read()) == {p.pk for p in registered}


def test_a_program_export_with_contacts_is_recorded(
    organiser, organiser_client, activity, registered
):
    response = organiser_client.post(reverse("programs:export", args=[activity.program_id]))
    assert response.status_code == 200
    assert "somchai@example.go.th" in response.content.decode()
    read = only_read()
    assert (read.kind, read.exported, read.with_contacts) == ("program_export", True, True)
    assert whose(read) == {p.pk for p in registered}


def test_a_facilitators_program_export_without_contacts_says_so(
    member, member_client, activity, registered
):
    from cophub.testing import join_team

    join_team(activity.program, member)
    response = member_client.post(
        f"/api/v1/programs/{activity.program_id}/export", content_type="application/json"
    )
    assert response.status_code == 200
    names = [r["first_name"] for r in response.json()["activities"][0]["registrations"]]
    assert sorted(names) == ["สมชาย", "สมหญิง"]
    assert "somchai@example.go.th" not in response.content.decode()
    read = only_read()
    assert (read.kind, read.with_contacts) == ("program_export", False)


def test_reading_a_program_records_nothing_and_a_link_cannot_export(
    organiser_client, member_client, activity, registered
):
    """The GET holds no registrants, so another site's link (a top-level navigation
    carries the session) can neither take names away nor write a read in anyone's name;
    the page's download and the API's export are POSTs that need the CSRF token."""
    from django.test import Client

    from cophub.privacy.models import PersonalDataRead

    read = organiser_client.get(f"/api/v1/programs/{activity.program_id}")
    assert read.status_code == 200 and "registrations" not in read.json()["activities"][0]
    url = reverse("programs:export", args=[activity.program_id])
    assert organiser_client.get(url).status_code == 405
    # A member is not on the team: the export is the program without its registrants.
    assert "สมชาย" not in member_client.post(url).content.decode()
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(activity.program.owner)
    assert checked.post(url).status_code == 403
    api = checked.post(
        f"/api/v1/programs/{activity.program_id}/export", content_type="application/json"
    )
    assert api.status_code == 403
    assert not PersonalDataRead.objects.exists()


def test_the_export_command_is_recorded_without_a_viewer(activity, registered, tmp_path):
    from django.core.management import call_command

    call_command("export-program", str(activity.program_id), "--output", str(tmp_path / "p.json"))
    read = only_read()
    assert read.viewer is None and read.with_contacts and read.count == 2


def test_downloading_a_knowledge_attachment_is_recorded(facilitator, member, settings, tmp_path):
    from django.test import Client

    settings.MEDIA_ROOT = tmp_path
    community = make_community(facilitator=facilitator)
    item = make_item(
        author=facilitator, community=community,
        files=[SimpleUploadedFile("ใบลงชื่อ.pdf", b"%PDF-1.4 test")],
    )  # fmt: skip
    attachment = item.attachments.get()
    client = Client()
    client.force_login(facilitator)
    response = client.get(reverse("knowledge:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    read = only_read()
    assert (read.viewer, read.kind, read.exported) == (facilitator, "attachment", True)
    assert read.log.object_type == "knowledge.attachment"


def test_a_survey_export_is_recorded_for_whoever_took_the_file(
    organiser, organiser_client, activity, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    survey = survey_for(activity, organiser)
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(5))
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(reverse("surveys:export_job", args=[activity.pk]), {"format": "csv"})
    read = only_read()
    assert (read.viewer, read.kind, read.exported) == (organiser, "survey_export", True)
    assert read.log.object_type == "surveys.survey"


def test_the_admin_finds_every_read_of_one_persons_data_and_by_one_viewer(
    admin_client, organiser, organiser_client, other_organiser, activity, registered
):
    other_activity = Activity.objects.create(
        program=activity.program, number=9, kind=activity.kind, title="อื่น"
    )
    RegistrationFactory(activity=other_activity, person=PersonFactory(first_name="มานี"))
    organiser_client.get(reverse("participants:roster", args=[activity.pk]))
    organiser_client.get(reverse("participants:roster", args=[other_activity.pk]))
    url = reverse("admin:privacy_personaldataread_changelist")
    somchai = registered[0]
    page = admin_client.get(url, {"people__id__exact": somchai.pk})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    assert admin_client.get(url, {"q": "มานี"}).context["cl"].result_count == 1
    by_viewer = admin_client.get(url, {"viewer__id__exact": organiser.pk})
    assert by_viewer.context["cl"].result_count == 2
    assert (
        admin_client.get(url, {"viewer__id__exact": other_organiser.pk}).context["cl"].result_count
        == 0
    )
    audit = AuditLog.objects.filter(action="personal_data.viewed")
    assert audit.count() == 2 and json.dumps(audit.first().changes)
