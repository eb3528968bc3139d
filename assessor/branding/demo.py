"""The demo's brand: a made-up consultancy, so `make run` shows a branded
header and branded reports at once (replace it under Branding)."""

from pathlib import Path

from assessor.branding import logos, services
from assessor.branding.models import Branding

DEMO_LOGO = Path(__file__).with_name("demo_logo.svg")


def demo_brand_create(*, user) -> Branding:
    branding = Branding(
        name="Meridian Advisory",
        primary="#164e63",
        accent="#c2410c",
        footer_text="© Meridian Advisory · confidential, for the client's internal use",
        contact_line="Dana Demo · dana@meridian.example · +41 44 555 01 26",
        cover_statement=(
            "Prepared by Meridian Advisory's platform practice from the client "
            "team's own answers in facilitated workshops."
        ),
    )
    return services.branding_save(
        branding=branding, user=user, logo=logos.process_logo(DEMO_LOGO.read_bytes())
    )
