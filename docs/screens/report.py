"""Make the report's screenshots in docs/screens/ from the demo, on this machine:

- program-page.png         the demo program's page on a desktop (its report links)
- report-pdf-page1.png     page 1 of the PDF (Typst), through pdftoppm
- report-docx-libreoffice-page1.png
                           page 1 of the DOCX as LibreOffice Writer converts it. Run it on a
                           machine without a Thai font (`fc-list :lang=th` prints nothing):
                           the text is right only because the DOCX carries Sarabun.

Re-runnable: a throw-away SQLite database loaded by `cophub demo`, the `cophub report`
command, `soffice --headless`, `pdftoppm`, and `cophub runserver` photographed by Playwright
with the system Chromium.

    .venv/bin/python docs/screens/report.py
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
COPHUB = str(Path(sys.executable).with_name("cophub"))
RESOLUTION = "60"  # pixels per inch: an A4 page of about 500 × 700 px, well under 300 KB


def run(*command: str, env: dict) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)  # noqa: S603 - fixed commands
    return done.stdout


def page_one(pdf: Path, name: str, env: dict) -> None:
    run(
        "pdftoppm",
        "-f",
        "1",
        "-l",
        "1",
        "-r",
        RESOLUTION,
        "-png",
        "-singlefile",
        str(pdf),
        str(HERE / name),
        env=env,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def program_page(program_id: int, env: dict, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - fixed command
        [COPHUB, "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="th-TH")
            page.goto(f"http://127.0.0.1:{port}/accounts/login/")
            page.get_by_label("ชื่อผู้ใช้").fill("organiser")
            page.get_by_label("รหัสผ่าน").fill("cophub-demo")
            page.get_by_role("button", name="เข้าสู่ระบบ").click()
            page.wait_for_url("**/programs/")
            page.goto(f"http://127.0.0.1:{port}/programs/{program_id}/")
            page.evaluate("document.fonts.ready")
            page.screenshot(path=str(out))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'demo.sqlite3'}", "DEBUG": "1"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        run(COPHUB, "migrate", "-v0", env=env)
        program_id = int(re.search(r"/programs/(\d+)/", run(COPHUB, "demo", env=env)).group(1))
        for fmt in ("pdf", "docx"):
            run(
                COPHUB,
                "report",
                str(program_id),
                "--format",
                fmt,
                "--output",
                str(work / f"report.{fmt}"),
                env=env,
            )
        page_one(work / "report.pdf", "report-pdf-page1", env)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            sys.exit("LibreOffice is needed (apt-get install libreoffice-writer-nogui)")
        office = work / "office"
        run(soffice, f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless",
            "--convert-to", "pdf", "--outdir", str(office), str(work / "report.docx"), env=env)  # fmt: skip
        page_one(office / "report.pdf", "report-docx-libreoffice-page1", env)
        program_page(program_id, env, HERE / "program-page.png")
    fc_list = ["fc-list", ":lang=th"]
    fonts = subprocess.run(fc_list, capture_output=True, text=True, check=False).stdout  # noqa: S603
    print("Thai fonts installed:", len(fonts.splitlines()) or "none")
    for png in ("program-page.png", "report-pdf-page1.png", "report-docx-libreoffice-page1.png"):
        print(png, (HERE / png).stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main()
