"""A real Celery worker for the fault tests (run as a subprocess by tests/faults/conftest.py).

FAULT_RENDER_DELAY (seconds) makes every render wait first, so a test can kill the worker
while it renders; nothing else differs from `celery -A hca_portal worker`.
"""

import os
import time

import django

django.setup()

from hca_portal.celery import app  # noqa: E402
from notices import rendering  # noqa: E402

delay = float(os.environ.get("FAULT_RENDER_DELAY") or 0)
if delay:
    real = rendering.render_notice_pdf

    def slow(*args, **kwargs):
        time.sleep(delay)
        return real(*args, **kwargs)

    rendering.render_notice_pdf = slow

app.worker_main(
    ["worker", "--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=INFO"]
)
