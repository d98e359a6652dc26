"""Make docs/screens/program-phone.png (the demo program's page) and
docs/screens/respondent-phone.png (a survey's respondent page) on a 390 px phone.
Re-runnable: it runs the phone-layout browser tests (a throw-away database with the
demo, the live server, the system Chromium), which keep the pictures when
COPHUB_SCREENS=1.

    .venv/bin/python docs/screens/phone.py
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = [
    "cophub/core/tests/test_phone_layouts_browser.py::test_nothing_is_wider_than_a_phone",
    "cophub/core/tests/test_phone_layouts_browser.py::test_the_respondent_page_on_a_phone",
]

if __name__ == "__main__":
    env = {**os.environ, "COPHUB_SCREENS": "1"}
    command = [sys.executable, "-m", "pytest", "-n0", "-q", "-m", "browser",
               "-p", "no:cacheprovider", *TESTS]  # fmt: skip
    sys.exit(subprocess.run(command, cwd=ROOT, env=env, check=False).returncode)  # noqa: S603 - fixed arguments
