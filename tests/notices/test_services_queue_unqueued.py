"""A notice whose render task could not reach the broker is marked, and queued when the broker is back."""

import pytest
from kombu.exceptions import OperationalError

from hca_portal.celery import app as celery_app
from notices import services
from notices.models import Notice
from notices.tasks import QueueUnqueuedOnConnect, render_notice


@pytest.fixture
def broker(monkeypatch):
    """render_notice.delay records what it sends; set ``broker.down`` to refuse like a dead Redis."""

    class Broker:
        down = False
        sent: list = []
        attempts = 0

        def delay(self, notice_id):
            self.attempts += 1
            if self.down:
                raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
            self.sent.append(notice_id)

    fake = Broker()
    fake.sent = []
    monkeypatch.setattr(render_notice, "delay", fake.delay)
    monkeypatch.setattr(services, "_broker_unreachable_until", 0.0)
    return fake


@pytest.mark.django_db
def test_a_failed_publish_marks_the_notice_and_does_not_raise(
    issue, broker, django_capture_on_commit_callbacks
):
    broker.down = True

    with django_capture_on_commit_callbacks(execute=True):
        first, second = issue(), issue()

    # the first publish failed; the second was not tried (the broker is known down for a few seconds)
    assert broker.attempts == 1
    assert Notice.objects.filter(pk__in=[first.pk, second.pk], queue_failed_at__isnull=False).count() == 2


@pytest.mark.django_db
def test_marked_notices_are_sent_once_the_broker_is_back(issue, broker, django_capture_on_commit_callbacks):
    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        waiting = issue()
    unmarked = issue()  # its on_commit never ran: left to the stuck-notice sweep

    # while still down: nothing sent, the mark stays
    services._broker_unreachable_until = 0.0
    assert services.queue_unqueued_notices() == []
    assert Notice.objects.get(pk=waiting.pk).queue_failed_at is not None

    # back
    broker.down = False
    services._broker_unreachable_until = 0.0
    assert services.queue_unqueued_notices() == [waiting.pk]
    assert broker.sent == [str(waiting.pk)]
    assert Notice.objects.get(pk=waiting.pk).queue_failed_at is None
    assert Notice.objects.get(pk=unmarked.pk).queue_failed_at is None

    # and a second call sends nothing again
    assert services.queue_unqueued_notices() == []


def test_workers_queue_the_marked_notices_each_time_they_connect_to_the_broker(monkeypatch):
    assert QueueUnqueuedOnConnect in celery_app.steps["consumer"]
    sent = []
    monkeypatch.setattr("notices.tasks.queue_unqueued_notices.apply_async", lambda *a, **k: sent.append(1))

    QueueUnqueuedOnConnect(parent=None).start(None)

    assert sent == [1]
