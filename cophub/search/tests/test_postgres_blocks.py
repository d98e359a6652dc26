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
    assert sorted(_tier("ชุมชน", 5), reverse=True) == newest[:5]


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


def test_a_whole_word_query_does_not_match_a_syllable_or_a_block():
    index_put(Doc(type="program", object_id=1, title="ความพึงพอใจ", url="/p/1"))
    assert _tier("พอใจ", 501) == []  # only a syllable phrase here, not a whole word
    assert len(_tier("พอใจ", 501, words_only=False)) == 1
    assert _tier("b0", 501, words_only=False) == []  # the block lexeme is ~b0
