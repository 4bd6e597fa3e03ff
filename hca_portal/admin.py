from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .auth.tokens import revoke_token
from .models import STATE_HOLIDAY_SOURCE, ApiToken, StateHoliday


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = StateHoliday.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(date__year=int(self.value()))
        return queryset


@admin.register(StateHoliday)
class StateHolidayAdmin(SimpleHistoryAdmin):
    """The state-holiday calendar. Seeded days say their source; administrators add, rename and remove days,
    and seeding again (``manage.py seed_holidays``) never brings back a removed day or changes a kept one."""

    list_display = ["date", "weekday", "shown_as", "source"]
    list_filter = [YearFilter, "code"]
    search_fields = ["name"]
    ordering = ["date"]
    fields = ["date", "name", "code", "observed"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        from django.utils.formats import date_format

        return date_format(obj.date, "l")

    @admin.display(description=_("shown as"))
    def shown_as(self, obj):
        return obj.label

    @admin.display(description=_("source"))
    def source(self, obj):
        return STATE_HOLIDAY_SOURCE if obj.code else _("Added or renamed by a program administrator")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "code" in form.base_fields:
            form.base_fields["code"].help_text = _(
                "Seeded from %(source)s Leave blank for a day you add (a closure, say): its name is shown as "
                "typed."
            ) % {"source": STATE_HOLIDAY_SOURCE}
        return form

    def save_model(self, request, obj, form, change):
        # A seeded day an administrator renames is shown under the name they typed.
        if change and "name" in form.changed_data and "code" not in form.changed_data:
            obj.code, obj.observed = "", False
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see every API token (never its key) and revoke it."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["user", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # a token is issued by its owner, who alone sees its key

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(token=token)
        self.message_user(request, _("The selected tokens are revoked."))
