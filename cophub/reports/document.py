"""The report as Thai text: headings, numbered items, bullets, tables and notes.

Built once from the facts (`selectors.Report`); the HTML, DOCX and PDF writers lay out
exactly these blocks, so the three formats say the same thing word for word. Every
number and year goes through `core.thai`.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from cophub.core.thai import thai_date_range, thai_digits, thai_number
from cophub.reports.blocks import Block, Table
from cophub.reports.charts import Chart
from cophub.reports.selectors import ActivityFacts, Report, SiteFacts
from cophub.surveys import stats
from cophub.surveys.selectors import MORE_ANSWERS

BANGKOK = "กรุงเทพมหานคร"
MISSING = "ไม่มีข้อมูล"
NBSP = "\u00a0"  # "ร้อยละ" and its number never part at a line's end


def thai_percent(value) -> str:
    """ร้อยละ as written: 90.00 → ๙๐, 92.50 → ๙๒.๕, 93.333… → ๙๓.๓๓."""
    if not isinstance(value, Decimal):
        value = stats.round2(float(value))
    return thai_number(value.normalize() if value == value.to_integral() else value)


def percent_words(number: str) -> str:
    """ "ร้อยละ ๙๐" held together: a line never ends after ร้อยละ (every layout honours U+00A0)."""
    return f"ร้อยละ{NBSP}{number}"


def _two(value: float | None) -> str:
    return thai_number(value, 2) if value is not None else "–"


# --- sentences ------------------------------------------------------------------------
def title_lines(report: Report) -> list[str]:
    title = report.title.strip()
    first = f"การดำเนิน{title}" if title.startswith("โครงการ") else f"การดำเนินโครงการ{title}"
    # A title that already names its fiscal year ("… ประจำปีงบประมาณ ๒๕๖๙") is not given a second.
    named = "ปีงบประมาณ" in title
    year = "" if named else f"ประจำปีงบประมาณ {thai_digits(report.fiscal_year)}"
    second = f"ของ{report.organization} {year}".strip() if report.organization else year
    return [first, second] if second else [first]


def _place(site: SiteFacts, with_province: bool) -> str:
    parts = [site.name]
    if site.host and site.host != site.name:
        # As the reference writes it: a unit is named before its organisation ("สถาบันการ
        # จัดการปัญญาภิวัฒน์ บริษัท ซีพี ออลล์ …", like "กรมการปกครอง กระทรวงมหาดไทย"), but
        # several places of one host take "ของ", so the host reads as everyone's ("ศูนย์ธุรกิจ
        # คาเฟ่เมซอน และสถาบันพัฒนาศักยภาพธุรกิจน้ำมัน ของบริษัท ปตท. …").
        several = re.search(r"\sและ", site.name)
        parts.append(f"ของ{site.host}" if several else site.host)
    # A location that only repeats the place's name ("ณ ศูนย์ราชการ… ณ ศูนย์ราชการ…") is said once.
    if site.location and site.location not in site.name:
        parts.append(f"ณ {site.location}")
    if site.district:
        word = "เขต" if site.province == BANGKOK else "อำเภอ"
        district = site.district
        parts.append(district if district.startswith(("อำเภอ", "เขต")) else f"{word}{district}")
    if with_province and site.province:
        parts.append(site.province if site.province == BANGKOK else f"จังหวัด{site.province}")
    return " ".join(parts)


def sites_text(sites: list[SiteFacts]) -> str:
    """Places joined with และ; a province is named once after its last consecutive site."""
    places = []
    for i, site in enumerate(sites):
        following = sites[i + 1].province if i + 1 < len(sites) else None
        places.append(_place(site, with_province=site.province != following))
    return " และ ".join(places)


def activity_heading(a: ActivityFacts) -> str:
    text = f"ครั้งที่ {thai_digits(a.number)} เรื่อง : {a.title}"
    if a.sites:
        return f"{text} ณ {sites_text(a.sites)}"
    return f"{text} (ไม่มีข้อมูลสถานที่)"


def target_text(a: ActivityFacts) -> str:
    """The target group as the reference writes it, or "" when nothing is known (the report
    then leaves the line out rather than print "ไม่มีข้อมูล")."""
    inside = a.target_project
    if a.cohort:
        cohort = f"รุ่นที่ {thai_digits(a.cohort)}"
        inside = f"{inside} ({cohort})" if inside else cohort
    if a.target_group and inside:
        return f"{a.target_group} ({inside})"
    return a.target_group or inside


def participants_text(a: ActivityFacts) -> str:
    if a.participants is None:
        return MISSING
    text = f"จำนวน {thai_number(a.participants)} คน"
    return f"{text} ({a.participants_from})" if a.participants_from else text


def satisfaction_text(a: ActivityFacts) -> str:
    s = a.satisfaction
    if s is None:
        if a.has_survey:
            return "ยังไม่มีผู้ตอบแบบประเมิน"
        return "ไม่มีแบบประเมินและไม่ได้บันทึกผลการประเมิน"
    parts = []
    if s.responses is not None:
        parts.append(f"ผ่านระบบ QR Code จากผู้ตอบแบบประเมิน {thai_number(s.responses)} คน")
    elif s.method:
        parts.append(s.method)
    if s.level:
        parts.append(f"มีความพึงพอใจ{s.level}")
    if s.percent is not None:
        parts.append(f"คิดเป็น{percent_words(thai_percent(s.percent))}")
    return " ".join(parts) or MISSING


def outcomes_heading(report: Report) -> str:
    """The reference's heading names the project by its short name from the title's last
    parentheses: "…โครงการ…ชุมชนนักปฏิบัติ (Cops)" → "…ศึกษาดูงาน Cops นอกสถานที่"."""
    short = re.search(r"\(([^()]{1,20})\)\s*$", report.title or "")
    name = short.group(1).strip() if short else ""
    if report.activities and all(a.kind == "study_visit" for a in report.activities):
        return (
            f"ผลลัพธ์ที่ได้จากการไปศึกษาดูงาน {name} นอกสถานที่"
            if name
            else "ผลลัพธ์ที่ได้จากการไปศึกษาดูงานนอกสถานที่"
        )
    return f"ผลลัพธ์ที่ได้จากการดำเนินโครงการ {name}".rstrip()


# --- the whole document -----------------------------------------------------------------
def build(report: Report) -> list[Block]:
    blocks = [Block("title", lines=title_lines(report))]
    if report.organization is None:
        blocks.append(Block("note", "หมายเหตุ : หน่วยงานเจ้าของโครงการถูกลบออกจากระบบแล้ว"))
    section = 0

    def heading(text: str) -> None:
        nonlocal section
        section += 1
        blocks.append(Block("heading", f"{thai_digits(section)}. {text}"))

    def numbered(texts: list[str], list_id: int) -> None:
        for i, text in enumerate(texts, start=1):
            blocks.append(Block("item", text, label=f"{thai_digits(i)})", list_id=list_id))

    heading("วัตถุประสงค์")
    if report.objectives:
        numbered(report.objectives, 1)
    else:
        blocks.append(Block("note", "ยังไม่ได้บันทึกวัตถุประสงค์ของโครงการ"))

    heading("การดำเนินงาน")
    if not report.activities:
        blocks.append(Block("note", "ยังไม่ได้บันทึกกิจกรรมของโครงการนี้"))
    for i, a in enumerate(report.activities, start=1):
        blocks.append(Block("item", activity_heading(a), label=f"{thai_digits(i)})", list_id=2))
        if a.start_date:
            blocks.append(Block("bullet", f"วันที่ : {thai_date_range(a.start_date, a.end_date)}"))
        if target_text(a):
            blocks.append(Block("bullet", f"กลุ่มเป้าหมาย : {target_text(a)}"))
        blocks.append(Block("bullet", f"ผู้เข้าร่วม : {participants_text(a)}"))
        blocks.append(Block("bullet", f"ผลการประเมินความพึงพอใจ : {satisfaction_text(a)}"))

    heading(outcomes_heading(report))
    if report.outcomes:
        numbered(report.outcomes, 3)
    else:
        blocks.append(Block("note", "ยังไม่ได้บันทึกผลลัพธ์ของโครงการ"))
    if report.has_adoption:
        blocks += adoption_blocks(report)

    if report.activities:
        heading("สรุปผลการดำเนินงานรายกิจกรรม")
        blocks.append(Block("table", table=summary_table(report)))
        chart = satisfaction_chart(report)
        if chart:
            blocks.append(Block("chart", chart=chart))

    if report.has_statistics:
        heading("ผลการประเมินความพึงพอใจรายกิจกรรม")
        for a in report.activities:
            if a.survey is None:
                continue
            s = a.survey
            rate = _rate_text(s)
            blocks.append(Block("subheading", f"ครั้งที่ {thai_digits(a.number)} เรื่อง : {a.title}"))
            blocks.append(
                Block(
                    "para",
                    f"ผู้ตอบแบบประเมิน {thai_number(s.responses)} คน{rate} "
                    f"ภาพรวมมีความพึงพอใจ{_level(s.overall)} "
                    f"(ค่าเฉลี่ย {_two(s.overall.mean)} ส่วนเบี่ยงเบนมาตรฐาน {_two(s.overall.sd)} "
                    f"คิดเป็น{percent_words(_two(s.overall.percent))})",
                )
            )
            blocks.append(Block("table", table=items_table(a)))
        blocks.append(Block("subheading", "เกณฑ์การแปลความหมายค่าเฉลี่ย"))
        blocks.append(Block("table", table=criteria_table(report)))
        blocks.append(Block("para", percent_rule(report)))

    if report.by_organization:
        heading("ผู้เข้าร่วมกิจกรรมจำแนกตามหน่วยงาน")
        blocks.append(Block("table", table=organizations_table(report)))
        blocks.append(Block("chart", chart=organizations_chart(report)))

    if report.top_words:
        heading("คำที่พบบ่อยในข้อเสนอแนะของผู้ตอบแบบประเมิน")
        words = ", ".join(f"{w} ({thai_number(n)})" for w, n in report.top_words)
        blocks.append(Block("para", f"คำที่พบบ่อย (จำนวนครั้ง) : {words}"))
    return blocks


ADOPTION_HEADING = "ผลการติดตามการนำความรู้ไปใช้ (วัดผลจากแบบติดตามผล)"


def adoption_blocks(report: Report) -> list[Block]:
    """The measured outcome beside the written ones: how many attendees, asked some
    time after the activity, said they applied what they learned (ได้นำไปใช้แล้ว or
    บางส่วน), of those who answered."""
    measured = [a for a in report.activities if a.adoption and a.adoption.invited]
    invited = sum(a.adoption.invited for a in measured)
    answered = sum(a.adoption.answered for a in measured)
    applied = sum(a.adoption.applied for a in measured)
    text = f"ส่งแบบติดตามผลถึงผู้เข้าร่วม {thai_number(invited)} คน ตอบกลับ {thai_number(answered)} คน"
    if answered:
        rate = Decimal(applied) * 100 / Decimal(answered)
        text += (
            f" ได้นำความรู้ไปใช้แล้วหรือนำไปใช้บางส่วน {thai_number(applied)} คน"
            f" คิดเป็น{percent_words(thai_number(rate, 2))}ของผู้ตอบ"
        )
    else:
        text += " ยังไม่มีผู้ตอบแบบติดตามผล"
    rows = [
        [
            thai_digits(a.number),
            a.title,
            thai_number(a.adoption.invited),
            thai_number(a.adoption.answered),
            thai_number(a.adoption.applied),
            thai_number(a.adoption.rate, 2) if a.adoption.rate is not None else "–",
        ]
        for a in measured
    ]
    table = Table(
        columns=["ครั้งที่", "เรื่อง", "ส่งแบบติดตาม (คน)", "ตอบ (คน)", "นำไปใช้ (คน)", "ร้อยละการนำไปใช้"],
        rows=rows,
        align=["center", "left", "right", "right", "right", "right"],
        widths=[1.1, 3.6, 1.6, 1.2, 1.4, 1.6],
        caption="ร้อยละของผู้เข้าร่วมที่นำความรู้ไปใช้ (ได้นำไปใช้แล้วหรือบางส่วน ต่อผู้ตอบ)",
    )
    return [Block("subheading", ADOPTION_HEADING), Block("para", text), Block("table", table=table)]


def _rate_text(s) -> str:
    """What follows "ผู้ตอบแบบประเมิน N คน": the rate, or why there is none. A rate over
    100 % is never printed."""
    if s.attendees_only:
        if s.response_rate is None:
            return " (แบบประเมินเฉพาะผู้เข้าร่วม)"
        return (
            f" ผู้เข้าร่วมบันทึกว่าทำแบบประเมินแล้ว {thai_number(s.answered)} คน"
            f" จาก {thai_number(s.participants)} คน"
            f" คิดเป็น{percent_words(thai_number(s.response_rate, 2))}"
            " (แบบประเมินเฉพาะผู้เข้าร่วม)"
        )
    if s.rate_reason == MORE_ANSWERS:
        return " (คำตอบมากกว่าจำนวนผู้เข้าร่วมที่ทราบ แบบประเมินเปิดให้ทุกคน)"
    if s.response_rate is None:
        return ""
    return f" คิดเป็น{percent_words(thai_number(s.response_rate, 2))} ของผู้เข้าร่วม"


def _level(r: stats.Rating) -> str:
    return str(r.level.label) if r.level else "–"


NOTHING_RECORDED = "ยังไม่มีข้อมูลผู้เข้าร่วมและผลการประเมิน"


def summary_table(report: Report) -> Table:
    """One row per activity. The survey columns (responses, rate, x̄, S.D.) appear only when
    some activity has survey answers, and the satisfaction columns only when some activity
    has a result: the reference program has neither answers nor surveys, and its table was
    four columns of "–". An activity with nothing recorded says so in one cell instead of
    a row of dashes. Activities that share a title (two "ศึกษาดูงานนอกสถานที่") are told
    apart by where they went."""
    answered = any(a.survey for a in report.activities)
    rated = any(a.satisfaction for a in report.activities)
    titles = Counter(a.title for a in report.activities)
    columns = ["ครั้งที่", "เรื่อง", "ผู้เข้าร่วม (คน)"]
    align = ["center", "left", "right"]
    widths = [1.1, 3.6, 1.5]
    if answered:
        columns += ["ผู้ตอบ (คน)", "ร้อยละการตอบ", "x̄", "S.D."]
        align += ["right", "right", "right", "right"]
        widths += [1.3, 1.4, 1.0, 1.0]
    if rated:
        columns += ["ระดับความพึงพอใจ", "ร้อยละ"]
        align += ["center", "right"]
        widths += [2.2, 1.1]
    rows = []
    for a in report.activities:
        s, sat = a.survey, a.satisfaction
        title = a.title
        if titles[a.title] > 1 and a.sites:
            title = f"{a.title} ณ {' และ '.join(dict.fromkeys(x.host or x.name for x in a.sites))}"
        row = [thai_digits(a.number), title]
        if a.participants is None and s is None and sat is None:
            rows.append([*row, NOTHING_RECORDED])
            continue
        row.append(thai_number(a.participants) if a.participants is not None else "–")
        if answered:
            row += [
                thai_number(s.responses) if s else "–",
                thai_number(s.response_rate, 2) if s and s.response_rate is not None else "–",
                _two(s.overall.mean) if s else "–",
                _two(s.overall.sd) if s else "–",
            ]
        if rated:
            row += [
                (sat.level or "–") if sat else "–",
                thai_percent(sat.percent) if sat and sat.percent is not None else "–",
            ]
        rows.append(row)
    rows.append(["", "รวม", thai_number(report.participant_total), *([""] * (len(columns) - 3))])
    return Table(columns=columns, rows=rows, align=align, widths=widths, total_row=True)


def items_table(a: ActivityFacts) -> Table:
    s = a.survey
    rows = [
        [thai_digits(i.number), i.text, _two(i.rating.mean), _two(i.rating.sd), _level(i.rating)]
        for i in s.items
    ]
    rows.append(["", "ภาพรวม", _two(s.overall.mean), _two(s.overall.sd), _level(s.overall)])
    return Table(
        columns=["ข้อ", "รายการประเมิน", "x̄", "S.D.", "ระดับ"],
        rows=rows,
        align=["center", "left", "right", "right", "center"],
        widths=[0.8, 7.4, 1.1, 1.1, 1.6],
        caption=f"ผลการประเมินความพึงพอใจ ครั้งที่ {thai_digits(a.number)}",
        total_row=True,
    )


def criteria_table(report: Report) -> Table:
    return Table(
        columns=["ค่าเฉลี่ย", "ระดับความพึงพอใจ"],
        rows=[[thai_digits(r).replace("–", " – "), level] for r, level in report.criteria],
        align=["center", "center"],
        widths=[2, 2],
    )


def percent_rule(report: Report) -> str:
    if report.percent == "mean":
        return "ร้อยละของความพึงพอใจคำนวณจากค่าเฉลี่ย ÷ ๕ × ๑๐๐"
    return "ร้อยละของความพึงพอใจคือร้อยละของคำตอบระดับ ๔ หรือ ๕ (มากหรือมากที่สุด)"


def satisfaction_chart(report: Report) -> Chart | None:
    """Satisfaction (percent) per activity, when any activity has one."""
    bars = [
        (
            f"ครั้งที่ {thai_digits(a.number)}",
            float(a.satisfaction.percent),
            f"ร้อยละ {thai_percent(a.satisfaction.percent)}",
        )
        for a in report.activities
        if a.satisfaction and a.satisfaction.percent is not None
    ]
    return Chart("ร้อยละความพึงพอใจรายกิจกรรม", bars, 100.0) if bars else None


def organizations_chart(report: Report) -> Chart:
    bars = [
        (name or "ไม่ระบุหน่วยงาน", float(n), f"{thai_number(n)} คน")
        for name, n in report.by_organization
    ]
    return Chart("ผู้เข้าร่วมจำแนกตามหน่วยงาน", bars, max(n for _, n, _ in bars))


def organizations_table(report: Report) -> Table:
    rows = [
        [thai_digits(i), name or "ไม่ระบุหน่วยงาน (หน่วยงานถูกลบแล้ว)", thai_number(n)]
        for i, (name, n) in enumerate(report.by_organization, start=1)
    ]
    total = sum(n for _, n in report.by_organization)
    rows.append(["", "รวม", thai_number(total)])
    return Table(
        columns=["ลำดับ", "หน่วยงาน", "จำนวน (คน)"],
        rows=rows,
        align=["center", "left", "right"],
        widths=[1, 8, 2],
        total_row=True,
    )


def plain_text(blocks: list[Block]) -> str:
    """The document as plain text, one block a line (tests and search)."""
    out = []
    for b in blocks:
        if b.kind == "title":
            out.extend(b.lines)
        elif b.kind == "table":
            out.append(" | ".join(b.table.columns))
            out.extend(" | ".join(r) for r in b.table.rows)
        elif b.kind == "bullet":
            out.append(f"- {b.text}")
        else:
            out.append(f"{b.label} {b.text}".strip())
    return "\n".join(out)
