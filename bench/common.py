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


def free_ports(count: int = 1) -> int:
    """The first of ``count`` consecutive free ports, below the kernel's ephemeral range
    (32768+), where a benchmark's own outgoing connections would otherwise collide."""
    import random
    import socket

    for _ in range(200):
        first = random.randint(15000, 32000 - count)
        try:
            for port in range(first, first + count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise SystemExit("no free ports")


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


def open_survey(env: dict) -> str:
    """An open survey on the demo's first activity (after ``fresh_database``); its token."""
    script = (
        "import django; django.setup()\n"
        "from cophub.accounts.models import User\n"
        "from cophub.programs.models import Activity\n"
        "from cophub.surveys.services import survey_create\n"
        "activity = Activity.objects.get(program__fiscal_year=2561, number=1)\n"
        "survey = survey_create(actor=User.objects.get(username='organiser'), activity=activity, publish=True)\n"
        "import json; print(json.dumps({'token': survey.token}))"
    )
    return script_json(env, script)["token"]


def gunicorn(env: dict, bind: str, workers: int = 2, *, wait: bool = True) -> subprocess.Popen:
    """Start gunicorn on ``bind`` (host:port) in its own process group; with ``wait``,
    return once /healthz answers. Stop it with ``os.killpg(proc.pid, signal)``."""
    (Path(env["COPHUB_VAR_DIR"]) / "static").mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "cophub.wsgi:application", "-b", bind,
         "-w", str(workers), "--log-level", "warning", "--backlog", "2048"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    if wait:
        wait_ready(proc, bind)
    return proc


def wait_ready(proc: subprocess.Popen, bind: str, timeout: float = 60) -> None:
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://{bind}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"gunicorn on {bind} did not start")


def cpu_seconds(pids) -> float:
    """User + system CPU time of these processes so far (Linux /proc); gone ones count 0."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def process_tree(pid: int) -> list[int]:
    """``pid`` and its children (gunicorn's master and workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    kids = [int(p) for p in children.read_text().split()] if children.exists() else []
    return [pid, *kids]


def pg_backend_cpu(pg_name: str) -> dict[int, float]:
    """CPU seconds so far of the PostgreSQL backends serving ``pg_name`` (the app's pool)."""
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{pg_name}") as conn:
        pids = [r[0] for r in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [pg_name],
        )]  # fmt: skip
    return {pid: cpu_seconds([pid]) for pid in pids}
