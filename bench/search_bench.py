"""Search benchmark: index time, query p50/p95, recall@10 and MRR, beside two baselines.

    .venv/bin/python bench/search_bench.py                 # quick: 10,000 items
    .venv/bin/python bench/search_bench.py --items 100000  # the full run
    .venv/bin/python bench/search_bench.py --items 1000000 # ministry scale (below)
    .venv/bin/python bench/search_bench.py --items 1000000 --queries-only  # its queries again

Above 100,000 items the scale run is made instead: the items are stored once as
knowledge items in a database kept for the next run (SQLite file and PostgreSQL
database ``cophub_bench_<n>`` under --data-dir, default /tmp/scale), and the index is
built from them by the ``search.reindex`` job (the code ``cophub reindex`` runs, with
its Job progress record), then queried; the index size on disk is printed. Relevance
and the FTS5-default baseline are left to the 100,000 run (relevance is scored on the
50-item corpus whatever the size); the ``LIKE`` baseline runs on the first 20 queries.

Runs on SQLite (a scratch file under var/bench/) and, when it answers, on PostgreSQL
(database ``cophub_bench`` at --pg, created if missing). Items are generated from the
committed Thai relevance corpus by a word-bigram model, so the text has real Thai
words in plausible order; they go through the real indexing code (normalise,
segment with nlpo3, bulk insert) as search documents, not through the knowledge
services (which would also time audit rows and tags).

Baselines, measured in the same run: ``LIKE '%q%'`` on title and text, and (SQLite)
FTS5 with its default tokenizer on the raw text.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str | None, sqlite_path: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cophub.settings"
    os.environ.setdefault("DEBUG", "0")  # as in production: no query log kept per statement
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    django.setup()
    if not database_url:
        settings.DATABASES["default"]["NAME"] = sqlite_path


def generate(n: int, seed: int = 42) -> list[tuple[str, str]]:
    """``n`` (title, body) pairs of Thai text from a word-bigram model of the corpus."""
    return list(iter_items(n, seed))


def iter_items(n: int, seed: int = 42):
    """``generate``, one pair at a time (a million pairs held at once take gigabytes)."""
    from cophub.core.thaitext import _words
    from cophub.search.relevance import corpus

    rng = random.Random(seed)
    sentences = []
    for d in corpus():
        sentences += [d["title"], *d["body"].split(" ")]
    follow: dict[str, list[str]] = {}
    starts = []
    for s in sentences:
        words = [w for w in _words(s) if w.strip()]
        if not words:
            continue
        starts.append(words[0])
        for a, b in itertools.pairwise(words):
            follow.setdefault(a, []).append(b)

    def sentence(max_words: int) -> str:
        w = rng.choice(starts)
        out = [w]
        while len(out) < max_words and w in follow:
            w = rng.choice(follow[w])
            out.append(w)
        return "".join(out)

    for _ in range(n):
        title = sentence(rng.randint(4, 10))
        body = " ".join(sentence(rng.randint(8, 25)) for _ in range(rng.randint(4, 9)))
        yield title, body


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def run(label: str, items: list[tuple[str, str]], queries: list[str], processes: int) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from cophub.accounts.models import User
    from cophub.search.index import Doc, index_bulk, index_clear
    from cophub.search.query import search
    from cophub.search.relevance import corpus, score
    from cophub.search.sources import segment_many

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    user, _ = User.objects.get_or_create(username="bench", defaults={"role": "member"})
    result: dict = {"database": label}

    # --- relevance, on the committed corpus alone ------------------------------------
    docs_ = corpus()
    index_clear()
    rel_docs = [
        Doc(type="knowledge", object_id=d["id"], title=d["title"], url="/", text=d["body"])
        for d in docs_
    ]
    index_bulk(rel_docs, segment_many(rel_docs))
    result["ours"] = score(lambda q: [h.object_id for h in search(user=user, q=q, limit=10)[0]])
    result["like"] = score(lambda q: _like(q, limit=10))
    if vendor == "sqlite":
        _default_fts(docs_)
        result["fts5_default"] = score(lambda q: _default_fts_query(q, limit=10))

    # --- speed, on generated items -------------------------------------------------------
    index_clear()
    docs = [
        Doc(type="knowledge", object_id=i, title=t, url=f"/knowledge/{i}/", text=b, kind="lesson")
        for i, (t, b) in enumerate(items, 1)
    ]
    started = time.perf_counter()
    with transaction.atomic():
        for start in range(0, len(docs), 10_000):
            chunk = docs[start : start + 10_000]
            index_bulk(chunk, segment_many(chunk, processes))
    result["index_seconds"] = time.perf_counter() - started
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
    result["items"] = len(docs)
    result["query_ms"] = _time(lambda q: search(user=user, q=q, limit=20), queries)
    result["like_ms"] = _time(lambda q: _like(q, limit=20), queries)
    if vendor == "sqlite":
        _default_fts([{"id": i, "title": t, "body": b} for i, (t, b) in enumerate(items, 1)])
        result["fts5_default_ms"] = _time(lambda q: _default_fts_query(q, limit=20), queries)
    return result


SCALE_ITEMS = 100_000  # above this, run_scale


def ensure_items(n: int) -> float:
    """``n`` generated knowledge items in the database (made once, then reused);
    returns the seconds it took (0 when reused)."""
    from django.db import transaction

    from cophub.accounts.models import User
    from cophub.knowledge.models import Community, KnowledgeItem

    if KnowledgeItem.objects.count() == n:
        return 0.0
    started = time.perf_counter()
    KnowledgeItem.objects.all().delete()
    author, _ = User.objects.get_or_create(username="bench-author", defaults={"role": "member"})
    communities = [
        Community.objects.get_or_create(name=f"ชุมชนนักปฏิบัติด้านการบริการ {k}")[0] for k in range(20)
    ]
    rows = []
    for i, (title, body) in enumerate(iter_items(n), 1):
        rows.append(KnowledgeItem(
            community=communities[i % 20], kind="lesson", title=title[:300], body=body,
            author=author, status="published", visibility="public",
        ))  # fmt: skip
        if len(rows) == 10_000:
            with transaction.atomic():
                KnowledgeItem.objects.bulk_create(rows)
            rows.clear()
    with transaction.atomic():
        KnowledgeItem.objects.bulk_create(rows)
    return time.perf_counter() - started


def index_size() -> dict:
    """Bytes on disk of the index: the document rows and the text index."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT sum(CASE WHEN name LIKE 'search_fts%%' THEN pgsize ELSE 0 END), "
                "sum(CASE WHEN name LIKE 'search_searchdocument%%' OR name LIKE "
                "'sqlite_autoindex_search_searchdocument%%' THEN pgsize ELSE 0 END), "
                "sum(pgsize) FROM dbstat"
            )
            fts, docs, whole = cursor.fetchone()
            return {"text index": fts, "document rows": docs, "database file": whole}
        cursor.execute(
            "SELECT pg_relation_size('search_searchdocument_tsa'), "
            "pg_total_relation_size('search_searchdocument'), pg_database_size(current_database())"
        )
        tsa, total, whole = cursor.fetchone()
        return {"GIN tsa": tsa, "table + TOAST + indexes": total, "database": whole}


def run_scale(label: str, n: int, processes: int, queries_only: bool = False) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from cophub.accounts.models import User
    from cophub.jobs.services import job_run_here
    from cophub.knowledge.models import KnowledgeItem
    from cophub.search.index import index_clear
    from cophub.search.query import search
    from cophub.search.relevance import queries as relevance_queries

    call_command("migrate", verbosity=0)
    result: dict = {"database": label, "items": n, "generate_seconds": ensure_items(n)}
    user, _ = User.objects.get_or_create(username="bench", defaults={"role": "member"})
    if not queries_only:
        index_clear()  # a build from empty, every run
        steps = []
        load = os.getloadavg()[0]
        started = time.perf_counter()
        job = job_run_here(
            actor=None, kind="search.reindex", params={"processes": processes},
            on_progress=lambda done, total: steps.append((done, total)),
        )  # fmt: skip
        result["index_seconds"] = time.perf_counter() - started
        result["load_before_build"] = load
        job.refresh_from_db()
        result["job"] = f"{job.state}, {len(steps)} progress records, last {job.done}/{job.total}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
    rng = random.Random(7)
    ids = list(
        KnowledgeItem.objects.order_by("pk").values_list("pk", flat=True)[:: max(1, n // 600)]
    )
    titles = dict(
        KnowledgeItem.objects.filter(pk__in=rng.sample(ids, 60)).values_list("pk", "title")
    )
    queries = [q["q"] for q in relevance_queries()] + [t[:12] for t in titles.values()]
    queries += ["บริการ", "ความพึงพอใจ", "ไฟ", "น้ำ", "ก", '"AND"', "😀"]
    result["query_ms"] = _time(lambda q: search(user=user, q=q, limit=20), queries)
    result["like_ms"] = _time(lambda q: _like(q, limit=20), queries[:20])
    result["size"] = index_size()
    return result


def _time(fn, queries: list[str]) -> dict:
    # Warm up as a server process is after its first searches: the segmenter loaded,
    # and the dictionary a two-character query is looked up in (text.known_tokens).
    fn(queries[0])
    fn("น้")
    times = []
    for q in queries:
        started = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - started) * 1000)
    slowest = sorted(zip(times, queries, strict=True), reverse=True)[:8]
    return {"p50": statistics.median(times), "p95": percentile(times, 95), "n": len(times),
            "slowest": slowest}  # fmt: skip


def _like(q: str, limit: int) -> list[int]:
    from django.db import connection

    op = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    pattern = "%" + q.replace("%", "").replace("_", "") + "%"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id FROM search_searchdocument WHERE title {op} %s OR text {op} %s "
            "ORDER BY id LIMIT %s",
            [pattern, pattern, limit],
        )
        return [r[0] for r in cursor.fetchall()]


def _default_fts(docs: list[dict]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_fts_default")
        cursor.execute("CREATE VIRTUAL TABLE bench_fts_default USING fts5(title, body)")
        cursor.executemany(
            "INSERT INTO bench_fts_default (rowid, title, body) VALUES (%s, %s, %s)",
            [(d["id"], d["title"], d["body"]) for d in docs],
        )


def _default_fts_query(q: str, limit: int) -> list[int]:
    from django.db import connection

    phrase = '"' + q.replace('"', '""') + '"'
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                "SELECT rowid FROM bench_fts_default WHERE bench_fts_default MATCH %s "
                "ORDER BY rank LIMIT %s",
                [phrase, limit],
            )
        except Exception:  # the default tokenizer leaves nothing to match for some Thai input
            return []
        return [r[0] for r in cursor.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default=None)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/cophub_bench")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--queries-only", action="store_true",
                        help="scale run: query the index the last run built, build nothing")  # fmt: skip
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/scale"))  # noqa: S108 - bench data, not the repo
    args = parser.parse_args()
    if args.database is None:  # each database in its own process: Django is set up once
        import subprocess

        for db in ["sqlite", "postgresql"]:
            subprocess.run([sys.executable, __file__, *sys.argv[1:], "--database", db], check=False)
        return
    if args.items > SCALE_ITEMS:
        return main_scale(args)
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    sqlite_path = bench_dir / "search-bench.sqlite3"
    if args.database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    else:
        if not _ensure_pg(args.pg):
            print("PostgreSQL: not reachable, skipped")
            return
    setup_django(args.pg if args.database == "postgresql" else None, sqlite_path)
    from cophub.search.relevance import queries as relevance_queries
    from cophub.search.text import engine_name

    started = time.perf_counter()
    items = generate(args.items)
    generated = time.perf_counter() - started
    rng = random.Random(7)
    queries = [q["q"] for q in relevance_queries()]
    queries += [items[rng.randrange(len(items))][0][:12] for _ in range(60)]
    queries += ["บริการ", "ความพึงพอใจ", "ไฟ", "น้ำ", "ก", '"AND"', "😀"]
    result = run(args.database, items, queries, args.processes)
    print(f"\n== {args.database}: {result['items']:,} items, segmenter {engine_name()}, "
          f"{args.processes} processes (text generated in {generated:.1f} s)")  # fmt: skip
    print(f"index time: {result['index_seconds']:.1f} s")
    for key, name in [
        ("query_ms", "ours"),
        ("like_ms", "LIKE '%q%'"),
        ("fts5_default_ms", "FTS5 default"),
    ]:
        if key in result:
            t = result[key]
            print(
                f"query {name:<14} p50 {t['p50']:7.2f} ms   p95 {t['p95']:7.2f} ms   ({t['n']} queries)"
            )
    for key, name in [("ours", "ours"), ("like", "LIKE '%q%'"), ("fts5_default", "FTS5 default")]:
        if key in result:
            s = result[key]
            print(
                f"relevance {name:<14} recall@10 {s['recall_at_10']:.3f}   MRR {s['mrr']:.3f}   ({s['queries']} queries)"
            )


def main_scale(args) -> None:
    args.data_dir.mkdir(parents=True, exist_ok=True)
    pg = f"{args.pg.rsplit('/', 1)[0]}/cophub_bench_{args.items}"
    if args.database == "postgresql" and not _ensure_pg(pg, keep=True):
        print("PostgreSQL: not reachable, skipped")
        return
    setup_django(
        pg if args.database == "postgresql" else None,
        args.data_dir / f"search-{args.items}.sqlite3",
    )
    from cophub.search.text import engine_name

    r = run_scale(args.database, args.items, args.processes, args.queries_only)
    print(f"\n== {args.database}: {r['items']:,} knowledge items, segmenter {engine_name()}, "
          f"{args.processes} processes; items made in {r['generate_seconds']:.0f} s (0: reused)")  # fmt: skip
    if not args.queries_only:
        print(f"index build (job search.reindex): {r['index_seconds']:.1f} s, "
              f"load average before {r['load_before_build']:.2f}; {r['job']}")  # fmt: skip
    for key, name in [("query_ms", "ours"), ("like_ms", "LIKE '%q%'")]:
        t = r[key]
        print(
            f"query {name:<14} p50 {t['p50']:7.2f} ms   p95 {t['p95']:7.2f} ms   ({t['n']} queries)"
        )
        print("  slowest: " + ", ".join(f"{q!r} {ms:.0f} ms" for ms, q in t["slowest"]))
    for name, size in r["size"].items():
        print(f"size {name:<24} {size / 2**20:9.1f} MiB")
    print("uptime:", os.popen("uptime").read().strip())  # noqa: S605 - a fixed command


def _ensure_pg(url: str, keep: bool = False) -> bool:
    import psycopg

    base, name = url.rsplit("/", 1)
    try:
        with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        if keep:  # the scale run keeps its items for the next run
            return True
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    except psycopg.Error:
        return False
    return True


if __name__ == "__main__":
    main()
