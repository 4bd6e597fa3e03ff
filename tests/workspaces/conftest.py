"""Cases in the states the workspaces show, made through the services as staff would."""

from datetime import date

import pytest
import time_machine

from eligibility import services as eligibility_services
from eligibility.models import Representation
from tests.factories import verify_reported

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are made per test; hashing their passwords with PBKDF2 would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def today():
    """Freeze the legal 'today' (America/Denver) for views that read the clock."""
    with time_machine.travel("2026-03-10 10:00 -07:00", tick=False):
        yield TODAY


@pytest.fixture
def decided_case(new_application, caseworker):
    """An application decided by `caseworker` on `day` (denied when magi is over the limit)."""

    def make(*, magi="30000.00", day=TODAY, applicant=None, **kwargs):
        application = new_application(magi=magi, applicant_user=applicant, **kwargs)
        eligibility_services.start_review(application=application, acting_user=caseworker)
        verify_reported(application, caseworker)
        eligibility_services.decide_application(application=application, acting_user=caseworker, today=day)
        application.refresh_from_db()
        return application

    return make


@pytest.fixture
def designate(caseworker):
    def make(application, representative, *, starts_on=date(2026, 3, 1)):
        return eligibility_services.designate_representative(
            application=application,
            representative=representative,
            kind=Representation.Kind.NAVIGATOR,
            starts_on=starts_on,
            acting_user=caseworker,
        )

    return make


@pytest.fixture
def file_appeal():
    """A first-level appeal filed online by the applicant or their representative."""
    from appeals.services import AppealRequest
    from appeals.services import file_appeal as file_

    def make(application, user, *, day=TODAY, issues=("eligibility_status",), expedite_reason=""):
        determination = application.determinations.get(superseded_by__isnull=True)
        notice = application.notices.filter(notice_type__in=["denial", "waitlist", "approval"]).latest(
            "created_at"
        )
        return file_(
            application=application,
            determination=determination,
            notice_appealed=notice,
            request=AppealRequest(
                issues=list(issues), statement="I disagree.", expedite_reason=expedite_reason
            ),
            acting_user=user,
            today=day,
        )

    return make
