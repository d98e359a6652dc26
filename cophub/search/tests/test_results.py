"""What a result shows: snippets cut at word boundaries, an activity's program."""

import pytest
from django.db import connection
from django.utils import translation

from cophub.core.thaitext import word_bounds
from cophub.search.backends import postgres
from cophub.search.selectors import search_results
from cophub.search.snippets import snippet
from cophub.search.text import parse_query
from cophub.testing import ActivityFactory, ProgramFactory

# Session, user, memberships, two tiers, the rows, the two filter lists; SQLite reads the
# second tier's candidates' text back to rank them (backends/sqlite.py), PostgreSQL reads
# the highest id (where the newest blocks are) and sets and resets its planner settings
# around the tiers (backends/postgres.py).
PAGE_QUERIES = {"sqlite": 9, "postgresql": 11}

LONG = (
    "การประชุมครั้งนี้มีเป้าหมายเพื่อพัฒนาระบบบริหารจัดการคิวแบบดิจิทัลสำหรับโรงพยาบาลชุมชน"
    "ทุกแห่งในจังหวัด โดยเจ้าหน้าที่ได้ร่วมกันออกแบบขั้นตอนการให้บริการใหม่ ผู้รับบริการมีความ"
    "พึงพอใจเพิ่มขึ้นอย่างมากหลังจากใช้ระบบใหม่ไปแล้วสามเดือน และลดเวลารอคอยลงได้ครึ่งหนึ่ง"
    "เมื่อเทียบกับปีที่ผ่านมา ทีมงานจะขยายผลไปยังโรงพยาบาลอื่นในปีงบประมาณหน้าต่อไป"
)


def _span(html: str, text: str) -> tuple[int, int]:
    """Where the snippet's text lies in ``text``."""
    shown = html.replace("<mark>", "").replace("</mark>", "")
    shown = shown.removeprefix("… ").removesuffix(" …")
    at = text.find(shown)
    assert at != -1, shown
    return at, at + len(shown)


def test_the_snippet_of_a_long_thai_text_is_exact():
    assert str(snippet(LONG, parse_query("พึงพอใจ"))) == (
        "… ได้ร่วมกันออกแบบขั้นตอนการให้บริการใหม่ ผู้รับบริการมีความ<mark>พึงพอใจ</mark>"
        "เพิ่มขึ้นอย่างมากหลังจากใช้ระบบใหม่ไปแล้วสามเดือน และลดเวลารอคอยลงได้ครึ่งหนึ่ง"
        "เมื่อเทียบกับปีที่ผ่านมา ทีมงานจะ …"
    )


@pytest.mark.parametrize("width", [40, 60, 90, 120, 180])
@pytest.mark.parametrize("q", ["พึงพอใจ", "ดิจิทัล", "โรงพยาบาล", "ครึ่งหนึ่ง", "ขยายผล", "คิว"])
def test_a_snippet_never_starts_or_ends_inside_a_word(q, width):
    html = str(snippet(LONG, parse_query(q), width=width))
    start, end = _span(html, LONG)
    bounds = word_bounds(LONG)
    assert start in bounds and end in bounds, (start, end, html)
    assert html.startswith("… ") == (start > 0) and html.endswith(" …") == (end < len(LONG))
    assert "<mark>" in html


def test_english_text_is_cut_between_words():
    text = "Knowledge management " * 10 + "helps the digital queue system " + "work well " * 20
    html = str(snippet(text, parse_query("digital"), width=60))
    flat = " ".join(text.split())
    start, end = _span(html, flat)
    assert html == "… helps the <mark>digital</mark> queue system work well work well …"
    assert flat[start - 1] == " " and flat[end] == " "


@pytest.mark.django_db
def test_an_activity_result_names_its_program_and_fiscal_year(member, committed):
    with committed():
        program = ProgramFactory(title="โครงการพัฒนาศักยภาพบุคลากร", fiscal_year=2569)
        ActivityFactory(program=program, title="ศึกษาดูงานศูนย์ราชการสะดวก")
    with translation.override("th"):
        results, _count, _more = search_results(user=member, q="ราชการ")
    assert [(r.title, r.subtitle) for r in results] == [
        ("ศึกษาดูงานศูนย์ราชการสะดวก", "โครงการพัฒนาศักยภาพบุคลากร ปีงบประมาณ ๒๕๖๙")
    ]
    with translation.override("th"):
        results, _count, _more = search_results(user=member, q="ศักยภาพ")
    assert {r.type: r.subtitle for r in results}["program"] == ""


@pytest.mark.django_db
@pytest.mark.parametrize("activities", [3, 9])
def test_the_search_page_names_programs_without_a_query_per_result(
    member, member_client, committed, django_assert_num_queries, activities, monkeypatch
):
    monkeypatch.setattr(postgres, "_frequent", {})  # read afresh by the warm-up, not expiring
    with committed():
        for n in range(activities):
            program = ProgramFactory(title=f"โครงการพัฒนาบุคลากร {n}", fiscal_year=2569)
            ActivityFactory(program=program, title=f"ศึกษาดูงานศูนย์ราชการ {n}")
    member_client.get("/")  # the session and the user are read once warm
    member_client.get("/search/", {"q": "ราชการ"})  # and PostgreSQL's lexeme statistics
    with django_assert_num_queries(PAGE_QUERIES[connection.vendor]):
        page = member_client.get("/search/", {"q": "ราชการ"}).content.decode()
    assert page.count('data-testid="result-subtitle"') == activities
    assert (
        '<p class="muted subtitle" data-testid="result-subtitle">โครงการพัฒนาบุคลากร 0 ปีงบประมาณ ๒๕๖๙</p>'
        in page
    )
