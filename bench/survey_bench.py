"""Survey benchmarks (issue 3). One command:

    .venv/bin/python bench/survey_bench.py            # SQLite and PostgreSQL, full size
    .venv/bin/python bench/survey_bench.py --results-only --responses 1000000

1. Submissions through the JSON API under gunicorn, 100 concurrent clients (wrk), against
   two baselines measured in the same run on the same database and gunicorn settings:
   a minimal Django project whose one view inserts one row (bench/minimal/: no apps, no
   middleware; issue 17's yardstick) and the same kind of view behind CoP Hub's own
   middleware stack (bench/bench_urls.py). Rounds alternate minimal, own stack, survey.
   Checks: zero errors, p99, and every accepted response in the database afterwards.
   The hall test (100 phones, one answer a second each, open loop) runs before the
   rounds, beside the same hall on the minimal project, and again after them.
   ``--in-process N`` times both projects' WSGI handlers called directly instead.
2. Results (API and live page) for an activity with 100,000 responses, server time
   (in-process, Django test client), beside the same survey at 100 responses.

Needs wrk (Debian package `wrk`) and the machine's PostgreSQL on 127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from common import PY, ROOT, app_env, free_ports, fresh_database, script_json

HALL_RATE = 1.0  # submissions per phone per second in the "hall" test: 100 phones → 100/s


PG_NAME = "cophub_survey_bench"


# SQLite connections kept open between requests (the app's default, settings.py), or
# "0": one opened per request, as issue 17 measured (bench --sqlite-conn-max-age 0).
CONN_MAX_AGE = os.environ.get("DB_CONN_MAX_AGE", "600")


def env_for(database: str, var_dir: Path) -> dict:
    return app_env(
        database, var_dir, PG_NAME,
        DJANGO_SETTINGS_MODULE="bench.bench_settings",
        SURVEY_RATE_PER_DEVICE="1000000",
        SURVEY_RATE_PER_ADDRESS="1000000000",  # wrk sends everything from one address
        DB_CONN_MAX_AGE=CONN_MAX_AGE,
    )  # fmt: skip


def prepare(env, database: str) -> int:
    """Fresh schema, the demo, one open survey, and the baseline's table. Returns the survey's activity id."""
    fresh_database(env, database, PG_NAME)
    script = """
import django; django.setup()
from django.db import connection
from cophub.accounts.models import User
from cophub.programs.models import Activity
from cophub.surveys.services import survey_create
with connection.cursor() as c:
    c.execute("CREATE TABLE IF NOT EXISTS bench_row (id %s, client_id varchar(40), body text)" %
              ("SERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY AUTOINCREMENT"))
activity = Activity.objects.get(program__fiscal_year=2561, number=1)
survey = survey_create(actor=User.objects.get(username="organiser"), activity=activity, publish=True)
print(activity.pk, survey.token)
"""
    out = subprocess.run(
        [PY, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    activity_id, token = out.split()
    return int(activity_id), token


def serve(env, port: int, app: str = "cophub.wsgi:application", extra=()) -> subprocess.Popen:
    """gunicorn with the benchmark's settings, the same for every side; returns once it answers."""
    import http.client

    workers = os.environ.get("BENCH_WORKERS", "4")
    proc = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), app, "-b", f"127.0.0.1:{port}",
         "-w", workers, "--log-level", "warning", "--backlog", "2048", *extra],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            conn.getresponse().read()  # any answer: the minimal project has no /healthz
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def wrk(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(ROOT / "bench/submit.lua"), url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


ANSWERS = {
    "q1": 5,
    "q2": 4,
    "q3": 5,
    "q4": 4,
    "q5": 5,
    "q6": 4,
    "q7": 5,
    "q8": 4,
    "q9": 5,
    "comment": "ได้ความรู้ดีมาก",
}


def paced(port: int, path: str, *, clients: int, per_client: float, seconds: int) -> dict:
    """A hall of ``clients`` phones, each submitting once every 1/``per_client`` seconds on
    average (Poisson arrivals), each over its own keep-alive connection. Open loop: a slow
    answer does not slow the next arrival down, so queueing shows in the latencies."""
    import http.client
    import threading

    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def phone(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        next_at = time.monotonic() + rng.expovariate(per_client)
        while next_at < deadline:
            time.sleep(max(0.0, next_at - time.monotonic()))
            body = json.dumps({"client_id": str(uuid.uuid4()), "answers": ANSWERS})
            started = time.monotonic()
            try:
                conn.request(
                    "POST", path, body=body.encode(), headers={"Content-Type": "application/json"}
                )
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.monotonic() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses.append(status)
            next_at += rng.expovariate(per_client)

    threads = [threading.Thread(target=phone, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies),
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)],
        "created": statuses.count(201),
        "errors": len([s for s in statuses if s not in (200, 201)]),
    }


def fold_all(env) -> None:
    script = (
        "import django; django.setup()\n"
        "from cophub.surveys.models import Survey\nfrom cophub.surveys.tallies import fold\n"
        "fold(list(Survey.objects.values_list('pk', flat=True)))"
    )
    subprocess.run(
        [PY, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )


def count_rows(env, sql: str) -> int:
    script = f"import django; django.setup()\nfrom django.db import connection\nc = connection.cursor(); c.execute({sql!r}); print(c.fetchone()[0])"
    return int(
        subprocess.run(
            [PY, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout
    )


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def median_round(runs: list[dict]) -> dict:
    """The run with the median rate; counts summed over every run."""
    middle = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]
    total = {k: sum(r[k] for r in runs) for k in ("created", "replayed", "failed", "errors")}
    return {**middle, **total}


def bench_submissions(database: str, seconds: int, connections: int, rounds: int = 3) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix="cophub-bench-"))
    env = env_for(database, var_dir)
    _activity_id, token = prepare(env, database)
    port = free_ports(2)
    server = serve(env, port)
    minimal_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.minimal.settings"}
    minimal = serve(minimal_env, port + 1, "bench.minimal.wsgi:application")
    urls = {
        "minimal": f"http://127.0.0.1:{port + 1}/insert-one",
        "own_stack": f"http://127.0.0.1:{port}/bench/insert-one",
        "submit": f"http://127.0.0.1:{port}/api/v1/s/{token}/responses",
    }
    try:
        for url in urls.values():  # warm up every path
            wrk(url, 2, connections)
        base_rows_before = count_rows(env, "SELECT COUNT(*) FROM bench_row")
        app_rows_before = count_rows(env, "SELECT COUNT(*) FROM surveys_response")
        # The hall first, as a hall is (a room of phones, not the end of a flood), the
        # minimal project's beside it as the yardstick of this machine's tail; then again
        # after the saturating rounds below, whose writes the database is still flushing.
        hall_path = f"/api/v1/s/{token}/responses"
        hall = paced(port, hall_path, clients=connections, per_client=HALL_RATE, seconds=seconds)
        hall_minimal = paced(
            port + 1, "/insert-one", clients=connections, per_client=HALL_RATE, seconds=seconds
        )
        runs: dict[str, list[dict]] = {name: [] for name in urls}
        loads = []
        for _ in range(rounds):  # one after the other, so the machine's load moves all alike
            loads.append(load_average())
            for name, url in urls.items():
                runs[name].append(wrk(url, seconds, connections))
        ratios = [s["rps"] / m["rps"] for s, m in zip(runs["submit"], runs["minimal"], strict=True)]
        own_ratios = [
            s["rps"] / b["rps"] for s, b in zip(runs["submit"], runs["own_stack"], strict=True)
        ]
        least = median_round(runs["minimal"])
        baseline = median_round(runs["own_stack"])
        submit = median_round(runs["submit"])
        baseline["created"] += least["created"] + hall_minimal["created"]  # all write bench_row
        hall_after = paced(
            port, hall_path, clients=connections, per_client=HALL_RATE, seconds=seconds
        )
        # The baseline's "created" counts its 201s too.
        base_rows = count_rows(env, "SELECT COUNT(*) FROM bench_row") - base_rows_before
        app_rows = count_rows(env, "SELECT COUNT(*) FROM surveys_response") - app_rows_before
        fold_all(env)
        tally = count_rows(env, "SELECT count FROM surveys_tally WHERE code = '_n'")
        total_rows = count_rows(env, "SELECT COUNT(*) FROM surveys_response")
    finally:
        for proc in (server, minimal):
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
        shutil.rmtree(var_dir, ignore_errors=True)
    return {
        "database": database,
        "load_average": loads,
        "minimal_rps": least["rps"],
        "minimal_p99_ms": least["p99"],
        "baseline_rps": baseline["rps"],
        "submit_rps": submit["rps"],
        # Medians of the rounds' ratios (each round's three runs back to back).
        "ratio_to_minimal": statistics.median(ratios),
        "ratio_to_minimal_rounds": [round(r, 2) for r in ratios],
        "ratio": statistics.median(own_ratios),
        "ratio_rounds": [round(r, 2) for r in own_ratios],
        "submit_p50_ms": submit["p50"],
        "submit_p99_ms": submit["p99"],
        "baseline_p99_ms": baseline["p99"],
        "hall_clients": connections,
        "hall_offered_rps": connections * HALL_RATE,
        "hall_rps": hall["rps"],
        "hall_p50_ms": hall["p50"],
        "hall_p99_ms": hall["p99"],
        "hall_minimal_p50_ms": hall_minimal["p50"],
        "hall_minimal_p99_ms": hall_minimal["p99"],
        "hall_after_rounds_p50_ms": hall_after["p50"],
        "hall_after_rounds_p99_ms": hall_after["p99"],
        "errors": submit["errors"] + submit["failed"] + hall["errors"] + hall_after["errors"],
        "accepted": submit["created"] + hall["created"] + hall_after["created"],
        "accepted_in_db": app_rows,
        # wrk stops counting at its deadline while the server finishes what is in flight,
        # so the database may hold a few more rows than wrk saw accepted, never fewer.
        "baseline_rows_ok": base_rows >= baseline["created"],
        "every_accepted_in_db": app_rows
        >= submit["created"] + hall["created"] + hall_after["created"],
        "tally_matches_rows": tally == total_rows,
    }


RESULTS_SCRIPT = r"""
import json, random, statistics, sys, time, uuid
import django; django.setup()
from django.db import transaction
from django.test import Client
from cophub.accounts.models import User
from cophub.programs.models import Activity
from cophub.surveys import tallies
from cophub.surveys.models import Response, Survey
from cophub.surveys.selectors import current_questions
from cophub.surveys.jobs import fold_pending_tallies
from cophub.surveys.services import survey_create
from cophub.testing import ActivityFactory

n_big = int(sys.argv[1])
organiser = User.objects.get(username="organiser")
program = Activity.objects.get(program__fiscal_year=2561, number=1).program
comments = ["ได้ความรู้เรื่องการบริการประชาชน", "สถานที่สะดวก อาหารอร่อย", "อยากให้จัดศึกษาดูงานอีก", "", "วิทยากรบรรยายเข้าใจง่าย"]

PATTERNS = 1000  # distinct answers; beyond them rows repeat one, as a big event's would

def fill(n):
    activity = ActivityFactory(program=program, number=Activity.objects.filter(program=program).count() + 1)
    survey = survey_create(actor=organiser, activity=activity, publish=True)
    version, questions = current_questions(survey)
    rng = random.Random(n)
    patterns = []
    for i in range(min(n, PATTERNS)):
        answers = {f"q{k}": rng.choice([5, 5, 4, 4, 4, 3, 2]) for k in range(1, 10)}
        answers["org_type"] = rng.choice(["department", "state_enterprise", "other"])
        c = rng.choice(comments)
        if c:
            answers["comment"] = c
        patterns.append((answers, tallies.to_json(tallies.answer_cells(questions, answers))))
    if n <= PATTERNS:
        Response.objects.bulk_create([
            Response(survey=survey, version=version, client_id=uuid.uuid4(), answers=a, cells=c)
            for a, c in patterns
        ])
    else:  # a million Response objects through the ORM took most of an hour on PostgreSQL
        insert_copies(survey, version, patterns, n)
    fold_pending_tallies.func()  # what the worker runs after a burst: fold, then tidy
    return activity

def insert_copies(survey, version, patterns, n):
    # n rows in one INSERT ... SELECT: row i is pattern i mod len(patterns), each with its
    # own random client id, the columns the submission path's own INSERT writes.
    from django.db import connection
    from django.utils import timezone
    pg = connection.vendor == "postgresql"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = Response._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_patterns (k integer, answers text, cells text)")
        cursor.executemany(
            "INSERT INTO bench_patterns VALUES (%s, %s, %s)",
            [(k, json.dumps(a, ensure_ascii=False), json.dumps(c, ensure_ascii=False))
             for k, (a, c) in enumerate(patterns)],
        )
        if pg:
            rows = "generate_series(0, %s) AS g(i)"
            values = "gen_random_uuid(), NULL, p.answers::jsonb, p.cells::jsonb, FALSE"
        else:
            rows = "(WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < %s) SELECT i FROM s) AS g"
            values = "lower(hex(randomblob(16))), NULL, p.answers, p.cells, 0"
        cursor.execute(
            f"INSERT INTO {table} (survey_id, version_id, client_id, respondent, answers, cells, "
            f"tallied, submitted_at, updated_at, made_at) SELECT %s, %s, {values}, %s, %s, NULL "
            f"FROM {rows} JOIN bench_patterns p ON p.k = g.i %% %s",
            [survey.pk, version.pk, now, now, n - 1, len(patterns)],
        )
        cursor.execute("DROP TABLE bench_patterns")

def timings(client, url, repeat=40):
    client.get(url)  # warm
    out = []
    for _ in range(repeat):
        t = time.perf_counter(); r = client.get(url); out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.status_code
    out.sort()
    return {"p50": statistics.median(out), "p95": out[int(len(out) * 0.95) - 1]}

small, big = fill(100), fill(n_big)
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(organiser)
report = {}
for name, activity in (("100", small), (str(n_big), big)):
    report[name] = {
        "api": timings(client, f"/api/v1/activities/{activity.pk}/results"),
        "live": timings(client, f"/activities/{activity.pk}/survey/results/live/"),
        "responses": client.get(f"/api/v1/activities/{activity.pk}/results").json()["responses"],
    }
print(json.dumps(report))
"""


def bench_results(database: str, n: int) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix="cophub-bench-"))
    env = env_for(database, var_dir)
    prepare(env, database)
    try:
        return {"database": database, **script_json(env, RESULTS_SCRIPT, str(n))}
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


PROFILE_SCRIPT = r"""
import cProfile, io, json, pstats, sys, time, uuid
import django; django.setup()
from django.test import Client
token, n = sys.argv[1], int(sys.argv[2])
client = Client(HTTP_HOST="127.0.0.1")
answers = {"q%d" % k: 5 for k in range(1, 10)} | {"comment": "ได้ความรู้ดีมาก"}
def once():
    body = json.dumps({"client_id": str(uuid.uuid4()), "answers": answers})
    assert client.post(f"/api/v1/s/{token}/responses", body, content_type="application/json").status_code == 201
for _ in range(50):
    once()
profile = cProfile.Profile()
started = time.perf_counter()
profile.enable()
for _ in range(n):
    once()
profile.disable()
per = (time.perf_counter() - started) / n * 1000
out = io.StringIO()
pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(28)
print(out.getvalue())
print(json.dumps({"per_request_ms_profiled": per}))
"""


def profile(database: str, n: int) -> None:
    """cProfile of ``n`` submissions in one process (Django's test client, no HTTP)."""
    var_dir = Path(tempfile.mkdtemp(prefix="cophub-bench-"))
    env = env_for(database, var_dir)
    try:
        _activity_id, token = prepare(env, database)
        out = subprocess.run(
            [PY, "-c", PROFILE_SCRIPT, token, str(n)], env=env, cwd=ROOT, check=True,
            capture_output=True, text=True,
        ).stdout  # fmt: skip
        print(out)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


INPROCESS_SCRIPT = r"""
import io, json, statistics, sys, time, uuid
import django; django.setup()
from django.core.wsgi import get_wsgi_application
path, n = sys.argv[1], int(sys.argv[2])
app = get_wsgi_application()
answers = {"q%d" % k: 5 for k in range(1, 10)} | {"comment": "ได้ความรู้ดีมาก"}
def once():
    body = json.dumps({"client_id": str(uuid.uuid4()), "answers": answers}).encode()
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
        "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
    }
    status = []
    out = app(environ, lambda s, h, e=None: status.append(s))
    b"".join(out)
    out.close()
    assert status[0].startswith("201"), status
for _ in range(200):
    once()
batches = []
for _ in range(7):
    started = time.perf_counter()
    for _ in range(n):
        once()
    batches.append((time.perf_counter() - started) / n * 1000)
print(json.dumps({"ms": statistics.median(batches), "batches": batches}))
"""


def in_process(database: str, n: int) -> None:
    """Per-request time of the minimal project and of a submission, WSGI handler called
    directly (no HTTP, no gunicorn), median of 7 batches of ``n``: where our own code's
    cost shows without the server's and the load generator's share."""
    var_dir = Path(tempfile.mkdtemp(prefix="cophub-bench-"))
    env = env_for(database, var_dir)
    try:
        _activity_id, token = prepare(env, database)
        sides = {
            "minimal": ("bench.minimal.settings", "/insert-one"),
            "survey": ("bench.bench_settings", f"/api/v1/s/{token}/responses"),
        }
        times = {}
        for name, (settings, path) in sides.items():
            out = subprocess.run(
                [PY, "-c", INPROCESS_SCRIPT, path, str(n)],
                env={**env, "DJANGO_SETTINGS_MODULE": settings}, cwd=ROOT, check=True,
                capture_output=True, text=True,
            ).stdout  # fmt: skip
            times[name] = json.loads(out.splitlines()[-1])["ms"]
        print(
            f"{database}, in process: minimal {times['minimal']:.3f} ms, survey "
            f"{times['survey']:.3f} ms a request (ratio {times['minimal'] / times['survey']:.2f})"
        )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def main() -> None:
    global CONN_MAX_AGE
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-results", action="store_true")
    parser.add_argument("--results-only", action="store_true",
                        help="only the results part (e.g. with --responses 1000000)")  # fmt: skip
    parser.add_argument("--profile", type=int, metavar="N", help="only profile N submissions")
    parser.add_argument("--in-process", type=int, metavar="N",
                        help="only time N submissions and N minimal inserts, WSGI called directly")  # fmt: skip
    parser.add_argument("--sqlite-conn-max-age", default=CONN_MAX_AGE,
                        help="DB_CONN_MAX_AGE for both projects on SQLite (0: a connection per request)")  # fmt: skip
    args = parser.parse_args()
    CONN_MAX_AGE = args.sqlite_conn_max_age
    if args.in_process:
        for database in args.databases.split(","):
            in_process(database, args.in_process)
        return
    if args.profile:
        for database in args.databases.split(","):
            profile(database, args.profile)
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    report = {"submissions": [], "results": []}
    if args.results_only:
        for database in args.databases.split(","):
            report["results"].append(bench_results(database, args.responses))
            print(json.dumps(report["results"][-1]), flush=True)
        return
    for database in args.databases.split(","):
        report["submissions"].append(
            bench_submissions(database, args.seconds, args.connections, args.rounds)
        )
        r = report["submissions"][-1]
        print(json.dumps(r), flush=True)
        print(
            f"{database}: survey {r['submit_rps']:.0f} req/s, p50 {r['submit_p50_ms']:.1f} ms, "
            f"p99 {r['submit_p99_ms']:.1f} ms; ratio to minimal Django "
            f"{r['ratio_to_minimal']:.2f} {r['ratio_to_minimal_rounds']} (target 0.8); ratio to "
            f"own stack {r['ratio']:.2f} {r['ratio_rounds']}; hall p50 {r['hall_p50_ms']:.1f} ms, "
            f"p99 {r['hall_p99_ms']:.1f} ms (target 50), minimal Django's hall p50 "
            f"{r['hall_minimal_p50_ms']:.1f} / p99 {r['hall_minimal_p99_ms']:.1f} ms, ours after "
            f"the rounds p50 {r['hall_after_rounds_p50_ms']:.1f} / p99 "
            f"{r['hall_after_rounds_p99_ms']:.1f} ms; errors {r['errors']:.0f}; every "
            f"accepted stored: {r['every_accepted_in_db']}; load {r['load_average']}; "
            f"SQLite DB_CONN_MAX_AGE {CONN_MAX_AGE}",
            flush=True,
        )
        if not args.skip_results:
            report["results"].append(bench_results(database, args.responses))
            print(json.dumps(report["results"][-1]), flush=True)
    Path(ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var/survey-bench.json").write_text(json.dumps(report, indent=2))
    print("written to var/survey-bench.json")


if __name__ == "__main__":
    main()
