"""Text pasted from Word may carry control characters (a manual line break is a vertical
tab): every format still renders, with the character gone, never a 500."""

from __future__ import annotations

import io

import pytest
from docx import Document

from cophub.reports.blocks import Block, Table
from cophub.reports.formats import render_blocks

PASTED = "การให้บริการ\x0bประชาชน\x0c"


def blocks() -> list[Block]:
    table = Table(columns=["ตัวชี้วัด", "ผล"], rows=[[PASTED, "๑"]], align=["left", "center"],
                  widths=[3, 1])  # fmt: skip
    return [Block("title", lines=["รายงาน", PASTED]), Block("heading", PASTED),
            Block("para", PASTED), Block("table", table=table)]  # fmt: skip


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_control_characters_do_not_break_a_format(fmt):
    rendered = render_blocks(blocks(), fmt, filename="pasted")
    assert rendered.content
    if fmt == "docx":
        doc = Document(io.BytesIO(rendered.content))
        text = "\n".join(p.text for p in doc.paragraphs)
        cells = [c.text for row in doc.tables[0].rows for c in row.cells]
        assert "การให้บริการ ประชาชน" in text and "\x0b" not in text
        assert any("การให้บริการ ประชาชน" in c for c in cells)
