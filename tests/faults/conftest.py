"""Fault fixtures: a Redis broker of the test's own (stopped and started at will) and real worker processes.

The shared Redis (REDIS_URL) is never stopped: each test that needs to break the broker starts
``redis-server`` on a free port. Workers are ``celery worker`` subprocesses on the test database.
Tests that need them are skipped without REDIS_URL (as the other `worker` tests run eagerly
there) or without ``redis-server``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from hca_portal.celery import app as celery_app
from notices import services as notice_services

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, *, seconds: float, step: float = 0.2, what: str = "condition"):
    """Poll ``predicate`` until it returns a truthy value; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(step)


needs_services = pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or shutil.which("redis-server") is None,
    reason="needs REDIS_URL (real services, as .ci/run sets) and redis-server",
)


class RedisServer:
    """A redis-server process of this test, on its own port; stop() and start() it during the test."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, seconds=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def answers(self) -> bool:
        import redis

        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def client(self):
        import redis

        return redis.Redis(port=self.port)


def _drop_broker_connections() -> None:
    """Make the app pick its broker connections anew from ``broker_url`` (Celery's close() keeps the
    producer pool). Kombu keeps each URL's pools in its registry: they are left open for the next user."""
    celery_app.amqp._producer_pool = celery_app._pool = None


@contextmanager
def celery_broker(url: str):
    """Point this process's Celery app (the web side) at ``url``, queueing for real (not eagerly)."""
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager
    _drop_broker_connections()
    conf.broker_url, conf.task_always_eager = url, False
    notice_services._broker_unreachable_until = 0.0
    try:
        yield
    finally:
        _drop_broker_connections()
        conf.broker_url, conf.task_always_eager = previous
        notice_services._broker_unreachable_until = 0.0


@pytest.fixture
def own_broker(tmp_path):
    """A running redis-server of this test, and the web side publishing to it."""
    server = RedisServer(tmp_path)
    server.start()
    try:
        with celery_broker(server.url):
            yield server
    finally:
        server.stop()


@pytest.fixture
def dead_broker():
    """The web side publishing to a port where nothing listens: every publish is refused."""
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        yield


def database_url() -> str:
    """The URL of the test database this process uses, for a worker subprocess."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    """``celery worker`` in a process group of its own (so SIGKILL reaches its pool too)."""

    def __init__(self, broker_url: str, log: Path, *, render_delay: float = 0.0, renew_delay: float = 0.0):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hca_portal.settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "FAULT_RENDER_DELAY": str(render_delay),
            "FAULT_RENEW_DELAY": str(renew_delay),
            "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "INFO",
        }
        self.log = log
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("worker.py"))],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(
            lambda: b"ready." in log.read_bytes() or self.process.poll() is not None,
            seconds=60,
            what="worker",
        )
        if self.process.poll() is not None:
            pytest.fail("the worker exited at start:\n" + log.read_text()[-3000:])

    def kill(self) -> None:
        """SIGKILL to the whole worker (main process and pool), as a crashed machine would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def start_worker(tmp_path):
    """Start worker processes on a broker; every one still running is stopped after the test."""
    workers: list[Worker] = []

    def start(broker_url: str, **kwargs) -> Worker:
        worker = Worker(broker_url, tmp_path / f"worker-{len(workers)}.log", **kwargs)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.kill()


@pytest.fixture
def issue_notice(new_application, caseworker):
    """A complete pending notice, committed (the render task is sent after the commit)."""
    from datetime import date

    from notices.services import Recipient, issue_notice

    application = new_application()

    def make():
        return issue_notice(
            application=application,
            notice_type="denial",
            language="en",
            notice_date=date(2026, 3, 5),
            decision="You are not eligible for the DACA Coverage Program.",
            effective_date=date(2026, 4, 1),
            reasons=["Your household income is above the program's limit for a household of 1."],
            recipients=[
                Recipient(name="Ana Garcia", role="applicant", channel="mail", address="1 Main St\nSanta Fe")
            ],
            acting_user=caseworker,
            details={"member": "Ana Garcia"},
        )

    return make
