"""`manage.py demo_data`: demo users for every role and demo cases in every state; prints the logins."""

from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

from eligibility import demo
from hca_portal.auth import second_factor


class Command(BaseCommand):
    help = "Create demo users for every role and demo cases in every state (idempotent); print the logins."

    def handle(self, *args, **options):
        users = demo.create_demo_users()
        cases = demo.create_demo_cases(users)
        try:
            from appeals.demo import create_demo_appeals
        except ImportError:
            create_demo_appeals = None
        if cases and create_demo_appeals is not None:
            create_demo_appeals(users, cases)
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {demo.DEMO_PASSWORD})"))
        for username, first, last, role, _staff in demo.DEMO_USERS:
            self.stdout.write(f"  {role:<22} {username:<12} ({first} {last})")
        device = TOTPDevice.objects.filter(user=users["caseworker"], confirmed=True).first()
        self.stdout.write(self.style.SUCCESS("Staff also enter a code (applicants and representatives not):"))
        self.stdout.write(f"  add the key {second_factor.secret_text(device)} to an authenticator app")
        self.stdout.write("  (time-based, 6 digits), or print the current code of any staff user with:")
        self.stdout.write("  .venv/bin/python manage.py totp_code caseworker")
