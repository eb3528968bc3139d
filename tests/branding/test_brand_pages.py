"""The brand pages: who may set what, what is stored where, and what the
header shows afterwards."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from assessor.branding.models import Branding
from assessor.branding.resolve import brand_for
from tests.branding.conftest import SVG_LOGO, png_bytes

INSTALLATION = reverse("branding:installation")


def org_page(slug="acme"):
    return reverse("branding:organization", args=[slug])


def fields(**extra):
    data = {
        "name": "Northwind Advisory",
        "primary": "#14532D",
        "accent": "#b45309",
        "footer_text": "© Northwind Advisory · confidential",
        "contact_line": "hello@northwind.example · +41 44 000 00 00",
        "cover_statement": "Prepared by Northwind's delivery practice.",
    }
    data.update(extra)
    return data


def test_staff_sets_the_installation_brand(staff, login, backend, personas):
    client = login(staff)
    assert client.get(INSTALLATION).status_code == 200
    logo = SimpleUploadedFile("northwind.svg", SVG_LOGO, "image/svg+xml")
    r = client.post(INSTALLATION, {**fields(), "logo": logo})
    assert r.status_code == 302, r.content.decode()[:2000]
    row = Branding.objects.get(organization=None)
    assert row.primary == "#14532d"  # normalized
    assert row.updated_by == staff
    # Both files went to the configured storage (local folder or bucket).
    assert backend.names("branding/") == sorted([row.logo_png.name, row.logo_svg.name])
    assert backend.read(row.logo_svg.name).decode().count("Northwind") == 1
    brand = brand_for(personas.org_a)
    assert brand.name == "Northwind Advisory"
    assert brand.logo_png == backend.read(row.logo_png.name)
    assert Image.open(io.BytesIO(brand.logo_png)).format == "PNG"
    assert "<circle" in brand.logo_svg


def test_only_staff_sets_the_installation_brand(personas, login, client):
    assert client.get(INSTALLATION).status_code == 302  # to sign-in
    for user in (personas.alice, personas.charlie):
        c = login(user)
        assert c.get(INSTALLATION).status_code == 403
        assert c.post(INSTALLATION, fields()).status_code == 403
    assert not Branding.objects.exists()


def test_the_owner_sets_the_organizations_override(personas, login):
    Branding.objects.create(name="Northwind Advisory", contact_line="n@northwind.example")
    client = login(personas.alice)
    page = client.get(org_page())
    assert page.status_code == 200
    assert 'placeholder="Northwind Advisory"' in page.text  # what a blank field inherits
    r = client.post(org_page(), {"name": "Northwind × Acme", "accent": "#9a3412"})
    assert r.status_code == 302
    brand = brand_for(personas.org_a)
    assert (brand.name, brand.accent, brand.contact_line) == (
        "Northwind × Acme",
        "#9a3412",
        "n@northwind.example",
    )
    assert brand_for(personas.org_b).name == "Northwind Advisory"


def test_other_roles_may_not_set_the_override(personas, login):
    for user in (personas.bob, personas.carol):
        c = login(user)
        assert c.get(org_page()).status_code == 403
        assert c.post(org_page(), fields()).status_code == 403
    assert not Branding.objects.exists()


def test_charlie_gets_404(personas, login):
    Branding.objects.create(organization=personas.org_a, name="Acme's brand", primary="#14532d")
    client = login(personas.charlie)
    for url in (
        org_page(),
        reverse("branding:organization_logo", args=["acme"]),
        reverse("branding:organization_css", args=["acme"]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, fields()).status_code in (404, 405)
    # And Acme's brand never shows on Charlie's own pages.
    page = client.get(reverse("accounts:organization", args=["bolt"]))
    assert "Acme&#x27;s brand" not in page.text and "Acme's brand" not in page.text


def test_a_colour_text_cannot_read_on_is_refused_with_its_ratios(staff, login):
    r = login(staff).post(INSTALLATION, fields(primary="#808080"))
    assert r.status_code == 200
    assert (
        "Text on #808080 would be hard to read: white text reaches 3.94:1 and dark text "
        "4.49:1; at least 4.5:1 is needed."
    ) in r.text
    assert not Branding.objects.exists()


def test_the_page_shows_the_contrast_of_the_chosen_colours(staff, login):
    client = login(staff)
    client.post(INSTALLATION, fields(primary="#0b1f3a", accent="#facc15"))
    page = client.get(INSTALLATION).text
    assert "Primary #0b1f3a</strong>: white text reaches <strong>16.51:1</strong>" in page
    assert "Accent #facc15</strong>: dark text reaches" in page


def test_a_refused_logo_says_why_and_keeps_the_old_one(staff, login):
    client = login(staff)
    client.post(
        INSTALLATION, {**fields(), "logo": SimpleUploadedFile("a.png", png_bytes(), "image/png")}
    )
    before = Branding.objects.get().logo_png.name
    fake = SimpleUploadedFile("logo.png", b"#!/bin/sh\necho not a picture\n", "image/png")
    r = client.post(INSTALLATION, {**fields(), "logo": fake})
    assert r.status_code == 200
    assert "This file is not a PNG, JPEG or SVG image" in r.text
    assert Branding.objects.get().logo_png.name == before


def test_a_cleaned_svg_is_reported(staff, login):
    dirty = SVG_LOGO.replace(b"</svg>", b"<script>alert(1)</script></svg>")
    r = login(staff).post(
        INSTALLATION,
        {**fields(), "logo": SimpleUploadedFile("x.svg", dirty, "image/svg+xml")},
        follow=True,
    )
    assert "Removed from the SVG: scripts." in r.text


def test_removing_the_logo(staff, login):
    client = login(staff)
    client.post(INSTALLATION, {**fields(), "logo": SimpleUploadedFile("a.png", png_bytes())})
    assert Branding.objects.get().has_logo
    client.post(INSTALLATION, {**fields(), "remove_logo": "on"})
    assert not Branding.objects.get().has_logo
    assert brand_for(None).logo_png is None


def test_the_logo_is_served_as_an_inert_image(staff, login, client):
    login(staff).post(INSTALLATION, {**fields(), "logo": SimpleUploadedFile("x.svg", SVG_LOGO)})
    client.logout()
    r = client.get(reverse("branding:logo"))
    assert r.status_code == 200
    assert r["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in r["Content-Security-Policy"]
    assert "sandbox" in r["Content-Security-Policy"]
    assert b"Northwind" in r.content


def test_the_header_wears_the_brand(staff, login, personas):
    client = login(staff)
    client.post(INSTALLATION, {**fields(), "logo": SimpleUploadedFile("x.svg", SVG_LOGO)})
    page = login(personas.alice).get(reverse("accounts:dashboard")).text
    assert 'class="topbar branded"' in page
    assert "Northwind Advisory</a>" in page
    assert 'src="/branding/logo?v=' in page
    css = page.split('<link rel="stylesheet" href="/branding/brand.css?v=')[1].split('"')[0]
    sheet = client.get("/branding/brand.css?v=" + css)
    assert "--brand-primary:#14532d" in sheet.content.decode()
    assert "--brand-on-primary:#ffffff" in sheet.content.decode()


def test_an_organizations_pages_wear_its_override_for_its_members(personas, login):
    Branding.objects.create(name="Northwind Advisory")
    Branding.objects.create(organization=personas.org_a, name="Northwind × Acme", primary="#7f1d1d")
    alice = login(personas.alice)
    acme = alice.get(reverse("accounts:organization", args=["acme"])).text
    assert "Northwind × Acme</a>" in acme
    assert 'href="/orgs/acme/branding/brand.css?v=' in acme
    # Elsewhere (the dashboard), the installation's brand.
    assert "Northwind Advisory</a>" in alice.get(reverse("accounts:dashboard")).text


def test_without_a_brand_the_header_is_ours(personas, login, settings):
    settings.SITE_NAME = "Acme Assessor"
    page = login(personas.alice).get(reverse("accounts:dashboard")).text
    assert 'class="topbar"' in page and "brand.css" not in page
    assert "img/mark.svg" in page and "Acme Assessor</a>" in page


def test_remove_is_offered_only_when_there_is_a_logo(staff, login):
    client = login(staff)
    assert 'name="remove_logo"' not in client.get(INSTALLATION).text
    client.post(INSTALLATION, {**fields(), "logo": SimpleUploadedFile("a.png", png_bytes())})
    assert 'name="remove_logo"' in client.get(INSTALLATION).text
