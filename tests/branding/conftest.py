"""Logo samples (made here, so every byte is known) and a staff persona."""

import io

import pytest
from PIL import Image

from tests.conftest import make_user

SVG_LOGO = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 60">
  <style>.word{fill:#14532d;font-family:sans-serif;font-weight:bold}</style>
  <circle cx="30" cy="30" r="24" fill="#b45309"/>
  <text class="word" x="66" y="40" font-size="28">Northwind</text>
</svg>"""


def png_bytes(width=120, height=40, colour=(20, 83, 45, 255), fmt="PNG") -> bytes:
    mode = "RGBA" if fmt == "PNG" else "RGB"
    image = Image.new(mode, (width, height), colour if mode == "RGBA" else colour[:3])
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Logo files go to a folder of the test's own (the `backend` fixture
    points them at a bucket where a test asks for it)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff(db):
    user = make_user("sam@northwind.example", "Sam Staff")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def assessment(personas, framework):
    """Acme's fully answered assessment, as the report tests use."""
    from assessor import services
    from tests.reports.conftest import answer_everything

    assessment = services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Platform readiness 2026",
        scope="both",
        targets={},
        user=personas.alice,
    )
    answer_everything(assessment, personas.alice)
    return assessment
