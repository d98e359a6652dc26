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

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pythainlp.util import normalize as thai_normalize

from cophub.core.thai import arabic_digits

# Zero-width characters people paste from Word and web pages (pythainlp removes some).
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# A token is a run of letters, marks and digits: Thai (without ฿ ๏ ๚ ๛) or any \w but "_".
_THAI = "\u0e01-\u0e3a\u0e40-\u0e4e\u0e50-\u0e59"
_NOT_TOKEN = re.compile(rf"(?:[^{_THAI}\w]|_)+")
_HAS_THAI = re.compile(f"[{_THAI}]")
MAX_TOKEN_CHARS = 60  # longer runs are not words (PostgreSQL refuses lexemes over 2 kB)
SYLLABLE_DICT = "cophub_syllables"


def normalize_for_search(text: str) -> str:
    """Thai-aware normalisation for the index and for queries.

    PyThaiNLP's ``normalize`` (เเ → แ, นํ้า → น้ำ, doubled tone marks, zero-width
    characters), Thai digits → Arabic, lower case. Never NFKC: it splits ำ into ํา.
    """
    text = text.translate(_ZERO_WIDTH)
    return arabic_digits(thai_normalize(text)).lower()


@lru_cache(maxsize=1)
def _engine():
    """nlpo3 (Rust newmm) when it loads, else PyThaiNLP's pure-Python newmm."""
    try:
        import nlpo3
        import pythainlp.corpus

        # The same word list newmm uses (pythainlp.corpus.thai_words), and its syllables.
        corpus = Path(pythainlp.corpus.__file__).parent
        ok_words = nlpo3.load_dict(str(corpus / "words_th.txt"), "cophub_words")[1]
        ok_syl = nlpo3.load_dict(str(corpus / "syllables_th.txt"), SYLLABLE_DICT)[1]
        if ok_words and ok_syl:
            return "nlpo3"
    except Exception:  # noqa: S110 - any failure to load means: use the Python engine
        pass
    return "newmm"


def engine_name() -> str:
    return _engine()


def _words(text: str) -> list[str]:
    if _engine() == "nlpo3":
        import nlpo3

        return nlpo3.segment(text, "cophub_words")
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", keep_whitespace=False)


def _syllables(text: str) -> list[str]:
    if _engine() == "nlpo3":
        import nlpo3

        return nlpo3.segment(text, SYLLABLE_DICT)
    from pythainlp.tokenize import syllable_tokenize

    return syllable_tokenize(text, engine="dict", keep_whitespace=False)


def _clean(tokens: list[str]) -> list[str]:
    joined = _NOT_TOKEN.sub(" ", " ".join(tokens))
    return [t for t in joined.split() if len(t) <= MAX_TOKEN_CHARS]


def words(text: str) -> list[str]:
    """Dictionary words of already-normalised text (non-Thai runs kept whole)."""
    return _clean(_words(text)) if _HAS_THAI.search(text) else _clean([text])


def syllables(text: str) -> list[str]:
    return _clean(_syllables(text)) if _HAS_THAI.search(text) else _clean([text])


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
    joined = " ".join(found)
    return Segmented(joined, " ".join(syllables(joined)))


# --- queries ------------------------------------------------------------------------
MAX_QUERY_CHARS = 200  # a 10,000-character paste is cut here, before any work
MAX_QUERY_WORDS = 12
SHORT_QUERY_CHARS = 2


@dataclass(frozen=True)
class QueryTerm:
    word: str
    syllables: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    terms: tuple[QueryTerm, ...]
    prefix: str = ""  # set for one- or two-character queries: match tokens starting with it

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
    terms = []
    for word in dict.fromkeys(words(text)):  # keep order, drop repeats
        terms.append(QueryTerm(word, tuple(syllables(word)) or (word,)))
        if len(terms) == MAX_QUERY_WORDS:
            break
    return Query(tuple(terms))
