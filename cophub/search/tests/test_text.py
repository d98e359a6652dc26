"""Thai normalisation and segmentation for the index."""

import pytest

from cophub.core.thaitext import _clean, _words, engine_name, normalize_for_search
from cophub.search.text import Segmented, parse_query, segment


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("เเนวทาง", "แนวทาง"),  # two เ → แ
        ("นํ้าท่วม", "น้ำท่วม"),  # nikhahit + sara aa, tone mark between → ำ
        ("ศูนย์\u200bราชการ", "ศูนย์ราชการ"),  # zero-width space
        ("ปี ๒๕๖๑", "ปี 2561"),  # Thai digits → Arabic
        ("COVID", "covid"),
    ],
)
def test_normalisation(raw, expected):
    assert normalize_for_search(raw) == expected


def test_never_nfkc_sara_am_stays_one_character():
    assert "\u0e33" in normalize_for_search("น้ำ")  # NFKC would give ํา


def test_words_and_syllables():
    s = segment("ความพึงพอใจของผู้รับบริการ")
    assert "ความพึงพอใจ" in s.words.split()
    assert {"พึง", "พอ", "ใจ", "บริ", "การ"} <= set(s.syllables.split())


def test_syllables_cut_word_by_word_equal_cutting_the_whole_text():
    # segment() cuts (and caches) each word alone: it must store exactly what cutting
    # the words joined by spaces stores, on the whole relevance corpus.
    from cophub.core.thaitext import syllables, words
    from cophub.search.relevance import corpus

    for doc in corpus():
        text = doc["title"] + "\n" + doc["body"]
        joined = " ".join(words(normalize_for_search(text)))
        assert segment(text) == Segmented(joined, " ".join(syllables(joined))), doc["id"]


def test_punctuation_and_operators_are_not_tokens():
    s = segment('"AND" OR NEAR(a b) * 😀 ฿100')
    assert set(s.words.split()) == {"and", "or", "near", "a", "b", "100"}


def test_nlpo3_gives_the_same_words_as_newmm():
    from pythainlp.tokenize import word_tokenize

    from cophub.search.relevance import corpus

    assert engine_name() == "nlpo3"
    for doc in corpus()[:40]:
        text = normalize_for_search(doc["title"] + " " + doc["body"])
        for sentence in text.split():
            theirs = word_tokenize(sentence, engine="newmm")
            assert _clean(_words(sentence)) == _clean(theirs), sentence


@pytest.mark.parametrize(
    "raw",
    [
        '"',
        "'",
        "AND",
        "OR NOT",
        "NEAR(",
        "*",
        "😀",
        "a" * 10_000,
        "ก" * 10_000,
        "",
        "   ",
        "-",
        "\x00",
        "'; DROP TABLE x;--",
    ],
)
def test_parse_query_never_fails(raw):
    parse_query(raw)


def test_short_queries_become_prefixes():
    assert parse_query("ไฟ").prefix == "ไฟ"
    assert parse_query("ก").prefix == "ก"
    assert parse_query("บริการ").terms[0].syllables == ("บริ", "การ")
