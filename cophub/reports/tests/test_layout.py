"""What a reader sees on the page: words whole in the table headers, "ร้อยละ ๙๐" on one line,
the reference's way of naming a visited organisation, a summary table without rows of
dashes, list numbers and page numbers as LibreOffice prints them."""

import io
import os
import re
import shutil
import subprocess
import uuid
from decimal import Decimal

import pytest
from docx import Document

from cophub.core.thaitext import line_runs
from cophub.reports import document
from cophub.reports.blocks import Block
from cophub.reports.columns import column_widths, minimum_widths
from cophub.reports.formats import render
from cophub.reports.selectors import program_report
from cophub.surveys.services import survey_submit
from cophub.testing import (
    ActivityFactory,
    ProgramFactory,
    SiteFactory,
    all_likert,
    survey_for,
)

INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200b\u00a0"), " ")


def text_of(program) -> str:
    return document.plain_text(document.build(program_report(program_id=program.pk)))


# --- a visited organisation as the reference names it ----------------------------------
def test_a_unit_is_named_before_its_organisation_and_several_places_take_khong(organiser):
    program = ProgramFactory(owner=organiser)
    one = ActivityFactory(program=program, number=1)
    SiteFactory(
        activity=one, name="สถาบันการจัดการปัญญาภิวัฒน์", organization_name="บริษัท ซีพี ออลล์ จำกัด (มหาชน)"
    )
    two = ActivityFactory(program=program, number=2)
    SiteFactory(activity=two, name="ศูนย์ธุรกิจคาเฟ่เมซอน และสถาบันพัฒนาศักยภาพธุรกิจน้ำมัน",
                organization_name="บริษัท ปตท. จำกัด (มหาชน)")  # fmt: skip
    three = ActivityFactory(program=program, number=3)
    SiteFactory(activity=three, name="สำนักบริหารการทะเบียน", organization_name="กรมการปกครอง")
    text = text_of(program)
    assert "ณ สถาบันการจัดการปัญญาภิวัฒน์ บริษัท ซีพี ออลล์ จำกัด (มหาชน)" in text
    assert "ณ ศูนย์ธุรกิจคาเฟ่เมซอน และสถาบันพัฒนาศักยภาพธุรกิจน้ำมัน ของบริษัท ปตท. จำกัด (มหาชน)" in text
    assert "ณ สำนักบริหารการทะเบียน กรมการปกครอง" in text
    assert "ของบริษัท ซีพี" not in text and "ของกรมการปกครอง" not in text


# --- the summary table -----------------------------------------------------------------
def test_an_activity_with_nothing_recorded_is_one_cell_not_a_row_of_dashes(organiser):
    program = ProgramFactory(owner=organiser)
    ActivityFactory(program=program, number=1, title="สัมมนา", participants_count=20,
                    satisfaction_level="high", satisfaction_percent=Decimal("88"))  # fmt: skip
    ActivityFactory(program=program, number=2, title="ศึกษาดูงาน")
    report = program_report(program_id=program.pk)
    (table,) = [b.table for b in document.build(report) if b.kind == "table"]
    assert table.columns == ["ครั้งที่", "เรื่อง", "ผู้เข้าร่วม (คน)", "ระดับความพึงพอใจ", "ร้อยละ"]
    assert table.rows[0] == ["๑", "สัมมนา", "๒๐", "มาก", "๘๘"]
    assert table.rows[1] == ["๒", "ศึกษาดูงาน", document.NOTHING_RECORDED]
    assert table.cells[1][2] == (document.NOTHING_RECORDED, "center", 3)
    html = render(report, "html").content.decode()
    assert f'<td class="center" colspan="3">{document.NOTHING_RECORDED}</td>' in html
    doc = Document(io.BytesIO(render(report, "docx").content))
    row = doc.tables[0].rows[2]
    assert [c.text for c in row.cells] == ["๒", "ศึกษาดูงาน", *[document.NOTHING_RECORDED] * 3]
    assert len(row._tr.tc_lst) == 3  # one merged cell
    assert document.NOTHING_RECORDED in pdftotext(render(report, "pdf").content)


# --- header words and percentages never split --------------------------------------------
@pytest.fixture
def wide_program(organiser):
    """Every column of the summary table (an activity answered through its survey), and
    many activities whose sentences put "ร้อยละ …" at every place along a line."""
    program = ProgramFactory(owner=organiser, fiscal_year=2569)
    answered = ActivityFactory(program=program, number=1, participants_count=8, title="สัมมนา")
    survey = survey_for(answered, organiser)
    for value in (5, 4, 4):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(value))
    for n in range(2, 42):
        ActivityFactory(program=program, number=n, title="ประชุมแลกเปลี่ยน" + "ก" * n,
                        satisfaction_method="ผ่านแบบสอบถาม" + " ก" * (n + 20), satisfaction_level="high",
                        satisfaction_percent=Decimal("91.5"), participants_count=30)  # fmt: skip
    return program


def header_words(table) -> set[str]:
    return {r for c in table.columns for r in line_runs(c) if not r.isspace()}


def whole_words(token: str, words: set[str]) -> bool:
    """The token is one or more header words run together (never part of one)."""
    if not token:
        return True
    return any(token.startswith(w) and whole_words(token[len(w) :], words) for w in words)


def assert_headers_whole(text: str, table) -> None:
    lines = text.translate(INVISIBLE).splitlines()
    start = next(i for i, line in enumerate(lines) if i > 0 and line.strip())
    end = next(i for i, line in enumerate(lines) if i > start and "สัมมนา" in line)
    words = header_words(table)
    tokens = [t for line in lines[start:end] for t in line.split()]
    assert tokens, lines[start:end]
    for token in tokens:
        assert whole_words(token, words), (token, lines[start:end])
    flat = "".join(tokens)
    assert all(w in flat for w in words)


def assert_percent_whole(text: str) -> None:
    lines = [line.rstrip() for line in text.translate(INVISIBLE).splitlines()]
    for i, line in enumerate(lines[:-1]):
        if "S.D." in line:  # the table header, whose last column is ร้อยละ
            continue
        assert not line.endswith(("ร้อยละ", "ร้อย")), (line, lines[i + 1])
    assert text.count("ร้อยละ") >= 40


def summary(program):
    """The report, and its summary table alone under the title (its header is then the
    first thing after the title in the text)."""
    report = program_report(program_id=program.pk)
    blocks = document.build(report)
    (table, *_) = [b for b in blocks if b.kind == "table"]
    return report, [Block("title", lines=["ตาราง"]), table]


def test_the_columns_fit_every_header_word(wide_program):
    _, (_, block) = summary(wide_program)
    table = block.table
    assert len(table.columns) == 9
    widths = column_widths(table)
    assert round(sum(widths), 6) == 16.0
    assert all(w >= m - 1e-9 for w, m in zip(widths, minimum_widths(table, 10.0), strict=True))


def test_every_percentage_is_held_to_its_number(wide_program):
    text = text_of(wide_program)
    assert re.findall(r"ร้อยละ(.)[๐-๙]", text) and set(re.findall(r"ร้อยละ(.)[๐-๙]", text)) == {
        "\u00a0"
    }
    assert "คิดเป็นร้อยละ\u00a0๙๑.๕" in text


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


@needs_poppler
def test_pdf_keeps_header_words_and_percentages_whole(wide_program):
    from cophub.reports.pdf import render_pdf

    report, blocks = summary(wide_program)
    assert_headers_whole(pdftotext(render_pdf(report, blocks), "-layout"), blocks[1].table)
    assert_percent_whole(pdftotext(render(report, "pdf").content, "-layout"))


def soffice_pdf(docx: bytes, tmp_path) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        message = "LibreOffice not found (apt-get install libreoffice-writer-nogui)"
        if os.environ.get("COPHUB_REQUIRE_OFFICE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    tmp_path.mkdir(exist_ok=True)
    source = tmp_path / "report.docx"
    source.write_bytes(docx)
    profile = tmp_path / "lo-profile"  # a private profile: no clash with another running office
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    return (tmp_path / "report.pdf").read_bytes()


def test_libreoffice_keeps_header_words_and_percentages_whole_and_numbers_in_thai(
    wide_program, tmp_path
):
    from cophub.reports.word import render_docx

    report, blocks = summary(wide_program)
    text = pdftotext(soffice_pdf(render_docx(report, blocks), tmp_path / "table"), "-layout")
    assert_headers_whole(text, blocks[1].table)
    text = pdftotext(soffice_pdf(render(report, "docx").content, tmp_path), "-layout")
    assert_percent_whole(text)
    # The list numbers as the reference writes them, in Thai digits.
    assert re.search(r"^\s*๑\)\s+ครั้งที่ ๑ เรื่อง", text, re.M)
    assert re.search(r"^\s*๔๑\)\s+ครั้งที่ ๔๑ เรื่อง", text, re.M)
    assert not re.search(r"^\s*[0-9]+\)", text, re.M)
    # Page numbers: LibreOffice's DOCX import has no Thai digits for them; it must at least
    # print the number (it printed the Thai letter ข for 2 from \* ThaiArabic).
    pages = text.split("\f")
    assert re.match(r"\s*-\s*[2๒]\s*-\s*\n", pages[1]), pages[1][:80]
    assert re.match(r"\s*-\s*[3๓]\s*-\s*\n", pages[2]), pages[2][:80]


def pdftotext(content: bytes, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_line_runs_cut_only_between_words_and_at_spaces():
    assert line_runs("ผู้เข้าร่วม (คน)") == ["ผู้เข้าร่วม", " ", "(คน)"]
    assert line_runs("ร้อยละการตอบ") == ["ร้อยละ", "การ", "ตอบ"]
    assert line_runs("ระดับความพึงพอใจ") == ["ระดับ", "ความพึงพอใจ"]
    assert line_runs("x̄") == ["x̄"] and line_runs("S.D.") == ["S.D."]
    for text in ["ค่า x̄ เฉลี่ย", "(QR)ครั้งที่", "น้ำใจ", ""]:
        assert "".join(line_runs(text)) == text
