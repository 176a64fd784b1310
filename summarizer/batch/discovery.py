"""Which files of a folder are calls: supported suffixes, crc's own outputs left out, stable output stems."""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from collections.abc import Iterable
from pathlib import Path

from summarizer.ingest.transcript import TRANSCRIPT_SUFFIXES
from summarizer.pipeline import output_stem

#: Used only if ``summarizer.ingest.asr`` cannot be imported (it owns the real list).
AUDIO_FALLBACK_SUFFIXES = frozenset(
    {".wav", ".mp3", ".m4a", ".mp4", ".aac", ".ogg", ".oga", ".opus", ".flac", ".webm", ".wma", ".mkv", ".mov"}
)
#: Files crc writes or reads beside a transcript: never inputs of a batch.
COMPANION_SUFFIXES = (".gold.json", ".account-gold.json", ".crc.json", ".score.json", ".transcript.json")


def audio_suffixes() -> frozenset[str]:
    try:
        from summarizer.ingest.asr import AUDIO_SUFFIXES
    except ImportError:
        return AUDIO_FALLBACK_SUFFIXES
    return frozenset(s.lower() for s in AUDIO_SUFFIXES)


def supported_suffixes() -> frozenset[str]:
    return frozenset(TRANSCRIPT_SUFFIXES) | audio_suffixes()


def is_companion(path: Path, audio: frozenset[str] | None = None) -> bool:
    """Our own outputs and gold annotations; ``X.transcript.vtt`` only beside its recording."""
    name = path.name.lower()
    if name.endswith(COMPANION_SUFFIXES):
        return True
    if name.endswith(".transcript.vtt"):
        stem = path.name[: -len(".transcript.vtt")]
        return any((path.parent / f"{stem}{s}").exists() for s in (audio or audio_suffixes()))
    return False


def filename_date(path: Path) -> dt.date | None:
    from summarizer.pipeline import _NAME_DATE

    m = _NAME_DATE.search(path.name)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def cheap_date(path: Path) -> dt.date:
    """The date ``--since`` compares: a date in the file name, else its modification day.

    The file's inner metadata is not read at discovery: that would mean parsing
    every file (audio included) before knowing whether to process it.
    """
    return filename_date(path) or dt.date.fromtimestamp(path.stat().st_mtime)




def matches_glob(rel: str, pattern: str) -> bool:
    """A pattern without ``/`` matches the file name; with ``/`` the path relative to INPUT_DIR."""
    if "/" in pattern:
        return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.lstrip("/"))
    return fnmatch.fnmatch(rel.rsplit("/", 1)[-1], pattern)


def discover(
    input_dir: Path, out_dir: Path | None = None, pattern: str | None = None, since: dt.date | None = None,
) -> list[Path]:
    """Supported inputs under ``input_dir`` (recursive, sorted), minus OUT_DIR, hidden files and companions."""
    input_dir = input_dir.resolve()
    out_root = out_dir.resolve() if out_dir else None
    suffixes, audio = supported_suffixes(), audio_suffixes()
    found: list[Path] = []
    for root, dirs, files in os.walk(input_dir):
        root_path = Path(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not (out_root and (root_path / d).resolve() == out_root)
        )
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            path = root_path / name
            if path.suffix.lower() not in suffixes or is_companion(path, audio) or not path.is_file():
                continue
            rel = path.relative_to(input_dir).as_posix()
            if pattern and not matches_glob(rel, pattern):
                continue
            if since and cheap_date(path) < since:
                continue
            found.append(path)
    return found


def output_plan(paths: Iterable[Path], input_dir: Path) -> dict[Path, tuple[str, str]]:
    """path -> (relative dir, stem). Two inputs sharing a stem in one folder keep their suffix."""
    input_dir = input_dir.resolve()
    plan: dict[Path, tuple[str, str]] = {}
    seen: dict[tuple[str, str], int] = {}
    items = [(p, p.resolve().relative_to(input_dir)) for p in paths]
    for _, rel in items:
        key = (rel.parent.as_posix(), output_stem(rel).lower())
        seen[key] = seen.get(key, 0) + 1
    for path, rel in items:
        parent = rel.parent.as_posix()
        stem = output_stem(rel)
        if seen[(parent, stem.lower())] > 1:
            stem = rel.name
        plan[path] = (parent, stem)
    return plan
