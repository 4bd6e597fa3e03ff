"""An appeal names one decision and that decision's notice: another member's notice is refused,
on the notice field, by the service and by the filing page (the representative's door too)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from appeals import notifying
from appeals.models import Appeal
from appeals.services import AppealRequest, file_appeal
from eligibility import services as eligibility
from eligibility.models import Representation
from tests.factories import member_input, verify_reported

pytestmark = pytest.mark.django_db

REQUEST = AppealRequest(issues=["eligibility_status"], statement="Our income is lower.")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("America/Denver")), tick=False):
        yield


@pytest.fixture
def two_denials(new_application, caseworker, applicant_user):
    """A household of two, both denied on 2026-03-10: one denial notice for each member."""
    application = new_application(
        magi="150000.00",
        size=2,
        members=[member_input("Ana"), member_input("Luis")],
        applicant_user=applicant_user,
    )
    eligibility.start_review(application=application, acting_user=caseworker)
    verify_reported(application, caseworker)
    ana, luis = sorted(
        eligibility.decide_application(
            application=application, acting_user=caseworker, today=date(2026, 3, 10)
        ),
        key=lambda d: d.member.first_name,
    )
    notices = {n.content["details"]["member"]: n for n in application.notices.filter(notice_type="denial")}
    return application, (ana, notices[str(ana.member)]), (luis, notices[str(luis.member)])


def test_each_decision_notice_is_tied_to_its_own_decision(two_denials):
    _application, (ana, ana_notice), (luis, luis_notice) = two_denials
    assert notifying.is_notice_of(ana_notice, ana) and notifying.is_notice_of(luis_notice, luis)
    assert not notifying.is_notice_of(luis_notice, ana) and not notifying.is_notice_of(ana_notice, luis)
    # The tie is kept with the notice, never printed on it.
    assert "determination" not in {row["key"] for row in ana_notice.content["detail_rows"]}


def test_the_service_refuses_another_members_notice(two_denials, applicant_user):
    application, (ana, _ana_notice), (_luis, luis_notice) = two_denials
    with pytest.raises(ValidationError) as raised:
        file_appeal(
            application=application,
            determination=ana,
            notice_appealed=luis_notice,
            request=REQUEST,
            acting_user=applicant_user,
            today=date(2026, 3, 20),
        )
    assert list(raised.value.message_dict) == ["notice_appealed"]
    assert not Appeal.objects.exists()


def test_the_representatives_filing_page_names_the_notice_field(
    client, two_denials, representative, caseworker
):
    application, (ana, ana_notice), (_luis, luis_notice) = two_denials
    eligibility.designate_representative(
        application=application,
        representative=representative,
        kind=Representation.Kind.NAVIGATOR,
        scope=Representation.Scope.APPEALS,
        starts_on=date(2026, 3, 1),
        acting_user=caseworker,
    )
    client.force_login(representative)
    url = reverse("appeals:file", args=[application.pk])
    data = {"determination": str(ana.pk), "issues": ["eligibility_status"], "statement": "Lower income."}

    response = client.post(url, data | {"notice_appealed": str(luis_notice.pk)})
    assert response.status_code == 200
    assert (
        "Notice of that decision: This is not the notice of the decision appealed"
        in response.content.decode()
    )
    assert not Appeal.objects.exists()

    response = client.post(url, data | {"notice_appealed": str(ana_notice.pk)})
    assert response.status_code == 302
    assert Appeal.objects.get().notice_appealed == ana_notice
