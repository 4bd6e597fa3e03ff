"""A decision's notice is rendered by a real Celery worker on Redis (eagerly without REDIS_URL)."""

import time
from datetime import date

import pytest
from pypdf import PdfReader

from eligibility import services
from tests.factories import verify_reported


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_approval_notice_is_rendered_after_the_decision_commits(
    new_application, caseworker, celery_worker_thread
):
    application = new_application()
    services.start_review(application=application, acting_user=caseworker)

    verify_reported(application, caseworker)
    services.decide_application(application=application, acting_user=caseworker, today=date(2026, 3, 10))

    notice = application.notices.get(notice_type="approval")
    for _ in range(120):  # the worker renders in its own thread; wait up to a minute
        notice.refresh_from_db()
        if notice.status == "issued":
            break
        time.sleep(0.5)
    assert notice.status == "issued"
    assert len(notice.sha256) == 64
    text = "".join(page.extract_text() for page in PdfReader(notice.pdf.open("rb")).pages)
    assert "8.401.2.12" in text
    assert "April 9, 2026" in text or "2026-04-09" in text  # 30 days after the notice date, Thursday
