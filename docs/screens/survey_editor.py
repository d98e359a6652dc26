"""Make docs/screens/survey-editor.png: the survey editor on a desktop, one question open
in its form. Re-runnable: it runs the editor's browser test (a throw-away database, the
live server, the system Chromium), which saves the picture when COPHUB_SCREENS=1.

    .venv/bin/python docs/screens/survey_editor.py
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST = "cophub/surveys/tests/test_editor_browser.py::test_edit_a_question_in_place_with_the_error_summary_focused"

if __name__ == "__main__":
    env = {**os.environ, "COPHUB_SCREENS": "1"}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-n0",
        "-q",
        "-m",
        "browser",
        "-p",
        "no:cacheprovider",
        TEST,
    ]
    sys.exit(subprocess.run(command, cwd=ROOT, env=env, check=False).returncode)  # noqa: S603 - fixed arguments
