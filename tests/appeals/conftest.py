"""Appeal fixtures: a case denied through the eligibility services, and the people around it."""

from datetime import date

import pytest

from appeals.services import AppealRequest
from eligibility import services as eligibility
from eligibility.models import Representation
from hca_portal import roles
from tests.factories import verify_reported

NOTICE_DATE = date(2026, 3, 10)  # Tue: the denial notice; 30 days -> Thu 2026-04-09


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """PBKDF2 costs ~0.4 s per test user; these tests never check a password's strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer2(make_user):
    return make_user(roles.APPEALS_OFFICER, username="officer2", email="officer2@vendor.example")


@pytest.fixture
def denied_case(new_application, caseworker, applicant_user):
    """An application denied on Tue 2026-03-10 (income over the limit) with its denial notice."""
    application = new_application(magi="95000.00", applicant_user=applicant_user)
    eligibility.start_review(application=application, acting_user=caseworker)
    verify_reported(application, caseworker)
    [determination] = eligibility.decide_application(
        application=application, acting_user=caseworker, today=NOTICE_DATE
    )
    notice = application.notices.get(notice_type="denial")
    return application, determination, notice


@pytest.fixture
def designated(denied_case, representative, caseworker):
    application = denied_case[0]
    return eligibility.designate_representative(
        application=application,
        representative=representative,
        kind=Representation.Kind.NAVIGATOR,
        starts_on=date(2026, 3, 1),
        acting_user=caseworker,
    )


@pytest.fixture
def request_status():
    return AppealRequest(issues=["eligibility_status"], statement="My income is lower than you counted.")


@pytest.fixture
def file_online(denied_case, applicant_user, request_status):
    """File a first-level appeal online as ``user`` (default: the applicant) on ``today``."""
    from appeals.services import file_appeal

    def make(*, today=date(2026, 3, 20), user=None, request=None):
        application, determination, notice = denied_case
        return file_appeal(
            application=application,
            determination=determination,
            notice_appealed=notice,
            request=request or request_status,
            acting_user=user or applicant_user,
            today=today,
        )

    return make
