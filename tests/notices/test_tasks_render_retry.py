"""A render failure leaves the notice pending and retries; the retry ends with exactly one stored PDF."""

from pathlib import Path

import pytest
from django.conf import settings

from notices import rendering
from notices.models import Notice, NoticeRecipient
from notices.tasks import render_notice


def stored_pdfs() -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "notices").rglob("*.pdf"))


@pytest.mark.django_db
def test_a_failed_render_is_retried_and_ends_with_one_pdf(
    issue, django_capture_on_commit_callbacks, monkeypatch
):
    # given: the first render fails
    real = rendering.render_notice_pdf
    attempts = []

    def flaky(content, template="notices/notice.html"):
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("fonts unavailable")
        return real(content, template)

    monkeypatch.setattr("notices.rendering.render_notice_pdf", flaky)

    # when: rendering is queued after commit (eager: Celery's retry runs at once)
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue()

    # then
    notice = Notice.objects.get(pk=notice.pk)
    assert len(attempts) == 2
    assert notice.is_issued and notice.render_attempts == 2 and notice.last_render_error == ""
    assert stored_pdfs() == [Path(notice.pdf.path)]

    # and running the task again changes nothing
    render_notice.apply(args=[str(notice.pk)])
    assert stored_pdfs() == [Path(notice.pdf.path)]
    assert len(attempts) == 2


@pytest.mark.django_db
def test_a_file_left_by_a_failed_attempt_is_replaced_not_duplicated(issue, fake_render):
    # given: an earlier attempt stored the PDF but its transaction did not commit
    notice = issue()
    name = notice.pdf.field.generate_filename(notice, f"{notice.pk}.pdf")
    orphan = Path(settings.MEDIA_ROOT) / name
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.7 partial")

    # when
    render_notice.apply(args=[str(notice.pk)])

    # then
    notice = Notice.objects.get(pk=notice.pk)
    assert stored_pdfs() == [orphan] and notice.pdf.name == name
    assert orphan.read_bytes().startswith(b"%PDF") and len(orphan.read_bytes()) > 100


@pytest.mark.django_db
def test_when_every_attempt_fails_the_notice_stays_pending_with_its_decision(issue, monkeypatch):
    def broken(content, template="notices/notice.html"):
        raise OSError("disk full")

    monkeypatch.setattr("notices.rendering.render_notice_pdf", broken)
    notice = issue()

    result = render_notice.apply(args=[str(notice.pk)])

    assert result.failed()
    notice = Notice.objects.get(pk=notice.pk)
    assert notice.status == Notice.Status.PENDING
    assert notice.decision == "You are not eligible for the DACA Coverage Program."
    assert notice.render_attempts == render_notice.max_retries + 1
    assert notice.last_render_error == "OSError"
    assert stored_pdfs() == []
    assert set(notice.recipients.values_list("status", flat=True)) == {NoticeRecipient.Status.PENDING}
