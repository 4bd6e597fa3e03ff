"""The representative's and the applicant's homes: only their own cases, with every deadline."""

from datetime import date

import pytest
from django.urls import reverse

from eligibility import services as eligibility_services
from notices.models import Notice


@pytest.fixture
def cases(
    decided_case, designate, representative, applicant_user, make_user, django_capture_on_commit_callbacks
):
    """Ana's denied case (Nora represents her, notices rendered) and someone else's case."""
    other_rep = make_user("Representative", username="raul")
    with django_capture_on_commit_callbacks(execute=True):
        mine = decided_case(magi="90000.00", applicant=applicant_user)
        designate(mine, representative)
        theirs = decided_case(magi="95000.00", applicant=make_user("Applicant", username="hector"))
        designate(theirs, other_rep)
    return mine, theirs


def test_representative_sees_only_their_clients(client, today, representative, cases):
    mine, theirs = cases
    client.force_login(representative)
    response = client.get(reverse("workspaces:representative"))
    assert response.status_code == 200
    body = response.content.decode()
    assert mine.reference in body and theirs.reference not in body
    assert "Ana Garcia" in body
    # The denial can be appealed until 30 days after the notice date (April 9, 2026).
    assert "Last day to appeal" in body and "04/09/2026" in body and "30 days left" in body
    assert reverse("appeals:file", args=[mine.pk]) in body
    notice = Notice.objects.get(application=mine, notice_type="denial")
    assert reverse("eligibility:notice_pdf", args=[mine.pk, notice.pk]) in body
    assert not any(n.application_id == theirs.pk for n in response.context["notices"])


def test_representative_sees_their_clients_open_appeals_with_due_dates(
    client, today, representative, cases, file_appeal
):
    mine, _theirs = cases
    appeal = file_appeal(mine, representative)
    client.force_login(representative)
    response = client.get(reverse("workspaces:representative"))
    assert [a.pk for a, _due in response.context["appeals"]] == [appeal.pk]
    body = response.content.decode()
    assert appeal.reference in body
    assert "Decision due" in body and appeal.decision_due_on.strftime("%m/%d/%Y") in body


def test_a_revoked_designation_hides_the_case(client, today, representative, caseworker, cases):
    mine, _theirs = cases
    eligibility_services.revoke_representation(
        representation=mine.representations.get(), revoked_on=date(2026, 3, 5), acting_user=caseworker
    )
    client.force_login(representative)
    response = client.get(reverse("workspaces:representative"))
    assert mine.reference not in response.content.decode()


def test_applicant_sees_their_own_case_notices_and_deadlines(
    client, today, applicant_user, cases, file_appeal
):
    mine, theirs = cases
    appeal = file_appeal(mine, applicant_user)
    client.force_login(applicant_user)
    response = client.get(reverse("workspaces:applicant"))
    assert response.status_code == 200
    body = response.content.decode()
    assert mine.reference in body and theirs.reference not in body
    assert "Notice of denial" in body
    assert appeal.reference in body and "Decision due" in body


def test_applicant_with_no_case_is_told_what_to_do(client, make_user):
    client.force_login(make_user("Applicant", username="newcomer"))
    assert "no application linked" in client.get(reverse("workspaces:applicant")).content.decode()


@pytest.mark.parametrize(
    ("url", "role", "status"),
    [
        ("workspaces:representative", "caseworker", 403),
        ("workspaces:representative", "applicant_user", 403),
        ("workspaces:applicant", "representative", 403),
        ("workspaces:applicant", "program_admin", 403),
    ],
)
def test_external_homes_are_for_their_role_only(db, client, request, url, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(url)).status_code == status


def test_representative_page_queries_are_bounded(
    client, today, representative, cases, decided_case, designate, make_user, django_assert_max_num_queries
):
    client.force_login(representative)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("workspaces:representative"))
    for i in range(4):
        designate(
            decided_case(magi="90000.00", applicant=make_user("Applicant", username=f"c{i}")), representative
        )
    with django_assert_max_num_queries(10) as many:
        client.get(reverse("workspaces:representative"))
    assert len(few.captured_queries) == len(many.captured_queries)
