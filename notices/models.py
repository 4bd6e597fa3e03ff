"""Written notices, their recipients, downloads and daily mail batches (8.401.2.12 E(2) NMAC; PRODUCT P5).

A notice is created pending by ``services.issue_notice`` with a JSON snapshot of
everything it says, rendered to PDF by a Celery task, and issued once its PDF
is stored. An issued notice never changes: saving, updating or deleting it
raises ``NoticeImmutable``; a correction is a new notice with ``corrects`` set.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from .types import get_type, validate_notice_type


def reference_of(pk) -> str:
    """The short reference quoted on a notice (no personal data)."""
    return "N-" + pk.hex[:8].upper()


class NoticeImmutable(ValidationError):
    """An issued notice cannot change; issue a correction instead."""


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Tagline(TimeStamped):
    """'Free language services and accommodations' in one language; kept by program administrators.

    ``{phone}`` and ``{tty}`` in the text are replaced with customer service's numbers.
    """

    language_code = models.CharField(max_length=10, unique=True, help_text=_("e.g. es, nv, vi, zh, ar"))
    language_name = models.CharField(max_length=60, help_text=_("The language's name in that language."))
    text = models.TextField()
    position = models.PositiveSmallIntegerField(
        default=100, help_text=_("Order on the notice: Spanish and Navajo first, then the others.")
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "language_code"]

    def __str__(self):
        return f"{self.language_name} ({self.language_code})"


class NoticeQuerySet(models.QuerySet):
    """Bulk writes refuse to touch issued notices, as ``Notice.save`` does."""

    def update(self, **kwargs):
        if self.filter(status=Notice.Status.ISSUED).exists():
            raise NoticeImmutable(_("An issued notice cannot be changed; issue a correction instead."))
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        if self.filter(status=Notice.Status.ISSUED).exists():
            raise NoticeImmutable(_("An issued notice cannot be deleted."))
        return super().delete()

    delete.alters_data = True


def notice_upload_to(notice: "Notice", filename: str) -> str:
    return f"notices/{notice.notice_date:%Y/%m}/{notice.pk}.pdf"


class Notice(ConcurrentTransitionMixin, TimeStamped):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending: being rendered")
        ISSUED = "issued", _("Issued")

    class AppealTo(models.TextChoices):
        VENDOR = "vendor", _("First-level appeal to the vendor")
        BUREAU = "bureau", _("Final appeal to the bureau")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(
        "eligibility.Application", on_delete=models.PROTECT, related_name="notices"
    )
    notice_type = models.CharField(max_length=40, validators=[validate_notice_type])
    language = models.CharField(max_length=10, help_text=_("The applicant's preferred language."))
    render_language = models.CharField(max_length=10, help_text=_("The language the notice is written in."))
    notice_date = models.DateField(help_text=_("Printed on the notice; starts the appeal clock."))
    decision = models.TextField()
    effective_date = models.DateField()
    appeal_deadline = models.DateField(null=True, blank=True)
    appeal_deadline_rule = models.CharField(max_length=300, blank=True)
    appeal_to = models.CharField(max_length=10, choices=AppealTo.choices, blank=True)
    content = models.JSONField(encoder=DjangoJSONEncoder, help_text=_("Everything the notice says."))
    status = FSMField(default=Status.PENDING, choices=Status.choices, protected=True)
    pdf = models.FileField(upload_to=notice_upload_to, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True, help_text=_("When rendering was last queued."))
    queue_failed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Set while the render task could not reach the broker; queued again when it is back."),
    )
    render_attempts = models.PositiveIntegerField(default=0)
    last_render_error = models.CharField(max_length=200, blank=True, help_text=_("Exception class only."))
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NoticeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-notice_date", "-created_at"]
        indexes = [
            models.Index(fields=["application", "-notice_date"]),
            models.Index(fields=["status", "queued_at"]),
            models.Index(
                fields=["queue_failed_at"],
                name="notice_queue_failed",
                condition=models.Q(queue_failed_at__isnull=False),
            ),
        ]

    def __str__(self):
        try:
            title = self.type.title
        except KeyError:  # a type whose app is not loaded
            title = self.notice_type
        return f"{title} {self.reference} ({self.notice_date})"

    def save(self, *args, **kwargs):
        # Asked of the database, not of this instance: a stale or partly loaded copy cannot slip through.
        if not self._state.adding and Notice.objects.filter(pk=self.pk, status=self.Status.ISSUED).exists():
            raise NoticeImmutable(_("An issued notice cannot be changed; issue a correction instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if (
            self.status == self.Status.ISSUED
            or Notice.objects.filter(pk=self.pk, status=self.Status.ISSUED).exists()
        ):
            raise NoticeImmutable(_("An issued notice cannot be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def reference(self) -> str:
        return reference_of(self.pk)

    @property
    def type(self):
        return get_type(self.notice_type)

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @transition(field=status, source=Status.PENDING, target=Status.ISSUED)
    def issue(self):
        """The PDF is stored: from now on the notice is the legal record."""


class NoticeRecipient(TimeStamped):
    """One addressee of a notice: the applicant, or a copy to a representative."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        REPRESENTATIVE = "representative", _("Representative")

    class Channel(models.TextChoices):
        MAIL = "mail", _("Mail")
        PORTAL = "portal", _("Portal")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the PDF")
        READY = "ready", _("Ready: in the portal, or waiting for the mail batch")
        BATCHED = "batched", _("In a mail batch")
        VIEWED = "viewed", _("Downloaded by the recipient")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notice_copies",
    )
    address = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    mail_batch = models.ForeignKey(
        "MailBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="recipients"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["notice", "role", "pk"]
        indexes = [models.Index(fields=["channel", "status"])]

    def __str__(self):
        return f"{self.get_role_display()} copy by {self.get_channel_display()} ({self.get_status_display()})"


class NoticeDownload(models.Model):
    """Who downloaded a notice's PDF, and when (PRODUCT P7)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recipient = models.ForeignKey(
        NoticeRecipient, null=True, blank=True, on_delete=models.SET_NULL, related_name="downloads"
    )
    downloaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-downloaded_at"]

    def __str__(self):
        return f"{self.notice.reference} downloaded at {self.downloaded_at:%Y-%m-%d %H:%M}"


def mail_batch_upload_to(batch: "MailBatch", filename: str) -> str:
    return f"mail_batches/{batch.batch_date:%Y/%m}/{batch.batch_date.isoformat()}-{filename}"


class MailBatch(TimeStamped):
    """One day's mail copies merged into a print PDF, with a manifest CSV for the mailroom."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    batch_date = models.DateField(unique=True)
    pdf = models.FileField(upload_to=mail_batch_upload_to, blank=True)
    manifest = models.FileField(upload_to=mail_batch_upload_to, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(default=0)
    recipient_count = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-batch_date"]
        verbose_name_plural = "mail batches"
        permissions = [("download_mail_batch", "Can download the daily mail batch")]

    def __str__(self):
        return f"Mail batch {self.batch_date}"
