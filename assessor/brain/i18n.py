"""How the brain speaks the client's language without importing Django.

The brain (assessor/scoring.py, assessor/advice.py, assessor/brain/*, and the
plain vocabulary the pages share) stays pure: no Django, no settings, its
tests run without either. It writes its sentences in English, marked with the
usual gettext names (`_`/`gettext`, `ngettext`, `pgettext`, `gettext_noop`)
so `make messages` finds them, and translates each one through the
translator installed here. The Django side installs its own gettext
functions at start-up (AssessorConfig.ready); they follow the active
language, so `translation.override(language)` around a computation makes the
brain speak that language. With nothing installed (the brain's tests,
scripts) every message is its English msgid.

Why a translator rather than message ids plus parameters for the
presentation layer to translate: the advice's sentences are built from
conditions the brain alone knows (which fact held, which answer was missing)
and are frozen into report snapshots, which five renderers read (results
page, PDF, Word, deck, API). Shipping (msgid, parameters) trees to each of
them would repeat the sentence building five times and let them drift; a
translator at the point where the sentence is built keeps every sentence
whole, with named placeholders, and the consumers unchanged. Scores never
pass through here, so they cannot depend on the language (tests/brain/
test_language.py checks it).

Numbers inside sentences go through `decimal()`, which the Django side makes
use the active locale's decimal separator ("1,5" in German and French).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_translator: dict[str, Callable] = {}


def install(
    *,
    gettext: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    pgettext: Callable[[str, str], str],
    decimal_separator: Callable[[], str],
) -> None:
    """Translate through these from now on (the Django side calls this once)."""
    _translator.update(
        gettext=gettext, ngettext=ngettext, pgettext=pgettext, separator=decimal_separator
    )


def uninstall() -> None:
    """Back to English msgids (for tests that install a translator of their own)."""
    _translator.clear()


def gettext(message: str) -> str:
    translate = _translator.get("gettext")
    return translate(message) if translate else message


_ = gettext


def ngettext(singular: str, plural: str, number: int) -> str:
    translate = _translator.get("ngettext")
    if translate:
        return translate(singular, plural, number)
    return singular if number == 1 else plural


def pgettext(context: str, message: str) -> str:
    translate = _translator.get("pgettext")
    return translate(context, message) if translate else message


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogue where it is defined (a module-level
    table); whoever shows it translates it with `gettext`."""
    return message


def decimal(value: float, places: int | None = None) -> str:
    """A number as text in a sentence: "1.5", "1,5" in German and French;
    with `places`, always that many decimals ("2.0").

    Never for machine-read numbers (charts, CSS, JSON): those stay with a point.
    """
    text = f"{value:g}" if places is None else f"{value:.{places}f}"
    separator = _translator.get("separator")
    return text.replace(".", separator()) if separator else text


def reasons(items: Iterable[str]) -> str:
    """Reasons one after another ("a; b"), spaced as the language wants (French " ; ")."""
    return pgettext("between reasons in a list", "; ").join(items)


def join(items: Iterable[str]) -> str:
    """Items as a list in words ("A, B and C"), in the active language."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}
