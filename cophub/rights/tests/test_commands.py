"""`cophub person-export` and `cophub person-erase`: the same services from the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from cophub.core.models import AuditLog
from cophub.rights.models import DataRequest
from cophub.rights.tests.conftest import EMAIL, FIRST

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", ["json", "xlsx"])
def test_person_export_writes_the_copy_by_the_files_extension(
    sysadmin, subject_person, tmp_path, suffix
):
    out = tmp_path / f"copy.{suffix}"
    call_command(
        "person-export", str(subject_person.pk), "--output", str(out), stdout=io.StringIO()
    )
    if suffix == "json":
        profile = json.loads(out.read_text())["sections"][0]["rows"][0]
        assert (profile["first_name"], profile["email"]) == (FIRST, EMAIL)
    else:
        sheet = load_workbook(out).worksheets[0]
        assert FIRST in [c.value for c in sheet[2]]
    request = DataRequest.objects.get()
    assert (request.kind, request.status, request.requested_by) == ("access", "done", sysadmin)
    assert AuditLog.objects.filter(action="data_request.exported").count() == 1


def test_person_export_refuses_other_extensions_and_unknown_people(
    sysadmin, subject_person, tmp_path
):
    with pytest.raises(CommandError, match=r"\.json"):
        call_command("person-export", str(subject_person.pk), "--output", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="999999"):
        call_command("person-export", "999999", "--output", str(tmp_path / "x.json"))
    assert not DataRequest.objects.exists()


def test_person_erase_asks_first_and_does_nothing_without_a_yes(
    sysadmin, subject_person, monkeypatch
):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError):
        call_command("person-erase", str(subject_person.pk))
    subject_person.refresh_from_db()
    assert subject_person.first_name == FIRST
    assert not DataRequest.objects.exists()


def test_person_erase_with_yes_erases_and_logs_the_request(
    sysadmin, subject_person, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "person-erase", str(subject_person.pk), "--yes", "--note", "ทางจดหมาย", stdout=out
        )
    subject_person.refresh_from_db()
    assert subject_person.full_name == f"ผู้ถูกลบข้อมูล #{subject_person.pk}"
    request = DataRequest.objects.get()
    assert (request.kind, request.status, request.outcome) == ("erasure", "done", "ทางจดหมาย")
    assert f"#{request.pk}" in out.getvalue() or str(request.pk) in out.getvalue()
    assert AuditLog.objects.filter(action="data_request.erased", object_id=str(request.pk)).exists()


def test_person_erase_carries_out_the_request_already_waiting(
    sysadmin, subject_user, subject_person
):
    from cophub.rights.services import data_request_erasure

    waiting = data_request_erasure(actor=subject_user)
    call_command("person-erase", str(subject_person.pk), "--yes", stdout=io.StringIO())
    waiting.refresh_from_db()
    assert waiting.status == "done" and DataRequest.objects.count() == 1


def test_the_commands_need_an_administrator(subject_person, tmp_path):
    with pytest.raises(CommandError, match="ผู้ดูแลระบบ"):
        call_command("person-erase", str(subject_person.pk), "--yes")
