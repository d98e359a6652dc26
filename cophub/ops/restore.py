"""Restore an archive written by ``backup.backup`` (format in backup.py's docstring).

Nothing on the site is touched until the whole archive has been unpacked into a staging
folder beside the media folder and every member has matched its size and SHA-256. Then
the database is replaced in one step (SQLite's backup API into the live file, which
commits all pages or none; pg_restore with --single-transaction), and the staged media
folder is renamed into place, so a failure leaves the site as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from cophub.ops.backup import (
    CHUNK,
    DATABASE_MEMBER,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    VENDOR_NAMES,
    BackupError,
    Progress,
    media_files,
    media_root,
    megabytes,
    pg_command,
    pg_tool_major,
    run_tool,
    table_counts,
)


def _safe_name(name) -> bool:
    path = PurePosixPath(name) if isinstance(name, str) else None
    return bool(
        path
        and not path.is_absolute()
        and str(path) == name
        and "\\" not in name
        and all(part not in ("", ".", "..") for part in path.parts)
    )


def read_manifest(archive: Path) -> dict:
    """The archive's manifest, after checking it is one of ours and well formed."""
    not_ours = _("%(file)s is not a CoP Hub backup.") % {"file": archive}
    try:
        with tarfile.open(archive, "r:") as tar:
            data = tar.extractfile(tar.getmember(MANIFEST)).read()
        manifest = json.loads(data)
    except FileNotFoundError:
        raise BackupError(_("There is no file %(file)s.") % {"file": archive}) from None
    except (KeyError, tarfile.TarError, ValueError, AttributeError):
        raise BackupError(not_ours) from None
    except OSError as exc:
        raise BackupError(
            _("Cannot read %(file)s: %(reason)s") % {"file": archive, "reason": exc.strerror}
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(not_ours)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("This backup is in format version %(theirs)s; this CoP Hub reads version %(ours)s.")
            % {"theirs": manifest.get("format_version"), "ours": FORMAT_VERSION}
        )
    try:
        database, files = manifest["database"], manifest["files"]
        well_formed = (
            manifest["vendor"] in DATABASE_MEMBER
            and database["name"] == DATABASE_MEMBER[manifest["vendor"]]
            and all(_safe_name(f["name"]) for f in files)
            and all(
                isinstance(e["size"], int) and isinstance(e["sha256"], str)
                for e in [database, *files]
            )
            and all(isinstance(n, int) for n in manifest["tables"].values())
            and all(isinstance(v, list) for v in manifest["migrations"].values())
        )
    except (KeyError, TypeError, AttributeError):
        well_formed = False
    if not well_formed:
        raise BackupError(_("The manifest of %(file)s is damaged.") % {"file": archive})
    return manifest


def _pending_migrations(manifest: dict) -> int:
    """Refuse a backup from a newer CoP Hub; return how many migrations it lacks."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(applied - known)
    if unknown:
        raise BackupError(
            _(
                "This backup was made by a newer CoP Hub (it has migrations this version does "
                "not know: %(names)s). Upgrade CoP Hub, then restore."
            )
            % {"names": ", ".join(f"{a}.{n}" for a, n in unknown[:5])}
        )
    return len(known - applied)


def describe(tables: dict[str, int], files: list[Path]) -> str:
    """What a restore would overwrite, in one sentence."""
    largest = sorted(tables.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return _(
        "%(tables)d tables with %(rows)s rows (largest: %(largest)s) and %(files)d uploaded "
        "files (%(size)s)"
    ) % {
        "tables": len(tables),
        "rows": f"{sum(tables.values()):,}",
        "largest": ", ".join(f"{t} {n:,}" for t, n in largest) or "-",
        "files": len(files),
        "size": megabytes(sum(p.stat().st_size for p in files)),
    }


def _extract(archive: Path, manifest: dict, staging: Path, progress: Progress) -> None:
    expected = {manifest["database"]["name"]: manifest["database"]}
    expected.update({f"media/{f['name']}": f for f in manifest["files"]})
    seen: set[str] = set()
    total = sum(e["size"] for e in expected.values())
    with tarfile.open(archive, "r:") as tar, progress.bar(_("checking the archive"), total) as bar:
        for member in tar:
            if member.name == MANIFEST:
                continue
            entry = expected.get(member.name)
            if entry is None or member.name in seen or not member.isfile():
                raise BackupError(
                    _("The archive holds %(name)s, which its manifest does not list.")
                    % {"name": member.name}
                )
            seen.add(member.name)
            target = staging / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest, size = hashlib.sha256(), 0
            with tar.extractfile(member) as src, open(target, "wb") as dst:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
                    size += len(chunk)
                    bar.advance(len(chunk))
            if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
                raise BackupError(
                    _("%(name)s does not match its checksum: the archive is damaged.")
                    % {"name": member.name}
                )
            os.utime(target, (member.mtime, member.mtime))
    missing = sorted(expected.keys() - seen)
    if missing:
        raise BackupError(
            _("The archive lacks %(names)s: it is incomplete.") % {"names": ", ".join(missing[:5])}
        )


def _sqlite_restore(db_file: Path) -> None:
    source = sqlite3.connect(db_file)
    try:
        connection.ensure_connection()
        # All pages in one step, in one write transaction on the live file: readers see
        # the old database or the new one, and a failure rolls back to the old.
        source.backup(connection.connection)
    finally:
        source.close()
        connection.close()


def _postgres_restore(dump: Path, *, clean: bool) -> None:
    pg_tool_major("pg_restore")
    connection.close()
    params = ["--single-transaction", "--no-owner", "--no-privileges"]
    if clean:
        params += ["--clean", "--if-exists"]
    args, env = pg_command("pg_restore", *params, dbname_option=True)
    run_tool("pg_restore", [*args, str(dump)], env)


def _swap_media(staged: Path, root: Path) -> None:
    staged.mkdir(exist_ok=True)
    old = root.with_name(f".{root.name}.replaced-{os.getpid()}")
    if root.exists():
        root.rename(old)
    staged.rename(root)
    shutil.rmtree(old, ignore_errors=True)


def restore(archive: Path, *, force: bool, progress: Progress) -> dict:
    """Replace the configured database and uploads with the archive's; return its manifest."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    vendor = connection.vendor
    if manifest["vendor"] != vendor:
        raise BackupError(
            _(
                "This backup holds a %(theirs)s database, but this site uses %(ours)s. Restore "
                "it into a %(theirs)s database (DATABASE_URL chooses the database)."
            )
            % {"theirs": VENDOR_NAMES[manifest["vendor"]], "ours": VENDOR_NAMES.get(vendor, vendor)}
        )
    pending = _pending_migrations(manifest)
    root = media_root()
    tables, files = table_counts(), media_files(root)
    if tables or files:
        what = describe(tables, files)
        if not force:
            raise BackupError(
                _(
                    "The site is not empty: it has %(what)s. Restore into an empty database, "
                    "or run again with --force to overwrite all of it."
                )
                % {"what": what}
            )
        progress.step(_("--force: overwriting %(what)s.") % {"what": what})
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a transaction."))
    parent = root.parent if root is not None else Path(tempfile.gettempdir())
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".cophub-restore-", dir=parent))
    keep_staging = False
    try:
        progress.step(
            _("Checking the database and %(n)d uploaded files (backup of %(at)s)…")
            % {"n": len(manifest["files"]), "at": manifest["created_at"]}
        )
        _extract(archive, manifest, staging, progress)
        progress.step(_("Restoring the %(vendor)s database…") % {"vendor": VENDOR_NAMES[vendor]})
        db_file = staging / manifest["database"]["name"]
        try:
            if vendor == "sqlite":
                _sqlite_restore(db_file)
            else:
                _postgres_restore(db_file, clean=bool(tables))
        except (sqlite3.Error, DatabaseError) as exc:
            raise BackupError(
                _("The database could not be restored and was left as it was: %(reason)s")
                % {"reason": exc}
            ) from exc
        if root is not None:
            try:
                _swap_media(staging / "media", root)
            except OSError as exc:
                keep_staging = True
                raise BackupError(
                    _(
                        "The database was restored, but the uploaded files could not be moved "
                        "into %(root)s (%(reason)s); they are in %(staged)s."
                    )
                    % {"root": root, "reason": exc.strerror or exc, "staged": staging / "media"}
                ) from exc
    finally:
        if not keep_staging:
            shutil.rmtree(staging, ignore_errors=True)
    restored = table_counts()
    wrong = sorted(t for t, n in manifest["tables"].items() if restored.get(t) != n)
    if wrong:
        raise BackupError(
            _("After the restore these tables do not hold the rows the backup counted: %(names)s")
            % {"names": ", ".join(wrong[:5])}
        )
    progress.step(
        _("Restored %(tables)d tables (%(rows)s rows) and %(files)d uploaded files.")
        % {
            "tables": len(manifest["tables"]),
            "rows": f"{sum(manifest['tables'].values()):,}",
            "files": len(manifest["files"]),
        }
    )
    if pending:
        progress.step(
            _("%(n)d migrations are newer than the backup: run `cophub migrate`.") % {"n": pending}
        )
    return manifest
