"""The dashboard's totals are the sum of its programs' own figures; members are refused."""

from __future__ import annotations

import uuid

import pytest

from cophub.dashboard.selectors import activity_rows, dashboard, figures_of
from cophub.programs.models import Program
from cophub.programs.selectors import program_detail, program_participant_total
from cophub.surveys.services import survey_submit
from cophub.testing import (
    ActivityFactory,
    PersonFactory,
    ProgramFactory,
    RegistrationFactory,
    all_likert,
    survey_for,
)


@pytest.fixture
def world(organiser):
    a = ProgramFactory(owner=organiser, fiscal_year=2568)
    b = ProgramFactory(owner=organiser, fiscal_year=2569)
    ActivityFactory(program=a, participants_count=40)  # no list: the recorded 40
    listed = ActivityFactory(program=a, participants_count=99)  # a list: attended only
    someone = PersonFactory()
    RegistrationFactory(activity=listed, person=someone)
    RegistrationFactory(activity=listed)
    RegistrationFactory(activity=listed, attended=False)
    later = ActivityFactory(program=b)
    RegistrationFactory(activity=later, person=someone)  # the same person, another year
    survey = survey_for(later, organiser)
    for value in (5, 4):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(value))
    return a, b


def test_totals_are_the_sum_of_the_programs_figures(world):
    d = dashboard(first=2568, last=2569)
    programs = Program.objects.filter(fiscal_year__in=(2568, 2569))
    assert (
        d.total.participants
        == sum(program_participant_total(program_detail(program_id=p.pk)) for p in programs)
        == 40 + 2 + 1
    )
    assert [y.figures.participants for y in d.years] == [42, 1]
    assert d.total.people == 2  # someone counted once across both years
    assert [y.figures.people for y in d.years] == [2, 1]
    for y in d.years:
        assert sum(g.figures.participants for g in y.programs) == y.figures.participants
        assert sum(g.figures.participants for g in y.by_organization) == y.figures.participants
        assert sum(g.figures.participants for g in y.by_province) == y.figures.participants
    later = d.years[1].figures
    # 2 responses × 9 rating items: nine 5s and nine 4s, mean 4.50 (มาก, half-point levels).
    assert later.responses == 2
    assert str(later.satisfaction_mean) == "4.50"
    assert later.satisfaction_level == "มาก"
    assert later.response_rate == 100  # 2 open answers, 1 attendee: capped at 100


def test_figures_of_one_program_equal_its_year(world):
    a, _b = world
    rows = activity_rows(first=2568, last=2568, program_id=a.pk)
    assert figures_of(rows).participants == 42


def test_api_matches_the_issue_shape(world, organiser_client):
    body = organiser_client.get("/api/v1/dashboard?from=2568&to=2569").json()
    years = body["years"]
    assert [y["fiscal_year"] for y in years] == [2568, 2569]
    assert {
        "activities",
        "participants",
        "people",
        "responses",
        "satisfaction_mean",
        "knowledge_items",
        "adoption_rate",
        "by_organization",
        "by_province",
    } <= set(years[0])
    assert sum(y["participants"] for y in years) == 43


def test_bad_years_are_a_clear_422(organiser_client):
    r = organiser_client.get("/api/v1/dashboard?from=2570&to=2560")
    assert r.status_code == 422
    assert r.json()["code"] == "dashboard_bad_years"
    assert organiser_client.get("/api/v1/dashboard?from=2026&to=x").json()["code"] == (
        "dashboard_bad_years"
    )


def test_the_api_takes_thai_digits_as_every_input_does(world, organiser_client):
    arabic = organiser_client.get("/api/v1/dashboard?from=2568&to=2569").json()
    thai = organiser_client.get("/api/v1/dashboard?from=๒๕๖๘&to=๒๕๖๙").json()
    assert thai == arabic and [y["fiscal_year"] for y in thai["years"]] == [2568, 2569]


def test_a_member_is_refused(world, member_client, organiser_client):
    assert member_client.get("/api/v1/dashboard?from=2568&to=2569").status_code == 403
    assert member_client.get("/api/v1/dashboard").status_code == 403  # before any parameter
    from django.utils import timezone

    from cophub.core.thai import fiscal_year

    now = fiscal_year(timezone.localdate())  # no years given: the last five, as the page
    years = [y["fiscal_year"] for y in organiser_client.get("/api/v1/dashboard").json()["years"]]
    assert years == list(range(now - 4, now + 1))
    assert member_client.get("/dashboard/").status_code == 403


def test_the_page_shows_the_years(world, organiser_client):
    r = organiser_client.get("/dashboard/?from=๒๕๖๘&to=2569")
    assert r.status_code == 200
    html = r.content.decode()
    assert "๒๕๖๘" in html and '<td class="num">๔๒</td>' in html  # 2568: 40 recorded + 2 attended
    assert 'data-testid="dashboard-programs"' in html


def test_survey_figures_count_folded_and_waiting_answers_once(organiser):
    """The sums in SQL (dashboard/ratings.py) equal the tallies read cell by cell, with
    answers folded into Tally and answers not folded yet, on either database."""
    from cophub.surveys import tallies

    program = ProgramFactory(owner=organiser, fiscal_year=2568)
    activity = ActivityFactory(program=program)
    survey = survey_for(activity, organiser)
    for value in (5, 3):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(value))
    tallies.fold([survey.pk])
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(4))  # waiting
    (row,) = activity_rows(first=2568, last=2568, program_id=program.pk)
    cells, _waiting = tallies.read([survey.pk])
    by_hand = [sum(cells[survey.pk].get(f"q{i}", {}).get(str(v), 0) for i in range(1, 10))
               for v in range(1, 6)]  # fmt: skip
    assert list(row.likert) == by_hand == [0, 0, 9, 9, 9]
    assert row.responses == 3


def test_an_organisation_filter_reaches_the_offices_below_its_departments(organiser):
    from cophub.orgs.models import Organization
    from cophub.testing import ActivityFactory

    ministry = Organization.objects.create(name="กระทรวงทดสอบ")
    department = Organization.objects.create(name="กรมทดสอบ", parent=ministry)
    office = Organization.objects.create(name="สำนักงานทดสอบจังหวัด", parent=department)
    elsewhere = Organization.objects.create(name="กระทรวงอื่น")
    mine = [ActivityFactory(program__organization=o, program__fiscal_year=2569,
                            program__owner=organiser).pk for o in (ministry, department, office)]  # fmt: skip
    ActivityFactory(program__organization=elsewhere, program__fiscal_year=2569)
    rows = activity_rows(first=2569, last=2569, organization_id=ministry.pk)
    assert sorted(r.id for r in rows) == sorted(mine)


def test_offices_programs_count_in_their_department_s_row(organiser):
    """By department or state enterprise, as the issue asks: an office's program is in
    its department's row (two levels down too); the ministry and an outside host stand
    for themselves; the totals are still the sum of the programs'."""
    from cophub.orgs.models import Organization
    from cophub.testing import ActivityFactory

    kind = Organization.Kind
    ministry = Organization.objects.create(name="กระทรวงทดสอบ", kind=kind.MINISTRY)
    department = Organization.objects.create(name="กรมทดสอบ", kind=kind.DEPARTMENT, parent=ministry)
    office = Organization.objects.create(
        name="สำนักงานทดสอบจังหวัด", kind=kind.OFFICE, parent=department,
        scope=Organization.Scope.REGIONAL,
    )  # fmt: skip
    branch = Organization.objects.create(name="ศูนย์ทดสอบอำเภอ", kind=kind.OFFICE, parent=office)
    for org, count in ((ministry, 5), (department, 7), (office, 11), (branch, 13)):
        ActivityFactory(program__organization=org, program__fiscal_year=2569,
                        program__owner=organiser, participants_count=count)  # fmt: skip
    d = dashboard(first=2569, last=2569, organization_id=ministry.pk)
    rows = {g.label: g.figures.participants for g in d.by_organization}
    assert rows == {"กระทรวงทดสอบ": 5, "กรมทดสอบ": 7 + 11 + 13}
    assert rows == {g.label: g.figures.participants for g in d.years[0].by_organization}
    assert sum(rows.values()) == d.total.participants == 36
    # Central or regional stays the owner's own: the regional office and its branch.
    scopes = {g.label: g.figures.participants for g in d.by_scope}
    assert scopes["ส่วนภูมิภาค"] == 11
