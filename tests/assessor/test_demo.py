from io import StringIO

from django.core.management import call_command

from accounts.models import Organization, User
from assessor.models import Assessment


def test_make_run_seeds_a_believable_history(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo brand's logo files
    call_command("sync_frameworks", verbosity=0)
    out = StringIO()
    call_command("ensure_demo", stdout=out)
    assert "demo@example.com" in out.getvalue()
    user = User.objects.get(email="demo@example.com")
    assert user.check_password("assess-demo-2026")
    # A person's name, not a role: she owns the demo organization, and the name
    # is printed as the PDF's facilitator and in every "completed by".
    assert user.display_name == "Dana Demo"
    org = Organization.objects.get()
    rounds = list(Assessment.objects.filter(organization=org).order_by("created_at"))
    assert len(rounds) == 3
    assert all(a.status == "completed" for a in rounds)
    assert rounds[1].based_on == rounds[0] and rounds[2].based_on == rounds[1]
    devops = [a.headline["devops"]["score"] for a in rounds]
    mlops = [a.headline["mlops"]["score"] for a in rounds]
    assert devops == sorted(devops) and devops[0] < devops[-1]
    assert mlops == sorted(mlops) and mlops[0] < mlops[-1]
    assert (rounds[-1].created_at - rounds[0].created_at).days > 180
    assert [a.headline["path"] for a in rounds] == [
        "devops_first",
        "devops_first",
        "extend_to_mlops",
    ]
    # A branded sample: the installation wears a made-up practice's brand.
    from assessor.branding.resolve import brand_for

    brand = brand_for(org)
    assert brand.name == "Meridian Advisory"
    assert brand.logo_png.startswith(b"\x89PNG") and "<circle" in brand.logo_svg


def test_it_does_nothing_when_users_exist(db):
    User.objects.create_user("someone@example.org", "x")
    call_command("ensure_demo", stdout=StringIO())
    assert not Organization.objects.exists()
