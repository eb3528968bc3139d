"""The Word report and the deck wear the brand frozen into the report's
snapshot when it was requested: name, colours, footer, contact line and the
uploaded logo, even after the brand changes."""

import io
import zipfile

import docx
import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pptx import Presentation

from assessor.branding.models import Branding
from reports import rendering, services
from reports.models import Report


def png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 40), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def branded(personas, media):
    """Acme's own brand (co-branding over the installation's), with a logo."""
    logo = png("#7a1f5c")
    brand = Branding.objects.create(
        organization=personas.org_a,
        name="Quokka Advisory",
        primary="#7a1f5c",
        accent="#0e7490",
        footer_text="Quokka confidential",
        contact_line="hello@quokka.example",
        cover_statement="Independent advice on delivery and ML platforms.",
    )
    brand.logo_png.save("quokka.png", ContentFile(logo))
    return logo


def media_files(data: bytes, folder: str) -> list[bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [archive.read(n) for n in archive.namelist() if n.startswith(folder)]


@pytest.mark.parametrize("variant", [Report.Variant.DOCX, Report.Variant.PPTX])
def test_the_brand_of_the_request_stays_with_the_report(assessment, personas, branded, variant):
    report = services.report_request(assessment=assessment, user=personas.alice, variant=variant)
    # Changed afterwards: a re-render of this version still wears the old brand.
    Branding.objects.filter(organization=personas.org_a).update(name="Other", primary="#123456")
    report.refresh_from_db()

    data = rendering.render_document(report.snapshot, report.variant)

    if variant == Report.Variant.DOCX:
        document = docx.Document(io.BytesIO(data))
        assert document.core_properties.author == "Quokka Advisory"
        assert str(document.styles["Heading 1"].font.color.rgb) == "7A1F5C"
        footer = document.sections[0].footer.paragraphs[0].text
        assert footer.startswith("Quokka confidential · Prepared for Acme Payments")
        assert branded in media_files(data, "word/media/")
    else:
        deck = Presentation(io.BytesIO(data))
        assert deck.core_properties.author == "Quokka Advisory"
        assert str(deck.slides[0].shapes[0].fill.fore_color.rgb) == "7A1F5C"
        assert branded in media_files(data, "ppt/media/")
