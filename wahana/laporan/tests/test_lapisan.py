"""The dependency direction of docs/architecture.md: laporan's document layer (kop, render, pdf,
xlsx) sits below the domain apps that lay out their documents with it, so it imports none of
them; the domain apps import nothing else of laporan, and nothing of pantau (watching), which
sits above them and reads them. Imports inside functions count as much as those at the top."""

import ast
import re
from pathlib import Path

import pytest

WAHANA = Path(__file__).resolve().parents[2]
LAPISAN_DOKUMEN = ("kop", "render", "pdf", "xlsx")
# What the document layer may import from the project: its own modules, laporan's Kop model,
# regions and the Django-free helpers.
BOLEH_DI_BAWAH = {
    *(f"wahana.laporan.{m}" for m in LAPISAN_DOKUMEN),
    "wahana.laporan.models",
    "wahana.wilayah.models",
    "wahana.lib",
    "wahana.lib.kode",
}
# Every app below laporan's reports (config, the project's top, wires laporan in).
PEMAKAI = (
    "wilayah",
    "akun",
    "audit",
    "berkas",
    "wksbm",
    "pendamping",
    "ppks",
    "kegiatan",
    "dana",
    "bimtek",
    "pantau",
    "luring",
    "tugas",
)
# The domain apps, in the INSTALLED_APPS order: pantau and laporan's reports read them, never the
# other way round.
DOMAIN = (
    "wilayah",
    "akun",
    "audit",
    "berkas",
    "tugas",
    "wksbm",
    "pendamping",
    "ppks",
    "kegiatan",
    "dana",
    "bimtek",
)


def _imports(path: Path) -> set[str]:
    """Project modules imported by `path`, relative imports resolved, at any depth of the file."""
    package = "wahana." + ".".join(path.relative_to(WAHANA).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.add(f"{base}.{node.module}" if node.module else base)
            else:
                found.add(node.module or "")
        elif isinstance(node, ast.Constant) and re.fullmatch(r"wahana(\.\w+)+", str(node.value)):
            # A module named in a string: importlib.import_module("wahana.pantau.x").
            found.add(node.value)
    return {m for m in found if m == "wahana" or m.startswith("wahana.")}


@pytest.mark.parametrize("modul", LAPISAN_DOKUMEN)
def test_document_layer_imports_no_domain_app(modul):
    imports = _imports(WAHANA / "laporan" / f"{modul}.py")
    assert imports <= BOLEH_DI_BAWAH, imports - BOLEH_DI_BAWAH


@pytest.mark.parametrize("app", PEMAKAI)
def test_domain_apps_use_only_the_document_layer_of_laporan(app):
    layer = {f"wahana.laporan.{m}" for m in LAPISAN_DOKUMEN}
    for path in _source_files(app):
        dari_laporan = {m for m in _imports(path) if m.startswith("wahana.laporan")}
        assert dari_laporan <= layer, (path, dari_laporan - layer)


def _source_files(app: str):
    return (p for p in (WAHANA / app).rglob("*.py") if "tests" not in p.parts)


@pytest.mark.parametrize("app", DOMAIN)
def test_domain_apps_import_nothing_of_pantau(app):
    for path in _source_files(app):
        dari_pantau = {
            m for m in _imports(path) if m == "wahana.pantau" or m.startswith("wahana.pantau.")
        }
        assert not dari_pantau, (path, dari_pantau)


def test_the_check_sees_imports():
    """The checks above are not empty: the builders do import the layer, and isi.py (a report,
    above the domain apps) imports domain apps the layer may not."""
    assert "wahana.laporan.render" in _imports(WAHANA / "dana" / "ekspor.py")
    assert "wahana.laporan.pdf" in _imports(WAHANA / "laporan" / "render.py")
    assert not _imports(WAHANA / "laporan" / "isi.py") <= BOLEH_DI_BAWAH
    # An import inside a function (pantau reads activities lazily) and a module named in a
    # string are seen too.
    assert "wahana.kegiatan.models" in _imports(WAHANA / "pantau" / "indeks.py")
    assert "wahana.wksbm.migrations.0002_seed_jenis_lembaga" in _imports(WAHANA / "conftest.py")
