"""Factories and personas shared by the tests (an organiser, a member, a stranger…)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import factory

from cophub.accounts.models import User
from cophub.orgs.models import Organization, Person
from cophub.programs.models import Activity, Program, Registration, Site

DEMO_DOCUMENT = Path(__file__).resolve().parent / "programs" / "fixtures" / "demo-program-2561.json"
PASSWORD = "a-long-test-password-42"  # noqa: S105 - test personas only


def demo_document() -> dict:
    return json.loads(DEMO_DOCUMENT.read_text(encoding="utf-8"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "ทดสอบ"
    last_name = factory.Sequence(lambda n: f"ผู้ใช้{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.th")
    role = User.Role.MEMBER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def ops() -> Organization:
    """สำนักงานปลัดกระทรวงมหาดไทย, from the reference data."""
    return Organization.objects.get(code="OPS")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    title = factory.Sequence(lambda n: f"โครงการทดสอบ {n}")
    organization = factory.LazyFunction(ops)
    fiscal_year = 2569
    owner = factory.SubFactory(UserFactory, role=User.Role.ORGANISER)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = Activity.Kind.STUDY_VISIT
    title = "ศึกษาดูงาน"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    activity = factory.SubFactory(ActivityFactory)
    name = "ศูนย์เรียนรู้"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    prefix = "นาย"
    first_name = factory.Sequence(lambda n: f"สมชาย{n}")
    last_name = "ใจดี"
    organization = factory.LazyFunction(ops)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    activity = factory.SubFactory(ActivityFactory)
    person = factory.SubFactory(PersonFactory)
    status = factory.LazyAttribute(
        lambda o: Registration.Status.ATTENDED if o.attended else Registration.Status.REGISTERED
    )

    class Params:
        attended = True


def survey_for(activity, actor):
    """A survey built from the standard template, open now."""
    from cophub.surveys.services import survey_create

    return survey_create(actor=actor, activity=activity, publish=True)


def join_team(program, user, role: str = "facilitator"):
    """Put ``user`` on the program's team through the service, added by its owner. The
    service forgets the team roles of its own copy of the user; ``user`` forgets them too."""
    from cophub.programs.permissions import forget_team_roles
    from cophub.programs.services import program_member_add

    member = program_member_add(
        actor=program.owner, program=program, username=user.username, role=role
    )
    forget_team_roles(user)
    return member


def all_likert(value: int = 5, **extra) -> dict:
    """Answers to every rating item of the standard template."""
    return {**{f"q{i}": value for i in range(1, 10)}, **extra}


# --- communities and knowledge ---------------------------------------------------------
def make_community(*, facilitator, name: str = "ชุมชนนักปฏิบัติการให้บริการประชาชน", **kwargs):
    """A community through its service, so the facilitator and the index are right."""
    from cophub.knowledge.services import community_create

    return community_create(actor=facilitator, name=name, **kwargs)


def make_item(*, author, community, title: str = "บทเรียนจากการศึกษาดูงาน", **fields):
    """A knowledge item through its service (indexed for search)."""
    from cophub.knowledge.services import ItemData, item_create

    files = fields.pop("files", [])
    fields.setdefault("kind", "lesson")
    return item_create(
        actor=author, community=community, data=ItemData(title=title, **fields), files=files
    )


def count_queries(func) -> int:
    """How many SQL statements ``func()`` runs (for pinning exact query counts)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries.captured_queries)


def grow_program(program, actor, *, activities: int, responses: int) -> None:
    """Add activities to ``program``, each with a survey and ``responses`` answers."""
    import uuid

    from cophub.programs.models import Activity as ActivityModel
    from cophub.surveys.services import survey_submit

    last = ActivityModel.objects.filter(program=program).order_by("-number").first()
    start = last.number if last else 0
    for n in range(start + 1, start + 1 + activities):
        activity = ActivityFactory(program=program, number=n, kind=Activity.Kind.SEMINAR)
        RegistrationFactory(activity=activity)
        survey = survey_for(activity, actor)
        for _ in range(responses):
            survey_submit(
                survey=survey, client_id=uuid.uuid4(), answers=all_likert(4, comment="ดีมาก")
            )


def child_database_url() -> str:
    """The test database as a DATABASE_URL, for the real processes a test starts
    (workers, writers, restore) so they work on the very database the test sees."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def wait_for(predicate, timeout: float = 60.0, what: str = "") -> None:
    """Poll ``predicate`` until true; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what or predicate}")


def worker_env(var_dir, **more: str) -> dict:
    """The environment of a real `cophub worker` process on the test's database."""
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "cophub.settings", "TASKS_BACKEND": "database",
        "DATABASE_URL": child_database_url(), "COPHUB_VAR_DIR": str(var_dir),
        "COPHUB_ENV": "development", **more,
    }  # fmt: skip


WORKER = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('worker', '--interval', '0.05')"
)


@contextmanager
def mail_workers(count: int, *, smtp_server, settings, var_dir) -> Iterator[list]:
    """``count`` real worker processes that send mail to the test's SMTP server, all up
    (their heartbeats in) before the block runs; killed after it."""
    from cophub.jobs.models import WorkerBeat

    env = worker_env(
        var_dir, EMAIL_DELIVERY_BACKEND=settings.EMAIL_DELIVERY_BACKEND, EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_server.port),
    )  # fmt: skip
    command = [sys.executable, "-c", WORKER]
    out = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT}
    workers = [subprocess.Popen(command, env=env, **out) for _ in range(count)]  # noqa: S603
    try:
        wait_for(lambda: WorkerBeat.objects.count() == count, what="the workers' heartbeats")
        yield workers
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(timeout=10)
