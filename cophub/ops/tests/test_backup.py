"""`cophub backup` and `cophub restore` on the database the suite runs on (SQLite or
PostgreSQL), with real files, restoring in real subprocesses into a fresh site."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import translation

from cophub.accounts.models import User
from cophub.ops.backup import DATABASE_MEMBER, MANIFEST, VENDOR_NAMES, table_counts
from cophub.programs.services import program_import
from cophub.surveys.services import survey_submit
from cophub.testing import (
    UserFactory,
    all_likert,
    demo_document,
    make_community,
    make_item,
    survey_for,
)

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
ATTACHMENT = b"%PDF-1.4\n" + bytes(range(256)) * 40 + "รายงานการคัดแยกขยะ".encode()
THAI_WORD = "ขยะ"  # in the item's title only

CHECK = r"""
import hashlib, json, sys
import django; django.setup()
from cophub.accounts.models import User
from cophub.knowledge.models import Attachment
from cophub.ops.backup import table_counts
from cophub.search.selectors import search_results

def digest(a):
    with a.file.open("rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()

results, _count, _more = search_results(user=User.objects.get(username=sys.argv[1]), q=sys.argv[2])
print(json.dumps({
    "tables": table_counts(),
    "files": {str(a.pk): digest(a) for a in Attachment.objects.all()},
    "found": [[r.type, r.id] for r in results],
}))
"""


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(reference_data, media):
    """A program, a survey with responses, a community and an item with an attachment."""
    organiser = UserFactory(username="organiser", role=User.Role.ORGANISER)
    facilitator = UserFactory(username="facilitator", role=User.Role.FACILITATOR)
    program = program_import(actor=organiser, document=demo_document())
    survey = survey_for(program.activities.order_by("number").first(), organiser)
    for value in (5, 4, 3):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(value))
    community = make_community(facilitator=facilitator)
    item = make_item(
        author=facilitator, community=community, title="การคัดแยกขยะต้นทางของชุมชน",
        body="บทเรียนจากการศึกษาดูงาน", files=[SimpleUploadedFile("รายงาน.pdf", ATTACHMENT)],
    )  # fmt: skip
    return item


@pytest.fixture
def target(tmp_path):
    """A fresh, empty site: its own var folder and (on PostgreSQL) its own database."""
    var = tmp_path / "restored"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cophub.settings",
        "COPHUB_ENV": "development",
        "COPHUB_VAR_DIR": str(var),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    name = None
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        name = f"{s['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
        )
    yield var, env
    if name:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def back_up(path: Path) -> dict:
    out = io.StringIO()
    call_command("backup", "--output", str(path), stdout=out)
    with tarfile.open(path) as tar:
        return json.load(tar.extractfile(MANIFEST))


def damage(archive: Path, tmp_path: Path) -> Path:
    """A copy of the archive with one byte of the attachment flipped."""
    with tarfile.open(archive) as tar:
        member = next(m for m in tar if m.name.startswith("media/"))
    data = bytearray(archive.read_bytes())
    data[member.offset_data + 100] ^= 0xFF
    damaged = tmp_path / "damaged.tar"
    damaged.write_bytes(bytes(data))
    return damaged


def test_round_trip_gives_back_every_row_file_and_search_hit(site, media, target, tmp_path):
    var, env = target
    archive = tmp_path / "cophub.tar"
    manifest = back_up(archive)
    expected = table_counts()
    assert manifest["vendor"] == connection.vendor and manifest["tables"] == expected
    assert expected["surveys_response"] == 3 and expected["knowledge_attachment"] == 1
    assert [f["sha256"] for f in manifest["files"]] == [hashlib.sha256(ATTACHMENT).hexdigest()]

    # A damaged copy is refused, even with --force, before anything is touched.
    UserFactory(username="after-the-backup")
    media_before = {p: p.read_bytes() for p in media.rglob("*") if p.is_file()}
    with translation.override("en"), pytest.raises(CommandError, match=r"media/.* checksum"):
        call_command("restore", str(damage(archive, tmp_path)), "--force", stdout=io.StringIO())
    assert User.objects.filter(username="after-the-backup").exists()
    assert {p: p.read_bytes() for p in media.rglob("*") if p.is_file()} == media_before
    assert not [p for p in media.parent.iterdir() if p.name.startswith(".")]

    done = run(env, "-m", "cophub", "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "100%" in done.stdout  # plain progress lines when not on a terminal
    # --force over the site just restored (on PostgreSQL: pg_restore --clean, one transaction)
    forced = run(env, "-m", "cophub", "restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    assert f" {sum(expected.values()):,} " in forced.stdout  # says what it overwrites

    check = run(env, "-c", CHECK, "facilitator", THAI_WORD)
    assert check.returncode == 0, check.stderr
    restored = json.loads(check.stdout.strip().splitlines()[-1])
    assert restored["tables"] == expected
    assert restored["files"] == {
        str(site.attachments.get().pk): hashlib.sha256(ATTACHMENT).hexdigest()
    }
    assert ["knowledge", site.pk] in restored["found"]
    assert not [p for p in var.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_backup_is_online_and_copies_only_committed_rows(media, tmp_path):
    """Another connection holds an open write transaction: the backup neither waits for it
    nor copies its row."""
    committed = table_counts()["django_migrations"]
    insert = "INSERT INTO django_migrations (app, name, applied) VALUES ('zz', 'uncommitted', CURRENT_TIMESTAMP)"
    if connection.vendor == "sqlite":
        writer = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(insert)
    else:
        import psycopg

        s = connection.settings_dict
        writer = psycopg.connect(
            dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"] or None,
            host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432,
        )  # fmt: skip
        writer.execute(insert)
    try:
        started = time.monotonic()
        manifest = back_up(tmp_path / "online.tar")
        assert time.monotonic() - started < 10
    finally:
        writer.rollback()  # both drivers: ends the open write transaction
        writer.close()
    assert manifest["tables"]["django_migrations"] == committed
    assert "zz" not in manifest["migrations"]


def archive_with(path: Path, manifest: dict) -> Path:
    data = json.dumps(manifest).encode()
    with tarfile.open(path, "w") as tar:
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.django_db(transaction=False)
def test_restore_refuses_other_vendors_newer_versions_a_full_site_and_other_files(tmp_path):
    vendor = connection.vendor
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[vendor]
    applied = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    good = {
        "format": "cophub-backup", "format_version": 1, "created_at": "2026-11-30T10:00:00+00:00",
        "vendor": vendor, "migrations": applied, "tables": {}, "files": [],
        "database": {"name": DATABASE_MEMBER[vendor], "size": 0, "sha256": ""},
    }  # fmt: skip
    cases = {
        f"holds a {VENDOR_NAMES[other]} database": {
            "vendor": other, "database": {**good["database"], "name": DATABASE_MEMBER[other]},
        },
        "newer CoP Hub": {"migrations": {**applied, "search": ["9999_future"]}},
        "format version 2": {"format_version": 2},
        r"manifest .* is damaged": {"files": [{"name": "../../etc/passwd", "size": 1, "sha256": ""}]},
        # The test database holds the reference data: not an empty site.
        r"not empty: it has .* orgs_province 77": {},
    }  # fmt: skip
    for message, changes in cases.items():
        archive = archive_with(tmp_path / "case.tar", {**good, **changes})
        with translation.override("en"), pytest.raises(CommandError, match=message):
            call_command("restore", str(archive), stdout=io.StringIO())
    (tmp_path / "notes.txt").write_text("not an archive")
    with translation.override("en"), pytest.raises(CommandError, match="not a CoP Hub backup"):
        call_command("restore", str(tmp_path / "notes.txt"), stdout=io.StringIO())
    with translation.override("en"), pytest.raises(CommandError, match="inside a transaction"):
        call_command("backup", "--output", str(tmp_path / "x.tar"), stdout=io.StringIO())
    assert not (tmp_path / "x.tar").exists()
