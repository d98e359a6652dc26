"""Highlighted snippets, cut in Python so both databases show the same thing.

The index holds segmented text (spaces between Thai words), which is no good to
read; the snippet is cut from the stored plain text instead, around the first
place a query word (or its whole phrase) appears, with every match in ``<mark>``.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cophub.core.thai import arabic_digits
from cophub.core.thaitext import word_bounds
from cophub.search.text import Query

WIDTH = 180
# Text segmented either side of the window to find where its words are: enough for
# the segmenter to settle on the same words it finds in the whole text.
MARGIN = 60


def _whole_words(text: str, start: int, end: int, keep: int) -> tuple[int, int]:
    """``start``/``end`` moved inwards to word boundaries (Thai has no spaces to cut
    at), never past ``keep`` (the first match) on the left; spaces at the ends dropped."""
    lo = max(0, start - MARGIN)
    space = text.rfind(" ", 0, lo + 1) if lo else -1
    lo = space + 1 if space != -1 and lo - space < MARGIN else lo
    hi = min(len(text), end + MARGIN)
    space = text.find(" ", hi)
    hi = space if space != -1 and space - hi < MARGIN else hi
    region = text[lo:hi]
    bounds = sorted(lo + b for b in word_bounds(region))
    if start > 0:
        start = next((b for b in bounds if start <= b <= keep), start)
    if end < len(text):
        end = next((b for b in reversed(bounds) if start < b <= end), end)
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


def _needles(query: Query) -> list[str]:
    if query.prefix:
        return [query.prefix]
    needles = {t.word for t in query.terms} | {"".join(t.syllables) for t in query.terms}
    return sorted((n for n in needles if n), key=len, reverse=True)


def snippet(text: str, query: Query, width: int = WIDTH) -> SafeString:
    """Escaped text around the first match, with the matches marked."""
    text = " ".join(text.split())
    hay = arabic_digits(text).lower()
    if len(hay) != len(text):  # a lower-casing that changes length: show no marks
        _start, end = _whole_words(text, 0, min(len(text), width), 0)
        return mark_safe(escape(text[:end]))  # noqa: S308 - escaped
    needles = _needles(query)
    pattern = re.compile("|".join(re.escape(n) for n in needles)) if needles else None
    first = pattern.search(hay) if pattern else None
    start = 0 if first is None else max(0, first.start() - width // 3)
    end = min(len(text), start + width)
    start, end = _whole_words(text, start, end, first.start() if first else start)
    parts, pos = [], start
    for m in pattern.finditer(hay, start, end) if pattern else []:
        parts.append(escape(text[pos : m.start()]))
        parts.append(f"<mark>{escape(text[m.start() : m.end()])}</mark>")
        pos = m.end()
    parts.append(escape(text[pos:end]))
    html = ("… " if start else "") + "".join(parts) + (" …" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 - every piece of text is escaped above
