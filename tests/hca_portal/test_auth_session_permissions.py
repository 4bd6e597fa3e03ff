"""A staff session keeps its permissions between the minute stamps: no permission queries on most
pages, a role taken away counts within the minute, a deactivated account at once (issue 11 item 6)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hca_portal import roles
from hca_portal.dates import LOCAL_TZ

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=LOCAL_TZ)
HOME = "/workspace/caseworker/"

pytestmark = pytest.mark.django_db


def _permission_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        status = client.get(HOME).status_code
    return status, sum("auth_permission" in q["sql"] for q in captured.captured_queries)


def test_the_permissions_are_read_once_a_minute_not_on_every_page(caseworker):
    client = Client()
    with time_machine.travel(T0, tick=False):
        client.force_login(caseworker)  # read at sign-in, and kept in the session
        assert _permission_queries(client) == (200, 0)
        assert _permission_queries(client) == (200, 0)
    with time_machine.travel(T0 + timedelta(seconds=59), tick=False):
        assert _permission_queries(client) == (200, 0)
    with time_machine.travel(T0 + timedelta(seconds=60), tick=False):
        assert _permission_queries(client) == (200, 2)  # with the minute's activity stamp


def test_a_role_taken_away_counts_within_the_minute(caseworker):
    client = Client()
    with time_machine.travel(T0, tick=False):
        client.force_login(caseworker)
        assert client.get(HOME).status_code == 200
        caseworker.groups.remove(Group.objects.get(name=roles.CASEWORKER))
    with time_machine.travel(T0 + timedelta(seconds=60), tick=False):
        assert client.get(HOME).status_code == 403


def test_a_deactivated_account_is_refused_at_once(caseworker):
    client = Client()
    with time_machine.travel(T0, tick=False):
        client.force_login(caseworker)
        assert client.get(HOME).status_code == 200
        caseworker.is_active = False
        caseworker.save(update_fields=["is_active"])
        assert client.get(HOME).status_code == 302  # signed out: to the sign-in page


def test_another_users_permissions_are_never_taken(caseworker, supervisor):
    from hca_portal.auth import permissions

    class Request:
        session = {}

    request = Request()
    request.user = supervisor
    permissions.remember(request)
    request.user = caseworker
    assert permissions.restore(request) is False
