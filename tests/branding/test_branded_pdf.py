"""A report wears the brand its organization had when it was requested:
read back from the rendered PDF (pdftotext, pdfimages), with the logo read
from the configured storage (the local folder, or a bucket on moto's S3
server), and WeasyPrint fetching nothing but our static files and the
brand's in-memory resources."""

import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessor.branding import logos
from assessor.branding import services as branding_services
from assessor.branding.models import Branding
from reports import pdf, services
from reports.pdf import StaticFilesOnly
from tests.branding.conftest import SVG_LOGO, png_bytes
from tests.reports.conftest import pdftotext

FOOTER = "© 2026 Northwind Advisory · <b>confidential</b>"
CONTACT = 'hello@northwind.example · "+41 44 000 00 00"'


def _brand(organization, user, logo: bytes, **fields):
    branding = Branding(organization=organization, **fields)
    return branding_services.branding_save(
        branding=branding, user=user, logo=logos.process_logo(logo)
    )


def _render(assessment, user, tmp_path, monkeypatch):
    fetched: list[str] = []
    fetch = StaticFilesOnly.fetch

    def recording(self, url, headers=None):
        fetched.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(StaticFilesOnly, "fetch", recording)
    report = services.report_request(assessment=assessment, user=user)
    out = tmp_path / f"report-{report.number}.pdf"
    out.write_bytes(pdf.render_pdf(report.snapshot))
    return report, out, fetched


def test_the_pdf_shows_the_practice_footer_and_contact_line(
    backend, personas, assessment, tmp_path, monkeypatch
):
    _brand(
        None,
        personas.alice,
        SVG_LOGO,
        name="Northwind Advisory",
        primary="#14532d",
        accent="#b45309",
        footer_text=FOOTER,
        contact_line=CONTACT,
        cover_statement="Prepared by Northwind's platform practice.",
    )
    report, out, fetched = _render(assessment, personas.alice, tmp_path, monkeypatch)

    pages = pdftotext(out).split("\f")
    cover, later = " ".join(pages[0].split()), [" ".join(p.split()) for p in pages[2:-1]]
    assert "Northwind Advisory" in cover
    assert "Prepared by Northwind's platform practice." in cover
    assert CONTACT in cover and FOOTER in cover  # user text shown as text, not markup
    for page in later:
        assert page.startswith("Northwind Advisory · Acme Payments")
        assert FOOTER in page and CONTACT in page
    # Nothing fetched but our static files and the brand's resources, the
    # SVG logo (from the storage under test) among them.
    assert set(fetched) <= {"static:css/report.css", "brand:style.css", "brand:logo"}
    assert "brand:logo" in fetched
    assert report.snapshot["brand"]["logo"]["svg"].startswith("branding/")
    assert backend.names("branding/")  # the logo is where the backend keeps files


def test_a_png_logo_is_embedded_as_a_picture(personas, assessment, tmp_path, monkeypatch):
    _brand(None, personas.alice, png_bytes(300, 100), name="Northwind Advisory")
    _, out, fetched = _render(assessment, personas.alice, tmp_path, monkeypatch)
    images = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(out)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert " 300   100 " in images  # the logo, at its own pixel size
    assert "brand:logo" in fetched


def test_the_organizations_override_wins_and_old_reports_keep_their_brand(
    personas, assessment, tmp_path, monkeypatch
):
    _brand(None, personas.alice, SVG_LOGO, name="Northwind Advisory", footer_text="Northwind")
    first, out1, _ = _render(assessment, personas.alice, tmp_path, monkeypatch)
    Branding.objects.create(organization=personas.org_a, name="Northwind × Acme")
    second, out2, _ = _render(assessment, personas.alice, tmp_path, monkeypatch)
    assert "Northwind × Acme · Acme Payments" in pdftotext(out2)
    # The first version, rendered again (a retry), still shows the brand it was requested with.
    again = tmp_path / "again.pdf"
    again.write_bytes(pdf.render_pdf(first.snapshot))
    assert "Northwind Advisory · Acme Payments" in pdftotext(again)
    assert "Northwind × Acme" not in pdftotext(again)


def test_without_a_brand_the_report_looks_as_before(personas, assessment, tmp_path, monkeypatch):
    _, out, fetched = _render(assessment, personas.alice, tmp_path, monkeypatch)
    text = pdftotext(out)
    assert "Readiness Assessor · Acme Payments" in text and "Confidential" in text
    assert "static:img/mark.svg" in fetched and "brand:logo" not in fetched


def test_a_brand_set_through_the_page_reaches_the_report(
    staff, login, personas, assessment, tmp_path, monkeypatch
):
    login(staff).post(
        reverse("branding:installation"),
        {
            "name": "Northwind Advisory",
            "primary": "#14532d",
            "footer_text": "Northwind footer",
            "contact_line": "call us",
            "logo": SimpleUploadedFile("logo.svg", SVG_LOGO),
        },
    )
    _, out, _ = _render(assessment, personas.alice, tmp_path, monkeypatch)
    last_page = pdftotext(out).split("\f")[-2]
    assert "Northwind footer" in last_page and "call us" in last_page
