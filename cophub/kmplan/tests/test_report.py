"""The progress report in HTML, DOCX and PDF says the same: each indicator's name, its
target and its computed actual in Thai digits, B.E. years, the KM process steps."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.test import Client
from docx import Document

from cophub.kmplan import document
from cophub.kmplan.selectors import plan_detail, plan_progress
from cophub.kmplan.tests.conftest import INDICATORS

pytestmark = pytest.mark.django_db

# The hand-computed actuals as the report writes them, one per indicator in order.
ACTUALS = ["๓ ครั้ง", "๔๒ คน", "๑๑ คน", "๔.๒๗ คะแนน", "๒ เรื่อง", "ร้อยละ\u00a0๖๖.๖๗", "๒ ฉบับ",
           "๕ เรื่อง"]  # fmt: skip
TARGETS = ["ไม่น้อยกว่า ๔ ครั้ง", "ไม่น้อยกว่า ๔๐ คน", "ไม่น้อยกว่า ๑๐ คน",
           "ไม่น้อยกว่า ๔.๐๐ คะแนน", "ไม่น้อยกว่า ๓ เรื่อง", "ไม่น้อยกว่าร้อยละ\u00a0๖๐",
           "ไม่น้อยกว่า ๒ ฉบับ", "ไม่น้อยกว่า ๔ เรื่อง"]  # fmt: skip


def squeeze(text: str) -> str:
    """Spaces and the invisible joiners and breaks the writers put in Thai words dropped."""
    for mark in ("\u2060", "\u200b"):
        text = text.replace(mark, "")
    return "".join(text.replace("\u00a0", " ").split())


@pytest.fixture
def blocks(full_plan):
    plan = plan_detail(plan_id=full_plan.pk)
    return document.build(plan, plan_progress(plan_id=plan.pk), today=dt.date(2026, 3, 31))


def test_the_blocks_hold_each_indicator_with_its_actual(blocks):
    assert blocks[0].lines == [
        "รายงานผลการดำเนินงานตามแผนการจัดการความรู้",
        "สำนักงานปลัดกระทรวงมหาดไทย ประจำปีงบประมาณ ๒๕๖๙",
    ]
    table = next(b.table for b in blocks if b.kind == "table")
    assert [r[1] for r in table.rows] == [name for name, *_ in INDICATORS]
    assert [r[3] for r in table.rows] == ACTUALS
    assert [r[2] for r in table.rows] == TARGETS
    assert [r[4] for r in table.rows] == [
        "๗๕.๐๐", "๑๐๕.๐๐", "๑๑๐.๐๐", "๑๐๖.๗๕", "๖๖.๖๗", "๑๑๑.๑๒", "๑๐๐.๐๐", "๑๒๕.๐๐",
    ]  # fmt: skip
    assert [r[5] for r in table.rows].count("บรรลุ") == 6
    text = "\n".join(b.text for b in blocks)
    assert "ข้อมูล ณ วันที่ ๓๑ มีนาคม พ.ศ. ๒๕๖๙" in text
    assert "บรรลุค่าเป้าหมาย ๖ จาก ๘ ตัวชี้วัด คิดเป็นร้อยละ\u00a0๗๕.๐๐" in text
    steps = [b.table for b in blocks if b.kind == "table"][1]  # the first area's plan
    # The process order (identify before share) and months as fiscal ranges.
    assert [(r[1], r[3]) for r in steps.rows] == [
        ("การบ่งชี้ความรู้", "ต.ค."), ("การแบ่งปันแลกเปลี่ยนความรู้", "พ.ย.–ม.ค."),
    ]  # fmt: skip
    assert "นางสาวสมศรี ใจดี (นักทรัพยากรบุคคลชำนาญการ)" in steps.rows[1][4]


def test_the_docx_and_pdf_carry_the_names_and_thai_digit_actuals(full_plan, ops_organiser):
    client = Client()
    client.force_login(ops_organiser)
    docx = client.get(f"/kmplan/{full_plan.pk}/report/?format=docx")
    assert docx.status_code == 200
    assert docx["Content-Disposition"].startswith('attachment; filename="kmplan-')
    doc = Document(io.BytesIO(docx.content))
    cells = {squeeze(c.text) for t in doc.tables for row in t.rows for c in row.cells}
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert "รายงานผลการดำเนินงานตามแผนการจัดการความรู้" in paragraphs
    for (name, *_), actual in zip(INDICATORS, ACTUALS, strict=True):
        assert squeeze(name) in cells
        assert squeeze(actual) in cells
    pdf = client.get(f"/kmplan/{full_plan.pk}/report/?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = squeeze(
        subprocess.run(
            ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
        ).stdout.decode()
    )
    assert squeeze("ประจำปีงบประมาณ ๒๕๖๙") in text
    for (name, *_), actual in zip(INDICATORS, ACTUALS, strict=True):
        assert squeeze(name) in text, name
        assert squeeze(actual) in text, actual
    html = client.get(f"/kmplan/{full_plan.pk}/report/")
    assert html.status_code == 200
    assert "๔.๒๗ คะแนน" in html.content.decode()
    assert f'href="/kmplan/{full_plan.pk}/" data-testid="report-back"' in html.content.decode()
    assert client.get(f"/kmplan/{full_plan.pk}/report/?format=xls").status_code == 404
