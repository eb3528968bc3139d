"""Every API URL of the URL conf, walked with tokens instead of a session:
another organization's token, a wrong token and a read-only token."""

from django.test import Client

from accounts import tokens
from tests.security.conftest import World
from tests.security.test_url_walk import PUBLIC, Filling, body, endpoints, refused


def _api_endpoints():
    return [e for e in endpoints() if e.name.startswith("api:") and e.name not in PUBLIC]


def _client(user, scope: str) -> Client:
    _, secret = tokens.token_create(user=user, name="walk", scope=scope, expires_at=None)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_walk_finds_the_api():
    assert len(_api_endpoints()) >= 13


def test_another_organizations_token_is_refused_everywhere(world: World):
    client = _client(world.personas.charlie, "write")
    problems = []
    for e in _api_endpoints():
        for filling in (
            Filling("acme", world.acme, world.acme),
            Filling("own slug, acme objects", world.bolt, world.acme),
        ):
            if not filling.applies(e, world.bolt):
                continue
            path = filling.path(e)
            for method in ("get", "post", "put"):
                r = getattr(client, method)(path, content_type="application/json")
                # A URL naming nothing (the list of one's own organizations) is his.
                if r.status_code >= 500 or (e.params and not refused(r)):
                    problems.append(f"{method.upper()} {path}: {r.status_code}")
                if world.acme.assessment.title.encode() in body(r):
                    problems.append(f"{method.upper()} {path}: shows Acme's assessment")
    assert problems == []


def test_a_wrong_token_gets_401_everywhere(world: World):
    client = Client(HTTP_AUTHORIZATION="Bearer rapat_not-a-token")
    own = Filling("acme", world.acme, world.acme)
    for e in _api_endpoints():
        for method in ("get", "post"):
            r = getattr(client, method)(own.path(e))
            assert r.status_code == 401, (method, e.name, r.status_code)


def test_a_read_only_token_changes_nothing(world: World):
    # Alice owns Acme: only the token's scope stands in the way.
    client = _client(world.personas.alice, "read")
    own = Filling("acme", world.acme, world.acme)
    for e in _api_endpoints():
        path = own.path(e)
        status = client.get(path).status_code
        assert status < 400 or status == 405, (e.name, path, status)
        for method in ("post", "put"):
            r = getattr(client, method)(path, content_type="application/json")
            assert r.status_code in (403, 405), (method, e.name, r.status_code)
