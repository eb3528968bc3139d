"""An administrator removing someone's authenticator app in Django's admin (a
lost phone) turns their two-factor off: the log says so, and who did it."""

from django.test import Client

from accounts import mfa
from accounts.audit.models import Kind
from tests.accounts.mfa_helpers import enrol
from tests.audit.conftest import last_id, new_events
from tests.conftest import make_user


def test_removing_a_users_app_in_the_admin_is_an_entry_with_the_admin_as_actor(personas, login):
    device, _ = enrol(login(personas.bob))
    admin = make_user("root@example.org", "Root Admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    since = last_id()

    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not mfa.has_two_factor(personas.bob)
    [event] = new_events(since, kind=Kind.MFA_DISABLED)
    assert (event.actor, event.target) == (admin, "bob@example.org")


def test_removing_apps_in_bulk_is_an_entry_per_person(personas, login):
    bob_device, _ = enrol(login(personas.bob))
    carol_device, _ = enrol(login(personas.carol))
    admin = make_user("root@example.org", "Root Admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    since = last_id()

    client.post(
        "/admin/otp_totp/totpdevice/",
        {
            "action": "delete_selected",
            "_selected_action": [bob_device.pk, carol_device.pk],
            "post": "yes",
        },
    )

    assert not mfa.has_two_factor(personas.bob) and not mfa.has_two_factor(personas.carol)
    events = new_events(since, kind=Kind.MFA_DISABLED)
    assert sorted(e.target for e in events) == ["bob@example.org", "carol@example.org"]
    assert {e.actor for e in events} == {admin}
