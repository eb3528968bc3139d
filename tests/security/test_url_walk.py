"""Every URL pattern of the project, walked by everyone who must not get in.

The list of URLs comes from the URL resolver, so a new view is walked the
day it is added; a view this file knows nothing about fails the walk until
it is given an expected role (ROLE_NEEDED) or a public reason (PUBLIC).
Path parameters are filled with a real object of the other organization,
the walker's own organization's slug with the other organization's objects,
and random values. GET and POST (an empty body) each:

- anonymous and charlie (a member of the other organization only) get 404,
  403, 405 or a redirect to a sign-in page, never a page, never a 5xx, and
  no answer (public pages included) shows the other organization's assessment;
- bob (participant), carol (viewer) and fred (facilitator) get the same on
  the other organization's objects, and on their own organization's a 403
  (or 404/405) where their role is short of the view's, never a 5xx;
- a refused POST inserts, changes and deletes no row.
"""

import re
import uuid
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Membership
from assessor.models import Assessment
from tests.security.conftest import Estate, World, table_fingerprints

# Path parameters of a route: `<conv:name>`, or `(?P<name>...)` in the admin's regexes.
PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def route_params(route: str) -> list[str]:
    return [a or b for a, b in PARAM.findall(route)]


def fill_route(route: str, value) -> str:
    """The path of `route` with each parameter replaced by `value(name)`."""
    path = PARAM.sub(lambda m: str(value(m.group(1) or m.group(2))), route)
    return "/" + path.replace("^", "").replace("$", "")


@dataclass(frozen=True)
class Endpoint:
    name: str  # namespaced URL name; unnamed patterns go by their route
    route: str  # the full route, e.g. "orgs/<slug:slug>/members/"
    callback: object

    @property
    def params(self) -> list[str]:
        return route_params(self.route)


def endpoints() -> list[Endpoint]:
    found: list[Endpoint] = []

    def walk(patterns, prefix: str, namespace: tuple[str, ...]) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route, namespace + ((p.namespace,) if p.namespace else ()))
            elif isinstance(p, URLPattern):
                name = ":".join(namespace + (p.name,)) if p.name else route
                found.append(Endpoint(name, route, p.callback))

    walk(get_resolver().url_patterns, "", ())
    return found


# Open to anyone by design, each for a reason. Still walked: never a 5xx.
PUBLIC = {
    "healthz": "container liveness probe; answers {'status': 'ok'} and nothing else",
    "readyz": "readiness probe for a load balancer: 'ok' or the error's class per service "
    "(database, Redis, storage), nothing else",
    "metrics": "Prometheus text for METRICS_ALLOWED_IPS (loopback by default, as the test "
    "client is) or a METRICS_TOKEN bearer, 403 otherwise; installation-wide counts only",
    "accounts:login": "the sign-in form",
    "accounts:login_code": "the code step: only for the session whose password was just right "
    "(or a signed-in one); anyone else is sent to sign in",
    "accounts:sso_start": "a redirect to the identity provider (404 when SSO is not configured)",
    "accounts:sso_callback": "the provider's code, checked against this session's state, is the "
    "credential; anything else is refused back to the sign-in page",
    "accounts:logout": "signing out needs no rights (POST only)",
    "accounts:set_language": "choosing the interface language needs no rights (POST only); "
    "it changes only the reader's own language",
    "accounts:password_reset": "asks for an email address; never says whether it exists",
    "accounts:password_reset_done": "a static 'check your mail' page",
    "accounts:password_reset_confirm": "the signed uid+token in the link is the credential",
    "accounts:password_reset_complete": "a static 'password set' page",
    "accounts:accept_invitation": "the 43-character token is the credential; shows only "
    "that invitation's organization name and role",
    "workshops:join": "the join form; the six-character code is the credential, rate-limited",
    "workshops:join_code": "the join form with the code from the QR link prefilled",
    "workshops:participate": "the signed seat cookie is the credential; without it, "
    "a redirect to the join form",
    "workshops:vote": "the signed seat cookie is the credential; without it, "
    "a redirect to the join form",
    "workshops:participant_language": "the signed seat cookie is the credential; without "
    "it, a redirect to the join form",
    "api:schema": "the OpenAPI description of the API: routes and fields, no data",
    "api:docs": "the API docs page (Swagger UI); it loads the public schema",
    "api:not_found": "a JSON 404 for any other URL under /api/v1/",
    "admin:login": "a redirect to the site's sign-in form (accounts/admin_sign_in.py)",
    "admin:logout": "signing out of the admin; without staff rights a redirect to it",
    "branding:logo": "the installation's logo, which the sign-in page shows; a cleaned image",
    "branding:css": "the installation's header colours (two #rrggbb values), as the sign-in "
    "page uses them",
}

# Seat-cookie views: a walker without a seat is sent to the join form.
SEATED = {"workshops:participate", "workshops:vote", "workshops:participant_language"}

# Within their own organization: the least role that may GET / POST a view.
# "signed-in" means any account (not organization-bound); "staff" an
# installation admin (no persona is one: refused to all); None means the
# method is not served (405) to anyone.
ROLES = ["viewer", "participant", "facilitator", "owner"]
ROLE_NEEDED: dict[str, tuple[str | None, str | None]] = {
    "accounts:dashboard": ("signed-in", "signed-in"),
    "accounts:password_change": ("signed-in", "signed-in"),
    "accounts:password_change_done": ("signed-in", "signed-in"),
    "accounts:organization_create": ("signed-in", "signed-in"),
    "accounts:profile": ("signed-in", "signed-in"),
    "accounts:organization": ("viewer", "viewer"),
    "accounts:organization_edit": ("owner", "owner"),
    "accounts:members": ("viewer", "owner"),
    "accounts:member_role": (None, "owner"),
    # Of another member; leaving (one's own membership) is open to all roles.
    "accounts:member_remove": ("owner", "owner"),
    "accounts:invitation_revoke": (None, "owner"),
    # API tokens: one's own (a token of someone else is a 404), and the
    # organization's as its owners see them. The walk's `code` names no token.
    "accounts:tokens": ("signed-in", "signed-in"),
    "accounts:token_revoke": (None, "signed-in"),
    "accounts:organization_tokens": ("owner", "owner"),
    "accounts:organization_token_revoke": (None, "owner"),
    # Two-factor: one's own settings, and an owner's rule for the organization.
    "accounts:two_factor": ("signed-in", "signed-in"),
    "accounts:two_factor_recovery": ("signed-in", "signed-in"),
    "accounts:two_factor_disable": ("signed-in", "signed-in"),
    "accounts:organization_two_factor": ("owner", "owner"),
    # The audit log: owners only (accounts/audit/views.py says why); GET only.
    "audit:log": ("owner", None),
    "audit:export": ("owner", None),
    "assessor:start": ("facilitator", "facilitator"),
    "assessor:follow_up": ("facilitator", "facilitator"),
    "assessor:timeline": ("viewer", "viewer"),
    "assessor:compare": ("viewer", "viewer"),
    "assessor:import": ("facilitator", "facilitator"),
    "assessor:resume": ("viewer", "viewer"),
    "assessor:step": ("viewer", "viewer"),
    "assessor:answer": (None, "participant"),
    "assessor:history": ("viewer", "viewer"),
    "assessor:results": ("viewer", "viewer"),
    "assessor:confirm_step": (None, "participant"),
    "assessor:complete": ("facilitator", "facilitator"),
    "assessor:reopen": (None, "facilitator"),
    "assessor:manage": ("facilitator", "facilitator"),
    "assessor:delete": ("facilitator", "facilitator"),
    "assessor:export_csv": ("viewer", "viewer"),
    "assessor:export_json": ("viewer", "viewer"),
    # The plan: anyone reads it; facilitators add and change actions (a
    # participant changes only actions they own, and the walk's action is
    # the owner's: tests/plans/ covers the participant's own).
    "plans:plan": ("viewer", None),
    "plans:action_new": ("facilitator", "facilitator"),
    "plans:action": ("viewer", "facilitator"),
    "plans:export_csv": ("viewer", None),
    "plans:export_json": ("viewer", None),
    "plans:import": ("facilitator", "facilitator"),
    "plans:assessment_xlsx": ("viewer", None),
    "workshops:start": ("facilitator", "facilitator"),
    "workshops:present": ("facilitator", None),
    "workshops:board": ("facilitator", None),
    "workshops:reveal": (None, "facilitator"),
    "workshops:go": (None, "facilitator"),
    "workshops:voting": (None, "facilitator"),
    "workshops:consensus": (None, "facilitator"),
    "workshops:close": (None, "facilitator"),
    "reports:list": ("viewer", "viewer"),
    "reports:generate": (None, "facilitator"),
    "reports:status": ("viewer", "viewer"),
    "reports:download": ("viewer", "viewer"),
    "reports:retry": (None, "facilitator"),
    "reports:delete": (None, "facilitator"),
    # The REST API (signed in by session here; by token in test_api_tokens_walk).
    # PUT is not walked; the schema-generated tests in tests/api/ cover it.
    "api:organizations": ("signed-in", None),
    "api:organization": ("viewer", None),
    "api:members": ("viewer", None),
    "api:assessments": ("viewer", "facilitator"),
    "api:assessment": ("viewer", None),
    "api:complete": (None, "facilitator"),
    "api:answers": ("viewer", None),
    "api:answer": ("viewer", None),
    "api:revisions": ("viewer", None),
    "api:results": ("viewer", None),
    "api:reports": ("viewer", "facilitator"),
    "api:report": ("viewer", None),
    "api:download": ("viewer", None),
    "api:actions": ("viewer", "facilitator"),
    # PATCH changes it (not walked; tests/api/ covers it by role).
    "api:action": ("viewer", None),
    "api:action_revisions": ("viewer", None),
    "branding:installation": ("staff", "staff"),
    "branding:organization": ("owner", "owner"),
    "branding:organization_logo": ("viewer", None),
    "branding:organization_css": ("viewer", None),
}


def is_admin(e: Endpoint) -> bool:
    # Django's admin: every view but login checks is_staff; no persona is staff.
    return e.route.startswith("admin/")


# Which object a `code` parameter names, per view (the default: the assessment).
CODE_OF = {
    "accounts:member_role": lambda e: e.membership.code,
    "accounts:member_remove": lambda e: e.membership.code,
    "accounts:invitation_revoke": lambda e: e.invitation.code,
    "workshops:participate": lambda e: e.workshop.code,
    "workshops:vote": lambda e: e.workshop.code,
    "workshops:participant_language": lambda e: e.workshop.code,
}


def object_value(name: str, param: str, e: Estate) -> str:
    """A real value of `param` naming an object of estate `e`."""
    values = {
        "code": lambda: CODE_OF.get(name, lambda e: e.assessment.code)(e),
        "workshop": lambda: e.workshop.code,
        "report_code": lambda: e.report.code,
        "action_code": lambda: e.action.code,
        "step": lambda: "context",
        "key": lambda: e.assessment.framework.parsed.scored_questions[0].key,
        "token": lambda: e.invitation.token,
        "uidb64": lambda: urlsafe_base64_encode(force_bytes(e.owner.pk)),
        "join_code": lambda: e.workshop.join_code,
        # Django admin's own parameters.
        "object_id": lambda: e.assessment.pk,
        "id": lambda: e.owner.pk,
        # django-otp's admin page of an authenticator's QR code (by device pk).
        "pk": lambda: e.owner.pk,
        "content_type_id": lambda: ContentType.objects.get_for_model(Assessment).pk,
        "app_label": lambda: "accounts",
        "url": lambda: "no-such-page/",
        "rest": lambda: "no-such-endpoint/",
    }
    if param not in values:
        raise AssertionError(
            f"{name}: no value for URL parameter {param!r}; teach test_url_walk.py what it names"
        )
    return str(values[param]())


def random_value(param: str) -> str:
    if param in ("code", "workshop", "report_code", "action_code"):
        return str(uuid.uuid4())
    if param in ("object_id", "id", "pk", "content_type_id"):
        return "987654"
    if param == "app_label":
        return "accounts"  # the pattern lists the installed apps: nothing else resolves
    return "zz" + uuid.uuid4().hex[:10]


@dataclass
class Filling:
    """How to fill a route: whose slug, whose objects (None: random)."""

    label: str
    slug_of: Estate | None
    objects_of: Estate | None

    def applies(self, e: Endpoint, walker: Estate | None) -> bool:
        if is_admin(e):
            # Refused before any lookup (no persona is staff): once is enough.
            return self.label in ("acme", "bolt")
        # The walker's own slug with no object in the path is simply their
        # own page: the role walk covers it.
        if walker is not None and self.slug_of is walker:
            return any(p != "slug" for p in e.params)
        return True

    def path(self, e: Endpoint) -> str:
        def value(param: str) -> str:
            if param == "slug":
                return self.slug_of.org.slug if self.slug_of else "zz-no-such-org"
            if self.objects_of is None:
                return random_value(param)
            return object_value(e.name, param, self.objects_of)

        path = fill_route(e.route, value)
        # The filled path must reach the very pattern walked, or the walk
        # would test some other view.
        assert resolve(path).func == e.callback, (e.name, path)
        return path


LOGIN_PAGES = (reverse(settings.LOGIN_URL), "/admin/login/")


def refused(r) -> bool:
    # 401: the API asks for credentials instead of redirecting to sign-in.
    if r.status_code in (401, 403, 404, 405):
        return True
    return r.status_code == 302 and r["Location"].startswith(LOGIN_PAGES)


SIGN_OUT = {"accounts:logout", "admin:logout"}


def walk(client: Client, e: Endpoint, path: str, method: str, sign_in=None):
    """One request; a refused POST must leave every table as it was."""
    before = table_fingerprints() if method == "post" else None
    r = getattr(client, method)(path)
    assert r.status_code < 500, f"{method.upper()} {path} ({e.name}) answered {r.status_code}"
    if before is not None and refused(r) and e.name not in PUBLIC:
        assert table_fingerprints() == before, f"refused {method.upper()} {path} ({e.name}) wrote"
    if sign_in and e.name in SIGN_OUT:
        sign_in()  # a walked sign-out must not end the walk
    return r


def body(r) -> bytes:
    return b"".join(r.streaming_content) if r.streaming else r.content


def check_outsider(
    client: Client, e: Endpoint, path: str, sign_in=None, secret: Estate | None = None
) -> list[str]:
    """Someone with no business here: refused, unless the URL is public; and
    no answer, public or not, shows the `secret` estate's assessment."""
    problems = []
    for method in ("get", "post"):
        r = walk(client, e, path, method, sign_in)
        if secret is not None and secret.assessment.title.encode() in body(r):
            problems.append(f"{method.upper()} {path} ({e.name}): shows {secret.org.name} data")
        if e.name in SEATED:
            if not (r.status_code in (404, 405) or r.get("Location") == reverse("workshops:join")):
                problems.append(f"{method.upper()} {path} ({e.name}): {r.status_code} without seat")
        elif e.name in PUBLIC:
            continue
        elif not refused(r):
            problems.append(f"{method.upper()} {path} ({e.name}): {r.status_code}")
    return problems


def test_every_view_is_known():
    """A new view needs an expected role or a public reason before it ships."""
    names = {e.name for e in endpoints()}
    unknown = sorted(
        e.name for e in endpoints() if not is_admin(e) and e.name not in PUBLIC | ROLE_NEEDED.keys()
    )
    assert unknown == [], f"add these views to ROLE_NEEDED or PUBLIC: {unknown}"
    stale = sorted((PUBLIC.keys() | ROLE_NEEDED.keys()) - names)
    assert stale == [], f"no longer in the URL conf: {stale}"
    assert len(names) > 100  # the walk sees the admin too


def _object_endpoints() -> list[Endpoint]:
    return [e for e in endpoints() if e.params or is_admin(e)]


def test_anonymous_is_refused_everywhere(world: World):
    client = Client()
    problems: list[str] = []
    for e in endpoints():
        for filling in (Filling("acme", world.acme, world.acme), Filling("random", None, None)):
            if filling.label == "random" and not e.params:
                continue
            if filling.applies(e, None):
                problems += check_outsider(client, e, filling.path(e), secret=world.acme)
    assert problems == []


def test_another_organizations_member_is_refused_everywhere(world: World):
    charlie = world.personas.charlie
    client = Client()

    def sign_in():
        client.force_login(charlie, backend="django.contrib.auth.backends.ModelBackend")

    sign_in()
    fillings = [
        Filling("acme", world.acme, world.acme),
        Filling("own slug, acme objects", world.bolt, world.acme),
        Filling("own slug, random objects", world.bolt, None),
    ]
    problems: list[str] = []
    for e in _object_endpoints():
        for filling in fillings:
            if filling.applies(e, world.bolt):
                problems += check_outsider(client, e, filling.path(e), sign_in, world.acme)
    assert problems == []


def _role_allows(needed: str | None, role: str) -> bool:
    if needed is None or needed == "staff":
        return False
    return needed == "signed-in" or ROLES.index(role) >= ROLES.index(needed)


@pytest.mark.parametrize("who", ["bob", "carol", "fred"])
def test_lower_roles_stay_within_their_role_and_organization(world: World, who: str):
    user = world.fred if who == "fred" else getattr(world.personas, who)
    role = Membership.objects.get(user=user, organization=world.acme.org).role
    client = Client()

    def sign_in():
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    sign_in()
    problems: list[str] = []
    # The other organization: as for any outsider.
    for e in _object_endpoints():
        for filling in (
            Filling("bolt", world.bolt, world.bolt),
            Filling("own slug, bolt objects", world.acme, world.bolt),
            Filling("own slug, random objects", world.acme, None),
        ):
            if filling.applies(e, world.acme):
                problems += check_outsider(client, e, filling.path(e), sign_in, world.bolt)
    # Their own organization: what the role allows, and nothing more.
    own = Filling("acme", world.acme, world.acme)
    for e in endpoints():
        if is_admin(e):
            continue  # walked above
        if e.name in PUBLIC:
            problems += check_outsider(client, e, own.path(e), sign_in)
            continue
        path = own.path(e)
        for method, needed in zip(("get", "post"), ROLE_NEEDED[e.name], strict=True):
            r = walk(client, e, path, method, sign_in)
            if _role_allows(needed, role):
                if r.status_code == 403:
                    problems.append(f"{method.upper()} {path} ({e.name}): {role} refused")
            elif not refused(r):
                problems.append(f"{method.upper()} {path} ({e.name}): {role} got {r.status_code}")
    assert problems == []


# Hostile text in the path parameters that take free text (str converters):
# percent-encoded as a browser would send them.
HOSTILE_PATH_VALUES = [
    "%00",
    "a%00b",
    "x" * 10_000,
    "%E2%80%AEgnp.exe",  # right-to-left override
    "%F0%9F%98%80" * 20,  # emoji
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "..%2F..%2Fetc%2Fpasswd",
]


def _free_text_endpoints() -> list[str]:
    return sorted(
        {e.name for e in endpoints() if not is_admin(e) and re.search(r"<(?:str:)?\w+>", e.route)}
    )


@pytest.mark.parametrize("name", _free_text_endpoints())
def test_hostile_path_values_never_answer_5xx(world: World, name: str):
    e = next(e for e in endpoints() if e.name == name)
    free = {m for m in re.findall(r"<(?:str:)?(\w+)>", e.route)}
    alice = Client()
    alice.force_login(world.personas.alice, backend="django.contrib.auth.backends.ModelBackend")
    for hostile in HOSTILE_PATH_VALUES:

        def value(param: str, hostile=hostile) -> str:
            if param in free:
                return hostile
            if param == "slug":
                return world.acme.org.slug
            return object_value(e.name, param, world.acme)

        path = fill_route(e.route, value)
        for client in (Client(), alice):
            for method in ("get", "post"):
                r = getattr(client, method)(path)
                assert r.status_code < 500, f"{method.upper()} {path[:120]}: {r.status_code}"
