"""Seed the English and Spanish taglines (PRODUCT P5); administrators add Navajo, Vietnamese, Chinese, Arabic..."""

from django.db import migrations

SEED_REASON = "Seeded by notices 0002"

TAGLINES = [
    {
        "language_code": "en",
        "language_name": "English",
        "position": 10,
        "text": (
            "ATTENTION: If you speak a language other than English, free language assistance services are "
            "available to you. Free aids and services for people with disabilities, such as large print, "
            "Braille or a sign language interpreter, and reasonable accommodations are also available. "
            "To ask for them, call {phone} (TTY: {tty})."
        ),
    },
    {
        "language_code": "es",
        "language_name": "Español",
        "position": 20,
        "text": (
            "ATENCIÓN: Si habla español, tiene a su disposición servicios gratuitos de asistencia "
            "lingüística. También hay ayudas y servicios gratuitos para personas con discapacidad, como "
            "letra grande, braille o un intérprete de lengua de señas, y adaptaciones razonables. "
            "Para pedirlos, llame al {phone} (TTY: {tty})."
        ),
    },
]


def seed(apps, schema_editor):
    Tagline = apps.get_model("notices", "Tagline")
    HistoricalTagline = apps.get_model("notices", "HistoricalTagline")
    from django.utils import timezone

    for row in TAGLINES:
        tagline, created = Tagline.objects.get_or_create(language_code=row["language_code"], defaults=row)
        if created:
            HistoricalTagline.objects.create(
                id=tagline.id,
                language_code=tagline.language_code,
                language_name=tagline.language_name,
                text=tagline.text,
                position=tagline.position,
                is_active=tagline.is_active,
                created_at=tagline.created_at,
                updated_at=tagline.updated_at,
                history_date=timezone.now(),
                history_type="+",
                history_change_reason=SEED_REASON,
            )


def unseed(apps, schema_editor):
    Tagline = apps.get_model("notices", "Tagline")
    HistoricalTagline = apps.get_model("notices", "HistoricalTagline")
    codes = [row["language_code"] for row in TAGLINES]
    HistoricalTagline.objects.filter(language_code__in=codes, history_change_reason=SEED_REASON).delete()
    Tagline.objects.filter(language_code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
