"""Writes for notices (8.401.2.12 E(2) NMAC; PRODUCT P5): issue, render and store, record downloads.

``issue_notice`` is what other apps call: it validates every required element,
saves the pending notice with the snapshot of its content and one row per
recipient, and queues rendering after the caller's transaction commits.
``store_rendered_notice`` (called by the task) renders the PDF, stores it with
its SHA-256 and page count and issues the notice; it is safe to run twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hca_portal.calendar import holidays_for_period
from hca_portal.dates import deadline

from . import content as notice_content
from . import rendering, rules, selectors
from .models import MailBatch, Notice, NoticeDownload, NoticeRecipient, Tagline
from .types import get_type

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

ROLES = {"applicant", "representative"}
CHANNELS = {"mail", "portal"}


class NoticeIncomplete(ValidationError):
    """A notice lacks required elements; the message dict names each one. Nothing was saved."""


class NoticeNotReady(Exception):
    """The notice has no PDF yet (still pending)."""


@dataclass(frozen=True)
class Recipient:
    name: str
    role: str  # "applicant" | "representative"
    channel: str  # "mail" | "portal"
    user: User | None = None
    address: str = ""


def _recipient_errors(recipients: list[Recipient]) -> dict[str, str]:
    errors = {}
    for i, r in enumerate(recipients):
        problems = []
        if not (r.name or "").strip():
            problems.append("a name")
        if r.role not in ROLES:
            problems.append(f"a role among {sorted(ROLES)}")
        if r.channel not in CHANNELS:
            problems.append(f"a channel among {sorted(CHANNELS)}")
        elif r.channel == "mail" and not (r.address or "").strip():
            problems.append("a postal address (mail channel)")
        elif r.channel == "portal" and r.user is None:
            problems.append("a user (portal channel)")
        if problems:
            errors[f"recipients[{i}]"] = "The recipient lacks " + ", ".join(problems) + "."
    return errors


def compute_appeal_deadline(notice_date: date, appeal_to: str):
    """30 calendar days from the notice date, the day of the notice not counted (P6; hca_portal.dates)."""
    period = notice_content.APPEAL_TO[appeal_to]
    return deadline(notice_date, period, holidays_for_period(notice_date, period))


@transaction.atomic
def issue_notice(
    *,
    application,
    notice_type: str,
    language: str,
    notice_date: date,
    decision: str,
    effective_date: date | None,
    reasons: list[str],
    recipients: list[Recipient],
    acting_user,
    details: dict | None = None,
    appeal_deadline: date | None = None,
    appeal_to: str = "vendor",
    corrects: Notice | None = None,
) -> Notice:
    """Create a pending notice with its content snapshot and recipients; render it after commit.

    Raises ``NoticeIncomplete`` naming every missing element; then nothing is saved.
    """
    errors: dict[str, str] = {}
    try:
        kind = get_type(notice_type)
    except KeyError as exc:
        raise NoticeIncomplete({"notice_type": str(exc.args[0])}) from None
    if not (language or "").strip():
        errors["language"] = "The notice lacks a language."
    if notice_date is None:
        raise NoticeIncomplete({"notice_date": rules.ELEMENTS["notice_date"]})
    if appeal_to not in notice_content.APPEAL_TO:
        errors["appeal_to"] = f"appeal_to must be one of {sorted(notice_content.APPEAL_TO)}."
    if effective_date is None and not kind.is_decision:
        effective_date = notice_date  # a request or an offer takes effect on its date
    errors.update(_recipient_errors(recipients))
    if corrects is not None and corrects.application_id != application.pk:
        errors["corrects"] = "A correction must be for the same application as the notice it corrects."

    deadline_rule = ""
    if kind.appealable and appeal_deadline is None and appeal_to in notice_content.APPEAL_TO:
        counted = compute_appeal_deadline(notice_date, appeal_to)
        appeal_deadline = counted.due
        deadline_rule = counted.explain(notice_content.render_language_for(language))
    if kind.appealable and appeal_deadline is not None and appeal_deadline <= notice_date:
        errors["appeal_deadline"] = "The appeal deadline must fall after the notice date."

    notice = Notice(
        application=application,
        notice_type=kind.code,
        language=language,
        render_language=notice_content.render_language_for(language),
        notice_date=notice_date,
        decision=str(decision or ""),
        effective_date=effective_date,
        appeal_deadline=appeal_deadline if kind.appealable else None,
        appeal_deadline_rule=deadline_rule[:300],
        appeal_to=appeal_to if kind.appealable else "",
        corrects=corrects,
        created_by=acting_user,
        queued_at=timezone.now(),
    )
    taglines = Tagline.objects.filter(is_active=True)
    notice.content = notice_content.build_content(
        notice_type=kind,
        language=language,
        reference=notice.reference,
        case_reference=str(getattr(application, "reference", application.pk)),
        notice_date=notice_date,
        decision=notice.decision,
        effective_date=effective_date,
        reasons=list(reasons or []),
        details=dict(details or {}),
        appeal_to=appeal_to,
        appeal_deadline=notice.appeal_deadline,
        appeal_deadline_rule=deadline_rule,
        taglines=notice_content.tagline_entries(taglines, language=language),
        recipients=[
            {"name": r.name, "role": r.role, "channel": r.channel, "address": r.address} for r in recipients
        ],
        corrects={
            "id": str(corrects.pk),
            "reference": corrects.reference,
            "notice_date": corrects.notice_date.isoformat(),
        }
        if corrects is not None
        else None,
    )
    errors.update(rules.missing_elements(notice.content, kind))
    if errors:
        raise NoticeIncomplete(errors)

    notice._history_user = acting_user
    notice._change_reason = f"Notice created ({kind.code})" + (
        f", correcting {corrects.reference}" if corrects else ""
    )
    notice.save()
    bulk_create_with_history(
        [
            NoticeRecipient(
                notice=notice,
                name=r.name,
                role=r.role,
                channel=r.channel,
                user=r.user,
                address=r.address or "",
            )
            for r in recipients
        ],
        NoticeRecipient,
        default_user=acting_user,
        default_change_reason=f"Recipient of notice {notice.reference}",
    )
    logger.info("notice %s created (%s), rendering queued after commit", notice.pk, kind.code)
    notice_id = notice.pk
    transaction.on_commit(lambda: queue_render(notice_id))
    return notice


# After a failed publish, this process marks notices without trying the broker for a few seconds:
# during an outage only the first request pays the connection timeout, not every decision.
BROKER_BACKOFF_SECONDS = 10.0
_broker_unreachable_until = 0.0


def queue_render(notice_id) -> bool:
    """Send the notice's render task to the broker; never raises (PRODUCT P8; docs/decisions).

    Runs after the caller's commit, so the decision is already saved. When the broker cannot be
    reached (down, refusing, not answering: the publish gives up within seconds, see the
    CELERY_ settings) the notice is marked with ``queue_failed_at`` and the user's request goes
    on; ``queue_unqueued_notices`` sends it as soon as a worker reconnects to the broker (and
    each minute from beat). Returns whether the task was sent.
    """
    if not _publish(notice_id):
        _mark_unqueued([notice_id])
        return False
    return True


def _publish(notice_id) -> bool:
    global _broker_unreachable_until
    from .tasks import render_notice

    if time.monotonic() < _broker_unreachable_until:
        return False
    try:
        render_notice.delay(str(notice_id))
    except Exception as exc:  # noqa: BLE001 - any publish failure: the notice row keeps the work
        _broker_unreachable_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning("notice %s: render not queued, broker unreachable (%s)", notice_id, type(exc).__name__)
        return False
    return True


def _queue_all(pks: list) -> None:
    """queue_render for each; after the first failure the rest are only marked (the broker is down)."""
    for i, pk in enumerate(pks):
        if not queue_render(pk):
            _mark_unqueued(pks[i + 1 :])
            return


def _mark_unqueued(pks: list) -> None:
    if not pks:
        return
    try:
        Notice.objects.filter(pk__in=pks, status=Notice.Status.PENDING, queue_failed_at__isnull=True).update(
            queue_failed_at=timezone.now()
        )
    except Exception as exc:  # noqa: BLE001 - the stuck-notice sweep still finds it pending
        logger.warning("%d notices: could not mark as unqueued (%s)", len(pks), type(exc).__name__)
    failures = _QUEUE_FAILURES.get()
    if failures is not None:
        failures.extend(pks)


_QUEUE_FAILURES: ContextVar[list | None] = ContextVar("notice_queue_failures", default=None)


@contextmanager
def collect_queue_failures():
    """Yield a list that receives the ids of notices whose render task could not be sent meanwhile.

    ``notices.middleware`` wraps each request in it to tell the user their notice waits for the broker.
    """
    failures: list = []
    token = _QUEUE_FAILURES.set(failures)
    try:
        yield failures
    finally:
        _QUEUE_FAILURES.reset(token)


def queue_unqueued_notices(*, limit: int = 500) -> list:
    """Send the render task of every pending notice whose queueing failed; stop at the first failure.

    Called when a worker (re)connects to the broker and each minute by beat. Rows are locked
    (skip locked), so two callers never send the same notice; sending one twice would still
    issue it once (``store_rendered_notice`` is idempotent).
    """
    sent: list = []
    with transaction.atomic():
        pks = list(
            Notice.objects.select_for_update(skip_locked=True)
            .filter(status=Notice.Status.PENDING, queue_failed_at__isnull=False)
            .order_by("queue_failed_at")
            .values_list("pk", flat=True)[:limit]
        )
        for pk in pks:
            if not _publish(pk):
                break  # still unreachable: the rest stay marked
            sent.append(pk)
        if sent:
            Notice.objects.filter(pk__in=sent, status=Notice.Status.PENDING).update(
                queue_failed_at=None, queued_at=timezone.now()
            )
    if sent:
        logger.info("queued %d notices that waited for the broker", len(sent))
    return sent


def replace_file(field_file, filename: str, data: bytes) -> None:
    """Store ``data`` under the field's deterministic name: a file a failed attempt left there is replaced."""
    name = field_file.field.generate_filename(field_file.instance, filename)
    if field_file.storage.exists(name):
        field_file.storage.delete(name)
    field_file.save(filename, ContentFile(data), save=False)


def store_rendered_notice(*, notice_id) -> Notice | None:
    """Render, store and issue a pending notice; a no-op for an issued or missing one.

    Rendering happens outside any transaction; storing and issuing happen under
    the row lock, so two workers on the same notice store one PDF.
    """
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is None:
        logger.warning("notice %s not found; nothing to render", notice_id)
        return None
    if notice.is_issued:
        return notice
    # queued_at marks activity: the sweep leaves alone a notice whose retries are still running.
    Notice.objects.filter(pk=notice_id, status=Notice.Status.PENDING).update(
        render_attempts=F("render_attempts") + 1, queued_at=timezone.now()
    )
    try:
        pdf, page_count = rendering.render_notice_pdf(notice.content, notice.type.template)
    except Exception as exc:
        logger.warning("notice %s render failed: %s", notice_id, type(exc).__name__)
        Notice.objects.filter(pk=notice_id, status=Notice.Status.PENDING).update(
            last_render_error=type(exc).__name__[:200]
        )
        raise
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice_id)
        if notice.is_issued:
            return notice
        replace_file(notice.pdf, f"{notice.pk}.pdf", pdf)
        notice.sha256 = hashlib.sha256(pdf).hexdigest()
        notice.page_count = page_count
        notice.issued_at = timezone.now()
        notice.last_render_error = ""
        notice.queue_failed_at = None
        notice.issue()
        notice._change_reason = "PDF stored; notice issued"
        notice.save()
        recipients = list(notice.recipients.filter(status=NoticeRecipient.Status.PENDING))
        for r in recipients:
            r.status = NoticeRecipient.Status.READY
        bulk_update_with_history(
            recipients, NoticeRecipient, ["status"], default_change_reason="Notice issued"
        )
    logger.info("notice %s issued (%d pages)", notice.pk, page_count)
    return notice


@transaction.atomic
def requeue_stuck_notices(*, older_than: timedelta = timedelta(minutes=5), limit: int = 500) -> list:
    """Queue rendering again for notices with no render activity for ``older_than``; safe to run twice.

    Every attempt refreshes ``queued_at`` and the task's backoff is capped below
    ``older_than``, so only notices whose task was lost (broker down at commit,
    worker killed, retries exhausted) are queued again.
    """
    now = timezone.now()
    stuck = list(
        Notice.objects.select_for_update(skip_locked=True)
        .filter(status=Notice.Status.PENDING, queued_at__lt=now - older_than)
        .order_by("queued_at")
        .values_list("pk", flat=True)[:limit]
    )
    if stuck:
        _queue_again(stuck, now=now)
        logger.warning("re-queued %d stuck notices: %s", len(stuck), ", ".join(str(pk) for pk in stuck))
    return stuck


@transaction.atomic
def queue_rendering_again(notice_ids) -> list:
    """Queue rendering again for the pending notices among ``notice_ids`` (an administrator's action).

    ``queued_at`` is refreshed as the stuck-notice sweep expects, so the sweep does not queue
    the same notices a second time."""
    pending = list(
        Notice.objects.select_for_update(skip_locked=True)
        .filter(pk__in=list(notice_ids), status=Notice.Status.PENDING)
        .values_list("pk", flat=True)
    )
    _queue_again(pending, now=timezone.now())
    return pending


def _queue_again(pks: list, *, now) -> None:
    Notice.objects.filter(pk__in=pks, status=Notice.Status.PENDING).update(
        queued_at=now, queue_failed_at=None
    )
    transaction.on_commit(lambda: _queue_all(pks))


def record_download(*, notice: Notice, user) -> NoticeDownload:
    """Log that ``user`` downloaded ``notice`` (P7); a recipient's own portal copy becomes 'viewed'.

    The caller has already checked access (``selectors.get_notice`` under the case's access helper).
    """
    if not notice.is_issued:
        raise NoticeNotReady(f"notice {notice.pk} has no PDF yet")
    with transaction.atomic():
        recipient = (
            notice.recipients.filter(user=user, channel=NoticeRecipient.Channel.PORTAL).first()
            if user is not None and user.is_authenticated
            else None
        )
        if recipient is not None and recipient.status == NoticeRecipient.Status.READY:
            recipient.status = NoticeRecipient.Status.VIEWED
            recipient._change_reason = "Downloaded by the recipient"
            recipient.save(update_fields=["status", "updated_at"])
        download = NoticeDownload.objects.create(
            notice=notice,
            user=user if user is not None and user.is_authenticated else None,
            recipient=recipient,
        )
    logger.info("notice %s downloaded by user %s", notice.pk, getattr(user, "pk", None))
    return download


MANIFEST_COLUMNS = [
    "sequence",
    "first_page",
    "pages",
    "notice_reference",
    "notice_id",
    "notice_type",
    "notice_date",
    "language",
    "recipient_role",
    "recipient_name",
    "recipient_address",
    "notice_sha256",
]


def build_mail_batch(*, batch_date: date) -> MailBatch | None:
    """Merge every mail copy ready by ``batch_date`` into one print PDF and a manifest CSV.

    Each copy is a cover sheet (the address for a window envelope) followed by the
    notice, padded to an even page count for duplex printing. One batch per day;
    building it again returns the same batch, and copies issued later go in the
    next day's batch. Returns None when there is nothing to mail.
    """
    from pypdf import PdfReader, PdfWriter

    with transaction.atomic():
        batch = MailBatch.objects.select_for_update().filter(batch_date=batch_date).first()
        if batch is not None and batch.built_at is not None:
            return batch
        copies = list(
            selectors.mail_copies_to_batch(batch_date).select_for_update(of=("self",), skip_locked=True)
        )
        if not copies:
            return None
        if batch is None:
            batch = MailBatch(batch_date=batch_date)
        entries = [
            {
                "sequence": i,
                "batch_date": batch_date.isoformat(),
                "name": r.name,
                "address": r.address,
                "role": r.get_role_display(),
                "reference": r.notice.reference,
                "notice_type": r.notice.notice_type,
                "notice_date": r.notice.notice_date.isoformat(),
                "page_count": r.notice.page_count,
            }
            for i, r in enumerate(copies, start=1)
        ]
        covers_pdf, _ = rendering.render_cover_sheets(entries)
        covers = PdfReader(io.BytesIO(covers_pdf))
        writer = PdfWriter()
        manifest = io.StringIO()
        out = csv.writer(manifest)
        out.writerow(MANIFEST_COLUMNS)
        for i, r in enumerate(copies):
            first_page = len(writer.pages) + 1
            writer.add_page(covers.pages[i])
            with r.notice.pdf.open("rb") as f:
                writer.append(PdfReader(io.BytesIO(f.read())))
            if len(writer.pages) % 2:
                writer.add_blank_page()
            out.writerow(
                [
                    i + 1,
                    first_page,
                    len(writer.pages) - first_page + 1,
                    r.notice.reference,
                    r.notice.pk,
                    r.notice.notice_type,
                    r.notice.notice_date.isoformat(),
                    r.notice.render_language,
                    r.role,
                    r.name,
                    " / ".join(line.strip() for line in r.address.splitlines() if line.strip()),
                    r.notice.sha256,
                ]
            )
        buffer = io.BytesIO()
        writer.write(buffer)
        pdf = buffer.getvalue()
        replace_file(batch.pdf, "print.pdf", pdf)
        replace_file(batch.manifest, "manifest.csv", manifest.getvalue().encode("utf-8"))
        batch.sha256 = hashlib.sha256(pdf).hexdigest()
        batch.page_count = len(writer.pages)
        batch.recipient_count = len(copies)
        batch.built_at = timezone.now()
        batch._change_reason = "Mail batch built"
        batch.save()
        for r in copies:
            r.status, r.mail_batch = NoticeRecipient.Status.BATCHED, batch
        bulk_update_with_history(
            copies,
            NoticeRecipient,
            ["status", "mail_batch"],
            default_change_reason=f"In mail batch {batch_date}",
        )
    logger.info("mail batch %s built: %d copies, %d pages", batch.pk, len(copies), batch.page_count)
    return batch
