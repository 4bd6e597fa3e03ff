from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import StateHoliday


class YearFilter(admin.SimpleListFilter):
    title = "year"
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
    list_display = ["date", "name"]
    list_filter = [YearFilter]
    search_fields = ["name"]
    ordering = ["date"]
