"""Admin: program administrators keep taglines; notices are read-only there, and may be queued again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notices.models import Notice, Tagline
from notices.tasks import requeue_stuck_notices


@pytest.mark.django_db
def test_a_program_administrator_edits_a_tagline(client, program_admin):
    tagline = Tagline.objects.get(language_code="es")
    client.force_login(program_admin)

    response = client.post(
        f"/admin/notices/tagline/{tagline.pk}/change/",
        {
            "language_code": "es",
            "language_name": "Español",
            "text": "ATENCIÓN: servicios gratuitos. Llame al {phone}.",
            "position": 20,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    tagline = Tagline.objects.get(pk=tagline.pk)
    assert tagline.text.startswith("ATENCIÓN: servicios gratuitos")
    assert tagline.history.count() == 2


@pytest.mark.django_db
def test_notices_are_read_only_in_the_admin(client, program_admin, issue):
    notice = issue()
    client.force_login(program_admin)

    page = client.get(f"/admin/notices/notice/{notice.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.post(f"/admin/notices/notice/{notice.pk}/change/", {"decision": "x"}).status_code == 403
    assert client.get("/admin/notices/notice/add/").status_code == 403
    assert client.get(f"/admin/notices/notice/{notice.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_queue_rendering_again_marks_the_notices_so_the_sweep_leaves_them(
    client, program_admin, issue, monkeypatch, django_capture_on_commit_callbacks
):
    # given: a notice pending for 20 minutes (its task was lost), and one already issued
    queued = []
    monkeypatch.setattr("notices.services.queue_render", queued.append)
    pending, issued = issue(), issue()
    old = timezone.now() - timedelta(minutes=20)
    Notice.objects.filter(pk=pending.pk).update(queued_at=old)
    Notice.objects.filter(pk=issued.pk).update(queued_at=old, status=Notice.Status.ISSUED)
    queued.clear()
    client.force_login(program_admin)

    # when: the administrator queues both again from the list
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/notices/notice/",
            {"action": "queue_rendering", "_selected_action": [str(pending.pk), str(issued.pk)]},
            follow=True,
        )

    # then: only the pending one is queued, once, and the stuck-notice sweep right after leaves it alone
    assert response.status_code == 200 and "1 notice(s) queued." in response.text
    assert queued == [pending.pk]
    assert Notice.objects.get(pk=pending.pk).queued_at > timezone.now() - timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck_notices.apply().get() == 0
    assert queued == [pending.pk]
