"""The identifiers looked for, and their redaction."""

from __future__ import annotations

import pytest

from cophub.orgs.models import Person
from cophub.rights.subject import Subject
from cophub.testing import UserFactory

pytestmark = pytest.mark.django_db


def test_every_spelling_of_the_name_and_telephone_is_found_and_replaced():
    p = Person.objects.create(
        prefix="นาย", first_name="สมชาย", last_name="ใจดี", email="Somchai@Example.go.th",
        phone="081-234-5678",
    )  # fmt: skip
    s = Subject.of(p)
    text = (
        "นายสมชาย ใจดี, สมชาย ใจดี, สมชายใจดี, somchai@example.GO.th, "
        "081-234-5678, 0812345678, ๐๘๑๒๓๔๕๖๗๘"
    )
    redacted = s.redact(text)
    assert redacted == ", ".join(
        [f"ผู้ถูกลบข้อมูล #{p.pk}"] * 3 + [f"erased-{p.pk}@invalid"] + [f"ผู้ถูกลบข้อมูล #{p.pk}"] * 3
    )


def test_name_parts_alone_are_redacted_only_when_asked():
    p = Person.objects.create(first_name="สมชาย", last_name="ใจดี")
    s = Subject.of(p)
    assert s.redact("ขอบคุณสมชาย") == "ขอบคุณสมชาย"
    assert s.redact("ขอบคุณสมชาย", parts=True) == f"ขอบคุณผู้ถูกลบข้อมูล #{p.pk}"
    # Too short to be looked for alone: it is part of too many other words.
    assert "ดี" not in Subject.of(Person.objects.create(first_name="ดี", last_name="มา")).parts


def test_json_values_are_redacted_inside_and_keys_too():
    p = Person.objects.create(first_name="สมชาย", last_name="ใจดี", email="a@b.go.th")
    s = Subject.of(p)
    value = {"to": ["a@b.go.th", "c@d.go.th"], "สมชาย ใจดี": {"n": 1, "x": "สมชาย ใจดี"}}
    assert s.redact_value(value) == {
        "to": [f"erased-{p.pk}@invalid", "c@d.go.th"],
        f"ผู้ถูกลบข้อมูล #{p.pk}": {"n": 1, "x": f"ผู้ถูกลบข้อมูล #{p.pk}"},
    }
    assert "\\u0e2a\\u0e21" in "".join(s.json_forms())  # as SQLite's JSON text spells Thai


def test_a_name_part_alone_is_redacted_only_as_whole_words():
    p = Person.objects.create(first_name="สมชาย", last_name="ใจดี")
    s = Subject.of(p)
    gone = f"ผู้ถูกลบข้อมูล #{p.pk}"
    assert s.redact("ขอบคุณอาจารย์สมชายมาก", parts=True) == f"ขอบคุณอาจารย์{gone}มาก"
    assert s.redact("ไปชายหาดกับสมชาย", parts=True) == f"ไปชายหาดกับ{gone}"
    # สม|ชายา: the letters of the name inside another word are not the name.
    assert s.redact("ภรรยาของสมชายา", parts=True) == "ภรรยาของสมชายา"
    # วิทยากร|ใจ|ดีมาก: the surname's letters, not the word.
    assert s.redact("วิทยากรใจดีมาก อธิบายชัดเจน", parts=True) == "วิทยากรใจดีมาก อธิบายชัดเจน"
    # อาจารย์|ใจดี|และ|เก่ง: the word ใจดี, which a surname alone cannot be told from.
    assert s.redact("อาจารย์ใจดีและเก่ง", parts=True) == "อาจารย์ใจดีและเก่ง"
    # A value that is the surname and nothing else is theirs (an audit row's changes).
    assert s.redact_value({"last_name": ["ใจดี", "x"]}, parts=True) == {"last_name": [gone, "x"]}
    assert s.redact("สมชาย ใจดี") == gone  # the whole name, wherever it is


def test_the_username_is_replaced_where_a_value_is_exactly_it():
    user = UserFactory(username="sunanta", first_name="สุนันทา", last_name="มีสุข")
    p = Person.objects.create(user=user, first_name="สุนันทา", last_name="มีสุข")
    s = Subject.of(p)
    gone = f"ผู้ถูกลบข้อมูล #{p.pk}"
    value = {"user": "sunanta", "role": "facilitator", "note": "sunanta.k joined", "x": "Sunanta"}
    assert s.redact_value(value) == {
        "user": gone, "role": "facilitator", "note": "sunanta.k joined", "x": gone,
    }  # fmt: skip
    assert '"sunanta"' in s.handle_forms()
