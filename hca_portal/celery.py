"""The Celery application. Tasks run eagerly in-process unless REDIS_URL is set."""

import os

from celery import Celery
from django.db import DatabaseError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hca_portal.settings")

app = Celery("hca_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Tasks that only read and write the database retry on its errors (a lock timeout, a dropped
# connection), backing off, five times at most.
DB_RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": True, "max_retries": 5}
