"""A broker outage never turns a saved decision into an error (issue 11, item 1).

Deciding (form and API) and filing an appeal answer as usual while the broker is down: the
decision is saved, the page says the notice waits, and the notice is marked. When the broker
is back, a real worker queues and renders every marked notice once.
"""

import socket
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from appeals.models import Appeal
from eligibility import services
from eligibility.models import ApplicationState, Determination
from hca_portal.dates import LOCAL_TZ
from notices import services as notice_services
from notices.models import Notice
from notices.tasks import render_notice
from tests.factories import verify_reported

from .conftest import celery_broker, needs_services, wait_for

TODAY = date(2026, 3, 10)
WAITING = "The written notice is waiting for the document service"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=True):
        yield


@pytest.fixture
def in_review(new_application, caseworker):
    def make(**kwargs):
        application = new_application(**kwargs)
        verify_reported(application, caseworker)
        return application

    return make


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db(transaction=True)
def test_deciding_on_the_page_with_the_broker_down_saves_and_says_the_notice_waits(
    dead_broker, client, caseworker, in_review
):
    application = in_review()
    client.force_login(caseworker)

    response = client.post(
        reverse("eligibility:decide", kwargs={"pk": application.pk}), {"confirm": "yes"}, follow=True
    )

    assert response.redirect_chain == [(application.get_absolute_url(), 302)]
    assert response.status_code == 200
    assert any(WAITING in m for m in messages_of(response))
    application.refresh_from_db()
    assert application.state == ApplicationState.DETERMINED
    [notice] = application.notices.all()
    assert notice.status == Notice.Status.PENDING and notice.queue_failed_at is not None


@pytest.mark.django_db(transaction=True)
def test_deciding_through_the_api_with_the_broker_down_answers_200_with_the_decision(
    dead_broker, caseworker, in_review
):
    application = in_review()

    response = api(caseworker).post(f"/api/v1/applications/{application.pk}/decide/")

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == ApplicationState.DETERMINED and len(body["determinations"]) == 1
    assert Determination.objects.filter(application=application).count() == 1
    assert application.notices.get().queue_failed_at is not None


@pytest.mark.django_db(transaction=True)
def test_filing_an_appeal_with_the_broker_down_files_it(
    dead_broker, client, caseworker, applicant_user, in_review
):
    application = in_review(magi="95000.00", applicant_user=applicant_user)
    [determination] = services.decide_application(
        application=application, acting_user=caseworker, today=TODAY
    )
    denial = application.notices.get(notice_type="denial")
    client.force_login(applicant_user)

    response = client.post(
        reverse("appeals:file", args=[application.pk]),
        {
            "determination": str(determination.pk),
            "notice_appealed": str(denial.pk),
            "issues": ["eligibility_status"],
            "statement": "My income is lower.",
        },
        follow=True,
    )

    appeal = Appeal.objects.get()
    assert response.redirect_chain == [(appeal.get_absolute_url(), 302)]
    assert any(WAITING in m for m in messages_of(response))
    acknowledgement = application.notices.get(notice_type="appeal_acknowledgement")
    assert acknowledgement.queue_failed_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_accepts_but_never_answers_does_not_hang_the_decision(caseworker, in_review):
    """The publish gives up after its socket timeout (settings: CELERY_BROKER_TRANSPORT_OPTIONS)."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # the kernel accepts connections; nobody ever answers
    application = in_review()
    try:
        with celery_broker(f"redis://127.0.0.1:{silent.getsockname()[1]}/0"):
            response = api(caseworker).post(f"/api/v1/applications/{application.pk}/decide/")
    finally:
        silent.close()

    assert response.status_code == 200
    assert application.notices.get().queue_failed_at is not None


def stored_pdfs() -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "notices").rglob("*.pdf"))


@needs_services
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_notices_decided_while_the_broker_was_down_are_rendered_once_when_it_is_back(
    own_broker, start_worker, client, caseworker, in_review
):
    # given: a real worker on a broker that then goes down
    start_worker(own_broker.url)
    by_page, by_api = in_review(), in_review()
    client.force_login(caseworker)
    own_broker.stop()

    # when: deciding through the page and the API while it is down
    page = client.post(reverse("eligibility:decide", kwargs={"pk": by_page.pk}), {"confirm": "yes"})
    answer = api(caseworker).post(f"/api/v1/applications/{by_api.pk}/decide/")

    # then: both saved and answered, both notices pending and marked
    assert page.status_code == 302 and answer.status_code == 200
    notices = list(Notice.objects.filter(application__in=[by_page, by_api]))
    assert len(notices) == 2
    assert all(n.status == Notice.Status.PENDING and n.queue_failed_at for n in notices)

    # when: the broker is back (the worker reconnects and queues what waited)
    own_broker.start()

    # then: each notice is issued once, without waiting for the stuck-notice sweep
    def issued():
        return Notice.objects.filter(pk__in=[n.pk for n in notices], status=Notice.Status.ISSUED).count() == 2

    wait_for(issued, seconds=90, step=0.5, what="both notices issued after the broker came back")
    for notice in Notice.objects.filter(pk__in=[n.pk for n in notices]):
        assert notice.queue_failed_at is None and notice.render_attempts == 1 and len(notice.sha256) == 64
        assert notice.history.filter(status=Notice.Status.ISSUED).count() == 1
    assert len(stored_pdfs()) == 2

    # and sending them again issues nothing twice
    assert notice_services.queue_unqueued_notices() == []
    for notice in notices:
        render_notice.apply(args=[str(notice.pk)])
    assert len(stored_pdfs()) == 2
    assert sum(n.render_attempts for n in Notice.objects.filter(pk__in=[n.pk for n in notices])) == 2
