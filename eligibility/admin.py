"""Admin: program administrators keep plan-year guidance here (PRODUCT P3, P9)."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from . import rules, tasks
from .models import EligiblePlan, Guidance, OutOfPocketTier, PlanYear, SlidingScaleBand


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
        transaction.on_commit(lambda: tasks.offer_open_slots.delay(plan_year_id, user_id))
