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
    """Words of one comment, counted (the same segmentation search uses)."""
    stop = _stop_words()
    counted = Counter()
    for token in words(normalize_for_search(text or "")):
        if len(token) < 2 or token in stop or not _WORDY.search(token):
            continue
        counted[token] += 1
    return counted
