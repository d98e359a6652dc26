"""Participant-list import benchmark (issue 10). One command:

    .venv/bin/python bench/import_participants.py        # SQLite and PostgreSQL

Builds a 5,000-row XLSX the way Thai lists come (a title row, ชื่อ-สกุล with titles and
ranks, organisations written in full, by abbreviation and as provincial offices, Thai
digits in ลำดับ and phone numbers), then times the page's path in process: the preview
job (read, split names, match organisations and people) and the apply job (one
transaction under the policy lock). Then the same file again: preview and apply, which
must change nothing. Target: preview + apply under 10 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from common import app_env, fresh_database, script_json

SCRIPT = r"""
import io, json, random, sys, time
import django; django.setup()
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from cophub.accounts.models import User
from cophub.jobs.services import job_run_here
from cophub.participants.services.imports import APPLY_KIND, PREVIEW_KIND, participant_import_prepare
from cophub.programs.models import Activity, Registration
from cophub.core.thai import thai_digits

rows = int(sys.argv[1])
organiser = User.objects.get(username="organiser")
activity = Activity.objects.filter(program__owner=organiser).order_by("pk").first()
rng = random.Random(10)
titles = ["นาย", "นาง", "นางสาว", "น.ส.", "ว่าที่ ร.ต.", "ดร.", "พ.ต.อ.", "ว่าที่ร้อยตรี"]
orgs = ["กรมการปกครอง", "ปภ.", "สป.มท.", "สถ.", "กรมการพัฒนาชุมชน", "ทด.", "โยธาฯ", "กฟภ.", "กปน.",
        "ที่ทำการปกครองจังหวัดเชียงใหม่", "สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น", "สนง.ที่ดินจังหวัดภูเก็ต"]
book = openpyxl.Workbook()
ws = book.active
ws.append(["รายชื่อผู้เข้าร่วมโครงการ ปีงบประมาณ ๒๕๖๙"])
ws.append(["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "หน่วยงาน", "อีเมล", "โทรศัพท์"])
for i in range(1, rows + 1):
    ws.append([thai_digits(i), f"{rng.choice(titles)}สมชาย{i} ใจดี{i % 97}", "นักวิเคราะห์นโยบายและแผน",
               rng.choice(orgs), f"person{i}@example.go.th", thai_digits(f"08{rng.randrange(10**8):08d}")])
out = io.BytesIO(); book.save(out); data = out.getvalue()

def one_pass():
    upload = SimpleUploadedFile("list.xlsx", data)
    t0 = time.perf_counter()
    params = participant_import_prepare(actor=organiser, activity=activity, upload=upload)
    preview = job_run_here(actor=organiser, kind=PREVIEW_KIND, params=params)
    t1 = time.perf_counter()
    assert preview.state == "done", preview.error_code
    applied = job_run_here(actor=organiser, kind=APPLY_KIND, params={
        "activity_id": activity.pk, "preview": str(preview.pk), "file": "list.xlsx"})
    t2 = time.perf_counter()
    assert applied.state == "done", applied.error_code
    return round(t1 - t0, 2), round(t2 - t1, 2), preview.result["summary"], applied.result["outcome"]

p1, a1, s1, o1 = one_pass()
p2, a2, s2, o2 = one_pass()
assert o1["registered"] == rows and o2["registered"] == 0 and o2["unchanged"] == rows
print(json.dumps({
    "rows": rows, "file_kb": len(data) // 1024,
    "first": {"preview_s": p1, "apply_s": a1, "total_s": round(p1 + a1, 2), "registered": o1["registered"]},
    "again": {"preview_s": p2, "apply_s": a2, "total_s": round(p2 + a2, 2), "unchanged": o2["unchanged"]},
    "registrations": Registration.objects.filter(activity=activity).count(),
}, ensure_ascii=False))
"""

PG_NAME = "cophub_import_bench"


def run(database: str, rows: int) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix="cophub-import-bench-"))
    env = app_env(database, var_dir, PG_NAME, TASKS_BACKEND="immediate")
    try:
        fresh_database(env, database, PG_NAME)
        result = script_json(env, SCRIPT, str(rows))
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return {"database": database, **result}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    for database in args.databases.split(","):
        print(json.dumps(run(database, args.rows), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
