"""Reading notices per case: one query, newest first, a notice only within its case; downloads are logged."""

from datetime import date

import pytest
from django.http import Http404

from eligibility.access import get_application_for_user
from eligibility.models import Representation
from notices.models import Notice, NoticeDownload, NoticeRecipient
from notices.selectors import get_notice, notices_for_application
from notices.services import NoticeNotReady, record_download
from tests.factories import ApplicationFactory, UserFactory


@pytest.mark.django_db
def test_notices_for_application_is_one_query_newest_first(issue, application, django_assert_num_queries):
    older = issue(notice_date=date(2026, 3, 2))
    newer = issue(notice_date=date(2026, 3, 5))
    correction = issue(notice_date=date(2026, 3, 5), corrects=older)
    issue(application=ApplicationFactory())  # another case

    with django_assert_num_queries(1):
        rows = list(notices_for_application(application))
        assert [n.pk for n in rows] == [correction.pk, newer.pk, older.pk]
        assert rows[0].corrects.reference == older.reference


@pytest.mark.django_db
def test_get_notice_only_finds_a_notice_within_its_case(issue, application):
    notice = issue()
    other_case = ApplicationFactory()

    assert get_notice(application, notice.pk) == notice
    assert get_notice(application, str(notice.pk)) == notice
    with pytest.raises(Http404):
        get_notice(other_case, notice.pk)
    with pytest.raises(Http404):
        get_notice(application, "not-a-uuid")


@pytest.mark.django_db
def test_a_representative_of_another_case_gets_no_access(issue, application, rep_user):
    # given: the representative is designated on another case only
    notice = issue()
    other_case = ApplicationFactory()
    Representation.objects.create(
        application=other_case, representative=rep_user, kind="navigator", starts_on=date(2026, 1, 1)
    )

    # then: they can reach their own case but not this one, nor this notice through theirs
    assert get_application_for_user(rep_user, other_case.pk) == other_case
    with pytest.raises(Http404):
        get_application_for_user(rep_user, application.pk)
    with pytest.raises(Http404):
        get_notice(other_case, notice.pk)


@pytest.mark.django_db
def test_a_designated_representative_gets_access(issue, application, rep_user):
    notice = issue()
    Representation.objects.create(
        application=application, representative=rep_user, kind="navigator", starts_on=date(2026, 1, 1)
    )

    case = get_application_for_user(rep_user, application.pk)
    assert get_notice(case, notice.pk) == notice


@pytest.mark.django_db
def test_record_download_logs_who_and_marks_the_recipients_copy_viewed(
    issue, rep_user, django_capture_on_commit_callbacks, fake_render
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue()
    notice = Notice.objects.get(pk=notice.pk)
    staff = UserFactory(username="cw-notices")

    record_download(notice=notice, user=staff)
    record_download(notice=notice, user=rep_user)

    assert list(NoticeDownload.objects.order_by("pk").values_list("user", flat=True)) == [
        staff.pk,
        rep_user.pk,
    ]
    copy = notice.recipients.get(role="representative")
    assert copy.status == NoticeRecipient.Status.VIEWED
    assert notice.recipients.get(role="applicant").status == NoticeRecipient.Status.READY


@pytest.mark.django_db
def test_a_pending_notice_cannot_be_downloaded(issue):
    with pytest.raises(NoticeNotReady):
        record_download(notice=issue(), user=None)
    assert NoticeDownload.objects.count() == 0
