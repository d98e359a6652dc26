"""What every search backend does: keep the text index beside ``SearchDocument`` rows
and answer the few queries ``cophub.search.query`` builds a search from.

Writing: ``put`` (add or replace one document), ``remove``, ``bulk`` (insert many new
ones), ``clear``, ``remove_up_to`` (what a rebuild leaves behind). Reading: ``tier``
(matching documents with their rank), ``prefix`` (one- or two-character queries) and
``titles`` (the newest titles containing some text), all run
inside ``scan()``. Visibility and filters arrive as one SQL condition on ``d``
(``search_searchdocument``) with its parameters, written once in ``query.py``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from itertools import pairwise
from typing import TYPE_CHECKING

from django.db import connections, transaction

from cophub.search.models import SearchDocument

if TYPE_CHECKING:
    from cophub.search.index import Doc
    from cophub.search.text import Query, Segmented


# A title containing one or two characters is no question a text index answers: such
# titles are read newest first, in windows of ids ten times wider each time, and no
# further back than the newest 100,000 (at a million documents a rare pair read every
# title, seconds; docs/search.md, "Short queries").
TITLE_WINDOWS = (1_000, 10_000, 100_000)


def title_ranges(max_id: int) -> list[tuple[int, int | None]]:
    """The (low, high) id ranges ``titles`` reads in turn, low included, high not; the
    first has no high bound, so a document added meanwhile is not left out."""
    bounds = [None, *(max(max_id + 1 - w, 0) for w in TITLE_WINDOWS)]
    return [(low, high) for high, low in pairwise(bounds) if high is None or low < high]


class SearchBackend:
    vendor = ""
    title_contains = ""  # SQL: d.title contains the (escaped) %s pattern

    def __init__(self, alias: str):
        self.alias = alias

    @property
    def connection(self):
        return connections[self.alias]

    def _docs(self):
        return SearchDocument.objects.using(self.alias)

    # --- writing ---------------------------------------------------------------------
    def put(self, doc: Doc, segmented: Segmented) -> SearchDocument:
        """Add or replace one document: its row and its words, in one transaction."""
        with transaction.atomic(using=self.alias):
            row, _created = self._docs().update_or_create(
                type=doc.type, object_id=doc.object_id, defaults=doc.row()
            )
            self.write_words([(row.pk, segmented)])
        return row

    def remove(self, type: str, object_ids: list[int]) -> None:
        with transaction.atomic(using=self.alias):
            ids = list(
                self._docs()
                .filter(type=type, object_id__in=object_ids)
                .values_list("pk", flat=True)
            )
            if ids:
                self.delete_words(ids)
                self._docs().filter(pk__in=ids).delete()

    def clear(self, types: list[str] | None = None) -> None:
        docs = self._docs().all()
        if types:
            docs = docs.filter(type__in=types)
        with transaction.atomic(using=self.alias):
            self.clear_words(types)
            docs.delete()

    def bulk(self, docs: list[Doc], segmented: list[Segmented]) -> None:
        """Insert many new documents of one type at once. Not an upsert."""
        if not docs:
            return
        rows = self._docs().bulk_create(
            [SearchDocument(type=d.type, object_id=d.object_id, **d.row()) for d in docs]
        )
        if rows[0].pk is None:  # a database that does not return the new ids
            lookup = dict(
                self._docs()
                .filter(type=docs[0].type, object_id__in=[d.object_id for d in docs])
                .values_list("object_id", "pk")
            )
            ids = [lookup[d.object_id] for d in docs]
        else:
            ids = [r.pk for r in rows]
        self.write_words(list(zip(ids, segmented, strict=True)), new=True)

    def max_id(self) -> int:
        """The highest document id in use, text index included."""
        return self._docs().order_by("-pk").values_list("pk", flat=True).first() or 0

    def remove_up_to(self, max_id: int) -> None:
        """Every document (and indexed text) with an id up to ``max_id``: after a rebuild
        wrote every source anew, those left are things that no longer exist."""
        with transaction.atomic(using=self.alias):
            self.delete_words_up_to(max_id)
            self._docs().filter(pk__lte=max_id).delete()

    def analyze(self) -> None:
        """After a rebuild: the database's statistics of the index made anew (none by
        default)."""

    def write_words(self, pairs: list[tuple[int, Segmented]], new: bool = False) -> None:
        raise NotImplementedError

    def delete_words(self, ids: list[int]) -> None:
        """Words kept outside the document rows, for these documents (none by default)."""

    def delete_words_up_to(self, max_id: int) -> None:
        """Words kept outside the document rows, for ids up to ``max_id``."""

    def clear_words(self, types: list[str] | None) -> None:
        """Words kept outside the document rows, for these types (all when None)."""

    # --- reading ---------------------------------------------------------------------
    def scan(self) -> AbstractContextManager:
        """Whatever the database needs around a search's queries."""
        return nullcontext()

    def tier(
        self, query: Query, words_only: bool, where: str, params: list, limit: int
    ) -> list[tuple[int, float]]:
        """At most ``limit`` visible documents matching every query word (as a whole
        word, or also as a phrase of its syllables), with their rank, lower is better."""
        raise NotImplementedError

    def prefix(
        self, query: Query, like: str, where: str, params: list, limit: int
    ) -> list[tuple[int, bool]]:
        """At most ``limit`` visible documents with a token starting with
        ``query.prefix`` (or equal to it, when it is one character), each with whether
        its title contains ``like``."""
        raise NotImplementedError

    def titles(
        self, like: str, where: str, params: list, exclude: list[int], limit: int
    ) -> list[int]:
        """At most ``limit`` visible documents, not in ``exclude``, whose title contains
        ``like``, newest first, among the newest ``TITLE_WINDOWS[-1]`` (``title_ranges``)."""
        found: list[int] = []
        not_seen = f" AND d.id NOT IN ({','.join(['%s'] * len(exclude))})" if exclude else ""
        for low, high in title_ranges(self.newest_id()):
            rows = self._fetch(
                f"SELECT d.id FROM search_searchdocument d WHERE {self.title_contains} "  # noqa: S608
                f"AND {where}{not_seen} AND d.id >= %s{' AND d.id < %s' if high else ''} "
                "ORDER BY d.id DESC LIMIT %s",
                [like, *params, *exclude, low, *([high] if high else []), limit - len(found)],
            )
            found += [pk for (pk,) in rows]
            if len(found) >= limit:
                break
        return found

    def newest_id(self) -> int:
        """``max_id``, or what ``scan`` read of it already."""
        return self.max_id()

    def vocabulary(self) -> list[tuple[str, int]]:
        """Every indexed word (of the words index, not syllables) with the number of
        documents holding it, whoever may see them: for "did you mean" only."""
        raise NotImplementedError

    def generation(self) -> tuple:
        """Changes whenever the index does (cheap): a vocabulary read under another
        generation is stale."""
        return tuple(
            self._fetch("SELECT count(*), max(id), max(updated_at) FROM search_searchdocument", [])[
                0
            ]
        )

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
