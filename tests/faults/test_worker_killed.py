"""A worker killed (SIGKILL) while rendering: the notice is still issued, exactly once (issue 11, item 6).

What the settings do (docs/decisions/2026-12-01-broker-outage.md): acks_late keeps the message
unacknowledged in Redis; the stuck-notice sweep sends the notice again after 5 minutes without
render activity; Redis redelivers the original message after its visibility timeout (1 hour),
and that late delivery finds the notice issued and does nothing.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from kombu import Connection

from notices.models import Notice
from notices.tasks import requeue_stuck_notices

from .conftest import needs_services, wait_for


def stored_pdfs() -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "notices").rglob("*.pdf"))


@needs_services
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_notice_whose_worker_was_killed_mid_render_is_issued_once(own_broker, start_worker, issue_notice):
    # given: a worker that takes 30 s to render
    slow = start_worker(own_broker.url, render_delay=30)
    notice = issue_notice()

    # when: it is killed while rendering the notice
    wait_for(
        lambda: Notice.objects.filter(pk=notice.pk, render_attempts=1).exists(),
        seconds=30,
        what="the worker to start rendering",
    )
    slow.kill()

    # then: nothing is stored, and the broker still holds the message (acks_late)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PENDING and stored_pdfs() == []
    redis = own_broker.client()
    assert redis.hlen("unacked") == 1

    # when: a new worker runs, and five minutes pass without render activity (the sweep's threshold)
    start_worker(own_broker.url)
    Notice.objects.filter(pk=notice.pk).update(queued_at=timezone.now() - timedelta(minutes=6))
    requeue_stuck_notices.delay()

    # then: the notice is rendered and issued
    wait_for(
        lambda: Notice.objects.filter(pk=notice.pk, status=Notice.Status.ISSUED).exists(),
        seconds=60,
        step=0.5,
        what="the notice issued after the sweep",
    )

    # when: the visibility timeout passes and Redis gives the killed worker's message back
    with Connection(own_broker.url) as connection:
        qos = connection.default_channel.qos
        for tag in redis.hkeys("unacked"):
            qos.restore_by_tag(tag)
    wait_for(
        lambda: redis.llen("celery") == 0 and redis.hlen("unacked") == 0,
        seconds=30,
        what="the redelivered message to be consumed",
    )

    # then: that late delivery changed nothing: one PDF, one issuance, two render attempts
    notice.refresh_from_db()
    assert notice.render_attempts == 2 and len(notice.sha256) == 64
    assert stored_pdfs() == [Path(notice.pdf.path)]
    assert notice.history.filter(status=Notice.Status.ISSUED).count() == 1
