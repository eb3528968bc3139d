"""manage.py backup keeps brand logos, and restore puts them back."""

from django.core.management import call_command

from assessor.branding import logos, services
from assessor.branding.models import Branding
from assessor.branding.resolve import brand_for
from tests.branding.conftest import SVG_LOGO


def test_logos_survive_a_backup_and_restore(transactional_db, personas, tmp_path):
    branding = services.branding_save(
        branding=Branding(name="Northwind"), user=None, logo=logos.process_logo(SVG_LOGO)
    )
    before = brand_for(None)
    storage = Branding.logo_png.field.storage
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive))
    call_command("flush", interactive=False, verbosity=0)
    for name in (branding.logo_png.name, branding.logo_svg.name):
        storage.delete(name)
    assert brand_for(None).logo_png is None

    call_command("restore", str(archive))

    after = brand_for(None)
    assert after == before
    assert after.logo_png.startswith(logos.PNG_MAGIC) and "<circle" in after.logo_svg
