"""Personas shared by every test, after healthchecks' alice/bob/charlie.

alice  - owner of org A ("Acme")
bob    - participant in org A
carol  - viewer of org A
charlie - owner of org B ("Bolt"); should have no access to Acme's things
"""

import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from accounts.models import Membership, Organization, User
from assessor.models import Framework

PASSWORD = "correct horse battery staple"


def need_service(what: str, available: bool) -> None:
    """Skip on a laptop without the service; in CI a missing service is a failure."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} not available")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user; tests create dozens.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_between_tests():
    # A page requested in German leaves German active in the test's thread
    # (LocaleMiddleware activates a language per request; nothing deactivates
    # it), and the next test would create its assessments in German: each
    # test starts and ends in the default language.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@dataclass
class Personas:
    alice: User
    bob: User
    carol: User
    charlie: User
    org_a: Organization
    org_b: Organization

    def membership(self, user: User, org: Organization) -> Membership:
        return Membership.objects.get(user=user, organization=org)


def make_user(email: str, name: str) -> User:
    return User.objects.create_user(email, PASSWORD, full_name=name)


@pytest.fixture
def personas(db) -> Personas:
    alice = make_user("alice@example.org", "Alice Owner")
    bob = make_user("bob@example.org", "Bob Participant")
    carol = make_user("carol@example.org", "Carol Viewer")
    charlie = make_user("charlie@example.net", "Charlie Outsider")
    org_a = Organization.objects.create(name="Acme Payments", slug="acme", regulated=True)
    org_b = Organization.objects.create(name="Bolt Robotics", slug="bolt")
    Role = Membership.Role
    Membership.objects.create(user=alice, organization=org_a, role=Role.OWNER)
    Membership.objects.create(user=bob, organization=org_a, role=Role.PARTICIPANT)
    Membership.objects.create(user=carol, organization=org_a, role=Role.VIEWER)
    Membership.objects.create(user=charlie, organization=org_b, role=Role.OWNER)
    return Personas(alice, bob, carol, charlie, org_a, org_b)


@pytest.fixture
def framework(db) -> Framework:
    """The newest built-in question bank, synced as `make run` does: the one
    new assessments get (and follow-ups move to)."""
    call_command("sync_frameworks", verbosity=0)
    return Framework.objects.filter(key="devops-mlops-readiness").order_by("-version").first()


@pytest.fixture
def framework_v1(framework) -> Framework:
    """Version 1 of the built-in bank, which older assessments keep using."""
    return Framework.objects.get(key="devops-mlops-readiness", version=1)


@pytest.fixture
def other_assessment(personas, framework):
    """Charlie's assessment of org B: what Acme's members must never reach."""
    from assessor import services

    return services.assessment_start(
        organization=personas.org_b,
        framework=framework,
        title="Bolt baseline",
        scope="both",
        targets={},
        user=personas.charlie,
    )


@pytest.fixture
def login(client):
    """Sign a persona in on the test client: `login(p.alice)`."""

    def _login(user: User):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


# -- report storage: the local folder and a bucket on a real S3 server --------------------------


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's standalone S3 server on a free loopback port, for the whole session."""
    from tests.storage import S3Server

    server = S3Server.start(tmp_path_factory.mktemp("s3") / "moto_server.log")
    yield server
    server.stop()


@pytest.fixture(params=["filesystem", "s3"])
def backend(request, settings, tmp_path):
    """Report storage as the app is configured for it: each test that stores
    files runs once on the local folder and once on a bucket of its own."""
    from tests.storage import Backend

    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    if request.param == "s3":
        server = request.getfixturevalue("s3_server")
        backend = Backend("s3", media, server, server.new_bucket())
    else:
        backend = Backend("filesystem", media)
    settings.STORAGES = backend.storages(settings.STORAGES["staticfiles"])
    return backend
