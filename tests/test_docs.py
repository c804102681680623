"""The documentation keeps up with the code (the datasette habit): a `wahana` command of the
project, an environment variable read by the settings, or a core domain term that is not
documented fails the suite, so the README and the glossary cannot silently fall behind."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GLOSSARY = ROOT / "docs" / "glossary.md"
SETTINGS = ROOT / "wahana" / "config" / "settings.py"

# The words every reader of Wahana meets first (PRODUCT.md's glossary, roles and statuses).
REQUIRED_TERMS = (
    "Dinsos",
    "WKSBM",
    "pengurus",
    "lembaga anggota",
    "SK",
    "PPKS",
    "PSKS",
    "TKSK",
    "PSM",
    "bimtek",
    "pendampingan",
    "penggalangan dana",
    "penyaluran dana",
    "ADD",
    "DD",
    "APBDes",
    "Musdes",
    "RKPDes",
    "DTSEN",
    "desil",
    "NIK",
    "No KK",
    "mati suri",
    "wilayah",
    "kode wilayah",
    "desa",
    "kelurahan",
    "kecamatan",
    "peran",
    "cakupan",
    "pimpinan",
    "status WKSBM",
    "tahap",
    "laporan bulanan",
    "rujukan",
)

# Reads of the environment in settings.py: os.getenv("X"), os.environ["X"], os.environ.get("X"),
# and the settings' own helpers envbool("X"), envint("X"), envlist("X").
ENV_READ = re.compile(
    r"""(?:os\.getenv|os\.environ\.get|os\.environ\[|env(?:bool|int|list))\(?\s*["']([A-Z0-9_]+)["']"""
)


def readme() -> str:
    return README.read_text(encoding="utf-8")


def project_commands() -> list[str]:
    return sorted(name for name, app in get_commands().items() if app.startswith("wahana."))


def settings_variables() -> list[str]:
    return sorted(set(ENV_READ.findall(SETTINGS.read_text(encoding="utf-8"))))


def glossary_terms() -> list[str]:
    """The first cell of every table row of the glossary (header and rulers excluded)."""
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| ") or line.startswith("| ---"):
            continue
        first = line.split("|")[1].strip()
        if first != "term":
            terms.append(first)
    return terms


def test_the_checks_find_what_they_check():
    # Guards the guards: a regex that matched nothing would make the tests below pass vacuously.
    assert {"wilayah", "demo"} <= set(project_commands())
    assert {"SECRET_KEY", "DATABASE_URL", "WAHANA_DATA_DIR", "AXES_FAILURE_LIMIT"} <= set(
        settings_variables()
    )
    assert len(glossary_terms()) >= len(REQUIRED_TERMS)


@pytest.mark.parametrize("command", project_commands())
def test_every_project_command_is_in_the_readme(command):
    assert f"wahana {command}" in readme(), f"`wahana {command}` is not described in README.md"


@pytest.mark.parametrize("variable", settings_variables())
def test_every_environment_variable_is_in_the_readme(variable):
    assert f"`{variable}`" in readme(), (
        f"settings.py reads {variable} but README.md does not document it"
    )


@pytest.mark.parametrize("term", REQUIRED_TERMS)
def test_core_terms_are_in_the_glossary(term):
    entries = {t.lower() for t in glossary_terms()}
    assert term.lower() in entries, f"docs/glossary.md has no entry for {term!r}"


def test_each_glossary_term_is_settled_once():
    terms = [t.lower() for t in glossary_terms()]
    twice = sorted({t for t in terms if terms.count(t) > 1})
    assert not twice, f"docs/glossary.md defines these more than once: {twice}"


@pytest.mark.parametrize("document", [README, GLOSSARY, ROOT / "docs" / "architecture.md"])
def test_relative_links_point_to_existing_files(document):
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", document.read_text(encoding="utf-8"))
    missing = [link for link in links if not (document.parent / link).exists()]
    assert not missing, f"{document.name} links to missing files: {missing}"
