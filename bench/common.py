"""Plumbing the benchmark scripts share: a fresh app environment on SQLite or PostgreSQL,
the `cophub` command, and running a Django script that prints one JSON line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def app_env(database: str, var_dir: Path, pg_name: str, **extra: str) -> dict:
    """Environment for the app with its data in ``var_dir`` (SQLite) or in PostgreSQL
    database ``pg_name``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cophub.settings",
        "COPHUB_ENV": "development",
        "DEBUG": "0",
        "COPHUB_VAR_DIR": str(var_dir),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "ERROR",
        **extra,
    }
    env.pop("DATABASE_URL", None)
    if database == "postgresql":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{pg_name}"
    return env


def fresh_database(env: dict, database: str, pg_name: str) -> None:
    """Empty schema (a new PostgreSQL database), migrated, with the demo loaded."""
    if database == "postgresql":
        pg = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *pg, "--if-exists", "--force", pg_name], check=True)
        subprocess.run(["createdb", *pg, pg_name], check=True)
    manage(env, "migrate", "-v0")
    manage(env, "demo")


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PY, "-m", "cophub", *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def script_json(env: dict, script: str, *args: str) -> dict:
    """Run a Python script in the app's environment; return the JSON on its last line."""
    out = subprocess.run(
        [PY, "-c", script, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])
