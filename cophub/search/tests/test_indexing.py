"""Keeping the index current: a job per thing per transaction, run at commit, reading
the row as it is; the rebuild with its progress; NUL bytes in a search."""

from collections import Counter

import pytest
from django.db import connection, transaction
from django_tasks import TaskResultStatus
from django_tasks.signals import task_enqueued

from cophub.knowledge.models import Community, KnowledgeItem
from cophub.knowledge.services import (
    ItemData,
    community_link_activity,
    community_unlink_activity,
    item_delete,
    item_update,
)
from cophub.programs.models import Activity, Program
from cophub.programs.services import program_import
from cophub.search.backends import get_backend
from cophub.search.index import Doc, index_put
from cophub.search.models import SearchDocument
from cophub.search.query import search
from cophub.search.sources import load, reindex
from cophub.search.tasks import index_object
from cophub.testing import ActivityFactory, SiteFactory, demo_document, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued():
    """(type, id) of every indexing job enqueued, in order."""
    jobs = []

    def record(sender, task_result, **kwargs):
        if task_result.task.module_path == "cophub.search.tasks.index_object":
            jobs.append(tuple(task_result.args))

    task_enqueued.connect(record, dispatch_uid="test_enqueued")
    yield jobs
    task_enqueued.disconnect(dispatch_uid="test_enqueued")


def titles(user, q) -> list[str]:
    return [h.title for h in search(user=user, q=q)[0]]


def test_the_backend_is_the_databases_own():
    assert get_backend().vendor == connection.vendor
    assert get_backend() is get_backend()


def test_a_program_import_indexes_each_thing_once_at_commit(organiser, enqueued, committed):
    with committed():
        program = program_import(actor=organiser, document=demo_document())
        assert enqueued == []  # nothing before the commit
    activities = list(Activity.objects.filter(program=program).values_list("pk", flat=True))
    assert len(activities) > 1
    expected = {("program", program.pk), *(("activity", pk) for pk in activities)}
    assert set(enqueued) == expected
    assert Counter(enqueued).most_common(1)[0][1] == 1
    docs = SearchDocument.objects.filter(type__in=["program", "activity"])
    assert docs.count() == len(expected)


def test_saving_parts_again_in_one_transaction_still_indexes_once(
    facilitator, community, enqueued, committed
):
    with committed():
        activity = ActivityFactory(title="ศึกษาดูงานศูนย์ราชการสะดวก")
        for name in ["ศูนย์เรียนรู้เกษตร", "ศูนย์ดำรงธรรม", "ที่ว่าการอำเภอ"]:
            SiteFactory(activity=activity, name=name)
        activity.program.save()
        activity.save()
        community_link_activity(actor=facilitator, community=community, activity=activity)
    assert sorted(enqueued) == [("activity", activity.pk), ("program", activity.program_id)]
    doc = SearchDocument.objects.get(type="activity", object_id=activity.pk)
    assert doc.community_id == community.pk and "ศูนย์ดำรงธรรม" in doc.text
    with committed():
        community_unlink_activity(actor=facilitator, link=activity.community_link)
    assert SearchDocument.objects.get(type="activity", object_id=activity.pk).community_id is None


def test_a_rolled_back_change_indexes_nothing(community, member, enqueued, committed):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        make_item(author=member, community=community, title="บันทึกที่ยกเลิก")
        raise RuntimeError
    assert enqueued == [] and titles(member, "ยกเลิก") == []


def test_a_change_after_a_rolled_back_savepoint_is_still_indexed(community, member, committed):
    with committed():
        item = make_item(author=member, community=community, title="เรื่องเดิม")
    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            item.title = "เรื่องที่ถอยกลับ"
            item.save()  # its job is asked for inside the savepoint that rolls back
            raise RuntimeError
        item.title = "เรื่องที่บันทึกจริง"
        item.save()
    assert titles(member, "บันทึกจริง") == ["เรื่องที่บันทึกจริง"]
    assert titles(member, "เดิม") == [] and titles(member, "ถอยกลับ") == []


def test_services_edit_and_delete_reach_the_index(community, member, committed):
    with committed():
        item = make_item(author=member, community=community, title="ก่อนแก้ไขงานบริการ")
    data = ItemData(kind="lesson", title="หลังแก้ไขงานบริการ", body="", tags=["สาธารณสุข"])
    with committed():
        item_update(actor=member, item=item, data=data)
    assert titles(member, "บริการ") == ["หลังแก้ไขงานบริการ"]
    assert titles(member, "สาธารณสุข") == ["หลังแก้ไขงานบริการ"]  # tags set after the save
    with committed():
        item_delete(actor=member, item=item)
    assert titles(member, "บริการ") == []
    assert not SearchDocument.objects.filter(type="knowledge").exists()


def test_the_job_reads_the_row_when_it_runs_and_is_idempotent(community, member, committed):
    with committed():
        item = make_item(author=member, community=community, title="คู่มือการให้บริการ")
    KnowledgeItem.objects.filter(pk=item.pk).update(title="คู่มือฉบับปรับปรุง")  # no signal
    for _ in range(2):
        result = index_object.enqueue("knowledge", item.pk)
        assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, True)
    assert SearchDocument.objects.get(type="knowledge").title == "คู่มือฉบับปรับปรุง"
    assert titles(member, "ปรับปรุง") == ["คู่มือฉบับปรับปรุง"]
    left = load("knowledge", item.pk)
    KnowledgeItem.objects.filter(pk=item.pk).delete()  # its document goes with it, at once
    assert not SearchDocument.objects.filter(type="knowledge").exists()
    index_put(left)  # a document left behind (deletes once waited for their job)
    assert SearchDocument.objects.filter(type="knowledge").exists()
    for _ in range(2):
        assert index_object.enqueue("knowledge", item.pk).return_value is False
    assert not SearchDocument.objects.filter(type="knowledge").exists()
    assert titles(member, "ปรับปรุง") == []


def test_reindex_reports_progress_and_removes_what_is_gone(community, member, committed):
    for n in range(4):
        make_item(author=member, community=community, title=f"บทเรียนการให้บริการ {n}")
    ActivityFactory(title="ศึกษาดูงานศูนย์ราชการสะดวก")  # and its program
    with committed():  # indexed, then its item is deleted where no signal sees it
        gone = make_item(author=member, community=community, title="เรื่องที่ถูกลบไปแล้ว")
    KnowledgeItem.objects.filter(pk=gone.pk).delete()
    index_put(Doc(type="program", object_id=10**9, title="โครงการที่ไม่มีอยู่", url="/"))
    total = sum(m.objects.count() for m in [Community, Program, Activity, KnowledgeItem])
    assert total == 7
    calls = []
    assert reindex(batch=2, progress=lambda done, of: calls.append((done, of))) == total
    assert calls == [(2, 7), (4, 7), (6, 7), (7, 7)]
    assert SearchDocument.objects.count() == total
    assert titles(member, "ลบไป") == [] and titles(member, "ไม่มีอยู่") == []
    lessons = [f"บทเรียนการให้บริการ {n}" for n in range(4)]
    assert sorted(titles(member, "บริการ")) == sorted([community.name, *lessons])
    assert titles(member, "ราชการ") == ["ศึกษาดูงานศูนย์ราชการสะดวก"]
    calls.clear()
    assert reindex(batch=10, progress=lambda done, of: calls.append((done, of))) == total
    assert calls == [(7, 7)] and SearchDocument.objects.count() == total
    # Two processes (one pool for the whole rebuild) write the very same words.
    words = sorted(SearchDocument.objects.values_list("type", "object_id", "title", "text"))
    assert reindex(processes=2, batch=3) == total
    assert sorted(SearchDocument.objects.values_list("type", "object_id", "title", "text")) == words
    assert sorted(titles(member, "บริการ")) == sorted([community.name, *lessons])


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "\x00"}, {"q": "บริการ", "kind": "\x00"}, {"q": "บริการ", "kind": "lesson\x00"},
        {"q": "\x00บริการ\x00"}, {"q": "บริการ", "community": "\x00"}, {"q": "บริการ", "limit": "\x00"},
    ],
)  # fmt: skip
def test_nul_bytes_in_a_search_are_a_clean_400_never_a_500(member_client, params):
    """Refused before the search runs, by the one check every route has (core middleware)."""
    response = member_client.get("/api/v1/search", params)
    assert (response.status_code, response.json()["code"]) == (400, "bad_characters")
    assert member_client.get("/search/", params).status_code == 400
