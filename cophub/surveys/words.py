"""The most frequent words of open comments: Thai segmentation, stop words removed."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from pythainlp.corpus import thai_stopwords
from pythainlp.tokenize import word_tokenize
from pythainlp.util import normalize

from cophub.core.thai import arabic_digits

# Polite particles and filler that say nothing about the activity.
_EXTRA_STOP = {"ครับ", "ค่ะ", "คะ", "นะ", "จ้า", "ๆ", "มาก", "ดี", "ที่สุด"}
_WORDY = re.compile(r"[\u0E00-\u0E7Fa-zA-Z]")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(thai_stopwords()) | _EXTRA_STOP


def comment_words(text: str) -> Counter:
    """Words of one comment, counted; each word at most 60 characters."""
    text = arabic_digits(normalize(text or "")).lower()
    stop = _stop_words()
    words = Counter()
    for token in word_tokenize(text, engine="newmm", keep_whitespace=False):
        token = token.strip()
        if len(token) < 2 or token in stop or not _WORDY.search(token) or len(token) > 60:
            continue
        words[token] += 1
    return words
