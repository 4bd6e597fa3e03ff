"""Seed the catalogue of change kinds (PRODUCT P11). Labels here are the English stored copy; the
pages read a seeded kind's label in the reader's language (rules.CHANGE_KIND_LABELS by code)."""

from django.db import migrations

# code, label, facts, reason code, effective-date rule, days to report, correction
KINDS = [
    ("income", "Income changed", "income", "change_income", "month_after_report", 30, False),
    ("member_added", "Household member added", "household", "change_household", "month_after_event", 30, False),
    ("member_removed", "Household member removed", "household", "change_household", "month_after_event", 30, False),
    ("address", "Address or residency changed", "address", "change_address", "month_after_report", 30, False),
    ("daca_renewed", "DACA renewed", "daca", "change_daca", "month_after_report", 30, False),
    ("daca_ended", "DACA ended", "daca", "change_daca", "month_after_event", 30, False),
    ("other_coverage", "Other coverage gained", "other_coverage", "change_other_coverage", "month_after_event", 30, False),
    ("incarceration", "Incarceration", "incarceration", "change_incarceration", "month_after_event", 30, False),
    ("death", "Death", "death", "change_death", "after_death", 30, False),
    ("intake_correction", "Correction of an intake error", "intake_error", "change_correction", "month_after_report", 30, True),
]


def seed(apps, schema_editor):
    ChangeKind = apps.get_model("eligibility", "ChangeKind")
    for code, label, facts, reason, rule, days, correction in KINDS:
        ChangeKind.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "facts": facts,
                "reason_code": reason,
                "effective_rule": rule,
                "report_within_days": days,
                "is_correction": correction,
            },
        )


def unseed(apps, schema_editor):
    ChangeKind = apps.get_model("eligibility", "ChangeKind")
    ChangeKind.objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0007_reported_changes")]

    operations = [migrations.RunPython(seed, unseed)]
