"""Notice downloads from the case page: through the case's access helper, recorded, 404 while pending."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from eligibility import services
from hca_portal import roles
from hca_portal.dates import LOCAL_TZ
from notices.models import NoticeDownload
from tests.factories import verify_reported


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield date(2026, 3, 10)


@pytest.fixture
def decided(new_application, caseworker, representative, today, django_capture_on_commit_callbacks):
    """A decided case with its approval notice rendered (the render task runs after commit, eagerly)."""
    application = new_application()
    services.designate_representative(
        application=application,
        representative=representative,
        kind="navigator",
        starts_on=today,
        acting_user=caseworker,
    )
    services.start_review(application=application, acting_user=caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        verify_reported(application, caseworker)
        services.decide_application(application=application, acting_user=caseworker, today=today)
    return application


def pdf_url(application, notice):
    return reverse("eligibility:notice_pdf", kwargs={"pk": application.pk, "notice_pk": notice.pk})


@pytest.mark.django_db
def test_the_case_page_links_the_notice_and_the_download_is_recorded(client, caseworker, decided):
    notice = decided.notices.get()
    client.force_login(caseworker)

    assert pdf_url(decided, notice) in client.get(decided.get_absolute_url()).content.decode()
    response = client.get(pdf_url(decided, notice))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert NoticeDownload.objects.get().user == caseworker


@pytest.mark.django_db
def test_the_active_representative_downloads_their_copy(client, representative, decided):
    client.force_login(representative)
    assert client.get(pdf_url(decided, decided.notices.get())).status_code == 200


@pytest.mark.django_db
def test_a_representative_of_another_case_gets_404(client, make_user, decided):
    client.force_login(make_user(roles.REPRESENTATIVE, username="stranger"))
    assert client.get(pdf_url(decided, decided.notices.get())).status_code == 404
    assert not NoticeDownload.objects.exists()


@pytest.mark.django_db
def test_a_notice_is_only_found_through_its_own_case(client, caseworker, decided, new_application):
    client.force_login(caseworker)
    assert client.get(pdf_url(new_application(), decided.notices.get())).status_code == 404


@pytest.mark.django_db
def test_a_pending_notice_is_not_found_yet(client, caseworker, new_application, today):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)
    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=today)  # not committed
    notice = application.notices.get()
    client.force_login(caseworker)

    assert not notice.is_issued
    assert client.get(pdf_url(application, notice)).status_code == 404
    assert "Being prepared" in client.get(application.get_absolute_url()).content.decode()
