"""Thai word segmentation, in one place: normalise, then cut into words or syllables.

PyThaiNLP's newmm, through its Rust engine nlpo3 when that loads (same tokens, about
five times faster), else PyThaiNLP's pure-Python newmm. Search (cophub.search.text)
and survey comment words (cophub.surveys.words) both call these functions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pythainlp
from pythainlp.util import normalize as thai_normalize
from pythainlp.util import remove_dup_spaces, remove_zw

from cophub.core.thai import arabic_digits

# Zero-width characters people paste from Word and web pages (pythainlp removes some).
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# A token is a run of letters, marks and digits: Thai (without ฿ ๏ ๚ ๛) or any \w but "_".
_THAI = "\u0e01-\u0e3a\u0e40-\u0e4e\u0e50-\u0e59"
_NOT_TOKEN = re.compile(rf"(?:[^{_THAI}\w]|_)+")
_HAS_THAI = re.compile(f"[{_THAI}]")
MAX_TOKEN_CHARS = 60  # longer runs are not words (PostgreSQL refuses lexemes over 2 kB)
SYLLABLE_DICT = "cophub_syllables"


# Everything PyThaiNLP's ``normalize`` would change holds one of these: its rules (zero-width
# characters, doubled spaces and blank lines, marks after a space or at the start, a
# vowel or sign repeated, tone marks doubled or before a vowel, nikhahit, lakkhangyao,
# a tone after a following vowel; each pattern here is a superset of one of its regular
# expressions). Most text holds none, and then ``normalize``, twenty-odd substitutions,
# would hand it back unchanged: a tenth of the time of a survey submission and of
# indexing an item. ``test_thaitext`` checks the shortcut against ``normalize`` itself.
above_vowels, below_vowels = pythainlp.thai_above_vowels, pythainlp.thai_below_vowels
lead_vowels, follow_vowels = pythainlp.thai_lead_vowels, pythainlp.thai_follow_vowels
tonemarks = pythainlp.thai_tonemarks
_DANGLING = f"{above_vowels}{below_vowels}{tonemarks}\u0e3a\u0e4c\u0e4d\u0e4e"
_NO_REPEAT = f"{follow_vowels}{lead_vowels}{above_vowels}{below_vowels}\u0e3a\u0e4c\u0e4d\u0e4e"
_NORMALIZE_WOULD_CHANGE = re.compile(
    "|".join(
        [
            "[\u200b\u200c]",
            "  ",
            "[ \n]\n|\n[ \n]",
            f" [{_DANGLING}]",
            f"^[{_DANGLING}]",
            f"([{_NO_REPEAT}]) *\\1",
            f"[{tonemarks}\u0e4c][{tonemarks}{above_vowels}{below_vowels}]",
            "[\u0e4d\u0e45]",
            f"[{follow_vowels}][{tonemarks}]",
        ]
    )
)


def thai_normalize_fast(text: str) -> str:
    """``pythainlp.util.normalize(text)``, skipped when it would change nothing.

    Its first two steps (zero-width characters, doubled spaces and blank lines) are taken
    here first, as text joined from several fields and stripped of markup is full of
    them; ``normalize`` takes them again at no cost (each is idempotent) and gives the
    same result as on the text before them."""
    text = remove_dup_spaces(remove_zw(text))
    if text[:1].isspace() or text[-1:].isspace() or _NORMALIZE_WOULD_CHANGE.search(text):
        return thai_normalize(text)
    return text


def normalize_for_search(text: str) -> str:
    """Thai-aware normalisation for the index and for queries.

    PyThaiNLP's ``normalize`` (เเ → แ, นํ้า → น้ำ, doubled tone marks, zero-width
    characters), Thai digits → Arabic, lower case. Never NFKC: it splits ำ into ํา.
    """
    text = text.translate(_ZERO_WIDTH)
    return arabic_digits(thai_normalize_fast(text)).lower()


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


def word_bounds(text: str) -> set[int]:
    """The offsets of ``text`` (as written, not normalised) where a word starts or ends:
    a span of it is whole words when both its ends are in this set."""
    bounds, at = {0}, 0
    for token in _words(text) if _HAS_THAI.search(text) else re.split(r"(\W+)", text):
        at += len(token)
        bounds.add(at)
    return bounds


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return thai_words()


def is_dictionary_word(text: str) -> bool:
    """Whether ``text`` is one word of the segmenter's dictionary (ใจดี, สมบัติ)."""
    return text in _dictionary()


@lru_cache(maxsize=1)
def _dictionaries_by_start() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The dictionary's words and syllables by their first two characters (one pass;
    sorting the 62,000 Thai words took longer)."""
    from pythainlp.corpus import thai_syllables

    def by_start(entries) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for entry in entries:
            found.setdefault(entry[:2], []).append(entry)
        return found

    return by_start(_dictionary()), by_start(thai_syllables())


def dictionary_entries_starting(prefix: str) -> tuple[list[str], list[str]]:
    """The segmenter's dictionary words and syllables that start with ``prefix`` (two
    characters or more)."""
    if len(prefix) < 2:
        raise ValueError("a prefix of two characters or more")
    words_, syllables_ = (
        sorted(e for e in entries.get(prefix[:2], ()) if e.startswith(prefix))
        for entries in _dictionaries_by_start()
    )
    return words_, syllables_


# A line may break only between runs: at spaces and between two Thai dictionary words.
_OPENING = "([{“‘"
_CLOSING = ")]}”’.,:;"


def line_runs(text: str) -> list[str]:
    """The text cut where a line may break, for layouts that must not break inside a word
    (ICU, which Typst and LibreOffice use, breaks ร้อยละ as ร้อย|ละ). Spaces are runs of
    their own; a run is a dictionary word with the punctuation and non-Thai letters that
    touch it, so ``"".join(line_runs(t)) == t``:
    "ผู้เข้าร่วม (คน)" → ["ผู้เข้าร่วม", " ", "(คน)"], "ร้อยละการตอบ" → ["ร้อยละ", "การ", "ตอบ"]."""
    runs: list[str] = []
    for part in re.split(r"(\s+)", text):
        if not part:
            continue
        if part.isspace() or not _HAS_THAI.search(part):
            runs.append(part)
            continue
        merged: list[str] = []
        for token in (t for t in _words(part) if t):
            ends = merged and (_HAS_THAI.match(merged[-1][-1]) or merged[-1][-1] in _CLOSING)
            starts = _HAS_THAI.match(token.lstrip(_OPENING) or " ")
            if merged and not (ends and starts):
                merged[-1] += token  # a mark, a bracket or a Latin letter stays with its word
            else:
                merged.append(token)
        runs.extend(merged)
    return runs
