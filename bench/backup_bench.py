"""Backup and restore benchmark (issue 9). One command:

    .venv/bin/python bench/backup_bench.py            # SQLite and PostgreSQL, 100,000 responses

For each database: a fresh schema with the demo, one survey with N responses (bulk
inserted and folded, as after a busy week) and a few knowledge items with a 1 MB
attachment each. Then, each timed as the whole `cophub` command (Python start-up included):

1. `cophub backup` on the idle site;
2. `cophub backup` again while another process keeps submitting survey responses
   through the service (the backup is online: the writer never stops, and the archive
   holds a consistent snapshot);
3. `cophub restore` of the second archive into a fresh empty site (new var folder, new
   PostgreSQL database), which checks every checksum and every table's row count.

Needs the machine's PostgreSQL on 127.0.0.1:5432 and pg_dump/pg_restore of its version.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import PY, ROOT, app_env, fresh_database, script_json

PG_NAME = "cophub_backup_bench"
PG_RESTORED = "cophub_backup_bench_restored"

FILL = r"""
import json, os, random, sys, uuid
import django; django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from cophub.accounts.models import User
from cophub.programs.models import Activity
from cophub.surveys import tallies
from cophub.surveys.models import Response
from cophub.surveys.selectors import current_questions
from cophub.surveys.services import survey_create
from cophub.testing import make_community, make_item

n, n_files = int(sys.argv[1]), int(sys.argv[2])
organiser = User.objects.get(username="organiser")
activity = Activity.objects.get(program__fiscal_year=2561, number=1)
survey = survey_create(actor=organiser, activity=activity, publish=True)
version, questions = current_questions(survey)
rng = random.Random(n)
comments = ["ได้ความรู้เรื่องการบริการประชาชน", "สถานที่สะดวก อาหารอร่อย", "", "วิทยากรบรรยายเข้าใจง่าย"]
batch = []
for i in range(n):
    answers = {f"q{k}": rng.choice([5, 5, 4, 4, 4, 3, 2]) for k in range(1, 10)}
    if c := rng.choice(comments):
        answers["comment"] = c
    cells = tallies.to_json(tallies.answer_cells(questions, answers))
    batch.append(Response(survey=survey, version=version, client_id=uuid.uuid4(), answers=answers, cells=cells))
    if len(batch) == 5000:
        Response.objects.bulk_create(batch); batch = []
Response.objects.bulk_create(batch)
tallies.fold([survey.pk])
admin = User.objects.get(username="admin")
community = make_community(facilitator=admin, name="ชุมชนนักปฏิบัติการสำรองข้อมูล")
for i in range(n_files):
    upload = SimpleUploadedFile(f"รายงาน{i}.pdf", b"%PDF-1.4\n" + os.urandom(1_000_000))
    make_item(author=admin, community=community, title=f"รายงานการศึกษาดูงาน {i}", files=[upload])
print(json.dumps({"survey": survey.pk}))
"""

# Submits through the service until the stop file appears; prints how many it submitted.
WRITER = r"""
import json, os, sys, uuid
import django; django.setup()
from cophub.surveys.models import Survey
from cophub.surveys.services import survey_submit

survey, stop, started = Survey.objects.get(pk=int(sys.argv[1])), sys.argv[2], sys.argv[3]
answers = {f"q{k}": 4 for k in range(1, 10)}
n = 0
while not os.path.exists(stop):
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=answers)
    n += 1
    if n == 20:
        open(started, "w").close()
print(json.dumps({"submitted": n}))
"""


def timed(env: dict, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(
        [PY, "-m", "cophub", *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return time.perf_counter() - started, out


def manifest_of(archive: Path) -> dict:
    import tarfile

    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def bench(database: str, n: int, n_files: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="cophub-backup-bench-"))
    env = app_env(database, work / "site", PG_NAME)
    try:
        fresh_database(env, database, PG_NAME)
        survey = script_json(env, FILL, str(n), str(n_files))["survey"]
        idle_s, _ = timed(env, "backup", "--output", str(work / "idle.tar"))

        stop, started = work / "stop", work / "started"
        writer = subprocess.Popen(
            [PY, "-c", WRITER, str(survey), str(stop), str(started)],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        while not started.exists():
            if writer.poll() is not None:
                raise SystemExit("the writer stopped before the backup began")
            time.sleep(0.05)
        busy_s, _ = timed(env, "backup", "--output", str(work / "busy.tar"))
        stop.touch()
        submitted = json.loads(writer.communicate()[0].strip().splitlines()[-1])["submitted"]

        if database == "postgresql":
            pg = ["-h", "127.0.0.1", "-U", "postgres"]
            subprocess.run(["dropdb", *pg, "--if-exists", "--force", PG_RESTORED], check=True)
            subprocess.run(["createdb", *pg, PG_RESTORED], check=True)
        restored_env = app_env(database, work / "restored", PG_RESTORED)
        restore_s, _ = timed(restored_env, "restore", str(work / "busy.tar"))
        # Python start-up and Django set-up, paid by every command above.
        startup_s, _ = timed(restored_env, "help")
        manifest = manifest_of(work / "busy.tar")
        return {
            "database": database,
            "responses_in_backup": manifest["tables"]["surveys_response"],
            "files": len(manifest["files"]),
            "archive_mb": (work / "busy.tar").stat().st_size / 1e6,
            "backup_idle_s": idle_s,
            "backup_while_writing_s": busy_s,
            "submitted_meanwhile": submitted,
            "restore_s": restore_s,
            "command_startup_s": startup_s,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if database == "postgresql":
            for name in (PG_NAME, PG_RESTORED):
                subprocess.run(
                    ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name],
                    check=False,
                )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=10)
    args = parser.parse_args()
    report = []
    for database in args.databases.split(","):
        report.append(bench(database, args.responses, args.files))
        print(json.dumps(report[-1]), flush=True)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var/backup-bench.json").write_text(json.dumps(report, indent=2))
    print("written to var/backup-bench.json")


if __name__ == "__main__":
    main()
