"""The appeal record (issue 12 item 1): a decider sees the whole record on one page, with links into
each part, in a fixed number of queries; each person sees only the buttons they may press."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from appeals.services import AppealRequest, add_document, decide_appeal, file_final_appeal

from ..factories import pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("America/Denver")), tick=False):
        yield


def _file(appeal, user, n=1):
    for i in range(n):
        add_document(
            appeal=appeal,
            kind="income",
            uploaded_file=SimpleUploadedFile(f"pay{i}.pdf", pdf_file(), content_type="application/pdf"),
            acting_user=user,
            today=date(2026, 3, 20),
        )


def test_the_officer_decides_from_the_whole_record(
    client, file_online, denied_case, appeals_officer, applicant_user
):
    application, determination, notice = denied_case
    appeal = file_online()
    _file(appeal, applicant_user)
    client.force_login(appeals_officer)

    body = client.get(reverse("appeals:decide", args=[appeal.pk])).content.decode()

    # The case, with links to its page and its timeline.
    assert application.get_absolute_url() in body
    assert reverse("workspaces:case_timeline", args=[application.pk]) in body
    # The decision appealed with its figures and reasons.
    assert "Not eligible" in body and f"{determination.fpl_pct}%" in body and "$95,000.00" in body
    # The notice appealed, as printed, with its PDF.
    assert notice.reference in body
    assert reverse("eligibility:notice_pdf", args=[application.pk, notice.pk]) in body or not notice.is_issued
    # The findings with their evidence.
    daca = determination.member.findings.get(criterion="daca")
    assert reverse("eligibility:document", args=[application.pk, daca.evidence_id]) in body
    # The documents filed with the appeal.
    document = appeal.documents.get()
    assert document.get_absolute_url() in body
    assert "My income is lower than you counted." in body


def test_the_record_page_runs_in_ten_queries_whatever_its_size(
    client, file_online, appeals_officer, applicant_user, django_assert_max_num_queries
):
    appeal = file_online()
    client.force_login(appeals_officer)
    client.get(appeal.get_absolute_url())  # the session's first read
    with django_assert_max_num_queries(10):
        small = client.get(appeal.get_absolute_url())
    _file(appeal, applicant_user, n=6)
    with django_assert_max_num_queries(10):
        large = client.get(appeal.get_absolute_url())
    with django_assert_max_num_queries(10):
        decide = client.get(reverse("appeals:decide", args=[appeal.pk]))
    assert small.status_code == large.status_code == decide.status_code == 200
    assert len(large.context["record"].documents) == 6


def test_a_final_appeal_shows_the_first_level_decision(
    client, file_online, appeals_officer, bureau_reviewer, applicant_user
):
    first = decide_appeal(
        appeal=file_online(),
        outcome="upheld",
        reasons="The income on file is over the limit.",
        acting_user=appeals_officer,
        today=date(2026, 3, 20),
    )
    final = file_final_appeal(
        parent=first,
        request=AppealRequest(issues=["eligibility_status"], statement="Still wrong."),
        acting_user=applicant_user,
        today=date(2026, 3, 20),
    )
    client.force_login(bureau_reviewer)
    body = client.get(reverse("appeals:decide", args=[final.pk])).content.decode()
    assert first.get_absolute_url() in body
    assert "The income on file is over the limit." in body and "Upheld" in body
    # The first-level appeal links to the final one.
    assert final.get_absolute_url() in client.get(first.get_absolute_url()).content.decode()


def test_each_person_sees_only_their_own_buttons(client, file_online, appeals_officer, applicant_user):
    appeal = file_online()
    ask_fast = reverse("appeals:step", args=[appeal.pk, "request-expedite"])
    withdraw = reverse("appeals:step", args=[appeal.pk, "withdraw"])
    decide = reverse("appeals:decide", args=[appeal.pk])

    client.force_login(appeals_officer)
    body = client.get(appeal.get_absolute_url()).content.decode()
    assert decide in body
    assert ask_fast not in body and withdraw not in body
    assert client.get(withdraw).status_code == 403

    client.force_login(applicant_user)
    body = client.get(appeal.get_absolute_url()).content.decode()
    assert ask_fast in body and withdraw in body
    assert decide not in body
    assert reverse("appeals:add_document", args=[appeal.pk]) in body


def test_the_bureau_sees_the_reason_for_asking_for_a_fast_appeal(
    client, file_online, applicant_user, appeals_officer
):
    appeal = file_online(
        request=AppealRequest(
            issues=["eligibility_status"], expedite_reason="My insulin runs out on the 25th."
        )
    )
    client.force_login(appeals_officer)
    page = client.get(reverse("appeals:step", args=[appeal.pk, "expedite"]))
    assert page.status_code == 200
    assert "My insulin runs out on the 25th." in page.content.decode()
