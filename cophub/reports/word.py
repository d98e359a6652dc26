"""The report as a Word document (python-docx), in Thai government style.

Real styles (Title, Heading 1/2, List Number, List Bullet, Table Grid), real tables, dashes
as Word bullets and ๑) ๒) as text with a hanging indent (LibreOffice would print Word's
Thai-digit numbering as 1) 2)). Thai text needs the
complex-script slots: Word takes a Thai run's font and size from ``w:rFonts w:cs`` and
``w:szCs``, not from the Latin ones, so every style sets both. A4, margins 3 cm left,
2 cm right, 2.5 cm top, 2 cm bottom; page numbers "- ๒ -" at the top from page two.
"""

from __future__ import annotations

import copy
import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import _Row
from lxml import etree

from cophub.reports.blocks import Block, Table
from cophub.reports.docx_fonts import embed_fonts
from cophub.reports.selectors import Report

FONT = "Sarabun"  # 11 pt Sarabun is the size of the official 16 pt TH Sarabun New
SIZE = Pt(11)
JC = {"left": "left", "center": "center", "right": "right"}  # a table cell's w:jc
INDENT = Cm(1.25)  # Thai official paragraph indent (2.5 cm at 16 pt TH Sarabun ≈ 1.25 cm)
LIST_LEFT, LIST_HANGING = Cm(2.05), Cm(0.8)  # "๑)" at 1.25 cm, its text at 2.05 cm


def _set_fonts(rpr, size: Pt, bold: bool | None = None) -> None:
    """Latin and complex-script fonts and sizes on a ``w:rPr``, theme fonts removed (they
    would win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(int(size.pt * 2)))
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), "1" if bold else "0")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


def _style(doc, name: str, size: Pt, bold: bool | None = None):
    style = doc.styles[name]
    _set_fonts(style.element.get_or_add_rPr(), size, bold)
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.font.italic = False
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(3)
    pf.line_spacing = 1.15
    return style


def _setup(doc) -> None:
    # Document defaults too, so anything without a style still gets Sarabun.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_fonts(rpr, SIZE)
    _style(doc, "Normal", SIZE)
    title = _style(doc, "Title", Pt(12.5), bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    # The Title style draws a rule under itself in Word's template; a report has none.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    title_rpr = title.element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern"):  # condensed letters break Thai clusters apart
        for el in title_rpr.findall(qn(tag)):
            title_rpr.remove(el)
    h1 = _style(doc, "Heading 1", Pt(11.5), bold=True)
    h1.paragraph_format.space_before = Pt(10)
    h1.paragraph_format.keep_with_next = True
    h2 = _style(doc, "Heading 2", SIZE, bold=True)
    h2.paragraph_format.space_before = Pt(6)
    h2.paragraph_format.keep_with_next = True
    for name in ("List Number", "List Bullet", "Caption"):
        _style(doc, name, SIZE, bold=True if name == "Caption" else None)
    # The template's List Number style numbers itself "1."; our ๑) are text.
    list_number = doc.styles["List Number"].element.get_or_add_pPr()
    for num_pr in list_number.findall(qn("w:numPr")):
        list_number.remove(num_pr)
    _style(doc, "Table Grid", Pt(10))

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    section.header_distance = Cm(1.2)
    section.different_first_page_header_footer = True  # no number on the first page
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:fmt"), "thaiNumbers")
    section._sectPr.append(pg)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run("- ")
    _page_field(header)
    header.add_run(" -")
    for run in header.runs:
        _set_fonts(run._r.get_or_add_rPr(), SIZE)


def _page_field(paragraph) -> None:
    """PAGE with no number switch: Word then numbers in the section's format, Thai digits
    (w:pgNumType w:fmt="thaiNumbers"). A switch would be worse: LibreOffice reads
    ``\\* ThaiArabic`` as Thai letters ("- ข -"); with none it prints "- 2 -", since its DOCX
    import knows no Thai digits for page numbers at all (tried: thaiNumbers, hindiNumbers,
    ThaiArabic, HindiArabic, ThaiCardText)."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None),
                       (None, "๒"), ("end", None)):  # fmt: skip
        run = paragraph.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text.startswith(" "):
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


# --- numbering: the dashes of the bullets ---------------------------------------------------
def _abstract_list(doc, fmt: str, text: str, left: Cm, hanging: Cm) -> int:
    """A one-level list definition (``bullet`` "-" for dashes)."""
    numbering = doc.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
    ]
    abstract_id = max(abstract_ids, default=0) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:lvlJc", "left")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        lvl.append(el)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(int(left.twips)))
    ind.set(qn("w:hanging"), str(int(hanging.twips)))
    ppr.append(ind)
    lvl.append(ppr)
    abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # abstract definitions come before w:num
    else:
        numbering.append(abstract)
    return abstract_id


def _new_list(doc, abstract_id: int) -> int:
    numbering = doc.part.numbering_part.element
    num_id = max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract_id))
    num.append(ref)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    numbering.append(num)
    return num_id


def _number(paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(nid)
    style = ppr.find(qn("w:pStyle"))
    if style is None:
        ppr.insert(0, num_pr)
    else:
        style.addnext(num_pr)


# --- tables ---------------------------------------------------------------------------------
# Inside a header word every place a line could break is joined (U+2060 WORD JOINER, which
# LibreOffice's ICU and Word both honour), so "ร้อยละ" is never set as "ร้อย/ละ"; the columns
# are wide enough for every such word (columns.py), so nothing overflows either.
JOINER = "\u2060"
BREAK = "\u200b"
_FOLLOWS = re.compile(r"(?<=\S)(?=[^\u0e30-\u0e3a\u0e45\u0e47-\u0e4e\s\u0300-\u036f])")


def unbreakable(word: str) -> str:
    """The word with a joiner before every character that could start a new line (never
    before a vowel or mark that belongs to the character in front of it)."""
    return _FOLLOWS.sub(JOINER, word)


# Characters XML 1.0 cannot hold (C0 controls but tab, newline and CR; U+FFFE, U+FFFF):
# text pasted from Word may carry a vertical tab, and lxml refuses the whole document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def glued(text: str) -> str:
    """LibreOffice breaks ร้อยละ inside the body text too ("คิดเป็นร้อย / ละ ๙๐"): joined."""
    return xml_safe(text).replace("ร้อยละ", unbreakable("ร้อยละ"))


def header_text(runs: list[str]) -> str:
    """Joined inside each word, and an explicit break opportunity (U+200B) between two
    words: with joiners in it, ICU no longer finds the dictionary break between them."""
    text = ""
    for run in runs:
        if text and not text[-1].isspace() and not run.isspace():
            text += BREAK
        text += run if run.isspace() else unbreakable(run)
    return text


def _grid(table, widths: list[int]) -> None:
    """LibreOffice lays a table out by its w:tblGrid, Word by the cells' widths: set both,
    and a fixed layout so neither re-flows the columns around the text."""
    tbl = table._tbl
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(Emu(width).twips)))
    tbl_pr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(int(Emu(sum(widths)).twips)))


def _styled(doc, text: str, style_id: str):
    """A paragraph with a style named by its id: python-docx's look-up by name walks every
    style of the document each time, a third of a long report's time."""
    p = doc.add_paragraph(xml_safe(text))
    p._p.get_or_add_pPr().style = style_id
    return p


def _table(doc, t: Table) -> None:
    from cophub.reports.columns import column_widths

    if t.caption:
        _styled(doc, t.caption, "Caption")
    table = doc.add_table(rows=2, cols=len(t.columns), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [int(Cm(w)) for w in column_widths(t)]
    _grid(table, widths)
    header, first = table.rows
    _repeat_header(header)
    for cells in (header.cells, first.cells):
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
    # Each row is a copy of one empty row with its cells' widths: adding rows through
    # python-docx re-reads the whole grid for every row and every cell.
    blank = copy.deepcopy(first._tr)
    first._tr.getparent().remove(first._tr)
    for cell, runs in zip(header.cells, t.header_runs, strict=True):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(xml_safe(header_text(runs))).bold = True
        _shade(cell, "E6E6E6")
    tbl = table._tbl
    for i, cells in enumerate(t.cells):
        tr = copy.deepcopy(blank)
        tbl.append(tr)
        row = _Row(tr, table)
        row_cells = row.cells
        last = t.total_row and i == len(t.rows) - 1
        at = 0
        for text, align, span in cells:
            cell = row_cells[at]
            if span > 1:
                cell = cell.merge(row_cells[at + span - 1])
            at += span
            _cell_text(cell._tc, glued(text), JC[align], bold=last)
    doc.add_paragraph()


def _cell_text(tc, text: str, jc: str, *, bold: bool) -> None:
    """``text`` in the cell's paragraph, written as XML: python-docx's run and alignment
    properties search the element's children for each attribute, per cell."""
    p = tc.find(qn("w:p"))
    ppr = etree.SubElement(p, qn("w:pPr"))
    etree.SubElement(ppr, qn("w:jc")).set(qn("w:val"), jc)
    r = etree.SubElement(p, qn("w:r"))
    if bold:
        rpr = etree.SubElement(r, qn("w:rPr"))
        etree.SubElement(rpr, qn("w:b"))
        etree.SubElement(rpr, qn("w:bCs"))
    for n, line in enumerate(text.split("\n")):
        if n:
            etree.SubElement(r, qn("w:br"))
        t = etree.SubElement(r, qn("w:t"))
        t.text = xml_safe(line)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _chart(doc, chart) -> None:
    from cophub.reports.charts import chart_png

    caption = _styled(doc, chart.title, "Caption")
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    picture = doc.add_paragraph()
    picture.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(chart_png(chart), width=Cm(14))


def render_docx(report: Report | None, blocks: list[Block]) -> bytes:
    """The blocks say everything; ``report`` is not read (None for other reports)."""
    doc = Document()
    _setup(doc)
    title = xml_safe(" ".join(blocks[0].lines))
    doc.core_properties.title = title if len(title) <= 255 else title[:254] + "…"  # Word's limit
    doc.core_properties.language = "th-TH"
    dashes = _new_list(doc, _abstract_list(doc, "bullet", "-", Cm(2.65), Cm(0.5)))
    from cophub.reports.columns import measure_tables

    measure_tables([b.table for b in blocks if b.kind == "table"])
    for b in blocks:
        if b.kind == "title":
            p = _styled(doc, "", "Title")
            for i, line in enumerate(b.lines):
                run = p.add_run(xml_safe(line))
                if i + 1 < len(b.lines):
                    run.add_break()
        elif b.kind == "heading":
            _styled(doc, glued(b.text), "Heading1")
        elif b.kind == "subheading":
            _styled(doc, glued(b.text), "Heading2")
        elif b.kind == "item":
            # The label is text, not Word numbering: LibreOffice reads w:numFmt="thaiNumbers"
            # as decimal and prints 1) 2) (its DOCX import has no Thai digits), so a list
            # numbered by the document would read differently in the two offices.
            p = _styled(doc, f"{b.label}\t{glued(b.text)}", "ListNumber")
            pf = p.paragraph_format
            pf.left_indent, pf.first_line_indent = LIST_LEFT, -LIST_HANGING
            pf.tab_stops.add_tab_stop(LIST_LEFT)
            pf.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
        elif b.kind == "bullet":
            p = _styled(doc, glued(b.text), "ListBullet")
            _number(p, dashes)
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
        elif b.kind == "para":
            p = doc.add_paragraph(glued(b.text))
            p.paragraph_format.first_line_indent = INDENT
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
        elif b.kind == "note":
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = INDENT
            p.add_run(glued(b.text)).italic = True
        elif b.kind == "table":
            _table(doc, b.table)
        elif b.kind == "chart":
            _chart(doc, b.chart)
    out = io.BytesIO()
    doc.save(out)
    return embed_fonts(out.getvalue())
