"""The translation catalogues hold: a complete language (settings.COMPLETE_LANGUAGES) has every
message the code and templates mark, each translated and none fuzzy; every catalogue, complete or
still being translated, passes msgfmt's checks (placeholders, plural forms, header) and uses no
fuzzy entry."""

import contextlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils.translation import to_locale

from tests.conftest import service_missing

ROOT = Path(settings.BASE_DIR)
# English is the messages' own language: it has no catalogue to check.
SOURCE_LANGUAGE = settings.LANGUAGE_CODE
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]
COMPLETE = [code for code in settings.COMPLETE_LANGUAGES if code != SOURCE_LANGUAGE]
# Where makemessages finds the marked messages (the Makefile's `make makemessages` reads the
# whole clone; these are the folders with messages in them).
SOURCES = ("ish", "api", "templates")


def catalogue_path(language: str) -> Path:
    return ROOT / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"


def entries(language: str) -> list:
    """The catalogue's messages, without its header and without obsolete entries."""
    with catalogue_path(language).open("rb") as file:
        return [message for message in read_po(file) if message.id]


def key(message) -> tuple[str | None, str]:
    """What identifies a message: its context and its singular form."""
    singular = message.id[0] if isinstance(message.id, tuple) else message.id
    return message.context, singular


def translated(message) -> bool:
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(forms)


def needs_gettext() -> None:
    for program in ("msgfmt", "xgettext", "msguniq"):
        if shutil.which(program) is None:
            service_missing(f"needs GNU gettext ({program}): apt-get install gettext")


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory) -> set[tuple[str | None, str]]:
    """Every message marked in the sources, extracted once as makemessages extracts it, from a
    copy (makemessages writes its work files beside the templates it reads, and its catalogues
    into the first locale folder it finds)."""
    needs_gettext()
    copy = tmp_path_factory.mktemp("sources")
    for folder in SOURCES:
        shutil.copytree(
            ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__", "static")
        )
    with contextlib.chdir(copy), override_settings(LOCALE_PATHS=[copy / "locale"]):
        # No language folder in the copy: only the template of all messages (django.pot) is made.
        call_command("makemessages", all=True, keep_pot=True, no_obsolete=True, verbosity=0)
    template = (copy / "locale" / "django.pot").read_bytes()
    # A template's header leaves the plural forms to each language, which Babel cannot read.
    template = template.replace(b"nplurals=INTEGER; plural=EXPRESSION", b"nplurals=2; plural=0")
    return {key(message) for message in read_po(io.BytesIO(template)) if message.id}


def test_every_offered_language_but_english_has_a_catalogue_and_english_is_complete():
    offered = [code for code, _name in settings.LANGUAGES]

    assert SOURCE_LANGUAGE == "en"
    assert SOURCE_LANGUAGE in settings.COMPLETE_LANGUAGES
    assert set(settings.COMPLETE_LANGUAGES) <= set(offered)
    assert [code for code in TRANSLATED if not catalogue_path(code).is_file()] == []


@pytest.mark.parametrize("language", COMPLETE)
def test_a_complete_language_has_every_message_marked_in_the_sources(source_messages, language):
    missing = source_messages - {key(message) for message in entries(language)}

    assert sorted(missing, key=str) == [], (
        f"Not in {catalogue_path(language).relative_to(ROOT)}: add them at its end, translated"
    )


@pytest.mark.parametrize("language", COMPLETE)
def test_a_complete_language_translates_every_message_and_leaves_none_fuzzy(language):
    messages = entries(language)

    assert [message.id for message in messages if not translated(message)] == []
    assert [message.id for message in messages if message.fuzzy] == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_passes_msgfmts_checks_and_uses_no_fuzzy_entry(language):
    needs_gettext()
    checked = subprocess.run(
        ["msgfmt", "--check", "--output-file", os.devnull, str(catalogue_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )

    assert checked.returncode == 0, checked.stderr
    # A fuzzy entry is a guess nobody confirmed; gettext would not use it, and neither do we.
    assert [message.id for message in entries(language) if message.fuzzy] == []
