"""Hostile values posted to every form of the project (Hypothesis).

The forms are found, not listed: every page of the URL conf is opened as the
person who may use it (alice the owner, an anonymous visitor, a seated
workshop guest), every `<form method="post">` on it is parsed, and its
fields are posted back with NUL bytes, 100,000-character strings, RTL
overrides, emoji, markup, out-of-range numbers and dates in any mix with
the values the page offered, or leave fields out. Whatever comes back must
not be a 5xx, and a refused post (4xx, or a form shown again with errors)
must not have inserted, changed or deleted a row. Each example runs in a
rolled-back transaction, so every example starts from the same world.

A POST view that no page offers a form for fails `test_every_post_view_has_a_form`
until a page shows one or NO_FORM says why, so a new form is fuzzed the day
it ships.
"""

import inspect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.security.conftest import build_world, table_fingerprints
from tests.security.test_url_walk import PUBLIC, ROLE_NEEDED, Filling, endpoints, is_admin

# Small enough that the whole file runs in about a minute on PostgreSQL.
EXAMPLES = 12

HOSTILE_TEXT = [
    "\x00",
    "a\x00b",
    "x" * 100_000,
    "\u202egnp.exe\u202c",  # right-to-left override
    "\u200f\u061c\u2067مرحبا\u2069",
    "😀" * 40,
    "👩‍👩‍👧‍👦🏳️‍🌈",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% debug %}",
    "'; DROP TABLE accounts_user; --",
    "-1",
    "99999999999999999999999",
    "2147483648",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "-2026-01-01",
    "0001-01-01T00:00:00+14:00",
    "",
    " ",
    "\r\n\t",
]
HOSTILE_FILES = [
    b"\x00",
    b"{" * 100_000,
    b"[" * 50_000 + b"]" * 50_000,
    b'{"format": "readiness-assessment", "version": 1e309}',
    b'{"created_at": "0001-01-01T00:00:00+14:00"}',
    '\ufeff{"title": "\u202e"}'.encode(),
    b"\xff\xfe\x00\x00",
    b"",
]
hostile_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=30))

# Rows a refused post is meant to write: sign-in failures (django-axes) and
# wrong workshop codes, both counted against guessing.
BOOKKEEPING = {
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    # A wrong two-factor code counts on its device (django-otp's growing delay).
    "otp_totp_totpdevice",
    "otp_static_staticdevice",
    # The audit log notes failed sign-ins and wrong codes (accounts/audit/).
    "audit_auditevent",
}
BOOKKEEPING_TABLE_SUFFIXES = ("_joinfailure",)

# Views that read a POST but that no page of the fuzz world offers a form
# for, and why they need none fuzzed here.
NO_FORM = {
    "accounts:logout": "no fields; signing out is walked in test_url_walk.py",
    "assessor:reopen": "no fields; shown only on a completed assessment (walked)",
    "assessor:confirm_step": "no fields; shown only on a follow-up's step with carried-over "
    "answers (walked)",
    "assessor:follow_up": "a title only; shown only once an assessment is completed (walked)",
    "reports:retry": "no fields; shown only on a failed report (walked)",
    "workshops:start": "no fields; shown only while no workshop is open (walked)",
    "workshops:join_code": "the same view as workshops:join, whose form is fuzzed",
    "workshops:participant_language": "one field from a fixed list; shown on a phone only "
    "when the bank has a translation, which the fuzz's bank has not "
    "(tests/assessor/test_bank_translations.py)",
    "accounts:token_revoke": "no fields; shown only once the user has a token "
    "(tests/api/test_tokens.py)",
    "accounts:organization_token_revoke": "no fields; shown only once a token has reached "
    "the organization (tests/api/test_tokens.py)",
    "accounts:login_code": "shown only right after the correct password of an account with "
    "two-factor (tests/accounts/test_two_factor.py)",
    "accounts:two_factor_recovery": "shown only once the user has two-factor "
    "(tests/accounts/test_two_factor.py)",
    "accounts:two_factor_disable": "shown only once the user has two-factor "
    "(tests/accounts/test_two_factor.py)",
    "api:assessments": "JSON API, no HTML form: fuzzed by Schemathesis (tests/api/)",
    "api:complete": "JSON API, no HTML form: fuzzed by Schemathesis (tests/api/)",
    "api:reports": "JSON API, no HTML form: fuzzed by Schemathesis (tests/api/)",
    "api:actions": "JSON API, no HTML form: fuzzed by Schemathesis (tests/api/)",
    "branding:installation": "staff only, and no persona of the fuzz world is staff; the same "
    "form as branding:organization, which is fuzzed (hostile uploads in tests/branding/)",
}


def handles_post(callback) -> bool:
    """Whether a view reads a POST: a class-based view with post(), or a
    function whose source (decorators included) mentions POST."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    try:
        return "POST" in inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):
        return True  # cannot tell: treat as a form target


@dataclass
class FormSpec:
    action: str
    view: str  # namespaced URL name the form posts to
    who: str  # "alice", "anonymous" or "guest"
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> offered values
    files: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.view, tuple(sorted(self.fields)), tuple(self.files))


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "fields": {}, "files": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        fields = self._form["fields"]
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form["files"].append(name)
            elif kind in ("checkbox", "radio", "submit"):
                fields.setdefault(name, []).append(a.get("value", "on"))
            else:
                fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "button" and name:
            fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, [])
        elif tag == "option" and self._select:
            fields[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            fields.setdefault(name, []).append("")

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html: str, page_url: str, who: str) -> list[FormSpec]:
    parser = _FormParser()
    parser.feed(html)
    found = []
    for f in parser.forms:
        action = urlsplit(f["action"] or page_url).path
        match = resolve(action)
        found.append(FormSpec(action, match.view_name, who, f["fields"], f["files"]))
    return found


@dataclass
class Fuzzed:
    world: object
    clients: dict[str, Client]
    forms: dict[str, list[FormSpec]]


def _pages(world) -> list[tuple[str, str]]:
    """(who, url) of every page that may carry a form."""
    own = Filling("acme", world.acme, world.acme)
    pages = []
    for e in endpoints():
        if is_admin(e):
            continue  # Django's admin forms are staff-only (walked in test_url_walk.py)
        if e.name in PUBLIC:
            pages.append(("anonymous", own.path(e)))
        elif ROLE_NEEDED[e.name][0] is not None:
            pages.append(("alice", own.path(e)))
    alice = world.personas.alice
    uid = urlsafe_base64_encode(force_bytes(alice.pk))
    token = default_token_generator.make_token(alice)
    pages.append(("anonymous", reverse("accounts:password_reset_confirm", args=[uid, token])))
    pages.append(("guest", world.acme.workshop.participant_url()))
    return pages


@pytest.fixture(scope="module")
def fuzzed(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world and its forms for the whole module, rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        world = build_world()
        clients = {"alice": Client(), "anonymous": Client(), "guest": Client()}
        clients["alice"].force_login(
            world.personas.alice, backend="django.contrib.auth.backends.ModelBackend"
        )
        ws = world.acme.workshop
        clients["guest"].post(reverse("workshops:join"), {"code": ws.join_code, "name": "Gina"})
        forms: dict[str, dict[tuple, FormSpec]] = {}
        for who, url in _pages(world):
            r = clients[who].get(url, follow=True)
            if r.status_code != 200 or "html" not in r.get("Content-Type", ""):
                continue
            for spec in forms_on(r.content.decode(), r.request["PATH_INFO"], who):
                forms.setdefault(spec.view, {})[spec.key] = spec
        yield Fuzzed(world, clients, {k: list(v.values()) for k, v in forms.items()})
        transaction.set_rollback(True)


def _post_views() -> list[str]:
    """Every view of ours that reads a POST, from the URL conf."""
    return sorted(
        {
            e.name
            for e in endpoints()
            if not is_admin(e) and e.name not in NO_FORM and handles_post(e.callback)
        }
    )


def _bookkeeping(table: str) -> bool:
    return table in BOOKKEEPING or table.endswith(BOOKKEEPING_TABLE_SUFFIXES)


def refused(r) -> bool:
    if r.status_code >= 400:
        return True
    return r.status_code == 200 and b"errorlist" in r.content


def fuzz_form(fz: Fuzzed, spec: FormSpec) -> None:
    client = fz.clients[spec.who]

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,  # the same examples every run: a known defect fails every time
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def post(data):
        payload: dict = {}
        for name, offered in spec.fields.items():
            honest = st.sampled_from(offered) if offered else st.just("")
            # None: the field is left out, as a hand-made request may do.
            value = data.draw(st.one_of(honest, hostile_text, st.none()), label=name)
            if value is not None:
                payload[name] = value
        for name in spec.files:
            content = data.draw(st.sampled_from(HOSTILE_FILES), label=name)
            payload[name] = SimpleUploadedFile("upload.json", content, "application/json")
        headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
        with transaction.atomic():
            before = table_fingerprints()
            r = client.post(spec.action, payload, headers=headers)
            assert r.status_code < 500, (spec.view, r.status_code)
            if refused(r):
                after = table_fingerprints()
                wrote = {t for t in after if after[t] != before[t] and not _bookkeeping(t)}
                assert not wrote, f"refused {spec.view} ({r.status_code}) changed rows in {wrote}"
            transaction.set_rollback(True)

    post()


def test_every_post_view_has_a_form(fuzzed):
    missing = [name for name in _post_views() if name not in fuzzed.forms]
    assert missing == [], f"no page offers a form for {missing}: show one or add to NO_FORM"


@pytest.mark.parametrize("view", _post_views())
def test_hostile_posts(fuzzed, view, db):
    for spec in fuzzed.forms.get(view, []):
        fuzz_form(fuzzed, spec)


def test_the_discovery_finds_the_forms_it_should(fuzzed):
    """A parser that found nothing would make every fuzz pass."""
    answer = fuzzed.forms["assessor:answer"][0]
    assert {"question", "value", "note", "evidence", "version"} <= set(answer.fields)
    assert fuzzed.forms["assessor:import"][0].files == ["file"]
    assert fuzzed.forms["workshops:vote"][0].who == "guest"
    choices = fuzzed.forms["workshops:vote"][0].fields["choice"]
    assert any(re.fullmatch(r"[0-4]", v) for v in choices)
