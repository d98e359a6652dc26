"""The progress report (รายงานผลการดำเนินงานตามแผนการจัดการความรู้) as the report
pipeline's blocks, in Thai government style: every number, year and date through
``core.thai``, targets written "ไม่น้อยกว่า …". The reports app lays the blocks out as
HTML, DOCX and PDF (``reports.formats.render_blocks``), so the three say the same thing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from cophub.core.thai import MONTHS_ABBR, thai_date, thai_digits, thai_number
from cophub.kmplan.models import FISCAL_MONTHS, Indicator, KmPlan, PlannedActivity
from cophub.kmplan.selectors import IndicatorProgress, Progress
from cophub.reports.blocks import Block, Table

TITLE = "รายงานผลการดำเนินงานตามแผนการจัดการความรู้"
MISSING = "ไม่มีข้อมูล"
NBSP = "\u00a0"  # "ร้อยละ" never parts from its number at a line's end
PERCENT_UNITS = {"ร้อยละ", "%", "เปอร์เซ็นต์"}


def figure(value: Decimal, kind: str) -> str:
    """A mean keeps its two places (๔.๐๐); any other figure drops zero decimals (๖๐, ๔๒)."""
    if kind == Indicator.Kind.SATISFACTION_MEAN:
        return thai_number(value, 2)
    if value == value.to_integral():
        return thai_number(int(value))
    return thai_number(value, 2)


def with_unit(number: str, unit: str) -> str:
    if unit in PERCENT_UNITS:
        return f"ร้อยละ{NBSP}{number}"
    return f"{number} {unit}".strip()


def target_text(p: IndicatorProgress) -> str:
    return f"ไม่น้อยกว่า{'' if p.unit in PERCENT_UNITS else ' '}" + with_unit(
        figure(p.target, p.indicator.kind), p.unit
    )


def actual_text(p: IndicatorProgress) -> str:
    if p.actual is None:
        return MISSING
    return with_unit(figure(p.actual, p.indicator.kind), p.unit)


def percent_text(p: IndicatorProgress) -> str:
    return thai_number(p.percent, 2) if p.percent is not None else "–"


def result_text(p: IndicatorProgress) -> str:
    if p.actual is None:
        return "ยังไม่มีข้อมูล"
    return "บรรลุ" if p.achieved else "ไม่บรรลุ"


def months_text(months: list[int]) -> str:
    """Runs of consecutive fiscal months as ranges: ต.ค.–ธ.ค., มี.ค."""
    at = {m: i for i, m in enumerate(FISCAL_MONTHS)}
    chosen = sorted((m for m in months if m in at), key=at.get)
    runs: list[list[int]] = []
    for m in chosen:
        if runs and at[m] == at[runs[-1][-1]] + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    parts = [
        MONTHS_ABBR[r[0] - 1]
        if len(r) == 1
        else f"{MONTHS_ABBR[r[0] - 1]}–{MONTHS_ABBR[r[-1] - 1]}"
        for r in runs
    ]
    return ", ".join(parts) or "–"


def responsible_text(a: PlannedActivity) -> str:
    return a.responsible_display or "–"


def indicators_table(progress: Progress) -> Table:
    rows = [
        [
            thai_digits(i), p.indicator.name, target_text(p), actual_text(p), percent_text(p),
            result_text(p),
        ]
        for i, p in enumerate(progress.indicators, start=1)
    ]  # fmt: skip
    return Table(
        columns=["ลำดับ", "ตัวชี้วัด", "ค่าเป้าหมาย", "ผลการดำเนินงาน", "ร้อยละของเป้าหมาย", "ผลการประเมิน"],
        rows=rows,
        align=["center", "left", "center", "center", "right", "center"],
        widths=[0.9, 8.0, 2.0, 2.0, 1.4, 1.4],
        caption="ผลการดำเนินงานเทียบกับค่าเป้าหมายของตัวชี้วัด",
    )


def area_table(area) -> Table:
    rows = [
        [thai_digits(i), a.get_step_display(), a.description, months_text(a.months),
         responsible_text(a)]
        for i, a in enumerate(area.planned, start=1)
    ]  # fmt: skip
    return Table(
        columns=["ลำดับ", "ขั้นตอนการจัดการความรู้", "กิจกรรม", "ระยะเวลา", "ผู้รับผิดชอบ"],
        rows=rows,
        align=["center", "left", "left", "center", "left"],
        widths=[0.9, 2.8, 4.6, 1.8, 2.6],
    )


def build(plan: KmPlan, progress: Progress, *, today: dt.date) -> list[Block]:
    """``plan``: from ``selectors.plan_detail`` (its areas and their planned activities)."""
    with translation.override("th"):  # a formal report is in Thai whatever the screen
        return _build(plan, progress, today)


def _build(plan: KmPlan, progress: Progress, today: dt.date) -> list[Block]:
    year = f"ประจำปีงบประมาณ {thai_digits(plan.fiscal_year)}"
    blocks = [Block("title", lines=[TITLE, f"{plan.organization.name} {year}"])]
    if plan.title and plan.title != TITLE:
        blocks.append(Block("para", f"แผน : {plan.title}"))
    blocks.append(Block("note", f"ข้อมูล ณ วันที่ {thai_date(today)}"))
    section = 0

    def heading(text: str) -> None:
        nonlocal section
        section += 1
        blocks.append(Block("heading", f"{thai_digits(section)}. {text}"))

    areas = list(plan.areas.all())
    heading("องค์ความรู้ที่จำเป็นและเป้าหมาย")
    if not areas:
        blocks.append(Block("note", "ยังไม่ได้บันทึกองค์ความรู้ของแผน"))
    for i, area in enumerate(areas, start=1):
        text = f"{area.name} : {area.goal}" if area.goal else area.name
        blocks.append(Block("item", text, label=f"{thai_digits(i)})", list_id=1))

    heading("ผลการดำเนินงานตามตัวชี้วัด")
    if progress.indicators:
        blocks.append(Block("table", table=indicators_table(progress)))
        n = len(progress.indicators)
        share = Decimal(progress.achieved) * 100 / n
        blocks.append(
            Block(
                "para",
                f"บรรลุค่าเป้าหมาย {thai_number(progress.achieved)} จาก {thai_number(n)} ตัวชี้วัด"
                f" คิดเป็นร้อยละ{NBSP}{thai_number(share, 2)}",
            )
        )
    else:
        blocks.append(Block("note", "ยังไม่ได้กำหนดตัวชี้วัดของแผน"))

    heading("แผนการดำเนินงานตามกระบวนการจัดการความรู้")
    planned_any = False
    for i, area in enumerate(areas, start=1):
        if not area.planned:
            continue
        planned_any = True
        blocks.append(Block("subheading", f"องค์ความรู้ที่ {thai_digits(i)} : {area.name}"))
        blocks.append(Block("table", table=area_table(area)))
    if not planned_any:
        blocks.append(Block("note", "ยังไม่ได้บันทึกกิจกรรมตามกระบวนการจัดการความรู้"))

    heading("ที่มาของผลการดำเนินงาน")
    f = progress.figures
    blocks.append(
        Block(
            "para",
            "ผลการดำเนินงานของตัวชี้วัดคำนวณจากข้อมูลในระบบ ไม่ได้กรอกด้วยมือ"
            f" จากกิจกรรมของโครงการของ{plan.organization.name}และหน่วยงานในสังกัด {year}"
            f" ได้แก่ กิจกรรม {thai_number(f.activities)} ครั้ง"
            f" ผู้เข้าร่วม {thai_number(f.participants)} คน"
            f" (ไม่นับซ้ำ {thai_number(f.people)} คน)"
            f" ผู้ตอบแบบประเมิน {thai_number(f.responses)} คน"
            f" องค์ความรู้ที่เผยแพร่ {thai_number(f.knowledge_items)} เรื่อง"
            f" และเกียรติบัตร {thai_number(f.certificates)} ฉบับ"
            " ยกเว้นตัวชี้วัดประเภทอื่น ๆ ซึ่งผู้รับผิดชอบบันทึกผลเอง",
        )
    )
    if plan.approved_by:
        blocks.append(Block("para", f"ผู้อนุมัติแผน : {plan.approved_by}"))
    return blocks
