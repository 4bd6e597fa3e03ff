"""Benchmark: intake rate through the service layer, and the queue page, on PostgreSQL.

Prints:
- applications/s for 10,000 applications through eligibility.services.create_application from
  one process, the CPU time that process spent per intake (it tracks the host's speed, which
  varies here from minute to minute), and the statements one intake sends; baselines in the
  same run: plain ORM inserts of the same application rows (`objects.create` in autocommit:
  the row, then simple-history's row, each committed on its own; no members, no criteria),
  and a bare `BEGIN; INSERT; COMMIT` through the same connection (what one commit costs);
- the same intake from 4 processes at once (as web workers serving several caseworkers: the
  machine's two cores both at work), after the queue is measured, against plain inserts made
  the same way;
- the queue page's query count with 10 applications and with 10,000 (must be equal),
  and its median time over 30 requests at 10,000 (target under 50 ms), against the
  median of the login page through the same stack as a baseline.
"""

import multiprocessing
import time
from datetime import date
from decimal import Decimal

from _setup import django_on_postgres, median

django_on_postgres("bench_intake")

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from eligibility import services  # noqa: E402
from eligibility.models import Application, PlanYear  # noqa: E402
from hca_portal import roles  # noqa: E402
from hca_portal.celery import app as celery_app  # noqa: E402

N = 10_000
celery_app.conf.task_always_eager = True
User = get_user_model()
worker = User.objects.create_user("bench-caseworker", password="bench-pass-123")
worker.groups.add(Group.objects.get(name=roles.CASEWORKER))
plan_year = PlanYear.objects.get(year=2026)
member = services.MemberInput(
    first_name="Bench",
    last_name="Member",
    date_of_birth=date(1999, 1, 1),
    ead_category="C33",
    daca_valid_from=date(2025, 1, 1),
    daca_valid_to=date(2027, 12, 31),
    has_other_coverage=False,
    is_incarcerated=False,
)


def household(i) -> dict:
    """The application's own fields, the same for the service and for the plain-insert baseline."""
    return dict(
        plan_year=plan_year,
        received_on=date(2026, 3, 2),
        household_size=2,
        annual_magi=Decimal(20000 + i % 40000),
        address_line="1 Bench Rd",
        city="Albuquerque",
        zip_code="87101",
    )


def intake(i):
    services.create_application(**household(i), members=[member], acting_user=worker)


def plain_insert(i):
    Application.objects.create(**household(i))


client = Client()
client.force_login(worker)


def queue_queries():
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/cases/")
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


for i in range(10):
    intake(i)
queries_at_10 = queue_queries()
with CaptureQueriesContext(connection) as intake_ctx:
    intake(10)
intake_statements = [q["sql"].split(" ", 1)[0] for q in intake_ctx.captured_queries]

started, cpu_started = time.perf_counter(), time.process_time()
for i in range(11, N):
    intake(i)
service_rate = (N - 11) / (time.perf_counter() - started)
service_cpu_ms = (time.process_time() - cpu_started) / (N - 11) * 1000

started = time.perf_counter()
for i in range(1000):
    plain_insert(i)
plain_rate = 1000 / (time.perf_counter() - started)
Application.objects.filter(members__isnull=True).delete()

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE bench_bare (id bigserial PRIMARY KEY, n integer NOT NULL)")
started = time.perf_counter()
for i in range(1000):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare (n) VALUES (%s)", [i])
bare_rate = 1000 / (time.perf_counter() - started)


queries_at_n = queue_queries()
times = []
for _ in range(30):
    started = time.perf_counter()
    client.get("/cases/")
    times.append((time.perf_counter() - started) * 1000)
baseline = []
for _ in range(30):
    started = time.perf_counter()
    client.get("/accounts/login/")
    baseline.append((time.perf_counter() - started) * 1000)


def concurrently(work, total: int, processes: int) -> float:
    """Rows/s for `total` calls of `work(i)` split over `processes` forked processes, each on its own
    connection (as web workers taking intake from several caseworkers at once)."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")

    def run(offset):
        for i in range(offset, total, processes):
            work(i)
        connections.close_all()

    children = [context.Process(target=run, args=(offset,)) for offset in range(processes)]
    started = time.perf_counter()
    for child in children:
        child.start()
    for child in children:
        child.join()
        assert child.exitcode == 0, child.exitcode
    return total / (time.perf_counter() - started)


PROCESSES = 4
parallel_rate = concurrently(lambda i: intake(N + i), N, PROCESSES)
parallel_plain = concurrently(plain_insert, 2000, PROCESSES)
Application.objects.filter(members__isnull=True).delete()

print(
    f"intake through services, one process: {service_rate:.0f} applications/s ({N} applications; "
    f"target >= 200); {service_cpu_ms:.2f} ms of this process's CPU per intake"
)
print(
    f"intake through services, {PROCESSES} processes at once: {parallel_rate:.0f} applications/s "
    f"({N} more applications; target >= 200); plain ORM insert the same way {parallel_plain:.0f} rows/s; "
    f"ratio {parallel_rate / parallel_plain:.2f}"
)
print(f"intake statements: {len(intake_statements)} ({' '.join(intake_statements)})")
print(
    f"baseline plain ORM insert: {plain_rate:.0f} rows/s; service/plain ratio {service_rate / plain_rate:.2f}"
)
print(f"baseline bare BEGIN; INSERT; COMMIT: {bare_rate:.0f}/s ({1000 / bare_rate:.2f} ms each)")
print(f"queue page queries: {queries_at_10} at 10 applications, {queries_at_n} at {N}")
print(
    f"queue page median: {median(times):.1f} ms at {N} (target < 50 ms); "
    f"login page median {median(baseline):.1f} ms; ratio {median(times) / median(baseline):.1f}"
)
