import os

import pytest
from django.test import Client

from cophub.accounts.models import User
from cophub.programs.services import program_import
from cophub.testing import UserFactory, demo_document


@pytest.fixture
def organiser(db) -> User:
    return UserFactory(username="organiser", role=User.Role.ORGANISER)


@pytest.fixture
def other_organiser(db) -> User:
    return UserFactory(username="other", role=User.Role.ORGANISER)


@pytest.fixture
def member(db) -> User:
    return UserFactory(username="member", role=User.Role.MEMBER)


@pytest.fixture
def sysadmin(db) -> User:
    return UserFactory(username="sysadmin", role=User.Role.ADMIN)


def _client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def stranger_client(db) -> Client:
    """Nobody logged in."""
    return Client()


@pytest.fixture
def organiser_client(organiser) -> Client:
    return _client_for(organiser)


@pytest.fixture
def member_client(member) -> Client:
    return _client_for(member)


@pytest.fixture
def other_client(other_organiser) -> Client:
    return _client_for(other_organiser)


@pytest.fixture
def demo_program(organiser):
    """The reference report's FY 2561 program, owned by the organiser."""
    return program_import(actor=organiser, document=demo_document())


# --- the real browser ---------------------------------------------------------------
CHROMIUM = os.environ.get("COPHUB_CHROMIUM", "/usr/bin/chromium")
# Chromium's own background traffic is refused on closed networks; keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def chromium():
    """The system Chromium driven by Playwright (never a downloaded browser).

    Without Chromium the browser tests skip on a developer's machine, but CI sets
    COPHUB_REQUIRE_BROWSER=1 so a missing browser fails the run instead.
    """
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("COPHUB_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still synchronous, so tell Django they are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests flush every table; put the migrations' data back: the reference
    data, and the privacy notice's first draft (the demo publishes it)."""
    from importlib import import_module

    from django.apps import apps

    from cophub.orgs.models import Organization, Province
    from cophub.orgs.reference import load_reference_data

    load_reference_data(Province, Organization)
    import_module("cophub.privacy.migrations.0002_initial_notice_draft").draft(apps, None)


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """Every transactional test starts with the reference data, whatever ran before it
    (pytest-django runs them after the others, and each one's flush empties the tables)."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("reference_data")


@pytest.fixture
def page(chromium, live_server, reference_data):
    context = chromium.new_context(base_url=live_server.url, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(chromium, live_server, reference_data):
    context = chromium.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": 390, "height": 844},
        device_scale_factor=2, is_mobile=True, has_touch=True,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def facilitator(db) -> User:
    return UserFactory(username="facilitator", role=User.Role.FACILITATOR)


@pytest.fixture
def survey(organiser):
    """An open survey (standard template) on an activity of the organiser's program."""
    from cophub.testing import ActivityFactory, survey_for

    activity = ActivityFactory(program__owner=organiser, participants_count=40)
    return survey_for(activity, organiser)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters and remembered surveys live in memory; each test starts with none."""
    from django.core.cache import cache

    from cophub.accounts.selectors import forget_token
    from cophub.surveys.selectors import forget_all

    cache.clear()
    forget_all()
    forget_token()


# --- communities and knowledge ---------------------------------------------------------
@pytest.fixture
def community(facilitator, member):
    """A community run by `facilitator`, with `member` as a practitioner (คุณกิจ)."""
    from cophub.knowledge.services import community_join
    from cophub.testing import make_community

    c = make_community(
        facilitator=facilitator, purpose="แลกเปลี่ยนเรียนรู้การให้บริการ", join_policy="open"
    )
    community_join(actor=member, community=c)
    return c


@pytest.fixture
def facilitator_client(facilitator) -> Client:
    return _client_for(facilitator)


@pytest.fixture
def outsider(db) -> User:
    """A logged-in staff member who belongs to no community."""
    return UserFactory(username="outsider", role=User.Role.MEMBER)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _client_for(outsider)
