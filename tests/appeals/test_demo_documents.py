"""`manage.py demo_data` shows documents filed with appeals (issue 12 item 2)."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from appeals.models import AppealDocument

pytestmark = pytest.mark.django_db


def test_the_demo_files_documents_with_open_appeals(django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=ZoneInfo("America/Denver")), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("demo_data", stdout=StringIO())
    filed = {(d.kind, d.uploaded_by.username) for d in AppealDocument.objects.select_related("uploaded_by")}
    assert filed == {("income", "navigator"), ("other", "caseworker")}
    assert all(d.appeal.is_open for d in AppealDocument.objects.select_related("appeal"))
