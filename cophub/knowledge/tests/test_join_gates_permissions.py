"""Join gates: who may answer requests and invite (facilitators only; practitioners,
outsiders and strangers are refused), bad and stale input on the pages, htmx, and the
queries of the waiting list, the community page and the admin."""

import pytest
from django.test import Client

from cophub.core.errors import DomainError
from cophub.knowledge import services
from cophub.knowledge.models import JoinRequest
from cophub.knowledge.permissions import is_member
from cophub.testing import UserFactory, make_community

pytestmark = pytest.mark.django_db


# --- who may do what ------------------------------------------------------------------
def test_a_practitioner_or_outsider_cannot_answer_requests_or_invite(
    gated, facilitator, member, outsider, outsider_client
):
    services.community_join(actor=member, community=gated)
    services.join_request_decide(
        actor=facilitator,
        join_request=JoinRequest.objects.get(user=member),
        approve=True,
    )
    newcomer = UserFactory(username="newcomer")
    waiting = services.community_join(actor=newcomer, community=gated).join_request
    invitation = services.invitation_create(actor=facilitator, community=gated, username="outsider")
    practitioner = Client()
    practitioner.force_login(member)
    for client in (practitioner, outsider_client):
        base = f"/communities/{gated.pk}"
        assert client.get(f"{base}/requests/").status_code == 403
        assert (
            client.post(
                f"{base}/requests/decide/", {"join_request": waiting.pk, "decision": "approve"}
            ).status_code
            == 403
        )
        assert (
            client.post(
                f"{base}/invitations/", {"username": "newcomer", "role": "facilitator"}
            ).status_code
            == 403
        )
        assert (
            client.post(f"{base}/invitations/withdraw/", {"invitation": invitation.pk}).status_code
            == 403
        )
    for action in (
        lambda: services.join_request_decide(actor=member, join_request=waiting, approve=True),
        lambda: services.invitation_create(actor=member, community=gated, username="newcomer"),
        lambda: services.invitation_withdraw(actor=member, invitation=invitation),
    ):
        with pytest.raises(DomainError) as exc:
            action()
        assert exc.value.code == "permission_denied"
    waiting.refresh_from_db()
    invitation.refresh_from_db()
    assert waiting.status == invitation.status == "pending"
    assert not is_member(newcomer, gated)
    # The facilitator's page is not shown to a practitioner either.
    page = practitioner.get(f"/communities/{gated.pk}/").content.decode()
    assert 'data-testid="join-requests"' not in page


def test_strangers_are_sent_to_log_in_from_every_joining_page(gated):
    stranger = Client()
    for method, path in [
        ("get", "requests/"), ("post", "requests/decide/"), ("post", "invitations/"),
        ("post", "invitations/withdraw/"), ("post", "join/"), ("post", "withdraw/"),
        ("post", "invitation/"),
    ]:  # fmt: skip
        response = getattr(stranger, method)(f"/communities/{gated.pk}/{path}")
        assert response.status_code == 302 and "/login/" in response.url, path
    assert not JoinRequest.objects.exists()


def test_a_request_is_answered_only_in_its_own_community(
    gated, facilitator, facilitator_client, outsider
):
    other = make_community(facilitator=facilitator, name="ชุมชนอื่น")
    request = services.community_join(actor=outsider, community=gated).join_request
    wrong = facilitator_client.post(
        f"/communities/{other.pk}/requests/decide/",
        {"join_request": request.pk, "decision": "approve"},
    )
    assert wrong.status_code == 404
    tampered = facilitator_client.post(
        f"/communities/{gated.pk}/requests/decide/", {"join_request": "x", "decision": "yes"}
    )
    assert tampered.status_code == 302
    request.refresh_from_db()
    assert request.status == "pending" and not is_member(outsider, gated)


def test_answering_twice_on_the_page_is_told_not_a_500(
    gated, facilitator, facilitator_client, outsider
):
    request = services.community_join(actor=outsider, community=gated).join_request
    url = f"/communities/{gated.pk}/requests/decide/"
    facilitator_client.post(url, {"join_request": request.pk, "decision": "decline"}, follow=True)
    again = facilitator_client.post(
        url, {"join_request": request.pk, "decision": "approve"}, follow=True
    )
    assert again.status_code == 200
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    assert not is_member(outsider, gated)


def test_htmx_gets_the_list_with_its_message(gated, facilitator_client, outsider):
    request = services.community_join(actor=outsider, community=gated).join_request
    response = facilitator_client.post(
        f"/communities/{gated.pk}/requests/decide/",
        {"join_request": request.pk, "decision": "approve"},
        HTTP_HX_REQUEST="true", follow=True,
    )  # fmt: skip
    html = response.content.decode()
    waiting = html[html.index('<div id="waiting">') :]
    assert 'role="status"' in waiting and 'data-testid="no-requests"' in waiting


# --- the facilitator's waiting list ------------------------------------------------------
def test_the_waiting_list_shows_who_asked_with_a_fixed_number_of_queries(
    gated, facilitator, facilitator_client
):
    from cophub.orgs.models import Organization
    from cophub.orgs.services import person_get_or_create
    from cophub.testing import count_queries

    organization = Organization.objects.filter(parent__isnull=False).first()
    url = f"/communities/{gated.pk}/requests/"

    def ask(n, start):
        for i in range(start, start + n):
            user = UserFactory(username=f"asker{i}")
            person, _ = person_get_or_create(
                prefix="นาย", first_name="ผู้ขอ", last_name=str(i), organization=organization
            )
            person.user = user
            person.save()
            services.community_join(actor=user, community=gated, message=f"ข้อความ {i}")
            invitee = UserFactory(username=f"invitee{i}")
            services.invitation_create(
                actor=facilitator, community=gated, username=invitee.username
            )

    ask(1, 0)
    small = count_queries(lambda: facilitator_client.get(url))
    ask(6, 1)
    response = facilitator_client.get(url)
    assert len(response.context["requests"]) == 7 and len(response.context["invitations"]) == 7
    assert organization.name in response.content.decode()
    assert small == count_queries(lambda: facilitator_client.get(url)) == WAITING_PAGE_QUERIES
    api = f"/api/v1/knowledge/communities/{gated.pk}/requests"
    assert count_queries(lambda: facilitator_client.get(api)) == WAITING_API_QUERIES


# Session, user, the community, the facilitator's memberships, the waiting rows.
WAITING_PAGE_QUERIES = 5
WAITING_API_QUERIES = 5


def test_the_admin_shows_the_policy_and_the_waiting_rows_read_only(gated, outsider, admin_client):
    services.community_join(actor=outsider, community=gated)
    page = admin_client.get(f"/admin/knowledge/community/{gated.pk}/change/")
    assert page.status_code == 200
    assert "outsider" in page.content.decode()
    assert (
        admin_client.get("/admin/knowledge/community/?join_policy__exact=request").status_code
        == 200
    )


def test_the_community_page_runs_fixed_queries_for_requesters_and_facilitators(
    gated, facilitator_client, outsider, outsider_client
):
    from cophub.testing import count_queries

    services.community_join(actor=outsider, community=gated)
    url = f"/communities/{gated.pk}/"

    def counts():
        return [
            count_queries(lambda c=c: c.get(url)) for c in (outsider_client, facilitator_client)
        ]

    small = counts()
    for i in range(5):
        services.community_join(actor=UserFactory(username=f"asker{i}"), community=gated)
    # A member's 7 (test_pages) and the requester's own waiting row; for the
    # facilitator, the waiting count and the activity choices of the filing form.
    assert small == counts() == [8, 9]
