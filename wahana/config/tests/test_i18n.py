"""The English catalogue is complete and compiled.

Indonesian is the source language; every string marked for translation in the
code must have an English msgstr in the committed django.po, and the committed
django.mo must be exactly that .po compiled (the server only reads the .mo).
Refresh with `make messages`, translate what is new, then commit both files.
"""

import gettext as gnu_gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

SOURCE = Path(__file__).resolve().parents[2]  # the wahana/ package
COMMITTED_PO = SOURCE / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMMITTED_MO = COMMITTED_PO.with_suffix(".mo")
# makemessages' default extensions for the "django" domain.
EXTENSIONS = (".py", ".html", ".txt")


def _catalog(mo: Path) -> dict:
    with mo.open("rb") as fp:
        return gnu_gettext.GNUTranslations(fp)._catalog


def _gettext_tool(*args: str) -> None:
    # GNU gettext from the system (`make` installs it), as Django's own commands use it.
    subprocess.run(args, check=True)  # noqa: S603, S607 - fixed program, paths built here


def _compile(po: Path, mo: Path) -> dict:
    # The same msgfmt call as Django's compilemessages; the .mo it writes
    # leaves out untranslated and fuzzy entries.
    _gettext_tool("msgfmt", "--check-format", "-o", str(mo), str(po))
    return _catalog(mo)


def _copy_sources(tmp_path: Path) -> Path:
    """A copy of the translatable sources only, with an empty locale directory,
    so makemessages can run exactly as `make messages` does without touching
    the committed catalogue."""

    def ignore(directory, names):
        skipped = set()
        for name in names:
            path = Path(directory) / name
            hidden = name.startswith(".") or name in ("__pycache__", "locale")
            if hidden or (path.is_file() and not name.endswith(EXTENSIONS)):
                skipped.add(name)
        return skipped

    root = tmp_path / "wahana"
    shutil.copytree(SOURCE, root, ignore=ignore)
    (root / "locale").mkdir()
    return root


@pytest.fixture(scope="module")
def extracted_msgids(tmp_path_factory):
    """Every msgid in the code, as keys of a compiled catalogue (plural forms as
    (msgid, n), context as "ctx\\x04msgid"), in which msgen made each msgstr
    its msgid so that none is left out."""
    tmp_path = tmp_path_factory.mktemp("i18n")
    root = _copy_sources(tmp_path)
    mp = pytest.MonkeyPatch()
    mp.chdir(root)
    try:
        with override_settings(LOCALE_PATHS=[root / "locale"]):
            call_command(
                "makemessages", locale=["en"], no_obsolete=True, no_location=True, verbosity=0
            )
    finally:
        mp.undo()
    extracted = root / "locale" / "en" / "LC_MESSAGES" / "django.po"
    filled = tmp_path / "filled.po"
    _gettext_tool("msgen", "-o", str(filled), str(extracted))
    catalog = _compile(filled, tmp_path / "filled.mo")
    catalog.pop("", None)
    return set(catalog)


def test_every_msgid_in_the_code_has_an_english_translation(extracted_msgids, tmp_path):
    assert len(extracted_msgids) > 1000  # the extraction really saw the code
    translated = _compile(COMMITTED_PO, tmp_path / "committed.mo")
    missing = sorted(str(key) for key in extracted_msgids if not translated.get(key))
    assert not missing, (
        f"{len(missing)} strings lack an English translation (or are fuzzy) in "
        f"wahana/locale/en/LC_MESSAGES/django.po; run `make messages` and translate: {missing[:20]}"
    )


def test_committed_mo_is_the_committed_po_compiled(tmp_path):
    compiled = _compile(COMMITTED_PO, tmp_path / "committed.mo")
    assert len(compiled) > 1000
    assert _catalog(COMMITTED_MO) == compiled, (
        "wahana/locale/en/LC_MESSAGES/django.mo is stale; "
        "run `wahana compilemessages -l en` and commit it"
    )
