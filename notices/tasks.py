"""Celery entry points for notices (PRODUCT P8): take ids, call a service, retry with backoff."""

import logging
from datetime import date

from celery import bootsteps, shared_task

from hca_portal.celery import app
from hca_portal.dates import local_today

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=240,  # below the sweep's 5 minutes: see services.requeue_stuck_notices
    retry_jitter=True,
    max_retries=8,
    acks_late=True,
    ignore_result=True,
)
def render_notice(self, notice_id: str) -> None:
    """Render, store and issue one notice. A failure leaves it pending: retried here, then by the sweep."""
    services.store_rendered_notice(notice_id=notice_id)


@shared_task(ignore_result=True)
def requeue_stuck_notices() -> int:
    """Beat, every 10 minutes: notices pending for more than 5 minutes are queued again."""
    return len(services.requeue_stuck_notices())


@shared_task(ignore_result=True)
def queue_unqueued_notices() -> int:
    """Sent by a worker each time it (re)connects to the broker, and by beat each minute: notices
    whose render task could not be sent (broker down at commit) are sent now."""
    return len(services.queue_unqueued_notices())


class QueueUnqueuedOnConnect(bootsteps.StartStopStep):
    """A consumer step: its ``start`` runs each time the worker has (re)connected to the broker.

    A broker that was down is back then, so the notices that waited for it are queued at once
    rather than at the next beat tick. Only a task is sent here; the database work is the task's.
    """

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, c):
        try:
            queue_unqueued_notices.apply_async()
        except Exception as exc:  # noqa: BLE001 - the broker flapped again; beat's tick will send it
            logger.warning("could not queue the unqueued-notices task on connect (%s)", type(exc).__name__)


app.steps["consumer"].add(QueueUnqueuedOnConnect)


@shared_task(
    bind=True, autoretry_for=(Exception,), retry_backoff=30, max_retries=5, acks_late=True, ignore_result=True
)
def build_mail_batch(self, batch_date: str | None = None) -> str | None:
    """Merge the day's mail copies into one print PDF with its manifest (default: today in New Mexico)."""
    day = date.fromisoformat(batch_date) if batch_date else local_today()
    batch = services.build_mail_batch(batch_date=day)
    return str(batch.pk) if batch else None
