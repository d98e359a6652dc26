"""The plan's pages: forms take Thai digits and refuse bad input with a Thai message and a
4xx; the plan page shows actual against target and the month grid in a pinned number of
queries."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from cophub.kmplan import services
from cophub.kmplan.models import Indicator, KmPlan, PlannedActivity
from cophub.kmplan.tests.conftest import FY
from cophub.testing import count_queries, ops

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(ops_organiser) -> Client:
    client = Client()
    client.force_login(ops_organiser)
    return client


def errors(response) -> list[str]:
    """The form's messages: the fields' and the form's own (a service's refusal)."""
    html = response.content.decode()
    general = re.findall(r'<div class="errors" role="alert">(.*?)</div>', html, re.S)
    return re.findall(r"<p>([^<]*)</p>", "".join(general)) + re.findall(
        r'class="error"[^>]*>([^<]*)<', html
    )


def test_a_plan_is_made_with_a_thai_year_and_a_second_one_is_refused(client, ops_organiser):
    data = {"organization": ops().pk, "fiscal_year": "๒๕๖๙", "title": "แผน KM ๒๕๖๙"}
    r = client.post("/kmplan/new/", data)
    plan = KmPlan.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/kmplan/{plan.pk}/"
    assert (plan.fiscal_year, plan.organization_id, plan.created_by) == (
        FY,
        ops().pk,
        ops_organiser,
    )
    again = client.post("/kmplan/new/", data)
    assert again.status_code == 409
    assert errors(again) == [f"{ops().name} มีแผนการจัดการความรู้ของปีงบประมาณ ๒๕๖๙ แล้ว"]
    ce = client.post("/kmplan/new/", {**data, "fiscal_year": "2026"})
    assert ce.status_code == 400
    assert any("พุทธศักราช" in e or "พ.ศ." in e for e in errors(ce)), errors(ce)


def test_a_typed_actual_on_a_computed_indicator_is_refused_in_thai(client, plan):
    url = f"/kmplan/{plan.pk}/indicators/new/"
    r = client.post(
        url, {"name": "ผู้เข้าร่วม", "kind": "participants", "target": "๔๐", "manual_actual": "๔๕"}
    )
    assert r.status_code == 400
    assert errors(r) == [
        "ผลการดำเนินงานของตัวชี้วัดนี้คำนวณจากข้อมูลในระบบ จึงกรอกเองไม่ได้ "
        "เฉพาะตัวชี้วัดประเภท “อื่น ๆ” เท่านั้นที่กรอกผลเองได้"
    ]
    negative = client.post(url, {"name": "x", "kind": "activities", "target": "-1"})
    assert negative.status_code == 400
    assert errors(negative) == ["ค่าเป้าหมายต้องเป็นตัวเลขตั้งแต่ศูนย์ขึ้นไป"]
    below_zero = client.post(
        url, {"name": "อื่น ๆ", "kind": "manual", "target": "๑", "manual_actual": "-๕"}
    )
    assert below_zero.status_code == 400
    assert errors(below_zero) == ["ผลการดำเนินงานต้องเป็นตัวเลขตั้งแต่ศูนย์ขึ้นไป"]
    assert not Indicator.objects.exists()
    ok = client.post(url, {"name": "จำนวนกิจกรรม", "kind": "activities", "target": "๑,๒๐๐"})
    assert ok.status_code == 302
    assert Indicator.objects.get().target == Decimal(1200)


def test_a_planned_activity_takes_months_and_refuses_another_organisations_program(
    client, plan, ops_organiser, other_org
):
    from cophub.testing import ProgramFactory

    area = services.area_create(actor=ops_organiser, plan=plan, name="องค์ความรู้ ก")
    url = f"/kmplan/{plan.pk}/activities/new/"
    data = {"area": area.pk, "step": "learn", "description": "ถอดบทเรียน", "months": ["9", "10"]}
    assert client.post(url, data).status_code == 302
    assert PlannedActivity.objects.get().months == [9, 10]
    elsewhere = ProgramFactory(fiscal_year=FY, organization=other_org)
    r = client.post(url, {**data, "program": elsewhere.pk})
    assert r.status_code == 400  # not even offered
    assert errors(r) == ["กรุณาเลือกจากรายการที่มีให้"]
    bad = client.post(url, {**data, "months": ["13"]})
    assert bad.status_code == 400 and errors(bad)
    missing = client.post(url, {"area": area.pk, "step": "learn"})
    assert missing.status_code == 400 and errors(missing) == ["กรุณากรอกข้อมูลช่องนี้"]


def page_queries(client, plan) -> int:
    return count_queries(lambda: client.get(f"/kmplan/{plan.pk}/"))


def test_the_plan_page_shows_progress_and_the_month_grid(client, full_plan):
    r = client.get(f"/kmplan/{full_plan.pk}/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "บรรลุค่าเป้าหมาย ๖ จาก ๘ ตัวชี้วัด" in html
    assert "๔.๒๗ คะแนน" in html and "๖๖.๖๗ ร้อยละ" in html and "๔๒ คน" in html
    assert '<progress max="100" value="75"' in html
    assert "ต.ค." in html and "ก.ย." in html  # the grid's months, October to September
    grid = html[html.index('data-testid="kmplan-grid"') :]
    body = grid[grid.index("<tbody>") :]
    first_row = body[: body.index("</tr>")]
    # การบ่งชี้ความรู้ comes first (the process order), planned in October only.
    assert "การบ่งชี้ความรู้" in first_row
    assert first_row.count("●") == 1


def test_the_plan_page_runs_a_pinned_number_of_queries(client, full_plan, ops_organiser):
    client.get(f"/kmplan/{full_plan.pk}/")  # the session's first read
    base = page_queries(client, full_plan)
    area = full_plan.areas.first()
    for n in range(5):
        services.indicator_create(
            actor=ops_organiser, plan=full_plan, name=f"ตัวชี้วัด {n}", kind="people",
            target=Decimal(n),
        )  # fmt: skip
        services.planned_activity_create(
            actor=ops_organiser, area=area, step="access", description=f"กิจกรรม {n}",
            months=[n + 1], responsible=ops_organiser,
        )  # fmt: skip
    services.area_create(actor=ops_organiser, plan=full_plan, name="องค์ความรู้ใหม่")
    more = page_queries(client, full_plan)
    # session, user, the plan with its areas and activities (3), the user's organisation,
    # the indicators, then the dashboard's figures for the year (11: the organisation's
    # units are read a level of the tree a query, ministry → department → office)
    assert (base, more) == (18, 18)


def test_each_part_is_edited_through_its_form(client, full_plan):
    area = full_plan.areas.get()
    r = client.post(f"/kmplan/areas/{area.pk}/edit/", {"name": "องค์ความรู้ใหม่", "goal": ""})
    assert r.status_code == 302 and r["Location"].endswith("#areas")
    area.refresh_from_db()
    assert (area.name, area.order) == ("องค์ความรู้ใหม่", 1)  # an empty order keeps its place
    planned = area.activities.get(step="identify")
    data = {"area": area.pk, "step": "codify", "description": "กลั่นกรองความรู้", "months": ["3"]}
    assert client.post(f"/kmplan/activities/{planned.pk}/edit/", data).status_code == 302
    planned.refresh_from_db()
    assert (planned.step, planned.months, planned.responsible) == ("codify", [3], None)
    indicator = full_plan.indicators.get(kind="activities")
    data = {"name": "กิจกรรมที่บันทึกเอง", "kind": "manual", "target": "๔", "manual_actual": "๔"}
    assert client.post(f"/kmplan/indicators/{indicator.pk}/edit/", data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.kind, indicator.manual_actual) == ("manual", Decimal(4))


def test_a_year_its_linked_programs_are_not_in_is_refused(client, full_plan):
    r = client.post(
        f"/kmplan/{full_plan.pk}/edit/", {"title": full_plan.title, "fiscal_year": "๒๕๗๐"}
    )
    assert r.status_code == 400
    assert errors(r) == ["โครงการต้องเป็นโครงการของหน่วยงานนี้ในปีงบประมาณของแผน"]
    full_plan.refresh_from_db()
    assert full_plan.fiscal_year == FY


def test_deleting_asks_first_then_deletes_on_post(client, full_plan):
    area = full_plan.areas.get()
    page = client.get(f"/kmplan/areas/{area.pk}/delete/")
    assert page.status_code == 200 and area.name in page.content.decode()
    assert full_plan.areas.exists()
    assert client.post(f"/kmplan/areas/{area.pk}/delete/").status_code == 302
    assert not full_plan.areas.exists() and not PlannedActivity.objects.exists()
    assert full_plan.indicators.count() == 8  # the plan's indicators stay


def test_the_list_shows_the_plans_of_a_year(client, plan):
    page = client.get("/kmplan/").content.decode()
    assert plan.title in page and "ปีงบประมาณ ๒๕๖๙" in page
    assert plan.title in client.get("/kmplan/?fy=๒๕๖๙").content.decode()
    assert plan.title not in client.get("/kmplan/?fy=2568").content.decode()
    assert count_queries(lambda: client.get("/kmplan/")) == 5  # session, user, person, plans, years
