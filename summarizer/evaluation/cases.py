"""Which gold cases a folder holds: the one lister that the runner and the split proposer share.

Apart from ``runner`` so that ``splits`` (which ``runner`` reads for the split names) can list the
cases without importing the runner back.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from summarizer.errors import InputError

GOLD_SUFFIX = ".gold.json"


def discover_cases(cases_dir: Path) -> list[Path]:
    """Gold files of the folder (recursively), in a stable order."""
    if not cases_dir.is_dir():
        raise InputError(f"{cases_dir} : dossier de cas introuvable ; indiquez --cases DOSSIER.")
    return sorted(p for p in cases_dir.rglob(f"*{GOLD_SUFFIX}") if p.is_file())


def case_name(gold_path: Path) -> str:
    return gold_path.name[: -len(GOLD_SUFFIX)]


def select_cases(cases_dir: Path, split_of: Mapping[str, str] | None = None, only: str | None = None) -> list[Path]:
    """The folder's gold files, only those of split ``only`` when one is given (``crc eval --split``)."""
    paths = discover_cases(cases_dir)
    if only is None or split_of is None:
        return paths
    return [p for p in paths if split_of.get(case_name(p)) == only]
