"""The enrollment cap holds under concurrent approvals, and the waitlist keeps its order (P4)."""

import os
import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from eligibility import selectors, services
from eligibility.models import Application, EnrollmentState
from hca_portal.celery import app as celery_app
from tests.conftest import set_cap
from tests.factories import verify_reported

TODAY = date(2026, 3, 10)


def _ready(new_application, caseworker, *, magi: str, completed_minute: int) -> Application:
    application = new_application(magi=magi)
    verify_reported(application, caseworker)
    # Completion time orders the waitlist; fix it so the expected order is known.
    Application.objects.filter(pk=application.pk).update(
        completed_at=datetime(2026, 3, 9, 9, 0, tzinfo=ZoneInfo("America/Denver"))
        + timedelta(minutes=completed_minute)
    )
    return application


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_approvals_for_five_slots(new_application, caseworker, year2026):
    # given: 20 complete, eligible applications and a cap leaving exactly 5 slots
    applications = [
        # Every third household is under 200% FPL (priority group 1); the rest are above it.
        _ready(new_application, caseworker, magi="20000.00" if i % 3 == 0 else "50000.00", completed_minute=i)
        for i in range(20)
    ]
    set_cap(year2026, 5)
    barrier = threading.Barrier(len(applications))
    errors: list[BaseException] = []

    def approve(application):
        try:
            barrier.wait()
            services.decide_application(application=application, acting_user=caseworker, today=TODAY)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    # Notices are queued, not rendered, here: this test is about the cap.
    celery_app.conf.task_always_eager = False
    try:
        # when: 20 caseworkers approve at the same moment, each on its own database connection
        threads = [threading.Thread(target=approve, args=(a,)) for a in applications]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        celery_app.conf.task_always_eager = True
        if os.environ.get("REDIS_URL"):
            celery_app.control.purge()

    # then: exactly 5 enrollments and 15 waitlist entries, ordered by priority group then completion
    assert errors == []
    states = [e.state for a in applications for m in a.members.all() for e in m.enrollments.all()]
    assert states.count(EnrollmentState.ENROLLED) == 5
    assert states.count(EnrollmentState.WAITLISTED) == 15
    waitlist = list(selectors.waitlist(year2026))
    assert len(waitlist) == 15
    keys = [(e.priority_group, e.completed_at) for e in waitlist]
    assert keys == sorted(keys)
    assert {e.priority_group for e in waitlist} == {1, 2}


@pytest.mark.django_db
def test_eligible_member_beyond_the_cap_is_waitlisted(new_application, caseworker, year2026):
    set_cap(year2026, 1)
    first = _ready(new_application, caseworker, magi="50000.00", completed_minute=0)
    second = _ready(new_application, caseworker, magi="50000.00", completed_minute=1)

    services.decide_application(application=first, acting_user=caseworker, today=TODAY)
    services.decide_application(application=second, acting_user=caseworker, today=TODAY)

    assert first.members.get().enrollments.get().state == EnrollmentState.ENROLLED
    assert second.members.get().enrollments.get().state == EnrollmentState.WAITLISTED


@pytest.mark.django_db
def test_a_raised_cap_offers_the_next_in_line_priority_first(new_application, caseworker, year2026):
    # given: a full cap and three waiting, the lower-income household completing last
    set_cap(year2026, 1)
    holder = _ready(new_application, caseworker, magi="50000.00", completed_minute=0)
    services.decide_application(application=holder, acting_user=caseworker, today=TODAY)
    early = _ready(new_application, caseworker, magi="50000.00", completed_minute=1)
    later = _ready(new_application, caseworker, magi="50000.00", completed_minute=2)
    priority = _ready(new_application, caseworker, magi="20000.00", completed_minute=3)
    for application in (early, later, priority):
        services.decide_application(application=application, acting_user=caseworker, today=TODAY)

    # when: the cap is raised by two
    set_cap(year2026, 3)
    offered = services.guidance_changed(plan_year=year2026, acting_user=caseworker, today=TODAY)

    # then: the priority household first, then the earliest complete; the later one still waits
    assert [e.member.application_id for e in offered] == [priority.pk, early.pk]
    assert later.members.get().enrollments.get().state == EnrollmentState.WAITLISTED
    assert priority.notices.filter(notice_type="slot_offer").count() == 1


@pytest.mark.django_db
def test_a_termination_frees_the_slot_for_the_next_in_line(new_application, caseworker, year2026):
    set_cap(year2026, 1)
    holder = _ready(new_application, caseworker, magi="50000.00", completed_minute=0)
    waiting = _ready(new_application, caseworker, magi="50000.00", completed_minute=1)
    for application in (holder, waiting):
        services.decide_application(application=application, acting_user=caseworker, today=TODAY)
    enrollment = holder.members.get().enrollments.get()

    services.terminate_enrollment(
        enrollment=enrollment, reason_code="end_moved_out_of_state", acting_user=caseworker, today=TODAY
    )

    offer = waiting.members.get().enrollments.get()
    assert offer.state == EnrollmentState.OFFERED
    services.accept_offer(enrollment=offer, acting_user=caseworker, today=TODAY)
    offer.refresh_from_db()
    assert offer.state == EnrollmentState.ENROLLED
    assert offer.effective_date == date(2026, 4, 1)
    assert selectors.cap_summary(year2026, TODAY)["held"] == 1


@pytest.mark.django_db
def test_premium_assistance_is_recorded_on_the_determination(new_application, caseworker):
    # 2026 example guidance: size 1, MAGI 30,000 -> 191.69% FPL; 1.6676% applicable; benchmark 520.00
    application = _ready(new_application, caseworker, magi="30000.00", completed_minute=0)
    (determination,) = services.decide_application(
        application=application, acting_user=caseworker, today=TODAY
    )
    assert determination.decision == "eligible"
    assert determination.fpl_pct == Decimal("191.69")
    assert determination.premium_assistance == Decimal("478.31")
    assert determination.oop_tier == "Silver 87"
    assert determination.effective_date == date(2026, 4, 1)
