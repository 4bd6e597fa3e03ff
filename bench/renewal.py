"""Benchmark: a renewal run into plan year 2027 on PostgreSQL (issue 10 item 6), with a crash.

    .venv/bin/python bench/renewal.py                      # 100,000 households
    .venv/bin/python bench/renewal.py --households 20000   # a size this machine affords

Builds ``--households`` households enrolled in 2026 (bulk inserts: application, member, five
verified findings, determination, enrollment), then:

1. intake through ``services.create_application`` in this process: the baseline, measured
   before the run and again after it (the host's speed drifts), ms and CPU ms per intake;
2. ``services.start_renewal_run``: the rows of the run (one per household), in one statement;
3. the run's jobs (the task body ``tasks.renew_household``, one household each, as a worker runs
   it) in a child process that is killed (SIGKILL) after ``--crash-after`` seconds: it shows the
   renewed count at the kill and that no household is half renewed (a 2027 determination or
   notice exists exactly for the rows marked renewed);
4. the sweep after the stall (``claim_renewals``) sends the rows left, and a new child process
   renews them: every household renewed once. Its ms and CPU ms per renewal against intake's
   give the ratio (target <= 1);
5. a first decision (``services.decide_application`` on households in review, every criterion
   verified) in this process: a second baseline, the same kind of work as a renewal;
6. the notices went to the broker (Redis, ``--broker``; no worker runs): all pending, none
   rendered inside the run, one render task queued per notice.

The 2027 cap is left empty (no cap) for the run: with a cap, every decision counts the year's
slots held (cap._slot_open), and that count grows with the year; ``--capped-sample`` renewals are
then made with the cap set, at the full table, to show that cost separately.
"""

import argparse
import multiprocessing
import os
import signal
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

parser = argparse.ArgumentParser()
parser.add_argument("--households", type=int, default=100_000)
parser.add_argument("--crash-after", type=float, default=20.0, help="seconds before the kill")
parser.add_argument("--intakes", type=int, default=500)
parser.add_argument("--capped-sample", type=int, default=200)
parser.add_argument("--broker", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4"))
args = parser.parse_args()

from _setup import django_on_postgres  # noqa: E402

django_on_postgres("bench_renewal")

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from eligibility import services, tasks  # noqa: E402
from eligibility.models import (  # noqa: E402
    Application,
    CriterionFinding,
    Determination,
    Enrollment,
    Guidance,
    Member,
    PlanYear,
    Renewal,
    RenewalStatus,
)
from hca_portal import roles  # noqa: E402
from hca_portal.celery import app as celery_app  # noqa: E402
from hca_portal.dates import LOCAL_TZ  # noqa: E402
from notices.models import Notice  # noqa: E402

N = args.households
BATCH = 5_000
User = get_user_model()
worker = User.objects.create_user("bench-caseworker", password="bench-pass-123")
worker.groups.add(Group.objects.get(name=roles.CASEWORKER))
admin = User.objects.create_user("bench-program", password="bench-pass-123")
admin.groups.add(Group.objects.get(name=roles.PROGRAM_ADMIN))
year2026, year2027 = PlanYear.objects.get(year=2026), PlanYear.objects.get(year=2027)
guidance2026 = Guidance.objects.get(plan_year=year2026)
Guidance.objects.filter(plan_year__in=[year2026, year2027]).update(enrollment_cap=None)

# Notices are queued to a real broker with no worker: rendering is the workers' job.
celery_app.conf.broker_url, celery_app.conf.task_always_eager = args.broker, False
redis = None
if args.broker.startswith("redis"):
    import redis as redis_lib

    redis = redis_lib.Redis.from_url(args.broker)
    redis.delete("celery")

VERIFIED = {
    "daca": "daca_verified",
    "no_other_coverage": "other_coverage_attested",
    "residency": "resident_attested",
    "not_incarcerated": "not_incarcerated_attested",
    "income": "income_attested",
}


def populate():
    started = time.perf_counter()
    completed = datetime(2026, 3, 2, 9, tzinfo=LOCAL_TZ)
    Application.objects.bulk_create(
        (
            Application(
                plan_year=year2026,
                state="determined",
                received_on=date(2026, 3, 1),
                household_size=1 + i % 4,
                annual_magi=Decimal(18_000 + i % 40_000),
                address_line=f"{i} Bench Road",
                city="Albuquerque",
                zip_code="87101",
                completed_at=completed,
            )
            for i in range(N)
        ),
        batch_size=BATCH,
    )
    applications = list(Application.objects.order_by("pk").only("pk"))
    members = Member.objects.bulk_create(
        (
            Member(
                application=a,
                first_name="Bench",
                last_name=f"Member{i}",
                date_of_birth=date(1999, 1, 1),
                ead_category="C33",
                daca_valid_from=date(2025, 1, 1),
                daca_valid_to=date(2028, 12, 31),
                has_other_coverage=False,
                is_incarcerated=False,
            )
            for i, a in enumerate(applications)
        ),
        batch_size=BATCH,
    )
    CriterionFinding.objects.bulk_create(
        (
            CriterionFinding(member=m, criterion=c, status="met", reason_code=code, recorded_by=worker)
            for m in members
            for c, code in VERIFIED.items()
        ),
        batch_size=BATCH,
    )
    determinations = Determination.objects.bulk_create(
        (
            Determination(
                application_id=m.application_id,
                member=m,
                guidance=guidance2026,
                decision="eligible",
                effective_date=date(2026, 4, 1),
                fpl_pct=Decimal("180.00"),
                premium_assistance=Decimal("300.00"),
                oop_tier="Silver 87",
                decided_on=date(2026, 3, 10),
                decided_by=worker,
            )
            for m in members
        ),
        batch_size=BATCH,
    )
    Enrollment.objects.bulk_create(
        (
            Enrollment(
                member_id=d.member_id,
                plan_year=year2026,
                determination=d,
                state="enrolled",
                priority_group=1,
                completed_at=completed,
                fpl_pct=d.fpl_pct,
                effective_date=date(2026, 4, 1),
            )
            for d in determinations
        ),
        batch_size=BATCH,
    )
    connection.cursor().execute("ANALYZE")
    print(f"populated {N:,} households enrolled in 2026 in {time.perf_counter() - started:.0f} s")


member = services.MemberInput(
    first_name="Bench",
    last_name="Intake",
    date_of_birth=date(1999, 1, 1),
    ead_category="C33",
    daca_valid_from=date(2025, 1, 1),
    daca_valid_to=date(2027, 12, 31),
    has_other_coverage=False,
    is_incarcerated=False,
)


def intake_cost(count: int) -> tuple[float, float]:
    """ms and CPU ms of this process per intake through services.create_application."""
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(count):
        services.create_application(
            plan_year=year2026,
            received_on=date(2026, 11, 2),
            household_size=2,
            annual_magi=Decimal(20000 + i),
            address_line="1 Bench Rd",
            city="Albuquerque",
            zip_code="87101",
            members=[member],
            acting_user=worker,
        )
    return (time.perf_counter() - started) / count * 1000, (time.process_time() - cpu) / count * 1000


def decisions_ready(count: int) -> list:
    """Households in review with every criterion verified, as a caseworker leaves them before deciding."""
    made = Application.objects.bulk_create(
        Application(
            plan_year=year2026,
            state="in_review",
            received_on=date(2026, 10, 20),
            household_size=2,
            annual_magi=Decimal(20000 + i),
            address_line=f"{i} Decision Road",
            city="Albuquerque",
            zip_code="87101",
        )
        for i in range(count)
    )
    members = Member.objects.bulk_create(
        Member(
            application=a,
            first_name="Bench",
            last_name="Decision",
            date_of_birth=date(1999, 1, 1),
            ead_category="C33",
            daca_valid_from=date(2025, 1, 1),
            daca_valid_to=date(2028, 12, 31),
            has_other_coverage=False,
            is_incarcerated=False,
        )
        for a in made
    )
    CriterionFinding.objects.bulk_create(
        CriterionFinding(member=m, criterion=c, status="met", reason_code=code, recorded_by=worker)
        for m in members
        for c, code in VERIFIED.items()
    )
    return made


def decision_cost(applications: list) -> tuple[float, float]:
    """ms and CPU ms of this process per first decision (services.decide_application)."""
    started, cpu = time.perf_counter(), time.process_time()
    for application in applications:
        services.decide_application(application=application, acting_user=worker, today=date(2026, 11, 2))
    count = len(applications)
    return (time.perf_counter() - started) / count * 1000, (time.process_time() - cpu) / count * 1000


def renew(ids: list, report) -> None:
    """A worker's loop: one job per household (the task body), CPU time reported at the end."""
    connections.close_all()
    started, cpu = time.perf_counter(), time.process_time()
    for renewal_id in ids:
        tasks.renew_household(str(renewal_id))
    report.put((len(ids), time.perf_counter() - started, time.process_time() - cpu))


def consistent() -> tuple[int, int, int]:
    """Rows marked renewed, households with a 2027 determination, renewal notices: equal when no
    household is half renewed."""
    renewed = Renewal.objects.filter(status=RenewalStatus.RENEWED).count()
    determined = (
        Determination.objects.filter(guidance__plan_year=year2027).values("application").distinct().count()
    )
    return renewed, determined, Notice.objects.filter(notice_type="renewal").count()


populate()
to_decide = decisions_ready(args.intakes)
intake_before = intake_cost(args.intakes)

started = time.perf_counter()
run = services.start_renewal_run(plan_year=year2027, acting_user=admin, today=date(2026, 11, 16))
start_seconds = time.perf_counter() - started
ids = list(run.renewals.order_by("created_at", "id").values_list("pk", flat=True))
print(f"run started: {len(ids):,} renewal rows written in {start_seconds:.1f} s")

# Phase 1: a worker renews until it is killed.
context = multiprocessing.get_context("fork")
report = context.Queue()
connections.close_all()
child = context.Process(target=renew, args=(ids, report))
child.start()
child.join(timeout=args.crash_after)
if child.is_alive():
    os.kill(child.pid, signal.SIGKILL)
    child.join()
renewed_at_kill, determined_at_kill, notices_at_kill = consistent()
whole = renewed_at_kill == determined_at_kill == notices_at_kill
print(
    f"killed after {args.crash_after:.0f} s: {renewed_at_kill:,} renewed, "
    f"{Renewal.objects.filter(status=RenewalStatus.PENDING).count():,} pending; "
    f"households with a 2027 determination {determined_at_kill:,}, renewal notices {notices_at_kill:,} "
    f"({'consistent: none half renewed' if whole else 'INCONSISTENT'})"
)

# Phase 2: the sweep finds the run stalled and sends the rest; a new worker renews them.
with transaction.atomic():
    left = services.claim_renewals(run=run, now=timezone.now() + timedelta(minutes=11), limit=N)
print(f"resumed: the sweep sent {len(left):,} jobs again")
connections.close_all()
child = context.Process(target=renew, args=(left, report))
child.start()
child.join()
count, seconds, cpu_seconds = report.get(timeout=10)
renew_ms, renew_cpu_ms = seconds / count * 1000, cpu_seconds / count * 1000
renewed, determined, notices = consistent()
intake_after = intake_cost(args.intakes)
decide_ms, decide_cpu_ms = decision_cost(to_decide)
intake_ms = (intake_before[0] + intake_after[0]) / 2
intake_cpu_ms = (intake_before[1] + intake_after[1]) / 2

queued = redis.llen("celery") if redis is not None else None
pending = Notice.objects.filter(notice_type="renewal", status=Notice.Status.PENDING).count()

# With a cap: the count of the year's slots at every decision (cap._slot_open).
capped = ""
if args.capped_sample:
    Guidance.objects.filter(plan_year=year2027).update(enrollment_cap=10 * N)
    sample = list(
        Renewal.objects.filter(status=RenewalStatus.RENEWED).values_list("pk", flat=True)[
            : args.capped_sample
        ]
    )
    Renewal.objects.filter(pk__in=sample).update(status=RenewalStatus.PENDING)
    Enrollment.objects.filter(member__application__renewals__pk__in=sample, plan_year=year2027).update(
        state="terminated"
    )
    connections.close_all()
    child = context.Process(target=renew, args=(sample, report))
    child.start()
    child.join()
    c_count, c_seconds, c_cpu = report.get(timeout=10)
    capped = (
        f"with a cap of {10 * N:,} ({N:,} slots held): {c_seconds / c_count * 1000:.1f} ms per renewal "
        f"({c_count} renewals), ratio to intake {c_seconds / c_count * 1000 / intake_ms:.2f}"
    )

if redis is not None:
    redis.delete("celery")

print(
    f"every household renewed once: {renewed:,} of {N:,} rows renewed, {determined:,} households with "
    f"a 2027 determination, {notices:,} renewal notices, "
    f"{Enrollment.objects.filter(plan_year=year2027, state='enrolled').count():,} enrolled in 2027"
)
print(
    f"intake (baseline, same run): {intake_ms:.1f} ms each ({intake_before[0]:.1f} before the run, "
    f"{intake_after[0]:.1f} after); {intake_cpu_ms:.2f} ms of this process's CPU"
)
print(
    f"renewal, one worker process: {renew_ms:.1f} ms each ({count:,} renewals after the restart); "
    f"{renew_cpu_ms:.2f} ms of its CPU; ratio to intake {renew_ms / intake_ms:.2f} "
    f"(CPU {renew_cpu_ms / intake_cpu_ms:.2f}); target <= 1"
)
print(
    f"a first decision (services.decide_application, same run, second baseline): {decide_ms:.1f} ms each, "
    f"{decide_cpu_ms:.2f} ms CPU; renewal/decision ratio {renew_ms / decide_ms:.2f} "
    f"(CPU {renew_cpu_ms / decide_cpu_ms:.2f})"
)
if capped:
    print(capped)
print(
    f"notices: {pending:,} renewal notices pending (none rendered inside the run), "
    f"{queued if queued is not None else 'n/a'} tasks queued on the broker ({args.broker}: the render "
    f"tasks of the renewal notices and of the baseline decisions' notices, and the run's dispatcher)"
)
