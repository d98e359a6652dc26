"""Program documents: import/export round trip and one clear problem per mistake."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.utils import translation

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.orgs.models import Organization, Person
from cophub.programs.models import Activity, Program, Registration, Site
from cophub.programs.selectors import program_document
from cophub.programs.services import program_import
from cophub.testing import demo_document

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count() for m in (Program, Activity, Site, Registration, Person, Organization)
    ]


def problems_of(document, actor, language="en"):
    with translation.override(language), pytest.raises(DomainError) as info:
        program_import(actor=actor, document=document)
    assert info.value.code == "invalid_document"
    return {p.path: p.message for p in info.value.problems}


def test_demo_document_round_trips_losslessly(organiser):
    document = demo_document()
    program = program_import(actor=organiser, document=document)
    exported = program_document(program_id=program.pk)
    assert exported == document
    again = program_import(actor=organiser, document=exported)
    assert program_document(program_id=again.pk) == document


def test_round_trip_keeps_dates_registrations_and_fractions(organiser):
    document = demo_document()
    first = document["activities"][0]
    first["start_date"], first["end_date"] = "2018-03-12", "2018-03-13"
    first["satisfaction"]["percent"] = 92.5
    first["registrations"] = [
        {"prefix": "นาย", "first_name": "สมชาย", "last_name": "ใจดี", "position": "นักทรัพยากรบุคคล",
         "organization": "กรมการปกครอง", "email": "somchai@example.go.th", "phone": "", "attended": True},
        {"prefix": "นางสาว", "first_name": "สมหญิง", "last_name": "รักงาน", "position": "",
         "organization": "การประปานครหลวง", "email": "", "phone": "021234567", "attended": False},
    ]  # fmt: skip
    program = program_import(actor=organiser, document=document)
    assert program_document(program_id=program.pk) == document
    activity = program.activities.get(number=1)
    assert activity.participant_total == 1  # derived from registrations, not the recorded 36


def test_import_writes_one_audit_row(organiser):
    program = program_import(actor=organiser, document=demo_document())
    row = AuditLog.objects.get(object_type="programs.program", object_id=str(program.pk))
    assert row.action == "program.imported" and row.actor == organiser
    assert row.changes["activities"] == 2


def test_bad_document_reports_every_problem_and_saves_nothing(organiser):
    document = demo_document()
    document["fiscal_year"] = "สองพัน"
    document["organization"] = "กรมที่ไม่มีอยู่จริง"
    document["objectives"] = ["ok", ""]
    a0, a1 = document["activities"]
    a0["kind"] = "picnic"
    a0["title"] = ""
    a0["start_date"] = "2018-02-30"
    a0["sites"][0]["province"] = "แอตแลนติส"
    a0["satisfaction"]["level"] = "ดีมาก"
    a0["satisfaction"]["percent"] = 120
    a1["number"] = 1
    a1["participants"]["count"] = -3
    a1["target_group"]["cohort"] = "first"
    a1["registrations"] = [{"first_name": "", "attended": "yes"}]
    a1["colour"] = "blue"
    before = counts()
    problems = problems_of(document, organiser)
    assert counts() == before
    assert set(problems) == {
        "fiscal_year", "organization", "objectives[1]",
        "activities[0].kind", "activities[0].title", "activities[0].start_date",
        "activities[0].sites[0].province", "activities[0].satisfaction.level",
        "activities[0].satisfaction.percent", "activities[1].number",
        "activities[1].participants.count", "activities[1].target_group.cohort",
        "activities[1].registrations[0].first_name", "activities[1].registrations[0].attended",
        "activities[1].colour",
    }  # fmt: skip
    assert problems["activities[1].number"] == "number 1 is used twice"
    assert "แอตแลนติส" in problems["activities[0].sites[0].province"]


def test_problems_are_in_thai_by_default(organiser):
    document = demo_document()
    del document["title"]
    problems = problems_of(document, organiser, language="th")
    assert problems == {"title": "ต้องระบุ"}


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda d: d.update(fiscal_year=2018), "fiscal_year", "must be between 2500 and 2700"),
        (lambda d: d.update(fiscal_year=True), "fiscal_year", "must be a whole number"),
        (lambda d: d.update(title=["x"]), "title", "must be text"),
        (lambda d: d.update(title="x" * 501), "title", "is too long (at most 500 characters)"),
        (lambda d: d.update(activities={}), "activities", "must be a list"),
        (lambda d: d.update(objectives="one"), "objectives", "must be a list of text"),
        (lambda d: d.update(format="other/9"), "format", "must be “cophub.program/1”"),
        (lambda d: d["activities"].append(7), "activities[2]", "must be an object {…}"),
        (
            lambda d: d["activities"][0].update(start_date="2561-03-05"),
            "activities[0].start_date",
            "uses a Buddhist Era year; ISO dates use the Common Era (B.E. − 543)",
        ),
        (
            lambda d: d["activities"][0].update(start_date="2019-03-05"),
            "activities[0].start_date",
            "is outside fiscal year 2561 (1 ตุลาคม พ.ศ. 2560 – 30 กันยายน พ.ศ. 2561)",
        ),
        (
            lambda d: d["activities"][0].update(start_date="2018-03-05", end_date="2018-03-01"),
            "activities[0].end_date",
            "is before the start date",
        ),
        (
            lambda d: d["activities"][0].update(end_date="2018-03-01"),
            "activities[0].start_date",
            "is required when an end date is given",
        ),
        (
            lambda d: d["activities"][0].update(sites="here"),
            "activities[0].sites",
            "must be a list",
        ),
        (
            lambda d: d["activities"][0]["sites"][0].pop("name"),
            "activities[0].sites[0].name",
            "is required",
        ),
        (
            lambda d: d["activities"][0].update(number=0),
            "activities[0].number",
            "must be between 1 and 32767",
        ),
    ],
)
def test_each_kind_of_mistake(organiser, change, path, message):
    document = demo_document()
    change(document)
    assert problems_of(document, organiser) == {path: message}


def test_not_an_object(organiser):
    assert problems_of([1, 2], organiser) == {"": "must be an object {…}"}


def test_thai_digits_and_level_keys_are_accepted(organiser):
    document = demo_document()
    document["fiscal_year"] = "๒๕๖๑"
    document["activities"][0]["satisfaction"]["level"] = "high"
    document["activities"][0]["satisfaction"]["percent"] = "๙๐"
    program = program_import(actor=organiser, document=document)
    assert program.fiscal_year == 2561
    assert program_document(program_id=program.pk) == demo_document()


def test_a_district_not_in_the_province_is_a_problem_of_its_site(organiser):
    document = demo_document()
    sites = document["activities"][1]["sites"]
    sites[0]["district"] = "ลาดพร้าว"  # Bangkok's, not นนทบุรี's
    sites[1]["district"] = "บางใหย่"  # a typo of บางใหญ่, which นนทบุรี has
    before = counts()
    problems = problems_of(document, organiser, language="th")
    assert counts() == before
    assert problems == {
        "activities[1].sites[0].district": "นนทบุรีไม่มีอำเภอลาดพร้าว",
        "activities[1].sites[1].district": "นนทบุรีไม่มีอำเภอบางใหย่ หมายถึง บางใหญ่, บางกรวย หรือไม่",
    }


def test_a_district_needs_its_province_in_a_document(organiser):
    document = demo_document()
    document["activities"][0]["sites"][0]["province"] = ""
    assert problems_of(document, organiser, language="th") == {
        "activities[0].sites[0].province": "เลือกจังหวัดของอำเภอวังน้อย"
    }
    # An unknown province is the one problem: its district cannot be judged without it.
    document["activities"][0]["sites"][0]["province"] = "แอตแลนติส"
    assert set(problems_of(document, organiser)) == {"activities[0].sites[0].province"}


def test_an_imported_district_is_stored_by_its_official_name(organiser):
    document = demo_document()
    document["activities"][0]["sites"][0]["district"] = "อ.วังน้อย"
    document["activities"][1]["sites"][1]["district"] = "Bang Yai"
    program = program_import(actor=organiser, document=document)
    assert sorted(Site.objects.filter(activity__program=program).values_list("district", flat=True)) == [
        "บางใหญ่", "ปากเกร็ด", "วังน้อย",
    ]  # fmt: skip
    assert program_document(program_id=program.pk) == demo_document()


def test_a_member_cannot_import(member):
    with pytest.raises(DomainError) as info:
        program_import(actor=member, document=demo_document())
    assert info.value.code == "permission_denied"


# --- the command line ----------------------------------------------------------


def test_cli_import_prints_the_id_last_and_export_round_trips(organiser, tmp_path, capsys):
    source = tmp_path / "program.json"
    source.write_text(json.dumps(demo_document(), ensure_ascii=False), encoding="utf-8")
    call_command("import-program", str(source), "--owner", "organiser")
    out = capsys.readouterr().out.strip().splitlines()
    program = Program.objects.get()
    assert out[-1] == str(program.pk)
    assert program.owner == organiser
    target = tmp_path / "out.json"
    call_command("export-program", str(program.pk), "--output", str(target))
    assert json.loads(target.read_text(encoding="utf-8")) == demo_document()


def test_console_script_end_to_end(tmp_path):
    """The real `cophub` process on its own fresh SQLite: exit codes, stderr, last line."""
    env = {**os.environ, "COPHUB_VAR_DIR": str(tmp_path / "var"), "COPHUB_ENV": "development"}
    env.pop("DATABASE_URL", None)

    def cophub(*args):
        return subprocess.run(
            [sys.executable, "-m", "cophub", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    assert cophub("migrate", "-v0").returncode == 0
    assert cophub("demo").returncode == 0
    bad = demo_document()
    bad["activities"][0]["kind"] = "picnic"
    bad["activities"][1]["sites"][0]["province"] = "ไม่มี"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    result = cophub("import-program", str(path), "--owner", "organiser")
    assert result.returncode == 1
    assert "activities[0].kind" in result.stderr
    assert "activities[1].sites[0].province" in result.stderr
    good = tmp_path / "good.json"
    good.write_text(json.dumps(demo_document(), ensure_ascii=False), encoding="utf-8")
    result = cophub("import-program", str(good), "--owner", "organiser")
    assert result.returncode == 0, result.stderr
    new_id = result.stdout.strip().splitlines()[-1]
    assert new_id.isdigit()
    exported = cophub("export-program", new_id)
    assert json.loads(exported.stdout) == demo_document()


def test_cli_reports_malformed_json(organiser, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "broken.json"
    path.write_text('{"title": "x",\n  oops}', encoding="utf-8")
    with (
        translation.override("en"),
        pytest.raises(CommandError, match=r"not valid JSON \(line 2, column 3\)"),
    ):
        call_command("import-program", str(path), "--owner", "organiser")
    with translation.override("en"), pytest.raises(CommandError, match="Cannot read"):
        call_command("import-program", str(tmp_path / "missing.json"), "--owner", "organiser")


def test_cli_reports_each_problem(organiser, tmp_path):
    from django.core.management.base import CommandError

    bad = demo_document()
    bad["activities"][0]["kind"] = "picnic"
    bad["activities"][1]["sites"][0]["province"] = "ไม่มี"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("import-program", str(path), "--owner", "organiser")
    lines = str(info.value).splitlines()
    assert any(line.strip().startswith("- activities[0].kind:") for line in lines)
    assert any(line.strip().startswith("- activities[1].sites[0].province:") for line in lines)
    assert Program.objects.count() == 0
