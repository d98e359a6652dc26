"""A member, an organiser of another program and a facilitator on another program's team
read every GET route of the URL configuration against one program's world (its activity,
survey, results, registrations, certificates, job, community…). Each may open only what
any signed-in staff member may (programs, activities and open communities are shared
across the ministry by design: docs/search.md, docs/knowledge.md), their own things, and
what their role grants everywhere; every other route must refuse them. A new route is
checked without a word; one that answers them must be added here on purpose, with why.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import resolve

from cophub.accounts.models import User
from cophub.core.tests import test_reads_never_write as sweep
from cophub.core.tests.test_reads_never_write import fill, routes
from cophub.core.tests.test_strangers_are_refused import PUBLIC, REFUSED
from cophub.testing import ProgramFactory, UserFactory, join_team

world = sweep.world

pytestmark = pytest.mark.django_db

# Open to every signed-in staff member, whatever their role, and why.
ANY_STAFF = {
    # one's own account, registrations, data requests and password
    "accounts:profile", "participants:mine", "rights:mine", "password_change",
    "password_change_done",
    # programs, their activities and their official report are shared across the ministry
    "programs:list", "programs:detail", "programs:activity", "reports:program",
    "api:program_list", "api:program_read", "api:program_report",
    # open communities and their published items (a closed one's are not: knowledge tests)
    "knowledge:communities", "knowledge:community", "knowledge:item", "knowledge:item_history",
    "knowledge:attachment", "api:community_list", "api:item_list", "api:item_detail",
    "search:search", "api:search",
    # the activity's QR: check oneself in, register while registration is open
    "participants:gate", "participants:register",
    # reference data for the address fields
    "orgs:districts",
    # the survey's public face (a link holder answers; a signed-in one too)
    "api:survey_read",
}  # fmt: skip
# Granted by a role everywhere (accounts.User.Role), not by a place on this program.
BY_ROLE = {
    User.Role.MEMBER: set(),
    User.Role.FACILITATOR: {"knowledge:community_create"},
    User.Role.ORGANISER: {
        "knowledge:community_create", "programs:create", "programs:import",
        # the executive dashboard and KM plans: organisers read the whole ministry's
        "dashboard:dashboard", "api:dashboard_api", "dashboard:year", "dashboard:program", "dashboard:province",
        "kmplan:list", "kmplan:create",
    },
}  # fmt: skip
PUBLIC_NAMES = {"login", "password_reset", "password_reset_confirm", "privacy:notice",
                "privacy:notice_version", "surveys:thanks", "surveys:kiosk_thanks"}  # fmt: skip
# Routes of the world's program only its own team opens: the sweep must reach them.
TEAM_ONLY = {"surveys:results", "participants:roster", "certificates:activity",
             "programs:activity_edit"}  # fmt: skip


def answered(user: User, world: dict) -> tuple[set[str], dict]:
    client = Client()
    client.force_login(user)
    ok, odd = set(), {}
    for route, _name in routes():
        if route.endswith("logout/"):
            continue
        path = fill(route, world)
        response = client.get(path)
        name = resolve(path.split("?")[0]).view_name
        if response.status_code == 200:
            ok.add(name)
        elif response.status_code not in REFUSED:
            odd[name] = response.status_code
        elif response.status_code == 302:
            assert "/accounts/login/" not in response["Location"], (name, "a signed-in user")
    return ok, odd


def others(other_organiser) -> list[User]:
    elsewhere = ProgramFactory(owner=other_organiser)
    facilitator = UserFactory(username="facilitator-elsewhere", role=User.Role.FACILITATOR)
    join_team(elsewhere, facilitator, "facilitator")
    member = UserFactory(username="member-elsewhere", role=User.Role.MEMBER)
    join_team(elsewhere, member, "facilitator")  # a facilitator there, a member by role
    return [other_organiser, facilitator, member]


def test_others_open_only_what_everyone_may_and_their_role_grants(
    world, member, other_organiser, organiser
):
    for user in [member, *others(other_organiser)]:
        ok, odd = answered(user, world)
        allowed = ANY_STAFF | BY_ROLE[user.role]
        unexpected = {n for n in ok - allowed if n.split(":")[-1] not in PUBLIC}
        assert unexpected == set(), (user.username, sorted(unexpected))
        assert odd == {}, (user.username, odd)
        assert not ok & TEAM_ONLY
    owner_ok, _odd = answered(organiser, world)
    assert owner_ok >= TEAM_ONLY  # the sweep does reach the team's pages


# POSTs any signed-in staff member may make about themselves or what is shared (their
# registration, joining a community, a useful mark, their own data copy, the shared
# report as a job), or that answer a bad form before anything is saved.
SELF_SERVICE = {
    "participants:register", "knowledge:join", "knowledge:leave", "knowledge:withdraw",
    "knowledge:invitation_answer", "knowledge:comment_create", "knowledge:useful",
    "reports:job", "rights:export_xlsx", "rights:export_json", "rights:erase_mine",
    "participants:gate", "surveys:respond", "surveys:kiosk", "password_change",
    "accounts:profile", "set_language", "home",
    # the shared program's document (its registrants go only to its team: programs tests)
    "programs:export",
}  # fmt: skip
# A shared phone's "next person" ends the session on purpose: swept apart.
ENDS_SESSION = {"logout", "surveys:respond_new", "surveys:complete"}


def test_others_cannot_post_to_the_programs_team_routes(world, member, other_organiser):
    """Every page route POSTed with an empty form: refused, unless it is one's own
    business (SELF_SERVICE) or what the role grants everywhere."""
    for user in [member, *others(other_organiser)]:
        client = Client()
        client.force_login(user)
        allowed = ANY_STAFF | BY_ROLE[user.role] | SELF_SERVICE
        unexpected = {}
        for route, _name in routes():
            path = fill(route, world)
            name = resolve(path.split("?")[0]).view_name
            if path.startswith("/api/") or name in ENDS_SESSION:
                continue  # the API: its routers' own tests; JSON bodies, not forms
            status = client.post(path, {}).status_code
            if status not in {401, 403, 404, 405} and name not in allowed | PUBLIC_NAMES:
                unexpected[name] = status
        assert unexpected == {}, (user.username, unexpected)


def test_a_stranger_cannot_post_to_any_page_route(world):
    """Not logged in: every page route POSTed with an empty form sends them to log in or
    refuses them, except the public ones (logging in, answering a survey by its link)."""
    client = Client()
    public = PUBLIC_NAMES | {"surveys:respond", "surveys:kiosk", "set_language", "home"}
    unexpected, checked = {}, 0
    for route, _name in routes():
        path = fill(route, world)
        name = resolve(path.split("?")[0]).view_name
        if path.startswith("/api/") or name in ENDS_SESSION or name in public:
            continue
        response = client.post(path, {})
        checked += 1
        to_login = response.status_code == 302 and "/accounts/login/" in response["Location"]
        if not to_login and response.status_code not in {401, 403, 404, 405}:
            unexpected[name] = response.status_code
    assert unexpected == {}
    assert checked > 150  # every page route of the project, not a handful
