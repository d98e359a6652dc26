"""Matching the organisations people write in participant lists to the reference tree."""

import pytest

from cophub.orgs.models import Organization, Province
from cophub.orgs.selectors import OrganizationMatcher, org_key
from cophub.testing import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def matcher():
    return OrganizationMatcher.load()


def code(match) -> str | None:
    return match.organization.code if match.organization else None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # full names, with stray spaces and dots
        ("กรมการปกครอง", "DOPA"),
        ("  กรมการ ปกครอง ", "DOPA"),
        ("สำนักงานปลัดกระทรวงมหาดไทย", "OPS"),
        ("การไฟฟ้าส่วนภูมิภาค", "PEA"),
        ("กระทรวงมหาดไทย", "MOI"),
        # without กรม / with สำนักงาน, the colloquial names
        ("กรมปกครอง", "DOPA"),
        ("การปกครอง", "DOPA"),
        ("พัฒนาชุมชน", "CDD"),
        ("ที่ดิน", "DOL"),
        ("ป้องกันและบรรเทาสาธารณภัย", "DDPM"),
        # abbreviations, with or without dots
        ("สป.มท.", "OPS"),
        ("สปมท", "OPS"),
        ("สป.", "OPS"),
        ("ปภ.", "DDPM"),
        ("ปภ", "DDPM"),
        ("พช.", "CDD"),
        ("สถ.", "DLA"),
        ("ปค.", "DOPA"),
        ("ทด.", "DOL"),
        ("ยผ.", "DPT"),
        ("โยธาฯ", "DPT"),
        ("กรมโยธาฯ", "DPT"),
        ("กฟภ.", "PEA"),
        ("กฟน", "MEA"),
        ("กปน.", "MWA"),
        ("กปภ.", "PWA"),
        ("อจน.", "WMA"),
        ("มท.", "MOI"),
        # English and codes
        ("Department of Lands", "DOL"),
        ("department of provincial administration", "DOPA"),
        ("PEA", "PEA"),
        # a name with its abbreviation in brackets
        ("กรมการปกครอง (ปค.)", "DOPA"),
        # provincial and district offices belong to their department
        ("ที่ทำการปกครองจังหวัดเชียงใหม่", "DOPA"),
        ("ที่ทำการปกครองอำเภอแม่ริม", "DOPA"),
        ("ที่ว่าการอำเภอแม่ริม", "DOPA"),
        ("สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น", "CDD"),
        ("สนง.พช.จ.ขอนแก่น", "CDD"),
        ("พช.ขอนแก่น", "CDD"),
        ("สำนักงานที่ดินจังหวัดภูเก็ต", "DOL"),
        ("สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดสงขลา", "DDPM"),
        ("สำนักงานโยธาธิการและผังเมืองจังหวัดน่าน", "DPT"),
        ("สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเลย", "DLA"),
        ("การไฟฟ้าส่วนภูมิภาคจังหวัดตาก", "PEA"),
        ("สำนักงานจังหวัดเชียงราย", "OPS"),
        ("ศาลากลางจังหวัดกรุงเทพมหานคร", "OPS"),
    ],
)
def test_written_names_reach_the_reference_tree(matcher, written, expected):
    assert code(matcher.match(written)) == expected


def test_a_local_office_carries_its_province(matcher):
    found = matcher.match("ที่ทำการปกครองจังหวัดเชียงใหม่")
    assert (found.organization.code, found.province.name_th) == ("DOPA", "เชียงใหม่")
    assert matcher.match("สนง.พช.จ.ขอนแก่น").province.name_th == "ขอนแก่น"
    assert matcher.match("กรมการปกครอง").province is None


def test_the_office_in_the_tree_is_chosen_when_there_is_one(dopa_chiang_mai):
    matcher = OrganizationMatcher.load()
    assert matcher.match("ที่ทำการปกครองจังหวัดเชียงใหม่").organization == dopa_chiang_mai
    assert matcher.match("ปค.เชียงใหม่").organization == dopa_chiang_mai
    # another province has no office in the tree: the department itself
    assert code(matcher.match("ที่ทำการปกครองจังหวัดลำปาง")) == "DOPA"
    # the department by its own name is still the department, not its office
    assert code(matcher.match("กรมการปกครอง")) == "DOPA"


@pytest.fixture
def dopa_chiang_mai():
    return Organization.objects.create(
        name="ที่ทำการปกครองจังหวัดเชียงใหม่", kind=Organization.Kind.OFFICE,
        parent=Organization.objects.get(code="DOPA"), scope=Organization.Scope.REGIONAL,
        province=Province.objects.get(name_th="เชียงใหม่"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("กรมการปกครองส่วนท้องที่", "กรมการปกครอง"),
        ("กรมพัฒนาชุมชม", "กรมการพัฒนาชุมชน"),
        ("การประปานครหลวงง", "การประปานครหลวง"),
    ],
)
def test_an_unknown_name_gets_the_nearest_names(matcher, written, suggested):
    found = matcher.match(written)
    assert found.organization is None
    assert suggested in found.suggestions
    assert len(found.suggestions) <= 3


def test_nonsense_matches_nothing(matcher):
    for written in ("บริษัท ตัวอย่าง จำกัด", "xyz", "จังหวัดเชียงใหม่", "เชียงใหม่"):
        assert matcher.match(written).organization is None, written
    assert matcher.match("").organization is None


def test_provinces_by_any_spelling(matcher):
    assert matcher.province("จังหวัดเชียงใหม่").name_th == "เชียงใหม่"
    assert matcher.province("จ.เชียงใหม่").name_th == "เชียงใหม่"
    assert matcher.province("Chiang Mai").name_th == "เชียงใหม่"
    assert matcher.province("กทม.").name_th == "กรุงเทพมหานคร"
    assert matcher.province("เชียงใหม") is None
    assert "เชียงใหม่" in matcher.province_suggestions("เชียงใหม")


def test_keys_ignore_spaces_dots_and_case():
    assert org_key(" สป. มท. ") == org_key("สปมท") == "สปมท"
    assert org_key("Department of Lands") == "departmentoflands"


def test_five_thousand_rows_cost_the_two_queries_of_loading(matcher):
    names = ["กรมการปกครอง", "ปภ.", "สนง.พช.จ.ขอนแก่น", "ไม่มีหน่วยงานนี้"] * 1250

    def run():
        m = OrganizationMatcher.load()
        for name in names:
            m.match(name)

    assert count_queries(run) == 2
