"""Settings come from the environment; production refuses to start without SECRET_KEY."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


# Variables of this test process that a deployed server would not have: the browser tests'
# conftest allows the ORM beside Playwright's event loop with DJANGO_ALLOW_ASYNC_UNSAFE.
NOT_INHERITED = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = _manage("check", DJANGO_SETTINGS_MODULE="hca_portal.settings_production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="hca_portal.settings_production",
        SECRET_KEY="a-long-random-production-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("", "django.db.backends.sqlite3"),
        ("postgres://postgres@127.0.0.1:5432/whatever", "django.db.backends.postgresql"),
    ],
)
def test_database_url_switches_the_engine(url, engine):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if url:
        environment["DATABASE_URL"] = url
    environment["DJANGO_SETTINGS_MODULE"] = "hca_portal.settings"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert out.stdout.strip() == engine, out.stderr


def test_redis_url_switches_celery_from_eager_to_a_broker():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)"
    )
    base = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {
        "DJANGO_SETTINGS_MODULE": "hca_portal.settings"
    }
    eager = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True)
    assert eager.stdout.split() == ["True", "memory://"]
    broker = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=base | {"REDIS_URL": "redis://127.0.0.1:6379/0"},
        capture_output=True,
        text=True,
    )
    assert broker.stdout.split() == ["False", "redis://127.0.0.1:6379/0"]


def test_no_model_changes_are_missing_a_migration():
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
