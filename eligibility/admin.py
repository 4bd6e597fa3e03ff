"""Admin: program administrators keep plan-year guidance here (PRODUCT P3, P9), and read and export
the case access log, per case and per user (P7)."""

import csv
import uuid

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from hca_portal.celery import send_after_commit

from . import rules, tasks
from .models import (
    CaseAccessLog,
    ChangeKind,
    EligiblePlan,
    Guidance,
    OutOfPocketTier,
    PlanYear,
    SlidingScaleBand,
)


class ContiguousBandsFormSet(BaseInlineFormSet):
    """Bands must run without gaps or overlaps, with percentages between 0 and 100."""

    def clean(self):
        super().clean()
        bands = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.instance.fpl_from is not None
        ]
        errors = rules.validate_bands(bands)
        if errors:
            raise ValidationError(errors)


class BandInline(admin.TabularInline):
    model = SlidingScaleBand
    formset = ContiguousBandsFormSet
    extra = 0


class TierInline(admin.TabularInline):
    model = OutOfPocketTier
    formset = ContiguousBandsFormSet
    extra = 0


class PlanInline(admin.TabularInline):
    model = EligiblePlan
    extra = 0


@admin.register(PlanYear)
class PlanYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "starts_on", "ends_on"]


@admin.register(Guidance)
class GuidanceAdmin(SimpleHistoryAdmin):
    list_display = [
        "plan_year",
        "effective_date",
        "label",
        "is_example",
        "income_limit_pct",
        "enrollment_cap",
    ]
    list_filter = ["plan_year", "is_example"]
    inlines = [BandInline, TierInline, PlanInline]
    save_as = True  # "Save as new" makes the next version, bands and plans included.

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        guidance = form.instance
        # A raised cap (or a new version) may open slots: a worker offers them, with their notices,
        # once this save commits (the whole waitlist is not promoted inside the request).
        plan_year_id, user_id = guidance.plan_year_id, request.user.pk
        send_after_commit(tasks.offer_open_slots, plan_year_id, user_id)


@admin.register(CaseAccessLog)
class CaseAccessLogAdmin(admin.ModelAdmin):
    """Who read which case, through which door, when: read-only. Per case: ``?application=<case id>``
    (or search by case id); per user: the filter. The export action writes the selected rows as CSV."""

    list_display = ["at", "user", "case_reference", "what"]
    list_filter = ["what", ("user", admin.RelatedOnlyFieldListFilter), "at"]
    date_hierarchy = "at"
    search_fields = ["user__username"]  # and a case id (get_search_results)
    list_select_related = ["user", "application"]
    actions = ["export_csv"]
    readonly_fields = ["application", "user", "what", "at"]

    @admin.display(description=_("case"))
    def case_reference(self, row):
        return row.application.reference

    def get_search_results(self, request, queryset, search_term):
        try:  # a case id: that case's rows; anything else searches user names only
            return queryset.filter(application_id=uuid.UUID(search_term.strip())), False
        except ValueError:
            return queryset.filter(user__username__icontains=search_term.strip()), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Export the selected rows as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="case-access-log.csv"'
        writer = csv.writer(response)
        writer.writerow(["at", "user", "case_id", "case_reference", "what"])
        for row in queryset.select_related("user", "application").order_by("-at").iterator():
            writer.writerow(
                [
                    row.at.isoformat(),
                    row.user.username if row.user else "",
                    row.application_id,
                    row.application.reference,
                    row.what,
                ]
            )
        return response


# --- Reported changes (PRODUCT P11): the catalogue of change kinds is data the administrator keeps. ---


@admin.register(ChangeKind)
class ChangeKindAdmin(SimpleHistoryAdmin):
    list_display = [
        "display_label",
        "code",
        "facts",
        "reason_code",
        "effective_rule",
        "report_within_days",
        "is_correction",
        "is_active",
    ]
    list_filter = ["is_active", "is_correction", "effective_rule"]
    search_fields = ["code", "label"]

    def has_delete_permission(self, request, obj=None):
        return False  # reported changes point at their kind: retire a kind with "is active" instead

    @admin.display(description=_("Label"))
    def display_label(self, obj):
        return obj.display_label
