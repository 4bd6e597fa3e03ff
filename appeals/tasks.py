"""Celery entry points for appeals (PRODUCT P8): they take ids or dates, load, and call a service."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError

from hca_portal.celery import DB_RETRY
from hca_portal.dates import local_today


@shared_task(name="appeals.tasks.daily_sweep", **DB_RETRY)
def daily_sweep(day: str | None = None) -> dict:
    """Vendor delays, their notices and reminders; safe to run twice (eligibility sweeps its own
    timers with ``eligibility.tasks.daily_sweep``)."""
    from .services import run_daily_sweep

    today = date.fromisoformat(day) if day else local_today()
    return asdict(run_daily_sweep(today=today))


@shared_task(name="appeals.tasks.issue_delay_notices", **DB_RETRY)
def issue_delay_notices(appeal_ids: list[str]) -> int:
    """Issue the vendor-delay notice of each appeal not yet notified (each appeal locked; once only).

    One appeal whose notice cannot be issued is recorded (shown to supervisors, retried by the
    next sweep) and never stops the batch; a database outage retries the whole task (idempotent)."""
    from .services import issue_vendor_delay_notice
    from .services.sweep import record_notice_failure

    today = local_today()
    issued = 0
    for pk in appeal_ids:
        try:
            issued += issue_vendor_delay_notice(appeal_id=pk, today=today) is not None
        except (OperationalError, InterfaceError):
            raise  # the database is away: DB_RETRY retries the task, which skips appeals already done
        except Exception as exc:  # noqa: BLE001 - any failure of one appeal is recorded, not fatal
            record_notice_failure(appeal_id=pk, error=exc)
    return issued


@shared_task(name="appeals.tasks.deliver_reminders", **DB_RETRY)
def deliver_reminders(reminder_ids: list[int], day: str) -> int:
    """Email the assignees of these reminders; a reminder already sent (or being sent) is skipped."""
    from .services import deliver_reminders as deliver

    return deliver(reminder_ids=reminder_ids, today=date.fromisoformat(day))


@shared_task(name="appeals.tasks.recompute_due_dates", **DB_RETRY)
def recompute_due_dates(days: list[str]) -> int:
    """The holiday calendar changed on ``days``: recompute the clocks of open appeals crossing them."""
    from .services import recompute_due_dates as recompute

    return recompute(changed_days=[date.fromisoformat(d) for d in days], today=local_today())
