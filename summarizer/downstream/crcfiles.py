"""Find and read the CRC files a downstream command is given (folders are searched recursively).

Downstream commands read CRC files, never transcripts. A file that is not a
valid CRC is one line in ``problems``; the others go on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from summarizer.crc import CRC
from summarizer.errors import InputError, validation_summary

CRC_SUFFIX = ".crc.json"
#: ``STEM.v1.0.crc.json``: a validated version kept beside its amended successor; not exported again.
SNAPSHOT = re.compile(r"\.v\d+\.\d+\.crc\.json$")


def crc_files_in(folder: Path) -> list[Path]:
    """The CRC files under ``folder`` (recursive, sorted): no validated snapshot kept beside its amended
    successor, nothing in a hidden folder. The one rule for export, push, the account and the brief."""
    return sorted(p for p in folder.rglob(f"*{CRC_SUFFIX}") if not SNAPSHOT.search(p.name)
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def find_crc_files(inputs: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Every ``*.crc.json`` under the given folders, plus the given files; unknown paths are problems."""
    found: list[Path] = []
    problems: list[str] = []
    for path in inputs:
        if path.is_dir():
            matches = crc_files_in(path)
            if not matches:
                problems.append(f"{path} : aucun fichier {CRC_SUFFIX} dans ce dossier.")
            found.extend(matches)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(f"{path} : fichier ou dossier introuvable.")
    return list(dict.fromkeys(found)), problems


def read_crc(path: Path) -> CRC:
    """One CRC file, or :class:`InputError` with one line saying why not."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path} : illisible ({exc.strerror}).", source=path) from None
    try:
        return CRC.model_validate_json(data)
    except ValidationError as exc:
        raise InputError(
            f"{path.name} : pas un CRC valide ({validation_summary(exc)}) ; attendu un fichier STEM{CRC_SUFFIX} de crc.",
            source=path,
        ) from None


def load_crcs(inputs: Iterable[Path]) -> tuple[list[tuple[Path, CRC]], list[str]]:
    paths, problems = find_crc_files(inputs)
    crcs: list[tuple[Path, CRC]] = []
    for path in paths:
        try:
            crcs.append((path, read_crc(path)))
        except InputError as exc:
            problems.append(str(exc))
    return crcs, problems
