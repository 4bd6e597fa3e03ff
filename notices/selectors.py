"""Reads for notices. The case page and the per-case download go through these (PRODUCT P5, P7).

Access to the case itself is decided by the caller (the case's access helper);
these make sure a notice id only resolves within the case it belongs to.
"""

import uuid

from django.db.models import QuerySet
from django.http import Http404

from .models import MailBatch, Notice, NoticeRecipient


def notices_for_application(application) -> QuerySet[Notice]:
    """The case's notices, newest first, in one query (with the notice each one corrects)."""
    return (
        Notice.objects.filter(application=application)
        .select_related("corrects")
        .order_by("-notice_date", "-created_at")
    )


def get_notice(application, notice_id) -> Notice:
    """The notice ``notice_id`` of ``application``; Http404 if it is not that case's (or no such notice)."""
    try:
        pk = notice_id if isinstance(notice_id, uuid.UUID) else uuid.UUID(str(notice_id))
        return Notice.objects.select_related("corrects").get(application=application, pk=pk)
    except (Notice.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such notice.") from exc


def mail_copies_to_batch(batch_date) -> QuerySet[NoticeRecipient]:
    """Mail copies of issued notices dated up to ``batch_date`` not yet in a batch, in print order."""
    return (
        NoticeRecipient.objects.filter(
            channel=NoticeRecipient.Channel.MAIL,
            status=NoticeRecipient.Status.READY,
            mail_batch__isnull=True,
            notice__status=Notice.Status.ISSUED,
            notice__notice_date__lte=batch_date,
        )
        .select_related("notice")
        .order_by("notice__notice_date", "notice__created_at", "pk")
    )


def mail_batches() -> QuerySet[MailBatch]:
    return MailBatch.objects.order_by("-batch_date")
