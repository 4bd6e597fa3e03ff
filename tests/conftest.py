"""Shared fixtures: users per role, applications made through the services, Celery mode."""

import os
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from hca_portal import roles
from hca_portal.celery import app as celery_app

from .factories import UserFactory, member_input, plan_year
from .signin import force_login_with_second_factor


def pytest_collection_modifyitems(config, items):
    """Adjust markers once, for every test.

    - A transactional test flushes the database when it ends, which would take the
      seeded plan years, holidays and taglines with it: restore them (serialized rollback).
    - Browser tests need Debian's chromium; say so instead of failing obscurely where it is missing.
    """
    no_chromium = not os.path.exists("/usr/bin/chromium")
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "serialized_rollback" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(**marker.kwargs, serialized_rollback=True), append=False)
        if no_chromium and "browser" in item.keywords:
            item.add_marker(
                pytest.mark.skip(reason="/usr/bin/chromium is not installed (apt-get install chromium)")
            )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _staff_sign_in_with_second_factor(monkeypatch):
    """`client.force_login(staff_user)` passes the second factor too, as signing in does (tests/signin.py)."""
    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    """Each test counts API throttles afresh: its own key prefix in the cache (Redis is not flushed:
    Celery's queues live in the same database)."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


@pytest.fixture(autouse=True)
def _celery_mode(request, settings, tmp_path):
    """Tasks run eagerly in-process, except in tests marked `worker` when REDIS_URL names a broker."""
    settings.MEDIA_ROOT = tmp_path / "media"
    eager = not (request.node.get_closest_marker("worker") and os.environ.get("REDIS_URL"))
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def celery_worker_thread(request):
    """A real Celery worker (threaded, on the Redis broker) when REDIS_URL is set; eager tasks otherwise.

    Use with `@pytest.mark.worker` and `@pytest.mark.django_db(transaction=True)`, so the
    worker's own database connection sees what the test committed.
    """
    if not os.environ.get("REDIS_URL"):
        yield None
        return
    from celery.contrib.testing.worker import start_worker

    celery_app.control.purge()
    with start_worker(
        celery_app, pool="threads", concurrency=1, perform_ping_check=False, shutdown_timeout=30
    ) as worker:
        yield worker


@pytest.fixture
def make_user(db):
    def make(role: str | None = None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def caseworker(make_user):
    return make_user(roles.CASEWORKER, username="caseworker")


@pytest.fixture
def supervisor(make_user):
    return make_user(roles.SUPERVISOR, username="supervisor")


@pytest.fixture
def appeals_officer(make_user):
    return make_user(roles.APPEALS_OFFICER, username="officer")


@pytest.fixture
def bureau_reviewer(make_user):
    return make_user(roles.BUREAU_REVIEWER, username="bureau")


@pytest.fixture
def program_admin(make_user):
    return make_user(roles.PROGRAM_ADMIN, username="admin-hca", is_staff=True)


@pytest.fixture
def representative(make_user):
    return make_user(roles.REPRESENTATIVE, username="navigator")


@pytest.fixture
def appeals_representative(make_user):
    """A representative whom tests designate for appeals only (Representation.Scope.APPEALS)."""
    return make_user(roles.REPRESENTATIVE, username="appeals-attorney")


@pytest.fixture
def applicant_user(make_user):
    return make_user(roles.APPLICANT, username="applicant")


@pytest.fixture
def year2026(db):
    return plan_year(2026)


@pytest.fixture
def new_application(db, caseworker, year2026):
    """Make an application through the intake service (criteria evaluated as of its received date)."""
    from eligibility.services import create_application

    def make(*, magi="30000.00", size=1, received_on=date(2026, 3, 2), members=None, **kwargs):
        members = members or [member_input()]
        return create_application(
            plan_year=kwargs.pop("plan_year", year2026),
            received_on=received_on,
            household_size=size,
            annual_magi=Decimal(magi),
            address_line="100 Main St",
            city="Santa Fe",
            zip_code="87501",
            members=members,
            acting_user=kwargs.pop("acting_user", caseworker),
            **kwargs,
        )

    return make


def set_cap(plan_year_obj, cap, *, effective_date=None):
    """Change the cap of the guidance in force (tests only; the admin makes new versions)."""
    guidance = plan_year_obj.guidance_versions.order_by("-effective_date").first()
    guidance.enrollment_cap = cap
    guidance.save(update_fields=["enrollment_cap"])
    return guidance
