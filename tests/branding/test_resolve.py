"""brand_for(): the organization's override, else the installation's brand,
else our defaults, field by field."""

import pytest

from assessor.branding.models import Branding
from assessor.branding.resolve import DEFAULT, Brand, brand_for, brand_from_snapshot


def test_without_any_brand_it_is_our_default(personas, settings):
    settings.SITE_NAME = "Acme Assessor"
    brand = brand_for(personas.org_a)
    assert brand == DEFAULT
    assert brand.name == ""
    assert brand.display_name == "Acme Assessor"
    assert (brand.primary, brand.accent) == ("#0b1f3a", "#1d4ed8")
    assert brand.footer_text == "Confidential"
    assert brand.logo_png is None and brand.logo_svg is None
    assert brand.on_primary == "#ffffff"
    assert brand_for(None) == DEFAULT


def test_the_installation_brand_applies_to_every_organization(personas):
    Branding.objects.create(
        name="Northwind Advisory",
        primary="#14532d",
        footer_text="Northwind Advisory · confidential",
        contact_line="hello@northwind.example · +41 44 000 00 00",
    )
    for org in (personas.org_a, personas.org_b, None):
        brand = brand_for(org)
        assert brand.name == "Northwind Advisory"
        assert brand.primary == "#14532d"
        assert brand.accent == DEFAULT.accent  # not set: ours
        assert brand.contact_line == "hello@northwind.example · +41 44 000 00 00"


def test_an_organization_overrides_field_by_field(personas, django_assert_num_queries):
    Branding.objects.create(name="Northwind", primary="#14532d", contact_line="n@w.example")
    Branding.objects.create(
        organization=personas.org_a, name="Northwind × Acme", accent="#9a3412", cover_statement="Hi"
    )
    with django_assert_num_queries(1):
        brand = brand_for(personas.org_a)
    assert brand == Brand(
        name="Northwind × Acme",
        primary="#14532d",
        accent="#9a3412",
        footer_text="Confidential",
        contact_line="n@w.example",
        cover_statement="Hi",
        logo_png=None,
        logo_svg=None,
    )
    # Bolt has no override: the installation's brand, never Acme's.
    assert brand_for(personas.org_b).name == "Northwind"
    assert brand_for(personas.org_b).accent == DEFAULT.accent


def test_one_installation_brand_at_most(db):
    from django.db import IntegrityError

    Branding.objects.create(name="One")
    with pytest.raises(IntegrityError):
        Branding.objects.create(name="Two")


def test_a_report_older_than_branding_renders_with_the_defaults():
    assert brand_from_snapshot(None) == DEFAULT


def test_a_colour_written_around_the_form_never_reaches_a_stylesheet(personas):
    Branding.objects.create(primary="}*{x:y}")  # 7 characters, as the column allows
    assert brand_for(personas.org_a).primary == DEFAULT.primary
