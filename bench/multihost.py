"""Several app hosts on one PostgreSQL and one Redis (issue 9). One command:

    .venv/bin/python bench/multihost.py --short --pg-restart    # what CI runs, < 60 s
    .venv/bin/python bench/multihost.py --throughput            # figures for docs/benchmarks.md

Three gunicorn instances on 127.0.0.2, .3 and .4 (Linux routes all of 127/8 to the
loopback device, no set-up needed), one fresh PostgreSQL database, Redis database 6
(emptied first: MULTIHOST_REDIS_URL names another). Phases, each a bounded burst from
client threads that spread their requests over the hosts:

1. device limit: one client id sent 3 x LIMIT times at once over all hosts; exactly
   LIMIT answers are 2xx (one 201, the rest replays), the others 429.
2. spread, then one host killed (SIGKILL of its whole process group) half-way: a
   request the dead host did not answer is sent again, same client id, to another host,
   as a phone behind a proxy would; some answers are replays of earlier ids (must be
   200 with the same id).
3. with --pg-restart: PostgreSQL restarted under load (pg_ctlcluster); the app is not
   restarted; requests fail for a moment (5xx), are retried, then succeed again.

Then: every client id answered 2xx is in the database exactly once, none twice. Prints
a JSON summary; exits 1 when a check fails. Needs root (or the postgres user) for
--pg-restart; restarting PostgreSQL disturbs everything else using it on the machine.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from common import (
    ROOT,
    app_env,
    cpu_seconds,
    free_ports,
    fresh_database,
    gunicorn,
    open_survey,
    pg_backend_cpu,
    process_tree,
    script_json,
    wait_ready,
)

HOSTS = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]
LIMIT = 5  # SURVEY_RATE_PER_DEVICE for this run
ANSWERS = {f"q{i}": 4 + i % 2 for i in range(1, 10)} | {"comment": "ได้ความรู้ดีมาก"}


def pg_version() -> str:
    versions = sorted(os.listdir("/etc/postgresql"), key=float)
    return versions[-1]


class Client:
    """Client threads' shared record of every attempt: (client_id, host, status, id,
    seconds from the start when it was sent)."""

    def __init__(self, token: str, port: int):
        self.path = f"/api/v1/s/{token}/responses"
        self.port = port
        self.lock = threading.Lock()
        self.attempts: list[tuple[str, str, int, int | None, float]] = []
        self.t0 = time.monotonic()

    def post(self, conns: dict, host: str, client_id: str) -> tuple[int, int | None]:
        conn = conns.get(host) or http.client.HTTPConnection(host, self.port, timeout=10)
        conns[host] = conn
        body = json.dumps({"client_id": client_id, "answers": ANSWERS}).encode()
        began = time.monotonic() - self.t0
        try:
            conn.request("POST", self.path, body=body, headers={"Content-Type": "application/json"})
            answer = conn.getresponse()
            data = answer.read()
            status = answer.status
            pk = json.loads(data).get("id") if status in (200, 201) else None
        except (OSError, http.client.HTTPException, ValueError):
            conn.close()
            conns.pop(host, None)
            status, pk = 0, None
        with self.lock:
            self.attempts.append((client_id, host, status, pk, began))
        return status, pk

    def burst(self, hosts, *, threads: int, seconds: float, during=None) -> dict:
        """Closed-loop load for ``seconds``; ``during(live_hosts)`` runs alongside. A
        failed request is retried with the same client id on the next live host."""
        live = list(hosts)
        self.stop = time.monotonic() + seconds  # ``during`` may move it on
        replays_ok = [0, 0]  # good, bad

        def phone(seed: int) -> None:
            rng = random.Random(seed)
            conns: dict = {}
            mine: dict[str, int] = {}  # answered client id -> its response id
            unreplayed: list[str] = []  # replayed once each, so no id nears the device limit
            turn = itertools.count(seed)
            while time.monotonic() < self.stop:
                replay = bool(unreplayed) and rng.random() < 0.2
                if replay:
                    client_id = unreplayed.pop(rng.randrange(len(unreplayed)))
                else:
                    client_id = str(uuid.uuid4())
                # Retries run past the deadline (bounded): an unanswered submission is
                # sent again until it is answered, as the offline client does.
                for _ in range(60):
                    now_live = list(live)  # the killer may shrink it meanwhile
                    host = now_live[next(turn) % len(now_live)]
                    status, pk = self.post(conns, host, client_id)
                    if status in (200, 201, 429):
                        break
                    time.sleep(0.2)
                if replay:
                    with self.lock:
                        replays_ok[0 if (status, pk) == (200, mine[client_id]) else 1] += 1
                elif status in (200, 201):
                    mine[client_id] = pk
                    unreplayed.append(client_id)
            for conn in conns.values():
                conn.close()

        workers = [threading.Thread(target=phone, args=(i,)) for i in range(threads)]
        for w in workers:
            w.start()
        extra = during(live) if during else {}
        for w in workers:
            w.join()
        return {"replays_ok": replays_ok[0], "replays_bad": replays_ok[1], **extra}


def _hit(client: Client, host: str, client_id: str, statuses: list[int]) -> None:
    statuses.append(client.post({}, host, client_id)[0])


def device_limit(client: Client, hosts) -> dict:
    """One device id, 3 x LIMIT requests at once over all hosts, inside one minute window
    (the limiter's windows are fixed minutes: a burst across a boundary is tried again)."""
    for _ in range(3):
        window = time.time() // 60
        client_id = str(uuid.uuid4())
        statuses: list[int] = []
        threads = [
            threading.Thread(target=_hit, args=(client, h, client_id, statuses))
            for h in hosts * LIMIT
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if time.time() // 60 == window:
            break
    accepted = sum(s in (200, 201) for s in statuses)
    return {
        "client_id": client_id,
        "sent": len(statuses),
        "accepted": accepted,
        "created": statuses.count(201),
        "limited": statuses.count(429),
        "ok": accepted == LIMIT
        and statuses.count(201) == 1
        and statuses.count(429) == len(statuses) - LIMIT,
    }


def stored_counts(pg_name: str) -> dict[str, tuple[int, int]]:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{pg_name}") as conn:
        rows = conn.execute(
            "SELECT client_id::text, count(*), min(id) FROM surveys_response GROUP BY client_id"
        ).fetchall()
    return {c: (n, pk) for c, n, pk in rows}


# A client_id is stored as the survey's own key of it (surveys/clients.py, client_key): the
# app's function maps what the clients sent to what the table holds.
CLIENT_KEYS = r"""
import json, sys
import django; django.setup()
from cophub.surveys.clients import client_key
from cophub.surveys.models import Survey
survey = Survey.objects.get(token=sys.argv[1])
ids = json.load(open(sys.argv[2]))
print(json.dumps({c: str(client_key(survey, c)) for c in ids}))
"""


def verify(client: Client, pg_name: str, env: dict, token: str) -> dict:
    stored = stored_counts(pg_name)
    sent = sorted({c for c, _h, _s, _p, _t in client.attempts})
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(sent, f)
    key = script_json(env, CLIENT_KEYS, token, f.name)
    os.unlink(f.name)
    answered = {(key[c], pk) for c, _h, s, pk, _t in client.attempts if s in (200, 201)}
    created = [key[c] for c, _h, s, _p, _t in client.attempts if s == 201]
    return {
        "answered_2xx": len({c for c, _pk in answered}),
        "rows": sum(n for n, _pk in stored.values()),
        "lost": len([c for c, _pk in answered if c not in stored]),
        # an answer naming another row than the one stored for its client id
        "wrong_id": len([c for c, pk in answered if c in stored and stored[c][1] != pk]),
        "stored_twice": len([c for c, (n, _pk) in stored.items() if n > 1]),
        "created_twice": len(created) - len(set(created)),
    }


def run_checks(args) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix="cophub-multihost-"))
    redis_url = os.environ.get("MULTIHOST_REDIS_URL", "redis://127.0.0.1:6379/6")
    env = app_env(
        "postgresql", var_dir, args.pg_name,
        REDIS_URL=redis_url, ALLOWED_HOSTS=",".join(HOSTS),
        SURVEY_RATE_PER_DEVICE=str(LIMIT),
        SURVEY_RATE_PER_ADDRESS="1000000",  # every client here has one address
    )  # fmt: skip
    started = time.monotonic()
    import redis

    try:  # and empty it: an earlier run's counters for the same survey id would count here
        redis.Redis.from_url(redis_url).flushdb()
    except redis.exceptions.ConnectionError as exc:
        raise SystemExit(f"Redis is needed at {redis_url}: {exc}") from exc
    fresh_database(env, "postgresql", args.pg_name)
    token = open_survey(env)
    port = free_ports(2)
    seconds = 5 if args.short else 20
    servers = {h: gunicorn(env, f"{h}:{port}", args.workers, wait=False) for h in HOSTS}
    for host, proc in servers.items():
        wait_ready(proc, f"{host}:{port}")
    client = Client(token, port)
    report: dict = {"hosts": HOSTS, "limit": LIMIT, "setup_s": round(time.monotonic() - started, 1)}
    try:
        report["device_limit"] = device_limit(client, HOSTS)
        victim = HOSTS[-1]

        def kill_half_way(live):
            time.sleep(seconds / 2)
            os.killpg(servers[victim].pid, signal.SIGKILL)
            live.remove(victim)
            servers.pop(victim).wait()
            answered = sum(
                1 for a in client.attempts[n_before:] if a[1] == victim and a[2] in (200, 201)
            )
            return {"killed": victim, "answered_by_killed": answered}

        n_before = len(client.attempts)
        report["spread"] = client.burst(
            HOSTS, threads=args.threads, seconds=seconds, during=kill_half_way
        )
        report["spread"]["requests"] = len(client.attempts) - n_before
        report["spread"].update(verify(client, args.pg_name, env, token))
        if args.pg_restart:
            report["pg_restart"] = pg_restart_phase(client, list(servers), seconds)
            report["pg_restart"]["app_restarted"] = any(
                p.poll() is not None for p in servers.values()
            )
    finally:
        for proc in servers.values():
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
        shutil.rmtree(var_dir, ignore_errors=True)
    report["result"] = verify(client, args.pg_name, env, token)
    report["seconds"] = round(time.monotonic() - started, 1)
    return report


def pg_restart_phase(client: Client, hosts, seconds: float) -> dict:
    n_before = len(client.attempts)
    t_before = time.monotonic() - client.t0

    def restart(live):
        time.sleep(1.0)
        began = time.monotonic() - client.t0
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", "restart"],
            check=True, capture_output=True,
        )  # fmt: skip
        # Keep the load on for a while after the restart, so recovery shows: the pools
        # retry with a doubling back-off (1, 2, 4 s …), so a restart slowed by other work
        # on the machine (4.4 s once) had its first success after 3 s had passed.
        client.stop = max(client.stop, time.monotonic() + 8.0)
        return {"restart_began_s": round(began - t_before, 2),
                "restart_took_s": round(time.monotonic() - client.t0 - began, 2)}  # fmt: skip

    phase = client.burst(hosts, threads=3 * len(hosts), seconds=seconds, during=restart)
    mine = client.attempts[n_before:]
    began = phase["restart_began_s"] + t_before
    after = [a for a in mine if a[4] > began + phase["restart_took_s"]]
    failed = [a for a in mine if a[2] not in (200, 201, 429)]
    phase.update(
        requests=len(mine),
        failed_during=len(failed),
        failed_statuses=sorted({a[2] for a in failed}),
        ok_after_restart=sum(1 for a in after if a[2] in (200, 201)),
        # Recovered: each host's last few answers are successes again.
        recovered=all(
            all(s in (200, 201) for s in [a[2] for a in mine if a[1] == h][-3:]) for h in hosts
        ),
    )
    return phase


def failures(report: dict) -> list[str]:
    bad = []
    if not report["device_limit"]["ok"]:
        bad.append("per-device limit across hosts")
    for phase in ("spread", "result"):
        r = report[phase]
        if r["lost"] or r["wrong_id"] or r["stored_twice"] or r["created_twice"]:
            bad.append(f"{phase}: an answered submission lost or stored twice")
    if report["spread"]["replays_bad"] or not report["spread"]["replays_ok"]:
        bad.append("replays answered 200 with the first id")
    if not report["spread"]["answered_by_killed"]:
        bad.append("the killed host answered nothing before it was killed")
    if "pg_restart" in report:
        r = report["pg_restart"]
        if not r["recovered"] or not r["ok_after_restart"] or r["app_restarted"]:
            bad.append("recovery after the PostgreSQL restart without restarting the app")
    return bad


def measured(pg_name: str, servers, run) -> dict:
    """``run()`` (wrk processes, their figures summed) with the CPU time it cost the app
    hosts and the database's backends."""
    app_pids = [pid for proc in servers for pid in process_tree(proc.pid)]
    app_before, pg_before = cpu_seconds(app_pids), pg_backend_cpu(pg_name)
    results = run()
    app_cpu = cpu_seconds(app_pids) - app_before
    pg_after = pg_backend_cpu(pg_name)
    pg_cpu = sum(pg_after.values()) - sum(v for k, v in pg_before.items() if k in pg_after)
    requests = sum(r["rps"] for r in results) * results[0]["seconds"]
    return {
        "rps": round(sum(r["rps"] for r in results), 1),
        "p99_ms": round(max(r["p99"] for r in results), 1),
        "errors": sum(r["failed"] + r["errors"] for r in results),
        "app_cpu_s": round(app_cpu, 2),
        "pg_cpu_s": round(pg_cpu, 2),
        "per_app_core_s": round(requests / app_cpu, 1) if app_cpu else None,
        "per_pg_core_s": round(requests / pg_cpu, 1) if pg_cpu else None,
    }


def throughput(args) -> dict:
    """Submissions per second through one and two hosts beside the bare insert, wrk."""
    from concurrent.futures import ThreadPoolExecutor

    from survey_bench import wrk

    var_dir = Path(tempfile.mkdtemp(prefix="cophub-multihost-"))
    env = app_env(
        "postgresql", var_dir, args.pg_name,
        DJANGO_SETTINGS_MODULE="bench.bench_settings", ALLOWED_HOSTS=",".join(HOSTS),
        REDIS_URL=os.environ.get("MULTIHOST_REDIS_URL", "redis://127.0.0.1:6379/6"),
        SURVEY_RATE_PER_DEVICE="1000000", SURVEY_RATE_PER_ADDRESS="1000000000",
    )  # fmt: skip
    fresh_database(env, "postgresql", args.pg_name)
    token = open_survey(env)
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{args.pg_name}") as conn:
        conn.execute(
            "CREATE TABLE bench_row (id SERIAL PRIMARY KEY, client_id varchar(40), body text)"
        )
    port = free_ports(2)
    two = HOSTS[:2]
    servers = [gunicorn(env, f"{h}:{port}", args.workers) for h in two]
    paths = {"baseline": "/bench/insert-one", "survey API": f"/api/v1/s/{token}/responses"}
    seconds, connections = (5, 40) if args.short else (12, 100)

    def load(hosts, path):
        def run():
            with ThreadPoolExecutor(len(hosts)) as pool:
                jobs = [pool.submit(wrk, f"http://{h}:{port}{path}", seconds, connections // len(hosts))
                        for h in hosts]  # fmt: skip
                return [{**j.result(), "seconds": seconds} for j in jobs]

        return run

    report = {"workers_per_host": args.workers, "seconds": seconds, "connections": connections}
    try:
        for path in paths.values():  # warm both paths on both hosts
            load(two, path)()
        for name, path in paths.items():
            report[f"{name}, 1 host"] = measured(args.pg_name, servers[:1], load(two[:1], path))
            report[f"{name}, 2 hosts"] = measured(args.pg_name, servers, load(two, path))
    finally:
        for proc in servers:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
        shutil.rmtree(var_dir, ignore_errors=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--short", action="store_true", help="5-second phases (CI)")
    parser.add_argument("--pg-restart", action="store_true", help="restart PostgreSQL under load")
    parser.add_argument("--threads", type=int, default=9)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per host")
    parser.add_argument("--pg-name", default="cophub_multihost")
    parser.add_argument("--throughput", action="store_true", help="measure, do not check")
    args = parser.parse_args()
    if args.throughput:
        report = throughput(args)
        print(json.dumps(report, indent=2))
        (ROOT / "var").mkdir(exist_ok=True)
        (ROOT / "var/multihost-throughput.json").write_text(json.dumps(report, indent=2))
        return
    report = run_checks(args)
    report["failures"] = failures(report)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    sys.exit(1 if report["failures"] else 0)


if __name__ == "__main__":
    main()
