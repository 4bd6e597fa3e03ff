"""Benchmark: every workspace queue page with 100,000 applications and 20,000 appeals on PostgreSQL.

    .venv/bin/python bench/queues.py          # creates (drops first) the database bench_queues
    .venv/bin/python bench/queues.py --reuse  # measures again on the rows of the last run

Target (issue 5): each queue page at most 10 queries and a median of at most 100 ms. Measured
side by side, in the same run and on the same rows, with the Django admin's changelist
(Application registered with a plain ModelAdmin for the run; Appeal with its own admin),
and the ratio printed. Pages are requested through the whole stack (middleware, session,
template) with Django's test client; each is warmed up 3 times, then timed 30 times.

The data, all bulk-created: 100,000 applications (35% received, 15% in review, 10% waiting
on the applicant, 35% determined, 5% withdrawn), 60% of the open ones assigned to 20
caseworkers, every open one with a due date spread over +-30 days; 20,000 determinations
with 5 criterion findings each (and a history record for each, by a caseworker); 16,000
first-level appeals (10% expedited, 10,000 open) and 4,000 final appeals (3,000 open);
10,000 enrollments; a navigator with 200 clients and their 400 notices.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

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

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from appeals.models import Appeal  # noqa: E402
from eligibility.models import (  # noqa: E402
    Application,
    CriterionFinding,
    Determination,
    Enrollment,
    Member,
    PlanYear,
    Representation,
)
from hca_portal import roles  # noqa: E402
from hca_portal.dates import LOCAL_TZ, local_today  # noqa: E402
from notices.models import Notice  # noqa: E402

N_APPLICATIONS = 100_000
N_DETERMINED = 20_000
N_FIRST, N_FINAL = 16_000, 4_000
RUNS, WARMUP = 30, 3
BATCH = 5_000

settings.ALLOWED_HOSTS = ["*"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
rng = random.Random(2026)
today = local_today()
User = get_user_model()

# The admin's list of the same rows: Application has no admin of its own, so register a plain one
# (before the URL configuration is first read).
if Application not in admin.site._registry:
    admin.site.register(Application, admin.ModelAdmin)


def user(username, role=None, **extra):
    made = User.objects.create_user(username, password="bench-pass-123", first_name=username.title(), **extra)
    if role:
        made.groups.add(Group.objects.get(name=role))
    return made


def populate():
    started = time.perf_counter()
    workers = [user(f"caseworker{i:02d}", roles.CASEWORKER) for i in range(20)]
    users = {
        "supervisor": user("supervisor", roles.SUPERVISOR),
        "officer": user("officer", roles.APPEALS_OFFICER),
        "bureau": user("bureau", roles.BUREAU_REVIEWER),
        "program": user("program", roles.PROGRAM_ADMIN, is_staff=True),
        "navigator": user("navigator", roles.REPRESENTATIVE),
        "applicant": user("applicant", roles.APPLICANT),
        "admin": User.objects.create_superuser("bench-admin", password="bench-pass-123"),
        "caseworker": workers[0],
    }
    plan_year = (
        PlanYear.objects.get(year=today.year)
        if PlanYear.objects.filter(year=today.year).exists()
        else (PlanYear.objects.order_by("-year").first())
    )
    guidance = plan_year.guidance_versions.order_by("-effective_date").first()
    states = ["received"] * 35 + ["in_review"] * 15 + ["awaiting_information"] * 10 + ["withdrawn"] * 5
    rows = []
    for i in range(N_APPLICATIONS):
        state = "determined" if i < N_DETERMINED * 7 // 4 else rng.choice(states)
        open_ = state in ("received", "in_review", "awaiting_information")
        rows.append(
            Application(
                plan_year=plan_year,
                state=state,
                received_on=today - timedelta(days=rng.randint(1, 120)),
                household_size=rng.randint(1, 5),
                annual_magi=Decimal(rng.randint(10_000, 90_000)),
                address_line=f"{i} Bench Road",
                city="Albuquerque",
                zip_code="87101",
                assigned_to=rng.choice(workers) if open_ and rng.random() < 0.6 else None,
                next_due_on=today + timedelta(days=rng.randint(-30, 30)) if open_ else None,
                completed_at=datetime(2026, 1, 2, tzinfo=LOCAL_TZ) if state == "determined" else None,
            )
        )
    Application.objects.bulk_create(rows, batch_size=BATCH)
    applications = list(Application.objects.order_by("received_on", "pk"))
    members = Member.objects.bulk_create(
        [
            Member(application=a, first_name="Bench", last_name=f"Member{i}", date_of_birth=date(1999, 1, 1))
            for i, a in enumerate(applications)
        ],
        batch_size=BATCH,
    )
    determined = [m for m in members if m.application.state == "determined"][:N_DETERMINED]
    determinations = Determination.objects.bulk_create(
        [
            Determination(
                application=m.application,
                member=m,
                guidance=guidance,
                decision="ineligible" if i % 2 else "eligible",
                effective_date=plan_year.starts_on,
                fpl_pct=Decimal("250.00"),
                decided_on=today - timedelta(days=40),
                decided_by=rng.choice(workers),
            )
            for i, m in enumerate(determined)
        ],
        batch_size=BATCH,
    )
    findings = CriterionFinding.objects.bulk_create(
        [
            CriterionFinding(
                member=d.member, criterion=c, status="met", reason_code="x", recorded_by=d.decided_by
            )
            for d in determinations
            for c in ("daca", "no_other_coverage", "residency", "not_incarcerated", "income")
        ],
        batch_size=BATCH,
    )
    history = CriterionFinding.history.model
    history.objects.bulk_create(
        [
            history(
                id=f.pk,
                member_id=f.member_id,
                criterion=f.criterion,
                status=f.status,
                reason_code=f.reason_code,
                recorded_by_id=f.recorded_by_id,
                created_at=f.created_at,
                updated_at=f.updated_at,
                history_date=f.created_at,
                history_type="+",
                history_user_id=f.recorded_by_id,
                history_change_reason="Finding recorded",
            )
            for f in findings
        ],
        batch_size=BATCH,
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                member=d.member,
                plan_year=plan_year,
                determination=d,
                state=rng.choice(["enrolled"] * 8 + ["waitlisted", "offered"]),
                priority_group=rng.choice([1, 2]),
                completed_at=datetime(2026, 1, 2, tzinfo=LOCAL_TZ),
                fpl_pct=Decimal("180.00"),
            )
            for d in determinations
            if d.decision == "eligible"
        ],
        batch_size=BATCH,
    )
    first_states = ["received", "screened", "under_review", "incomplete", "vendor_delayed"]

    def appeal(d, level, state, parent=None):
        expedited = rng.random() < 0.1
        due = today + timedelta(days=rng.randint(-5, 45))
        decided = state in ("decided", "closed")
        return Appeal(
            level=level,
            application=d.application,
            determination=d,
            parent=parent,
            state=state,
            expedite="granted" if expedited else "none",
            appellant_kind="applicant",
            channel="online",
            received_on=today - timedelta(days=rng.randint(1, 30)),
            filing_deadline=today,
            filing_deadline_rule="appeal_filing",
            filing_deadline_count={},
            decision_clock_start=today - timedelta(days=20),
            decision_due_on=due,
            decided_on=due - timedelta(days=rng.randint(-5, 15)) if decided else None,
            assigned_to=users["officer"] if level == "first" and rng.random() < 0.05 else None,
            outcome="upheld" if decided else "",
            final_appeal_due_on=today + timedelta(days=20) if decided and level == "first" else None,
        )

    firsts = Appeal.objects.bulk_create(
        [
            appeal(d, "first", rng.choice(first_states) if i < 10_000 else "decided")
            for i, d in enumerate(determinations[:N_FIRST])
        ],
        batch_size=BATCH,
    )
    decided_firsts = [a for a in firsts if a.state == "decided"][:N_FINAL]
    Appeal.objects.bulk_create(
        [
            appeal(a.determination, "final", "under_review" if i < 3_000 else "closed", parent=a)
            for i, a in enumerate(decided_firsts)
        ],
        batch_size=BATCH,
    )
    # A navigator with 200 clients (with their notices), and one applicant with their own case.
    clients = determinations[-200:]
    Representation.objects.bulk_create(
        [
            Representation(
                application=d.application,
                representative=users["navigator"],
                kind="navigator",
                starts_on=today - timedelta(days=60),
            )
            for d in clients
        ]
    )
    Notice.objects.bulk_create(
        [
            Notice(
                application=d.application,
                notice_type=kind,
                language="en",
                render_language="en",
                notice_date=today - timedelta(days=40),
                decision="bench",
                effective_date=plan_year.starts_on,
                appeal_deadline=today - timedelta(days=10),
                content={},
                status="issued",
            )
            for d in clients
            for kind in ("information_request", "denial")
        ]
    )
    Application.objects.filter(pk=clients[0].application_id).update(applicant_user=users["applicant"])
    connection.cursor().execute("ANALYZE")
    print(
        f"populated in {time.perf_counter() - started:.0f} s: {Application.objects.count():,} applications, "
        f"{Appeal.objects.count():,} appeals ({Appeal.objects.filter(level='final').count():,} final)"
    )
    return users


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


def existing_users():
    names = {
        "supervisor": "supervisor",
        "officer": "officer",
        "bureau": "bureau",
        "program": "program",
        "navigator": "navigator",
        "applicant": "applicant",
        "admin": "bench-admin",
        "caseworker": "caseworker00",
    }
    return {key: User.objects.get(username=name) for key, name in names.items()}


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
