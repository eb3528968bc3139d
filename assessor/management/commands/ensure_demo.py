"""Create a demo login and a demo client on an empty installation.

The client has three completed assessments months apart (assessor/demo.py),
and the installation wears a sample practice's brand (assessor/branding/demo.py).

`make run` calls this, so a newcomer can sign in at once. It does nothing
when any user exists, except reminding of the demo login while that account
still has the demo password.
"""

import os

from django.core.management.base import BaseCommand

from accounts.models import User
from assessor.branding.demo import demo_brand_create
from assessor.demo import demo_organization_create

DEMO_EMAIL = "demo@example.com"


class Command(BaseCommand):
    help = "Create the demo user and demo organization if the database has no users."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "assess-demo-2026")
        if not User.objects.exists():
            user = User.objects.create_user(
                DEMO_EMAIL,
                password,
                full_name="Dana Demo",
                is_staff=True,
                is_superuser=True,
            )
            org = demo_organization_create(user=user)
            brand = demo_brand_create(user=user)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created the demo user and {org.name} with three completed assessments, "
                    f"in the brand of a sample practice, {brand.name} (change it under Branding)."
                )
            )
        user = User.objects.filter(email=DEMO_EMAIL).first()
        if user and user.check_password(password):
            self.stdout.write(
                self.style.WARNING(
                    f"\n  Demo login:  {DEMO_EMAIL}  /  {password}\n"
                    "  (change it under your name in the top bar, or set DEMO_PASSWORD)\n"
                )
            )
