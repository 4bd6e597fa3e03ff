"""Seed the New Mexico state holidays for 2025-2030 from holidays.US(subdiv="NM").

A copy of hca_portal.calendar.seed_state_holidays, frozen here so later changes to
app code cannot change what this migration does. Reversing removes only the rows
that still match the seed (administrators' corrections stay).
"""

import holidays
from django.db import migrations
from django.utils import timezone

YEARS = range(2025, 2031)
REASON = 'Seeded from holidays.US(subdiv="NM")'


def seed(apps, schema_editor):
    StateHoliday = apps.get_model("hca_portal", "StateHoliday")
    HistoricalStateHoliday = apps.get_model("hca_portal", "HistoricalStateHoliday")
    source = holidays.US(subdiv="NM", years=YEARS)
    existing = set(StateHoliday.objects.filter(date__in=list(source)).values_list("date", flat=True))
    now = timezone.now()
    for day, name in sorted(source.items()):
        if day in existing:
            continue
        row = StateHoliday.objects.create(date=day, name=name)
        HistoricalStateHoliday.objects.create(
            id=row.id,
            date=row.date,
            name=row.name,
            created_at=row.created_at,
            updated_at=row.updated_at,
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )


def unseed(apps, schema_editor):
    StateHoliday = apps.get_model("hca_portal", "StateHoliday")
    HistoricalStateHoliday = apps.get_model("hca_portal", "HistoricalStateHoliday")
    for day, name in holidays.US(subdiv="NM", years=YEARS).items():
        for row in StateHoliday.objects.filter(date=day, name=name):
            HistoricalStateHoliday.objects.filter(id=row.id, history_change_reason=REASON).delete()
            row.delete()


class Migration(migrations.Migration):
    dependencies = [("hca_portal", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
