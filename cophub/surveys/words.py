"""The most frequent words of open comments: Thai segmentation, stop words removed."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from pythainlp.corpus import thai_stopwords

from cophub.core.thaitext import normalize_for_search, words

# Polite particles and filler that say nothing about the activity.
_EXTRA_STOP = {"ครับ", "ค่ะ", "คะ", "นะ", "จ้า", "ๆ", "มาก", "ดี", "ที่สุด"}
_WORDY = re.compile(r"[\u0E00-\u0E7Fa-zA-Z]")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(thai_stopwords()) | _EXTRA_STOP


def comment_words(text: str) -> Counter:
    """The words of one comment, each counted once (the same segmentation search uses):
    the list says how many comments use a word, so one comment repeating a word a
    thousand times weighs as much as one that says it once."""
    stop = _stop_words()
    return Counter(
        {
            token: 1
            for token in words(normalize_for_search(text or ""))
            if len(token) >= 2 and token not in stop and _WORDY.search(token)
        }
    )
