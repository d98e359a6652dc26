"""Odd and hostile input gets a 4xx with a reason, never a 500, and nothing half-saved."""

import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from cophub.accounts.services import token_create
from cophub.core.models import AuditLog
from cophub.programs.models import Activity, Program, Registration
from cophub.testing import ActivityFactory, ProgramFactory, SiteFactory, demo_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(organiser):
    _token, secret = token_create(user=organiser)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


def post(api, body: str | bytes):
    return api.post("/api/v1/programs/import", body, content_type="application/json")


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000,  # nesting deeper than the JSON parser allows
        "9" * 5000,  # a number longer than Python converts
        json.dumps({**demo_document(), "fiscal_year": "²"}),  # a digit int() refuses
        json.dumps({**demo_document(), "fiscal_year": "9" * 5000}),
        json.dumps({**demo_document(), "title": "\ud800bad"}),  # a lone surrogate
        json.dumps({**demo_document(), "title": "bad\u0000title"}),  # NUL breaks PostgreSQL
        json.dumps({**demo_document(), "objectives": ["ok", "\ud800"]}),
        "null",
        "[]",
        '"text"',
    ],
)
def test_hostile_documents_are_400(api, body):
    response = post(api, body)
    assert response.status_code == 400, response.content
    assert not Program.objects.exists()


def test_same_person_twice_is_one_registration(api):
    document = demo_document()
    document["activities"][0]["registrations"] = [
        {"first_name": "สมชาย", "last_name": "ดี", "email": "a@example.go.th", "attended": False},
        {"first_name": "สมชาย", "last_name": "ดี", "attended": True},
    ]
    response = post(api, json.dumps(document))
    assert response.status_code == 201
    registration = Registration.objects.get()
    assert registration.attended is True


def test_whitespace_inside_text_survives_the_round_trip(organiser):
    from cophub.programs.selectors import program_document
    from cophub.programs.services import program_import

    document = demo_document()
    document["title"] = "โครงการ  ที่มีช่องว่างสองช่อง"
    program = program_import(actor=organiser, document=document)
    assert program_document(program_id=program.pk) == document


def test_program_without_organisation_round_trips(organiser):
    from cophub.programs.selectors import program_document
    from cophub.programs.services import program_import

    program = program_import(actor=organiser, document=demo_document())
    Program.objects.filter(pk=program.pk).update(organization=None)
    exported = program_document(program_id=program.pk)
    assert exported["organization"] == ""
    again = program_import(actor=organiser, document=exported)
    assert again.organization is None


def test_editing_an_activity_keeps_sites_left_unchanged(organiser_client, organiser):
    activity = ActivityFactory(program__owner=organiser, program__fiscal_year=2569, number=1)
    SiteFactory(activity=activity, name="ศูนย์เดิม")
    page = organiser_client.get(reverse("programs:activity_edit", args=[activity.pk]))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(title="หัวข้อใหม่")
    sites = page.context["sites"]
    data.update({f"sites-{k}": v for k, v in sites.management_form.initial.items()})
    for i, site_form in enumerate(sites.forms):
        for name in site_form.fields:
            value = site_form[name].value()
            data[f"sites-{i}-{name}"] = (
                "" if value in (None, False) else getattr(value, "pk", value)
            )
    response = organiser_client.post(reverse("programs:activity_edit", args=[activity.pk]), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "หัวข้อใหม่"
    assert list(activity.sites.values_list("name", flat=True)) == ["ศูนย์เดิม"]
    change = AuditLog.objects.get(
        object_type="programs.activity", action="activity.updated"
    ).changes
    assert "sites" not in change


def test_same_percent_written_differently_is_no_change(organiser):
    from cophub.programs.services import activity_update

    activity = ActivityFactory(program__owner=organiser, satisfaction_percent="90.00")
    fields = {
        name: getattr(activity, name)
        for name in ["number", "kind", "title", "start_date", "end_date", "target_group",
                     "target_project", "cohort", "participants_count", "participants_from",
                     "satisfaction_method", "satisfaction_level"]
    }  # fmt: skip
    from decimal import Decimal

    fields["satisfaction_percent"] = Decimal("90")
    activity_update(actor=organiser, activity=activity, fields=fields, sites=[])
    assert AuditLog.objects.get(action="activity.updated").changes == {}


def test_fiscal_year_cannot_move_away_from_activity_dates(organiser_client, organiser):
    from cophub.testing import ops

    program = ProgramFactory(owner=organiser, fiscal_year=2569)
    ActivityFactory(program=program, number=3, start_date="2026-03-05")
    response = organiser_client.post(
        reverse("programs:edit", args=[program.pk]),
        {"title": program.title, "organization": ops().pk, "fiscal_year": "2570"},
    )
    assert response.status_code == 200
    assert "3" in response.content.decode()
    program.refresh_from_db()
    assert program.fiscal_year == 2569


def test_registrants_go_to_the_team_and_contacts_to_its_editors(
    member, member_client, organiser_client, organiser
):
    from cophub.programs.services import program_import
    from cophub.testing import join_team

    document = demo_document()
    document["activities"][0]["registrations"] = [
        {
            "first_name": "สมชาย",
            "email": "somchai@example.go.th",
            "phone": "0812345678",
            "attended": True,
        }
    ]
    program = program_import(actor=organiser, document=document)
    url = reverse("programs:export", args=[program.pk])
    seen_by_member = json.loads(member_client.post(url).content)
    assert "registrations" not in seen_by_member["activities"][0]
    assert "สมชาย" not in member_client.post(url).content.decode()
    join_team(program, member)
    person = json.loads(member_client.post(url).content)["activities"][0]["registrations"][0]
    assert (person["first_name"], person["email"], person["phone"]) == ("สมชาย", "", "")
    seen_by_owner = json.loads(organiser_client.post(url).content)
    assert seen_by_owner["activities"][0]["registrations"][0]["email"] == "somchai@example.go.th"


def test_registering_a_new_person_is_audited(organiser_client, organiser):
    activity = ActivityFactory(program__owner=organiser)
    url = reverse("programs:registration_create", args=[activity.pk])
    organiser_client.post(url, {"first_name": "สมใจ", "last_name": "ดีงาม"})
    assert AuditLog.objects.filter(object_type="orgs.person", action="person.created").count() == 1
    assert (
        AuditLog.objects.filter(
            object_type="programs.registration", action="registration.created"
        ).count()
        == 1
    )


def test_import_page_survives_absurd_json(organiser_client):
    upload = io.BytesIO(b"[" * 100_000)
    upload.name = "deep.json"
    response = organiser_client.post(reverse("programs:import"), {"file": upload})
    assert response.status_code == 200
    assert not Program.objects.exists()


def test_odd_query_strings_and_ids(member_client):
    for url, status in [("/programs/?fy=" + "9" * 50, 200), ("/programs/999999999999/", 404)]:
        assert member_client.get(url).status_code == status, url
    assert member_client.get("/programs/?fy=%00").status_code == 400  # a NUL: refused
    assert Activity.objects.count() == 0
