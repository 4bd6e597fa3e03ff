"""Appeals in the Django admin: read-only with history (changes go through the services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Appeal, AppealEvent


class AppealEventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    can_delete = False
    fields = ["on", "name", "from_state", "to_state", "actor", "reason", "notice"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference",
        "level",
        "state",
        "expedite",
        "received_on",
        "decision_due_on",
        "assigned_to",
        "notice_error",
    ]
    list_filter = ["level", "state", "expedite", "channel", ("notice_error_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "received_on"
    inlines = [AppealEventInline]
    list_select_related = ["assigned_to"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Appeal._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
