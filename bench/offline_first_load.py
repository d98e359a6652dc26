"""The respondent page's first load, with the field kit's service worker (issue 16). One command:

    .venv/bin/python bench/offline_first_load.py

A fresh SQLite site (migrated, the demo, one open survey, static files collected) served by
gunicorn with DEBUG=0, as the app serves it itself (whitenoise for /static/), and a phone
in the system Chromium (390 px, empty cache) that opens the survey's QR link and stays
until the service worker controls the page and keeps it for offline use. Two figures:

- every byte the server sent (headers included), counted by a relay between the browser and
  gunicorn: the page, what it loaded (CSS, the fonts the browser actually asked for,
  offline.js), the worker's script and the worker's own fetches when it keeps the page;
- the page's own requests one by one from the browser's network log (body bytes as sent).

Run twice: with the development settings (files served uncompressed, the worst case),
then with production's static storage (``bench/first_load_settings.py``: whitenoise's
compressed copies under hashed names; Chromium asks for gzip over plain HTTP). The
"gzipped" column is each body gzipped, for comparison. Target: under 100 KB in all, with
production's static files.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import signal
import socket
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from common import app_env, fresh_database, gunicorn, manage, open_survey

TARGET = 100 * 1024
CHROMIUM = os.environ.get("COPHUB_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
KEPT = """async () => {
  const cache = await caches.open("cophub-survey-v1");
  return !!(await cache.match(location.origin + location.pathname)) && !!navigator.serviceWorker.controller;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Relay:
    """A TCP relay that counts the bytes going from the server to the browser, per request
    (gunicorn's sync workers answer one request per connection)."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.down, self.lock = target, 0, threading.Lock()
        self.requests: list[list] = []  # [request line, bytes sent back]
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                browser, _ = self.server.accept()
            except OSError:
                return
            app = socket.create_connection(self.target)
            entry = ["", 0]
            with self.lock:
                self.requests.append(entry)
            threading.Thread(
                target=self._pipe, args=(browser, app, entry, False), daemon=True
            ).start()
            threading.Thread(
                target=self._pipe, args=(app, browser, entry, True), daemon=True
            ).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, entry: list, down: bool) -> None:
        try:
            while chunk := src.recv(65536):
                with self.lock:
                    if down:
                        self.down += len(chunk)
                        entry[1] += len(chunk)
                    elif not entry[0]:
                        entry[0] = chunk.split(b"\r\n", 1)[0].decode("latin-1")
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):  # the other side closed it already
                    s.shutdown(socket.SHUT_RDWR)


def measure(base_url: str, path: str) -> list[tuple[str, str, int, int]]:
    """The page's requests: (path, resource type, body bytes sent, body gzipped)."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            base_url=base_url, locale="th-TH", viewport={"width": 390, "height": 844},
            is_mobile=True, has_touch=True,
        )  # fmt: skip
        page = context.new_page()
        answers = []
        page.on("requestfinished", lambda request: answers.append(request))
        page.goto(path, wait_until="networkidle")
        for _ in range(150):
            if page.evaluate(KEPT):
                break
            page.wait_for_timeout(100)
        else:
            raise SystemExit("the service worker never kept the page")
        page.wait_for_load_state("networkidle")
        for request in answers:
            response = request.response()
            body = response.body() if response else b""
            sent = request.sizes()["responseBodySize"]
            rows.append(
                (
                    urlsplit(request.url).path,
                    request.resource_type,
                    sent,
                    len(gzip.compress(body, 9)),
                )
            )
        context.close()
        browser.close()
    return rows


def first_load(settings: str) -> int:
    """One fresh site served with ``settings``; prints the figures, returns the bytes sent."""
    with tempfile.TemporaryDirectory(prefix="cophub-first-load-") as var:
        env = app_env("sqlite", Path(var), "unused", DJANGO_SETTINGS_MODULE=settings)
        fresh_database(env, "sqlite", "unused")
        manage(env, "collectstatic", "--noinput", "-v0")
        token = open_survey(env)
        bind = f"127.0.0.1:{free_port()}"
        server = gunicorn(env, bind, workers=1)
        try:
            host, port = bind.split(":")
            relay = Relay((host, int(port)))
            rows = measure(f"http://127.0.0.1:{relay.port}", f"/s/{token}")
            sw = fetch_bytes(f"http://{bind}/offline-sw.js")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
    print(f"\n== {settings}")
    print(f"{'request':58} {'type':11} {'bytes':>8} {'gzipped':>8}")
    for path, kind, sent, packed in rows:
        print(f"{path[:58]:58} {kind:11} {sent:8} {packed:8}")
    page_bytes, packed = sum(r[2] for r in rows), sum(r[3] for r in rows)
    print(f"{'the page and what it loaded (bodies)':70} {page_bytes:8} {packed:8}")
    print(f"{'the service worker script (body)':70} {sw[0]:8} {sw[1]:8}")
    print(f"{'first load, page + worker (bodies)':70} {page_bytes + sw[0]:8} {packed + sw[1]:8}")
    print("on the wire (the relay), headers included:")
    for line, sent in relay.requests:
        if line:
            print(f"  {line[:68]:68} {sent:8}")
    verdict = "under" if relay.down < TARGET else "OVER"
    print(
        f"everything the server sent, headers and the worker's own fetches: {relay.down} bytes"
        f" = {relay.down / 1024:.1f} KB, {verdict} the {TARGET // 1024} KB target"
    )
    return relay.down


def main() -> None:
    # As `cophub runserver`-style development settings serve files (uncompressed), then
    # with production's static storage (whitenoise's compressed, hashed copies).
    sent = [first_load(s) for s in ("cophub.settings", "bench.first_load_settings")]
    sys.exit(0 if sent[-1] < TARGET else 1)


def fetch_bytes(url: str) -> tuple[int, int]:
    """One file's body as the server sends it, and gzipped."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - our own http server
        body = answer.read()
    return len(body), len(gzip.compress(body, 9))


if __name__ == "__main__":
    main()
