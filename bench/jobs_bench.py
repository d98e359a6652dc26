"""Job throughput through `cophub worker` (issue 9). One command:

    .venv/bin/python bench/jobs_bench.py          # SQLite and PostgreSQL, 1 and 2 workers

For each database and worker count: a fresh schema, the workers started and idle (each
has beaten once), then TASKS trivial tasks enqueued in one transaction; timed from that
commit until the last task is marked successful. The task inserts one row keyed by its
argument (ON CONFLICT DO NOTHING: run twice, one row), so the run also checks that
every task ran and none left a second row. Workers poll at the production default.
"""

from __future__ import annotations

if __name__ != "__main__":  # imported by the worker (and the enqueuer) as bench.jobs_bench
    from django.db import connection

    from cophub.jobs.queue import background

    @background()
    def bench_touch(key: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_job (key) VALUES (%s) ON CONFLICT DO NOTHING", [key])


BOOT = (
    "import django, sys; django.setup(); import bench.jobs_bench; "
    "from django.core.management import call_command; call_command('worker', *sys.argv[1:])"
)
ENQUEUE = """
import json, sys, time
import django; django.setup()
from django.db import transaction
from bench.jobs_bench import bench_touch
n = int(sys.argv[1])
with transaction.atomic():
    for key in range(n):
        bench_touch.enqueue(key)
print(json.dumps({"committed_at": time.time()}))
"""
TASK_PATH = "bench.jobs_bench.bench_touch"


def main() -> None:
    import argparse
    import json
    import shutil
    import sqlite3
    import subprocess
    import tempfile
    import time
    from pathlib import Path

    from common import PY, ROOT, app_env, cpu_seconds, manage, pg_backend_cpu, script_json

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--pg-name", default="cophub_jobs_bench")
    args = parser.parse_args()

    def scalar(database: str, env: dict, sql: str) -> int:
        if database == "sqlite":
            with sqlite3.connect(Path(env["COPHUB_VAR_DIR"]) / "cophub.sqlite3", timeout=20) as c:
                return c.execute(sql).fetchone()[0]
        import psycopg

        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as c:
            return c.execute(sql).fetchone()[0]

    def run(database: str, workers: int) -> dict:
        var_dir = Path(tempfile.mkdtemp(prefix="cophub-jobs-bench-"))
        env = app_env(database, var_dir, args.pg_name, TASKS_BACKEND="database")
        if database == "postgresql":
            pg = ["-h", "127.0.0.1", "-U", "postgres"]
            subprocess.run(["dropdb", *pg, "--if-exists", "--force", args.pg_name], check=True)
            subprocess.run(["createdb", *pg, args.pg_name], check=True)
        manage(env, "migrate", "-v0")
        script_json(
            env,
            "import django; django.setup()\nfrom django.db import connection\n"
            "connection.cursor().execute('CREATE TABLE bench_job (key integer PRIMARY KEY)')\n"
            "print('{}')",
        )
        procs = [
            subprocess.Popen([PY, "-c", BOOT, "-v0"], env=env, cwd=ROOT, start_new_session=True)
            for _ in range(workers)
        ]
        try:
            deadline = time.monotonic() + 60
            while scalar(database, env, "SELECT COUNT(*) FROM jobs_workerbeat") < workers:
                if time.monotonic() > deadline:
                    raise SystemExit("the workers did not start")
                time.sleep(0.2)
            cpu_before = cpu_seconds(p.pid for p in procs)
            pg_before = pg_backend_cpu(args.pg_name) if database == "postgresql" else {}
            committed = script_json(env, ENQUEUE, str(args.tasks))["committed_at"]
            done_sql = (
                "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
                f"WHERE task_path = '{TASK_PATH}' AND status = 'SUCCESSFUL'"
            )
            deadline = time.monotonic() + 600
            while (done := scalar(database, env, done_sql)) < args.tasks:
                if time.monotonic() > deadline:
                    raise SystemExit(f"only {done} of {args.tasks} tasks ran")
                time.sleep(0.1)
            elapsed = time.time() - committed
            worker_cpu = cpu_seconds(p.pid for p in procs) - cpu_before
            pg_after = pg_backend_cpu(args.pg_name) if database == "postgresql" else {}
            pg_cpu = sum(v - pg_before.get(k, 0.0) for k, v in pg_after.items())
            rows = scalar(database, env, "SELECT COUNT(*) FROM bench_job")
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=30)
            shutil.rmtree(var_dir, ignore_errors=True)
        return {
            "database": database,
            "workers": workers,
            "tasks": args.tasks,
            "seconds": round(elapsed, 2),
            "tasks_per_s": round(args.tasks / elapsed, 1),
            # CPU the workers spent (polling while the enqueue ran included): tasks a
            # worker core runs per second when it has them.
            "worker_cpu_s": round(worker_cpu, 2),
            "pg_cpu_s": round(pg_cpu, 2),
            "tasks_per_worker_core_s": round(args.tasks / worker_cpu, 1) if worker_cpu else None,
            "every_task_ran_once": rows == args.tasks,
        }

    report = []
    for database in args.databases.split(","):
        for workers in (int(w) for w in args.workers.split(",")):
            report.append(run(database, workers))
            print(json.dumps(report[-1]), flush=True)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var/jobs-bench.json").write_text(json.dumps(report, indent=2))
    if not all(r["every_task_ran_once"] for r in report):
        raise SystemExit("a task did not run, or ran into a second row")


if __name__ == "__main__":
    main()
