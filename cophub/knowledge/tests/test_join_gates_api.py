"""Join gates over the JSON API: join answers ``member`` or ``pending``; facilitators
list, approve and decline requests and invite; everyone else is refused."""

import pytest
from django.core import mail
from django.test import Client

from cophub.accounts.services import token_create
from cophub.knowledge import services
from cophub.knowledge.models import JoinRequest, Membership
from cophub.testing import UserFactory, make_community, make_item

pytestmark = pytest.mark.django_db

API = "/api/v1/knowledge/communities"


def bearer(user) -> Client:
    _token, secret = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def post(client, url, body=None):
    return client.post(url, body if body is not None else {}, content_type="application/json")


def test_join_answers_pending_by_request_and_member_when_open(
    gated, facilitator, outsider, outsider_client
):
    item = make_item(author=facilitator, community=gated, title="ลับ", visibility="members")
    client = bearer(outsider)
    response = post(client, f"{API}/{gated.pk}/join", {"message": "ขอเข้าร่วมครับ"})
    assert response.status_code == 200 and response.json() == {"state": "pending", "role": None}
    assert post(client, f"{API}/{gated.pk}/join").json()["state"] == "pending"  # still one
    assert JoinRequest.objects.filter(user=outsider).count() == 1 and len(mail.outbox) == 1
    assert client.get(f"/api/v1/knowledge/items/{item.pk}").status_code == 404
    assert item.pk not in [i["id"] for i in client.get("/api/v1/knowledge/items").json()]
    listed = {c["id"]: c for c in client.get(API).json()}[gated.pk]
    assert (listed["members"], listed["state"], listed["join_policy"]) == (1, "pending", "request")

    opened = make_community(facilitator=facilitator, name="ชุมชนเปิด", join_policy="open")
    joined = post(client, f"{API}/{opened.pk}/join")
    assert joined.json() == {"state": "member", "role": "practitioner"}
    assert {c["id"]: c["state"] for c in client.get(API).json()}[opened.pk] == "member"


def test_withdraw_and_its_errors(gated, outsider):
    client = bearer(outsider)
    nothing = post(client, f"{API}/{gated.pk}/withdraw")
    assert nothing.status_code == 400 and nothing.json()["code"] == "no_join_request"
    post(client, f"{API}/{gated.pk}/join")
    withdrawn = post(client, f"{API}/{gated.pk}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "none"
    assert JoinRequest.objects.get(user=outsider).status == "withdrawn"
    assert post(client, f"{API}/999999/join").status_code == 404


def test_a_facilitator_lists_approves_and_declines(gated, facilitator, outsider):
    asker = UserFactory(username="asker")
    for user in (outsider, asker):
        services.community_join(actor=user, community=gated, message=f"จาก {user.username}")
    client = bearer(facilitator)
    listed = client.get(f"{API}/{gated.pk}/requests")
    assert listed.status_code == 200
    rows = {r["username"]: r for r in listed.json()}
    assert set(rows) == {"outsider", "asker"}
    assert rows["outsider"]["kind"] == "request" and rows["outsider"]["message"] == "จาก outsider"

    approved = post(
        client, f"{API}/{gated.pk}/requests/approve", {"join_request": rows["outsider"]["id"]}
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert Membership.objects.filter(community=gated, user=outsider).exists()
    declined = post(
        client, f"{API}/{gated.pk}/requests/decline", {"join_request": rows["asker"]["id"]}
    )
    assert declined.json()["status"] == "declined"
    assert not Membership.objects.filter(community=gated, user=asker).exists()
    again = post(
        client, f"{API}/{gated.pk}/requests/approve", {"join_request": rows["asker"]["id"]}
    )
    assert again.status_code == 409 and again.json()["code"] == "join_request_decided"
    assert client.get(f"{API}/{gated.pk}/requests").json() == []
    unknown = post(client, f"{API}/{gated.pk}/requests/approve", {"join_request": 999999})
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    missing = post(client, f"{API}/{gated.pk}/requests/approve", {})
    assert missing.status_code == 422 and missing.json()["code"] == "invalid_request"


def test_invitations_over_the_api(facilitator, outsider):
    closed = make_community(facilitator=facilitator, name="ชุมชนปิด", join_policy="invitation")
    invitee = bearer(outsider)
    refused = post(invitee, f"{API}/{closed.pk}/join")
    assert refused.status_code == 403 and refused.json()["code"] == "join_by_invitation"
    client = bearer(facilitator)
    sent = post(
        client, f"{API}/{closed.pk}/invitations", {"username": "outsider", "role": "sponsor"}
    )
    assert sent.status_code == 201
    assert (sent.json()["kind"], sent.json()["role"], sent.json()["status"]) == (
        "invitation", "sponsor", "pending",
    )  # fmt: skip
    twice = post(client, f"{API}/{closed.pk}/invitations", {"username": "outsider"})
    assert twice.status_code == 400 and twice.json()["code"] == "already_invited"
    bad_role = post(client, f"{API}/{closed.pk}/invitations", {"username": "x", "role": "boss"})
    assert bad_role.status_code == 422
    assert {c["id"]: c["state"] for c in invitee.get(API).json()}[closed.pk] == "invited"
    accepted = post(invitee, f"{API}/{closed.pk}/invitation/accept")
    assert accepted.json() == {"state": "member", "role": "sponsor"}

    other = UserFactory(username="other")
    invitation = post(client, f"{API}/{closed.pk}/invitations", {"username": "other"}).json()
    withdrawn = post(
        client, f"{API}/{closed.pk}/invitations/withdraw", {"invitation": invitation["id"]}
    )
    assert withdrawn.json()["status"] == "withdrawn"
    late = post(bearer(other), f"{API}/{closed.pk}/invitation/accept")
    assert late.status_code == 400 and late.json()["code"] == "no_invitation"
    post(client, f"{API}/{closed.pk}/invitations", {"username": "other"})
    assert post(bearer(other), f"{API}/{closed.pk}/invitation/decline").json()["state"] == "none"
    assert not Membership.objects.filter(community=closed, user=other).exists()


def test_practitioners_and_outsiders_cannot_do_a_facilitators_work(
    gated, facilitator, member, outsider
):
    asker = UserFactory(username="asker")
    request = services.community_join(actor=asker, community=gated).join_request
    services.member_add(actor=facilitator, community=gated, username="member", role="practitioner")
    for client in (bearer(member), bearer(outsider)):
        assert client.get(f"{API}/{gated.pk}/requests").status_code == 403
        for path, body in [
            ("requests/approve", {"join_request": request.pk}),
            ("requests/decline", {"join_request": request.pk}),
            ("invitations", {"username": "outsider"}),
            ("invitations/withdraw", {"invitation": request.pk}),
        ]:
            response = post(client, f"{API}/{gated.pk}/{path}", body)
            assert response.status_code == 403, path
            assert response.json()["code"] == "permission_denied"
    request.refresh_from_db()
    assert request.status == "pending" and not JoinRequest.objects.filter(kind="invitation")


def test_strangers_get_401_from_every_joining_endpoint(gated):
    stranger = Client()
    assert stranger.get(f"{API}/{gated.pk}/requests").status_code == 401
    for path in [
        "join", "withdraw", "invitation/accept", "invitation/decline", "requests/approve",
        "requests/decline", "invitations", "invitations/withdraw",
    ]:  # fmt: skip
        response = post(stranger, f"{API}/{gated.pk}/{path}", {"join_request": 1})
        assert response.status_code == 401, path
        assert response.json()["code"] == "unauthenticated"
    assert not JoinRequest.objects.exists()


def test_the_schema_declares_the_joining_endpoints():
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    join = paths["/api/v1/knowledge/communities/{community_id}/join"]["post"]
    assert {"200", "401", "403", "404"} <= set(join["responses"])
    assert "/api/v1/knowledge/communities/{community_id}/requests/approve" in paths
    community = schema["components"]["schemas"]["CommunityOut"]["properties"]
    assert community["state"]["enum"] == ["member", "pending", "invited", "none"]
