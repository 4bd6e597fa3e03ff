"""The decider took no part in the decision appealed (8.401.2.12 E(4)): service, lists, buttons."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import has_transition_perm

from appeals import selectors
from appeals.models import State
from appeals.services import assign_appeal, decide_appeal
from hca_portal import roles
from tests.factories import verify_reported

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 25)


@pytest.fixture
def partial_officer(caseworker):
    """The caseworker who decided the determination, who also holds the appeals-officer role."""
    caseworker.groups.add(Group.objects.get(name=roles.APPEALS_OFFICER))
    return type(caseworker).objects.get(pk=caseworker.pk)  # fresh permission cache


def test_the_decider_of_the_determination_may_not_decide_its_appeal(file_online, partial_officer):
    appeal = file_online()

    with pytest.raises(PermissionDenied, match="took part"):
        decide_appeal(
            appeal=appeal, outcome="upheld", reasons="Correct.", acting_user=partial_officer, today=DAY
        )
    appeal.refresh_from_db()
    assert appeal.state == State.SCREENED


def test_an_officer_who_took_no_part_may_decide(file_online, appeals_officer):
    appeal = file_online()

    decide_appeal(appeal=appeal, outcome="upheld", reasons="Correct.", acting_user=appeals_officer, today=DAY)

    assert (appeal.state, appeal.decided_by) == (State.DECIDED, appeals_officer)


def test_the_buttons_follow_the_same_rule(file_online, partial_officer, appeals_officer):
    appeal = file_online()
    assert has_transition_perm(appeal.decide_first_level, appeals_officer)
    assert not has_transition_perm(appeal.decide_first_level, partial_officer)


def test_assignment_list_excludes_participants(file_online, partial_officer, appeals_officer, officer2):
    appeal = file_online()

    eligible = set(selectors.eligible_deciders(appeal))

    assert eligible == {appeals_officer, officer2}
    assert partial_officer not in eligible


def test_assignment_to_a_participant_is_refused(file_online, partial_officer, supervisor):
    appeal = file_online()
    with pytest.raises(ValidationError) as raised:
        assign_appeal(appeal=appeal, assignee=partial_officer, acting_user=supervisor, today=DAY)
    assert "assignee" in raised.value.message_dict


def test_assignment_to_an_impartial_officer_starts_the_review(file_online, appeals_officer, supervisor):
    appeal = file_online()

    assign_appeal(appeal=appeal, assignee=appeals_officer, acting_user=supervisor, today=DAY)

    assert (appeal.state, appeal.assigned_to) == (State.UNDER_REVIEW, appeals_officer)
    assert appeal.history.first().history_change_reason == "Assigned to officer"


def test_an_officer_may_take_an_appeal_but_not_assign_others(file_online, appeals_officer, officer2):
    appeal = file_online()
    with pytest.raises(PermissionDenied):
        assign_appeal(appeal=appeal, assignee=officer2, acting_user=appeals_officer, today=DAY)
    assign_appeal(appeal=appeal, assignee=appeals_officer, acting_user=appeals_officer, today=DAY)
    assert appeal.assigned_to == appeals_officer


def test_a_caseworker_who_requested_information_is_a_participant(
    new_application, caseworker, make_user, applicant_user
):
    from appeals.services import AppealRequest, file_appeal
    from eligibility import services as eligibility

    requester = make_user(roles.CASEWORKER, username="requester")
    requester.groups.add(Group.objects.get(name=roles.APPEALS_OFFICER))
    application = new_application(magi="95000.00", applicant_user=applicant_user)
    eligibility.start_review(application=application, acting_user=caseworker)
    rfi = eligibility.request_information(
        application=application, items="Pay stubs", acting_user=requester, today=date(2026, 3, 3)
    )
    eligibility.receive_information(request=rfi, acting_user=caseworker, today=date(2026, 3, 5))
    verify_reported(application, caseworker)
    [determination] = eligibility.decide_application(
        application=application, acting_user=caseworker, today=date(2026, 3, 10)
    )
    appeal = file_appeal(
        application=application,
        determination=determination,
        notice_appealed=application.notices.get(notice_type="denial"),
        request=AppealRequest(issues=["income_finding"]),
        acting_user=applicant_user,
        today=date(2026, 3, 20),
    )
    requester = type(requester).objects.get(pk=requester.pk)

    assert requester not in selectors.eligible_deciders(appeal)
    with pytest.raises(PermissionDenied):
        decide_appeal(appeal=appeal, outcome="upheld", reasons="r", acting_user=requester, today=DAY)


def test_first_level_needs_the_officer_permission(file_online, bureau_reviewer, caseworker):
    appeal = file_online()
    for user in (bureau_reviewer, caseworker):
        with pytest.raises(PermissionDenied):
            decide_appeal(appeal=appeal, outcome="upheld", reasons="r", acting_user=user, today=DAY)


def test_the_first_level_decider_may_not_decide_the_final_appeal(
    file_online, appeals_officer, applicant_user
):
    from appeals.services import AppealRequest, file_final_appeal

    appeal = file_online()
    decide_appeal(appeal=appeal, outcome="upheld", reasons="r", acting_user=appeals_officer, today=DAY)
    appeals_officer.groups.add(Group.objects.get(name=roles.BUREAU_REVIEWER))
    officer = type(appeals_officer).objects.get(pk=appeals_officer.pk)
    final = file_final_appeal(
        parent=appeal, request=AppealRequest(issues=[]), acting_user=applicant_user, today=date(2026, 4, 1)
    )

    assert officer not in selectors.eligible_deciders(final)
    with pytest.raises(PermissionDenied):
        decide_appeal(
            appeal=final, outcome="upheld", reasons="r", acting_user=officer, today=date(2026, 4, 2)
        )
