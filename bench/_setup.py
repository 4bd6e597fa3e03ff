"""Shared set-up for the benchmarks: a PostgreSQL database of their own, migrated."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_on_postgres(db_name: str) -> None:
    """Point Django at postgres://.../<db_name> (created and migrated if needed), eager Celery."""
    sys.path.insert(0, str(ROOT))
    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
    os.environ["DATABASE_URL"] = f"{base.rstrip('/')}/{db_name}"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hca_portal.settings")
    subprocess.run(
        ["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {db_name}"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {db_name}"], check=True, capture_output=True
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def median(values):
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
