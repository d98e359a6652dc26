"""Backup and restore: one tar archive holding the database and the uploaded files.

An archive (format version 1) holds, in this order:

    database/cophub.sqlite3   SQLite: a snapshot made with SQLite's backup API
    database/cophub.pgdump    or PostgreSQL: pg_dump, custom format
    media/<path>              every file of the default storage (MEDIA_ROOT)
    manifest.json             format, vendor, migration state, tables with row counts,
                              each member's size and SHA-256, time of the backup

The manifest comes last because each file is hashed while it is written into the
archive: an upload is read once, and what the manifest says is what the archive holds.
Both copies are online: the SQLite backup API copies one consistent snapshot while the
site keeps writing (WAL), and pg_dump runs in a snapshot exported by the transaction
that also counts the rows, so the counts describe exactly the dump.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import django
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.utils.translation import gettext as _

FORMAT = "cophub-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database/cophub.sqlite3", "postgresql": "database/cophub.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def megabytes(n: int) -> str:
    return f"{n / 1_000_000:,.1f} MB"


class Progress:
    """Progress lines: a tqdm bar on a terminal, otherwise a plain line each tenth."""

    def __init__(self, write, *, tty: bool = False):
        self.write, self.tty = write, tty

    def step(self, text: str) -> None:
        self.write(text)

    def bar(self, label: str, total: int) -> _Bar:
        return _Bar(self, label, total)


class _Bar:
    def __init__(self, progress: Progress, label: str, total: int):
        self.progress, self.label, self.total, self.done, self.tenth = progress, label, total, 0, 0
        self.tqdm = None
        if progress.tty:
            from tqdm import tqdm

            self.tqdm = tqdm(total=total, desc=label, unit="B", unit_scale=True, leave=True)

    def __enter__(self) -> _Bar:
        return self

    def advance(self, n: int) -> None:
        self.done += n
        if self.tqdm is not None:
            self.tqdm.update(n)
            return
        tenth = self.done * 10 // self.total if self.total else 10
        if tenth > self.tenth:
            self.tenth = tenth
            self.progress.step(f"{self.label}: {tenth * 10}% ({megabytes(self.done)})")

    def __exit__(self, *exc) -> None:
        if self.tqdm is not None:
            self.tqdm.close()


class _Hashing:
    """A file read through while tarfile copies it: hashes and reports progress."""

    def __init__(self, fh, bar: _Bar):
        self.fh, self.bar, self.digest = fh, bar, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.digest.update(data)
        self.bar.advance(len(data))
        return data


# --- the database, each vendor ----------------------------------------------------------
def _sqlite_tables(execute) -> list[str]:
    rows = execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows]


def _count(execute, tables) -> dict[str, int]:
    quote = connection.ops.quote_name
    # Table names come from the database's own catalogue, quoted.
    sql = "SELECT COUNT(*) FROM {}"
    return {t: execute(sql.format(quote(t))).fetchone()[0] for t in tables}


def _migrations(execute) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for app, name in execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall():
        out.setdefault(app, []).append(name)
    return out


def _pg_execute(cursor):
    def execute(sql):
        cursor.execute(sql)
        return cursor

    return execute


def table_counts() -> dict[str, int]:
    """Rows in each table of the configured database (its search index tables too)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        execute = connection.connection.execute
        return _count(execute, _sqlite_tables(execute))
    with connection.cursor() as cursor:
        return _count(_pg_execute(cursor), connection.introspection.table_names(cursor))


def _sqlite_snapshot(target: Path) -> dict:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1): the whole copy is read in one read transaction.
        connection.connection.backup(copy)
        # A self-contained file: no -wal beside it, whatever the source's journal mode.
        copy.execute("PRAGMA journal_mode=DELETE")
        tables = _sqlite_tables(copy.execute)
        if "django_migrations" not in tables:
            raise BackupError(_("The database has no CoP Hub tables; run `cophub migrate` first."))
        return {
            "server_version": sqlite3.sqlite_version,
            "tables": _count(copy.execute, tables),
            "migrations": _migrations(copy.execute),
        }
    finally:
        copy.close()


def pg_command(tool: str, *params: str, dbname_option: bool = False) -> tuple[list, dict]:
    settings_dict = connection.settings_dict
    _args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    args = [tool]
    for option, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")):
        if settings_dict.get(key):
            args.append(f"{option}={settings_dict[key]}")
    args += params
    if settings_dict.get("NAME"):
        args.append(f"--dbname={settings_dict['NAME']}" if dbname_option else settings_dict["NAME"])
    return args, {**os.environ, **(env or {})}


def pg_tool_major(tool: str) -> int:
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout  # noqa: S603
    except FileNotFoundError:
        raise BackupError(
            _(
                "%(tool)s is not installed. Install the PostgreSQL client of the server's "
                "version (Debian: postgresql-client)."
            )
            % {"tool": tool}
        ) from None
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else 0


def run_tool(tool: str, args: list, env: dict) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)  # noqa: S603 - our own arguments
    if done.returncode:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": tool, "error": (done.stderr or done.stdout).strip()}
        )


def _postgres_snapshot(target: Path) -> dict:
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    tool_major = pg_tool_major("pg_dump")
    if tool_major < server_major:
        raise BackupError(
            _(
                "pg_dump %(tool)d cannot dump a PostgreSQL %(server)d server; install "
                "postgresql-client-%(server)d."
            )
            % {"tool": tool_major, "server": server_major}
        )
    with transaction.atomic(), connection.cursor() as cursor:
        execute = _pg_execute(cursor)
        execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = execute("SELECT pg_export_snapshot()").fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        if "django_migrations" not in tables:
            raise BackupError(_("The database has no CoP Hub tables; run `cophub migrate` first."))
        info = {
            "server_version": str(connection.pg_version),
            "pg_dump_version": tool_major,
            "tables": _count(execute, tables),
            "migrations": _migrations(execute),
        }
        # The exporting transaction stays open until pg_dump has finished with it.
        args, env = pg_command(
            "pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"
        )
        run_tool("pg_dump", args, env)
    return info


# --- files ------------------------------------------------------------------------------
def media_root() -> Path | None:
    """Where uploads live, when they are on this machine's filesystem."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def media_files(root: Path | None, skip: Path | None = None) -> list[Path]:
    """Every file under ``root``, except under ``skip`` (a backup written into the media folder)."""
    if root is None or not root.is_dir():
        return []
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if Path(folder, d) != skip)
        found += [p for p in (Path(folder, n) for n in sorted(names)) if p.is_file()]
    return found


def _add(tar: tarfile.TarFile, name: str, path: Path, bar: _Bar) -> dict | None:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, after tarfile has read it
    except FileNotFoundError:
        return None  # deleted since it was listed: the site removed it while we ran
    with fh:
        stat = os.fstat(fh.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, stat.st_mtime, 0o644
        reader = _Hashing(fh, bar)
        tar.addfile(info, reader)
    return {"name": name, "size": info.size, "sha256": reader.digest.hexdigest()}


def backup(output: Path, *, progress: Progress) -> dict:
    """Write the archive to ``output`` (replaced only once complete); return its manifest."""
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(_("Backups support SQLite and PostgreSQL only."))
    if connection.in_atomic_block:
        # pg_dump sees only committed rows, and a snapshot must start its own transaction.
        raise BackupError(_("A backup cannot run inside a transaction."))
    output = Path(output).absolute()
    if output.is_dir():
        raise BackupError(_("%(path)s is a folder; give a file name.") % {"path": output})
    output.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".cophub-backup-", dir=output.parent))
    try:
        member = DATABASE_MEMBER[vendor]
        db_file = work / PurePosixPath(member).name
        progress.step(_("Copying the %(vendor)s database…") % {"vendor": VENDOR_NAMES[vendor]})
        snapshot = (_sqlite_snapshot if vendor == "sqlite" else _postgres_snapshot)(db_file)
        root = media_root()
        if root is None:
            progress.step(_("Uploads are not on the filesystem; back up their storage itself."))
        files = [p for p in media_files(root, skip=work) if p != output]
        total = db_file.stat().st_size + sum(p.stat().st_size for p in files)
        progress.step(
            _("Writing %(n)d uploaded files and the database (%(size)s)…")
            % {"n": len(files), "size": megabytes(total)}
        )
        partial = work / "archive.tar"
        with (
            tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar,
            progress.bar(_("backing up"), total) as bar,
        ):
            tar.copybufsize = CHUNK
            database = _add(tar, member, db_file, bar)
            written = [_add(tar, f"media/{p.relative_to(root).as_posix()}", p, bar) for p in files]
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "vendor": vendor,
                "django_version": django.get_version(),
                "database": {**database, "server_version": snapshot["server_version"]},
                "migrations": snapshot["migrations"],
                "tables": snapshot["tables"],
                "files": [{**f, "name": f["name"].removeprefix("media/")} for f in written if f],
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), time.time(), 0o644
            tar.addfile(info, io.BytesIO(data))
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, output)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest
