"""The dashboard's pages: filters (B.E. years in Thai digits, organisation, central or
regional), the drill-down from a year to a program to its activities, the XLSX of every
table, and an exact query count that does not grow with programs or years."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from cophub.orgs.models import Organization, Province
from cophub.testing import (
    ActivityFactory,
    ProgramFactory,
    RegistrationFactory,
    count_queries,
    grow_program,
)


@pytest.fixture
def regional():
    return Organization.objects.create(
        name="สำนักงานจังหวัดทดสอบ", kind=Organization.Kind.OFFICE, scope="regional"
    )


@pytest.fixture
def two_years(organiser, regional):
    central = ProgramFactory(owner=organiser, fiscal_year=2567, title="โครงการส่วนกลาง")
    ActivityFactory(program=central, participants_count=30, title="ประชุมแลกเปลี่ยน")
    local = ProgramFactory(
        owner=organiser, fiscal_year=2568, title="โครงการส่วนภูมิภาค", organization=regional
    )
    visit = ActivityFactory(program=local, title="ศึกษาดูงานจังหวัด")
    for _ in range(4):
        RegistrationFactory(activity=visit)
    return central, local, visit


def test_thai_digits_and_the_scope_filter(two_years, organiser_client):
    html = organiser_client.get("/dashboard/?from=๒๕๖๗&to=๒๕๖๘&scope=regional").content.decode()
    assert "โครงการส่วนภูมิภาค" in html and "โครงการส่วนกลาง" not in html
    html = organiser_client.get("/dashboard/?from=2567&to=2568&scope=central").content.decode()
    assert "โครงการส่วนกลาง" in html and "โครงการส่วนภูมิภาค" not in html


def test_every_chart_s_numbers_are_one_click_away_in_the_screen_s_language(
    two_years, organiser_client
):
    html = organiser_client.get("/dashboard/?from=2567&to=2568").content.decode()
    charts = html.count('<svg xmlns="http://www.w3.org/2000/svg"')
    assert charts >= 4  # the trends and the map
    assert html.count("<details><summary>ตารางข้อมูล</summary>") == charts  # trends and map
    organiser_client.cookies["django_language"] = "en"
    english = organiser_client.get("/dashboard/?from=2567&to=2568").content.decode()
    assert english.count("<details><summary>The numbers (table)</summary>") == charts


def test_the_organisation_filter(two_years, organiser_client, regional):
    html = organiser_client.get(f"/dashboard/?from=2567&to=2568&organization={regional.pk}")
    html = html.content.decode()
    assert "โครงการส่วนภูมิภาค" in html and "โครงการส่วนกลาง" not in html
    assert f'<option value="{regional.pk}" selected>' in html


def test_a_year_typed_wrong_is_a_clear_422(organiser_client):
    r = organiser_client.get("/dashboard/?from=2026&to=2569")
    assert r.status_code == 422
    assert "พ.ศ." in r.content.decode()
    assert organiser_client.get("/dashboard/?from=2568&to=2569&scope=x").status_code == 422


@pytest.mark.parametrize("org", ["99999999999999999999", "9223372036854775808", "123456", "abc"])
def test_an_organisation_nobody_has_is_a_clear_422_not_zeros(organiser_client, org):
    r = organiser_client.get(f"/dashboard/?from=2568&to=2569&organization={org}")
    assert r.status_code == 422
    assert "เลือกหน่วยงานจากรายการ" in r.content.decode()
    api = organiser_client.get(f"/api/v1/dashboard?from=2568&to=2569&organization={org}")
    assert api.status_code == 422
    assert organiser_client.get(f"/dashboard/years/2569/?organization={org}").status_code == 404
    province = Province.objects.get(code="10")
    drill = f"/dashboard/provinces/{province.pk}/?from=2568&to=2569&organization={org}"
    assert organiser_client.get(drill).status_code == 404  # as for the year page


def test_drill_down_from_a_year_to_an_activity(two_years, organiser_client):
    _central, local, visit = two_years
    html = organiser_client.get("/dashboard/?from=2567&to=2568").content.decode()
    assert 'href="/dashboard/years/2568/?from=2567&amp;to=2568"' in html
    year = organiser_client.get("/dashboard/years/2568/?from=2567&to=2568").content.decode()
    assert f'href="/dashboard/programs/{local.pk}/?from=2567&amp;to=2568"' in year
    assert "โครงการส่วนกลาง" not in year
    program = organiser_client.get(f"/dashboard/programs/{local.pk}/").content.decode()
    assert f'href="/activities/{visit.pk}/"' in program
    assert f'href="/programs/{local.pk}/"' in program
    assert '<td class="num">๔</td>' in program  # the four attendees
    assert organiser_client.get("/dashboard/programs/999999/").status_code == 404


def test_every_table_downloads_as_xlsx_with_numbers(two_years, organiser_client):
    r = organiser_client.get("/dashboard/?from=2567&to=2568&format=xlsx")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == [
        name[:31]  # Excel's limit for a sheet's name
        for name in ("จำแนกตามปีงบประมาณ", "จำแนกตามกรมและรัฐวิสาหกิจ",
                     "ส่วนกลางและส่วนภูมิภาค", "จำแนกตามจังหวัด (ที่จัดกิจกรรม)", "โครงการ")
    ]  # fmt: skip
    years = book["จำแนกตามปีงบประมาณ"]
    assert [c.value for c in years[1]][:3] == ["ปีงบประมาณ", "กิจกรรม", "ผู้เข้าร่วม"]
    assert [c.value for c in years[2]][:3] == [2567, 1, 30]  # numbers, not text
    assert [c.value for c in years[3]][:3] == [2568, 1, 4]
    assert [c.value for c in years[4]][:3] == ["รวม", 2, 34]
    one = organiser_client.get("/dashboard/?from=2567&to=2568&format=xlsx&table=programs")
    assert load_workbook(io.BytesIO(one.content)).sheetnames == ["โครงการ"]
    _c, local, _v = two_years
    drill = organiser_client.get(f"/dashboard/programs/{local.pk}/?format=xlsx")
    sheet = load_workbook(io.BytesIO(drill.content)).active
    assert [c.value for c in sheet[2]][:3] == [_v.number, "ศึกษาดูงานจังหวัด", 1]


def test_the_page_runs_the_same_queries_for_one_and_three_programs(organiser, organiser_client):
    def page():
        assert organiser_client.get("/dashboard/?from=2566&to=2568").status_code == 200

    first = ProgramFactory(owner=organiser, fiscal_year=2568)
    grow_program(first, organiser, activities=1, responses=2)
    one = count_queries(page)
    for fy in (2566, 2567):
        grow_program(ProgramFactory(owner=organiser, fiscal_year=fy), organiser,
                     activities=3, responses=3)  # fmt: skip
    three = count_queries(page)
    assert one == three == PAGE_QUERIES


# session, user; the organisation filter's choices; the dashboard: activities with their
# counts, first sites, surveys, rating questions, tallies (one statement), knowledge items,
# follow-up adoption, certificates, owning organisations (and the departments above any
# office among them: none here), provinces, attended people.
PAGE_QUERIES = 14


def test_the_api_takes_the_scope_filter_too(two_years, organiser_client):
    body = organiser_client.get("/api/v1/dashboard?from=2567&to=2568&scope=regional").json()
    assert [y["participants"] for y in body["years"]] == [0, 4]
    bad = organiser_client.get("/api/v1/dashboard?from=2567&to=2568&scope=x")
    assert bad.status_code == 422 and bad.json()["code"] == "dashboard_bad_scope"
