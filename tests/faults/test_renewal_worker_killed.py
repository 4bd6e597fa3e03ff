"""A renewal run on a real worker and Redis: a worker killed mid-run leaves no household half
renewed, the run resumes where it stopped, and a job delivered twice renews nobody twice (P11).

The worker renews one household per job (acks_late): killed inside a job, that household's
transaction rolls back and its row stays pending; the jobs still queued go to the next worker;
the sweep (``resume_stalled_renewals``) sends the lost one again once the run has stalled.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from kombu import Connection

from eligibility import services
from eligibility.models import Enrollment, EnrollmentState, PlanYear, RenewalRun, RenewalStatus
from notices.models import Notice
from tests.factories import verify_reported

from .conftest import needs_services, wait_for

HOUSEHOLDS = 5


def _renewed() -> int:
    return RenewalRun.objects.get().renewals.filter(status=RenewalStatus.RENEWED).count()


@needs_services
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_run_whose_worker_is_killed_resumes_and_renews_each_household_once(
    own_broker, start_worker, new_application, caseworker, program_admin
):
    # given: five households enrolled in 2026
    for i in range(HOUSEHOLDS):
        application = new_application(magi=f"{20000 + i * 1000}.00")
        verify_reported(application, caseworker)
        services.decide_application(application=application, acting_user=caseworker, today=date(2026, 3, 10))
    # and a worker that takes 3 s inside each household's renewal
    slow = start_worker(own_broker.url, renew_delay=3)

    # when: the program administrator starts renewals into 2027, and the worker is killed mid-run
    run = services.start_renewal_run(
        plan_year=PlanYear.objects.get(year=2027), acting_user=program_admin, today=date(2026, 11, 16)
    )
    wait_for(lambda: _renewed() >= 2, seconds=120, step=0.5, what="two households renewed")
    slow.kill()
    killed_at = _renewed()
    assert killed_at < HOUSEHOLDS

    # then: a new worker takes the jobs still queued; the one the killed worker held stays pending
    start_worker(own_broker.url)
    pending = run.renewals.filter(status=RenewalStatus.PENDING)
    wait_for(
        lambda: _renewed() + pending.count() == HOUSEHOLDS and _renewed() >= HOUSEHOLDS - 1,
        seconds=120,
        step=0.5,
        what="every queued job done",
    )
    wait_for(lambda: own_broker.client().llen("celery") == 0, seconds=60, what="the queue drained")
    lost = pending.count()
    assert lost == 1  # the job the killed worker was in: rolled back, not lost

    # when: the run has stalled for ten minutes, the sweep sends the lost job again
    assert services.resume_stalled_renewals(now=timezone.now() + timedelta(minutes=11)) == lost
    wait_for(lambda: _renewed() == HOUSEHOLDS, seconds=120, step=0.5, what="the last household renewed")

    # when: Redis gives the killed worker's message back (its visibility timeout passed)
    redis = own_broker.client()
    with Connection(own_broker.url) as connection:
        qos = connection.default_channel.qos
        for tag in redis.hkeys("unacked"):
            qos.restore_by_tag(tag)
    wait_for(
        lambda: redis.llen("celery") == 0 and redis.hlen("unacked") == 0,
        seconds=120,
        what="the redelivered message to be consumed",
    )

    # then: every household renewed once: one 2027 enrollment, one renewal notice, one attempt each
    assert (
        Enrollment.objects.filter(plan_year__year=2027, state=EnrollmentState.ENROLLED).count() == HOUSEHOLDS
    )
    assert Notice.objects.filter(notice_type="renewal").count() == HOUSEHOLDS
    assert set(run.renewals.values_list("attempts", flat=True)) == {1}
