"""Create a demo login and a demo client on an empty installation.

`make run` calls this, so a newcomer can sign in at once. It does nothing
when any user exists, except reminding of the demo login while that account
still has the demo password.
"""

import os

from django.core.management.base import BaseCommand

from accounts import services
from accounts.models import Organization, User

DEMO_EMAIL = "demo@example.com"


class Command(BaseCommand):
    help = "Create the demo user and demo organization if the database has no users."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "assess-demo-2026")
        if not User.objects.exists():
            user = User.objects.create_user(
                DEMO_EMAIL,
                password,
                full_name="Dana Demo (facilitator)",
                is_staff=True,
                is_superuser=True,
            )
            services.organization_create(
                owner=user,
                name="Northwind Analytics (demo)",
                industry=Organization.Industry.RETAIL,
                size=Organization.Size.MEDIUM,
            )
            self.stdout.write(self.style.SUCCESS("Created the demo user and organization."))
        user = User.objects.filter(email=DEMO_EMAIL).first()
        if user and user.check_password(password):
            self.stdout.write(
                self.style.WARNING(
                    f"\n  Demo login:  {DEMO_EMAIL}  /  {password}\n"
                    "  (change it under your name in the top bar, or set DEMO_PASSWORD)\n"
                )
            )
