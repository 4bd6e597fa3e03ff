"""Seeded holidays become NMSA 1978 § 12-5-2's: a stable code per legal holiday, and no Juneteenth.

0002 seeded holidays.US(subdiv="NM"), which adds the federal Juneteenth that 12-5-2 does
not list. Here the seeded Juneteenth rows are removed (with a history row saying why), and
every row still as 0002 seeded it gets the code of its legal holiday, so that its name is
shown in the reader's language. Rows administrators renamed keep their typed name and no
code. Frozen here: later changes to app code cannot change what this migration does.
Reversing puts back the Juneteenth rows this migration removed. (The columns come in 0003: on
PostgreSQL a migration cannot change rows and then drop the columns of the same table.)
"""

from django.db import migrations
from django.utils import timezone

OLD_REASON = 'Seeded from holidays.US(subdiv="NM")'
REMOVED_REASON = "Removed: Juneteenth is not a state holiday under NMSA 1978 § 12-5-2"
RESTORED_REASON = "Restored by reversing hca_portal 0004"
CODES = {
    "New Year's Day": "new_years_day",
    "Martin Luther King Jr. Day": "mlk_day",
    "Memorial Day": "memorial_day",
    "Independence Day": "independence_day",
    "Labor Day": "labor_day",
    "Indigenous Peoples' Day": "indigenous_peoples_day",
    "Veterans Day": "veterans_day",
    "Thanksgiving Day": "thanksgiving_day",
    "Presidents' Day": "presidents_day",
    "Christmas Day": "christmas_day",
}
OBSERVED = " (observed)"
JUNETEENTH = "Juneteenth National Independence Day"


def _history(Historical, row, kind, reason, now):
    Historical.objects.create(
        id=row.id,
        date=row.date,
        name=row.name,
        code=row.code,
        observed=row.observed,
        created_at=row.created_at,
        updated_at=row.updated_at,
        history_date=now,
        history_type=kind,
        history_change_reason=reason,
    )


def _seeded(StateHoliday, Historical, name):
    """Rows still named ``name`` that 0002 seeded."""
    seeded_ids = Historical.objects.filter(history_change_reason=OLD_REASON).values("id")
    return StateHoliday.objects.filter(name=name, id__in=seeded_ids)


def forwards(apps, schema_editor):
    StateHoliday = apps.get_model("hca_portal", "StateHoliday")
    Historical = apps.get_model("hca_portal", "HistoricalStateHoliday")
    now = timezone.now()
    for name in (JUNETEENTH, JUNETEENTH + OBSERVED):
        for row in _seeded(StateHoliday, Historical, name):
            _history(Historical, row, "-", REMOVED_REASON, now)
            row.delete()
    for base, code in CODES.items():
        for observed in (False, True):
            name = base + OBSERVED if observed else base
            for row in _seeded(StateHoliday, Historical, name):
                row.code, row.observed = code, observed
                row.save(update_fields=["code", "observed"])
                _history(Historical, row, "~", "Legal holiday code (NMSA 1978 § 12-5-2)", now)


def backwards(apps, schema_editor):
    StateHoliday = apps.get_model("hca_portal", "StateHoliday")
    Historical = apps.get_model("hca_portal", "HistoricalStateHoliday")
    removed = Historical.objects.filter(history_change_reason=REMOVED_REASON)
    now = timezone.now()
    for old in removed:
        if not StateHoliday.objects.filter(date=old.date).exists():
            row = StateHoliday.objects.create(id=old.id, date=old.date, name=old.name)
            _history(Historical, row, "+", RESTORED_REASON, now)
    removed.delete()


class Migration(migrations.Migration):
    dependencies = [("hca_portal", "0003_state_holiday_code")]

    operations = [migrations.RunPython(forwards, backwards)]
