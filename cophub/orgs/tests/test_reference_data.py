import pytest

from cophub.orgs.models import Organization, Province
from cophub.orgs.selectors import organization_by_name, province_by_name

pytestmark = pytest.mark.django_db


def test_all_77_provinces_are_loaded():
    assert Province.objects.count() == 77
    assert Province.objects.get(code="10").name_th == "กรุงเทพมหานคร"
    assert Province.objects.get(code="38").name_th == "บึงกาฬ"
    assert set(Province.objects.values_list("region", flat=True)) == {
        "north", "northeast", "central", "east", "west", "south"
    }  # fmt: skip


def test_ministry_of_interior_tree():
    moi = Organization.objects.get(code="MOI")
    assert moi.name == "กระทรวงมหาดไทย" and moi.kind == "ministry"
    children = {o.name: o.kind for o in moi.children.all()}
    assert children["สำนักงานปลัดกระทรวงมหาดไทย"] == "department"
    assert children["กรมการปกครอง"] == "department"
    assert children["การประปาส่วนภูมิภาค"] == "state_enterprise"
    assert sum(kind == "state_enterprise" for kind in children.values()) >= 5


@pytest.mark.parametrize("name", ["นนทบุรี", "จังหวัดนนทบุรี", "จ.นนทบุรี", "Nonthaburi", " nonthaburi "])
def test_province_lookup(name):
    assert province_by_name(name).name_th == "นนทบุรี"


def test_province_lookup_misses():
    assert province_by_name("") is None
    assert province_by_name("แอตแลนติส") is None


def test_organization_lookup_by_name_abbreviation_or_code():
    assert organization_by_name("สป.มท.").code == "OPS"
    assert organization_by_name("DOPA").name == "กรมการปกครอง"
    assert organization_by_name("  สำนักงานปลัดกระทรวงมหาดไทย ").code == "OPS"
    assert organization_by_name("ไม่มี") is None
