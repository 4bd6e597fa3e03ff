"""Celery entry points for notices (PRODUCT P8): take ids, call a service, retry with backoff."""

from datetime import date

from celery import shared_task

from hca_portal.dates import local_today

from . import services


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


@shared_task(
    bind=True, autoretry_for=(Exception,), retry_backoff=30, max_retries=5, acks_late=True, ignore_result=True
)
def build_mail_batch(self, batch_date: str | None = None) -> str | None:
    """Merge the day's mail copies into one print PDF with its manifest (default: today in New Mexico)."""
    day = date.fromisoformat(batch_date) if batch_date else local_today()
    batch = services.build_mail_batch(batch_date=day)
    return str(batch.pk) if batch else None
