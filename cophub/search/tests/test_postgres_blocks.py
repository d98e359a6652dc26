"""PostgreSQL's newest-blocks-first search (backends/postgres.py): what it finds is what
the whole index holds, newest first, whichever block the matches are in."""

import pytest
from django.db import connection

from cophub.search.backends import get_backend, postgres
from cophub.search.index import Doc, index_put
from cophub.search.text import parse_query

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
]


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(postgres, "BLOCK", 2)  # 30 documents make 15 blocks


def _docs(n, title):
    return [
        index_put(Doc(type="program", object_id=k, title=title(k), url=f"/p/{k}"))
        for k in range(1, n + 1)
    ]


def _tier(q, limit, words_only=True):
    backend = get_backend()
    with backend.scan():
        return [pk for pk, _rank in backend.tier(parse_query(q), words_only, "TRUE", [], limit)]


def test_the_newest_matches_come_from_the_newest_blocks(small_blocks):
    rows = _docs(30, lambda k: "การจัดการความรู้ชุมชน")
    newest = sorted((r.pk for r in rows), reverse=True)
    # The three newest blocks of two ids hold the newest five or six (as the highest id
    # is odd or even), in the table's order: five of those.
    found = _tier("ชุมชน", 5)
    assert len(found) == 5 and set(found) <= set(newest[:6])


def test_a_match_in_the_oldest_block_is_still_found(small_blocks):
    rows = _docs(30, lambda k: "ภัยแล้งในชุมชน" if k == 1 else "การจัดการความรู้")
    assert _tier("ภัยแล้ง", 501) == [rows[0].pk]
    # And as a phrase of its syllables inside a longer word (the second tier).
    assert _tier("แล้ง", 501, words_only=False) == [rows[0].pk]


def test_more_than_the_limit_across_blocks_gives_the_limit_once_each(small_blocks):
    rows = _docs(30, lambda k: "น้ำท่วม" if k % 3 == 0 else "ไฟป่า")
    found = _tier("น้ำท่วม", 8)
    assert len(found) == len(set(found)) == 8
    every = _tier("น้ำท่วม", 501)
    assert sorted(every) == sorted(r.pk for r in rows if r.title == "น้ำท่วม")


def test_a_whole_word_query_does_not_match_a_syllable():
    index_put(Doc(type="program", object_id=1, title="ความพึงพอใจ", url="/p/1"))
    assert _tier("พอใจ", 501) == []  # only a syllable phrase here, not a whole word
    assert len(_tier("พอใจ", 501, words_only=False)) == 1


def test_a_query_the_database_finds_no_word_in_matches_nothing_not_every_block():
    # PostgreSQL's parser splits on ² (our tokens keep it): the query is empty to it.
    index_put(Doc(type="program", object_id=1, title="ความรู้ x²y", url="/p/1"))
    assert _tier("²²²", 501) == [] and _tier("²²²", 501, words_only=False) == []


def test_the_syllable_mark_is_not_a_prefix_that_finds_every_document():
    index_put(Doc(type="program", object_id=1, title="ความพึงพอใจ", url="/p/1"))
    backend = get_backend()
    with backend.scan():
        assert backend.prefix(parse_query("qz"), "%qz%", "TRUE", [], 501) == []


def test_a_phrase_is_cut_to_its_rarer_syllables_for_the_index():
    query = parse_query("การป้องกันภัย")  # การป้องกัน ภัย
    frequent = {"qzการ": 0.99, "qzกัน": 0.3, "qzป้อง": 0.16}
    assert postgres.pg_looser(query, frequent) == "('การป้องกัน' | 'qzป้อง') & ('ภัย' | 'qzภัย')"
    assert postgres.pg_looser(query, {"qzการ": 0.99}) == (
        "('การป้องกัน' | 'qzป้อง' & 'qzกัน') & ('ภัย' | 'qzภัย')"
    )
    assert postgres.pg_looser(query, {}) is None  # nothing frequent: the query as it is


def test_a_looser_index_condition_still_finds_only_the_phrase(monkeypatch):
    titles = ["การป้องกันภัย", "ป้องกันการระบาด", "กันไว้ก่อนการป้องปราม", "แผนการป้องกันอัคคีภัย"]
    rows = _docs(8, lambda k: titles[k % 4])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    monkeypatch.setattr(postgres, "_frequent", {})
    backend = get_backend()
    assert "qzการ" in backend.frequent()  # in every title: PostgreSQL's statistics say so
    wanted = sorted(r.pk for r in rows if "การป้องกัน" in r.title)
    assert len(wanted) == 4
    # The others hold every syllable of การป้องกัน, not in that order.
    assert sorted(_tier("การป้องกัน", 501, words_only=False)) == wanted
