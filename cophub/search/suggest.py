""" "Did you mean": a query word one letter away from a word the index holds.

The vocabulary is the index's own: its words (FTS5's ``fts5vocab`` on SQLite,
``ts_stat`` on PostgreSQL, see ``backends/``) with how many documents hold each, and
the runs of two or more syllables inside each word, so that พึงพอใจ is known even when
the index only ever saw it inside ความพึงพอใจ. It is read once per process and read
again only when the index has changed (``SearchBackend.generation``, one cheap query).

A typo is corrected by trying every string one edit away (a letter dropped, added,
replaced, or two neighbours swapped; letters are those the vocabulary uses, so Thai
vowels, tone marks and Latin letters alike) and keeping the one the most documents
hold. A suggestion is offered only when searching it finds something for this user,
so it never names a word only a hidden document holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock

from cophub.search.backends import get_backend
from cophub.search.text import _NOT_TOKEN, MAX_QUERY_WORDS, normalize_for_search, syllables

MIN_CHARS = 3  # shorter words are one letter away from far too many others
MAX_SYLLABLES = 6  # runs inside a word longer than this are not worth remembering


@dataclass(frozen=True)
class Vocabulary:
    generation: tuple
    counts: dict[str, int]
    letters: str


_cache: dict[str, Vocabulary] = {}
_lock = Lock()


def _build(rows: list[tuple[str, int]], generation: tuple) -> Vocabulary:
    counts: dict[str, int] = {}
    for word, docs in rows:
        counts[word] = counts.get(word, 0) + docs
        parts = syllables(word) if len(word) > MIN_CHARS else []
        if len(parts) < 3:
            continue
        for i in range(len(parts)):
            for j in range(i + 2, min(len(parts), i + MAX_SYLLABLES) + 1):
                if (i, j) != (0, len(parts)):
                    run = "".join(parts[i:j])
                    counts[run] = counts.get(run, 0) + docs
    letters = "".join(sorted({c for w in counts for c in w}))
    return Vocabulary(generation, counts, letters)


def vocabulary() -> Vocabulary:
    backend = get_backend()
    generation = backend.generation()
    known = _cache.get(backend.alias)
    if known is None or known.generation != generation:
        with _lock:
            _cache[backend.alias] = known = _build(backend.vocabulary(), generation)
    return known


def _one_edit(word: str, letters: str):
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            yield head + tail[1:]
            if len(tail) > 1:
                yield head + tail[1] + tail[0] + tail[2:]
        for c in letters:
            yield head + c + tail
            if tail:
                yield head + c + tail[1:]


def correct(word: str, vocab: Vocabulary) -> str | None:
    """The most frequent known word one edit from ``word`` (ties: the lowest code
    points first), or None when ``word`` is known or has no such neighbour."""
    if len(word) < MIN_CHARS or word in vocab.counts:
        return None
    best: tuple[int, str] | None = None
    for candidate in _one_edit(word, vocab.letters):
        docs = vocab.counts.get(candidate)
        if docs and (best is None or (-docs, candidate) < best):
            best = (-docs, candidate)
    return best[1] if best else None


def suggestion(q: str) -> str | None:
    """``q`` with each unknown word replaced by its correction, if any was replaced."""
    chunks = _NOT_TOKEN.sub(" ", normalize_for_search(q)).split()[:MAX_QUERY_WORDS]
    if not chunks:
        return None
    vocab = vocabulary()
    fixed = [correct(c, vocab) or c for c in chunks]
    return " ".join(fixed) if fixed != chunks else None
