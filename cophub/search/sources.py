"""What each kind of thing puts in the search index, and how to rebuild it all."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.db import transaction
from pythainlp.util import normalize as thai_normalize

from cophub.core.thai import fiscal_year
from cophub.search.index import Doc, index_bulk, index_clear, index_put, index_remove
from cophub.search.text import segment

_MARKUP = re.compile(r"[#*_`>|\[\]]+|\(https?://[^)]*\)")


def plain(text: str) -> str:
    """Markdown source as plain, Thai-normalised text for snippets."""
    return thai_normalize(_MARKUP.sub(" ", text or ""))


# --- knowledge --------------------------------------------------------------------
def knowledge_doc(item) -> Doc:
    activity = item.activity
    program = activity.program if activity else None
    aar = [item.aar_expected, item.aar_actual, item.aar_why, item.aar_learned]
    return Doc(
        type="knowledge",
        object_id=item.pk,
        title=thai_normalize(item.title),
        url=item.get_absolute_url(),
        text=plain("\n".join([item.body, *aar])),
        extra=" ".join(
            [
                *(t.name for t in item.tags.all()),
                item.host_organization.name if item.host_organization else "",
            ]
        ),
        kind=item.kind,
        community_id=item.community_id,
        organization_id=item.host_organization_id or (program.organization_id if program else None),
        fiscal_year=program.fiscal_year if program else fiscal_year(item.created_at.date()),
        members_only=item.visibility == "members",
        is_draft=item.status == "draft",
        author_id=item.author_id,
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


# --- programs and activities (indexed through signals; see signals.py) --------------
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
        kind="activity",
        community_id=link.community_id if link else None,
        organization_id=program.organization_id,
        fiscal_year=program.fiscal_year,
    )


def index_knowledge(item) -> None:
    index_put(knowledge_doc(item))


def index_community(community) -> None:
    index_put(community_doc(community))


def index_program(program) -> None:
    from cophub.programs.models import Program

    program = Program.objects.select_related("organization").get(pk=program.pk)
    index_put(program_doc(program))
    for activity in _activities().filter(program=program):
        index_put(activity_doc(activity))


def index_activity(activity) -> None:
    index_put(activity_doc(_activities().get(pk=activity.pk)))


def remove(type: str, object_id: int) -> None:
    index_remove(type, object_id)


# --- rebuilding ---------------------------------------------------------------------
def _activities():
    from cophub.programs.models import Activity

    return Activity.objects.select_related(
        "program", "program__organization", "community_link"
    ).prefetch_related("sites__organization")


def all_docs() -> Iterator[Doc]:
    from cophub.knowledge.models import Community, KnowledgeItem
    from cophub.programs.models import Program

    for c in Community.objects.all():
        yield community_doc(c)
    for p in Program.objects.select_related("organization").prefetch_related(
        "objectives", "outcomes"
    ):
        yield program_doc(p)
    for a in _activities():
        yield activity_doc(a)
    items = KnowledgeItem.objects.select_related(
        "activity__program", "host_organization"
    ).prefetch_related("tags")
    for item in items.iterator(chunk_size=2000):
        yield knowledge_doc(item)


def segment_many(docs: list[Doc], processes: int = 1) -> list:
    texts = [d.indexed_text() for d in docs]
    if processes <= 1 or len(texts) < 2000:
        return [segment(t) for t in texts]
    from multiprocessing import get_context

    with get_context("fork").Pool(processes) as pool:
        return pool.map(segment, texts, chunksize=500)


def reindex(*, processes: int = 1, batch: int = 5000) -> int:
    """Rebuild the whole index in one transaction; returns how many documents."""
    n = 0
    with transaction.atomic():
        index_clear()
        buffer: list[Doc] = []
        for doc in all_docs():
            buffer.append(doc)
            if len(buffer) == batch:
                n += _flush(buffer, processes)
        n += _flush(buffer, processes)
    return n


def _flush(buffer: list[Doc], processes: int) -> int:
    by_type: dict[str, list[Doc]] = {}
    for d in buffer:
        by_type.setdefault(d.type, []).append(d)
    for docs in by_type.values():
        index_bulk(docs, segment_many(docs, processes))
    n = len(buffer)
    buffer.clear()
    return n
