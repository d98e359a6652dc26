"""Pages and commands: permissions on items and attachments, sanitising, import, queries."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import translation

from cophub.knowledge.models import Community, KnowledgeItem
from cophub.testing import make_item

pytestmark = pytest.mark.django_db


def test_members_only_item_and_its_attachment_are_hidden_from_non_members(
    community, member, member_client, outsider_client
):
    f = SimpleUploadedFile("บันทึก.pdf", b"%PDF-1.4 secret")
    item = make_item(author=member, community=community, visibility="members", files=[f])
    attachment = item.attachments.get()
    assert member_client.get(f"/knowledge/{item.pk}/").status_code == 200
    download = member_client.get(f"/attachments/{attachment.pk}/")
    assert (
        download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 secret"
    )
    assert download["Content-Type"] == "application/pdf"
    assert outsider_client.get(f"/knowledge/{item.pk}/").status_code == 404
    assert outsider_client.get(f"/attachments/{attachment.pk}/").status_code == 404
    assert outsider_client.get(f"/api/v1/knowledge/items/{item.pk}").status_code == 404
    assert Client().get(f"/attachments/{attachment.pk}/").status_code == 302  # to log-in


def test_markdown_is_sanitised(community, member, member_client):
    body = "**ดี** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    item = make_item(author=member, community=community, body=body)
    html = member_client.get(f"/knowledge/{item.pk}/").content.decode()
    assert "<strong>ดี</strong>" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert 'href="javascript' not in html and "<img src=x" not in html


def test_member_cannot_moderate_over_the_pages(community, member, member_client):
    item = make_item(author=member, community=community)
    outsider_post = member_client.post(
        f"/communities/{community.pk}/members/", {"username": "member", "role": "facilitator"}
    )
    assert outsider_post.status_code == 403
    comment = item.comments.create(author=member, body="x")
    assert member_client.post(f"/comments/{comment.pk}/hide/", {"hidden": "1"}).status_code == 403


def test_member_posts_through_the_form_and_csrf_is_checked(community, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = f"/communities/{community.pk}/knowledge/new/"
    data = {"kind": "lesson", "title": "บทเรียน", "visibility": "public"}
    assert client.post(url, data).status_code == 403  # no CSRF token
    client = Client()
    client.force_login(member)
    response = client.post(url, data)
    assert response.status_code == 302 and KnowledgeItem.objects.filter(title="บทเรียน").exists()
    bad = client.post(url, {"kind": "practice", "title": "x", "visibility": "public"})
    assert bad.status_code == 200 and "host_organization" in bad.context["form"].errors


def test_list_pages_query_counts_are_exact_and_do_not_grow(
    community, member, member_client, facilitator, django_capture_on_commit_callbacks
):
    """Communities, a community's page and search: the same queries with 3 or 18 items
    (with tags and comments), 1 or 4 communities (zulip's assert_database_query_count style)."""
    from cophub.knowledge.services import comment_create
    from cophub.testing import count_queries, make_community

    pages = ["/communities/", f"/communities/{community.pk}/", "/search/?q=เรื่อง"]

    def add(n, start):
        with django_capture_on_commit_callbacks(execute=True):  # indexed at commit
            for i in range(start, start + n):
                item = make_item(
                    author=member, community=community, title=f"เรื่อง {i}", tags=[f"แท็ก{i}"]
                )
                comment_create(actor=member, item=item, body="ขอบคุณ")

    add(3, 0)
    small = [count_queries(lambda url=url: member_client.get(url)) for url in pages]
    add(15, 3)
    for n in range(3):
        make_community(facilitator=facilitator, name=f"ชุมชนเพิ่ม {n}")
    expected = LIST_QUERIES[connection.vendor]
    assert (
        small
        == [count_queries(lambda url=url: member_client.get(url)) for url in pages]
        == expected
    )


# PostgreSQL's search backend reads the highest id (where the newest blocks are) and sets a
# planner option for the search in its own transaction (BEGIN and SET LOCAL), whatever the
# number of items; SQLite's reads the second tier's candidates back to rank them (one more).
LIST_QUERIES = {"sqlite": [3, 7, 9], "postgresql": [3, 7, 11]}


def test_import_knowledge_reports_bad_lines_and_loads_the_rest(tmp_path, sysadmin, capsys):
    lines = [
        json.dumps({"title": "บทเรียนน้ำท่วม", "body": "…", "kind": "lesson", "tags": ["น้ำ"], "community": "ชุมชนใหม่"}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "ไม่มีชนิด", "body": "", "tags": [], "community": "ชุมชนใหม่"}, ensure_ascii=False),
        json.dumps({"title": "x", "body": "", "kind": "poem", "tags": [], "community": "ก"}),
        json.dumps({"title": "x", "body": "", "kind": "howto", "tags": "ไม่ใช่รายการ", "community": "ก"}, ensure_ascii=False),
        "[1, 2]",
        "",
        json.dumps({"title": "วิธีจองห้อง", "body": "ขั้นตอน", "kind": "howto", "tags": [], "community": "ชุมชนใหม่"}, ensure_ascii=False),
    ]  # fmt: skip
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with translation.override("en"):  # the messages are translated; check the English
        call_command("import-knowledge", str(path))
    out, err = capsys.readouterr()
    assert "Loaded 2 items; 5 lines had problems" in out
    for n in (2, 3, 4, 5, 6):
        assert f"Line {n}:" in err
    assert Community.objects.filter(name="ชุมชนใหม่").count() == 1
    assert KnowledgeItem.objects.count() == 2
    path.write_text("{bad\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import-knowledge", str(path))


def test_an_import_job_run_again_adds_nothing_twice(sysadmin, tmp_path, settings):
    """The import job records how far it got in each line's transaction: a second run of
    the same job (a worker killed after some lines) continues, never repeats."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from cophub.jobs.models import Job
    from cophub.jobs.runner import execute

    settings.MEDIA_ROOT = tmp_path
    line = '{{"title": "เรื่อง {n}", "body": "เนื้อหา", "kind": "lesson", "tags": [], "community": "ชุมชน ก"}}'
    upload = default_storage.save(
        "jobs/uploads/items.jsonl",
        ContentFile("\n".join(line.format(n=n) for n in range(4)).encode()),
    )
    job = Job.objects.create(
        kind="knowledge.import", owner=sysadmin, params={"upload": upload, "author_id": sysadmin.pk}
    )
    # As if the first run had committed two lines before its worker died:
    from cophub.knowledge.services import import_lines

    import_lines(actor=sysadmin, lines=[line.format(n=n) for n in range(2)])
    job.result = {"after": 2, "loaded": 2, "problems": []}
    job.save()
    execute(job)
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.result["loaded"]) == ("done", 4, 4, 4)
    assert sorted(KnowledgeItem.objects.values_list("title", flat=True)) == [
        f"เรื่อง {n}" for n in range(4)
    ]
    execute(job)  # a third run: everything is done already
    assert KnowledgeItem.objects.count() == 4


def test_knowledge_list_apis_query_counts_are_exact_and_do_not_grow(
    community, member, member_client, facilitator, django_capture_on_commit_callbacks
):
    from cophub.testing import count_queries, make_community

    urls = ["/api/v1/knowledge/communities", "/api/v1/knowledge/items"]

    def counts():
        return [count_queries(lambda url=url: member_client.get(url)) for url in urls]

    make_item(author=member, community=community, title="เรื่องแรก", tags=["น้ำ"])
    small = counts()
    for i in range(8):
        make_item(author=member, community=community, title=f"เรื่อง {i}", tags=[f"แท็ก{i}"])
    make_community(facilitator=facilitator, name="ชุมชนที่สอง")
    assert small == counts() == API_LIST_QUERIES


API_LIST_QUERIES = [3, 3]
