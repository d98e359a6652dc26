"""Dashboard benchmark (issue 15). One command:

    .venv/bin/python bench/dashboard_bench.py        # SQLite and PostgreSQL
    .venv/bin/python bench/dashboard_bench.py --databases sqlite --profile

Builds 10 fiscal years × 100 activities (10 programs a year), each activity held in a
province, with 20 attended registrations (from 2,000 people) and a survey; 50,000
responses in all, stored the way submissions store them and folded into the tallies
(as bench/report_bench.py does). Then times, in process, median of 7 runs:

- the selector, ``dashboard(first, last)`` over the 10 years;
- the page, GET /dashboard/?from=…&to=… as a logged-in organiser (selector, tables, charts,
  the province map and the template), Django's test client against the app's own settings.

Both as wall-clock and as this process's CPU time, with the load average beside them.

Baseline, measured in the same run on the same database: the same two on the demo data
alone, before the big data is added. Target: the page under 200 ms server time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from common import app_env, fresh_database, script_json

SCRIPT = r"""
import json, os, random, statistics, sys, time, uuid
import django; django.setup()
from django.test import Client
from cophub.accounts.models import User
from cophub.dashboard.selectors import dashboard
from cophub.orgs.models import Organization, Person, Province
from cophub.programs.models import Activity, Program, Registration, Site
from cophub.surveys import tallies
from cophub.surveys.models import Response
from cophub.surveys.selectors import current_questions
from cophub.surveys.services import survey_create

years, per_year, responses = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
FIRST = 2560
LAST = FIRST + years - 1
organiser = User.objects.get(username="organiser")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(organiser)
url = f"/dashboard/?from={FIRST}&to={LAST}"

def timed(fn, repeat=7):
    fn()  # warm: templates compiled, connection open
    wall, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    # CPU time of this process (on SQLite the database's work too; not PostgreSQL's):
    # on a shared machine it moves less than the wall clock.
    return round(statistics.median(wall) * 1000, 1), round(statistics.median(cpu) * 1000, 1)

def page():
    r = client.get(url)
    assert r.status_code == 200, r.status_code

def measure():
    (selector, selector_cpu), (page_ms, page_cpu) = timed(lambda: dashboard(first=FIRST, last=LAST)), timed(page)
    return {"selector_ms": selector, "page_ms": page_ms, "selector_cpu_ms": selector_cpu,
            "page_cpu_ms": page_cpu, "load_average": round(os.getloadavg()[0], 1)}

report = {"baseline (demo data)": measure()}

rng = random.Random(15)
ops = Organization.objects.get(code="OPS")
units = list(Organization.objects.filter(parent=ops)) or [ops]
provinces = list(Province.objects.all())
people = Person.objects.bulk_create(
    [Person(first_name=f"ผู้เข้าร่วม{i}", last_name="ทดสอบ") for i in range(2000)]
)
programs = Program.objects.bulk_create([
    Program(title=f"โครงการชุมชนนักปฏิบัติ {fy} ชุดที่ {k + 1}", fiscal_year=fy,
            organization=rng.choice(units), owner=organiser)
    for fy in range(FIRST, LAST + 1) for k in range(per_year // 10)
])
activities = Activity.objects.bulk_create([
    Activity(program=p, number=n + 1, kind=Activity.Kind.STUDY_VISIT, title=f"ศึกษาดูงานครั้งที่ {n + 1}",
             participants_count=rng.randint(20, 60))
    for p in programs for n in range(10)
])
Site.objects.bulk_create([Site(activity=a, name="ศูนย์เรียนรู้", province=rng.choice(provinces)) for a in activities])
Registration.objects.bulk_create([
    Registration(activity=a, person=person, status=Registration.Status.ATTENDED)
    for a in activities for person in rng.sample(people, 20)
], batch_size=5000)
per_activity = responses // len(activities)
comments = ["ได้ความรู้เรื่องการบริการประชาชน", "สถานที่สะดวก", "อยากให้จัดอีก", ""]
survey_ids = []
for activity in activities:
    survey = survey_create(actor=organiser, activity=activity, publish=True)
    survey_ids.append(survey.pk)
    version, questions = current_questions(survey)
    rows = []
    for _ in range(per_activity):
        answers = {f"q{k}": rng.choice([5, 5, 4, 4, 3]) for k in range(1, 10)}
        if c := rng.choice(comments):
            answers["comment"] = c
        cells = tallies.to_json(tallies.answer_cells(questions, answers))
        rows.append(Response(survey=survey, version=version, client_id=uuid.uuid4(), answers=answers, cells=cells))
    Response.objects.bulk_create(rows, batch_size=2000)
tallies.fold(survey_ids)
d = dashboard(first=FIRST, last=LAST)
if len(sys.argv) > 4:  # --profile: where the selector and the page spend their time
    import cProfile, io, pstats
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    page()
    with CaptureQueriesContext(connection) as queries:
        profiler = cProfile.Profile()
        profiler.enable()
        page()
        profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
    slow = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]
    text.write("\n".join(f"{q['time']} s  {q['sql'][:300]}" for q in slow))
    print(json.dumps({"profile": text.getvalue()}))
    sys.exit(0)
name = f"{years} years × {per_year} activities, {Response.objects.count():,} responses"
report[name] = {**measure(), "activities": d.total.activities, "responses": d.total.responses}
print(json.dumps(report, ensure_ascii=False))
"""

PG_NAME = "cophub_dash_bench"


def run(database: str, years: int, per_year: int, responses: int, profile: bool = False) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix="cophub-dashboard-bench-"))
    env = app_env(database, var_dir, PG_NAME)
    try:
        fresh_database(env, database, PG_NAME)
        extra = ["profile"] if profile else []
        result = script_json(env, SCRIPT, str(years), str(per_year), str(responses), *extra)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return {"database": database, **result}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--activities-per-year", type=int, default=100)
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--profile", action="store_true", help="cProfile of one page view")
    args = parser.parse_args()
    for database in args.databases.split(","):
        result = run(database, args.years, args.activities_per_year, args.responses, args.profile)
        if args.profile:
            print(result["profile"])
            continue
        print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
