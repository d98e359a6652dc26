""" "Did you mean": one letter away, from the index's own words, on either database.

Run on SQLite (the default) and on PostgreSQL (``DATABASE_URL=postgres://…``): the
vocabulary comes from FTS5's fts5vocab on one and ts_stat on the other.
"""

import pytest
from django.db import connection
from django.test import Client

from cophub.accounts.services import token_create
from cophub.search.selectors import did_you_mean, search_results
from cophub.search.suggest import Vocabulary, correct
from cophub.testing import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(community, member, committed):
    with committed():
        make_item(author=member, community=community, title="ผลสำรวจความพึงพอใจของประชาชน")
        make_item(author=member, community=community, title="ความพึงพอใจต่อการให้บริการ")
        make_item(author=member, community=community, title="พึงพอใจมาก")
        make_item(author=member, community=community, title="การพัฒนาระบบบริการ")


def test_a_one_letter_typo_is_corrected_from_the_index_words(indexed, member):
    assert connection.vendor in {"sqlite", "postgresql"}
    assert search_results(user=member, q="พึงพอไจ")[1] == 0
    assert did_you_mean(user=member, q="พึงพอไจ", count=0) == "พึงพอใจ"
    assert did_you_mean(user=member, q="พึงพอใจ", count=0) is None  # already a word
    assert did_you_mean(user=member, q="บริกร", count=0) == "บริการ"  # a letter missing
    assert did_you_mean(user=member, q="พึงพอไจ", count=3) is None  # found enough


def test_the_most_frequent_neighbour_wins():
    vocab = Vocabulary((), {"บริการ": 5, "บริหาร": 1, "บริกาย": 9}, "กยรหาิบ")
    assert correct("บริกาน", vocab) == "บริกาย"
    assert correct("บริการ", vocab) is None
    assert correct("ขขขขข", vocab) is None


def test_a_hidden_document_never_suggests_its_words(community, member, outsider, committed):
    with committed():
        make_item(author=member, community=community, title="แผนยุทธศาสตร์ลับ", visibility="members")
    assert did_you_mean(user=member, q="ยุทธศาสตน์", count=0) == "ยุทธศาสตร์"
    assert did_you_mean(user=outsider, q="ยุทธศาสตน์", count=0) is None


def test_page_links_the_suggestion_and_api_returns_it(indexed, member, member_client):
    page = member_client.get("/search/", {"q": "พึงพอไจ", "kind": "lesson"}).content.decode()
    assert (
        'หมายถึง <a href="?q=%E0%B8%9E%E0%B8%B6%E0%B8%87%E0%B8%9E%E0%B8%AD%E0%B9%83%E0%B8%88'
        '&amp;kind=lesson">พึงพอใจ</a> หรือไม่'
    ) in page
    _t, secret = token_create(user=member)
    body = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/search?q=พึงพอไจ").json()
    assert (body["count"], body["suggestion"]) == (0, "พึงพอใจ")
    body = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/search?q=พึงพอใจ").json()
    assert body["count"] == 3 and body["suggestion"] is None
