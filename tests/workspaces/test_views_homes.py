"""`/` sends each role to its workspace; the program administrator's home; English and Spanish."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("caseworker", "workspaces:caseworker"),
        ("supervisor", "workspaces:supervisor"),
        ("appeals_officer", "workspaces:officer"),
        ("bureau_reviewer", "workspaces:bureau"),
        ("program_admin", "workspaces:program"),
        ("representative", "workspaces:representative"),
        ("applicant_user", "workspaces:applicant"),
    ],
)
def test_home_sends_each_role_to_its_workspace(client, request, year2026, role, home):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse(home)
    assert client.get(reverse("workspaces:index")).url == reverse(home)
    assert client.get(response.url).status_code == 200


def test_a_user_without_a_role_is_told_so(client, make_user):
    client.force_login(make_user(None, username="nobody"))
    response = client.get(reverse("home"))
    assert response.status_code == 200 and "no role yet" in response.content.decode()


def test_anonymous_users_sign_in_first(client):
    response = client.get(reverse("workspaces:caseworker"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_program_home_shows_cap_use_and_guidance_links(client, today, program_admin, year2026):
    client.force_login(program_admin)
    response = client.get(reverse("workspaces:program"))
    body = response.content.decode()
    assert reverse("admin:eligibility_guidance_changelist") in body
    assert reverse("workspaces:reports") in body
    plan_year, cap = response.context["caps"][0]
    assert plan_year == year2026 and cap["cap"] == 2000 and cap["held"] == 0


def test_spanish_switch_translates_and_formats_dates(client, today, caseworker, new_application):
    from eligibility.models import Application

    Application.objects.filter(pk=new_application().pk).update(assigned_to=caseworker, state="in_review")
    client.force_login(caseworker)
    response = client.post(
        reverse("set_language"), {"language": "es", "next": reverse("workspaces:caseworker")}
    )
    assert response.status_code == 302
    body = client.get(response.url).content.decode()
    assert '<html lang="es">' in body
    assert "Mi cola" in body and "Sin fecha límite" in body
    assert "02/03/2026" in body  # March 2, 2026, day first
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("workspaces:caseworker")).content.decode()
    assert "My queue" in body and "03/02/2026" in body
