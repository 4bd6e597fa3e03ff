"""A representative designated for appeals only (PRODUCT P7): the case's appeals and notices, nothing else.

While the designation is active they see and file the appeals and download the notices being
appealed; the case page, its evidence, the timeline and the eligibility API answer 404, exactly
like a case they do not represent. A full representative keeps everything; a revoked or ended
appeals-only designation reaches nothing at all.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from appeals.models import Appeal, AppellantKind
from eligibility import services as eligibility
from eligibility.models import CaseAccessLog, Representation
from notices.models import NoticeDownload
from tests.factories import verify_reported

from ..factories import pdf_file
from ..signin import api_key

pytestmark = pytest.mark.django_db

PDF = pdf_file()


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("America/Denver")), tick=False):
        yield


@pytest.fixture
def case(new_application, caseworker, applicant_user, django_capture_on_commit_callbacks):
    """A case denied on 2026-03-10 (its notice rendered) with a proof of income on file."""
    application = new_application(magi="95000.00", applicant_user=applicant_user)
    eligibility.start_review(application=application, acting_user=caseworker)
    document = eligibility.add_evidence(
        application=application,
        kind="income",
        uploaded_file=SimpleUploadedFile("pay.pdf", PDF, content_type="application/pdf"),
        acting_user=caseworker,
    )
    with django_capture_on_commit_callbacks(execute=True):
        verify_reported(application, caseworker)
        [determination] = eligibility.decide_application(
            application=application, acting_user=caseworker, today=date(2026, 3, 10)
        )
    return application, determination, application.notices.get(notice_type="denial"), document


def _designate(case, user, caseworker, scope, **kwargs):
    return eligibility.designate_representative(
        application=case[0],
        representative=user,
        kind=Representation.Kind.ATTORNEY,
        scope=scope,
        starts_on=date(2026, 3, 1),
        acting_user=caseworker,
        **kwargs,
    )


@pytest.fixture
def appeals_only(case, appeals_representative, caseworker):
    return _designate(case, appeals_representative, caseworker, Representation.Scope.APPEALS)


@pytest.fixture
def appeal(case, applicant_user):
    from appeals.services import AppealRequest, file_appeal

    application, determination, notice, _document = case
    return file_appeal(
        application=application,
        determination=determination,
        notice_appealed=notice,
        request=AppealRequest(issues=["eligibility_status"], statement="My income is lower."),
        acting_user=applicant_user,
        today=date(2026, 3, 20),
    )


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}")
    return client


def _case_urls(case):
    application, _determination, _notice, document = case
    return {
        "case page": reverse("eligibility:case", args=[application.pk]),
        "timeline": reverse("workspaces:case_timeline", args=[application.pk]),
        "evidence download": reverse("eligibility:document", args=[application.pk, document.pk]),
    }


def test_the_case_page_timeline_and_evidence_are_404_and_nothing_is_logged(
    client, case, appeals_only, appeals_representative
):
    documents = case[0].documents.count()  # the caseworker's evidence, and the fixture's document
    client.force_login(appeals_representative)
    for what, url in _case_urls(case).items():
        assert client.get(url).status_code == 404, what
    assert client.get(_case_urls(case)["timeline"], HTTP_HX_REQUEST="true").status_code == 404
    upload = client.post(
        reverse("eligibility:add_evidence", args=[case[0].pk]),
        {"kind": "income", "file": SimpleUploadedFile("more.pdf", PDF, content_type="application/pdf")},
    )
    assert upload.status_code == 404
    assert case[0].documents.count() == documents
    assert not CaseAccessLog.objects.filter(user=appeals_representative).exists()


def test_the_eligibility_api_does_not_show_the_case(case, appeals_only, appeals_representative):
    client = api(appeals_representative)
    detail = client.get(reverse("application-detail", args=[case[0].pk]))
    assert detail.status_code == 404
    listing = client.get(reverse("application-list"))
    assert listing.status_code == 200
    assert str(case[0].pk) not in listing.content.decode()


def test_they_see_the_appeal_page_and_the_appeals_api(client, appeal, appeals_only, appeals_representative):
    client.force_login(appeals_representative)
    page = client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert page.status_code == 200
    assert appeal.reference in page.content.decode()
    assert appeal.reference in client.get(reverse("appeals:list")).content.decode()
    # The appellant's own steps are theirs too: withdrawing, on the appellant's behalf.
    assert reverse("appeals:step", args=[appeal.pk, "withdraw"]) in page.content.decode()
    assert client.get(reverse("appeals:step", args=[appeal.pk, "withdraw"])).status_code == 200

    listing = api(appeals_representative).get("/api/v1/appeals/")
    assert [row["id"] for row in listing.json()["results"]] == [str(appeal.pk)]
    assert api(appeals_representative).get(f"/api/v1/appeals/{appeal.pk}/").status_code == 200


def test_they_file_an_appeal_online_from_the_filing_page(client, case, appeals_only, appeals_representative):
    application, determination, notice, _document = case
    client.force_login(appeals_representative)
    url = reverse("appeals:file", args=[application.pk])

    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert str(determination.pk) in body and str(notice.pk) in body  # the decision that can be appealed

    response = client.post(
        url,
        {
            "determination": str(determination.pk),
            "notice_appealed": str(notice.pk),
            "issues": ["eligibility_status"],
            "statement": "The income counted is a year old.",
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == appeal.get_absolute_url()
    assert appeal.appellant_kind == AppellantKind.REPRESENTATIVE
    assert appeal.filed_by == appeals_representative


def test_they_file_an_appeal_through_the_api(case, appeals_only, appeals_representative):
    application, determination, notice, _document = case
    body = {
        "application": str(application.pk),
        "determination": str(determination.pk),
        "notice_appealed": str(notice.pk),
        "issues": ["eligibility_status"],
    }
    response = api(appeals_representative).post("/api/v1/appeals/", body, format="json")
    assert response.status_code == 201, response.content
    assert Appeal.objects.get().appellant_kind == AppellantKind.REPRESENTATIVE


def test_they_download_the_notice_being_appealed(client, case, appeals_only, appeals_representative):
    application, _determination, notice, _document = case
    client.force_login(appeals_representative)
    response = client.get(reverse("eligibility:notice_pdf", args=[application.pk, notice.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert NoticeDownload.objects.filter(notice=notice, user=appeals_representative).exists()


def test_their_home_lists_the_client_without_the_case_page(
    client, case, appeal, appeals_only, appeals_representative
):
    application, _determination, notice, _document = case
    client.force_login(appeals_representative)
    response = client.get(reverse("workspaces:representative"))
    assert response.status_code == 200
    body = response.content.decode()
    assert application.reference in body and "Appeals only" in body
    assert f'href="{reverse("appeals:file", args=[application.pk])}"' in body
    assert f'href="{application.get_absolute_url()}"' not in body
    assert "Upload documents" not in body
    # Their appeal with its decision due date, and the notice to download.
    assert appeal.reference in body and appeal.decision_due_on.strftime("%m/%d/%Y") in body
    assert reverse("eligibility:notice_pdf", args=[application.pk, notice.pk]) in body


def test_a_full_representative_keeps_the_whole_case(client, case, representative, caseworker):
    _designate(case, representative, caseworker, Representation.Scope.FULL)
    client.force_login(representative)
    for what, url in _case_urls(case).items():
        assert client.get(url).status_code == 200, what
    assert api(representative).get(reverse("application-detail", args=[case[0].pk])).status_code == 200
    home = client.get(reverse("workspaces:representative")).content.decode()
    assert f'href="{case[0].get_absolute_url()}"' in home and "Upload documents" in home
    assert "Appeals only" not in home


@pytest.mark.parametrize("ended", ["revoked", "ended"])
def test_a_past_appeals_only_designation_reaches_nothing(
    client, case, appeal, appeals_representative, caseworker, ended
):
    application, _determination, notice, _document = case
    representation = _designate(
        case,
        appeals_representative,
        caseworker,
        Representation.Scope.APPEALS,
        ends_on=date(2026, 3, 15) if ended == "ended" else None,
    )
    if ended == "revoked":
        eligibility.revoke_representation(
            representation=representation, revoked_on=date(2026, 3, 15), acting_user=caseworker
        )
    client.force_login(appeals_representative)
    for url in (
        reverse("appeals:detail", args=[appeal.pk]),
        reverse("appeals:file", args=[application.pk]),
        reverse("eligibility:notice_pdf", args=[application.pk, notice.pk]),
        *_case_urls(case).values(),
    ):
        assert client.get(url).status_code == 404, url
    assert api(appeals_representative).get(f"/api/v1/appeals/{appeal.pk}/").status_code == 404
    assert application.reference not in client.get(reverse("workspaces:representative")).content.decode()


def test_their_home_shows_no_deadline_from_the_case_itself(
    client, new_application, caseworker, appeals_representative
):
    """A request for information is casework: its due date is not theirs to see."""
    application = new_application()
    eligibility.start_review(application=application, acting_user=caseworker)
    eligibility.request_information(
        application=application, items="Proof of residence.", acting_user=caseworker, today=date(2026, 3, 20)
    )
    case = (application, None, None, None)
    _designate(case, appeals_representative, caseworker, Representation.Scope.APPEALS)
    client.force_login(appeals_representative)
    body = client.get(reverse("workspaces:representative")).content.decode()
    assert application.reference in body and "Appeals only" in body
    assert "Information due" not in body
