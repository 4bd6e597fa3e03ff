"""Benchmark: every workspace queue page with 100,000 applications and 20,000 appeals on PostgreSQL.

    .venv/bin/python bench/queues.py          # creates (drops first) the database bench_queues
    .venv/bin/python bench/queues.py --reuse  # measures again on the rows of the last run

Target (issue 5): each queue page at most 10 queries and a median of at most 100 ms. Measured
side by side, in the same run and on the same rows, with the Django admin's changelist
(Application registered with a plain ModelAdmin for the run; Appeal with its own admin),
and the ratio printed. Pages are requested through the whole stack (middleware, session,
template) with Django's test client; each is warmed up 3 times, then timed 30 times.

The data (bench/_data.py, shared with load.py), all bulk-created: 100,000 applications, 20,000
determinations, 20,000 appeals, 10,000 enrollments, a navigator with 200 clients.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from _setup import ROOT, django_on_postgres, median

REUSE = "--reuse" in sys.argv
if REUSE:
    sys.path.insert(0, str(ROOT))
    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
    os.environ["DATABASE_URL"] = f"{base.rstrip('/')}/bench_queues"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hca_portal.settings")
    import django

    django.setup()
else:
    django_on_postgres("bench_queues")

from _data import existing_users, populate  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from eligibility.models import Application  # noqa: E402

RUNS, WARMUP = 30, 3

settings.ALLOWED_HOSTS = ["*"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The admin's list of the same rows: Application has no admin of its own, so register a plain one
# (before the URL configuration is first read).
if Application not in admin.site._registry:
    admin.site.register(Application, admin.ModelAdmin)


def measure(client: Client, path: str) -> tuple[int, float, list[float]]:
    for _ in range(WARMUP):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return len(queries), median(times), times


def main():
    users = existing_users() if REUSE else populate()
    pages = [
        ("caseworker: my queue", "caseworker", "/workspace/caseworker/?tab=mine", "application"),
        ("caseworker: unassigned", "caseworker", "/workspace/caseworker/?tab=unassigned", "application"),
        ("caseworker: due soon", "caseworker", "/workspace/caseworker/?tab=due_soon", "application"),
        ("caseworker: overdue", "caseworker", "/workspace/caseworker/?tab=overdue", "application"),
        ("caseworker: waiting", "caseworker", "/workspace/caseworker/?tab=waiting", "application"),
        ("caseworker: page 40", "caseworker", "/workspace/caseworker/?tab=unassigned&page=40", "application"),
        ("supervisor: team + assign", "supervisor", "/workspace/supervisor/", "application"),
        ("officer: first-level", "officer", "/workspace/appeals/", "appeal"),
        ("bureau: final appeals", "bureau", "/workspace/final-appeals/", "appeal"),
        ("representative: clients", "navigator", "/workspace/clients/", "application"),
        ("applicant: own case", "applicant", "/workspace/my-case/", "application"),
        ("program administrator", "program", "/workspace/program/", "application"),
    ]
    admin_client = Client()
    admin_client.force_login(users["admin"])
    baselines = {
        "application": measure(admin_client, "/admin/eligibility/application/"),
        "appeal": measure(admin_client, "/admin/appeals/appeal/"),
    }
    print()
    print(f"{'page':<28} {'queries':>7} {'median ms':>9} {'p90 ms':>7} {'admin ms':>8} {'ratio':>6}  target")
    failures = []
    for label, who, path, kind in pages:
        client = Client()
        client.force_login(users[who])
        queries, med, times = measure(client, path)
        p90 = statistics.quantiles(times, n=10)[-1]
        admin_med = baselines[kind][1]
        ok = queries <= 10 and med <= 100
        failures += [] if ok else [label]
        print(
            f"{label:<28} {queries:>7} {med:>9.1f} {p90:>7.1f} {admin_med:>8.1f} {med / admin_med:>6.2f}  "
            f"{'ok' if ok else 'MISSED'}"
        )
    print()
    for kind, (queries, med, _times) in baselines.items():
        print(f"admin changelist of {kind}s: {queries} queries, median {med:.1f} ms")
    reports = Client()
    reports.force_login(users["program"])
    queries, med, _times = measure(reports, "/workspace/reports/")
    print(f"reports page (not a queue; for information): {queries} queries, median {med:.1f} ms")
    if failures:
        raise SystemExit(f"over target: {', '.join(failures)}")


if __name__ == "__main__":
    main()
