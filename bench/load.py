"""Load benchmark (issue 11 item 6): gunicorn with 4 workers on PostgreSQL with 100,000 applications.

    .venv/bin/python bench/load.py                     # builds bench_load (drops it first), then all three
    .venv/bin/python bench/load.py --reuse             # again on the rows of the last run
    .venv/bin/python bench/load.py --reuse --duration 15 --ratio-seconds 5 --approvals 50   # a short run
    .venv/bin/python bench/load.py --reuse --only ratio          # one part: mix, ratio or approvals

Three parts, against one gunicorn (4 sync workers, the product's settings with DEBUG off plus
bench/server_urls.py's baseline page; Redis index 8 as the broker, no Celery worker: notices stay
queued and are purged at the end, since rendering belongs to the workers, not to the web server):

1. mix: 50 caseworkers with no think time for 60 s (locust 2.47 headless, bench/locustfile.py):
   queue tabs, all applications, case pages with their timeline, intake (form and submit) and
   decisions (submit and the case page after it). Prints requests/s, p50/p95/p99 and the errors
   (a decision the case page then reports as refused counts as one), per request and in all.
2. ratio: 20 clients on one page at a time for --ratio-seconds each, in rounds (baseline, caseworker
   home, case page, ...): requests/s and p50 of each, and each page's requests/s over the
   baseline's of the same round. The baseline is a bare Django ListView of 50 rows of the
   applications table (bench/server_urls.py). Target: at least 0.7.
3. approvals: --approvals POSTs of "Decide eligibility" at once (threads released together), each
   for its own complete application, with the cap set so half of them find a slot: the wall time,
   p50/p95/max, then a check in the database that exactly the open slots were filled and every
   other one waitlisted. Then, in this process, 20 approvals one after another with every statement
   timed: how long the plan year's row lock is held (from `SELECT ... FOR UPDATE` to the commit),
   against the whole approval, and what runs while it is held.

Logins: `staff_session()` makes each caseworker's session in the database as the login view and the
second factor's page would (a confirmed authenticator device per caseworker) and the clients send its
cookie. BENCH_LOAD_DB names the database (default bench_load), BENCH_REDIS_URL the broker.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from importlib import import_module
from pathlib import Path

from _setup import ROOT, django_on_postgres, median

DB_NAME = os.environ.get("BENCH_LOAD_DB", "bench_load")  # another name when several people share the server
BASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
VENV = ROOT / ".venv" / "bin"

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--reuse", action="store_true", help="measure on the database of the last run")
parser.add_argument("--only", choices=["mix", "ratio", "approvals"], action="append")
parser.add_argument("--duration", type=int, default=60, help="seconds of the mix (default 60)")
parser.add_argument("--users", type=int, default=50, help="concurrent users in the mix (default 50)")
parser.add_argument("--ratio-seconds", type=int, default=20, help="seconds per page and round (default 20)")
parser.add_argument("--ratio-rounds", type=int, default=2)
parser.add_argument("--ratio-clients", type=int, default=20)
parser.add_argument("--approvals", type=int, default=200, help="concurrent approvals (default 200)")
args = parser.parse_args()
parts = args.only or ["mix", "ratio", "approvals"]

if args.reuse:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"{BASE}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hca_portal.settings")
    import django

    django.setup()
else:
    django_on_postgres(DB_NAME)

import _data  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection  # noqa: E402

from eligibility import selectors, services  # noqa: E402
from eligibility.models import (  # noqa: E402
    Application,
    ApplicationState,
    CriterionFinding,
    Enrollment,
    EnrollmentState,
    PlanYear,
)
from hca_portal.celery import app as celery_app  # noqa: E402
from hca_portal.dates import local_today  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
logging.disable(logging.WARNING)  # this process's notices log each one; the figures are what matters
# What a caseworker records before deciding: a basis for each criterion (a document for DACA,
# the applicant's attestation for the others), as the case page's finding form does.
MET = {
    "daca": "daca_verified",
    "no_other_coverage": "other_coverage_attested",
    "residency": "resident_attested",
    "not_incarcerated": "not_incarcerated_attested",
    "income": "income_attested",
}


def staff_session(user) -> str:
    """A logged-in session for `user`, written to the session store as `django.contrib.auth.login` and the
    second factor's page would (a confirmed authenticator device made for the user, its persistent id
    as django-otp's `otp_device_id`, the staff gate's stamps); returns its key for the `sessionid` cookie."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from hca_portal.auth.middleware import LAST_SEEN_KEY
    from hca_portal.auth.second_factor import REQUIRED_SESSION_KEY
    from hca_portal.auth.second_factor import required_for as second_factor_required

    device, _made = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    backends = settings.AUTHENTICATION_BACKENDS
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = next((b for b in backends if b.endswith(".ModelBackend")), backends[-1])
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[REQUIRED_SESSION_KEY] = second_factor_required(user)
    store[LAST_SEEN_KEY] = time.time()
    store.save(must_create=True)
    return store.session_key


def make_decidable() -> int:
    """Every application in review gets a caseworker's met finding on each criterion (decidable once)."""
    members = list(
        Application.objects.filter(state=ApplicationState.IN_REVIEW, members__findings__isnull=True)
        .values_list("members__pk", "assigned_to_id")
        .distinct()
    )
    fallback = _data.User.objects.get(username="caseworker00").pk
    CriterionFinding.objects.bulk_create(
        [
            CriterionFinding(
                member_id=member,
                criterion=criterion,
                status="met",
                reason_code=code,
                recorded_by_id=assignee or fallback,
            )
            for member, assignee in members
            for criterion, code in MET.items()
        ],
        batch_size=_data.BATCH,
    )
    return len(members)


def decidable_ids(limit: int) -> list[str]:
    return [
        str(pk)
        for pk in Application.objects.filter(
            state=ApplicationState.IN_REVIEW, members__findings__status="met"
        )
        .values_list("pk", flat=True)
        .distinct()[:limit]
    ]


def prepare() -> dict:
    if not args.reuse:
        _data.populate()
        print(f"decidable applications (in review, every criterion met): {make_decidable():,}")
        connection.cursor().execute("ANALYZE")
    workers = list(_data.User.objects.filter(username__startswith="caseworker").order_by("username"))
    today = local_today()
    cases = [str(pk) for pk in Application.objects.order_by("?").values_list("pk", flat=True)[:2000]]
    determined = Application.objects.filter(state=ApplicationState.DETERMINED).order_by("?")
    return {
        "sessions": [staff_session(user) for user in workers],
        "users": [user.pk for user in workers],
        "csrf": secrets.token_hex(16),  # a 32-character secret: the cookie and the header carry it
        "cases": cases,
        "determined": [str(pk) for pk in determined.values_list("pk", flat=True)[:200]],
        "decidable": decidable_ids(6000),
        "intake": {
            "received_on": today.isoformat(),
            "channel": "mail",
            "household_size": "2",
            "annual_magi": "24000",
            "preferred_language": "en",
            "address_line": "1 Load Road",
            "city": "Albuquerque",
            "state_code": "NM",
            "zip_code": "87101",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "1",
            "members-MAX_NUM_FORMS": "30",
            "members-0-first_name": "Load",
            "members-0-last_name": "Tester",
            "members-0-date_of_birth": "1998-05-04",
            "members-0-is_applying": "on",
            "members-0-ead_category": "C33",
            "members-0-daca_valid_from": "2025-01-01",
            "members-0-daca_valid_to": "2027-12-31",
            "members-0-has_other_coverage": "false",
            "members-0-is_incarcerated": "false",
        },
    }


# --- the server and the load driver ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.server_settings",
        "DATABASE_URL": f"{BASE}/{DB_NAME}",
        "REDIS_URL": REDIS,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    server = subprocess.Popen(
        [VENV / "gunicorn", "hca_portal.wsgi", "--workers", "4", "--bind", f"127.0.0.1:{port}"]
        + ["--chdir", str(ROOT), "--backlog", "2048", "--timeout", "120", "--log-level", "warning"],
        env=env,
    )
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/bench/baseline/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer")


def locust(data_file: str, host: str, user_class: str, users: int, seconds: int, **env) -> dict[str, dict]:
    """Run locust headless; return its statistics per request name (and 'Aggregated')."""
    prefix = tempfile.mktemp(prefix="bench-load-")
    subprocess.run(
        [VENV / "locust", "-f", ROOT / "bench" / "locustfile.py", "--headless", "--only-summary"]
        + ["-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", host, "--csv", prefix]
        + ["--loglevel", "WARNING", user_class],
        env={**os.environ, "BENCH_LOAD_DATA": data_file, **env},
        check=False,
        capture_output=True,
    )
    with open(f"{prefix}_stats.csv") as f:
        stats = {row["Name"]: row for row in csv.DictReader(f)}
    with open(f"{prefix}_failures.csv") as f:
        failures = list(csv.DictReader(f))
    for row in failures:
        print(f"  FAILURE {row['Name']}: {row['Error']} x {row['Occurrences']}")
    for name in ("stats", "failures", "stats_history", "exceptions"):
        Path(f"{prefix}_{name}.csv").unlink(missing_ok=True)
    return stats


def figures(row: dict) -> str:
    return (
        f"{int(row['Request Count']):>7} {float(row['Requests/s']):>8.1f} {row['50%']:>7} {row['95%']:>7} "
        f"{row['99%']:>7} {int(row['Failure Count']):>6}"
    )


def run_mix(data_file: str, host: str) -> None:
    print(f"\n1. mix: {args.users} caseworkers, no think time, {args.duration} s")
    stats = locust(data_file, host, "Caseworker", args.users, args.duration)
    print(
        f"{'request':<30} {'count':>7} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
    )
    for name, row in stats.items():
        if name != "Aggregated":
            print(f"{name:<30} {figures(row)}")
    print(f"{'all':<30} {figures(stats['Aggregated'])}")


def run_ratio(data_file: str, host: str, data: dict) -> None:
    pages = {
        "baseline ListView (50 rows)": ["/bench/baseline/"],
        "caseworker home": ["/workspace/caseworker/"],
        "case page": [f"/cases/{pk}/" for pk in data["determined"]],
    }
    print(f"\n2. ratio: {args.ratio_clients} clients, {args.ratio_seconds} s per page and round")
    results: dict[str, list] = {name: [] for name in pages}
    for round_ in range(args.ratio_rounds):
        for name, paths in pages.items():
            stats = locust(
                data_file,
                host,
                "PageReader",
                args.ratio_clients,
                args.ratio_seconds,
                BENCH_PATHS=json.dumps(paths),
            )["Aggregated"]
            results[name].append(stats)
            base = results["baseline ListView (50 rows)"][round_]
            ratio = float(stats["Requests/s"]) / float(base["Requests/s"])
            print(
                f"round {round_ + 1} {name:<28} {float(stats['Requests/s']):>7.1f} req/s  "
                f"p50 {stats['50%']:>5} ms  p95 {stats['95%']:>5} ms  errors {stats['Failure Count']:>3}  "
                f"ratio {ratio:.2f}"
            )
    for name in list(pages)[1:]:
        ratios = [
            float(page["Requests/s"]) / float(base["Requests/s"])
            for page, base in zip(results[name], results["baseline ListView (50 rows)"], strict=True)
        ]
        print(f"{name}: ratio to the baseline {', '.join(f'{r:.2f}' for r in ratios)} (target >= 0.7)")


# --- approvals ------------------------------------------------------------------------------------


def open_half_the_slots(plan_year: PlanYear, n: int) -> int:
    """Set the cap `n // 2` above the slots held, with nobody waiting (bench rows only): then the next `n`
    eligible approvals must enroll exactly `n // 2` and waitlist the rest."""
    Enrollment.objects.filter(plan_year=plan_year, state=EnrollmentState.WAITLISTED).update(
        state=EnrollmentState.DECLINED
    )
    guidance = selectors.guidance_in_force(plan_year, local_today(), details=False)
    guidance.enrollment_cap = selectors.slots_held(plan_year) + n // 2
    guidance.save(update_fields=["enrollment_cap"])
    return guidance.enrollment_cap


def run_approvals(host_port: int, data: dict) -> None:
    n = args.approvals
    ids = decidable_ids(n)
    assert len(ids) == n, f"only {len(ids)} decidable applications left: build the database again"
    plan_year = Application.objects.get(pk=ids[0]).plan_year
    assert not Application.objects.filter(pk__in=ids).exclude(plan_year=plan_year).exists()
    cap = open_half_the_slots(plan_year, n)
    held_before = selectors.slots_held(plan_year)
    barrier = threading.Barrier(n)
    times: list[float] = []
    statuses: list[int] = []

    def approve(i: int, pk: str) -> None:
        session = data["sessions"][i % len(data["sessions"])]
        conn = http.client.HTTPConnection("127.0.0.1", host_port, timeout=300)
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={data['csrf']}",
            "X-CSRFToken": data["csrf"],
            "Content-Type": "application/x-www-form-urlencoded",
        }
        barrier.wait()
        started = time.perf_counter()
        conn.request("POST", f"/cases/{pk}/decide/", body="confirm=yes", headers=headers)
        response = conn.getresponse()
        response.read()
        times.append(time.perf_counter() - started)
        statuses.append(response.status)
        conn.close()

    print(f"\n3. approvals: {n} at once through HTTP, {n // 2} open slots (cap {cap})")
    threads = [threading.Thread(target=approve, args=(i, pk)) for i, pk in enumerate(ids)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    decided = Application.objects.filter(pk__in=ids, state=ApplicationState.DETERMINED).count()
    new = Enrollment.objects.filter(determination__application_id__in=ids)
    enrolled = new.filter(state=EnrollmentState.ENROLLED).count()
    waitlisted = new.filter(state=EnrollmentState.WAITLISTED).count()
    errors = sum(status != 302 for status in statuses) + (n - decided)
    print(
        f"all {n} answered in {wall:.1f} s ({n / wall:.1f} approvals/s): p50 {median(times) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms; errors {errors}"
    )
    exact = enrolled == cap - held_before and waitlisted == n - enrolled
    print(
        f"cap: {enrolled} enrolled into {cap - held_before} open slots, {waitlisted} waitlisted; "
        f"slots held {selectors.slots_held(plan_year)} of {cap}: {'exact' if exact else 'WRONG'}"
    )
    lock_profile(plan_year)


def locks_plan_year(sql: str) -> bool:
    """Whether a statement locks the plan year's row (FOR UPDATE on it, or on a join that includes it)."""
    if "FOR UPDATE" not in sql:
        return False
    locked = sql.split("FOR UPDATE", 1)[1]
    if " OF " in locked:
        return '"eligibility_planyear"' in locked
    return '"eligibility_planyear"' in sql.split(" FROM ", 1)[1].split("FOR UPDATE", 1)[0]


def lock_profile(plan_year: PlanYear, k: int = 20) -> None:
    """Approvals one after another in this process, every statement timed: the lock's hold and what runs
    while it is held."""
    celery_app.conf.task_always_eager = False  # queue the notices (in memory), as a web process does
    open_half_the_slots(plan_year, 2 * k)
    caseworker = _data.User.objects.get(username="caseworker00")
    holds, totals, befores, under = [], [], [], []
    for pk in decidable_ids(k):
        application = Application.objects.get(pk=pk)
        log: list[tuple[float, float, str]] = []

        def timed(execute, sql, params, many, context, log=log):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                log.append((started, time.perf_counter(), sql))

        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            services.decide_application(application=application, acting_user=caseworker, today=local_today())
            ended = time.perf_counter()  # the transaction has committed
        lock = next(i for i, (_s, _e, sql) in enumerate(log) if locks_plan_year(sql))
        holds.append(ended - log[lock][1])
        befores.append(log[lock][0] - started)
        totals.append(ended - started)
        under.append([sql for _s, _e, sql in log[lock + 1 :]])
    statements = [" ".join(sql.split()[:4])[:70] for sql in under[-1]]
    print(
        f"one approval alone ({k} one after another, medians): {median(totals) * 1000:.1f} ms in all, "
        f"{median(befores) * 1000:.1f} ms before the plan-year lock, the lock held "
        f"{median(holds) * 1000:.1f} ms ({len(under[-1])} statements and the commit); "
        f"at most {1 / median(holds):.0f} approvals/s per plan year"
    )
    print("statements run while the lock is held:")
    for sql in statements:
        print(f"  {sql}")


def main() -> None:
    data = prepare()
    print(f"{Application.objects.count():,} applications; {len(data['decidable']):,} decidable by the mix")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(data, f)
    port = free_port()
    server = start_server(port)
    host = f"http://127.0.0.1:{port}"
    try:
        if "mix" in parts:
            run_mix(f.name, host)
        if "ratio" in parts:
            run_ratio(f.name, host, data)
        if "approvals" in parts:
            run_approvals(port, data)
    finally:
        server.terminate()
        server.wait()
        os.unlink(f.name)
        import redis

        redis.Redis.from_url(REDIS).flushdb()  # the queued notices: no worker renders them here
    print(f"\nmachine load average at the end: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
