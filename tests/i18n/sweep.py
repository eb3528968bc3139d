"""The page sweep: a page rendered in English and in German or French must
not show the same sentence in both.

What a person reads is taken from the HTML: text nodes (not in script or
style), the title, placeholder, aria-label and alt attributes, and the
captions of input buttons. A text of two or more words that comes out
identical in English and in the other language was not translated, unless
what is left of it once the fixtures' own data (names, emails, titles the
users typed) and the terms every language keeps (ALLOWED) are taken out is
less than two words.

Used by test_pages.py over the table in pages.py; usable on any HTML pair.
"""

import re
from html.parser import HTMLParser

from django.test import Client

# Terms a German or French page keeps as they are (I18N.md's glossary),
# and product or format names.
ALLOWED = [
    "DevOps",
    "MLOps",
    "CI/CD",
    "GenAI",
    "LLM",
    "DORA",
    "API",
    "REST",
    "PDF/A",
    "PDF",
    "DOCX",
    "PPTX",
    "CSV",
    "XLSX",
    "JSON",
    "PNG",
    "JPEG",
    "SVG",
    "Google Authenticator",
    "Microsoft Authenticator",
    "1Password",
    "Bitwarden",
    "FreeOTP",
    "Authorization: Bearer <token>",
    "Quick Win",
    "Roadmap",
]
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
BUTTON_TYPES = ("submit", "button", "reset")
HIDDEN = ("script", "style", "template")
LETTERS = re.compile(r"[^\W\d_]{2,}")


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        attributes = dict(attrs)
        for name in ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        if tag == "input" and attributes.get("type") in BUTTON_TYPES and attributes.get("value"):
            self.texts.append(attributes["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in HIDDEN:
            self.hidden -= 1

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    """Every text a reader sees on the page, whitespace collapsed, in page order."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    texts = (" ".join(text.split()) for text in parser.texts)
    return [text for text in texts if text]


def _words_left(text: str, data: list[str]) -> list[str]:
    # Longest first, so "Acme Payments" goes before "Acme".
    for known in sorted([*data, *ALLOWED], key=len, reverse=True):
        if known:
            text = text.replace(known, " ")
    # A word has letters, a lowercase one among them, and no digit: codes,
    # secrets, colours (#1d4ed8) and versions (v2) are no words of ours.
    return [
        token
        for token in text.split()
        if not any(c.isdigit() for c in token)
        and any(c.islower() for c in token)
        and LETTERS.search(token)
    ]


def untranslated(english_html: str, other_html: str, data: list[str] = ()) -> list[str]:
    """The texts of two or more words that read the same in both pages."""
    other = set(visible_texts(other_html))
    same = []
    for text in visible_texts(english_html):
        if text in other and len(_words_left(text, list(data))) >= 2 and text not in same:
            same.append(text)
    return same


def render(client: Client, url: str, language: str, follow: bool = False) -> str:
    """The page as a browser asking for `language` gets it."""
    response = client.get(url, headers={"accept-language": language}, follow=follow)
    assert response.status_code == 200, f"{url} in {language}: {response.status_code}"
    assert response["Content-Language"] == language, f"{url} answered in another language"
    return response.content.decode()


def assert_translated(
    client: Client,
    url: str,
    data: list[str] = (),
    languages=("de", "fr"),
    follow=False,
    before=lambda language: None,
):
    """Fails with every English leftover of the page in each language.
    `before(language)` runs before each rendering, e.g. to give the page's
    assessment that language (its pages speak the assessment's language)."""
    before("en")
    english = render(client, url, "en", follow)
    problems = []
    for language in languages:
        before(language)
        for text in untranslated(english, render(client, url, language, follow), data):
            problems.append(f"  [{language}] {text}")
    assert not problems, f"{url} shows English in another language:\n" + "\n".join(problems)
