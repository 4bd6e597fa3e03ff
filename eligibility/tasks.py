"""Celery entry points for eligibility (PRODUCT P8): they take ids, load, and call a service."""

import logging
from dataclasses import asdict
from datetime import date

from celery import shared_task
from django.contrib.auth import get_user_model

from hca_portal.celery import DB_RETRY
from hca_portal.dates import local_today

logger = logging.getLogger(__name__)


@shared_task(name="eligibility.tasks.offer_open_slots", **DB_RETRY)
def offer_open_slots(plan_year_id: int, acting_user_id: int | None = None) -> int:
    """After guidance changed (a raised cap, a new version), offer every open slot to the next in
    line, each with its notice; returns how many were offered. Safe to run twice: a second run
    finds no open slot."""
    from .models import PlanYear
    from .services import guidance_changed

    plan_year = PlanYear.objects.get(pk=plan_year_id)
    user = get_user_model().objects.filter(pk=acting_user_id).first() if acting_user_id else None
    return len(guidance_changed(plan_year=plan_year, acting_user=user, today=local_today()))


@shared_task(name="eligibility.tasks.lapse_unanswered_offers", **DB_RETRY)
def lapse_unanswered_offers() -> dict:
    """Daily (beat): offers unanswered past their reply-by date lapse and pass to the next in line.
    Safe to run twice; a failing offer is retried on the next run without stopping the others."""
    from .services import lapse_offers

    result = lapse_offers(today=local_today())
    return {"lapsed": len(result.lapsed), "failed": len(result.failed)}


@shared_task(name="eligibility.tasks.daily_sweep", **DB_RETRY)
def daily_sweep(day: str | None = None) -> dict:
    """Eligibility's timers: requests for information unanswered past their due date; safe to run
    twice. One request that cannot be expired is recorded and never stops the others."""
    from .services import run_daily_sweep

    today = date.fromisoformat(day) if day else local_today()
    return asdict(run_daily_sweep(today=today))


# --- Renewal for a new plan year (PRODUCT P11) ------------------------------------------------


def send_renewal_jobs(renewal_ids: list[str]) -> None:
    """Publish one renew_household job per id (after the commit that marked them sent). When the
    broker refuses, the rest wait: the sweep sends them again once the run is seen stalled."""
    for i, renewal_id in enumerate(renewal_ids):
        try:
            renew_household.delay(renewal_id)
        except Exception as exc:  # noqa: BLE001 - the rows keep the work (services.renewals)
            left = len(renewal_ids) - i
            logger.warning("%d renewal jobs not sent (%s): the sweep sends them", left, type(exc).__name__)
            return


@shared_task(name="eligibility.tasks.dispatch_renewals", ignore_result=True, **DB_RETRY)
def dispatch_renewals(run_id: str) -> int:
    """Send the jobs of a renewal run that are due; returns how many were sent."""
    from django.utils import timezone

    from .models import RenewalRun
    from .services import dispatch_renewals as dispatch

    return dispatch(run=RenewalRun.objects.get(pk=run_id), now=timezone.now())


@shared_task(name="eligibility.tasks.renew_household", ignore_result=True, acks_late=True, **DB_RETRY)
def renew_household(renewal_id: str) -> str | None:
    """One household's renewal (idempotent: a second delivery finds it done and does nothing)."""
    from .services import renew_household as renew

    renewal = renew(renewal_id=renewal_id, today=local_today())
    return renewal.status if renewal is not None else None


@shared_task(name="eligibility.tasks.resume_stalled_renewals", ignore_result=True, **DB_RETRY)
def resume_stalled_renewals() -> int:
    """Beat, every 5 minutes: runs with households left and nothing finished for 10 minutes send
    their jobs again (a worker or the dispatcher died); safe to run twice."""
    from django.utils import timezone

    from .services import resume_stalled_renewals as resume

    return resume(now=timezone.now())
