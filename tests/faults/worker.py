"""A real Celery worker for the fault tests (run as a subprocess by tests/faults/conftest.py).

FAULT_RENDER_DELAY (seconds) makes every render wait first, so a test can kill the worker
while it renders; FAULT_RENEW_DELAY does the same inside each household's renewal (its
transaction open); nothing else differs from `celery -A hca_portal worker`.
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

renew_delay = float(os.environ.get("FAULT_RENEW_DELAY") or 0)
if renew_delay:
    from eligibility.services import renewals

    real_renew = renewals._renew

    def slow_renew(*args, **kwargs):
        time.sleep(renew_delay)
        return real_renew(*args, **kwargs)

    renewals._renew = slow_renew

app.worker_main(
    ["worker", "--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=INFO"]
)
