"""Benchmark: the appeals daily sweep over 1,000 and 100,000 open appeals on PostgreSQL.

    createdb -U postgres -h 127.0.0.1 bench_appeals      # once (the script tries it too)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_appeals .venv/bin/python bench/appeals_sweep.py

Target (issue 4): under 2 s at 100,000 open appeals, with a query count that does not grow
with the rows. The sweep marks vendor delays, queues their notices (tasks: notices are
issued by workers, one locked appeal each; measured separately below) and emails
reminders (locmem backend here; requests for information are eligibility's own sweep
since 2026-12-01). The data: 1% of the open
appeals missed their due date yesterday, the rest fall due over the next 45 days, 60%
are assigned (so about 4% get a reminder today). Everything is bulk-created; the bench
database is emptied first. A second run the same day checks idempotence, and two sweeps
started at once on fresh rows check they split the work instead of doubling it.

Last run (2026-11-23, PostgreSQL 15, this machine):

    open appeals  run  seconds  queries  delayed  reminders
           1,000  1st    0.036       16       10         12
           1,000  2nd    0.014        9        0         12 (still queued: no worker ran)
         100,000  1st    0.625       16    1,000      1,112
         100,000  2nd    0.076        9        0      1,112
    workers: 1,112 reminder emails 0.30 s (4 queries); vendor-delay notices ~59 ms and 16 queries each
    two concurrent sweeps over 10,000: 100 delays split between them, 100 events, 435 mails for 435 reminders
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_appeals")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hca_portal.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

TODAY = date(2026, 6, 15)  # Mon
SIZES = (1_000, 100_000)
OFFICERS = 20


def _createdb() -> None:
    subprocess.run(
        ["createdb", "-U", "postgres", "-h", "127.0.0.1", "bench_appeals"], capture_output=True, check=False
    )


def main() -> None:
    _createdb()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), "run this on PostgreSQL"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from hca_portal.celery import app as celery_app

    celery_app.conf.task_always_eager = False  # notices go to workers; the broker is in memory here
    call_command("migrate", verbosity=0)

    print(f"appeals daily sweep on PostgreSQL, as of {TODAY.isoformat()} (yesterday's sweep already ran)")
    print(f"{'open appeals':>12} {'run':>6} {'seconds':>8} {'queries':>8} {'delayed':>8} {'reminders':>9}")
    for n in SIZES:
        _reset()
        _populate(n)
        _steady_state()
        for run in ("first", "second"):
            seconds, queries, result = _timed_sweep()
            print(
                f"{n:>12,} {run:>6} {seconds:>8.3f} {queries:>8} {result.vendor_delayed:>8} "
                f"{result.reminders_queued:>9}"
            )
    _worker_side()
    _concurrency_check(10_000)


def _reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE appeals_reminder, appeals_appealevent, appeals_historicalappeal, appeals_appeal, "
            "eligibility_determination, eligibility_member, eligibility_application CASCADE"
        )


def _officers():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from hca_portal import roles

    group = Group.objects.get(name=roles.APPEALS_OFFICER)
    users = []
    for i in range(OFFICERS):
        user, _ = get_user_model().objects.get_or_create(
            username=f"bench-officer-{i}", defaults={"email": f"officer{i}@vendor.example"}
        )
        user.groups.add(group)
        users.append(user)
    return users


def _populate(n: int) -> None:
    """n first-level appeals, each on its own determination (10 members per application)."""
    from django.db import connection

    from appeals import rules
    from appeals.models import Appeal, Expedite, Level, State
    from eligibility.models import Application, Determination, Member, PlanYear
    from hca_portal.calendar import holidays_between

    started = time.perf_counter()
    plan_year = PlanYear.objects.get(year=2026)
    guidance = plan_year.guidance_versions.order_by("-effective_date").first()
    officers = _officers()
    holidays = holidays_between(TODAY - timedelta(days=90), TODAY + timedelta(days=120))
    applications = [
        Application(
            plan_year=plan_year,
            received_on=date(2026, 3, 2),
            household_size=10,
            annual_magi=Decimal("95000.00"),
            address_line="1 Bench St",
            city="Santa Fe",
            zip_code="87501",
        )
        for _ in range((n + 9) // 10)
    ]
    Application.objects.bulk_create(applications, batch_size=5000)
    members = [
        Member(
            application=applications[i // 10],
            first_name="Bench",
            last_name=str(i),
            date_of_birth=date(1998, 1, 1),
        )
        for i in range(n)
    ]
    Member.objects.bulk_create(members, batch_size=5000)
    determinations = [
        Determination(
            application=m.application,
            member=m,
            guidance=guidance,
            decision="ineligible",
            effective_date=date(2026, 4, 1),
            reason_codes=["income_over_limit"],
            fpl_pct=Decimal("450.00"),
            decided_on=date(2026, 3, 10),
        )
        for m in members
    ]
    Determination.objects.bulk_create(determinations, batch_size=5000)

    by_start: dict[date, object] = {}
    appeals = []
    for i, d in enumerate(determinations):
        if i % 100 == 0:
            due = TODAY - timedelta(days=1)  # 1%: missed yesterday
        else:
            due = TODAY + timedelta(days=i % 45)
        start = due - timedelta(days=20)
        deadline = by_start.get(start) or rules.decision_deadline(Level.FIRST, False, start, holidays)
        by_start[start] = deadline
        assigned = officers[i % OFFICERS] if i % 10 < 6 else None
        appeals.append(
            Appeal(
                level=Level.FIRST,
                application_id=d.application_id,
                determination=d,
                state=State.UNDER_REVIEW if assigned else State.SCREENED,
                expedite=Expedite.NONE,
                appellant_kind="applicant",
                channel="mail",
                received_on=start,
                filing_deadline=start,
                filing_deadline_rule="appeal_filing",
                filing_deadline_count={},
                decision_clock_start=start,
                decision_due_on=due,
                decision_due_rule="first_level_decision",
                decision_due_count={},
                remind_on=rules.reminder_date(due, holidays),
                assigned_to=assigned,
            )
        )
    Appeal.objects.bulk_create(appeals, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  (created {n:,} appeals with their cases in {time.perf_counter() - started:.1f} s)")


def _steady_state() -> None:
    """Yesterday's sweep and its reminder emails, so today's run does one day's work."""
    from appeals.models import Reminder
    from appeals.services import deliver_reminders, run_daily_sweep

    yesterday = TODAY - timedelta(days=1)
    run_daily_sweep(today=yesterday)
    ids = list(Reminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
    deliver_reminders(reminder_ids=ids, today=yesterday)


def _timed_sweep():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from appeals.services import run_daily_sweep

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = run_daily_sweep(today=TODAY)
        seconds = time.perf_counter() - started
    return seconds, len(captured), result


def _worker_side() -> None:
    """What the workers then do: today's reminder emails, and vendor-delay notices (one chunk of 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from appeals.models import Appeal, Reminder, State
    from appeals.services import deliver_reminders, issue_vendor_delay_notice

    ids = list(Reminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        sent = deliver_reminders(reminder_ids=ids, today=TODAY)
        seconds = time.perf_counter() - started
    print(f"worker side: {sent} reminder emails in {seconds:.2f} s ({len(captured)} queries, locmem backend)")

    ids = list(
        Appeal.objects.filter(state=State.VENDOR_DELAYED, delay_notice__isnull=True).values_list(
            "pk", flat=True
        )[:200]
    )
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        for pk in ids:
            issue_vendor_delay_notice(appeal_id=pk, today=TODAY)
        seconds = time.perf_counter() - started
    print(
        f"worker side: {len(ids)} vendor-delay notices issued in {seconds:.2f} s "
        f"({len(captured) / max(len(ids), 1):.0f} queries each; PDFs render in their own task)"
    )


def _concurrency_check(n: int) -> None:
    """Two sweeps at once on fresh rows: every overdue appeal delayed once, every reminder sent once."""
    from django.core import mail
    from django.db import connection

    from appeals.models import Appeal, AppealEvent, Reminder, State
    from appeals.services import deliver_reminders, run_daily_sweep

    _reset()
    _populate(n)
    mail.outbox = []
    results, errors = [], []

    def in_two_threads(work):
        def run():
            try:
                results.append(work())
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    in_two_threads(lambda: run_daily_sweep(today=TODAY))
    ids = list(Reminder.objects.values_list("pk", flat=True))
    in_two_threads(lambda: deliver_reminders(reminder_ids=ids, today=TODAY))
    delayed = Appeal.objects.filter(state=State.VENDOR_DELAYED).count()
    events = AppealEvent.objects.filter(name="mark_vendor_delayed").count()
    print(
        f"two concurrent sweeps over {n:,}: delayed {[r.vendor_delayed for r in results[:2]]} "
        f"(rows {delayed}, events {events}); two workers delivering the same {len(ids)} reminders sent "
        f"{results[2:]} (mails {len(mail.outbox)}); errors {errors or 'none'}"
    )
    assert not errors and delayed == events == n // 100 and len(mail.outbox) == len(ids)


if __name__ == "__main__":
    main()
