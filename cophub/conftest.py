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
