"""The appeal pages: file, log, detail with every date explained, buttons, decide, steps, queues."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from appeals.models import Appeal, State
from appeals.services import AppealRequest, decide_appeal
from tests.factories import verify_reported

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("America/Denver"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_applicant_files_through_the_page(client, denied_case, applicant_user):
    application, determination, notice = denied_case
    client.force_login(applicant_user)
    url = reverse("appeals:file", args=[application.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert str(notice.pk) in page.content.decode()
    assert "You have 30 calendar days from the date of the notice to appeal" in page.content.decode()
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Tiene 30 días naturales a partir de la fecha del aviso para apelar" in spanish

    response = client.post(
        url,
        {
            "determination": str(determination.pk),
            "notice_appealed": str(notice.pk),
            "issues": ["eligibility_status", "income_finding"],
            "statement": "My income is lower.",
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == appeal.get_absolute_url()
    assert appeal.issues == ["eligibility_status", "income_finding"]
    assert appeal.received_on == date(2026, 3, 20)


def test_form_errors_name_the_field(client, denied_case, applicant_user):
    application, determination, notice = denied_case
    client.force_login(applicant_user)
    response = client.post(
        reverse("appeals:file", args=[application.pk]),
        {
            "determination": str(determination.pk),
            "notice_appealed": str(notice.pk),
        },
    )
    assert response.status_code == 200
    assert "What are you appealing?: This field is required." in response.content.decode()


def test_service_errors_land_on_their_field(client, denied_case, applicant_user, file_online):
    file_online()
    application, determination, notice = denied_case
    client.force_login(applicant_user)
    response = client.post(
        reverse("appeals:file", args=[application.pk]),
        {
            "determination": str(determination.pk),
            "notice_appealed": str(notice.pk),
            "issues": ["eligibility_status"],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["determination"] == ["An appeal of this decision is already open."]


def test_caseworker_logs_a_faxed_appeal(client, denied_case, caseworker):
    application, determination, notice = denied_case
    client.force_login(caseworker)
    response = client.post(
        reverse("appeals:log", args=[application.pk]),
        {
            "channel": "fax",
            "received_on": "2026-03-18",
            "appellant_kind": "applicant",
            "appellant_name": "Ana Garcia",
            "determination": str(determination.pk),
            "notice_appealed": str(notice.pk),
            "issues": ["residency_finding"],
        },
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.channel, appeal.received_on, appeal.filed_by) == ("fax", date(2026, 3, 18), caseworker)


def test_detail_explains_every_date(client, file_online, applicant_user):
    appeal = file_online()
    client.force_login(applicant_user)
    body = client.get(appeal.get_absolute_url()).content.decode()
    assert "notice dated Tue 2026-03-10; 30 calendar days" in body
    assert "received Fri 2026-03-20; 20 calendar days; lands on Thu 2026-04-09; due Thu 2026-04-09" in body


def test_detail_explains_every_date_in_the_viewers_language(client, file_online, applicant_user):
    # issue 9 item 7: counts are stored as data and explained in the page's language
    appeal = file_online()
    client.force_login(applicant_user)
    body = client.get(appeal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "aviso con fecha del mar 2026-03-10; 30 días naturales" in body
    assert (
        "recibida el vie 2026-03-20; 20 días naturales; cae en jue 2026-04-09; vence el jue 2026-04-09"
        in body
    )
    assert "calendar days" not in body


def test_buttons_come_from_the_transitions(client, file_online, applicant_user, appeals_officer, caseworker):
    appeal = file_online()
    decide_url = reverse("appeals:decide", args=[appeal.pk])
    withdraw_url = reverse("appeals:step", args=[appeal.pk, "withdraw"])
    assign_url = reverse("appeals:step", args=[appeal.pk, "assign"])

    client.force_login(applicant_user)
    body = client.get(appeal.get_absolute_url()).content.decode()
    assert withdraw_url in body and decide_url not in body and assign_url not in body

    client.force_login(appeals_officer)
    body = client.get(appeal.get_absolute_url()).content.decode()
    assert decide_url in body and assign_url in body


def test_officer_decides_through_the_page(client, file_online, appeals_officer):
    appeal = file_online()
    client.force_login(appeals_officer)
    response = client.post(
        reverse("appeals:decide", args=[appeal.pk]), {"outcome": "reversed", "reasons": "r"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["decision"]

    response = client.post(
        reverse("appeals:decide", args=[appeal.pk]),
        {
            "outcome": "reversed",
            "reasons": "Income recounted.",
            "decision": "eligible",
            "effective_date": "2026-04-01",
        },
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.state, appeal.outcome) == (State.DECIDED, "reversed")
    assert appeal.new_determination.decision == "eligible"


def test_withdraw_step_through_the_page(client, file_online, applicant_user):
    appeal = file_online()
    client.force_login(applicant_user)
    response = client.post(reverse("appeals:step", args=[appeal.pk, "withdraw"]), {"reasons": ""})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == State.DISMISSED
    # the step is gone once taken
    assert client.get(reverse("appeals:step", args=[appeal.pk, "withdraw"])).status_code == 403


def test_assign_step_lists_only_impartial_officers(
    client, file_online, supervisor, appeals_officer, officer2, caseworker
):
    from django.contrib.auth.models import Group

    from hca_portal import roles

    caseworker.groups.add(Group.objects.get(name=roles.APPEALS_OFFICER))
    appeal = file_online()
    client.force_login(supervisor)
    form = client.get(reverse("appeals:step", args=[appeal.pk, "assign"])).context["form"]
    assert set(form.fields["assignee"].queryset) == {appeals_officer, officer2}


def test_officer_queue_puts_expedited_first(
    client, file_online, denied_case, appeals_officer, new_application, caseworker, applicant_user
):
    from appeals.services import file_appeal
    from eligibility import services as eligibility

    standard = file_online()
    other = new_application(magi="95000.00", applicant_user=applicant_user)
    eligibility.start_review(application=other, acting_user=caseworker)
    verify_reported(other, caseworker)
    [determination] = eligibility.decide_application(
        application=other, acting_user=caseworker, today=date(2026, 3, 10)
    )
    fast = file_appeal(
        application=other,
        determination=determination,
        notice_appealed=other.notices.get(notice_type="denial"),
        request=AppealRequest(issues=["eligibility_status"], expedite_reason="Care at risk"),
        acting_user=applicant_user,
        today=date(2026, 3, 20),
    )
    client.force_login(appeals_officer)
    rows = [row for row, _due in client.get(reverse("workspaces:officer")).context["rows"]]
    assert rows == [fast, standard]


def test_final_appeal_page_after_a_decision(
    client, file_online, appeals_officer, applicant_user, bureau_reviewer
):
    appeal = decide_appeal(
        appeal=file_online(),
        outcome="upheld",
        reasons="r",
        acting_user=appeals_officer,
        today=date(2026, 3, 20),
    )
    client.force_login(applicant_user)
    assert (
        reverse("appeals:file_final", args=[appeal.pk])
        in client.get(appeal.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("appeals:file_final", args=[appeal.pk]), {"issues": ["eligibility_status"]}
    )
    assert response.status_code == 302
    final = appeal.final_appeals.get()
    client.force_login(bureau_reviewer)
    assert [row for row, _due in client.get(reverse("workspaces:bureau")).context["rows"]] == [final]


def test_my_appeals_lists_only_visible_ones(client, file_online, applicant_user, make_user):
    from hca_portal import roles

    appeal = file_online()
    client.force_login(applicant_user)
    assert list(client.get(reverse("appeals:list")).context["rows"]) == [appeal]
    client.force_login(make_user(roles.REPRESENTATIVE, username="stranger"))
    assert list(client.get(reverse("appeals:list")).context["rows"]) == []
