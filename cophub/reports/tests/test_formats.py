"""DOCX and PDF: the same facts as the reference, read back from the files themselves."""

import io
import os
import re
import shutil
import subprocess
import time
import zipfile

import pytest
from docx import Document

from cophub.reports import document
from cophub.reports.formats import render
from cophub.reports.pdf import TEMPLATE, render_pdf
from cophub.reports.selectors import program_report
from cophub.reports.tests import reference as ref


@pytest.fixture
def demo_report(demo_program):
    return program_report(program_id=demo_program.pk)


# --- DOCX ------------------------------------------------------------------------------
def test_docx_paragraphs_state_the_reference_facts(demo_report):
    content = render(demo_report, "docx").content
    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    text = "\n".join(paragraphs)
    for sentence in ref.SENTENCES:
        assert ref.squeeze(sentence) in ref.squeeze(text), sentence
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["๑. วัตถุประสงค์"] == "Heading 1"
    assert styles[f"๑)\t{ref.OBJECTIVES[0]}"] == "List Number"
    assert styles[f"๒)\t{ref.ACTIVITIES[1]}"] == "List Number"
    assert styles[ref.BULLETS[1]] == "List Bullet"
    assert doc.paragraphs[0].style.name == "Title"
    assert not re.search(r"[0-9]", text.replace("Cops", ""))  # Thai digits in the text


def test_docx_numbering_and_layout(demo_report):
    content = render(demo_report, "docx").content
    doc = Document(io.BytesIO(content))
    # ๑) ๒) are text (LibreOffice prints Word's thaiNumbers numbering as 1) 2)), each list
    # from ๑), with a hanging indent; the dashes are Word bullets.
    labels = [p.text.split("\t")[0] for p in doc.paragraphs if p.style.name == "List Number"]
    assert labels == ["๑)", "๒)", "๑)", "๒)", "๑)", "๒)", "๓)"]
    item = next(p for p in doc.paragraphs if p.style.name == "List Number")
    assert item._p.pPr.numPr is None
    assert round(item.paragraph_format.left_indent.cm, 2) == 2.05
    assert round(item.paragraph_format.first_line_indent.cm, 2) == -0.8
    numbering = doc.part.numbering_part.element.xml
    assert "thaiNumbers" not in numbering and 'w:val="bullet"' in numbering
    section = doc.sections[0]
    assert round(section.left_margin.cm, 2) == 3.0
    assert round(section.right_margin.cm, 2) == 2.0
    assert round(section.page_width.cm, 1) == 21.0
    body = doc.element.body.xml
    assert 'w:fmt="thaiNumbers"' in body  # Word numbers the pages in Thai digits
    header = section.header._element.xml
    # No number switch: LibreOffice reads \* ThaiArabic as Thai letters ("- ข -").
    assert "> PAGE <" in header and "ThaiArabic" not in header
    assert len(doc.tables) == 1  # the summary table
    assert doc.tables[0].rows[1].cells[2].text == "๓๖"


def test_docx_sets_the_complex_script_font_slots(demo_report):
    content = render(demo_report, "docx").content
    styles = zipfile.ZipFile(io.BytesIO(content)).read("word/styles.xml").decode()
    for style_id in ("Normal", "Title", "Heading1", "ListNumber", "ListBullet"):
        match = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles, re.S)
        assert match, style_id
        xml = match.group(0)
        assert 'w:cs="Sarabun"' in xml and 'w:ascii="Sarabun"' in xml, style_id
        assert "w:szCs" in xml and "w:cstheme" not in xml, style_id
    normal = re.search(r'w:styleId="Normal".*?</w:style>', styles, re.S).group(0)
    assert '<w:sz w:val="22"/>' in normal and '<w:szCs w:val="22"/>' in normal  # 11 pt
    assert 'w:bidi="th-TH"' in normal


# --- PDF -------------------------------------------------------------------------------
def pdftotext(content: bytes, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


@needs_poppler
def test_pdf_text_gives_back_the_reference_sentences(demo_report):
    content = render(demo_report, "pdf").content
    assert content.startswith(b"%PDF")
    text = pdftotext(content)
    squeezed = ref.squeeze(text)
    for sentence in [*ref.SENTENCES, *ref.NUMBERED]:
        assert ref.squeeze(sentence) in squeezed, sentence
    # Typst with Sarabun's mark features on doubled stacked clusters in the text layer.
    for doubled in ["ทั้ทั้ง", "ยั่ยั่ง", "ซึ่ซึ่ง", "รั้รั้ง", "ชั้ชั้น"]:
        assert doubled not in text
    assert "ทั้งส่วนกลางและภูมิภาค" in text
    assert "ดำเนิน" in text and "สำนักงาน" in text  # ำ read back as ำ, not า
    # "คิดเป็นร้อยละ ๙๐" is never cut at a line's end, inside ร้อยละ or before its number.
    lines = [line.strip() for line in text.splitlines()]
    assert not [line for line in lines if line.endswith(("ร้อย", "ร้อยละ")) and line != "ร้อยละ"]


@needs_poppler
def test_pdf_text_layer_is_exact_for_stacked_thai_clusters(organiser):
    """Words with a vowel and a tone mark stacked above one consonant, one per activity."""
    from cophub.testing import ActivityFactory, ProgramFactory

    words = ["ทั้งหมด", "ยั่งยืน", "ชั้นเรียน", "ซึ่งกันและกัน", "ครั้งแรก", "นั่งร้าน",
             "ปั้นหม้อ", "กรรมสิทธิ์", "กระดิ่ง", "น้ำใจ", "ญี่ปุ่น", "ปู่ย่า"]  # fmt: skip
    program = ProgramFactory(owner=organiser)
    for i, word in enumerate(words, start=1):
        ActivityFactory(program=program, number=i, title=word)
    text = pdftotext(render(program_report(program_id=program.pk), "pdf").content)
    for word in words:
        assert f"เรื่อง : {word}" in text, word


def test_demo_pdf_in_under_a_second(demo_report):
    render(demo_report, "pdf")  # fonts loaded once per process
    started = time.perf_counter()
    render(demo_report, "pdf")
    assert time.perf_counter() - started < 1.0


@needs_poppler
@pytest.mark.parametrize("first_guess", [None, 1])  # 1: the labels run out and Typst asks again
def test_pdf_pages_are_numbered_in_thai_digits(organiser, first_guess):
    from cophub.testing import ActivityFactory, ProgramFactory

    program = ProgramFactory(owner=organiser)
    for i in range(1, 25):
        ActivityFactory(program=program, number=i, title="ศึกษาดูงาน" * 5)
    report = program_report(program_id=program.pk)
    content = render_pdf(report, document.build(report), pages=first_guess)
    pages = pdftotext(content, "-layout").split("\f")
    assert len(pages) > 2
    assert re.match(r"\s*-\s*๒\s*-\n", pages[1])  # "- ๒ -" centred at the top
    assert re.match(r"\s*-\s*๓\s*-\n", pages[2])
    assert not re.search(r"-\s*๑\s*-", pages[0])  # none on the first page


def test_typst_template_writes_no_thai_digit_itself():
    """Thai digits come from core.thai only; the template neither holds nor maps any digit."""
    assert not re.search("[๐-๙]", TEMPLATE)
    assert "regex(" not in TEMPLATE


# --- real office software ----------------------------------------------------------------
def test_libreoffice_opens_the_docx_and_keeps_the_thai(demo_report, tmp_path):
    """LibreOffice Writer (headless) converts the DOCX to PDF: real office software reads it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        message = "LibreOffice not found (apt-get install libreoffice-writer-nogui)"
        if os.environ.get("COPHUB_REQUIRE_OFFICE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    docx = tmp_path / "report.docx"
    docx.write_bytes(render(demo_report, "docx").content)
    profile = tmp_path / "lo-profile"  # a private profile: no clash with another running office
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)],
        capture_output=True, text=True, timeout=180, check=True,
    )  # fmt: skip
    pdf = tmp_path / "report.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = ref.squeeze(text)
    for fact in ["จำนวน ๓๖ คน", "จำนวน ๓๓ คน", "คิดเป็นร้อยละ ๙๐", "คิดเป็นร้อยละ ๙๕", "อำเภอวังน้อย"]:
        assert ref.squeeze(fact) in flat, fact
    # Writer broke the demo's "คิดเป็นร้อย / ละ ๙๐" inside the word, and between it and ๙๐.
    lines = [line.strip() for line in text.splitlines()]
    ends = [line for line in lines if line.endswith(("ร้อย", "ร้อยละ")) and line != "ร้อยละ"]
    assert not ends  # ("ร้อยละ" alone is the summary table's last header cell)
    assert "ร้อยละ ๙๐" in text.replace("\u00a0", " ") and "ร้อยละ ๙๕" in text.replace("\u00a0", " ")
    # The Thai runs name Sarabun in the complex-script slots, so Writer and Word use it.
    styles = zipfile.ZipFile(docx).read("word/styles.xml").decode()
    assert 'w:cs="Sarabun"' in styles and "w:szCs" in styles
    # This machine has no Sarabun installed: Writer set the text in it only because the
    # document carries the font (else it substitutes another and Thai may show boxes).
    assert not subprocess.run(["fc-list", "Sarabun"], capture_output=True, text=True).stdout
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "Sarabun" in fonts.stdout and "Sarabun-Bold" in fonts.stdout.replace(" ", "-")


def test_the_docx_carries_sarabun_regular_and_bold(demo_report):
    """Embedded as ECMA-376 obfuscated fonts; un-obfuscating gives back the very files."""
    import uuid
    from xml.etree import ElementTree

    from cophub.reports.docx_fonts import FONTS_DIR, obfuscate_font

    package = zipfile.ZipFile(io.BytesIO(render(demo_report, "docx").content))
    table = ElementTree.fromstring(package.read("word/fontTable.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    (sarabun,) = [
        f for f in table.findall("w:font", ns) if f.get(f"{{{ns['w']}}}name") == "Sarabun"
    ]
    rels = package.read("word/_rels/fontTable.xml.rels").decode()
    for slot, filename in (
        ("embedRegular", "Sarabun-Regular.ttf"),
        ("embedBold", "Sarabun-Bold.ttf"),
    ):
        embed = sarabun.find(f"w:{slot}", ns)
        rid = embed.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)
        key = uuid.UUID(embed.get(f"{{{ns['w']}}}fontKey").strip("{}"))
        data = package.read(f"word/{target}")
        assert obfuscate_font(data, key) == (FONTS_DIR / filename).read_bytes()
        assert data[:32] != (FONTS_DIR / filename).read_bytes()[:32]
    assert b'Extension="odttf"' in package.read("[Content_Types].xml")


def test_charts_in_every_format(demo_report):
    """Satisfaction per activity as a chart: vector SVG in HTML and PDF, a 300 ppi PNG in DOCX."""
    html = render(demo_report, "html").content.decode()
    assert html.count("<svg") == 1 and "ร้อยละความพึงพอใจรายกิจกรรม" in html
    assert "ร้อยละ ๙๐" in html and "ร้อยละ ๙๕" in html  # the bars' labels, Thai digits
    doc = Document(io.BytesIO(render(demo_report, "docx").content))
    pictures = doc.inline_shapes
    assert len(pictures) == 1 and round(pictures[0].width.cm) == 14
    image = doc.part.related_parts[pictures[0]._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.content_type == "image/png"
    width_px = int.from_bytes(image.blob[16:20], "big")  # PNG IHDR width
    assert width_px / (14 / 2.54) >= 250  # about 300 pixels per inch at 14 cm: crisp in print
    pdf = render(demo_report, "pdf").content
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "ร้อยละความพึงพอใจรายกิจกรรม" in text
