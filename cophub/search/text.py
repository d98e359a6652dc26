"""Thai text for the search index: normalise, then cut into words and syllables.

Thai is written without spaces between words, so neither SQLite's FTS5 nor
PostgreSQL's parser can find the words on their own. We hand the database
pre-segmented text instead: two space-separated strings, one of dictionary words
(newmm, via its Rust engine nlpo3) and one of syllables, so a search for a word
inside a compound (พึงพอใจ in ความพึงพอใจ) matches as a phrase of syllables.

The database tokenizers then only split on spaces; every token is made of
letters, combining marks and digits alone (see ``_NOT_TOKEN``), so the two
databases see exactly the same tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cophub.core.thaitext import (  # noqa: F401 - re-exported for the search modules
    _HAS_THAI,
    _NOT_TOKEN,
    MAX_TOKEN_CHARS,
    _clean,
    dictionary_entries_starting,
    engine_name,
    normalize_for_search,
    syllables,
    words,
)


@dataclass(frozen=True)
class Segmented:
    words: str  # space-separated
    syllables: str


def segment(text: str) -> Segmented:
    """What the index stores for ``text``: its words and its syllables.

    Syllables are cut from the words (joined by spaces), so a syllable never
    straddles a word boundary the word segmenter found.
    """
    text = normalize_for_search(text)
    found = words(text)
    return Segmented(" ".join(found), " ".join(s for w in found for s in _word_syllables(w)))


# Cutting the words joined by spaces gives each word's syllables in turn (a syllable
# never crosses a space), and Thai text repeats a few thousand words: cutting each
# distinct word once made indexing's syllable step ten times faster (docs/search.md).
@lru_cache(maxsize=100_000)
def _word_syllables(word: str) -> tuple[str, ...]:
    return tuple(syllables(word))


# --- queries ------------------------------------------------------------------------
MAX_QUERY_CHARS = 200  # a 10,000-character paste is cut here, before any work
MAX_QUERY_WORDS = 12
SHORT_QUERY_CHARS = 2
# Function words found in most Thai documents. Dropped from a query that has other
# words: they narrow almost nothing, and ranking by them (bm25 / ts_rank counts every
# document holding them) is the slowest part of a query. A query of only these keeps them.
STOP_WORDS = frozenset(
    [
        "การ",
        "ความ",
        "ของ",
        "ที่",
        "และ",
        "ใน",
        "ให้",
        "ได้",
        "เป็น",
        "มี",
        "กับ",
        "จาก",
        "โดย",
        "เพื่อ",
        "ว่า",
        "ซึ่ง",
        "แต่",
        "หรือ",
        "อย่าง",
        "นี้",
        "นั้น",
        "จะ",
        "ไป",
        "มา",
        "ก็",
        "ไม่",
        "แล้ว",
        "ยัง",
        "อยู่",
        "คือ",
        "ต่อ",
        "เมื่อ",
        "อีก",
        "ทั้ง",
    ]
)


@lru_cache(maxsize=4096)
def known_tokens(prefix: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(syllables, words) the index holds, for text of dictionary words, that start with
    a two-character ``prefix``: a few exact tokens to look up where a partial match
    would merge every token starting so (docs/search.md, "Short queries").

    Thai: the dictionary's syllables starting with it, and the first syllable of each
    dictionary word starting with it (a syllable is cut from its word, so such a word's
    first syllable starts with the prefix too), or the word itself when that first
    syllable is shorter than the prefix. Digits: the number itself and those one digit
    longer. Anything else: none."""
    if prefix.isascii() and prefix.isdigit():  # not ²²: PostgreSQL's parser drops ²
        return (), (prefix, *(prefix + str(d) for d in range(10)))
    if not _HAS_THAI.search(prefix):
        return (), ()
    dict_words, dict_syllables = dictionary_entries_starting(prefix)
    # Tokens as the index cuts them: the dictionary's dots and spaces are not in a token.
    found = {t: None for s in dict_syllables for t in _clean([s]) if t.startswith(prefix)}
    whole = {}
    for word in dict_words:
        first = (_word_syllables(word) or ("",))[0]
        if first.startswith(prefix):
            found[first] = None
        else:
            whole.update((t, None) for t in _clean([word]) if t.startswith(prefix))
    return tuple(found), tuple(whole)


@dataclass(frozen=True)
class QueryTerm:
    word: str
    syllables: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    terms: tuple[QueryTerm, ...]
    prefix: str = ""  # set for one- or two-character queries (see query._prefix)

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefix)


def parse_query(raw: str) -> Query:
    """Turn what a person typed into terms; never raises, whatever the input."""
    text = normalize_for_search(str(raw or "")[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS]
    compact = "".join(_NOT_TOKEN.sub(" ", text).split())
    if not compact:
        return Query(())
    if len(compact) <= SHORT_QUERY_CHARS:
        return Query((), prefix=compact)
    found = list(dict.fromkeys(words(text)))  # keep order, drop repeats
    found = [w for w in found if w not in STOP_WORDS] or found
    terms = [QueryTerm(w, tuple(syllables(w)) or (w,)) for w in found[:MAX_QUERY_WORDS]]
    return Query(tuple(terms))
