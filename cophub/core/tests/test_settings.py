"""Production mode refuses unsafe settings, and `check --deploy` is clean when set up right."""

import os
import subprocess
import sys

GOOD_KEY = "x" * 20 + "-production-secret-key-for-tests-only-0123456789"


def run(code_or_args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"))
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "cophub.settings"
    return subprocess.run(
        [sys.executable, *code_or_args], env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_without_secret_key():
    result = run(["-c", "import cophub.settings"], COPHUB_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_the_development_key():
    result = run(
        ["-c", "import cophub.settings"],
        COPHUB_ENV="production",
        SECRET_KEY="django-insecure-cophub-development-only-never-use-in-production",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = run(
        ["-c", "import cophub.settings"], COPHUB_ENV="production", SECRET_KEY=GOOD_KEY, DEBUG="1"
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_secret_key_may_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(GOOD_KEY + "\n")
    result = run(
        ["-c", f"import cophub.settings as s; print(s.SECRET_KEY == {GOOD_KEY!r})"],
        COPHUB_ENV="production",
        SECRET_KEY_FILE=str(secret),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_check_deploy_is_clean_in_production(tmp_path):
    production = {
        "COPHUB_ENV": "production", "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "cophub.example.go.th", "COPHUB_VAR_DIR": str(tmp_path),
    }  # fmt: skip
    check = ["-m", "cophub", "check", "--deploy", "--fail-level", "WARNING"]
    missing = run(check, **production, REDIS_URL="redis://127.0.0.1:6379/3")
    assert missing.returncode != 0 and "cophub.E002" in missing.stdout + missing.stderr
    collect = run(["-m", "cophub", "collectstatic", "--noinput", "-v0"], **production)
    assert collect.returncode == 0, collect.stderr
    result = run(check, **production, REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    alone = run(check, **production)  # without a shared cache each process counts alone
    assert alone.returncode != 0 and "cophub.W001" in alone.stdout + alone.stderr


def test_production_refuses_a_long_key_that_is_not_random():
    result = run(["-c", "import cophub.settings"], COPHUB_ENV="production", SECRET_KEY="a" * 50)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "secrets.token_urlsafe" in result.stderr


def test_a_data_directory_that_cannot_be_written_fails_the_deploy_check(settings, tmp_path):
    from pathlib import Path

    from cophub.ops.checks import data_directory_writable

    settings.VAR_DIR = tmp_path
    assert data_directory_writable() == [] or all(
        e.id == "cophub.W002" for e in data_directory_writable()
    )
    settings.VAR_DIR = Path("/dev/full/cophub")  # under a device file: no directory can be made
    (error,) = [e for e in data_directory_writable() if e.id == "cophub.E003"]
    assert "/dev/full/cophub" in error.msg


def test_unknown_environment_name_is_refused():
    result = run(["-c", "import cophub.settings"], COPHUB_ENV="staging")
    assert result.returncode != 0
    assert "COPHUB_ENV" in result.stderr
