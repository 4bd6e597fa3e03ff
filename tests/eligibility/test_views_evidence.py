"""Evidence uploads on the case page: PDF, JPEG or PNG only, at most 10 MB; downloads go through access."""

from datetime import date, datetime
from unittest import mock

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eligibility import rules, services
from eligibility.models import CaseAccessLog, EvidenceDocument
from hca_portal import roles
from hca_portal.dates import LOCAL_TZ
from hca_portal.uploads import OversizedUpload

from ..factories import image_file, pdf_file

PDF = pdf_file()
PNG = image_file("PNG")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=LOCAL_TZ), tick=False):
        yield date(2026, 3, 10)


@pytest.fixture
def application(new_application):
    return new_application()


def upload(client, application, name: str, content: bytes, kind: str = "ead", **extra):
    url = reverse("eligibility:add_evidence", kwargs={"pk": application.pk})
    return client.post(url, {"kind": kind, "file": SimpleUploadedFile(name, content), **extra})


@pytest.mark.django_db
def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused_with_a_message_on_the_form(
    client, caseworker, application
):
    client.force_login(caseworker)

    response = upload(client, application, "ead.pdf", b"MZ\x90\x00 this is an executable, named .pdf")

    assert response.status_code == 200
    assert response.context["evidence_form"].errors["file"] == [
        "The file must be a PDF, JPEG or PNG document or photo."
    ]
    assert "File (PDF, JPEG or PNG, at most 10 MB): The file must be a PDF" in response.content.decode()
    assert not EvidenceDocument.objects.exists()


@pytest.mark.django_db
def test_a_file_over_10_mb_is_refused_with_a_message(client, caseworker, application, settings):
    settings.EVIDENCE_MAX_BYTES = 1024  # the limit is a setting; the rule is tested at 10 MB in rules
    client.force_login(caseworker)

    response = upload(client, application, "big.png", PNG + b"\x00" * 2048)

    assert "at most" in response.context["evidence_form"].errors["file"][0]
    assert not EvidenceDocument.objects.exists()


@pytest.mark.django_db
def test_a_pdf_is_stored_and_downloaded_by_those_who_may_see_the_case(client, caseworker, application):
    member = application.members.get()
    client.force_login(caseworker)

    response = upload(client, application, "Ana Garcia EAD.pdf", PDF, member=member.pk)

    doc = EvidenceDocument.objects.get()
    assert response.status_code == 302
    assert (doc.content_type, doc.member, doc.uploaded_by, doc.size) == (
        "application/pdf",
        member,
        caseworker,
        len(PDF),
    )
    download = client.get(
        reverse("eligibility:document", kwargs={"pk": application.pk, "document_pk": doc.pk})
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "Ana" not in download["Content-Disposition"]
    assert CaseAccessLog.objects.filter(what="document", user=caseworker).count() == 1


@pytest.mark.django_db
def test_an_active_representative_uploads_and_a_stranger_cannot_download(
    client, caseworker, representative, make_user, application, today
):
    services.designate_representative(
        application=application,
        representative=representative,
        kind="family",
        starts_on=today,
        acting_user=caseworker,
    )
    client.force_login(representative)
    assert upload(client, application, "lease.png", PNG, kind="residency").status_code == 302
    doc = EvidenceDocument.objects.get()

    client.force_login(make_user(roles.REPRESENTATIVE, username="stranger"))
    url = reverse("eligibility:document", kwargs={"pk": application.pk, "document_pk": doc.pk})
    assert client.get(url).status_code == 404
    assert upload(client, application, "x.png", PNG).status_code == 404


@pytest.mark.django_db
def test_a_document_of_another_case_is_not_found_through_this_one(client, caseworker, new_application):
    first, second = new_application(), new_application()
    doc = services.add_evidence(
        application=second, kind="ead", uploaded_file=SimpleUploadedFile("a.pdf", PDF), acting_user=caseworker
    )
    client.force_login(caseworker)

    url = reverse("eligibility:document", kwargs={"pk": first.pk, "document_pk": doc.pk})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\n<html><body>not a notice</body></html>\n" * 10, b"%PDF-1.4\n" + bytes(range(256)) * 8],
    ids=["pdf-header-then-html", "pdf-header-then-bytes"],
)
def test_a_file_that_only_starts_like_a_pdf_is_refused_on_the_file_field(
    client, caseworker, application, content
):
    client.force_login(caseworker)

    response = upload(client, application, "ead.pdf", content)

    assert response.status_code == 200
    message = (
        "The file could not be opened as a PDF: it is damaged, protected by a password, or not really a PDF."
    )
    assert response.context["evidence_form"].errors["file"] == [message]
    assert f"File (PDF, JPEG or PNG, at most 10 MB): {message}" in response.content.decode()
    assert not EvidenceDocument.objects.exists()


@pytest.mark.django_db
def test_real_jpeg_and_png_photos_are_stored(client, caseworker, application):
    client.force_login(caseworker)
    for name, content in (("lease.jpg", image_file("JPEG")), ("pay.png", PNG)):
        assert upload(client, application, name, content, kind="residency").status_code == 302
    assert sorted(EvidenceDocument.objects.values_list("content_type", flat=True)) == [
        "image/jpeg",
        "image/png",
    ]


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_by_its_size_without_being_stored(
    client, caseworker, application, settings
):
    settings.EVIDENCE_MAX_BYTES = 64 * 1024
    big = image_file("PNG", size=(800, 800)) + b"\x00" * (200 * 1024)
    client.force_login(caseworker)
    seen, real_check = [], rules.check_evidence_file

    def check(file, size, max_bytes):
        seen.append((type(file), size, file.read()))
        file.seek(0)
        return real_check(file, size, max_bytes)

    with mock.patch("eligibility.rules.check_evidence_file", side_effect=check):
        response = upload(client, application, "scan.png", big)

    assert response.context["evidence_form"].errors["file"] == ["The file must be at most 0.1 MB."]
    assert not EvidenceDocument.objects.exists()
    # The upload handler kept the size and none of the bytes: nothing to read whole.
    assert seen == [(OversizedUpload, len(big), b"")]
