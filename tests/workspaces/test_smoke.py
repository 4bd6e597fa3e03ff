import pytest


@pytest.mark.django_db
def test_every_role_home_renders(
    client,
    today,
    caseworker,
    supervisor,
    appeals_officer,
    bureau_reviewer,
    program_admin,
    representative,
    applicant_user,
    decided_case,
    designate,
    file_appeal,
):
    case = decided_case(magi="90000.00", applicant=applicant_user)
    designate(case, representative)
    file_appeal(case, representative)
    for user in (
        caseworker,
        supervisor,
        appeals_officer,
        bureau_reviewer,
        program_admin,
        representative,
        applicant_user,
    ):
        client.force_login(user)
        response = client.get("/", follow=True)
        assert response.status_code == 200, (user, response.status_code)
