"""From rows to registrations: what each row becomes, every row problem, and applying."""

from __future__ import annotations

import io

import pytest

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.orgs.models import Organization, Person
from cophub.participants.importing.preview import build_preview
from cophub.participants.importing.rows import problem_message
from cophub.participants.models import RegistrationPolicy
from cophub.participants.services.imports import participant_import_apply
from cophub.participants.tests.test_import_files import HEADER, PEOPLE, csv_bytes, xlsx
from cophub.programs.models import Registration
from cophub.testing import count_queries

pytestmark = pytest.mark.django_db


def preview(activity, data: bytes) -> dict:
    return build_preview(io.BytesIO(data), size=len(data), activity=activity, file_name="list")


def by_row(document: dict) -> dict[int, dict]:
    return {r["row"]: r for r in document["rows"]}


def apply(activity, actor, document: dict, *, only_good_rows: bool = False):
    return participant_import_apply(
        actor=actor, activity=activity, rows=document["rows"], only_good_rows=only_good_rows,
        file_name="list.xlsx",
    )  # fmt: skip


def codes(row: dict) -> list[tuple[str, str]]:
    return [(p["column"], p["code"]) for p in row["problems"]]


# --- what each row becomes --------------------------------------------------------------
def test_every_row_with_its_person_organisation_and_outcome(activity, participant):
    doc = preview(activity, xlsx([HEADER, *PEOPLE], title_rows=1))
    rows = by_row(doc)
    assert rows[3] == {
        "row": 3, "title": "นาย", "first": "สมชาย", "last": "ใจดี",
        "position": "นักวิเคราะห์นโยบายและแผน",
        "organization_id": Organization.objects.get(code="DOPA").pk, "organization": "กรมการปกครอง",
        "province": "", "email": "somchai@example.go.th", "phone": "081-234-5678",
        "outcome": "existing", "person_id": participant.person.pk, "matched_by": "email",
        "status": "registered", "fills": ["phone"], "problems": [],
    }  # fmt: skip
    assert (rows[4]["title"], rows[4]["organization"], rows[4]["outcome"]) == (
        "นางสาว", "กรมป้องกันและบรรเทาสาธารณภัย", "new",
    )  # fmt: skip
    assert (rows[5]["title"], rows[5]["first"], rows[5]["last"]) == (
        "ว่าที่ ร.ต. หญิง",
        "สมศรี",
        "ณ อยุธยา",
    )
    assert (rows[5]["organization"], rows[5]["province"]) == ("กรมการปกครอง", "เชียงใหม่")
    assert doc["summary"] == {
        "rows": 3, "new": 2, "existing": 1, "updated": 0, "unchanged": 0, "problems": 0,
        "register": 3, "waiting": 0,
    }  # fmt: skip
    assert (doc["header_row"], doc["format"]) == (2, "xlsx")


def test_separate_title_first_and_last_columns(activity):
    rows = [
        ["ที่", "คำนำหน้า", "ชื่อ", "นามสกุล", "สังกัด", "จังหวัด", "เบอร์โทร"],
        ["๑", "นาย", "สมชาย", "ใจดี", "พช.", "ขอนแก่น", "๘๑๒๓๔๕๖๗๘"],
        ["๒", "", "นางสมศรี", "มีสุข", "สถ.", "", ""],
        ["๓", "นาย", "นางนวล", "ใจงาม", "สถ.", "", ""],  # นางนวล is a name, not นาง + นวล
        ["๔", "", "", "", "", "", ""],  # a numbered template row left blank: skipped
    ]
    got = by_row(preview(activity, csv_bytes(rows)))
    assert sorted(got) == [2, 3, 4]
    assert (got[2]["title"], got[2]["first"], got[2]["last"]) == ("นาย", "สมชาย", "ใจดี")
    assert (got[2]["province"], got[2]["phone"]) == ("ขอนแก่น", "0812345678")
    assert (got[3]["title"], got[3]["first"]) == ("นาง", "สมศรี")
    assert (got[4]["title"], got[4]["first"]) == ("นาย", "นางนวล")


def test_a_person_known_by_name_in_their_organisation_has_blanks_filled(activity, dopa):
    known = Person.objects.create(
        prefix="นาย", first_name="วิชัย", last_name="ศรีสุข", organization=dopa
    )
    rows = [["ชื่อ-สกุล", "หน่วยงาน", "ตำแหน่ง", "อีเมล"],
            ["นายวิชัย ศรีสุข", "ปค.", "ปลัดอำเภอ", "wichai@example.go.th"]]  # fmt: skip
    row = by_row(preview(activity, csv_bytes(rows)))[2]
    assert (row["outcome"], row["person_id"], row["matched_by"]) == ("existing", known.pk, "name")
    assert row["fills"] == ["position", "email"]


def test_the_same_name_with_another_e_mail_is_another_person(activity, dopa):
    Person.objects.create(
        first_name="วิชัย", last_name="ศรีสุข", organization=dopa, email="w1@example.go.th"
    )
    rows = [["ชื่อ-สกุล", "หน่วยงาน", "อีเมล"], ["นายวิชัย ศรีสุข", "ปค.", "w2@example.go.th"]]
    assert by_row(preview(activity, csv_bytes(rows)))[2]["outcome"] == "new"


def test_the_same_name_elsewhere_is_another_person(activity, dopa):
    Person.objects.create(first_name="วิชัย", last_name="ศรีสุข", organization=dopa)
    rows = [["ชื่อ-สกุล", "หน่วยงาน"], ["นายวิชัย ศรีสุข", "ปภ."]]
    assert by_row(preview(activity, csv_bytes(rows)))[2]["outcome"] == "new"


def test_e_mail_matches_whatever_its_case(activity, participant):
    rows = [["ชื่อ-สกุล", "อีเมล"], ["นายสมชาย ใจดี", "SomChai@Example.go.th"]]
    row = by_row(preview(activity, csv_bytes(rows)))[2]
    assert (row["person_id"], row["matched_by"]) == (participant.person.pk, "email")


# --- row problems, by row and column ---------------------------------------------------
def test_an_unknown_organisation_with_the_nearest_names(activity):
    rows = [HEADER, ["1", "นายสมชาย ใจดี", "", "กรมพัฒนาชุมชม", "", ""]]
    row = by_row(preview(activity, csv_bytes(rows)))[2]
    assert row["outcome"] == "problem"
    (problem,) = row["problems"]
    assert (problem["column"], problem["code"]) == (
        "D (หน่วยงาน)",
        "import_row_unknown_organization",
    )
    assert problem["params"] == {"value": "กรมพัฒนาชุมชม"}
    assert "กรมการพัฒนาชุมชน" in problem["suggestions"]


def test_a_bad_e_mail(activity):
    rows = [HEADER, ["1", "นายสมชาย ใจดี", "", "ปค.", "somchai@@example", ""],
            ["2", "นายสมปอง ดีใจ", "", "ปค.", "a@b.th; c@d.th", ""]]  # fmt: skip
    got = by_row(preview(activity, csv_bytes(rows)))
    assert codes(got[2]) == [("E (อีเมล)", "import_row_bad_email")]
    assert codes(got[3]) == [("E (อีเมล)", "import_row_bad_email")]


def test_duplicate_rows_name_both_rows(activity):
    rows = [
        HEADER,
        ["1", "นายสมชาย ใจดี", "", "ปค.", "somchai@example.go.th", ""],
        ["2", "นางสมศรี มีสุข", "", "ปภ.", "", ""],
        ["3", "นาย สมชาย  ใจดี", "", "กรมการปกครอง", "SOMCHAI@example.go.th", ""],
        ["4", "นางสมศรี มีสุข", "", "กรมป้องกันและบรรเทาสาธารณภัย", "", ""],
        ["5", "นางสมศรี มีสุข", "", "พช.", "", ""],  # the same name in another organisation
    ]
    doc = preview(activity, csv_bytes(rows))
    got = by_row(doc)
    assert (got[2]["problems"], got[3]["problems"], got[6]["problems"]) == ([], [], [])
    assert got[4]["problems"][0]["code"] == "import_row_duplicate_email"
    assert got[4]["problems"][0]["params"] == {"row": 4, "other": 2}
    assert got[5]["problems"][0] == {
        "column": "B (ชื่อ-สกุล)", "code": "import_row_duplicate_name",
        "params": {"row": 5, "other": 3},
    }  # fmt: skip
    assert doc["summary"]["problems"] == 2


def test_a_row_without_a_name_and_an_unknown_province(activity):
    rows = [["ลำดับ", "ชื่อ-สกุล", "หน่วยงาน", "จังหวัด"], ["1", "", "ปค.", ""],
            ["2", "นายสมชาย ใจดี", "ปค.", "เชียงใหม"]]  # fmt: skip
    got = by_row(preview(activity, csv_bytes(rows)))
    assert codes(got[2]) == [("B (ชื่อ-สกุล)", "import_row_name_missing")]
    assert codes(got[3]) == [("D (จังหวัด)", "import_row_unknown_province")]
    assert got[3]["problems"][0]["suggestions"][0] == "เชียงใหม่"


def test_a_value_too_long_for_its_field(activity):
    rows = [["ชื่อ-สกุล", "ตำแหน่ง"], ["นายสมชาย ใจดี", "ก" * 201]]
    row = by_row(preview(activity, csv_bytes(rows)))[2]
    assert row["problems"] == [
        {"column": "B (ตำแหน่ง)", "code": "import_row_too_long", "params": {"max": 200}}
    ]


def test_problem_messages_read_in_the_readers_language():
    problem = {"column": "D", "code": "import_row_unknown_organization",
               "params": {"value": "กรมพัฒนาชุมชม"}, "suggestions": ["กรมการพัฒนาชุมชน"]}  # fmt: skip
    from django.utils import translation

    with translation.override("en"):
        assert problem_message(problem) == (
            'Unknown organisation "กรมพัฒนาชุมชม". Did you mean: กรมการพัฒนาชุมชน?'
        )
    duplicate = {
        "column": "",
        "code": "import_row_duplicate_email",
        "params": {"row": 12, "other": 3},
    }
    with translation.override("th"):  # waits for the catalogue merge (docs: /tmp/po/imports.po)
        assert problem_message(duplicate) == "แถวที่ ๓ และ ๑๒ มีอีเมลเดียวกัน: รายชื่อนี้ซ้ำกัน"
        assert "12" in problem_message(duplicate, screen=False)


# --- applying -----------------------------------------------------------------------------
def test_applying_registers_everyone_as_imported(activity, organiser, participant):
    doc = preview(activity, xlsx([HEADER, *PEOPLE], title_rows=1))
    outcome = apply(activity, organiser, doc)
    assert outcome.counts == {
        "registered": 3, "waiting": 0, "people_created": 2, "people_updated": 1,
        "unchanged": 0, "skipped": 0,
    }  # fmt: skip
    participant.person.refresh_from_db()
    assert participant.person.phone == "081-234-5678"  # it had none
    registrations = Registration.objects.filter(activity=activity).select_related("person")
    assert {r.person.full_name for r in registrations} == {
        "นายสมชาย ใจดี", "นางสาวสมหญิง รักงาน", "ว่าที่ ร.ต. หญิง สมศรี ณ อยุธยา",
    }  # fmt: skip
    assert {(r.source, r.status) for r in registrations} == {("imported", "registered")}
    assert registrations.get(person=participant.person)  # the known person, not a new one
    assert Person.objects.filter(first_name="สมชาย", last_name="ใจดี").count() == 1
    audit = AuditLog.objects.filter(action="participant_list.imported").get()
    assert audit.object_id == str(activity.pk)
    assert audit.changes["registered"] == 3 and audit.changes["file"] == "list.xlsx"
    assert AuditLog.objects.filter(action="registration.imported").count() == 3


def test_importing_the_same_file_again_changes_nothing(activity, organiser, participant):
    data = xlsx([HEADER, *PEOPLE], title_rows=1)
    apply(activity, organiser, preview(activity, data))
    people, registrations = Person.objects.count(), list(Registration.objects.values())
    again = preview(activity, data)
    assert {r["outcome"] for r in again["rows"]} == {"unchanged"}
    assert again["summary"]["unchanged"] == 3 and again["summary"]["register"] == 0
    outcome = apply(activity, organiser, again)
    assert outcome.counts == {
        "registered": 0, "waiting": 0, "people_created": 0, "people_updated": 0,
        "unchanged": 3, "skipped": 0,
    }  # fmt: skip
    assert Person.objects.count() == people
    assert list(Registration.objects.values()) == registrations


def test_a_list_with_problems_imports_nothing(activity, organiser):
    rows = [HEADER, PEOPLE[1], ["9", "นายสมปอง ดีใจ", "", "กรมที่ไม่มี", "", ""]]
    doc = preview(activity, csv_bytes(rows))
    with pytest.raises(DomainError) as caught:
        apply(activity, organiser, doc)
    assert (caught.value.code, caught.value.params) == ("import_has_problems", {"count": 1})
    assert not Registration.objects.filter(activity=activity).exists()
    assert not Person.objects.filter(first_name="สมหญิง").exists()


def test_only_the_good_rows(activity, organiser):
    rows = [HEADER, PEOPLE[1], ["9", "นายสมปอง ดีใจ", "", "กรมที่ไม่มี", "", ""]]
    outcome = apply(activity, organiser, preview(activity, csv_bytes(rows)), only_good_rows=True)
    assert (outcome.counts["registered"], outcome.counts["skipped"]) == (1, 1)
    assert [p["row"] for p in outcome.problems] == [3]
    assert Registration.objects.get(activity=activity).person.first_name == "สมหญิง"


def test_known_people_get_their_blanks_filled_and_nothing_overwritten(activity, organiser, dopa):
    known = Person.objects.create(
        first_name="วิชัย", last_name="ศรีสุข", organization=dopa, phone="021111111"
    )
    rows = [
        ["ชื่อ-สกุล", "หน่วยงาน", "ตำแหน่ง", "โทรศัพท์"],
        ["นายวิชัย ศรีสุข", "ปค.", "ปลัดอำเภอ", "0899999999"],
    ]
    outcome = apply(activity, organiser, preview(activity, csv_bytes(rows)))
    known.refresh_from_db()
    assert (known.prefix, known.position, known.phone) == ("นาย", "ปลัดอำเภอ", "021111111")
    assert outcome.counts["people_updated"] == 1


def test_beyond_the_capacity_people_wait_in_the_order_of_the_list(activity, organiser, participant):
    RegistrationPolicy.objects.filter(activity=activity).update(capacity=2)
    Registration.objects.create(activity=activity, person=participant.person)
    rows = [HEADER, *[[str(i), f"นายคนที่{i} ทดสอบ", "", "ปค.", "", ""] for i in range(1, 5)]]
    doc = preview(activity, csv_bytes(rows))
    assert doc["summary"]["waiting"] == 3
    outcome = apply(activity, organiser, doc)
    assert (outcome.counts["registered"], outcome.counts["waiting"]) == (1, 3)
    statuses = dict(
        Registration.objects.filter(activity=activity, source="imported").values_list(
            "person__first_name", "status"
        )
    )
    assert statuses == {
        "คนที่1": "registered",
        "คนที่2": "waiting",
        "คนที่3": "waiting",
        "คนที่4": "waiting",
    }
    held = Registration.objects.filter(
        activity=activity, status__in=Registration.HOLDS_SEAT
    ).count()
    assert held == 2


def test_an_activity_without_a_policy_gets_one_closed(organiser):
    from cophub.testing import ActivityFactory

    activity = ActivityFactory(program__owner=organiser)
    apply(activity, organiser, preview(activity, csv_bytes([HEADER, PEOPLE[1]])))
    policy = RegistrationPolicy.objects.get(activity=activity)
    assert (policy.is_open, policy.capacity) == (False, None)
    assert Registration.objects.filter(activity=activity).count() == 1


def test_someone_added_between_preview_and_apply_is_not_registered_twice(activity, organiser):
    doc = preview(activity, csv_bytes([HEADER, PEOPLE[1]]))
    first = apply(activity, organiser, doc)
    second = apply(activity, organiser, doc)  # a stale preview applied again
    assert (first.counts["registered"], second.counts["unchanged"]) == (1, 1)
    assert Person.objects.filter(email="somying@example.go.th").count() == 1


def test_an_organisation_deleted_since_the_preview_skips_its_rows(activity, organiser):
    office = Organization.objects.create(name="ศูนย์ทดสอบ", kind=Organization.Kind.EXTERNAL)
    doc = preview(activity, csv_bytes([["ชื่อ-สกุล", "หน่วยงาน"], ["นายสมปอง ดีใจ", "ศูนย์ทดสอบ"]]))
    office.delete()
    outcome = apply(activity, organiser, doc, only_good_rows=True)
    assert (outcome.counts["registered"], outcome.counts["skipped"]) == (0, 1)


def test_a_member_cannot_apply_a_list(activity, member):
    doc = preview(activity, csv_bytes([HEADER, PEOPLE[1]]))
    with pytest.raises(DomainError) as caught:
        apply(activity, member, doc)
    assert caught.value.code == "permission_denied"
    assert not Registration.objects.exists()


def test_the_preview_reads_in_two_queries_more_per_500_rows(activity, participant):
    """Loading the tree (2), the policy (1), registrations of known people (1), and per
    500 rows one query for e-mails and one for names."""
    small = csv_bytes([HEADER, *PEOPLE])
    large = csv_bytes([HEADER, PEOPLE[0], *[[str(i), f"นายคนที่{i} ทดสอบ", "", "ปค.", f"p{i}@example.go.th", ""]
                                            for i in range(1199)]])  # fmt: skip
    assert count_queries(lambda: preview(activity, small)) == 6
    assert count_queries(lambda: preview(activity, large)) == 10
