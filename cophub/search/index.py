"""Writing the search index. Services call ``index_put``/``index_remove`` inside their
own transaction, so the index never disagrees with what was saved."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from cophub.search.models import SearchDocument
from cophub.search.text import Segmented, segment

MAX_TEXT_CHARS = 20_000  # kept for snippets; the words index still gets the whole text


@dataclass
class Doc:
    """What a source (knowledge, communities, programs, activities) gives the index."""

    type: str
    object_id: int
    title: str
    url: str
    text: str = ""  # body shown in snippets
    extra: str = ""  # indexed but not shown (tags, host organisation…)
    kind: str = ""
    community_id: int | None = None
    organization_id: int | None = None
    fiscal_year: int | None = None
    members_only: bool = False
    is_draft: bool = False
    author_id: int | None = None
    fields: dict = field(default_factory=dict)

    def row(self) -> dict:
        return {
            "title": self.title[:500], "text": self.text[:MAX_TEXT_CHARS], "url": self.url,
            "kind": self.kind or self.type, "community_id": self.community_id,
            "organization_id": self.organization_id, "fiscal_year": self.fiscal_year,
            "members_only": self.members_only, "is_draft": self.is_draft,
            "author_id": self.author_id,
        }  # fmt: skip

    def indexed_text(self) -> str:
        # The title twice: a word in the title counts for more than one in the body.
        return "\n".join([self.title, self.title, self.text, self.extra])


def index_put(doc: Doc, segmented: Segmented | None = None) -> SearchDocument:
    """Add or replace one document (its row and its words)."""
    row, _created = SearchDocument.objects.update_or_create(
        type=doc.type, object_id=doc.object_id, defaults=doc.row()
    )
    _write_words([(row.pk, segmented or segment(doc.indexed_text()))])
    return row


def index_remove(type: str, object_id: int) -> None:
    ids = list(
        SearchDocument.objects.filter(type=type, object_id=object_id).values_list("pk", flat=True)
    )
    if ids and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in ids])
    SearchDocument.objects.filter(pk__in=ids).delete()


def index_clear(types: list[str] | None = None) -> None:
    docs = SearchDocument.objects.all()
    if types:
        docs = docs.filter(type__in=types)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if types:
                placeholders = ",".join(["%s"] * len(types))
                sql = "DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_searchdocument "
                sql += f"WHERE type IN ({placeholders}))"  # placeholders only
                cursor.execute(sql, types)
            else:
                cursor.execute("DELETE FROM search_fts")
    docs.delete()


def index_bulk(docs: list[Doc], segmented: list[Segmented]) -> None:
    """Insert many new documents at once (reindexing, the benchmark). Not an upsert."""
    if not docs:
        return
    if connection.vendor == "postgresql":
        _insert_postgres(docs, segmented)
        return
    rows = SearchDocument.objects.bulk_create(
        [SearchDocument(type=d.type, object_id=d.object_id, **d.row()) for d in docs]
    )
    if rows and rows[0].pk is None:  # backends that do not return ids
        lookup = dict(
            SearchDocument.objects.filter(
                type=docs[0].type, object_id__in=[d.object_id for d in docs]
            ).values_list("object_id", "pk")
        )
        ids = [lookup[d.object_id] for d in docs]
    else:
        ids = [r.pk for r in rows]
    _write_words(list(zip(ids, segmented, strict=True)), new=True)


def _write_words(pairs: list[tuple[int, Segmented]], new: bool = False) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for the lot: a round trip per row was most of the time.
            cursor.execute(
                "UPDATE search_searchdocument d SET tsw = to_tsvector('simple', v.w), "
                "tss = to_tsvector('simple', v.s) "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, w, s) "
                "WHERE d.id = v.id",
                [[pk for pk, _s in pairs], [s.words for _pk, s in pairs],
                 [s.syllables for _pk, s in pairs]],
            )  # fmt: skip
        elif connection.vendor == "sqlite":
            if not new:
                cursor.executemany(
                    "DELETE FROM search_fts WHERE rowid = %s", [(pk,) for pk, _s in pairs]
                )
            cursor.executemany(
                "INSERT INTO search_fts (rowid, words, syllables) VALUES (%s, %s, %s)",
                [(pk, s.words, s.syllables) for pk, s in pairs],
            )


# Column → PostgreSQL array type, for inserting rows and their words in one statement.
_PG_COLUMNS = {
    "type": "text", "object_id": "bigint", "title": "text", "text": "text", "url": "text",
    "kind": "text", "community_id": "bigint", "organization_id": "bigint",
    "fiscal_year": "smallint", "members_only": "boolean", "is_draft": "boolean",
    "author_id": "bigint",
}  # fmt: skip


def _insert_postgres(docs: list[Doc], segmented: list[Segmented]) -> None:
    """One INSERT of rows with their tsvectors: no second write of every row."""
    rows = [{"type": d.type, "object_id": d.object_id, **d.row()} for d in docs]
    columns = list(_PG_COLUMNS)
    arrays = [[r[c] for r in rows] for c in columns]
    arrays += [[s.words for s in segmented], [s.syllables for s in segmented]]
    unnest = ", ".join(f"%s::{_PG_COLUMNS[c]}[]" for c in columns) + ", %s::text[], %s::text[]"
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO search_searchdocument ({names}, updated_at, tsw, tss) "  # noqa: S608
            f"SELECT {names}, now(), to_tsvector('simple', v.w), to_tsvector('simple', v.s) "
            f"FROM unnest({unnest}) AS v({names}, w, s)",
            arrays,
        )
