"""/healthz and /readyz: public, honest about the parts, silent about their addresses."""

import json

import pytest
from django.test import Client, override_settings

from cophub.ops.tests.ops_helpers import CLOSED_PORT_URL, REDIS_TEST_URL, redis_cache

pytestmark = pytest.mark.django_db


def test_healthz_answers_anyone(stranger_client, member_client):
    for client in (stranger_client, member_client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.content == b"ok"
        assert response["Content-Type"].startswith("text/plain")
        assert "no-cache" in response["Cache-Control"]


def test_readyz_all_parts_ok(stranger_client, member_client):
    for client in (stranger_client, member_client):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"database": "ok", "cache": "ok", "jobs": "ok"}


def test_readyz_on_the_real_redis():
    with override_settings(CACHES=redis_cache(REDIS_TEST_URL)):
        response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["cache"] == "ok"


@pytest.mark.parametrize(
    "backend",
    ["cophub.ops.cache.ResilientRedisCache", "django.core.cache.backends.redis.RedisCache"],
)
def test_readyz_names_an_unreachable_cache_and_nothing_more(backend, caplog):
    caches = redis_cache(CLOSED_PORT_URL)
    caches["default"]["BACKEND"] = backend
    with override_settings(CACHES=caches):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unreachable", "jobs": "ok"}
    body = response.content.decode()
    for secret in ("127.0.0.1", "redis", "Error", "refused", ":1"):
        assert secret not in body
    assert "readiness: cache unreachable" in caplog.text


def test_health_routes_refuse_writes(stranger_client):
    assert stranger_client.post("/healthz").status_code == 405
    assert stranger_client.post("/readyz").status_code == 405


def test_readyz_body_is_plain_json(stranger_client):
    response = stranger_client.get("/readyz")
    assert response["Content-Type"] == "application/json"
    assert set(json.loads(response.content)) == {"database", "cache", "jobs"}


def test_deploy_check_warns_of_a_per_process_cache(settings):
    from django.core.checks import run_checks

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [m.id for m in run_checks(include_deployment_checks=True) if m.id == "cophub.W001"] == [
        "cophub.W001"
    ]
    settings.CACHES = {
        "default": {
            "BACKEND": "cophub.ops.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/3",
        }
    }
    assert [m for m in run_checks(include_deployment_checks=True) if m.id == "cophub.W001"] == []
