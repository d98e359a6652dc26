"""One- and two-character queries: the exact tokens a prefix stands for (text.known_tokens)
and the titles read newest first, never further back than the newest window."""

import pytest
from django.db import connection

from cophub.search.backends import base, get_backend, postgres
from cophub.search.index import Doc, index_put
from cophub.search.text import known_tokens, parse_query

pytestmark = pytest.mark.django_db


def _docs(titles):
    return [
        index_put(Doc(type="program", object_id=k, title=t, url=f"/p/{k}"))
        for k, t in enumerate(titles, 1)
    ]


def test_a_thai_prefix_stands_for_the_dictionary_syllables_starting_with_it():
    syllables, words = known_tokens("ไฟ")
    assert syllables == ("ไฟ", "ไฟด์", "ไฟต์", "ไฟท์", "ไฟน์", "ไฟร์", "ไฟลท์", "ไฟล์", "ไฟว์")
    assert words == ()  # every dictionary word starting so starts with one of those syllables


def test_a_word_whose_first_syllable_is_shorter_than_the_prefix_is_named_whole():
    assert known_tokens("กฎ") == (("กฎ",), ("กฎุมพี",))  # กฎุมพี: ก ฎุม พี


def test_dictionary_dots_are_not_part_of_a_token():
    syllables, words = known_tokens("กท")
    assert syllables == ("กท", "กทก", "กทช", "กทพ", "กทม", "กทภ") and words == ("กทท", "กทรรป")


def test_a_number_stands_for_itself_and_one_digit_more_and_latin_for_nothing():
    assert known_tokens("15") == ((), ("15", "150", "151", "152", "153", "154", "155", "156",
                                       "157", "158", "159"))  # fmt: skip
    assert known_tokens("co") == ((), ())


def _titles(like, limit, exclude=()):
    backend = get_backend()
    with backend.scan():
        return backend.titles(like, "TRUE", [], list(exclude), limit)


def test_titles_are_read_newest_first_and_not_beyond_the_last_window(monkeypatch):
    monkeypatch.setattr(base, "TITLE_WINDOWS", (2, 5, 9))
    rows = _docs(["ไฟป่า" if k in (1, 3, 7, 9, 10, 12) else "น้ำท่วม" for k in range(1, 13)])
    ids = [r.pk for r in rows]
    newest = [ids[k - 1] for k in (12, 10, 9, 7, 3)]  # the newest nine ids hold 4..12
    assert _titles("%ไฟ%", 501) == newest[:4]  # ids 1 and 3 are older than the last window
    assert _titles("%ไฟ%", 2) == newest[:2]
    assert _titles("%ไฟ%", 501, exclude=newest[:1]) == newest[1:4]


def test_title_ranges_cover_each_id_of_the_last_window_once():
    for max_id in (0, 5, 999, 1_000, 5_000, 50_000, 1_000_000):
        ranges = base.title_ranges(max_id)
        oldest = max(max_id + 1 - base.TITLE_WINDOWS[-1], 0)
        for k in range(oldest, max_id + 1, 997):
            assert sum(lo <= k and (hi is None or k < hi) for lo, hi in ranges) == 1, (max_id, k)
        assert ranges[0][1] is None and ranges[-1][0] == oldest


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's blocks")
def test_the_newest_blocks_asked_by_known_tokens_find_what_the_partial_match_finds(monkeypatch):
    monkeypatch.setattr(postgres, "BLOCK", 2)  # 30 documents make 15 blocks
    titles = ["ไฟป่า", "แฟ้มไฟล์งาน", "รถไฟฟ้า", "ไฟเบอร์ออปติก", "น้ำท่วม", "ภัยแล้ง"]
    rows = _docs(titles[k % len(titles)] for k in range(30))
    backend = get_backend()
    every_block = " | ".join(f"'~b{b}'" for b in sorted({r.pk // 2 for r in rows}))
    by_known = backend._fetch(  # the newest-blocks step alone, over every block
        f"SELECT id FROM search_searchdocument d WHERE {postgres.MATCH}",  # noqa: S608
        [postgres.pg_known_prefix("ไฟ"), every_block],
    )
    by_partial = backend._fetch(
        "SELECT id FROM search_searchdocument WHERE tsa @@ to_tsquery('simple', %s)",
        [postgres.pg_query(parse_query("ไฟ"))],
    )
    assert sorted(by_known) == sorted(by_partial) and len(by_partial) == 20
    with backend.scan():
        found = backend.prefix(parse_query("ไฟ"), "%ไฟ%", "TRUE", [], 501)
        assert sorted(pk for pk, _t in found) == sorted(pk for (pk,) in by_partial)
        assert len(backend.prefix(parse_query("ไฟ"), "%ไฟ%", "TRUE", [], 3)) == 3


def test_a_prefix_no_dictionary_knows_is_found_in_the_text_of_a_small_index():
    row = index_put(
        Doc(type="program", object_id=1, title="งานระบบ", url="/p/1", text="ย้ายขึ้น kubernetes แล้ว")
    )
    backend = get_backend()
    with backend.scan():
        assert backend.prefix(parse_query("ku"), "%ku%", "TRUE", [], 501) == [(row.pk, False)]
