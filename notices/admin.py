"""Admin: taglines are kept here by program administrators; notices and mail batches are read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import MailBatch, Notice, NoticeDownload, NoticeRecipient, Tagline


@admin.register(Tagline)
class TaglineAdmin(SimpleHistoryAdmin):
    list_display = ["language_name", "language_code", "position", "is_active", "updated_at"]
    list_editable = ["position", "is_active"]
    ordering = ["position", "language_code"]
    fields = ["language_code", "language_name", "text", "position", "is_active"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "text" in form.base_fields:
            form.base_fields["text"].help_text = _(
                "Say that free language services and disability accommodations are available and how to ask. "
                "{phone} and {tty} are replaced with customer service's numbers. Notices already issued keep "
                "the text they were issued with."
            )
        return form


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RecipientInline(ReadOnlyInline):
    model = NoticeRecipient
    fields = ["role", "channel", "name", "status", "mail_batch"]
    readonly_fields = fields


class DownloadInline(ReadOnlyInline):
    model = NoticeDownload
    fields = ["downloaded_at", "user", "recipient"]
    readonly_fields = fields


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    """Notices are made by services only; here they can be read (and a stuck one queued again)."""

    list_display = ["reference", "notice_type", "notice_date", "render_language", "status", "render_attempts"]
    list_filter = ["status", "notice_type", "render_language", "notice_date"]
    date_hierarchy = "notice_date"
    inlines = [RecipientInline, DownloadInline]
    list_select_related = True
    actions = ["queue_rendering"]
    exclude = ["content"]
    readonly_fields = [
        "reference",
        "application",
        "notice_type",
        "language",
        "render_language",
        "notice_date",
        "decision",
        "effective_date",
        "appeal_deadline",
        "appeal_deadline_rule",
        "appeal_to",
        "status",
        "pdf",
        "sha256",
        "page_count",
        "issued_at",
        "queued_at",
        "queue_failed_at",
        "render_attempts",
        "last_render_error",
        "corrects",
        "created_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Queue rendering again (pending notices only)"), permissions=["view"])
    def queue_rendering(self, request, queryset):
        pending = services.queue_rendering_again(queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(n)d notice(s) queued.") % {"n": len(pending)}, messages.INFO)


@admin.register(MailBatch)
class MailBatchAdmin(SimpleHistoryAdmin):
    list_display = ["batch_date", "recipient_count", "page_count", "built_at"]
    readonly_fields = ["batch_date", "pdf", "manifest", "sha256", "page_count", "recipient_count", "built_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
