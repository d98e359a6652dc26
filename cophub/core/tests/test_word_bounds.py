"""Word boundaries of text as written, for matching whole words (rights' name parts)."""

from __future__ import annotations

from cophub.core import thaitext


def test_thai_text_is_cut_at_its_segmentation_and_latin_at_non_letters():
    # วิทยากร|ใจ|ดีมาก| |อธิบาย: the letters ใจดี (7–11) do not end on a boundary.
    assert sorted(thaitext.word_bounds("วิทยากรใจดีมาก อธิบาย")) == [0, 7, 9, 14, 15, 21]
    assert sorted(thaitext.word_bounds("hi sunanta.k")) == [0, 2, 3, 10, 11, 12]
    assert thaitext.word_bounds("") == {0}


def test_a_dictionary_word_is_one_of_the_segmenters_words():
    assert thaitext.is_dictionary_word("ใจดี")
    assert not thaitext.is_dictionary_word("สุนันทาลบได้")
