"""Join gates: members-only knowledge needs an approved membership.

A community is open (anyone joins at once), by request (a facilitator approves) or by
invitation. A waiting request or invitation counts as membership nowhere: not for
items, attachments, comments, search, the API or the member counts.
"""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.knowledge import services
from cophub.knowledge.models import Community, JoinRequest, Membership, Role
from cophub.knowledge.permissions import can_post, forget_memberships, is_member
from cophub.knowledge.selectors import member_community_ids
from cophub.search.query import search
from cophub.testing import UserFactory, make_community, make_item

pytestmark = pytest.mark.django_db

SECRET = "บันทึกข้อตกลงลับของชุมชนกฎหมาย"
PDF = b"%PDF-1.4 members only"
NO_SUCH_USER = "ไม่พบผู้ใช้ชื่อ “nobody”"  # in the catalogue already


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def secret(gated, facilitator, committed):
    """A members-only item with an attachment, indexed for search."""
    with committed():
        return make_item(
            author=facilitator, community=gated, title=SECRET, visibility="members",
            files=[SimpleUploadedFile("บันทึก.pdf", PDF)],
        )  # fmt: skip


def access(client, user, item) -> dict:
    """What the person reaches of a members-only item, every way there is."""
    forget_memberships(user)
    attachment = item.attachments.get()
    return {
        "page": client.get(f"/knowledge/{item.pk}/").status_code,
        "attachment": client.get(f"/attachments/{attachment.pk}/").status_code,
        "api": client.get(f"/api/v1/knowledge/items/{item.pk}").status_code,
        "api_list": item.pk in [i["id"] for i in client.get("/api/v1/knowledge/items").json()],
        "comment": client.post(f"/knowledge/{item.pk}/comments/", {"body": "ขอบคุณ"}).status_code,
        "search": any(h.object_id == item.pk for h in search(user=user, q="ข้อตกลง")[0]),
        "search_page": item.get_absolute_url() in client.get("/search/?q=ข้อตกลง").content.decode(),
    }


NONE = {"page": 404, "attachment": 404, "api": 404, "api_list": False, "comment": 404,
        "search": False, "search_page": False}  # fmt: skip
ALL = {"page": 200, "attachment": 200, "api": 200, "api_list": True, "comment": 302,
       "search": True, "search_page": True}  # fmt: skip


def test_new_communities_ask_for_approval(gated):
    assert gated.join_policy == Community.JoinPolicy.REQUEST
    assert Community._meta.get_field("join_policy").default == "request"


def test_a_requester_reaches_nothing_until_approved_then_everything(
    gated, secret, facilitator, outsider, outsider_client, facilitator_client
):
    response = outsider_client.post(f"/communities/{gated.pk}/join/", {"message": "ขอเข้าร่วม"})
    assert response.status_code == 302
    request = JoinRequest.objects.get(community=gated, user=outsider)
    assert (request.kind, request.status, request.message) == ("request", "pending", "ขอเข้าร่วม")
    assert not Membership.objects.filter(community=gated, user=outsider).exists()
    # The facilitators hear of it, in Thai, with the link to the waiting list.
    (to_facilitator,) = mail.outbox
    assert to_facilitator.to == [facilitator.email]
    assert "ขอเข้าร่วม" in to_facilitator.subject  # waits for the catalogue merge
    assert f"/communities/{gated.pk}/requests/" in to_facilitator.body
    assert "ขอเข้าร่วม" in to_facilitator.body  # their message

    # While waiting: no item, no attachment, no comment, not in search, not a member.
    assert access(outsider_client, outsider, secret) == NONE
    assert not is_member(outsider, gated) and not can_post(outsider, gated)
    assert gated.pk not in set(member_community_ids(outsider))
    assert outsider_client.get(f"/communities/{gated.pk}/knowledge/new/").status_code == 403
    page = outsider_client.get(f"/communities/{gated.pk}/")
    assert page.context["waiting"] == request and page.context["membership"] is None
    assert 'data-testid="waiting"' in page.content.decode()
    assert "รอการอนุมัติ" in page.content.decode()  # waits for the catalogue merge
    assert [len(page.context["community"].memberships.all())] == [1]
    (listed,) = outsider_client.get("/communities/").context["communities"]
    assert (listed.n_members, listed.is_member, listed.waiting) == (1, False, "request")
    moderating = facilitator_client.get(f"/communities/{gated.pk}/")
    assert moderating.context["n_waiting"] == 1
    assert 'data-testid="join-requests"' in moderating.content.decode()

    decided = facilitator_client.post(
        f"/communities/{gated.pk}/requests/decide/",
        {"join_request": request.pk, "decision": "approve"},
    )
    assert decided.status_code == 302 and decided.url == f"/communities/{gated.pk}/requests/"
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("approved", facilitator)
    assert Membership.objects.get(community=gated, user=outsider).role == Role.PRACTITIONER
    assert mail.outbox[-1].to == [outsider.email]
    assert "ยินดีต้อนรับ" in mail.outbox[-1].subject  # waits for the catalogue merge
    assert access(outsider_client, outsider, secret) == ALL
    assert set(
        AuditLog.objects.filter(object_id=str(gated.pk)).values_list("action", flat=True)
    ) >= {"community.join.requested", "community.join.approved"}


def test_declined_or_withdrawn_requests_give_no_access(
    gated, secret, facilitator, outsider, outsider_client
):
    outcome = services.community_join(actor=outsider, community=gated)
    assert outcome.state == "pending"
    services.join_request_decide(
        actor=facilitator, join_request=outcome.join_request, approve=False
    )
    assert mail.outbox[-1].to == [outsider.email]
    assert "ไม่ได้รับการอนุมัติ" in mail.outbox[-1].body  # waits for the catalogue merge
    assert access(outsider_client, outsider, secret) == NONE

    # A declined person may ask again, and take it back.
    again = services.community_join(actor=outsider, community=gated)
    assert again.state == "pending" and again.join_request.pk != outcome.join_request.pk
    response = outsider_client.post(f"/communities/{gated.pk}/withdraw/")
    assert response.status_code == 302
    assert list(
        JoinRequest.objects.filter(user=outsider).order_by("pk").values_list("status", flat=True)
    ) == ["declined", "withdrawn"]
    assert access(outsider_client, outsider, secret) == NONE
    assert not Membership.objects.filter(community=gated, user=outsider).exists()
    # Withdrawing what is not there is told, not a 500, and changes nothing.
    nothing = outsider_client.post(f"/communities/{gated.pk}/withdraw/", follow=True)
    assert nothing.status_code == 200
    assert [m.message for m in nothing.context["messages"]] == [
        "ไม่มีคำขอเข้าร่วมที่รออยู่ให้ถอน"  # waits for the catalogue merge
    ]
    with pytest.raises(DomainError) as exc:
        services.join_request_withdraw(actor=outsider, community=gated)
    assert exc.value.code == "no_join_request"


def test_a_message_over_the_limit_is_refused_not_cut(gated, outsider, outsider_client):
    response = outsider_client.post(f"/communities/{gated.pk}/join/", {"message": "ก" * 1001})
    assert response.status_code == 302 and not JoinRequest.objects.exists()
    page = outsider_client.get(response.url)
    assert [m.level_tag for m in page.context["messages"]] == ["error"]


def test_asking_twice_keeps_one_request_and_one_mail(gated, outsider):
    first = services.community_join(actor=outsider, community=gated)
    second = services.community_join(actor=outsider, community=gated)
    assert first.join_request == second.join_request
    assert JoinRequest.objects.filter(user=outsider).count() == 1 and len(mail.outbox) == 1
    assert AuditLog.objects.filter(action="community.join.requested").count() == 1


def test_an_answered_request_cannot_be_answered_again(gated, facilitator, outsider):
    request = services.community_join(actor=outsider, community=gated).join_request
    services.join_request_decide(actor=facilitator, join_request=request, approve=False)
    with pytest.raises(DomainError) as exc:
        services.join_request_decide(actor=facilitator, join_request=request, approve=True)
    assert exc.value.code == "join_request_decided"
    assert not Membership.objects.filter(community=gated, user=outsider).exists()


def test_the_open_policy_is_unchanged(facilitator, outsider, outsider_client):
    open_one = make_community(facilitator=facilitator, name="ชุมชนเปิด", join_policy="open")
    response = outsider_client.post(f"/communities/{open_one.pk}/join/")
    assert response.status_code == 302
    assert Membership.objects.get(community=open_one, user=outsider).role == Role.PRACTITIONER
    assert not JoinRequest.objects.exists() and mail.outbox == []
    assert AuditLog.objects.filter(action="community.joined", object_id=str(open_one.pk)).exists()
    page = outsider_client.get(f"/communities/{open_one.pk}/").content.decode()
    assert 'data-testid="membership"' in page and 'data-testid="request-join"' not in page


def test_the_buttons_follow_the_policy(facilitator, outsider_client):
    pages = {
        policy: outsider_client.get(
            make_community(
                facilitator=facilitator, name=f"ชุมชน {policy}", join_policy=policy
            ).get_absolute_url()
        ).content.decode()
        for policy in Community.JoinPolicy.values
    }
    assert (
        'data-testid="join"' in pages["open"] and 'data-testid="request-join"' not in pages["open"]
    )
    assert (
        'data-testid="request-join"' in pages["request"]
        and 'data-testid="join"' not in pages["request"]
    )
    assert 'data-testid="invitation-only"' in pages["invitation"]
    assert 'data-testid="join"' not in pages["invitation"]


def test_invitation_only_refuses_to_join_and_the_invited_person_accepts(
    facilitator, facilitator_client, outsider, outsider_client, committed
):
    closed = make_community(facilitator=facilitator, name="ชุมชนปิด", join_policy="invitation")
    with committed():
        item = make_item(
            author=facilitator, community=closed, title=SECRET, visibility="members",
            files=[SimpleUploadedFile("บันทึก.pdf", PDF)],
        )  # fmt: skip
    refused = outsider_client.post(f"/communities/{closed.pk}/join/", follow=True)
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]
    assert not JoinRequest.objects.exists()
    with pytest.raises(DomainError) as exc:
        services.community_join(actor=outsider, community=closed)
    assert (exc.value.code, exc.value.status) == ("join_by_invitation", 403)

    sent = facilitator_client.post(
        f"/communities/{closed.pk}/invitations/",
        {"username": "outsider", "role": "note_taker", "message": "เชิญร่วมบันทึกความรู้"},
    )
    assert sent.status_code == 302
    invitation = JoinRequest.objects.get(user=outsider)
    assert (invitation.kind, invitation.role, invitation.created_by) == (
        "invitation", "note_taker", facilitator,
    )  # fmt: skip
    (invited_mail,) = mail.outbox
    assert invited_mail.to == [outsider.email] and "คำเชิญ" in invited_mail.subject  # merge
    assert f"/communities/{closed.pk}/" in invited_mail.body
    assert "เชิญร่วมบันทึกความรู้" in invited_mail.body
    # Invited is not a member yet.
    assert access(outsider_client, outsider, item) == NONE
    page = outsider_client.get(f"/communities/{closed.pk}/").content.decode()
    assert 'data-testid="accept-invitation"' in page
    (listed,) = outsider_client.get("/communities/").context["communities"]
    assert (listed.n_members, listed.waiting) == (1, "invitation")

    accepted = outsider_client.post(f"/communities/{closed.pk}/invitation/", {"decision": "accept"})
    assert accepted.status_code == 302
    assert Membership.objects.get(community=closed, user=outsider).role == Role.NOTE_TAKER
    invitation.refresh_from_db()
    assert invitation.status == "approved"
    assert access(outsider_client, outsider, item) == ALL
    assert AuditLog.objects.filter(action="community.invitation.accepted").exists()


def test_a_declined_or_withdrawn_invitation_gives_no_access(facilitator, outsider, outsider_client):
    closed = make_community(facilitator=facilitator, name="ชุมชนปิด", join_policy="invitation")
    services.invitation_create(actor=facilitator, community=closed, username="outsider")
    response = outsider_client.post(
        f"/communities/{closed.pk}/invitation/", {"decision": "decline"}
    )
    assert response.status_code == 302
    assert JoinRequest.objects.get(user=outsider).status == "declined"
    assert not is_member(outsider, closed)

    invitation = services.invitation_create(
        actor=facilitator, community=closed, username="outsider"
    )
    services.invitation_withdraw(actor=facilitator, invitation=invitation)
    with pytest.raises(DomainError) as exc:
        services.invitation_answer(actor=outsider, community=closed, accept=True)
    assert exc.value.code == "no_invitation"
    assert not Membership.objects.filter(community=closed, user=outsider).exists()
    bad = outsider_client.post(f"/communities/{closed.pk}/invitation/", {"decision": "maybe"})
    assert bad.status_code == 302 and not is_member(outsider, closed)
    assert {"community.invitation.declined", "community.invitation.withdrawn"} <= set(
        AuditLog.objects.values_list("action", flat=True)
    )


def test_inviting_checks_who_it_is(gated, facilitator, member, outsider):
    def refused(username):
        with pytest.raises(DomainError) as exc:
            services.invitation_create(actor=facilitator, community=gated, username=username)
        return exc.value.code

    assert refused("nobody") == "unknown_user"
    assert refused("facilitator") == "already_member"
    services.community_join(actor=outsider, community=gated)
    assert refused("outsider") == "join_request_waiting"
    other = UserFactory(username="somsri")
    services.invitation_create(actor=facilitator, community=gated, username="somsri")
    assert refused("somsri") == "already_invited"
    with pytest.raises(DomainError) as exc:
        services.invitation_create(
            actor=facilitator, community=gated, username="somsri", role="boss"
        )
    assert exc.value.code == "invalid_role"
    # An invited person who presses "join" accepts the invitation.
    assert services.community_join(actor=other, community=gated).state == "member"


def test_the_invite_form_shows_the_problem_with_a_400(gated, facilitator_client):
    response = facilitator_client.post(
        f"/communities/{gated.pk}/invitations/", {"username": "nobody", "role": "practitioner"}
    )
    assert response.status_code == 400
    assert response.context["invite_form"].errors["username"] == [NO_SUCH_USER]
    assert not JoinRequest.objects.exists()
    empty = facilitator_client.post(f"/communities/{gated.pk}/invitations/", {})
    assert empty.status_code == 400 and "username" in empty.context["invite_form"].errors


def test_adding_a_member_directly_settles_their_waiting_request(gated, facilitator, outsider):
    request = services.community_join(actor=outsider, community=gated).join_request
    services.member_add(actor=facilitator, community=gated, username="outsider", role="sponsor")
    request.refresh_from_db()
    assert request.status == "approved" and is_member(outsider, gated)


def test_opening_a_community_lets_a_waiting_requester_join_at_once(gated, facilitator, outsider):
    request = services.community_join(actor=outsider, community=gated).join_request
    services.community_update(
        actor=facilitator, community=gated, name=gated.name, purpose="", join_policy="open"
    )
    log = AuditLog.objects.filter(action="community.updated").latest("pk")
    assert log.changes["join_policy"] == ["request", "open"]
    request.refresh_from_db()
    assert request.status == "pending"  # a policy change decides nobody
    assert services.community_join(actor=outsider, community=gated).state == "member"
    request.refresh_from_db()
    assert request.status == "approved"


def test_the_policy_is_chosen_on_the_forms(facilitator, facilitator_client):
    response = facilitator_client.post(
        "/communities/new/", {"name": "ชุมชนใหม่", "purpose": "", "join_policy": "invitation"}
    )
    assert response.status_code == 302
    created = Community.objects.get(name="ชุมชนใหม่")
    assert created.join_policy == "invitation"
    bad = facilitator_client.post(
        f"/communities/{created.pk}/edit/", {"name": "ชุมชนใหม่", "join_policy": "anyone"}
    )
    assert bad.status_code == 200 and "join_policy" in bad.context["form"].errors
    with pytest.raises(DomainError) as exc:
        make_community(facilitator=facilitator, name="อีกชุมชน", join_policy="anyone")
    assert exc.value.code == "invalid_join_policy"


@pytest.mark.django_db(transaction=True)
def test_communities_that_existed_before_the_gate_stay_open():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("knowledge", "0001_initial")], [("knowledge", "0002_join_gates")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("knowledge", "Community")
    old.objects.create(name="ชุมชนเดิม", purpose="")
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    try:
        assert Community.objects.get(name="ชุมชนเดิม").join_policy == "open"
        assert Community.objects.create(name="ชุมชนใหม่").join_policy == "request"
    finally:
        # Every app back to its latest migration: rolling knowledge back also unapplied
        # the apps whose migrations depend on it (follow-ups), which later tests need.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
