"""The benchmarks' world of 100,000 applications, bulk-created (import after Django is set up).

`populate()` builds it (used by queues.py and load.py): 100,000 applications (35% received, 15% in
review, 10% waiting on the applicant, 35% determined, 5% withdrawn), 60% of the open ones
assigned to 20 caseworkers, every open one with a due date spread over +-30 days; 20,000
determinations with 5 criterion findings each (and a history record for each, by a caseworker);
16,000 first-level appeals (10% expedited, 10,000 open) and 4,000 final appeals (3,000 open);
10,000 enrollments; a navigator with 200 clients and their 400 notices. It returns the users by
role. `existing_users()` finds them again in a database built earlier.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from appeals.models import Appeal
from eligibility.models import (
    Application,
    CriterionFinding,
    Determination,
    Enrollment,
    Member,
    PlanYear,
    Representation,
)
from hca_portal import roles
from hca_portal.dates import LOCAL_TZ, local_today
from notices.models import Notice

N_APPLICATIONS = 100_000
N_DETERMINED = 20_000
N_FIRST, N_FINAL = 16_000, 4_000
BATCH = 5_000
PASSWORD = "bench-pass-123"

rng = random.Random(2026)
today = local_today()
User = get_user_model()


def user(username, role=None, **extra):
    made = User.objects.create_user(username, password=PASSWORD, first_name=username.title(), **extra)
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
        "admin": User.objects.create_superuser("bench-admin", password=PASSWORD),
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
