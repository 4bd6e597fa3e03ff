"""The beat sweep re-queues notices pending for more than a few minutes, and is safe to run twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notices.models import Notice
from notices.tasks import requeue_stuck_notices


@pytest.mark.django_db
def test_stuck_notices_are_requeued_once(issue, django_capture_on_commit_callbacks, monkeypatch):
    # given: one notice queued 20 minutes ago and never rendered, one queued just now
    queued = []
    monkeypatch.setattr("notices.services.queue_render", queued.append)
    stuck, _fresh = issue(), issue()
    Notice.objects.filter(pk=stuck.pk).update(queued_at=timezone.now() - timedelta(minutes=20))
    queued.clear()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        count = requeue_stuck_notices.apply().get()

    # then
    assert count == 1 and queued == [stuck.pk]
    assert Notice.objects.get(pk=stuck.pk).queued_at > timezone.now() - timedelta(minutes=1)

    # and a second run right after finds nothing to do
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck_notices.apply().get() == 0
    assert queued == [stuck.pk]


@pytest.mark.django_db
def test_the_sweep_renders_a_stuck_notice_to_the_end(issue, django_capture_on_commit_callbacks, fake_render):
    notice = issue()  # its on_commit never ran: as if the broker was down
    Notice.objects.filter(pk=notice.pk).update(queued_at=timezone.now() - timedelta(minutes=20))

    with django_capture_on_commit_callbacks(execute=True):
        requeue_stuck_notices.apply()

    assert Notice.objects.get(pk=notice.pk).is_issued
