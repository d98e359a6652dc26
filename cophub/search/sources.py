"""What each kind of thing puts in the search index, and how to rebuild it all.

Search is the upper layer: it reads the knowledge and programs models, and neither
app imports search (docs/search.md, "Keeping the index current"). ``SOURCES`` says,
for each document type, which rows it comes from and how a row becomes a ``Doc``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, replace
from functools import lru_cache

from django.db import transaction
from django.urls import get_script_prefix, reverse

from cophub.core.thai import fiscal_year
from cophub.core.thaitext import thai_normalize_fast as thai_normalize
from cophub.search.backends import get_backend
from cophub.search.index import Doc, index_put, index_remove, index_replace, narrowest
from cophub.search.text import segment

_MARKUP = re.compile(r"[#*_`>|\[\]]+|\(https?://[^)]*\)")


def plain(text: str) -> str:
    """Markdown source as plain, Thai-normalised text for snippets."""
    return thai_normalize(_MARKUP.sub(" ", text or ""))


def _url(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])``, reversed once per process: a rebuild asks for a
    million of them, and ``reverse`` each time was an eighth of its main process."""
    head, tail = _url_around(name, get_script_prefix())
    return f"{head}{pk}{tail}"


@lru_cache(maxsize=16)
def _url_around(name: str, _prefix: str) -> tuple[str, str]:
    head, tail = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
    return head, tail


_SENTINEL = 987_654_321


# --- knowledge --------------------------------------------------------------------
def knowledge_visibility(item) -> dict:
    """The visibility columns of an item's document (``index.VISIBILITY``)."""
    return {
        "members_only": item.visibility == "members",
        "is_draft": item.status == "draft",
        "community_id": item.community_id,
        "author_id": item.author_id,
    }


KNOWLEDGE_VISIBILITY_FIELDS = ("visibility", "status", "community_id", "author_id")


def knowledge_doc(item) -> Doc:
    activity = item.activity
    program = activity.program if activity else None
    aar = [item.aar_expected, item.aar_actual, item.aar_why, item.aar_learned]
    return Doc(
        type="knowledge",
        object_id=item.pk,
        title=thai_normalize(item.title),
        url=_url("knowledge:item", item.pk),
        text=plain("\n".join([item.body, *aar])),
        extra=" ".join(
            [
                *(t.name for t in item.tags.all()),
                item.host_organization.name if item.host_organization else "",
            ]
        ),
        kind=item.kind,
        organization_id=item.host_organization_id or (program.organization_id if program else None),
        fiscal_year=program.fiscal_year if program else fiscal_year(item.created_at.date()),
        **knowledge_visibility(item),
    )


def community_doc(community) -> Doc:
    return Doc(
        type="community",
        object_id=community.pk,
        title=thai_normalize(community.name),
        url=community.get_absolute_url(),
        text=plain(community.purpose),
        community_id=community.pk,
    )


# --- programs and activities ---------------------------------------------------------
def program_doc(program) -> Doc:
    lines = [o.text for o in program.objectives.all()] + [o.text for o in program.outcomes.all()]
    return Doc(
        type="program",
        object_id=program.pk,
        title=thai_normalize(program.title),
        url=program.get_absolute_url(),
        text=plain("\n".join(lines)),
        extra=program.organization.name if program.organization else "",
        organization_id=program.organization_id,
        fiscal_year=program.fiscal_year,
    )


def activity_doc(activity) -> Doc:
    program = activity.program
    sites = list(activity.sites.all())
    link = getattr(activity, "community_link", None)
    return Doc(
        type="activity",
        object_id=activity.pk,
        title=thai_normalize(activity.title),
        url=activity.get_absolute_url(),
        text=plain(
            "\n".join(
                [
                    activity.target_group,
                    activity.target_project,
                    activity.participants_from,
                    *(s.name for s in sites),
                    *(s.host_name for s in sites),
                ]
            )
        ),
        extra=program.title,
        subtitle=thai_normalize(program.title),
        kind="activity",
        community_id=link.community_id if link else None,
        organization_id=program.organization_id,
        fiscal_year=program.fiscal_year,
    )


# --- where each type comes from ------------------------------------------------------
def _communities():
    from cophub.knowledge.models import Community

    return Community.objects.all()


def _programs():
    from cophub.programs.models import Program

    return Program.objects.select_related("organization").prefetch_related("objectives", "outcomes")


def _activities():
    from cophub.programs.models import Activity

    return Activity.objects.select_related(
        "program", "program__organization", "community_link"
    ).prefetch_related("sites__organization")


def _items():
    from cophub.knowledge.models import KnowledgeItem

    return KnowledgeItem.objects.select_related(
        "activity__program", "host_organization"
    ).prefetch_related("tags")


@dataclass(frozen=True)
class Source:
    rows: Callable  # () -> QuerySet of the things of this type, relations prefetched
    doc: Callable  # row -> Doc
    # Where who may see the document depends on the row: row -> visibility columns, and
    # the fields it reads. None: every logged-in user sees every one of this type.
    visibility: Callable | None = None
    visibility_fields: tuple[str, ...] = ()


SOURCES: dict[str, Source] = {
    "community": Source(_communities, community_doc),
    "program": Source(_programs, program_doc),
    "activity": Source(_activities, activity_doc),
    "knowledge": Source(_items, knowledge_doc, knowledge_visibility, KNOWLEDGE_VISIBILITY_FIELDS),
}


def load(type: str, object_id: int) -> Doc | None:
    """The document for one thing as it is now; None when it no longer exists."""
    source = SOURCES.get(type)
    row = source.rows().filter(pk=object_id).first() if source else None
    return source.doc(row) if row is not None else None


# What ``write`` did with a document loaded earlier.
WRITTEN = "written"  # the thing was as loaded: its document is current
NARROWED = "narrowed"  # its visibility changed since: written for both audiences only
GONE = "gone"  # it no longer exists: its document is removed


def _current(source: Source, object_ids: list[int]) -> dict[int, dict]:
    """Visibility columns of these things as they are now, by id (a missing id: gone),
    their rows locked until the caller's transaction ends: a change to one waits
    until the document is written, and a change made before is read here."""
    model = source.rows().model
    wanted = set(object_ids)
    low, high = min(wanted), max(wanted)
    # A rebuild's batch is things in id order (``_chunks``): their range, not a list of
    # thousands of ids to quote and parse. Rows inside it that are not asked for (few)
    # are locked and left out.
    where = (
        {"pk__gte": low, "pk__lte": high} if high - low < 2 * len(wanted) else {"pk__in": wanted}
    )
    rows = (
        model._default_manager.using(get_backend().alias)
        .select_for_update()
        .only("pk", *source.visibility_fields)
        .filter(**where)
    )
    found = [row for row in rows if row.pk in wanted]
    if source.visibility is None:
        return {row.pk: {} for row in found}
    return {row.pk: source.visibility(row) for row in found}


def _as_now(doc: Doc, now: dict) -> tuple[Doc, bool]:
    """The document to write, given the thing's visibility now, and whether it is
    unchanged since ``doc`` was loaded."""
    if not now or now == doc.visibility():
        return doc, True
    return replace(doc, **narrowest(doc.visibility(), now)), False


def write(doc: Doc, segmented) -> str:
    """Write a document loaded (and segmented) earlier, with visibility columns taken
    from the thing as it is at write time, in the write's transaction: a job that read
    a public item before it was made members-only, a draft or deleted cannot publish
    it again. Returns WRITTEN, NARROWED (load again: its text is old) or GONE."""
    source = SOURCES[doc.type]
    with transaction.atomic(using=get_backend().alias):
        now = _current(source, [doc.object_id]).get(doc.object_id)
        if now is None:
            index_remove(doc.type, doc.object_id)
            return GONE
        doc, unchanged = _as_now(doc, now)
        index_put(doc, segmented)
    return WRITTEN if unchanged else NARROWED


def index_one(type: str, object_id: int, attempts: int = 3) -> bool:
    """Bring one thing's document up to date (removed when the thing is gone). Returns
    whether it is indexed. Segmentation runs before the write, outside its transaction;
    a thing whose visibility changed meanwhile is loaded again (each write is safe, the
    last one current), at most ``attempts`` times."""
    for _attempt in range(attempts):
        doc = load(type, object_id)
        if doc is None:
            index_remove(type, object_id)
            return False
        outcome = write(doc, segment(doc.indexed_text()))
        if outcome != NARROWED:
            return outcome == WRITTEN
    return True


# --- rebuilding ---------------------------------------------------------------------
def _replace_as_now(docs: list[Doc], segmented: list) -> None:
    """``index_replace`` with each document's visibility as its thing is at write time
    (as ``write``): a thing changed while its batch was segmented keeps no wider
    audience than it has now, and one deleted meanwhile is not written back."""
    if not docs:
        return
    with transaction.atomic(using=get_backend().alias):
        now = _current(SOURCES[docs[0].type], [d.object_id for d in docs])
        pairs = [
            (_as_now(d, now[d.object_id])[0], s)
            for d, s in zip(docs, segmented, strict=True)
            if d.object_id in now
        ]
        index_replace([d for d, _s in pairs], [s for _d, s in pairs])


def _chunks(rows, size: int) -> Iterator[list]:
    """Rows by id in chunks, each its own query: no cursor stays open across the
    writes between chunks (SQLite cannot begin a write with a read still open)."""
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def all_docs(chunk: int = 2000) -> Iterator[Doc]:
    for source in SOURCES.values():
        for rows in _chunks(source.rows(), chunk):
            yield from (source.doc(row) for row in rows)


def count_all() -> int:
    return sum(source.rows().count() for source in SOURCES.values())


def segment_many(docs: list[Doc], processes: int = 1, pool=None) -> list:
    """Each document's words and syllables; in ``processes`` forked processes for a big
    list (or in ``pool``, one kept for a whole rebuild: starting processes per batch
    cost a rebuild of a million items minutes)."""
    texts = [d.indexed_text() for d in docs]
    if pool is None and (processes <= 1 or len(texts) < 2000):
        return [segment(t) for t in texts]
    if pool is not None:
        return pool.map(segment, texts, chunksize=250)
    with _pool(processes) as pool:
        return pool.map(segment, texts, chunksize=500)


def _pool(processes: int):
    from multiprocessing import get_context

    return get_context("fork").Pool(processes)


def reindex(
    *,
    processes: int = 1,
    batch: int = 5000,
    progress: Callable[[int, int], object] | None = None,
) -> int:
    """Rebuild the whole index; returns how many documents. ``progress(done, total)``
    is called after each batch.

    Each batch replaces its documents in its own transaction, so searches go on
    finding the old or the new version of every document while it runs, and other
    writers (and a progress record) are not held up for the whole rebuild. At the end
    the documents it did not rewrite (ids up to the highest before it began) are
    removed: their things no longer exist.
    """
    stale_up_to = get_backend().max_id()
    total = count_all()
    done = 0
    buffer: list[Doc] = []
    waiting: list = []  # the batch being segmented while the one before it is written
    with _pool(processes) if processes > 1 else nullcontext() as pool:
        for doc in all_docs():
            buffer.append(doc)
            if len(buffer) == batch:
                started, buffer = _segmenting(buffer, pool), []
                done += _write(waiting)
                if waiting and progress:
                    progress(done, max(total, done))
                waiting = started
        # The last batch is reported once what is gone is removed too.
        if buffer:
            done += _write(waiting)
            if waiting and progress:
                progress(done, max(total, done))
            waiting = _segmenting(buffer, pool)
        last = _write(waiting)
    done += last
    get_backend().remove_up_to(stale_up_to)
    get_backend().analyze()
    if progress and (last or not done):  # the last batch, or nothing at all to index
        progress(done, max(total, done))
    return done


def _segmenting(buffer: list[Doc], pool) -> list:
    """The batch's documents by type, each with its words and syllables: in ``pool`` an
    unfinished result, so the main process writes the batch before while the pool works
    (the writing, not the segmenting, is the slower half of a rebuild)."""
    by_type: dict[str, list[Doc]] = {}
    for d in buffer:
        by_type.setdefault(d.type, []).append(d)
    if pool is None:
        return [(docs, segment_many(docs)) for docs in by_type.values()]
    return [
        (docs, pool.map_async(segment, [d.indexed_text() for d in docs], chunksize=250))
        for docs in by_type.values()
    ]


def _write(segmenting: list) -> int:
    n = 0
    for docs, segmented in segmenting:
        _replace_as_now(docs, segmented if isinstance(segmented, list) else segmented.get())
        n += len(docs)
    return n
