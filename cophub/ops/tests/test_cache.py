"""The shared cache on the real Redis: one rate-limit count for all processes, sessions
that outlive Redis and the process, and a survey page that keeps working without Redis."""

import json
import time
import uuid

import pytest
import redis
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache
from django.test import Client, override_settings

from cophub.ops.cache import _down_until
from cophub.ops.tests.ops_helpers import (
    CLOSED_PORT_URL,
    REDIS_TEST_URL,
    child_database_url,
    python,
    redis_cache,
)
from cophub.surveys.models import Response

CACHED_DB = "django.contrib.sessions.backends.cached_db"


def form_answers(value=5):
    return {f"q{i}": str(value) for i in range(1, 10)}


@pytest.fixture
def real_redis():
    """The default cache on Redis database 3, empty before and after the test."""
    with override_settings(CACHES=redis_cache(REDIS_TEST_URL), SESSION_ENGINE=CACHED_DB):
        cache.clear()
        yield redis.Redis.from_url(REDIS_TEST_URL)
        cache.clear()


@pytest.fixture
def redis_down():
    """The cache at a closed port, with no outage remembered from an earlier test."""
    _down_until.clear()
    with override_settings(CACHES=redis_cache(CLOSED_PORT_URL), SESSION_ENGINE=CACHED_DB):
        yield


def test_settings_choose_redis_and_cached_db_sessions_only_with_redis_url():
    code = (
        "import json, cophub.settings as s; print(json.dumps("
        "[s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), s.SESSION_ENGINE]))"
    )
    with_redis = json.loads(python(code, env={"REDIS_URL": "redis://10.9.8.7:6379/5"}).stdout)
    assert with_redis == [
        "cophub.ops.cache.ResilientRedisCache",
        "redis://10.9.8.7:6379/5",
        CACHED_DB,
    ]
    without = json.loads(python(code).stdout)
    assert without[0] == "cophub.ops.cache.CountingLocMemCache"
    assert without[2] == "django.contrib.sessions.backends.db"


def test_two_processes_share_one_rate_limit_count(real_redis):
    key = f"ops-test:{uuid.uuid4().hex}"
    code = (
        "import django; django.setup()\n"
        "from cophub.core.ratelimit import allow\n"
        f"print(sum(allow({key!r}, limit=10, window=10**9) for _ in range(8)))\n"
    )
    children = [python(code, env={"REDIS_URL": REDIS_TEST_URL}, wait=False) for _ in range(2)]
    allowed = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        allowed.append(int(out))
    # 16 attempts on one key across two processes: exactly the limit got through.
    assert sum(allowed) == 10
    assert all(n >= 2 for n in allowed)  # both processes counted on the same key
    assert real_redis.keys(f"cophub:1:rl:{key}:*")


@pytest.mark.django_db
def test_survey_rate_limit_is_enforced_through_redis(real_redis, survey):
    client = Client()
    client.get(f"/s/{survey.token}")  # the phone's respondent cookie: one device key
    statuses = [client.post(f"/s/{survey.token}", form_answers()).status_code for _ in range(11)]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    assert real_redis.keys("cophub:1:rl:*")


@pytest.mark.django_db
def test_survey_page_works_while_redis_is_unreachable(redis_down, survey, caplog):
    client = Client()
    assert client.get(f"/s/{survey.token}").status_code == 200
    # Rate limits fail open: more than the per-device limit gets through, nothing is a 500.
    statuses = {client.post(f"/s/{survey.token}", form_answers()).status_code for _ in range(12)}
    assert statuses == {302}
    assert Response.objects.filter(survey=survey).count() == 1  # one phone, answer edited
    assert "cache unreachable (ConnectionError)" in caplog.text
    assert "rate limits are not enforced" in caplog.text


@pytest.mark.django_db
def test_logged_in_pages_work_while_redis_is_unreachable(redis_down, member):
    client = Client()
    client.force_login(member)  # the session row is in the database
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.context["user"] == member


@pytest.mark.django_db
def test_a_session_outlives_losing_redis(real_redis, member):
    client = Client()
    client.force_login(member)
    assert real_redis.keys("cophub:1:django.contrib.sessions.cached_db*")
    real_redis.flushdb()  # Redis restarted without its data
    response = client.get("/", follow=True)
    assert response.context["user"] == member


@pytest.mark.django_db(transaction=True)
def test_a_session_outlives_the_process(real_redis, member):
    store = SessionStore()
    store["_auth_user_id"] = str(member.pk)
    store.save()
    real_redis.flushdb()
    code = (
        "import django; django.setup()\n"
        "from django.contrib.sessions.backends.cached_db import SessionStore\n"
        f"print(SessionStore({store.session_key!r}).get('_auth_user_id'))\n"
    )
    env = {"REDIS_URL": REDIS_TEST_URL, "DATABASE_URL": child_database_url()}
    assert python(code, env=env).stdout.strip() == str(member.pk)


def test_all_limits_of_a_request_are_counted_in_one_round_trip(real_redis):
    from cophub.core.ratelimit import allow_all, hits

    device, address = f"d:{uuid.uuid4().hex}", f"a:{uuid.uuid4().hex}"
    limits = [(device, 3), (address, 5)]
    real_redis.config_resetstat()
    answers = [allow_all(limits, window=600) for _ in range(4)]
    assert answers == [True, True, True, False]
    # four requests, one call each; the device's fourth hit stopped before its address
    assert int(real_redis.info("commandstats")["cmdstat_eval"]["calls"]) == 4
    assert (hits(device, window=600), hits(address, window=600)) == (4, 3)
    # the address's own limit, reached from other devices
    assert [allow_all([(f"d:{n}", 3), (address, 5)], window=600) for n in range(3)] == [
        True, True, False]  # fmt: skip
    ttl = real_redis.ttl(f"cophub:1:rl:{address}:{int(time.time() // 600)}")
    assert 0 < ttl <= 601


def test_the_limits_fail_open_while_redis_is_down(redis_down):
    from cophub.core.ratelimit import allow_all

    assert all(allow_all([("d", 1), ("a", 1)], window=60) for _ in range(3))


@pytest.mark.parametrize(
    "backend",
    ["cophub.ops.cache.CountingLocMemCache", "django.core.cache.backends.locmem.LocMemCache"],
)
def test_without_redis_the_limits_count_the_same(backend):
    """The one-host cache counts in one step (``count_hits``); Django's own LocMemCache,
    which has none, through ``add`` and ``incr``: the same answers either way."""
    from cophub.core.ratelimit import allow_all, hits

    with override_settings(CACHES={"default": {"BACKEND": backend, "LOCATION": backend}}):
        assert hasattr(cache, "count_hits") == ("Counting" in backend)
        device, address = f"d:{uuid.uuid4().hex}", f"a:{uuid.uuid4().hex}"
        answers = [allow_all([(device, 3), (address, 5)], window=600) for _ in range(4)]
        assert answers == [True, True, True, False]
        assert (hits(device, window=600), hits(address, window=600)) == (4, 3)
        assert [allow_all([(f"d:{n}", 3), (address, 5)], window=600) for n in range(3)] == [
            True, True, False]  # fmt: skip
        # A window's counter lives until the window is over, and a new window starts at 1.
        bucket = cache.make_key(f"rl:{address}:{int(time.time() // 600)}")
        assert 0 < cache._expire_info[bucket] - time.time() <= 601
        cache._expire_info[bucket] = time.time() - 1
        assert allow_all([(address, 1)], window=600) is True
        assert allow_all([(address, 1)], window=600) is False
