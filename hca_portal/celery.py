"""The Celery application. Tasks run eagerly in-process unless REDIS_URL is set."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hca_portal.settings")

app = Celery("hca_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
