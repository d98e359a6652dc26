"""Writing the search index: what a document is, and the calls that write it.

Changes reach the index through ``tasks.index_object`` (enqueued at commit by the
receivers in ``signals.py``) and ``sources.reindex``; both end here, and each call goes
to the backend of the database in use (``backends/``). Who may see a document is
decided only by its row's visibility columns (``VISIBILITY``), so those are also
written at once, in the transaction of the change (``index_narrow``): the job that
rewrites the words may run much later."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from cophub.search.backends import get_backend
from cophub.search.models import SearchDocument
from cophub.search.text import Segmented, segment

MAX_TEXT_CHARS = 20_000  # kept for snippets; the words index still gets the whole text

# The columns ``query._visibility`` decides on.
VISIBILITY = ("members_only", "is_draft", "community_id", "author_id")


@dataclass
class Doc:
    """What a source (knowledge, communities, programs, activities) gives the index."""

    type: str
    object_id: int
    title: str
    url: str
    text: str = ""  # body shown in snippets
    subtitle: str = ""  # what the result line names besides the title (an activity's program)
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
            "subtitle": self.subtitle[:500],
            "kind": self.kind or self.type, "community_id": self.community_id,
            "organization_id": self.organization_id, "fiscal_year": self.fiscal_year,
            "members_only": self.members_only, "is_draft": self.is_draft,
            "author_id": self.author_id,
        }  # fmt: skip

    def visibility(self) -> dict:
        return {name: getattr(self, name) for name in VISIBILITY}

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


def narrowest(a: dict, b: dict) -> dict:
    """Visibility columns that show a row only to people both ``a`` and ``b`` show it to.

    A row's title and text were written for the audience of its old columns; the thing
    now has new ones. Until the row is rewritten from the thing as it is, it may be
    shown only to both audiences: widening it at once (a draft published, a
    members-only item made public, after an edit of its text) would show the old text
    to people it was never meant for. An item's author counts as entitled to its text.
    Two audiences the columns cannot express together (members of two communities,
    drafts of two authors) become no one but that author (``is_draft`` with the author,
    or with no author at all).
    """
    if a == b:
        return dict(a)
    out = {**b, "members_only": a["members_only"] or b["members_only"]}
    author = b["author_id"] if a["author_id"] == b["author_id"] else None
    if a["is_draft"] or b["is_draft"]:
        drafts = {x["author_id"] for x in (a, b) if x["is_draft"]}
        return {**out, "is_draft": True, "author_id": author if drafts == {author} else None}
    if a["members_only"] and b["members_only"] and a["community_id"] != b["community_id"]:
        return {**out, "is_draft": True, "author_id": author}
    if a["members_only"] and not b["members_only"]:
        out["community_id"] = a["community_id"]
    return out


def index_narrow(type: str, object_id: int, visibility: dict) -> None:
    """Make the indexed row (if any) visible to no one the thing's new ``visibility``
    hides it from, now, in the caller's transaction: a cheap UPDATE of a few columns;
    the words wait for the job. The row is locked first, so a job writing it meanwhile
    is either before this (and narrowed by it) or after (and reads the new values)."""
    docs = SearchDocument.objects.using(get_backend().alias)
    with transaction.atomic(using=get_backend().alias, savepoint=False):
        row = (
            docs.select_for_update()
            .filter(type=type, object_id=object_id)
            .values("pk", *VISIBILITY)
            .first()
        )
        if row is None:
            return
        pk = row.pop("pk")
        target = narrowest(row, visibility)
        if target != row:
            docs.filter(pk=pk).update(**target)
