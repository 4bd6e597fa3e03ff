"""Who may see and act on an appeal (PRODUCT P7), through the selectors and the pages: allowed and denied."""

from datetime import date

import pytest
from django.http import Http404
from django.urls import reverse

from appeals import selectors
from eligibility import services as eligibility
from eligibility.models import CaseAccessLog
from hca_portal import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_rep(make_user):
    return make_user(roles.REPRESENTATIVE, username="other-navigator")


@pytest.fixture
def appeal(file_online):
    return file_online()


def test_applicant_and_active_representative_see_the_appeal(
    appeal, applicant_user, representative, designated
):
    assert selectors.get_appeal_for_user(applicant_user, appeal.pk) == appeal
    assert selectors.get_appeal_for_user(representative, appeal.pk) == appeal


def test_another_representative_does_not(appeal, other_rep, designated):
    with pytest.raises(Http404):
        selectors.get_appeal_for_user(other_rep, appeal.pk)
    assert not selectors.appeals_for_user(other_rep).exists()


def test_a_revoked_representative_no_longer_sees_it(appeal, representative, designated, caseworker):
    eligibility.revoke_representation(
        representation=designated, revoked_on=date(2026, 3, 21), acting_user=caseworker
    )
    assert not selectors.appeals_for_user(representative, day=date(2026, 3, 22)).exists()
    assert selectors.appeals_for_user(representative, day=date(2026, 3, 20)).exists()


def test_staff_see_by_permission(appeal, caseworker, appeals_officer, bureau_reviewer):
    for user in (caseworker, appeals_officer, bureau_reviewer):
        assert selectors.get_appeal_for_user(user, appeal.pk) == appeal


def test_detail_page_for_the_applicant_logs_the_view(client, appeal, applicant_user):
    client.force_login(applicant_user)
    response = client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert response.status_code == 200
    assert CaseAccessLog.objects.filter(
        application=appeal.application, user=applicant_user, what="appeal"
    ).exists()


def test_detail_page_is_404_for_another_representative(client, appeal, other_rep):
    client.force_login(other_rep)
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404


def test_file_page_is_404_for_another_representative(client, denied_case, other_rep):
    client.force_login(other_rep)
    assert client.get(reverse("appeals:file", args=[denied_case[0].pk])).status_code == 404
    response = client.post(
        reverse("appeals:file", args=[denied_case[0].pk]), {"issues": ["eligibility_status"]}
    )
    assert response.status_code == 404


def test_file_page_is_forbidden_to_staff_who_must_log(client, denied_case, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("appeals:file", args=[denied_case[0].pk])).status_code == 403
    assert client.get(reverse("appeals:log", args=[denied_case[0].pk])).status_code == 200


def test_log_page_is_forbidden_to_the_applicant(client, denied_case, applicant_user):
    client.force_login(applicant_user)
    assert client.get(reverse("appeals:log", args=[denied_case[0].pk])).status_code == 403


def test_decide_page_is_forbidden_to_the_participant_and_open_to_an_impartial_officer(
    client, appeal, caseworker, appeals_officer
):
    from django.contrib.auth.models import Group

    caseworker.groups.add(Group.objects.get(name=roles.APPEALS_OFFICER))
    client.force_login(caseworker)
    assert client.get(reverse("appeals:decide", args=[appeal.pk])).status_code == 403
    client.force_login(appeals_officer)
    assert client.get(reverse("appeals:decide", args=[appeal.pk])).status_code == 200


def test_queues_need_a_deciding_role(client, applicant_user, appeals_officer, bureau_reviewer):
    client.force_login(applicant_user)
    assert client.get(reverse("workspaces:officer")).status_code == 403
    assert client.get(reverse("workspaces:bureau")).status_code == 403
    client.force_login(appeals_officer)
    assert client.get(reverse("workspaces:officer")).status_code == 200
    client.force_login(bureau_reviewer)
    assert client.get(reverse("workspaces:bureau")).status_code == 200
