"""Check-in benchmark (issue 10). One command:

    .venv/bin/python bench/checkin_bench.py           # SQLite and PostgreSQL

Check-ins through the real stack: gunicorn (4 sync workers, DEBUG=0), the JSON API
(`POST /api/v1/checkins`, a facilitator's bearer token, a different registration's code and a
fresh nonce each time), against the baseline of the same run on the same server and database:
a bare Django view that parses the JSON and inserts one row (`bench/bench_urls.py`). wrk,
closed loop, 100 connections. Afterwards: every "ok" answer is an attended registration and
one CheckIn row, nothing was checked in twice, no errors. Then the same with every request
sent twice (a phone retrying each scan): the retry must read the stored answer.

Needs wrk (Debian package `wrk`) and the machine's PostgreSQL on 127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
from pathlib import Path

from common import ROOT, app_env, fresh_database, gunicorn, script_json

PG_NAME = "cophub_checkin_bench"

PREPARE = r"""
import datetime as dt, json, sys
import django; django.setup()
from django.db import connection
from django.utils import timezone
from cophub.accounts.models import User
from cophub.accounts.services import token_create
from cophub.orgs.models import Organization, Person
from cophub.participants.models import RegistrationPolicy
from cophub.programs.models import Activity, Registration

n = int(sys.argv[1])
with connection.cursor() as c:
    c.execute("CREATE TABLE IF NOT EXISTS bench_row (id %s, client_id varchar(40), body text)" %
              ("SERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY AUTOINCREMENT"))
activity = Activity.objects.get(program__fiscal_year=2561, number=1)
now = timezone.now()
RegistrationPolicy.objects.update_or_create(activity=activity, defaults={
    "is_open": True, "checkin_opens_at": now - dt.timedelta(hours=1), "checkin_closes_at": now + dt.timedelta(days=1)})
orgs = list(Organization.objects.filter(parent__isnull=False)[:40])
people = Person.objects.bulk_create(
    [Person(prefix="นาย", first_name=f"ผู้เข้าร่วม{i}", last_name="ทดสอบ", organization=orgs[i % len(orgs)]) for i in range(n)],
    batch_size=2000)
registrations = Registration.objects.bulk_create(
    [Registration(activity=activity, person=p, status="registered", source="imported") for p in people], batch_size=2000)
door = User.objects.create_user("bench-door", role=User.Role.FACILITATOR)
# A facilitator checks in at their own program's door only (docs/decisions.md: program teams).
from cophub.programs.services import program_member_add
program_member_add(actor=activity.program.owner, program=activity.program, username=door.username,
                   role="facilitator")
_token, secret = token_create(user=door)
print(json.dumps({"activity": activity.pk, "token": secret, "codes": [r.checkin_code for r in registrations]}))
"""

USED = r"""
import json
import django; django.setup()
from cophub.programs.models import Registration
print(json.dumps({"codes": list(Registration.objects.exclude(status="registered").values_list("checkin_code", flat=True))}))
"""

COUNTS = r"""
import json
import django; django.setup()
from django.db import connection
from django.db.models import Count
from cophub.participants.models import CheckIn
from cophub.programs.models import Registration
with connection.cursor() as c:
    c.execute("SELECT COUNT(*) FROM bench_row"); base = c.fetchone()[0]
per_reg = CheckIn.objects.filter(status="ok").values("registration").annotate(n=Count("pk"))
print(json.dumps({
    "bench_rows": base,
    "checkin_rows": CheckIn.objects.count(),
    "ok_rows": CheckIn.objects.filter(status="ok").count(),
    "attended": Registration.objects.filter(status="attended").count(),
    "checked_in_twice": per_reg.filter(n__gt=1).count(),
}))
"""

# wrk: each thread walks its own share of the codes, a fresh nonce per scan; with
# "repeat" every scan is sent twice (the second a retry: same nonce, same code).
LUA = r"""
local threads, counter = {}, 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  codes, ok, already, refused, failed = {}, 0, 0, 0, 0
  for line in io.lines(args[1]) do table.insert(codes, line) end
  token, activity, step, repeat_each = args[2], args[3], tonumber(args[4]), args[5] == "1"
  index, pending = id, nil
  math.randomseed(os.time() * 1000 + id)
end
local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    return string.format("%x", (c == "x") and math.random(0, 15) or math.random(8, 11))
  end))
end
function request()
  local body
  if pending then
    body, pending = pending, nil
  else
    local code = codes[index] or "exhausted"
    index = index + step
    body = '{"code":"' .. code .. '","nonce":"' .. uuid() .. '","activity":' .. activity .. '}'
    if repeat_each then pending = body end
  end
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
function response(status, headers, body)
  if status ~= 200 then failed = failed + 1
  elseif string.find(body, '"status": *"ok"') then ok = ok + 1
  elseif string.find(body, '"status": *"already"') then already = already + 1
  else refused = refused + 1 end
end
function done(summary, latency, requests)
  local o, a, r, f = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); a = a + t:get("already"); r = r + t:get("refused"); f = f + t:get("failed")
  end
  io.write(string.format("RESULT ok=%d already=%d refused=%d failed=%d p50=%.2f p99=%.2f rps=%.1f errors=%d\n",
    o, a, r, f, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
"""
THREADS = 2
ROUNDS = 3


def _total(runs: list[dict]) -> dict:
    """Rounds summed (counts), averaged (rates), worst (p99)."""
    keys = ("ok", "already", "refused", "failed", "errors", "created")
    out = {k: sum(r.get(k, 0) for r in runs) for k in keys}
    out["rps"] = statistics.mean(r["rps"] for r in runs)
    out["p50"] = statistics.median(r["p50"] for r in runs)
    out["p99"] = max(r["p99"] for r in runs)
    return out


def wrk(url: str, seconds: int, connections: int, script: Path, *args: str) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(script), url, "--", *args],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


def _free_port() -> int:
    """A port nobody listens on now (a random one may be a client's ephemeral port)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench(database: str, seconds: int, connections: int, registrations: int) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix="cophub-bench-"))
    env = app_env(database, var_dir, PG_NAME, DJANGO_SETTINGS_MODULE="bench.bench_settings")
    fresh_database(env, database, PG_NAME)
    prepared = script_json(env, PREPARE, str(registrations))
    codes = var_dir / "codes.txt"
    warm, scans = prepared["codes"][:200], prepared["codes"][200:]
    codes.write_text("\n".join(scans) + "\n")
    (var_dir / "warm.txt").write_text("\n".join(warm) + "\n")
    lua = var_dir / "checkin.lua"
    lua.write_text(LUA)
    baseline_lua = ROOT / "bench/submit.lua"
    port = _free_port()
    server = gunicorn(env, f"127.0.0.1:{port}", workers=int(os.environ.get("BENCH_WORKERS", "4")))
    api = f"http://127.0.0.1:{port}/api/v1/checkins"
    args = [prepared["token"], str(prepared["activity"]), str(THREADS)]
    try:
        wrk(f"http://127.0.0.1:{port}/bench/insert-one", 2, connections, baseline_lua)  # warm both
        wrk(api, 2, 10, lua, str(var_dir / "warm.txt"), *args, "0")
        before = script_json(env, COUNTS)
        # Interleaved rounds: the machine's other load shifts both sides of a round alike.
        rounds = []
        for n in range(ROUNDS):
            share = var_dir / f"codes-{n}.txt"
            share.write_text("\n".join(scans[n::ROUNDS]) + "\n")
            base = wrk(
                f"http://127.0.0.1:{port}/bench/insert-one", seconds, connections, baseline_lua
            )
            rounds.append((base, wrk(api, seconds, connections, lua, str(share), *args, "0")))
        baseline, checkin = _total([b for b, _ in rounds]), _total([c for _, c in rounds])
        after_first = script_json(env, COUNTS)
        # The same again with a retry after every scan, on the codes not used yet.
        unused = set(scans) - set(script_json(env, USED)["codes"])
        rest = var_dir / "rest.txt"
        rest.write_text("\n".join(c for c in scans if c in unused) + "\n")
        retried = wrk(api, seconds, connections, lua, str(rest), *args, "1")
        after = script_json(env, COUNTS)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
        shutil.rmtree(var_dir, ignore_errors=True)
    first_rows = after_first["ok_rows"] - before["ok_rows"]
    pair_rows = after["checkin_rows"] - after_first["checkin_rows"]
    pair_answers = retried["ok"] + retried["already"] + retried["refused"]
    return {
        "database": database,
        "baseline_rps": baseline["rps"],
        "checkin_rps": checkin["rps"],
        "ratio": statistics.median(c["rps"] / b["rps"] for b, c in rounds),
        "round_ratios": [round(c["rps"] / b["rps"], 2) for b, c in rounds],
        "checkin_p50_ms": checkin["p50"],
        "checkin_p99_ms": checkin["p99"],
        "baseline_p99_ms": baseline["p99"],
        "retried_rps": retried["rps"],
        "retried_p99_ms": retried["p99"],
        "errors": sum(r["failed"] + r["errors"] for r in (baseline, checkin, retried)),
        "refused": checkin["refused"] + retried["refused"],
        "ok_answers": checkin["ok"],
        # wrk stops counting at its deadline while the server finishes what is in flight,
        # so the database may hold a few more rows than wrk saw, never fewer.
        "every_ok_stored": first_rows >= checkin["ok"],
        # Each scan sent twice is one row: the retry read the stored answer.
        "retried_answers": pair_answers,
        "retried_rows": pair_rows,
        "retry_is_one_row": abs(pair_rows - pair_answers / 2) <= connections,
        "one_row_per_attended": after["attended"] == after["ok_rows"],
        "checked_in_twice": after["checked_in_twice"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--seconds", type=int, default=8, help="per round and side")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--registrations", type=int, default=40_000)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    report = []
    for database in args.databases.split(","):
        report.append(bench(database, args.seconds, args.connections, args.registrations))
        print(json.dumps(report[-1]), flush=True)
    Path(ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var/checkin-bench.json").write_text(json.dumps(report, indent=2))
    print("written to var/checkin-bench.json")


if __name__ == "__main__":
    main()
