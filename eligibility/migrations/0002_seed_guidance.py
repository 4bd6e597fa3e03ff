"""Seed plan years 2026 and 2027 with FPL tables and EXAMPLE guidance.

The FPL tables follow the marketplace, which uses the previous year's HHS
guidelines. The sliding scale, out-of-pocket tiers, income limit, cap and plans
are examples, labelled as such: the secretary's published guidance replaces
them through the admin.
"""

from datetime import date
from decimal import Decimal as D

from django.db import migrations

SCALE = [("0", "150", "0", "0"), ("150", "200", "0", "2"), ("200", "250", "2", "4"), ("250", "300", "4", "6"), ("300", "400", "6", "8.5")]
TIERS = [("0", "150", "Silver 94", "94"), ("150", "200", "Silver 87", "87"), ("200", "250", "Silver 73", "73"), ("250", "400", "Silver 70", "70")]
PLANS = [
    ("Example Health Co-op", "Silver Benchmark", "silver", "70", "520.00", True),
    ("Example Health Co-op", "Bronze Saver", "bronze", "60", "395.00", False),
    ("Example Mutual", "Gold Choice", "gold", "80", "640.00", False),
]
YEARS = {
    2026: ("15650.00", "5500.00", "FPL: 2025 HHS guidelines. Scale, tiers, limit, cap and plans: EXAMPLE guidance."),
    2027: ("15960.00", "5680.00", "FPL: 2026 HHS guidelines. Scale, tiers, limit, cap and plans: EXAMPLE guidance."),
}


def seed(apps, schema_editor):
    PlanYear = apps.get_model("eligibility", "PlanYear")
    Guidance = apps.get_model("eligibility", "Guidance")
    Band = apps.get_model("eligibility", "SlidingScaleBand")
    Tier = apps.get_model("eligibility", "OutOfPocketTier")
    Plan = apps.get_model("eligibility", "EligiblePlan")
    for year, (first, additional, label) in YEARS.items():
        plan_year, _ = PlanYear.objects.get_or_create(
            year=year, defaults={"starts_on": date(year, 1, 1), "ends_on": date(year, 12, 31)}
        )
        if plan_year.guidance_versions.exists():
            continue
        guidance = Guidance.objects.create(
            plan_year=plan_year,
            effective_date=date(year, 1, 1),
            label=label,
            is_example=True,
            fpl_first_person=D(first),
            fpl_each_additional=D(additional),
            income_limit_pct=D("400"),
            priority_threshold_pct=D("200"),
            enrollment_cap=2000,
        )
        Band.objects.bulk_create(Band(guidance=guidance, fpl_from=D(a), fpl_to=D(b), pct_from=D(c), pct_to=D(d)) for a, b, c, d in SCALE)
        Tier.objects.bulk_create(Tier(guidance=guidance, fpl_from=D(a), fpl_to=D(b), name=n, actuarial_value=D(av)) for a, b, n, av in TIERS)
        Plan.objects.bulk_create(
            Plan(guidance=guidance, issuer=i, name=n, metal_level=m, actuarial_value=D(av), monthly_premium=D(p), is_benchmark=bm)
            for i, n, m, av, p, bm in PLANS
        )


def unseed(apps, schema_editor):
    Guidance = apps.get_model("eligibility", "Guidance")
    Guidance.objects.filter(plan_year__year__in=YEARS, is_example=True).delete()


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
