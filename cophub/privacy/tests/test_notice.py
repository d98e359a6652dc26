"""The privacy notice: public, versioned, a published version never edited, edited only
by system administrators (on the page and in the Django admin)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.core.thai import thai_date, thai_digits
from cophub.privacy import selectors, services
from cophub.privacy.models import PrivacyNotice
from cophub.privacy.purposes import PURPOSES

pytestmark = pytest.mark.django_db

NOTICE = reverse("privacy:notice")
MANAGE = reverse("privacy:notice_manage")


def _edit(notice, **changes) -> dict:
    values = {
        "title": notice.title, "controller": notice.controller, "body": notice.body,
        "dpo_contact": notice.dpo_contact,
        "effective_date": notice.effective_date,
    }  # fmt: skip
    return {**values, **changes}


def test_the_migration_leaves_a_draft_for_the_admin_to_complete_and_publish():
    draft = selectors.notice_draft()
    assert draft is not None and not draft.is_published
    assert draft.title == "ประกาศความเป็นส่วนตัว ระบบชุมชนนักปฏิบัติ (CoP Hub)"
    assert "สำนักงานปลัดกระทรวงมหาดไทย" in draft.controller
    assert "มาตรา ๒๔ (๔)" in draft.body and "๗๒ ชั่วโมง" in draft.body
    assert selectors.notice_current() is None


def test_before_any_is_published_the_public_page_says_so(stranger_client):
    page = stranger_client.get(NOTICE)
    assert page.status_code == 200
    assert "ยังไม่ได้เผยแพร่ประกาศความเป็นส่วนตัว" in page.content.decode()


def test_anyone_reads_the_notice_in_force_without_logging_in(stranger_client, notice):
    page = stranger_client.get(NOTICE)
    assert page.status_code == 200
    html = page.content.decode()
    today = timezone.localdate()
    assert f"ฉบับที่ ๑ มีผลใช้บังคับตั้งแต่วันที่ {thai_date(today, style='long')}" in html
    assert "ผู้ควบคุมข้อมูลส่วนบุคคล" in html and "ติดต่อเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล" in html
    # The purposes table, frozen from the registry, with each lawful basis in Thai.
    assert "ภารกิจของรัฐ (มาตรา ๒๔ (๔))" in html and "ความยินยอม (มาตรา ๑๙)" in html
    assert html.count('id="purpose-') == len(PURPOSES)


def test_a_published_version_is_never_edited(sysadmin, notice):
    with pytest.raises(DomainError) as caught:
        services.notice_draft_update(actor=sysadmin, notice=notice, **_edit(notice, title="x"))
    assert caught.value.code == "notice_published"
    with pytest.raises(DomainError):
        services.notice_publish(actor=sysadmin, notice=notice)
    notice.refresh_from_db()
    assert notice.title != "x" and notice.version == 1


def test_a_change_is_a_new_version_and_the_old_one_stays_readable(
    sysadmin, sysadmin_client, stranger_client, notice
):
    opened = sysadmin_client.post(MANAGE)
    draft = PrivacyNotice.objects.get(published_at__isnull=True)
    assert opened["Location"] == reverse("privacy:notice_edit", args=[draft.pk])
    assert draft.body == notice.body  # a copy of the version in force, to edit
    form = _edit(draft, title="ประกาศความเป็นส่วนตัว ฉบับปรับปรุง")
    form["effective_date"] = thai_digits(f"02/12/{timezone.localdate().year + 543}")  # B.E.
    saved = sysadmin_client.post(reverse("privacy:notice_edit", args=[draft.pk]), form)
    assert saved.status_code == 302, saved.content.decode()
    sysadmin_client.post(reverse("privacy:notice_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.version == 2 and draft.is_published
    assert draft.effective_date == dt.date(timezone.localdate().year, 12, 2)

    old = stranger_client.get(reverse("privacy:notice_version", args=[1])).content.decode()
    assert notice.title in old and "ฉบับนี้เป็นฉบับก่อนหน้า" in old
    assert stranger_client.get(reverse("privacy:notice_version", args=[3])).status_code == 404
    actions = list(
        AuditLog.objects.filter(object_type="privacy.privacynotice", object_id=str(draft.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "privacy_notice.drafted",
        "privacy_notice.edited",
        "privacy_notice.published",
    ]


def test_a_version_published_ahead_of_its_date_waits_for_it(sysadmin, notice):
    draft = services.notice_draft_start(actor=sysadmin)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.notice_draft_update(
        actor=sysadmin, notice=draft, **_edit(draft, effective_date=tomorrow)
    )
    services.notice_publish(actor=sysadmin, notice=draft)
    assert selectors.notice_current().version == 1
    assert selectors.notice_current(today=tomorrow).version == 2


def test_the_published_table_of_purposes_is_frozen(sysadmin, notice, monkeypatch):
    from cophub.privacy import purposes

    frozen = notice.purposes
    assert [p["code"] for p in frozen] == list(PURPOSES)
    assert frozen[0]["basis_label"] == "ภารกิจของรัฐ (มาตรา ๒๔ (๔))"
    changed = dict(PURPOSES)
    changed.pop("photo")
    monkeypatch.setattr(purposes, "PURPOSES", changed)
    monkeypatch.setattr(selectors, "PURPOSES", changed)
    assert selectors.notice_purposes(notice) == frozen  # as people saw it
    draft = services.notice_draft_start(actor=sysadmin)
    assert "photo" not in [p["code"] for p in selectors.notice_purposes(draft)]


@pytest.mark.parametrize("who", ["organiser_client", "member_client"])
def test_only_system_admins_edit_the_notice(who, request, notice, sysadmin):
    client = request.getfixturevalue(who)
    draft = services.notice_draft_start(actor=sysadmin)
    assert client.get(MANAGE).status_code == 403
    assert client.post(MANAGE).status_code == 403
    assert client.get(reverse("privacy:notice_edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("privacy:notice_publish", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def test_a_stranger_is_sent_to_log_in(stranger_client, notice):
    assert stranger_client.get(MANAGE)["Location"].startswith(reverse("login"))


def test_the_service_refuses_anyone_but_an_admin(organiser):
    with pytest.raises(DomainError) as caught:
        services.notice_draft_start(actor=organiser)
    assert caught.value.code == "permission_denied"


def test_the_django_admin_edits_a_draft_through_the_service_and_not_a_published_one(
    admin_client, notice
):
    published = reverse("admin:privacy_privacynotice_change", args=[notice.pk])
    page = admin_client.get(published)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # read-only: no field to change
    draft = services.notice_draft_start(actor=notice.published_by)
    url = reverse("admin:privacy_privacynotice_change", args=[draft.pk])
    year = timezone.localdate().year + 543
    response = admin_client.post(url, {
        "title": "ร่างฉบับที่สอง", "controller": draft.controller, "body": draft.body,
        "dpo_contact": draft.dpo_contact, "effective_date": f"1/1/{year + 1}",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.title == "ร่างฉบับที่สอง" and draft.effective_date.year == year + 1 - 543
    assert AuditLog.objects.filter(action="privacy_notice.edited", object_id=str(draft.pk)).exists()


def test_the_django_admin_adds_no_notice_while_a_draft_is_open(admin_client, notice):
    """Adding saved through ``notice_draft_start``, which hands back the open draft: the
    "new" notice overwrote the draft someone was writing."""
    add = reverse("admin:privacy_privacynotice_add")
    draft = services.notice_draft_start(actor=notice.published_by)
    services.notice_draft_update(
        actor=notice.published_by, notice=draft, **_edit(draft, title="ร่างที่กำลังเขียน")
    )
    assert (
        "privacynotice/add/"
        not in admin_client.get(reverse("admin:privacy_privacynotice_changelist")).content.decode()
    )
    response = admin_client.post(add, {
        "title": "ฉบับใหม่", "controller": draft.controller, "body": draft.body,
        "dpo_contact": draft.dpo_contact, "effective_date": "1/1/2570",
    })  # fmt: skip
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title == "ร่างที่กำลังเขียน"
    assert PrivacyNotice.objects.count() == 2
    # Once the draft is published, the next one may be added.
    services.notice_publish(actor=notice.published_by, notice=draft)
    assert (
        "privacynotice/add/"
        in admin_client.get(reverse("admin:privacy_privacynotice_changelist")).content.decode()
    )
    response = admin_client.post(add, {
        "title": "ฉบับใหม่", "controller": draft.controller, "body": draft.body,
        "dpo_contact": draft.dpo_contact, "effective_date": "1/1/2570",
    })  # fmt: skip
    assert response.status_code == 302
    assert selectors.notice_draft().title == "ฉบับใหม่"


@pytest.mark.parametrize("blank", ["title", "controller", "body", "dpo_contact"])
def test_an_incomplete_notice_is_not_published(sysadmin, sysadmin_client, blank):
    draft = selectors.notice_draft()
    services.notice_draft_update(actor=sysadmin, notice=draft, **_edit(draft, **{blank: "  "}))
    with pytest.raises(DomainError) as caught:
        services.notice_publish(actor=sysadmin, notice=draft)
    assert caught.value.code == "notice_incomplete"
    labels = {
        "title": "ชื่อประกาศ", "controller": "ผู้ควบคุมข้อมูลส่วนบุคคล", "body": "เนื้อหาประกาศ",
        "dpo_contact": "ช่องทางติดต่อเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล",
    }  # fmt: skip
    response = sysadmin_client.post(
        reverse("privacy:notice_publish", args=[draft.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="th"
    )
    assert (
        f"ประกาศความเป็นส่วนตัวจะเผยแพร่ได้เมื่อกรอกครบถ้วนแล้ว โปรดกรอก{labels[blank]}"
        in response.content.decode()
    )
    draft.refresh_from_db()
    assert not draft.is_published and selectors.notice_current() is None
