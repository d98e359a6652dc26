"""Thai is the default and complete; the compiled catalogues match their sources."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_thai_catalogue_is_complete():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(LOCALE / "th/LC_MESSAGES/django.po")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def _entries(po: Path, *options: str) -> list[str]:
    """The catalogue's entries as "context|msgid" lines, sorted; a string written over
    several lines (every e-mail body) is joined into one."""
    text = subprocess.run(
        ["msgattrib", *options, "--no-wrap", "--no-location", "--sort-output", str(po)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    keys, fields, current = [], {}, None
    for line in [*text.splitlines(), ""]:
        if line.startswith(('"', "msgctxt ", "msgid ")):
            if not line.startswith('"'):
                current, line = line.split(" ", 1)
            fields[current] = fields.get(current, "") + line[1:-1]
        elif line.startswith("msg"):
            current = None  # msgstr and msgid_plural: not part of the key
        elif not line.strip() and "msgid" in fields:
            if fields["msgid"]:  # the header's msgid is empty
                keys.append(f"{fields.get('msgctxt', '')}|{fields['msgid']}")
            fields, current = {}, None
    return keys


def test_the_catalogue_holds_every_string_of_the_code_translated_and_no_other(
    tmp_path, settings, monkeypatch
):
    """What `make messages` would extract from the code today, merged into the committed
    catalogue: nothing untranslated (a string added without its Thai shows in English on
    a Thai screen), and nothing the code no longer says (a translation kept only by hand,
    or a string hidden from the extractor by an alias of gettext, is dropped by the next
    `make messages`). The checks above read only the committed file and see neither."""
    copy = tmp_path / "cophub"
    shutil.copytree(
        LOCALE.parent, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo")
    )
    settings.LOCALE_PATHS = [copy / "locale"]  # never the real catalogue
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["th"], no_obsolete=True, verbosity=0)
    fresh = copy / "locale/th/LC_MESSAGES/django.po"
    assert _entries(fresh, "--untranslated") == [] and _entries(fresh, "--only-fuzzy") == []
    committed = set(_entries(LOCALE / "th/LC_MESSAGES/django.po"))
    assert sorted(committed - set(_entries(fresh))) == [], "run `make messages`"


@pytest.mark.parametrize("language", ["th", "en"])
def test_compiled_catalogue_is_up_to_date(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(folder / "django.po")], check=True)
    assert fresh.read_bytes() == (folder / "django.mo").read_bytes(), "run `make messages`"


def test_default_language_is_thai(settings):
    assert settings.LANGUAGE_CODE == "th"


# What may keep Arabic digits inside a Thai translation: placeholders (filled in by code
# with the screen's digits), and names people type or read exactly as they are.
LITERAL = re.compile(
    r"%\([a-z_]+\)[-+ #0]*\d*(?:\.\d+)?[sdf]|%[sd]|\{[^}]*\}|https?://\S+|UTF-8|Windows-874"
    r"|TIS-620|0–9|a–z|\.xlsx|postgresql-client-%\([a-z]+\)d|[A-Za-z]+[-_]?\d+"
)


def test_thai_translations_write_numbers_in_thai_digits():
    """ "(ฉบับที่ 1)", "AAR ข้อ 1.", "÷ 5 × 100" on a Thai screen: the translation carries
    the Thai digits, since no code converts a sentence's own numbers."""
    import gettext

    with (LOCALE / "th/LC_MESSAGES/django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog  # ours only, not Django's own
    arabic = []
    for msgid, msgstr in catalogue.items():
        if not msgid or not isinstance(msgstr, str):
            continue
        if re.search(r"[0-9]", LITERAL.sub("", msgstr)):
            arabic.append(msgstr)
    assert arabic == []
