import io
import re
import uuid

import pytest
from django.core.management import call_command

from cophub.core.thai import thai_digits
from cophub.programs.models import Activity
from cophub.reports import document
from cophub.reports.formats import render
from cophub.reports.selectors import program_report
from cophub.reports.tests import reference as ref
from cophub.surveys.services import survey_submit
from cophub.testing import (
    ActivityFactory,
    PersonFactory,
    ProgramFactory,
    RegistrationFactory,
    SiteFactory,
    all_likert,
    survey_for,
)

READY = ("html", "docx", "pdf")


def text_of(program) -> str:
    """The plain text, with the no-break space after ร้อยละ read as a space (its own test)."""
    text = document.plain_text(document.build(program_report(program_id=program.pk)))
    return text.replace(document.NBSP, " ")


def html_text(html: bytes) -> str:
    text = re.sub(r"<style.*?</style>", "", html.decode(), flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


# --- the facts ---------------------------------------------------------------------------
def test_demo_report_states_every_reference_fact(demo_program):
    report = program_report(program_id=demo_program.pk)
    assert report.fiscal_year == 2561
    assert [a.participants for a in report.activities] == [36, 33]
    assert report.participant_total == 69
    text = text_of(demo_program)
    for sentence in [*ref.SENTENCES, *ref.NUMBERED]:
        assert sentence in text, sentence
    # The heading as the reference writes it, with the project's short name from its title.
    assert "ผลลัพธ์ที่ได้จากการไปศึกษาดูงาน Cops นอกสถานที่" in text


def test_demo_report_follows_the_reference_order(demo_program):
    text = text_of(demo_program)
    positions = [text.index(s) for s in ref.ORDER]
    assert positions == sorted(positions)


def test_every_reference_paragraph_is_in_the_report(demo_program):
    """The reference file itself, paragraph by paragraph (bar the ▶ headings and the
    unbalanced bracket the source leaves open after the project name)."""
    text = ref.squeeze(text_of(demo_program))
    lines = [line.strip() for line in ref.REFERENCE.read_text(encoding="utf-8").splitlines()]
    checked = 0
    for line in lines:
        if not line or line.startswith("▶") or "กลุ่มเป้าหมาย" in line:
            continue
        line = line.removeprefix("- ")
        assert ref.squeeze(line) in text, line
        checked += 1
    assert checked == 13


def test_report_uses_thai_digits_only(demo_program):
    text = text_of(demo_program)
    assert not re.search(r"[0-9]", text.replace("Cops", ""))


# --- HTML and the command --------------------------------------------------------------
def test_html_report_reads_like_the_reference(demo_program):
    html = render(program_report(program_id=demo_program.pk), "html").content
    text = ref.squeeze(html_text(html))
    for sentence in [*ref.SENTENCES, *ref.NUMBERED]:
        assert ref.squeeze(sentence) in text, sentence
    assert b'lang="th"' in html
    assert b"<h1>" in html


def test_report_command_writes_html(demo_program, tmp_path):
    out = tmp_path / "report.html"
    call_command("report", str(demo_program.pk), "--format", "html", "--output", str(out))
    text = ref.squeeze(html_text(out.read_bytes()))
    assert ref.squeeze(ref.ACTIVITIES[1]) in text


def test_report_command_refuses_unknown_program(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("report", "999999", "--format", "html", "--output", "/dev/null")


def test_report_command_prints_html_without_output(demo_program):
    out = io.StringIO()
    call_command("report", str(demo_program.pk), stdout=out)
    assert "ครั้งที่ ๒" in out.getvalue()


# --- beyond the reference --------------------------------------------------------------
@pytest.fixture
def surveyed(organiser):
    """A program with one activity answered by four people through the survey."""
    program = ProgramFactory(owner=organiser, fiscal_year=2569)
    activity = ActivityFactory(program=program, number=1, participants_count=8, title="สัมมนา")
    survey = survey_for(activity, organiser)
    for value, comment in [(5, "ประทับใจ"), (5, "ประทับใจ"), (4, ""), (4, "")]:
        survey_submit(
            survey=survey, client_id=uuid.uuid4(), answers=all_likert(value, comment=comment)
        )
    ActivityFactory(program=program, number=2, title="ไม่มีแบบประเมิน")
    return program


def test_statistics_tables_from_survey_answers(surveyed):
    text = text_of(surveyed)
    # 4 answers of 5, 5, 4, 4 to nine items: item SD 0.577, pooled (n = 36) SD 0.507
    assert "ผ่านระบบ QR Code จากผู้ตอบแบบประเมิน ๔ คน มีความพึงพอใจมาก คิดเป็นร้อยละ ๙๐" in text
    assert "ผู้ตอบแบบประเมิน ๔ คน คิดเป็นร้อยละ ๕๐.๐๐ ของผู้เข้าร่วม" in text
    assert "๑ | สัมมนา | ๘ | ๔ | ๕๐.๐๐ | ๔.๕๐ | ๐.๕๑ | มาก | ๙๐" in text
    assert "ข้อ | รายการประเมิน | x̄ | S.D. | ระดับ" in text
    assert "๑ | สถานที่จัดกิจกรรมมีความเหมาะสม | ๔.๕๐ | ๐.๕๘ | มาก" in text
    assert "| ภาพรวม | ๔.๕๐ | ๐.๕๑ | มาก" in text
    assert "๔.๕๑ – ๕.๐๐ | มากที่สุด" in text  # the criteria in force
    assert "ประทับใจ (๒)" in text  # the most frequent comment word
    assert "ผลการประเมินความพึงพอใจ : ไม่มีแบบประเมินและไม่ได้บันทึกผลการประเมิน" in text


def test_participants_by_organisation(organiser):
    program = ProgramFactory(owner=organiser)
    activity = ActivityFactory(program=program)
    for _ in range(3):
        RegistrationFactory(activity=activity)
    RegistrationFactory(activity=activity, attended=False)
    gone = PersonFactory(organization=None)
    RegistrationFactory(activity=activity, person=gone)
    text = text_of(program)
    assert "ผู้เข้าร่วม : จำนวน ๔ คน" in text
    assert "๑ | สำนักงานปลัดกระทรวงมหาดไทย | ๓" in text
    assert "๒ | ไม่ระบุหน่วยงาน (หน่วยงานถูกลบแล้ว) | ๑" in text
    assert "| รวม | ๔" in text


def test_demo_leaves_out_sections_without_data(demo_program):
    text = text_of(demo_program)
    assert "สรุปผลการดำเนินงานรายกิจกรรม" in text  # two activities: the summary table
    # No survey answers in 2561: no survey columns of "–"; two visits of one title are
    # told apart by where they went.
    assert "ครั้งที่ | เรื่อง | ผู้เข้าร่วม (คน) | ระดับความพึงพอใจ | ร้อยละ" in text
    assert "๑ | ศึกษาดูงานนอกสถานที่ ณ บริษัท ปตท. จำกัด (มหาชน) | ๓๖ | มาก | ๙๐" in text
    assert (
        "๒ | ศึกษาดูงานนอกสถานที่ ณ บริษัท ซีพี ออลล์ จำกัด (มหาชน) และ ศูนย์บริการภาครัฐ"
        "แบบเบ็ดเสร็จจังหวัดนนทบุรี (Government Center) | ๓๓ | มาก | ๙๕"
    ) in text
    assert "–" not in text
    for absent in ["ผลการประเมินความพึงพอใจรายกิจกรรม", "จำแนกตามหน่วยงาน", "คำที่พบบ่อย", "เกณฑ์"]:
        assert absent not in text


# --- robustness --------------------------------------------------------------------------
def test_program_without_activities_says_so(organiser):
    program = ProgramFactory(owner=organiser, fiscal_year=2569)
    text = text_of(program)
    assert "ยังไม่ได้บันทึกกิจกรรมของโครงการนี้" in text
    assert "ยังไม่ได้บันทึกวัตถุประสงค์ของโครงการ" in text
    assert "ยังไม่ได้บันทึกผลลัพธ์ของโครงการ" in text
    assert "ประจำปีงบประมาณ ๒๕๖๙" in text
    assert "สรุปผล" not in text
    for fmt in READY:
        assert render(program_report(program_id=program.pk), fmt).content


def test_activity_with_survey_but_no_answers(organiser):
    activity = ActivityFactory(program=ProgramFactory(owner=organiser))
    survey_for(activity, organiser)
    text = text_of(activity.program)
    assert "ผลการประเมินความพึงพอใจ : ยังไม่มีผู้ตอบแบบประเมิน" in text
    assert "ผู้เข้าร่วม : ไม่มีข้อมูล" in text
    assert "กลุ่มเป้าหมาย" not in text  # nothing known: the line is left out
    assert "(ไม่มีข้อมูลสถานที่)" in text


def test_deleted_organisation(demo_program):
    org = demo_program.organization
    demo_program.organization = None
    demo_program.save()
    text = text_of(demo_program)
    assert org.name not in text.splitlines()[1]
    assert "ประจำปีงบประมาณ ๒๕๖๑" in text
    assert "หน่วยงานเจ้าของโครงการถูกลบออกจากระบบแล้ว" in text


def test_very_long_names_still_render(organiser):
    long = "ศูนย์การเรียนรู้เศรษฐกิจพอเพียงและนวัตกรรมชุมชน" * 12
    program = ProgramFactory(owner=organiser, title="โครงการ" + "ยาวมาก" * 80)
    activity = ActivityFactory(program=program, title=long[:500], participants_count=1200)
    SiteFactory(activity=activity, name=long[:300], district="บางรัก", province=None)
    report = program_report(program_id=program.pk)
    for fmt in READY:
        assert render(report, fmt).content
    assert "๑,๒๐๐ คน" in text_of(program)


def test_bangkok_districts_are_khet(organiser):
    from cophub.orgs.models import Province

    activity = ActivityFactory(program=ProgramFactory(owner=organiser))
    SiteFactory(activity=activity, name="ศาลาว่าการ", district="พระนคร",
                province=Province.objects.get(name_th="กรุงเทพมหานคร"))  # fmt: skip
    assert "ณ ศาลาว่าการ เขตพระนคร กรุงเทพมหานคร" in text_of(activity.program)


def test_dates_are_written_the_thai_way(organiser):
    import datetime as dt

    activity = ActivityFactory(
        program=ProgramFactory(owner=organiser, fiscal_year=2561),
        start_date=dt.date(2018, 3, 12),
        end_date=dt.date(2018, 3, 13),
    )
    assert "- วันที่ : ๑๒–๑๓ มีนาคม ๒๕๖๑" in text_of(activity.program)
    assert thai_digits(activity.number) in text_of(activity.program)


def test_report_reads_a_fixed_number_of_queries(demo_program, django_assert_max_num_queries):
    for n in range(3, 8):
        ActivityFactory(program=demo_program, number=n, kind=Activity.Kind.SEMINAR)
    with django_assert_max_num_queries(15):
        program_report(program_id=demo_program.pk)


def test_report_query_count_is_exact_and_does_not_grow(demo_program, organiser):
    """More activities, surveys and answers: the same number of queries (no N+1)."""
    from cophub.testing import count_queries, grow_program

    grow_program(demo_program, organiser, activities=1, responses=2)
    small = count_queries(lambda: program_report(program_id=demo_program.pk))
    grow_program(demo_program, organiser, activities=4, responses=5)
    large = count_queries(lambda: program_report(program_id=demo_program.pk))
    assert (small, large) == (REPORT_QUERIES, REPORT_QUERIES)


REPORT_QUERIES = 18  # 17, and the follow-ups' measured adoption (reports.hooks)


def test_the_outcomes_heading_names_the_project_only_when_its_title_has_a_short_name(organiser):
    from cophub.reports.document import outcomes_heading

    activity = ActivityFactory(program=ProgramFactory(owner=organiser, title="โครงการแลกเปลี่ยนรู้"))
    report = program_report(program_id=activity.program_id)
    assert outcomes_heading(report) == "ผลลัพธ์ที่ได้จากการไปศึกษาดูงานนอกสถานที่"
    activity.program.title = "โครงการชุมชนนักปฏิบัติ (CoPs)"
    activity.program.save()
    report = program_report(program_id=activity.program_id)
    assert outcomes_heading(report) == "ผลลัพธ์ที่ได้จากการไปศึกษาดูงาน CoPs นอกสถานที่"


def test_a_title_with_its_fiscal_year_and_a_site_with_its_own_name_are_said_once(organiser):
    program = ProgramFactory(owner=organiser, title="โครงการชุมชนนักปฏิบัติ ประจำปีงบประมาณ ๒๕๖๙")
    activity = ActivityFactory(program=program)
    SiteFactory(activity=activity, name="ศูนย์ราชการเฉลิมพระเกียรติ", location="ศูนย์ราชการเฉลิมพระเกียรติ")
    text = text_of(program)
    assert text.count("ปีงบประมาณ") == 1
    assert text.count("ศูนย์ราชการเฉลิมพระเกียรติ") == 1
