"""The legal-holiday code and the observed flag of a state holiday (data: 0004)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hca_portal', '0002_seed_state_holidays'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalstateholiday',
            name='code',
            field=models.CharField(blank=True, choices=[('new_years_day', "New Year's Day"), ('mlk_day', 'Martin Luther King Jr. Day'), ('memorial_day', 'Memorial Day'), ('independence_day', 'Independence Day'), ('labor_day', 'Labor Day'), ('indigenous_peoples_day', "Indigenous Peoples' Day"), ('veterans_day', 'Veterans Day'), ('thanksgiving_day', 'Thanksgiving Day'), ('presidents_day', "Presidents' Day"), ('christmas_day', 'Christmas Day')], help_text='The legal holiday this day is, when it was seeded from NMSA 1978 § 12-5-2.', max_length=40, verbose_name='legal holiday'),
        ),
        migrations.AddField(
            model_name='historicalstateholiday',
            name='observed',
            field=models.BooleanField(default=False, help_text='The weekday on which a Saturday or Sunday holiday is observed.'),
        ),
        migrations.AddField(
            model_name='stateholiday',
            name='code',
            field=models.CharField(blank=True, choices=[('new_years_day', "New Year's Day"), ('mlk_day', 'Martin Luther King Jr. Day'), ('memorial_day', 'Memorial Day'), ('independence_day', 'Independence Day'), ('labor_day', 'Labor Day'), ('indigenous_peoples_day', "Indigenous Peoples' Day"), ('veterans_day', 'Veterans Day'), ('thanksgiving_day', 'Thanksgiving Day'), ('presidents_day', "Presidents' Day"), ('christmas_day', 'Christmas Day')], help_text='The legal holiday this day is, when it was seeded from NMSA 1978 § 12-5-2.', max_length=40, verbose_name='legal holiday'),
        ),
        migrations.AddField(
            model_name='stateholiday',
            name='observed',
            field=models.BooleanField(default=False, help_text='The weekday on which a Saturday or Sunday holiday is observed.'),
        ),
        migrations.AlterField(
            model_name='historicalstateholiday',
            name='name',
            field=models.CharField(help_text="Shown as typed for a day you add. A seeded legal holiday is shown under its own name in the reader's language; renaming it makes the typed name the one shown.", max_length=200),
        ),
        migrations.AlterField(
            model_name='stateholiday',
            name='name',
            field=models.CharField(help_text="Shown as typed for a day you add. A seeded legal holiday is shown under its own name in the reader's language; renaming it makes the typed name the one shown.", max_length=200),
        ),
    ]
