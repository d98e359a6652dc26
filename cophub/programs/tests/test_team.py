"""A program's team: the owner adds and removes facilitators and co-organisers by user name;
the team role, not the global role, is what grants access to the program."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.participants.permissions import can_check_in, can_check_in_anywhere
from cophub.programs.models import ProgramMember
from cophub.programs.permissions import can_edit_program, can_manage_team, can_work_on_program
from cophub.programs.services import program_member_add, program_member_remove
from cophub.surveys.permissions import can_see_results
from cophub.testing import ActivityFactory, ProgramFactory, UserFactory, join_team

F, CO = ProgramMember.Role.FACILITATOR, ProgramMember.Role.CO_ORGANISER


@pytest.fixture
def program(organiser):
    return ProgramFactory(owner=organiser)


@pytest.fixture
def suda(db) -> User:
    return UserFactory(username="suda", first_name="สุดา", last_name="มีสุข", role="facilitator")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- services -----------------------------------------------------------------------
def test_the_owner_adds_and_removes_a_facilitator_with_audit_rows(organiser, program, suda):
    member = program_member_add(actor=organiser, program=program, username=" suda ", role=F)
    assert (member.program, member.user, member.role, member.added_by) == (
        program, suda, F, organiser
    )  # fmt: skip
    added = AuditLog.objects.get(action="program.member.added")
    assert (added.actor, added.object_id, added.changes) == (
        organiser, str(program.pk), {"user": "suda", "role": F}
    )  # fmt: skip
    program_member_remove(actor=organiser, member=member)
    assert not ProgramMember.objects.exists()
    removed = AuditLog.objects.get(action="program.member.removed")
    assert removed.changes == {"user": "suda", "role": F}


def test_the_team_roles_are_read_once_per_user_object(program, suda, django_assert_num_queries):
    """A page asks several questions, and the door two per scan (some team at all, then the
    code's program): one query answers them all for the request's user."""
    ours, theirs = ActivityFactory(program=program), ActivityFactory(program=ProgramFactory())
    join_team(program, suda)
    with django_assert_num_queries(1):
        assert can_check_in_anywhere(suda) and can_check_in(suda, ours)
        assert can_see_results(suda, ours) and not can_see_results(suda, theirs)


@pytest.mark.parametrize(
    "username, role, code",
    [
        ("nobody", F, "team_user_unknown"),
        ("organiser", F, "team_owner"),
        ("suda", "sponsor", "team_role_invalid"),
    ],
)
def test_bad_additions_are_refused_with_a_thai_message(
    organiser, program, suda, username, role, code
):
    with pytest.raises(DomainError) as caught:
        program_member_add(actor=organiser, program=program, username=username, role=role)
    assert caught.value.code == code and caught.value.status == 400
    assert (
        not ProgramMember.objects.exists()
        and not AuditLog.objects.filter(action="program.member.added").exists()
    )


def test_an_inactive_user_cannot_be_added(organiser, program):
    UserFactory(username="gone", is_active=False)
    with pytest.raises(DomainError) as caught:
        program_member_add(actor=organiser, program=program, username="gone", role=F)
    assert caught.value.code == "team_user_unknown"


def test_adding_someone_twice_is_a_conflict(organiser, program, suda):
    program_member_add(actor=organiser, program=program, username="suda", role=F)
    with pytest.raises(DomainError) as caught:
        program_member_add(actor=organiser, program=program, username="suda", role=CO)
    assert (caught.value.code, caught.value.status) == ("team_member_exists", 409)
    assert ProgramMember.objects.get().role == F


def test_only_the_owner_and_admins_change_the_team(
    organiser, other_organiser, sysadmin, member, program, suda
):
    co = UserFactory(username="co")
    join_team(program, co, CO)
    join_team(program, member, F)
    for actor in (other_organiser, co, member, suda):
        with pytest.raises(DomainError) as caught:
            program_member_add(actor=actor, program=program, username="suda", role=F)
        assert caught.value.code == "permission_denied"
        with pytest.raises(DomainError):
            program_member_remove(actor=actor, member=ProgramMember.objects.get(user=member))
    assert program_member_add(actor=sysadmin, program=program, username="suda", role=F)


def test_roles_grant_this_program_only(organiser, program, suda):
    elsewhere = ProgramFactory(owner=organiser)
    co = UserFactory(username="co", role=User.Role.MEMBER)
    join_team(program, suda, F)
    join_team(program, co, CO)
    # A facilitator works on the program but does not edit it; a co-organiser edits it
    # but does not choose the team; neither reaches the organiser's other program.
    assert (can_work_on_program(suda, program), can_edit_program(suda, program)) == (True, False)
    assert (can_edit_program(co, program), can_manage_team(co, program)) == (True, False)
    for user in (suda, co):
        assert not can_work_on_program(user, elsewhere)


def test_the_global_facilitator_role_alone_grants_nothing(suda, program):
    activity = ActivityFactory(program=program)
    assert not can_see_results(suda, activity)
    assert not can_check_in(suda, activity)
    assert not can_check_in_anywhere(suda)  # the API's unknown codes: on no team
    join_team(ProgramFactory(), suda)
    assert can_check_in_anywhere(suda) and not can_check_in(suda, activity)


# --- the program page ---------------------------------------------------------------
def test_the_owner_manages_the_team_on_the_program_page(organiser_client, program, suda):
    url = reverse("programs:detail", args=[program.pk])
    page = organiser_client.get(url).content.decode()
    assert 'data-testid="program-team"' in page and "ทีมโครงการ" in page
    response = organiser_client.post(
        reverse("programs:team_add", args=[program.pk]), {"username": "suda", "role": F}
    )
    assert response.status_code == 302 and response["Location"] == f"{url}#team"
    page = organiser_client.get(url).content.decode()
    assert "สุดา มีสุข" in page and "เข้าร่วมทีมโครงการแล้ว" in page
    member = ProgramMember.objects.get()
    response = organiser_client.post(reverse("programs:team_remove", args=[program.pk, member.pk]))
    assert response.status_code == 302 and not ProgramMember.objects.exists()


def test_a_bad_user_name_reshows_the_page_with_the_thai_reason(organiser_client, program):
    response = organiser_client.post(
        reverse("programs:team_add", args=[program.pk]), {"username": "ไม่มีคนนี้", "role": F}
    )
    assert response.status_code == 400
    assert "ไม่พบผู้ใช้ที่ใช้งานอยู่ซึ่งมีชื่อผู้ใช้ ไม่มีคนนี้" in response.content.decode()
    assert not ProgramMember.objects.exists()


def test_the_team_sees_the_section_without_the_form_and_members_see_nothing(
    member_client, program, suda
):
    join_team(program, suda)
    url = reverse("programs:detail", args=[program.pk])
    page = _client(suda).get(url).content.decode()
    assert 'data-testid="program-team"' in page and 'data-testid="team-add"' not in page
    assert 'data-testid="program-team"' not in member_client.get(url).content.decode()


def test_nobody_but_the_owner_posts_to_the_team(member_client, other_client, program, suda):
    member = join_team(program, suda)
    co = UserFactory(username="co")
    join_team(program, co, CO)
    for client in (member_client, other_client, _client(suda), _client(co)):
        add = client.post(reverse("programs:team_add", args=[program.pk]), {"username": "co"})
        remove = client.post(reverse("programs:team_remove", args=[program.pk, member.pk]))
        assert (add.status_code, remove.status_code) == (403, 403)
    assert ProgramMember.objects.count() == 2


def test_a_member_of_another_program_cannot_be_removed_through_this_one(
    organiser, organiser_client, suda
):
    mine, theirs = ProgramFactory(owner=organiser), ProgramFactory()
    member = join_team(theirs, suda)
    url = reverse("programs:team_remove", args=[mine.pk, member.pk])
    assert organiser_client.post(url).status_code == 404
    assert ProgramMember.objects.filter(pk=member.pk).exists()


def test_a_co_organiser_edits_but_does_not_delete(program):
    co = UserFactory(username="co")
    join_team(program, co, CO)
    client = _client(co)
    assert client.get(reverse("programs:edit", args=[program.pk])).status_code == 200
    assert client.get(reverse("programs:activity_create", args=[program.pk])).status_code == 200
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert reverse("programs:edit", args=[program.pk]) in page
    assert reverse("programs:delete", args=[program.pk]) not in page
    assert client.post(reverse("programs:delete", args=[program.pk])).status_code == 403
    program.refresh_from_db()  # still there
