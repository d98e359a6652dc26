"""Writing the search index: what a document is, and the calls that write it.

Changes reach the index through ``tasks.index_object`` (enqueued at commit by the
receivers in ``signals.py``) and ``sources.reindex``; both end here, and each call goes
to the backend of the database in use (``backends/``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from cophub.search.backends import get_backend
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
    return get_backend().put(doc, segmented or segment(doc.indexed_text()))


def index_remove(type: str, object_id: int) -> None:
    get_backend().remove(type, [object_id])


def index_clear(types: list[str] | None = None) -> None:
    get_backend().clear(types)


def index_bulk(docs: list[Doc], segmented: list[Segmented]) -> None:
    """Insert many new documents of one type at once (reindexing, the benchmark).
    Not an upsert: ``index_replace`` first removes what is there."""
    get_backend().bulk(docs, segmented)


def index_replace(docs: list[Doc], segmented: list[Segmented]) -> None:
    """Write many documents of one type, replacing those already indexed."""
    if docs:
        backend = get_backend()
        with transaction.atomic(using=backend.alias):
            backend.remove(docs[0].type, [d.object_id for d in docs])
            backend.bulk(docs, segmented)
