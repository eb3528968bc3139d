"""The German and French catalogues are complete, valid and in step with the sources.

A string marked for translation but missing from a catalogue, left empty or
marked fuzzy would show in English on a German or French page; these tests
name it instead, with the command that fixes it.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]
# What `make messages` reads: the sources, not the tests or build output.
SOURCES = ("accounts", "assessor", "reports", "templates", "manage.py", "locale")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def entry_name(entry: polib.POEntry) -> str:
    context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
    where = ", ".join(sorted({path for path, _line in entry.occurrences}))
    return f"{entry.msgid!r}{context} from {where or 'unknown'}"


def entry_keys(po: polib.POFile) -> set[tuple]:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in po if not e.obsolete}


def test_every_interface_language_has_a_catalogue():
    assert TRANSLATED == ["de", "fr"]
    for language in TRANSLATED:
        assert catalogue(language).metadata["Language"] == language


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language):
    po = catalogue(language)
    untranslated = [entry_name(e) for e in po.untranslated_entries()]
    fuzzy = [entry_name(e) for e in po.fuzzy_entries()]
    obsolete = [entry_name(e) for e in po.obsolete_entries()]
    assert not untranslated, f"{language}: untranslated: " + "; ".join(untranslated)
    assert not fuzzy, f"{language}: fuzzy (check and unmark): " + "; ".join(fuzzy)
    assert not obsolete, f"{language}: obsolete entries, run `make messages`: " + "; ".join(
        obsolete
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_compiles_with_matching_placeholders(language, tmp_path):
    # msgfmt --check refuses a translation whose %(name)s placeholders differ
    # from the English, which would raise on the page that shows it.
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    done = subprocess.run(
        ["msgfmt", "--check", "--output-file", str(tmp_path / "django.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("language", TRANSLATED)
def test_python_format_placeholders_survive_translation(language):
    # msgfmt checks python-format entries only when xgettext flagged them;
    # brace-style and unflagged ones are compared here.
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    wrong = []
    for entry in catalogue(language).translated_entries():
        wanted = sorted(placeholder.findall(entry.msgid))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            got = sorted(placeholder.findall(text))
            # A plural form may drop the count (German "ein Eintrag"); no other placeholder.
            if got != wanted and not (entry.msgid_plural and set(got) <= set(wanted)):
                wrong.append(f"{entry_name(entry)}: {got} != {wanted}")
    assert not wrong, "; ".join(wrong)


def test_catalogues_match_the_sources(tmp_path):
    """Running `make messages` would change nothing: every marked string is in both."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source,
                tmp_path / name,
                ignore=shutil.ignore_patterns("__pycache__", "*.mo", "migrations"),
            )
        else:
            shutil.copy2(source, tmp_path / name)
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--no-obsolete",
            "--add-location",
            "file",
            *[arg for language in TRANSLATED for arg in ("--locale", language)],
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for language in TRANSLATED:
        fresh = polib.pofile(str(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po"))
        committed = catalogue(language)
        missing = entry_keys(fresh) - entry_keys(committed)
        unused = entry_keys(committed) - entry_keys(fresh)
        advice = "marked but not in the catalogue, run `make messages`"
        assert not missing, f"{language}: {advice}: " + "; ".join(
            repr(key[1]) for key in sorted(missing, key=str)
        )
        assert not unused, f"{language}: in the catalogue but no longer marked: " + "; ".join(
            repr(key[1]) for key in sorted(unused, key=str)
        )
