"""The daily mail batch: the day's mail copies merged into one print PDF, with a manifest listing each."""

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from pypdf import PdfReader

from notices.models import MailBatch, NoticeRecipient
from notices.services import Recipient, build_mail_batch
from tests.factories import UserFactory

BATCH_DAY = date(2026, 3, 5)


@pytest.fixture
def mailed(issue, django_capture_on_commit_callbacks, fake_render):
    """Two issued notices: one to the applicant only, one also mailed to a representative."""
    with django_capture_on_commit_callbacks(execute=True):
        first = issue(
            recipients=[
                Recipient(
                    name="Ana Garcia", role="applicant", channel="mail", address="100 Main St\nSanta Fe"
                )
            ]
        )
        second = issue(
            recipients=[
                Recipient(
                    name="Luis Perez", role="applicant", channel="mail", address="5 Oak Rd\nTaos, NM 87571"
                ),
                Recipient(
                    name="Rosa Navigator", role="representative", channel="mail", address="9 Elm\nTaos"
                ),
            ]
        )
    return first, second


@pytest.mark.django_db
def test_the_batch_merges_every_mail_copy_and_the_manifest_lists_each(mailed):
    first, second = mailed

    batch = build_mail_batch(batch_date=BATCH_DAY)

    # each copy: a cover sheet + the one-page notice = 2 pages (already even)
    with batch.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    assert batch.recipient_count == 3 and batch.page_count == 6 and len(reader.pages) == 6
    assert "Ana Garcia" in reader.pages[0].extract_text()
    with batch.manifest.open("rb") as f:
        rows = list(csv.DictReader(io.StringIO(f.read().decode("utf-8"))))
    assert [(r["sequence"], r["first_page"], r["pages"]) for r in rows] == [
        ("1", "1", "2"),
        ("2", "3", "2"),
        ("3", "5", "2"),
    ]
    assert [r["notice_reference"] for r in rows] == [first.reference, second.reference, second.reference]
    assert [r["recipient_name"] for r in rows] == ["Ana Garcia", "Luis Perez", "Rosa Navigator"]
    assert rows[1]["recipient_address"] == "5 Oak Rd / Taos, NM 87571"
    assert set(NoticeRecipient.objects.values_list("status", "mail_batch")) == {
        (NoticeRecipient.Status.BATCHED, batch.pk)
    }


@pytest.mark.django_db
def test_building_the_same_day_again_returns_the_same_batch(mailed):
    batch = build_mail_batch(batch_date=BATCH_DAY)

    assert build_mail_batch(batch_date=BATCH_DAY) == batch
    assert MailBatch.objects.count() == 1


@pytest.mark.django_db
def test_no_mail_copies_means_no_batch(issue):
    assert build_mail_batch(batch_date=BATCH_DAY) is None  # the notice is still pending
    assert MailBatch.objects.count() == 0


@pytest.mark.django_db
def test_only_holders_of_the_permission_can_download_a_batch(mailed, client):
    batch = build_mail_batch(batch_date=BATCH_DAY)
    url = f"/notices/mail-batches/{batch.pk}/manifest/"
    clerk = UserFactory(username="clerk", is_staff=True)

    client.force_login(clerk)
    assert client.get(url).status_code == 403
    assert client.get("/notices/mail-batches/").status_code == 403

    clerk.user_permissions.add(Permission.objects.get(codename="download_mail_batch"))
    clerk = type(clerk).objects.get(pk=clerk.pk)
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 200
    assert b"Luis Perez" in b"".join(response.streaming_content)
    assert client.get(f"/notices/mail-batches/{batch.pk}/pdf/").status_code == 200
    assert client.get("/notices/mail-batches/").status_code == 200
