"""A real browser walk through the issue's "Done when" for communities and knowledge.

A member joins a community, posts a lesson learned from a study visit with a real file
attached, finds it by searching a word inside a Thai compound, and comments on it.
A non-member, in a second browser, gets 404 for the members-only item and its
attachment and does not see it in search results.

Elements are found by ids, names, hrefs and data-testid, not by translated text, so
the test holds while the Thai catalogue is being written.
"""

import re

import pytest

from cophub.accounts.models import User
from cophub.knowledge.models import Attachment, Comment, KnowledgeItem, Membership
from cophub.knowledge.services import community_link_activity
from cophub.testing import PASSWORD, ActivityFactory, UserFactory, make_community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The smallest well-formed PDF: one empty page.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
TITLE = "บทเรียนจากการศึกษาดูงานศูนย์ราชการสะดวก"
BODY = "ผู้รับบริการมีความพึงพอใจสูงขึ้นหลังปรับขั้นตอนการให้บริการ ลดเวลารอคอยลงครึ่งหนึ่ง"


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def search_links(page, q: str) -> list[str]:
    page.goto("/search/")
    page.locator("#id_q").fill(q)
    page.get_by_test_id("search").click()
    page.wait_for_url(re.compile(r"/search/\?"))
    return page.locator("[data-testid=results] a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def test_member_posts_finds_and_comments_non_member_sees_nothing(page, phone, tmp_path):
    facilitator = UserFactory(username="facilitator", role=User.Role.FACILITATOR)
    community = make_community(
        facilitator=facilitator, name="ชุมชนนักปฏิบัติงานบริการประชาชน", join_policy="open"
    )
    visit = ActivityFactory(title="ศึกษาดูงานศูนย์ราชการสะดวก จังหวัดนนทบุรี")
    community_link_activity(actor=facilitator, community=community, activity=visit)
    UserFactory(username="somchai", role=User.Role.MEMBER)
    UserFactory(username="outsider", role=User.Role.MEMBER)
    attachment = tmp_path / "สรุปการศึกษาดูงาน.pdf"
    attachment.write_bytes(PDF)

    # The member joins the community.
    log_in(page, "somchai")
    page.goto(f"/communities/{community.pk}/")
    page.get_by_test_id("join").click()
    page.get_by_test_id("membership").wait_for()
    assert Membership.objects.filter(community=community, user__username="somchai").exists()

    # … posts a members-only lesson learned from the study visit, with a PDF.
    page.get_by_test_id("share-knowledge").click()
    page.wait_for_url(f"**/communities/{community.pk}/knowledge/new/")
    page.locator("#id_kind").select_option(KnowledgeItem.Kind.LESSON)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_body").fill(BODY)
    page.locator("#id_activity").select_option(str(visit.pk))
    page.locator("#id_visibility").select_option(KnowledgeItem.Visibility.MEMBERS)
    page.locator("#id_attachment").set_input_files(str(attachment))
    page.get_by_test_id("save").click()
    page.wait_for_url(re.compile(r"/knowledge/\d+/$"))
    item = KnowledgeItem.objects.get(title=TITLE)
    item_url = f"/knowledge/{item.pk}/"
    assert page.url.endswith(item_url)
    assert item.activity == visit and item.visibility == KnowledgeItem.Visibility.MEMBERS
    stored = Attachment.objects.get(item=item)
    attachment_url = f"/attachments/{stored.pk}/"
    assert page.locator(f"[data-testid=attachment][href='{attachment_url}']").is_visible()
    download = page.request.get(attachment_url)
    assert download.status == 200 and download.body() == PDF

    # … finds it by a word inside a compound: พึงพอใจ is inside ความพึงพอใจ.
    assert item_url in search_links(page, "พึงพอใจ")

    # … and comments on it.
    page.goto(item_url)
    page.locator("#comments textarea[name=body]").last.fill("ขอบคุณที่แบ่งปันครับ จะนำไปปรับใช้")
    page.get_by_test_id("post-comment").click()
    page.get_by_test_id("comment").first.wait_for()
    assert "ขอบคุณที่แบ่งปันครับ" in page.get_by_test_id("comment").first.inner_text()
    assert Comment.objects.filter(item=item, author__username="somchai").count() == 1

    # A non-member, in a second browser: 404 for the item and its attachment, not in search.
    log_in(phone, "outsider")
    response = phone.goto(item_url)
    assert response.status == 404
    assert TITLE not in phone.content()
    assert phone.request.get(attachment_url).status == 404
    assert item_url not in search_links(phone, "พึงพอใจ")
    assert item_url not in search_links(phone, "ศึกษาดูงาน")
    assert TITLE not in phone.content()
    # The same searches as the member still find it: the outsider's miss is permissions.
    assert item_url in search_links(page, "ศึกษาดูงาน")
