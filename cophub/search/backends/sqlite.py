"""SQLite: the FTS5 table ``search_fts(words, syllables)``, rowid = the document's id.

Its tokenizer (migration 0002) splits only on the spaces segmentation put there.
Candidates are taken newest first (``ORDER BY search_fts.rowid DESC``, which FTS5
does without sorting). The whole-word tier is ranked by ``bm25`` with whole words
weighing ten times a syllable. The second tier (a word may also be a phrase of its
syllables) is ranked here, in Python, by the same BM25 shape without its IDF
(``_phrase_rank``): FTS5's ``bm25`` counts the documents holding each phrase of the
query over the whole index before it ranks anything, and for a common syllable pair at a
million items that alone was 70 ms of a 75 ms query (the match itself 1 ms; the 501
candidates' text read back and counted, 5 ms). docs/benchmarks.md, "A million items".
"""

from __future__ import annotations

from cophub.search.backends.base import SearchBackend
from cophub.search.text import Query

K1, B = 1.2, 0.75  # BM25's usual saturation and length weight
WORD, SYLLABLE = 10.0, 1.0  # as the words tier's bm25 column weights


def _phrase(tokens) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def fts5_match(query: Query, words_only: bool = False) -> str:
    """The MATCH expression: each word as a word (or a phrase of its syllables)."""
    if query.prefix:
        p = _phrase([query.prefix]) + (" *" if len(query.prefix) > 1 else "")
        return f"(words : {p} OR syllables : {p})"
    parts = []
    for term in query.terms:
        word = f"words : {_phrase([term.word])}"
        parts.append(word if words_only else f"({word} OR syllables : {_phrase(term.syllables)})")
    return " AND ".join(parts)


class SQLiteFTS5Backend(SearchBackend):
    vendor = "sqlite"
    title_contains = "d.title LIKE %s ESCAPE '\\'"

    # --- writing ---------------------------------------------------------------------
    def write_words(self, pairs, new=False):
        with self.connection.cursor() as cursor:
            if not new:
                cursor.executemany(
                    "DELETE FROM search_fts WHERE rowid = %s", [(pk,) for pk, _s in pairs]
                )
            cursor.executemany(
                "INSERT INTO search_fts (rowid, words, syllables) VALUES (%s, %s, %s)",
                [(pk, s.words, s.syllables) for pk, s in pairs],
            )

    def delete_words(self, ids):
        with self.connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in ids])

    def delete_words_up_to(self, max_id):
        with self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid <= %s", [max_id])

    def clear_words(self, types):
        with self.connection.cursor() as cursor:
            if types:
                placeholders = ",".join(["%s"] * len(types))
                cursor.execute(
                    "DELETE FROM search_fts WHERE rowid IN (SELECT id FROM "  # noqa: S608
                    f"search_searchdocument WHERE type IN ({placeholders}))",  # placeholders only
                    types,
                )
            else:
                cursor.execute("DELETE FROM search_fts")

    def max_id(self):
        # Words whose row was deleted behind the index's back (raw SQL, the ORM on
        # SearchDocument) still count: a rebuild removes them too.
        rows = self._fetch(
            "SELECT max(coalesce((SELECT max(id) FROM search_searchdocument), 0), "
            "coalesce((SELECT max(rowid) FROM search_fts), 0))",
            [],
        )
        return rows[0][0]

    # --- reading ---------------------------------------------------------------------
    def tier(self, query, words_only, where, params, limit):
        if not words_only:
            return self._phrase_tier(query, where, params, limit)
        return self._fetch(
            "SELECT d.id, bm25(search_fts, 10.0, 1.0) FROM search_fts "  # noqa: S608
            "JOIN search_searchdocument d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH %s AND " + where + " "
            "ORDER BY search_fts.rowid DESC LIMIT %s",
            [fts5_match(query, words_only), *params, limit],
        )

    def _phrase_tier(self, query, where, params, limit):
        ids = [
            pk
            for (pk,) in self._fetch(
                "SELECT d.id FROM search_fts "  # noqa: S608
                "JOIN search_searchdocument d ON d.id = search_fts.rowid "
                "WHERE search_fts MATCH %s AND " + where + " "
                "ORDER BY search_fts.rowid DESC LIMIT %s",
                [fts5_match(query), *params, limit],
            )
        ]
        if not ids:
            return []
        rows = self._fetch(
            "SELECT rowid, words, syllables FROM search_fts "  # noqa: S608
            f"WHERE rowid IN ({','.join(['%s'] * len(ids))})",
            ids,
        )
        return _phrase_rank(query, rows)

    def vocabulary(self):
        # fts5vocab reads the index's own term list (no document is read); a temp table
        # so that no migration and no backup ever sees it.
        with self.connection.cursor() as cursor:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_vocab "
                "USING fts5vocab(main, search_fts, col)"
            )
        return self._fetch("SELECT term, doc FROM temp.search_fts_vocab WHERE col = 'words'", [])

    def prefix(self, query, like, where, params, limit):
        return self._fetch(
            "SELECT d.id, " + self.title_contains + " FROM search_fts "  # noqa: S608
            "JOIN search_searchdocument d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH %s AND " + where + " ORDER BY search_fts.rowid DESC LIMIT %s",
            [like, fts5_match(query), *params, limit],
        )


def _phrase_rank(query: Query, rows: list[tuple[int, str, str]]) -> list[tuple[int, float]]:
    """(id, rank, lower is better) of each row: per query word, its whole-word count and
    its syllable-phrase count, each saturated and length-normalised as BM25 does, whole
    words weighing ten times. No IDF: every candidate holds every query word."""
    texts = [(pk, f" {words} ", f" {syllables} ") for pk, words, syllables in rows]
    lengths = {pk: syllables.count(" ") - 1 for pk, _w, syllables in texts}
    average = max(1.0, sum(lengths.values()) / len(lengths))
    needles = [(f" {t.word} ", f" {' '.join(t.syllables)} ") for t in query.terms]
    out = []
    for pk, words, syllables in texts:
        norm = K1 * (1 - B + B * lengths[pk] / average)
        score = 0.0
        for word, phrase in needles:
            for weight, count in ((WORD, words.count(word)), (SYLLABLE, syllables.count(phrase))):
                score += weight * count * (K1 + 1) / (count + norm)
        out.append((pk, -score))
    return out
