"""The brand in emails: the sender's name and a signature.

Plain-text mail, so the brand is words: the practice's name as the sender
(the address stays DEFAULT_FROM_EMAIL, which the mail server vouches for)
and a signature with the contact line and the footer text.
"""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings

from assessor.branding.resolve import Brand, brand_for


def sender(brand: Brand) -> str:
    """DEFAULT_FROM_EMAIL under the practice's name, unless it names itself."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name or not brand.name:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((brand.name, address))


def signature(brand: Brand) -> str:
    lines = [brand.display_name, brand.contact_line, brand.footer_text]
    return "-- \n" + "\n".join(line for line in lines if line)


def email_context(organization) -> dict:
    """What an email template or a sender needs: the brand, its sender and signature."""
    brand = brand_for(organization, with_logo=False)
    return {
        "brand": brand,
        "site_name": brand.display_name,
        "from_email": sender(brand),
        "signature": signature(brand),
    }
