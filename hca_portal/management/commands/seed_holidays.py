from django.core.management.base import BaseCommand

from hca_portal.calendar import seed_state_holidays
from hca_portal.dates import local_today


class Command(BaseCommand):
    help = "Add the New Mexico state holidays of the given years (existing rows are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--years", nargs="+", type=int, help="default: this year and the next")

    def handle(self, *args, years=None, **options):
        if not years:
            this_year = local_today().year
            years = [this_year, this_year + 1]
        created = seed_state_holidays(years)
        self.stdout.write(f"{created} holiday(s) added for {', '.join(map(str, years))}.")
