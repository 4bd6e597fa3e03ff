from datetime import date

from django.core.management.base import BaseCommand

from hca_portal.dates import local_today
from notices.services import build_mail_batch


class Command(BaseCommand):
    help = "Merge the day's mailed notices into one print PDF with a manifest CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)"
        )

    def handle(self, *args, **options):
        batch = build_mail_batch(batch_date=options["date"] or local_today())
        if batch is None:
            self.stdout.write("Nothing to mail.")
        else:
            self.stdout.write(
                f"Mail batch {batch.batch_date}: {batch.recipient_count} copies, {batch.page_count} pages."
            )
