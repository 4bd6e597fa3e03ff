"""Benchmark: notices rendered per second by 2 Celery worker processes on Redis and PostgreSQL.

Creates N pending notices (rendering not queued), starts one Celery worker with
2 prefork processes, queues every notice's render task and waits until all are
issued. Prints notices/s and each worker process's peak RSS (VmHWM; target
< 300 MB).

    .venv/bin/python bench/notices_throughput.py [--notices 500]

Uses postgres://postgres@127.0.0.1:5432/bench_notices (dropped and re-created;
BENCH_DATABASE_URL changes the server) and Redis database 7 (BENCH_REDIS_URL),
away from database 0 that other work may use.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "bench_notices"
PG = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
os.environ["DATABASE_URL"] = f"{PG}/{DB_NAME}"
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-notices-media-")
os.environ["LOG_LEVEL"] = "WARNING"
os.environ["DJANGO_SETTINGS_MODULE"] = "hca_portal.settings"


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=500)
    args = parser.parse_args()

    psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    psql(f"CREATE DATABASE {DB_NAME}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from eligibility.models import Application, PlanYear
    from hca_portal.celery import app as celery_app
    from notices import services
    from notices.models import Notice
    from notices.tasks import render_notice

    celery_app.control.purge()
    plan_year = PlanYear.objects.get(year=2026)
    application = Application.objects.create(
        plan_year=plan_year,
        received_on=date(2026, 3, 2),
        household_size=3,
        annual_magi=Decimal("90000.00"),
        preferred_language="en",
        address_line="100 Main St",
        city="Santa Fe",
        zip_code="87501",
    )
    services.queue_render = lambda notice_id: None  # create only; queued below, timed
    recipients = [
        services.Recipient(
            name="Ana Garcia", role="applicant", channel="mail", address="100 Main St\nSanta Fe"
        ),
    ]
    started = time.perf_counter()
    ids = []
    for i in range(args.notices):
        notice = services.issue_notice(
            application=application,
            notice_type="denial",
            language="es" if i % 2 else "en",
            notice_date=date(2026, 3, 5),
            decision="You are not eligible for the DACA Coverage Program.",
            effective_date=date(2026, 4, 1),
            reasons=["Your household income is above the program's limit for a household of 3."],
            recipients=recipients,
            acting_user=None,
            details={"member": "Ana Garcia", "fpl_pct": "412.50"},
        )
        ids.append(str(notice.pk))
    create_s = time.perf_counter() - started

    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hca_portal",
            "worker",
            "-c",
            "2",
            "-P",
            "prefork",
            "-n",
            f"bench-notices-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        deadline = time.time() + 60
        while not celery_app.control.ping(timeout=1.0) and time.time() < deadline:
            time.sleep(0.5)
        processes = children(worker.pid)
        cpu_before = {pid: cpu_seconds(pid) for pid in processes}
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        for notice_id in ids:
            render_notice.delay(notice_id)
        while Notice.objects.filter(status=Notice.Status.PENDING).exists():
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        cpu_used = sum(cpu_seconds(pid) - cpu_before.get(pid, 0.0) for pid in children(worker.pid))
        processes = children(worker.pid)
        peaks = {pid: peak_rss_mb(pid) for pid in processes}
        main_peak = peak_rss_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        shutil.rmtree(os.environ["MEDIA_ROOT"], ignore_errors=True)

    issued = Notice.objects.filter(status=Notice.Status.ISSUED).count()
    pages = sorted(set(Notice.objects.values_list("page_count", flat=True)))
    rate = args.notices / create_s
    print(f"{args.notices} notices created through issue_notice in {create_s:.1f} s ({rate:.0f}/s)")
    print(
        f"rendered and issued: {issued} in {elapsed:.1f} s -> {issued / elapsed:.1f} notices/s "
        f"(2 prefork processes, Redis broker, PostgreSQL; page counts {pages})"
    )
    print(
        f"  worker CPU: {cpu_used:.1f} s in all -> {cpu_used / issued * 1000:.0f} ms CPU per notice "
        f"(-> {2 * issued / cpu_used:.1f} notices/s for 2 processes on 2 idle cores); "
        f"load average {load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end"
    )
    for pid, mb in peaks.items():
        print(f"  worker process {pid}: peak RSS {mb:.0f} MB (target < 300 MB)")
    print(f"  worker main process {worker.pid}: peak RSS {main_peak:.0f} MB")


if __name__ == "__main__":
    main()
