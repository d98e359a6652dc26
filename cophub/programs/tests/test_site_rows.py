"""The activity form's sites: rows added and removed in place, several saved in one save,
and a district that must be one of the chosen province's."""

import re

import pytest
from django.urls import reverse

from cophub.orgs.models import Province
from cophub.programs.models import Activity
from cophub.programs.tests.test_views import activity_form
from cophub.testing import ActivityFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _province(name: str) -> str:
    return str(Province.objects.get(name_th=name).pk)


def _sites(*rows: dict, initial: int = 0) -> dict:
    data = {"sites-TOTAL_FORMS": str(len(rows)), "sites-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"sites-{i}-{k}": v for k, v in row.items()})
    return data


@pytest.fixture
def program(organiser):
    return ProgramFactory(owner=organiser, fiscal_year=2569)


def _post_new(client, program, *rows):
    data = activity_form(**_sites(*rows))
    data.pop("sites-0-organization", None)
    return client.post(reverse("programs:activity_create", args=[program.pk]), data)


def test_three_sites_are_saved_in_one_save(organiser_client, program):
    response = _post_new(
        organiser_client, program,
        {"name": "ศูนย์ราชการ", "province": _province("นนทบุรี"), "district": "ปากเกร็ด"},
        {"name": "โรงงานแห่งหนึ่ง", "province": _province("พระนครศรีอยุธยา"), "district": "วังน้อย"},
        {"name": "สำนักงานเขต", "province": _province("กรุงเทพมหานคร"), "district": "บางรัก"},
    )  # fmt: skip
    assert response.status_code == 302
    sites = list(Activity.objects.get().sites.order_by("position"))
    assert [(s.name, s.district) for s in sites] == [
        ("ศูนย์ราชการ", "ปากเกร็ด"), ("โรงงานแห่งหนึ่ง", "วังน้อย"), ("สำนักงานเขต", "เขตบางรัก"),
    ]  # fmt: skip


def test_a_new_row_has_a_remove_button_and_no_delete_box_and_an_empty_row_to_clone(
    organiser_client, program
):
    activity = ActivityFactory(program=program)
    activity.sites.create(name="ที่เดิม", province=Province.objects.get(name_th="นนทบุรี"))
    page = organiser_client.get(reverse("programs:activity_edit", args=[activity.pk]))
    html = page.content.decode()
    template = re.search(r'<template id="sites-template">(.*?)</template>', html, re.S).group(1)
    outside = html.replace(template, "")
    # The saved site is removed with its ลบ box; the new row (index 1) has none.
    assert 'name="sites-0-DELETE"' in outside
    assert 'name="sites-1-DELETE"' not in outside
    assert "sites-1-name" in outside and outside.count("data-remove-site") == 1
    # The empty form the add button clones: placeholders, no ลบ box, a remove button.
    assert 'name="sites-__prefix__-name"' in template and "DELETE" not in template
    assert "data-remove-site" in template
    assert "data-add-site" in html and "programs/sites.js" in html
    assert "บันทึกแล้วแก้ไขอีกครั้ง" not in html  # the old "save to add another" advice


def test_a_district_not_in_the_province_is_refused_with_the_nearest_names(
    organiser_client, program
):
    response = _post_new(
        organiser_client, program,
        {"name": "ศูนย์ราชการ", "province": _province("เชียงใหม่"), "district": "ปากเกร็ด"},
        {"name": "อีกที่", "province": _province("เชียงใหม่"), "district": "แม่ริน"},
    )  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert "เชียงใหม่ไม่มีอำเภอปากเกร็ด" in html
    assert "เชียงใหม่ไม่มีอำเภอแม่ริน หมายถึง แม่ริม" in html
    assert not Activity.objects.exists()  # nothing half-saved


def test_a_district_needs_its_province(organiser_client, program):
    response = _post_new(
        organiser_client, program, {"name": "ที่หนึ่ง", "district": "ปากเกร็ด", "province": ""}
    )
    assert "เลือกจังหวัดของอำเภอปากเกร็ด" in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("province", "written", "stored"),
    [
        ("เชียงใหม่", "อ.เมือง", "เมืองเชียงใหม่"),
        ("เชียงใหม่", "อำเภอ แม่ริม", "แม่ริม"),
        ("เชียงใหม่", "Mae Rim", "แม่ริม"),
        ("กรุงเทพมหานคร", "เขตบางรัก", "เขตบางรัก"),
        ("พระนครศรีอยุธยา", "พระนครศรีอยุธยา", "พระนครศรีอยุธยา"),
    ],
)
def test_a_district_is_stored_by_its_official_name(
    organiser_client, program, province, written, stored
):
    response = _post_new(
        organiser_client, program,
        {"name": "ที่หนึ่ง", "province": _province(province), "district": written},
    )  # fmt: skip
    assert response.status_code == 302
    assert Activity.objects.get().sites.get().district == stored


def test_the_edit_page_offers_the_saved_provinces_districts(organiser_client, program):
    activity = ActivityFactory(program=program)
    activity.sites.create(
        name="ที่เดิม", district="ปากเกร็ด", province=Province.objects.get(name_th="นนทบุรี")
    )
    html = organiser_client.get(reverse("programs:activity_edit", args=[activity.pk]))
    datalist = re.search(
        r'<datalist id="sites-0-district-list">(.*?)</datalist>', html.content.decode(), re.S
    ).group(1)
    names = re.findall(r'<option value="([^"]+)">', datalist)
    assert names == ["ไทรน้อย", "บางกรวย", "บางบัวทอง", "บางใหญ่", "ปากเกร็ด", "เมืองนนทบุรี"]


def test_the_districts_of_a_province_in_thai_order(member_client):
    url = reverse("orgs:districts")
    data = member_client.get(url, {"province": _province("เชียงใหม่")}).json()["districts"]
    assert len(data) == 25
    assert data[:3] == ["กัลยาณิวัฒนา", "จอมทอง", "เชียงดาว"]
    assert data[-2:] == ["อมก๋อย", "ฮอด"]
    assert member_client.get(url, {"province": "x"}).json() == {"districts": []}
    assert member_client.get(url).json() == {"districts": []}


def test_a_stranger_gets_no_districts(stranger_client):
    response = stranger_client.get(reverse("orgs:districts"), {"province": "1"})
    assert response.status_code == 302
