"""When a program administrator corrects the holiday calendar, recompute open appeals' due dates.

The receivers only send a task after the commit (run in this process if the broker is down):
the recomputation itself is a service (appeals.services.recompute_due_dates), run by appeals.tasks.
"""

from __future__ import annotations

from hca_portal.celery import send_after_commit


def remember_old_holiday_date(sender, instance, raw=False, **kwargs) -> None:
    """Moving a holiday changes two days: remember the one it leaves."""
    if raw or instance.pk is None:
        return
    instance._appeals_old_date = sender.objects.filter(pk=instance.pk).values_list("date", flat=True).first()


def holiday_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    days = {instance.date, getattr(instance, "_appeals_old_date", None)} - {None}
    from .tasks import recompute_due_dates

    send_after_commit(recompute_due_dates, sorted(d.isoformat() for d in days))
