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
from cophub.search.text import Query

WIDTH = 180


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
        return mark_safe(escape(text[:width]))  # noqa: S308 - escaped
    needles = _needles(query)
    pattern = re.compile("|".join(re.escape(n) for n in needles)) if needles else None
    first = pattern.search(hay) if pattern else None
    start = 0 if first is None else max(0, first.start() - width // 3)
    if start:  # start at a space when one is near, not inside a word
        space = text.find(" ", start, start + 20)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    parts, pos = [], start
    for m in pattern.finditer(hay, start, end) if pattern else []:
        parts.append(escape(text[pos : m.start()]))
        parts.append(f"<mark>{escape(text[m.start() : m.end()])}</mark>")
        pos = m.end()
    parts.append(escape(text[pos:end]))
    html = ("… " if start else "") + "".join(parts) + (" …" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 - every piece of text is escaped above
