"""Who may see a document changes with the change, not when its job runs.

These run with the database task backend and no worker: the indexing jobs stay queued,
so what a search shows is what the change itself wrote. A job that loaded a document
before a change and writes it after must not show it more widely than the thing is now.
"""

from contextlib import contextmanager

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from cophub.knowledge.services import ItemData, community_join, item_delete, item_update
from cophub.search import sources
from cophub.search.index import VISIBILITY, narrowest
from cophub.search.models import SearchDocument
from cophub.search.query import search
from cophub.search.tasks import index_object
from cophub.search.text import segment
from cophub.testing import UserFactory, make_community, make_item

pytestmark = pytest.mark.django_db

NO_WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TITLE = "แนวทางการให้บริการประชาชนแบบเบ็ดเสร็จ"


def titles(user, q="บริการ") -> list[str]:
    return [h.title for h in search(user=user, q=q)[0] if h.type == "knowledge"]


def queued(item) -> int:
    """Indexing jobs for ``item`` waiting for a worker that never comes."""
    waiting = DBTaskResult.objects.filter(
        task_path="cophub.search.tasks.index_object", status="READY"
    ).values_list("args_kwargs", flat=True)
    return sum(1 for a in waiting if a["args"] == ["knowledge", item.pk])


def edit(item, actor, **fields):
    data = dict(kind=item.kind, title=item.title, body=item.body, visibility=item.visibility)
    return item_update(actor=actor, item=item, data=ItemData(**{**data, **fields}))


@pytest.fixture
def public_item(community, member, committed):
    with committed():  # indexed now (the suite's immediate backend)
        return make_item(author=member, community=community, title=TITLE)


@pytest.fixture
def no_worker(committed):
    """A block that commits as ``committed`` does, but whose jobs go to the database
    queue and stay there: no worker runs."""

    @contextmanager
    def block():
        with override_settings(TASKS=NO_WORKER), committed():
            yield

    return block


def test_made_members_only_it_is_hidden_from_outsiders_at_once(
    public_item, member, outsider, no_worker
):
    assert titles(outsider) == [TITLE]
    with no_worker():
        edit(public_item, member, visibility="members")
    assert queued(public_item) == 1  # its job has not run
    assert titles(outsider) == []
    assert titles(member) == [TITLE]
    assert SearchDocument.objects.get(type="knowledge").members_only is True


def test_made_a_draft_only_its_author_finds_it_at_once(
    public_item, member, facilitator, outsider, sysadmin, no_worker
):
    with no_worker():
        edit(public_item, member, status="draft")
    assert queued(public_item) == 1
    assert titles(outsider) == [] and titles(facilitator) == [] and titles(sysadmin) == []
    assert titles(member) == [TITLE]


def test_a_deleted_item_is_gone_from_search_at_once(public_item, member, outsider, no_worker):
    with no_worker():
        item_delete(actor=member, item=public_item)
    assert titles(outsider) == [] and titles(member) == []
    assert not SearchDocument.objects.filter(type="knowledge").exists()


def test_moved_to_another_community_old_members_lose_it_at_once(
    community, member, facilitator, committed, no_worker
):
    other = make_community(facilitator=facilitator, name="ชุมชนนักปฏิบัติด้านดิจิทัล", join_policy="open")
    newcomer = UserFactory(username="newcomer")
    community_join(actor=newcomer, community=other)
    with committed():
        item = make_item(author=facilitator, community=community, title=TITLE, visibility="members")
    assert titles(member) == [TITLE] and titles(newcomer) == []
    with no_worker():
        item.community = other
        item.save()
    # Its text was written for the old community, its audience is now the new one:
    # until the job rewrites it, only its author finds it.
    assert titles(member) == [] and titles(newcomer) == []
    assert titles(facilitator) == [TITLE]
    index_object.call("knowledge", item.pk)  # what the worker would do
    assert titles(member) == [] and titles(newcomer) == [TITLE]


def test_made_public_it_waits_for_its_job_so_the_old_text_stays_private(
    community, member, outsider, committed, no_worker
):
    with committed():
        item = make_item(
            author=member, community=community, title=TITLE,
            body="รหัสเข้าห้องประชุม ๔๔๒๑", visibility="members",
        )  # fmt: skip
    with no_worker():
        edit(item, member, body="ติดต่อเจ้าหน้าที่", visibility="public")
    assert titles(outsider) == [] and titles(outsider, "4421") == []
    assert titles(member, "4421") == [TITLE]  # members could read that text
    index_object.call("knowledge", item.pk)
    assert titles(outsider) == [TITLE] and titles(outsider, "4421") == []


@pytest.mark.parametrize(
    "change",
    [{"visibility": "members"}, {"status": "draft"}],
    ids=["members-only", "draft"],
)
def test_a_job_that_loaded_it_public_cannot_publish_it_again(
    public_item, member, outsider, no_worker, change
):
    doc = sources.load("knowledge", public_item.pk)  # the job's load step
    segmented = segment(doc.indexed_text())
    with no_worker():  # meanwhile the item changes; its own job waits in the queue
        edit(public_item, member, **change)
    assert sources.write(doc, segmented) == sources.NARROWED  # the job's write step
    assert titles(outsider) == []
    assert titles(member) == [TITLE]
    row = SearchDocument.objects.get(type="knowledge")
    assert (row.members_only, row.is_draft) == (
        change.get("visibility") == "members",
        change.get("status") == "draft",
    )


def test_a_job_that_loaded_it_before_its_delete_does_not_bring_it_back(
    public_item, member, outsider, no_worker
):
    doc = sources.load("knowledge", public_item.pk)
    segmented = segment(doc.indexed_text())
    with no_worker():
        item_delete(actor=member, item=public_item)
    assert sources.write(doc, segmented) == sources.GONE
    assert titles(outsider) == [] and titles(member) == []
    assert not SearchDocument.objects.filter(type="knowledge").exists()


def test_a_job_loads_again_when_the_item_changed_under_it(public_item, member, outsider, no_worker):
    first = sources.load("knowledge", public_item.pk)
    with no_worker():
        edit(public_item, member, visibility="members", title="แนวทางบริการฉบับสมาชิก")
    assert sources.write(first, segment(first.indexed_text())) == sources.NARROWED
    assert titles(member) == [TITLE]  # narrowed, its old text until the job runs
    assert index_object.call("knowledge", public_item.pk) is True
    assert titles(member) == ["แนวทางบริการฉบับสมาชิก"] and titles(outsider) == []


V = {"members_only": False, "is_draft": False, "community_id": None, "author_id": None}
assert set(V) == set(VISIBILITY)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # public → members-only: the new, narrower audience
        ({**V, "community_id": 1, "author_id": 7}, {**V, "members_only": True, "community_id": 1, "author_id": 7},
         {**V, "members_only": True, "community_id": 1, "author_id": 7}),
        # members-only → public: the old, narrower audience
        ({**V, "members_only": True, "community_id": 1, "author_id": 7}, {**V, "community_id": 1, "author_id": 7},
         {**V, "members_only": True, "community_id": 1, "author_id": 7}),
        # draft → published: still its author's only
        ({**V, "is_draft": True, "community_id": 1, "author_id": 7}, {**V, "community_id": 1, "author_id": 7},
         {**V, "is_draft": True, "community_id": 1, "author_id": 7}),
        # members of one community → of another: its author's only
        ({**V, "members_only": True, "community_id": 1, "author_id": 7},
         {**V, "members_only": True, "community_id": 2, "author_id": 7},
         {**V, "members_only": True, "is_draft": True, "community_id": 2, "author_id": 7}),
        # a draft that changed author: no one's
        ({**V, "is_draft": True, "community_id": 1, "author_id": 7}, {**V, "is_draft": True, "community_id": 1, "author_id": 8},
         {**V, "is_draft": True, "community_id": 1, "author_id": None}),
        # public, moved: the new community (a filter only)
        ({**V, "community_id": 1, "author_id": 7}, {**V, "community_id": 2, "author_id": 7},
         {**V, "community_id": 2, "author_id": 7}),
    ],
)  # fmt: skip
def test_narrowest_shows_a_row_only_to_both_audiences(old, new, expected):
    assert narrowest(old, new) == expected
