"""Two lapse sweeps at once split the work instead of doubling it (PostgreSQL's row locks, P11)."""

import threading
from datetime import date

import pytest
from django.db import connection

from eligibility import services
from eligibility.models import Enrollment, EnrollmentState
from hca_portal.celery import app as celery_app
from notices.models import Notice
from tests.conftest import set_cap
from tests.factories import verify_reported

TODAY = date(2026, 3, 10)

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_lapse_each_offer_once(new_application, caseworker, year2026):
    # given: four offers past their reply-by date
    set_cap(year2026, 0)
    applications = []
    for _ in range(4):
        application = new_application()
        verify_reported(application, caseworker)
        services.decide_application(application=application, acting_user=caseworker, today=TODAY)
        applications.append(application)
    set_cap(year2026, 4)
    assert len(services.guidance_changed(plan_year=year2026, acting_user=caseworker, today=TODAY)) == 4
    results, errors = [], []
    barrier = threading.Barrier(2)

    def sweep():
        try:
            barrier.wait()
            results.append(services.lapse_offers(today=date(2026, 3, 26)))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    celery_app.conf.task_always_eager = False  # notices are queued, not rendered: this is about the rows
    try:
        # when: two sweeps run at the same moment
        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        celery_app.conf.task_always_eager = True

    # then: every offer lapsed once, with one notice each, and nothing failed
    assert not errors
    assert sum(len(r.lapsed) for r in results) == 4
    assert all(not r.failed for r in results)
    states = set(
        Enrollment.objects.filter(member__application__in=applications).values_list("state", flat=True)
    )
    assert states == {EnrollmentState.LAPSED}
    assert Notice.objects.filter(application__in=applications, notice_type="offer_lapsed").count() == 4
