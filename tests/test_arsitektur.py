"""The four apps stand on one-way floors (docs/ARCHITECTURE.md), and nothing imports in a
circle: every import of every module, also those inside functions, read with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PROYEK = Path(__file__).resolve().parent.parent


def _lantai_di_peta() -> list[str]:
    """The floors as docs/ARCHITECTURE.md draws them (top first), lowest first."""
    peta = (PROYEK / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    gambar = peta.split("```", 2)[1]
    return [baris.split("/")[0] for baris in gambar.splitlines() if "/ " in baris][::-1]


# Lowest floor first; a module may import its own app and the apps before it.
LANTAI = ["organisasi", "letters", "tte", "approvals"]
SEMUA = [*LANTAI, "sop_surat"]


def _modul(path: Path) -> str:
    parts = list(path.relative_to(PROYEK).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _berkas(app: str) -> list[Path]:
    return sorted((PROYEK / app).rglob("*.py"))


def _impor(path: Path) -> set[str]:
    """The project modules ``path`` imports (``from x import y`` counts x.y when y is a module)."""
    package = _modul(path) if path.name == "__init__.py" else _modul(path).rpartition(".")[0]
    return _impor_teks(path.read_text(encoding="utf-8"), package)


def _impor_teks(teks: str, package: str) -> set[str]:
    tree = ast.parse(teks)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return {n for n in names if n.split(".")[0] in SEMUA and _ada(n)}


def _ada(module: str) -> bool:
    path = PROYEK.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _graf() -> dict[str, set[str]]:
    return {_modul(path): _impor(path) for app in SEMUA for path in _berkas(app)}


def test_the_floors_are_the_apps_of_the_project_and_the_map_draws_them():
    from django.conf import settings

    assert _lantai_di_peta() == LANTAI

    ours = [app for app in settings.INSTALLED_APPS if app.split(".")[0] in SEMUA]
    assert [app.split(".")[0] for app in ours] == SEMUA


@pytest.mark.parametrize("app", LANTAI)
def test_no_module_imports_from_an_app_above_it(app):
    boleh = set(LANTAI[: LANTAI.index(app) + 1])
    naik = {
        f"{_modul(path)} → {imported}"
        for path in _berkas(app)
        for imported in _impor(path)
        if imported.split(".")[0] not in boleh
    }
    assert not naik, "impor ke lantai di atasnya: " + ", ".join(sorted(naik))


def test_no_import_cycle_anywhere():
    graf = _graf()
    siklus: list[list[str]] = []
    selesai: set[str] = set()

    def kunjungi(modul: str, jalur: list[str]) -> None:
        if modul in jalur:
            siklus.append([*jalur[jalur.index(modul) :], modul])
            return
        if modul in selesai:
            return
        for lanjut in sorted(graf.get(modul, ())):
            if lanjut != modul and lanjut in graf:
                kunjungi(lanjut, [*jalur, modul])
        selesai.add(modul)

    for modul in sorted(graf):
        kunjungi(modul, [])
    assert not siklus, "siklus impor: " + "; ".join(" → ".join(s) for s in siklus)


def test_the_walk_sees_imports_inside_functions_and_relative_ones():
    # The checker itself: an import written inside a function, or relative, still counts.
    assert "organisasi.models" in _impor(PROYEK / "letters" / "models.py")
    assert "approvals.rules" in _impor_teks(
        "def f():\n    from approvals import rules\n", "letters"
    )
    assert "letters.naskah" in _impor_teks("from . import naskah\n", "letters")
    assert "letters.models" in _impor_teks("from .models import Letter\n", "letters")
