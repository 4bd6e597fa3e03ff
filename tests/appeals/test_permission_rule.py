"""Who may decide or be assigned an appeal is one rule (``Appeal.objects.decidable_by``): the queue,
the buttons, the assignee list and the services give the same answer for every user."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from appeals.models import Appeal
from appeals.services import AppealRequest, assign_appeal, decide_appeal, file_final_appeal
from eligibility.models import InformationRequest
from hca_portal import roles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("America/Denver")), tick=False):
        yield


@pytest.fixture
def people(make_user, caseworker, appeals_officer, bureau_reviewer, supervisor, officer2):
    """Who is who: the caseworker who decided the case later became an officer; officer2 asked the
    applicant for information on the case; appeals_officer never touched it."""
    caseworker.groups.add(Group.objects.get(name=roles.APPEALS_OFFICER))
    return {
        "impartial officer": appeals_officer,
        "officer who decided the case": caseworker,
        "officer who asked for information": officer2,
        "bureau reviewer": bureau_reviewer,
        "supervisor": supervisor,
    }


def _answers(client, appeal, user):
    """The same question, asked of every door."""
    from workspaces import selectors as workspaces

    client.force_login(user)
    body = client.get(appeal.get_absolute_url()).content.decode()
    return {
        "queryset": Appeal.objects.decidable_by(user).filter(pk=appeal.pk).exists(),
        "queue": workspaces.officer_queue(user).filter(pk=appeal.pk).exists(),
        "model": Appeal.objects.get(pk=appeal.pk).may_be_decided_by(user),
        "button": reverse("appeals:decide", args=[appeal.pk]) in body,
        "page": client.get(reverse("appeals:decide", args=[appeal.pk])).status_code == 200,
        "assignable": appeal.deciders().filter(pk=user.pk).exists(),
    }


def test_queue_buttons_assignee_list_and_services_agree(client, file_online, people, supervisor):
    appeal = file_online()
    InformationRequest.objects.create(
        application=appeal.application,
        items="Pay stubs",
        requested_on=TODAY,
        due_on=TODAY,
        requested_by=people["officer who asked for information"],
    )
    expected = {
        "impartial officer": True,
        "officer who decided the case": False,
        "officer who asked for information": False,
        "bureau reviewer": False,
        "supervisor": False,
    }
    for who, user in people.items():
        answers = _answers(client, appeal, user)
        assert set(answers.values()) == {expected[who]}, (who, answers)
        if not expected[who]:
            with pytest.raises(PermissionDenied):
                decide_appeal(appeal=appeal, outcome="upheld", reasons="r", acting_user=user, today=TODAY)
            with pytest.raises((PermissionDenied, ValidationError)):
                assign_appeal(appeal=appeal, assignee=user, acting_user=supervisor, today=TODAY)

    # The impartial officer takes the appeal and decides it.
    officer = people["impartial officer"]
    assign_appeal(appeal=appeal, assignee=officer, acting_user=officer, today=TODAY)
    decided = decide_appeal(appeal=appeal, outcome="upheld", reasons="r", acting_user=officer, today=TODAY)
    assert decided.decided_by == officer


def test_at_the_final_level_the_first_level_decider_is_out(
    client, file_online, applicant_user, appeals_officer, bureau_reviewer, make_user
):
    first = decide_appeal(
        appeal=file_online(), outcome="upheld", reasons="r", acting_user=appeals_officer, today=TODAY
    )
    final = file_final_appeal(
        parent=first,
        request=AppealRequest(issues=["eligibility_status"]),
        acting_user=applicant_user,
        today=TODAY,
    )
    appeals_officer.groups.add(Group.objects.get(name=roles.BUREAU_REVIEWER))
    assert not Appeal.objects.decidable_by(appeals_officer).filter(pk=final.pk).exists()
    assert not final.may_be_decided_by(appeals_officer)
    assert list(final.deciders()) == [bureau_reviewer]
    assert Appeal.objects.decidable_by(bureau_reviewer).filter(pk=final.pk).exists()
    client.force_login(appeals_officer)
    assert client.get(reverse("appeals:decide", args=[final.pk])).status_code == 403
