"""An issued notice never changes; a correction is a new notice linked to the one it corrects."""

import pytest

from notices.models import Notice, NoticeImmutable
from notices.rendering import render_notice_pdf as real_render

from .conftest import pdf_text


@pytest.fixture
def issued(issue, django_capture_on_commit_callbacks, fake_render):
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue()
    return Notice.objects.get(pk=notice.pk)


@pytest.mark.django_db
def test_saving_an_issued_notice_raises(issued):
    issued.decision = "You are eligible."

    with pytest.raises(NoticeImmutable):
        issued.save()

    assert Notice.objects.get(pk=issued.pk).decision == "You are not eligible for the DACA Coverage Program."


@pytest.mark.django_db
def test_bulk_update_and_delete_of_an_issued_notice_raise(issued):
    with pytest.raises(NoticeImmutable):
        Notice.objects.filter(pk=issued.pk).update(decision="changed")
    with pytest.raises(NoticeImmutable):
        Notice.objects.filter(pk=issued.pk).delete()
    with pytest.raises(NoticeImmutable):
        issued.delete()

    assert Notice.objects.get(pk=issued.pk).decision == issued.decision


@pytest.mark.django_db
def test_a_stale_copy_loaded_while_pending_cannot_overwrite_the_issued_row(
    issue, django_capture_on_commit_callbacks, fake_render
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = issue()
    stale = Notice.objects.get(pk=notice.pk)
    callbacks[0]()  # renders and issues the notice

    stale.decision = "changed"
    with pytest.raises(NoticeImmutable):
        stale.save()
    partial = Notice.objects.only("decision").get(pk=notice.pk)
    partial.decision = "changed"
    with pytest.raises(NoticeImmutable):
        partial.save()


@pytest.mark.django_db
def test_a_correction_is_a_new_notice_linked_to_the_original(
    issued, issue, django_capture_on_commit_callbacks, monkeypatch
):
    # The original was rendered with the fake; the correction is rendered for real.
    monkeypatch.setattr("notices.rendering.render_notice_pdf", real_render)
    with django_capture_on_commit_callbacks(execute=True):
        correction = issue(
            reasons=["Corrected: your household income is above the limit for 1 person."], corrects=issued
        )

    correction = Notice.objects.get(pk=correction.pk)
    assert correction.pk != issued.pk and correction.corrects == issued
    assert list(issued.corrections.all()) == [correction]
    assert f"This notice corrects and replaces notice {issued.reference} dated March 5, 2026." in pdf_text(
        correction
    )
    assert Notice.objects.get(pk=issued.pk).sha256 == issued.sha256
