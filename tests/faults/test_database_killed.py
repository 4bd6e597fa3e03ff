"""The database connection killed mid-transaction (pg_terminate_backend): nothing half-written, a clear
error, and the next request works (issue 11, item 6). PostgreSQL only."""

from datetime import datetime

import psycopg
import pytest
import time_machine
from django.db import DatabaseError, connection
from django.urls import reverse
from rest_framework.test import APIClient

from eligibility.models import Application, ApplicationState, Determination, Enrollment, Member
from hca_portal.dates import LOCAL_TZ
from notices.models import Notice
from tests.eligibility.test_api_intake import PAYLOAD
from tests.factories import verify_reported

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=True):
        yield


class KillBefore:
    """An execute wrapper: just before the first statement containing ``marker``, terminate this
    connection's backend from another connection, as a crashed or restarted database would."""

    def __init__(self, marker: str):
        self.marker = marker
        self.statements = 0
        self.killed_at: int | None = None

    def __call__(self, execute, sql, params, many, context):
        self.statements += 1
        if self.killed_at is None and self.marker in sql:
            self.killed_at = self.statements
            pid = context["connection"].connection.info.backend_pid
            s = connection.settings_dict
            with psycopg.connect(
                dbname=s["NAME"],
                user=s["USER"],
                password=s["PASSWORD"] or None,
                host=s["HOST"] or "127.0.0.1",
                port=s["PORT"] or 5432,
                autocommit=True,
            ) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return execute(sql, params, many, context)


def test_a_decision_whose_connection_dies_mid_transaction_leaves_nothing_and_the_next_works(
    client, caseworker, new_application
):
    application = new_application()
    verify_reported(application, caseworker)
    client.force_login(caseworker)
    url = reverse("eligibility:decide", kwargs={"pk": application.pk})
    kill = KillBefore('INSERT INTO "notices_notice"')  # determination and enrollment already written

    # when: the connection is terminated in the middle of the decision's transaction
    with connection.execute_wrapper(kill), pytest.raises(DatabaseError) as error:
        client.post(url, {"confirm": "yes"})

    # then: the database's own error, raised mid-way, and no row of the decision remains
    assert kill.killed_at and error.type.__name__ in {"OperationalError", "InterfaceError"}
    application.refresh_from_db()  # a new connection
    assert application.state == ApplicationState.IN_REVIEW
    assert not Determination.objects.filter(application=application).exists()
    assert not Enrollment.objects.filter(member__application=application).exists()
    assert not Notice.objects.filter(application=application).exists()
    assert not application.history.filter(state=ApplicationState.DETERMINED).exists()

    # and the next requests work
    assert client.get(application.get_absolute_url()).status_code == 200
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.DETERMINED
    assert Notice.objects.filter(application=application).count() == 1


def test_an_intake_whose_connection_dies_mid_transaction_leaves_nothing_and_the_next_works(
    caseworker, year2026
):
    api = APIClient()
    api.force_authenticate(caseworker)
    kill = KillBefore('"eligibility_member"')  # the application row is already written

    with connection.execute_wrapper(kill), pytest.raises(DatabaseError) as error:
        api.post("/api/v1/applications/", PAYLOAD, format="json")

    assert kill.killed_at and error.type.__name__ in {"OperationalError", "InterfaceError"}
    assert not Application.objects.exists() and not Member.objects.exists()
    assert not Application.history.exists()

    response = api.post("/api/v1/applications/", PAYLOAD, format="json")
    assert response.status_code == 201
    assert Application.objects.count() == 1 and Member.objects.count() == 2
