"""Which files of a folder are calls: supported suffixes, crc's own outputs left out, stable output stems."""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from summarizer.dates import date_in_name
from summarizer.ingest.media import AUDIO_SUFFIXES
from summarizer.ingest.transcript import TRANSCRIPT_SUFFIXES, crc_output_reason
from summarizer.pipeline import distinct_stems

#: Files crc writes or reads beside a transcript: never inputs of a batch.
COMPANION_SUFFIXES = (".gold.json", ".account-gold.json", ".crc.json", ".score.json", ".transcript.json")


def supported_suffixes() -> frozenset[str]:
    return frozenset(TRANSCRIPT_SUFFIXES) | AUDIO_SUFFIXES


def is_companion(path: Path) -> bool:
    """Our own outputs and gold annotations, by name or content."""
    return path.name.lower().endswith(COMPANION_SUFFIXES) or crc_output(path) is not None


def crc_output(path: Path) -> str | None:
    """Why ``path`` is something crc wrote (a CRC .docx, a transcription of a recording), else None.

    By name: ``X.transcript.vtt`` beside the recording ``X.*`` or beside ``X.crc.json``, ``X.docx``
    beside ``X.crc.json``; by content: the mark crc stamps in the .docx core properties and the
    transcript header (outputs of earlier versions: the CRC id and author in the .docx).
    """
    name = path.name
    lower = name.lower()
    if lower.endswith(COMPANION_SUFFIXES[1:]):
        return "sortie de crc"
    if lower.endswith(".transcript.vtt"):
        stem = name[: -len(".transcript.vtt")]
        if any((path.parent / f"{stem}{s}").exists() for s in AUDIO_SUFFIXES):
            return "transcription d'un enregistrement du même dossier"
        if (path.parent / f"{stem}.crc.json").exists():
            return "sortie de crc"
    elif lower.endswith(".docx") and (path.parent / f"{name[:-5]}.crc.json").exists():
        return "sortie de crc"
    if path.suffix.lower() in {".docx", ".vtt", ".json"}:
        return crc_output_reason(path)
    return None


def cheap_date(path: Path) -> dt.date:
    """The date ``--since`` compares: a date in the file name, else its modification day.

    The file's inner metadata is not read at discovery: that would mean parsing
    every file (audio included) before knowing whether to process it.
    """
    return date_in_name(path.name) or dt.date.fromtimestamp(path.stat().st_mtime)




def matches_glob(rel: str, pattern: str) -> bool:
    """A pattern without ``/`` matches the file name; with ``/`` the path relative to INPUT_DIR."""
    if "/" in pattern:
        return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.lstrip("/"))
    return fnmatch.fnmatch(rel.rsplit("/", 1)[-1], pattern)


def _candidates(input_dir: Path, out_dir: Path | None) -> Iterator[Path]:
    """Supported files under ``input_dir`` (recursive, sorted), minus OUT_DIR and hidden files."""
    input_dir = input_dir.resolve()
    out_root = out_dir.resolve() if out_dir else None
    suffixes = supported_suffixes()
    for root, dirs, files in os.walk(input_dir):
        root_path = Path(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not (out_root and (root_path / d).resolve() == out_root)
        )
        for name in sorted(files):
            path = root_path / name
            if not name.startswith((".", "~$")) and path.suffix.lower() in suffixes and path.is_file():
                yield path


def discover(
    input_dir: Path, out_dir: Path | None = None, pattern: str | None = None, since: dt.date | None = None,
    *, only: Iterable[Path] | None = None,
) -> list[Path]:
    """Supported inputs under ``input_dir`` (recursive, sorted), minus OUT_DIR, hidden files, gold
    annotations and crc's own outputs (:func:`crc_output`); ``only`` keeps just those files (watch mode)."""
    root = input_dir.resolve()
    wanted = None if only is None else {p.resolve() for p in only}
    found: list[Path] = []
    for path in _candidates(root, out_dir):
        if wanted is not None and path.resolve() not in wanted:
            continue
        if is_companion(path):
            continue
        rel = path.relative_to(root).as_posix()
        if pattern and not matches_glob(rel, pattern):
            continue
        if since and cheap_date(path) < since:
            continue
        found.append(path)
    return found


def excluded_outputs(input_dir: Path, out_dir: Path | None = None) -> list[Path]:
    """crc's own outputs found under ``input_dir`` (outside OUT_DIR) that discovery leaves out, to say so."""
    return [p for p in _candidates(input_dir.resolve(), out_dir)
            if not p.name.lower().endswith(".gold.json") and crc_output(p) is not None]


def output_plan(paths: Iterable[Path], input_dir: Path) -> dict[Path, tuple[str, str]]:
    """path -> (relative dir, stem). Two inputs sharing a stem in one folder keep their suffix."""
    input_dir = input_dir.resolve()
    items = [(p, p.resolve().relative_to(input_dir)) for p in paths]
    folders: dict[str, list[Path]] = {}
    for _, rel in items:
        folders.setdefault(rel.parent.as_posix(), []).append(rel)
    stems = {rel: stem for rels in folders.values() for rel, stem in distinct_stems(rels).items()}
    return {path: (rel.parent.as_posix(), stems[rel]) for path, rel in items}
