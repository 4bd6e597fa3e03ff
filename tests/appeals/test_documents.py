"""Documents on appeals (issue 12 item 2): the appellant, their representative (appeals-only too) and
staff attach documents, checked like case evidence; the decider sees them; the timeline shows them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from appeals.models import AppealDocument
from appeals.services import AppealRequest, add_document, withdraw_appeal
from eligibility import services as eligibility
from eligibility.models import CaseAccessLog, Representation

from ..factories import pdf_file

pytestmark = pytest.mark.django_db

PDF = pdf_file()


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("America/Denver")), tick=False):
        yield


def _upload(client, appeal, content=PDF, name="pay.pdf", kind="income"):
    return client.post(
        reverse("appeals:add_document", args=[appeal.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_the_appellant_attaches_a_document_the_decider_reads_it(
    client, file_online, applicant_user, appeals_officer
):
    appeal = file_online()
    client.force_login(applicant_user)
    assert client.get(reverse("appeals:add_document", args=[appeal.pk])).status_code == 200
    response = _upload(client, appeal)
    assert response.status_code == 302 and response["Location"] == appeal.get_absolute_url()
    document = AppealDocument.objects.get()
    assert (document.appeal, document.uploaded_by, document.kind) == (appeal, applicant_user, "income")
    assert appeal.events.filter(name="document_filed", actor=applicant_user).exists()

    client.force_login(appeals_officer)
    assert document.get_absolute_url() in client.get(appeal.get_absolute_url()).content.decode()
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert CaseAccessLog.objects.filter(user=appeals_officer, what=CaseAccessLog.What.DOCUMENT).exists()


def test_an_appeals_only_representative_sends_evidence(
    client, file_online, denied_case, appeals_representative, caseworker
):
    appeal = file_online()
    eligibility.designate_representative(
        application=denied_case[0],
        representative=appeals_representative,
        kind=Representation.Kind.NAVIGATOR,
        scope=Representation.Scope.APPEALS,
        starts_on=date(2026, 3, 1),
        acting_user=caseworker,
    )
    client.force_login(appeals_representative)
    assert (
        reverse("appeals:add_document", args=[appeal.pk])
        in client.get(appeal.get_absolute_url()).content.decode()
    )
    assert _upload(client, appeal).status_code == 302
    assert AppealDocument.objects.get().uploaded_by == appeals_representative


def test_staff_attach_a_document_received_by_mail(client, file_online, caseworker):
    appeal = file_online()
    client.force_login(caseworker)
    assert _upload(client, appeal).status_code == 302
    assert AppealDocument.objects.get().uploaded_by == caseworker


def test_a_file_that_only_starts_like_a_pdf_is_refused_on_the_file_field(client, file_online, applicant_user):
    appeal = file_online()
    client.force_login(applicant_user)
    response = _upload(client, appeal, content=b"%PDF-1.7\n<html><script>alert(1)</script>")
    assert response.status_code == 200
    assert "could not be opened as a PDF" in " ".join(response.context["form"].errors["file"])
    assert not AppealDocument.objects.exists()


def test_a_file_over_the_limit_is_refused(client, file_online, applicant_user, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    appeal = file_online()
    client.force_login(applicant_user)
    response = _upload(client, appeal, content=PDF + b"\0" * 2000)
    assert response.status_code == 200
    assert "at most" in " ".join(response.context["form"].errors["file"])
    assert not AppealDocument.objects.exists()


def test_strangers_and_closed_appeals(client, file_online, applicant_user, make_user):
    appeal = file_online()
    stranger = make_user(username="stranger")
    client.force_login(stranger)
    assert _upload(client, appeal).status_code == 404
    with pytest.raises(PermissionDenied):
        add_document(
            appeal=appeal,
            kind="income",
            uploaded_file=SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf"),
            acting_user=stranger,
            today=date(2026, 3, 20),
        )
    withdraw_appeal(appeal=appeal, acting_user=applicant_user, today=date(2026, 3, 20))
    with pytest.raises(ValidationError) as raised:
        add_document(
            appeal=appeal,
            kind="income",
            uploaded_file=SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf"),
            acting_user=applicant_user,
            today=date(2026, 3, 20),
        )
    assert list(raised.value.message_dict) == ["file"]
    client.force_login(applicant_user)
    assert client.get(reverse("appeals:add_document", args=[appeal.pk])).status_code == 403


def test_the_case_timeline_shows_the_document(client, file_online, applicant_user, caseworker, denied_case):
    appeal = file_online()
    client.force_login(applicant_user)
    _upload(client, appeal)
    document = AppealDocument.objects.get()
    client.force_login(caseworker)
    body = client.get(reverse("workspaces:case_timeline", args=[denied_case[0].pk])).content.decode()
    assert f"Document filed with appeal {appeal.reference}: Proof of income" in body
    assert document.get_absolute_url() in body


def test_a_document_of_another_appeal_is_not_found_through_this_one(
    client, file_online, applicant_user, new_application, caseworker
):
    from appeals.services import file_appeal
    from tests.factories import verify_reported

    mine = file_online()
    other_case = new_application(magi="95000.00", applicant_user=applicant_user)
    eligibility.start_review(application=other_case, acting_user=caseworker)
    verify_reported(other_case, caseworker)
    [determination] = eligibility.decide_application(
        application=other_case, acting_user=caseworker, today=date(2026, 3, 10)
    )
    other = file_appeal(
        application=other_case,
        determination=determination,
        notice_appealed=other_case.notices.get(notice_type="denial"),
        request=AppealRequest(issues=["eligibility_status"]),
        acting_user=applicant_user,
        today=date(2026, 3, 20),
    )
    client.force_login(applicant_user)
    _upload(client, other)
    document = AppealDocument.objects.get()
    assert client.get(document.get_absolute_url()).status_code == 200
    wrong = reverse("appeals:document", args=[mine.pk, document.pk])
    assert client.get(wrong).status_code == 404
