"""Run the daily deadline sweeps by hand: the same work Celery beat runs as
eligibility.tasks.daily_sweep and appeals.tasks.daily_sweep, each app's own sweep, in that order."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from appeals.services import run_daily_sweep
from eligibility.services import run_daily_sweep as run_eligibility_sweep
from hca_portal.dates import local_today


class Command(BaseCommand):
    help = "Vendor delays, expired requests for information and reminders. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD, America/Denver); default today.")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else local_today()
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD") from exc
        eligibility = run_eligibility_sweep(today=today)
        result = run_daily_sweep(today=today)
        self.stdout.write(
            f"{today.isoformat()}: {result.vendor_delayed} vendor delays, "
            f"{result.delay_notices_queued} delay notices queued, "
            f"{result.reminders_queued} reminders queued, "
            f"{eligibility.information_requests_expired} requests for information expired"
        )
