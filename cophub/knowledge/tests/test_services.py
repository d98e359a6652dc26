"""Communities and knowledge through the services: roles, moderation, visibility, history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.knowledge import services
from cophub.knowledge.models import Comment, KnowledgeItem, Membership, Role
from cophub.knowledge.permissions import can_view_item
from cophub.knowledge.selectors import visible_items
from cophub.testing import ActivityFactory, make_community, make_item

pytestmark = pytest.mark.django_db


def test_creator_is_facilitator_and_members_join_as_practitioners(community, facilitator, member):
    roles = dict(
        Membership.objects.filter(community=community).values_list("user__username", "role")
    )
    assert roles == {"facilitator": Role.FACILITATOR, "member": Role.PRACTITIONER}
    assert AuditLog.objects.filter(action="community.joined", object_id=str(community.pk)).exists()


def test_plain_members_cannot_create_communities(member):
    with pytest.raises(DomainError) as exc:
        make_community(facilitator=member, name="ชุมชนใหม่")
    assert exc.value.code == "permission_denied"


def test_community_names_are_unique_ignoring_case(facilitator):
    make_community(facilitator=facilitator, name="KM Club")
    with pytest.raises(DomainError) as exc:
        make_community(facilitator=facilitator, name="km  club")
    assert exc.value.code == "community_name_taken"


def test_only_facilitators_moderate(community, member, outsider, facilitator):
    membership = Membership.objects.get(community=community, user=member)
    for action in [
        lambda: services.member_add(
            actor=member, community=community, username="outsider", role="practitioner"
        ),
        lambda: services.member_set_role(actor=member, membership=membership, role="facilitator"),
        lambda: services.member_remove(actor=member, membership=membership),
    ]:
        with pytest.raises(DomainError) as exc:
            action()
        assert exc.value.code == "permission_denied"
    added = services.member_add(
        actor=facilitator, community=community, username="outsider", role="note_taker"
    )
    assert added.role == Role.NOTE_TAKER
    with pytest.raises(DomainError) as exc:
        services.member_add(
            actor=facilitator, community=community, username="outsider", role="practitioner"
        )
    assert exc.value.code == "already_member"


def test_the_last_facilitator_cannot_leave(community, facilitator):
    with pytest.raises(DomainError) as exc:
        services.community_leave(actor=facilitator, community=community)
    assert exc.value.code == "last_facilitator"


def test_visibility_public_members_only_and_drafts(
    community, member, outsider, facilitator, sysadmin
):
    public = make_item(author=member, community=community, title="สาธารณะ")
    private = make_item(
        author=member, community=community, title="เฉพาะสมาชิก", visibility="members"
    )
    draft = make_item(author=member, community=community, title="ร่าง", status="draft")
    assert set(visible_items(outsider)) == {public}
    assert set(visible_items(member)) == {public, private, draft}
    assert set(visible_items(facilitator)) == {public, private}
    assert set(visible_items(sysadmin)) == {public, private}
    assert not can_view_item(outsider, private) and not can_view_item(facilitator, draft)


def test_non_members_cannot_post(community, outsider):
    with pytest.raises(DomainError):
        make_item(author=outsider, community=community)


def test_edit_keeps_history_and_reindexes(community, member):
    item = make_item(author=member, community=community, title="ก่อนแก้", body="เดิม")
    data = services.ItemData(kind="lesson", title="หลังแก้", body="ใหม่", tags=["บริการ"])
    services.item_update(actor=member, item=item, data=data)
    revision = item.revisions.get()
    assert (revision.title, revision.body) == ("ก่อนแก้", "เดิม")
    assert [t.name for t in item.tags.all()] == ["บริการ"]


def test_best_practice_keeps_host_and_aar_keeps_the_four_answers(community, member):
    from cophub.testing import ops

    practice = make_item(
        author=member, community=community, kind="practice", host_organization=ops()
    )
    assert practice.host_organization == ops()
    aar = make_item(
        author=member,
        community=community,
        kind="aar",
        aar_expected="ก",
        aar_actual="ข",
        aar_why="ค",
        aar_learned="ง",
        host_organization=ops(),
    )
    assert (aar.aar_expected, aar.aar_learned, aar.host_organization) == ("ก", "ง", None)


def test_replies_stay_one_level_and_facilitators_hide_comments(community, member, facilitator):
    item = make_item(author=member, community=community)
    top = services.comment_create(actor=facilitator, item=item, body="ดีมาก")
    reply = services.comment_create(actor=member, item=item, body="ขอบคุณ", parent=top)
    deeper = services.comment_create(actor=facilitator, item=item, body="ยินดี", parent=reply)
    assert reply.parent == top and deeper.parent == top
    with pytest.raises(DomainError):
        services.comment_set_hidden(actor=member, comment=top, hidden=True)
    services.comment_set_hidden(actor=facilitator, comment=top, hidden=True)
    assert Comment.objects.get(pk=top.pk).hidden


def test_drafts_take_no_comments(community, member):
    item = make_item(author=member, community=community, status="draft")
    with pytest.raises(DomainError) as exc:
        services.comment_create(actor=member, item=item, body="x")
    assert exc.value.code == "comment_on_draft"


def test_useful_marks_toggle(community, member, outsider):
    item = make_item(author=member, community=community)
    assert services.useful_toggle(actor=outsider, item=item) is True
    assert services.useful_toggle(actor=outsider, item=item) is False
    assert item.useful_marks.count() == 0


@pytest.mark.parametrize(
    ("name", "size", "code"),
    [("run.exe", 10, "attachment_type"), ("noext", 10, "attachment_type"),
     ("big.pdf", services.MAX_ATTACHMENT_MB * 1024 * 1024 + 1, "attachment_too_big")],
)  # fmt: skip
def test_bad_attachments_are_refused_and_nothing_is_saved(community, member, name, size, code):
    f = SimpleUploadedFile(name, b"x" * size)
    with pytest.raises(DomainError) as exc:
        make_item(author=member, community=community, files=[f])
    assert exc.value.code == code
    assert not KnowledgeItem.objects.exists()


def test_attachments_are_stored_under_a_generated_name(community, member, settings):
    f = SimpleUploadedFile("../../รายงาน ดูงาน.pdf", b"%PDF-1.4 test", content_type="text/html")
    item = make_item(author=member, community=community, files=[f])
    a = item.attachments.get()
    assert a.name.endswith("รายงาน ดูงาน.pdf") and a.content_type == "application/pdf"
    assert a.file.name.startswith(f"knowledge/{item.pk}/attachment")
    assert (settings.MEDIA_ROOT / a.file.name).exists()


def test_an_activity_belongs_to_one_community(community, facilitator, sysadmin):
    activity = ActivityFactory()
    services.community_link_activity(actor=facilitator, community=community, activity=activity)
    other = make_community(facilitator=sysadmin, name="อีกชุมชน")
    with pytest.raises(DomainError) as exc:
        services.community_link_activity(actor=sysadmin, community=other, activity=activity)
    assert exc.value.code == "activity_linked"
