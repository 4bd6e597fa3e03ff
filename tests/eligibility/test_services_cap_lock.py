"""The plan year's row lock is held only for the slot count, the enrollments and their notices (P4).

Approvals for one plan year are counted one after another under that lock
(docs/decisions/2026-11-23-enrollment-cap-locking.md), so whatever runs while it is held
runs one approval at a time. Row locks are PostgreSQL's; SQLite locks the whole database.
"""

import os
import threading
from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from eligibility import services
from eligibility.models import Decision, PlanYear
from hca_portal.celery import app as celery_app
from tests.factories import member_input, verify_reported

TODAY = date(2026, 3, 10)

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")


def _locks_plan_year(sql: str) -> bool:
    if "FOR UPDATE" not in sql:
        return False
    locked = sql.split("FOR UPDATE", 1)[1]
    if " OF " in locked:
        return '"eligibility_planyear"' in locked
    return '"eligibility_planyear"' in sql.split(" FROM ", 1)[1].split("FOR UPDATE", 1)[0]


@pytest.fixture
def household(new_application, caseworker):
    """Two applying members: one eligible, one with other coverage (denied)."""
    application = new_application(
        size=2,
        members=[member_input("Ana"), member_input("Luis", has_other_coverage=True)],
    )
    verify_reported(application, caseworker)
    return application


@postgres_only
@pytest.mark.django_db
def test_an_approval_locks_the_plan_year_after_writing_what_needs_no_slot(household, caseworker):
    # when
    with CaptureQueriesContext(connection) as ctx:
        determinations = services.decide_application(
            application=household, acting_user=caseworker, today=TODAY
        )

    # then: the application's row alone is locked first; the plan year's after the determinations and denial
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert sorted(d.decision for d in determinations) == [Decision.ELIGIBLE, Decision.INELIGIBLE]
    assert 'FOR UPDATE OF "eligibility_application"' in statements[0]
    lock = next(i for i, sql in enumerate(statements) if _locks_plan_year(sql))
    before = statements[:lock]
    # the denial's determination; the approval's is written under the lock, since a member beyond the
    # cap is determined as placed on the waitlist (an adverse decision, 8.401.2.12 E(1))
    assert sum(sql.startswith('INSERT INTO "eligibility_determination"') for sql in before) == 1
    assert sum(sql.startswith('INSERT INTO "notices_notice"') for sql in before) == 1  # the denial
    after = statements[lock:]
    assert sum(sql.startswith('INSERT INTO "eligibility_determination"') for sql in after) == 1
    assert sum(sql.startswith('INSERT INTO "eligibility_enrollment"') for sql in after) == 1
    assert sum(sql.startswith('INSERT INTO "notices_notice"') for sql in after) == 1  # the approval
    assert household.notices.filter(notice_type="denial").count() == 1
    assert household.notices.filter(notice_type="approval").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_denial_does_not_wait_for_the_plan_years_lock(new_application, caseworker, year2026):
    # given: an application whose only member is denied, and another transaction holding the plan year's row
    application = new_application(members=[member_input(has_other_coverage=True)])
    verify_reported(application, caseworker)
    locked, release = threading.Event(), threading.Event()

    def hold_the_plan_year():
        try:
            with transaction.atomic():
                PlanYear.objects.select_for_update().get(pk=year2026.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_plan_year)
    holder.start()
    assert locked.wait(timeout=30)
    celery_app.conf.task_always_eager = False  # queue the notice: this test is about the lock
    try:
        # when: it is decided while the lock is held (waiting for it would fail after 2 s)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            determinations = services.decide_application(
                application=application, acting_user=caseworker, today=TODAY
            )
    finally:
        celery_app.conf.task_always_eager = True
        if os.environ.get("REDIS_URL"):
            celery_app.control.purge()
        release.set()
        holder.join(timeout=30)

    # then
    assert [d.decision for d in determinations] == [Decision.INELIGIBLE]
    assert application.notices.filter(notice_type="denial").count() == 1
