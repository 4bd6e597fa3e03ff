"""The appeals officer's and bureau reviewer's homes: open appeals, expedited first, by due date,
without the appeals the user may not decide."""

from datetime import timedelta

import pytest
from django.urls import reverse

from appeals import services as appeal_services
from appeals.models import Appeal
from eligibility.models import Application, CriterionFinding, Determination
from workspaces import selectors

from .conftest import TODAY


@pytest.fixture
def appeals(decided_case, designate, representative, file_appeal, make_user):
    """Three first-level appeals on denied cases; the second asks to be expedited."""
    made = []
    for i in range(3):
        applicant = make_user("Applicant", username=f"appellant{i}")
        case = decided_case(magi="90000.00", applicant=applicant)
        made.append(file_appeal(case, applicant, expedite_reason="I need my medicine." if i == 1 else ""))
    return made


def test_officer_home_lists_expedited_first_then_by_due_date(client, today, appeals_officer, appeals):
    client.force_login(appeals_officer)
    response = client.get(reverse("workspaces:officer"))
    assert response.status_code == 200
    shown = [appeal.pk for appeal, _due in response.context["rows"]]
    assert shown[0] == appeals[1].pk
    assert set(shown) == {a.pk for a in appeals}
    body = response.content.decode()
    assert "Expedited" in body
    assert "Decision due" in body and "days left" in body


@pytest.mark.parametrize("took_part", ["decided", "assigned", "finding", "finding_history", "requested"])
def test_officer_never_sees_an_appeal_of_a_determination_they_took_part_in(
    client, today, appeals_officer, appeals, took_part
):
    appeal = appeals[0]
    determination = appeal.determination
    if took_part == "decided":
        Determination.objects.filter(pk=determination.pk).update(decided_by=appeals_officer)
    elif took_part == "assigned":
        Application.objects.filter(pk=appeal.application_id).update(assigned_to=appeals_officer)
    elif took_part == "finding":
        CriterionFinding.objects.filter(member=determination.member).update(recorded_by=appeals_officer)
    elif took_part == "finding_history":
        finding = CriterionFinding.objects.filter(member=determination.member).first()
        finding._history_user = appeals_officer
        finding.save()
    elif took_part == "requested":
        from eligibility.models import InformationRequest

        InformationRequest.objects.create(
            application=appeal.application,
            items="x",
            requested_on=TODAY,
            due_on=TODAY,
            requested_by=appeals_officer,
        )
    client.force_login(appeals_officer)
    shown = [a.pk for a, _due in client.get(reverse("workspaces:officer")).context["rows"]]
    assert appeal.pk not in shown
    assert appeals[2].pk in shown
    # The database filter agrees with the model's own rule, appeal by appeal.
    fresh = Appeal.objects.get(pk=appeal.pk)
    assert fresh.may_be_decided_by(appeals_officer) is False
    for other in appeals[1:]:
        assert Appeal.objects.get(pk=other.pk).may_be_decided_by(appeals_officer) is True


def test_mine_shows_only_the_officers_assignments(client, today, appeals_officer, supervisor, appeals):
    appeal_services.assign_appeal(
        appeal=appeals[2], assignee=appeals_officer, acting_user=supervisor, today=TODAY
    )
    client.force_login(appeals_officer)
    response = client.get(reverse("workspaces:officer"), {"mine": "1"}, headers={"HX-Request": "true"})
    assert [a.pk for a, _due in response.context["rows"]] == [appeals[2].pk]
    assert "<html" not in response.content.decode()


def test_bureau_home_lists_final_appeals(client, today, appeals_officer, bureau_reviewer, appeals):
    first = appeals[0]
    appeal_services.decide_appeal(
        appeal=first,
        outcome="upheld",
        reasons="The income is over the limit.",
        acting_user=appeals_officer,
        today=TODAY,
    )
    applicant = first.application.applicant_user
    final = appeal_services.file_final_appeal(
        parent=Appeal.objects.get(pk=first.pk),
        request=appeal_services.AppealRequest(issues=["eligibility_status"]),
        acting_user=applicant,
        today=TODAY + timedelta(days=1),
    )
    client.force_login(bureau_reviewer)
    response = client.get(reverse("workspaces:bureau"))
    assert [a.pk for a, _due in response.context["rows"]] == [final.pk]
    assert "Decision due" in response.content.decode()
    # The officer who decided the first level is a participant of the final appeal.
    assert not selectors.bureau_queue(appeals_officer).filter(pk=final.pk).exists()


def test_queue_queries_do_not_grow_with_rows(
    client,
    today,
    appeals_officer,
    appeals,
    django_assert_max_num_queries,
    decided_case,
    file_appeal,
    make_user,
):
    client.force_login(appeals_officer)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("workspaces:officer"))
    for i in range(4):
        applicant = make_user("Applicant", username=f"more{i}")
        file_appeal(decided_case(magi="90000.00", applicant=applicant), applicant)
    with django_assert_max_num_queries(10) as many:
        client.get(reverse("workspaces:officer"))
    assert len(few.captured_queries) == len(many.captured_queries)


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("workspaces:officer", {"appeals_officer"}),
        ("workspaces:bureau", {"bureau_reviewer"}),
    ],
)
@pytest.mark.parametrize(
    "role",
    ["caseworker", "supervisor", "appeals_officer", "bureau_reviewer", "program_admin", "representative"],
)
def test_appeal_homes_need_the_deciding_permission(db, client, request, url, allowed, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(url)).status_code == (200 if role in allowed else 403)
