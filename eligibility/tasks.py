"""Celery entry points for eligibility (PRODUCT P8): they take ids, load, and call a service."""

from dataclasses import asdict
from datetime import date

from celery import shared_task
from django.contrib.auth import get_user_model

from hca_portal.celery import DB_RETRY
from hca_portal.dates import local_today


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
