"""Report benchmark (issue 4). One command:

    .venv/bin/python bench/report_bench.py        # SQLite and PostgreSQL
    .venv/bin/python bench/report_bench.py --databases sqlite --profile docx

Times `program_report` + rendering (HTML, DOCX, PDF) for the demo program (the baseline
and the "< 1 s" PDF target) and for a program of 100 activities with 50,000 survey
responses in all (target: every format under 10 s), in process, median of 3.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from common import app_env, fresh_database, script_json

SCRIPT = r"""
import json, random, statistics, sys, time, uuid
import django; django.setup()
from cophub.accounts.models import User
from cophub.programs.models import Program
from cophub.programs.services import program_import
from cophub.reports.selectors import program_report
from cophub.reports.formats import render
from cophub.surveys import tallies
from cophub.surveys.models import Response
from cophub.surveys.selectors import current_questions
from cophub.surveys.services import survey_create
from cophub.testing import demo_document

activities, per_activity = int(sys.argv[1]), int(sys.argv[2])
organiser = User.objects.get(username="organiser")
demo = Program.objects.get(fiscal_year=2561)

document = demo_document()
document["title"] = "โครงการแลกเปลี่ยนเรียนรู้ขนาดใหญ่"
template = document["activities"][0]
document["activities"] = [{**template, "number": i + 1, "title": f"ศึกษาดูงานครั้งที่ {i + 1}"} for i in range(activities)]
big = program_import(actor=organiser, document=document)
rng = random.Random(1)
comments = ["ได้ความรู้เรื่องการบริการประชาชน", "สถานที่สะดวก อาหารอร่อย", "อยากให้จัดศึกษาดูงานอีก", ""]
for activity in big.activities.all():
    survey = survey_create(actor=organiser, activity=activity, publish=True)
    version, questions = current_questions(survey)
    rows = []
    for _ in range(per_activity):
        answers = {f"q{k}": rng.choice([5, 5, 4, 4, 3]) for k in range(1, 10)}
        c = rng.choice(comments)
        if c:
            answers["comment"] = c
        cells = tallies.to_json(tallies.answer_cells(questions, answers))
        rows.append(Response(survey=survey, version=version, client_id=uuid.uuid4(), answers=answers, cells=cells))
    Response.objects.bulk_create(rows, batch_size=2000)
tallies.fold(list(big.activities.values_list("survey__pk", flat=True)))

from cophub.reports import charts

def timed(program_id, fmt, repeat=3):
    out = []
    for _ in range(repeat):
        charts._png.cache_clear()  # every run draws its charts anew
        started = time.perf_counter()
        render(program_report(program_id=program_id), fmt)
        out.append(time.perf_counter() - started)
    return statistics.median(out)

if len(sys.argv) > 3:  # --profile FMT: where the big program's FMT spends its time
    import cProfile, io, pstats
    render(program_report(program_id=big.pk), sys.argv[3])  # warm: imports, fonts
    profiler = cProfile.Profile()
    profiler.enable()
    render(program_report(program_id=big.pk), sys.argv[3])
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(35)
    print(json.dumps({"profile": text.getvalue()}))
    sys.exit(0)

report = {}
for name, program in (("demo", demo), (f"{activities} activities, {activities * per_activity} responses", big)):
    report[name] = {fmt: round(timed(program.pk, fmt), 3) for fmt in ("html", "docx", "pdf")}
print(json.dumps(report, ensure_ascii=False))
"""


PG_NAME = "cophub_report_bench"


def run(database: str, activities: int, per_activity: int, profile: str = "") -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix="cophub-report-bench-"))
    env = app_env(database, var_dir, PG_NAME)
    try:
        fresh_database(env, database, PG_NAME)
        extra = [profile] if profile else []
        result = script_json(env, SCRIPT, str(activities), str(per_activity), *extra)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return {"database": database, **result}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--activities", type=int, default=100)
    parser.add_argument("--responses-per-activity", type=int, default=500)
    parser.add_argument("--profile", choices=("html", "docx", "pdf"), default="",
                        help="profile one format of the big program instead of timing")  # fmt: skip
    args = parser.parse_args()
    for database in args.databases.split(","):
        if args.profile:
            result = run(database, args.activities, args.responses_per_activity, args.profile)
            print(result["profile"])
            continue
        print(
            json.dumps(
                run(database, args.activities, args.responses_per_activity), ensure_ascii=False
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
