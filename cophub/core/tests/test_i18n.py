"""Thai is the default and complete; the compiled catalogues match their sources."""

import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_thai_catalogue_is_complete():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(LOCALE / "th/LC_MESSAGES/django.po")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("language", ["th", "en"])
def test_compiled_catalogue_is_up_to_date(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(folder / "django.po")], check=True)
    assert fresh.read_bytes() == (folder / "django.mo").read_bytes(), "run `make messages`"


def test_default_language_is_thai(settings):
    assert settings.LANGUAGE_CODE == "th"
