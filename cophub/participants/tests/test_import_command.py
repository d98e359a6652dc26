"""``cophub import-participants ACTIVITY_ID FILE [--dry-run] [--only-good-rows]``."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cophub.participants.tests.test_import_files import HEADER, PEOPLE, csv_bytes, xlsx
from cophub.programs.models import Registration
from cophub.testing import child_database_url

BAD_ROW = ["๔", "นายสมปอง ดีใจ", "", "กรมพัฒนาชุมชม", "", ""]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads and result files of these tests go to a folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_participants", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(tmp_path) -> Path:
    path = tmp_path / "รายชื่อ.xlsx"
    path.write_bytes(xlsx([HEADER, *PEOPLE], title_rows=1))
    return path


@pytest.fixture
def bad_file(tmp_path) -> Path:
    path = tmp_path / "รายชื่อ.csv"
    path.write_bytes(csv_bytes([HEADER, *PEOPLE, BAD_ROW], encoding="cp874"))
    return path


@pytest.mark.django_db
def test_import_then_import_again(activity, sysadmin, good_file):
    out, err = run(activity.pk, good_file)
    assert "ลงทะเบียน 3 คน, รายชื่อสำรอง 0 คน, ไม่มีการเปลี่ยนแปลง 0 คน, ข้าม 0 แถว" in out
    assert "กำลังอ่านรายชื่อ: 3/3" in err  # progress, one line a step off a terminal
    assert Registration.objects.filter(activity=activity, source="imported").count() == 3
    again, _err = run(activity.pk, good_file)
    assert "ไม่มีการเปลี่ยนแปลง: ทุกคนในรายชื่อนี้ลงทะเบียนไว้แล้ว" in again
    assert Registration.objects.filter(activity=activity).count() == 3


@pytest.mark.django_db
def test_a_dry_run_saves_nothing(activity, sysadmin, good_file):
    out, _err = run(activity.pk, good_file, "--dry-run")
    assert "อ่านได้ 3 แถว: บุคคลใหม่ 3 คน" in out
    assert "ยังไม่ได้บันทึกข้อมูลใด" in out
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_problems_are_listed_by_row_and_column_and_fail_the_command(activity, sysadmin, bad_file):
    err = io.StringIO()
    with pytest.raises(CommandError, match="จึงยังไม่ได้นำเข้ารายชื่อใด"):
        call_command(
            "import_participants", str(activity.pk), str(bad_file), stdout=io.StringIO(), stderr=err
        )
    assert 'แถวที่ 5, คอลัมน์ D (หน่วยงาน): ไม่พบหน่วยงาน "กรมพัฒนาชุมชม"' in err.getvalue()
    assert not Registration.objects.exists()
    out, _err = run(activity.pk, bad_file, "--only-good-rows")
    assert "ลงทะเบียน 3 คน" in out and "ข้าม 1 แถว" in out
    assert Registration.objects.filter(activity=activity).count() == 3


@pytest.mark.django_db
def test_a_dry_run_with_problems_fails_too(activity, sysadmin, bad_file):
    with pytest.raises(CommandError):
        run(activity.pk, bad_file, "--dry-run")


@pytest.mark.django_db
def test_files_and_activities_that_are_not_there(activity, sysadmin, tmp_path, good_file):
    with pytest.raises(CommandError, match="ไม่สามารถอ่าน"):
        run(activity.pk, tmp_path / "missing.xlsx")
    pdf = tmp_path / "list.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj")
    with pytest.raises(CommandError, match="ไม่ใช่ไฟล์ Excel"):
        run(activity.pk, pdf)
    with pytest.raises(CommandError, match="ไม่มีกิจกรรมหมายเลข"):
        run(activity.pk + 1000, good_file)


@pytest.mark.django_db
def test_the_acting_user_must_run_the_activity(activity, member, good_file):
    with pytest.raises(CommandError):
        run(activity.pk, good_file, "--owner", member.username)
    assert not Registration.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_console_script_takes_the_dashed_name(organiser, sysadmin, tmp_path, bad_file):
    from cophub.participants.models import RegistrationPolicy
    from cophub.testing import ActivityFactory

    activity = ActivityFactory(program__owner=organiser)
    RegistrationPolicy.objects.create(activity=activity, is_open=True)
    script = Path(sys.executable).with_name("cophub")
    env = {**os.environ, "DATABASE_URL": child_database_url(), "DJANGO_SETTINGS_MODULE": "cophub.settings",
           "COPHUB_VAR_DIR": str(tmp_path)}  # fmt: skip
    command = [
        str(script),
        "import-participants",
        str(activity.pk),
        str(bad_file),
        "--only-good-rows",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # the skipped row, by row and column (its wording waits for nothing: names and numbers)
    assert "5" in done.stderr and "D (หน่วยงาน)" in done.stderr and "กรมพัฒนาชุมชม" in done.stderr
    assert Registration.objects.filter(activity=activity).count() == 3
