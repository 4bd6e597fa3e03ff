"""The Celery application. Tasks run eagerly in-process unless REDIS_URL is set."""

import logging
import os

from celery import Celery
from django.db import DatabaseError, transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hca_portal.settings")

app = Celery("hca_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
logger = logging.getLogger(__name__)

# Tasks that only read and write the database retry on its errors (a lock timeout, a dropped
# connection), backing off, five times at most.
DB_RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": True, "max_retries": 5}


def send_after_commit(task, *args) -> None:
    """Send ``task(*args)`` once the caller's transaction commits, and never fail the request for it.

    When the broker cannot take the task (down, refusing, not answering: the publish gives up within
    seconds, see the CELERY_ settings) the task runs here, in this process, so the work is done now
    instead of lost. Notices have their own path that keeps the work on the row
    (``notices.services.queue_render``); this is for the other tasks sent after a save.
    """

    def send() -> None:
        try:
            task.delay(*args)
        except Exception as exc:  # noqa: BLE001 - any publish failure: do the work in-process
            logger.warning("%s not queued (%s): running it in this process", task.name, type(exc).__name__)
            task.apply(args=args)

    transaction.on_commit(send, robust=True)
