"""``crc score`` (re-score a CRC edited by hand) and ``crc schema`` (the CRC JSON Schema)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from summarizer.cli import options as opt
from summarizer.cli.output import out


def score(
    crc_file: Annotated[Path, typer.Argument(help="Un fichier STEM.crc.json (éventuellement modifié).")],
    out_file: Annotated[Optional[Path], typer.Option("--out", "-o", help="Écrire le score JSON ici.")] = None,  # noqa: UP045
    transcript: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--transcript", "-t",
            help="Transcription de l'appel, pour vérifier les citations (par défaut : STEM.transcript.json "
            "à côté du CRC, ou le fichier source nommé dans le CRC s'il est là, inchangé).",
        ),
    ] = None,
    debug: opt.Debug = False,
) -> None:
    """Recalculer la note d'un CRC modifié à la main (citations vérifiées contre la transcription)."""
    from summarizer.errors import InputError
    from summarizer.files import atomic_write_text
    from summarizer.ingest.transcript import read_transcript
    from summarizer.score import score_crc, validate_crc

    if not crc_file.is_file():
        raise InputError(f"{crc_file} : fichier introuvable.", source=crc_file)
    data = crc_file.read_bytes()
    try:
        crc = validate_crc(data)  # the schema first: its errors come before any transcript lookup
        source = transcript or _transcript_beside(crc_file, crc.metadata.source, crc.metadata.source_sha256)
        if source is None:
            raise InputError(
                "transcription introuvable pour vérifier les citations ; indiquez-la avec --transcript FICHIER."
            )
        crc = validate_crc(data, read_transcript(source))  # the web service's edit check, same message
    except InputError as exc:
        raise InputError(f"{crc_file.name} : {exc}", source=crc_file) from exc
    report = score_crc(crc)
    if out_file:
        atomic_write_text(out_file, report.model_dump_json(indent=2))
    out.print(f"[bold]{crc.id}[/] : {report.total:g}/10 (cible ≥ {report.target:g})", highlight=False)
    for c in report.criteria:
        out.print(f"  {c.points:g}/{c.max:g}  {c.label} — {c.reason}", highlight=False)
    out.print(f"  Règle d'or : {report.golden_rule.reason}", highlight=False)
    out.print(f"  7-3-1 : {report.format_731.reason}", highlight=False)
    for w in report.warnings:
        out.print(f"  [yellow]⚠[/] {w}", highlight=False)


def _transcript_beside(crc_file: Path, source: str | None, sha256: str | None) -> Path | None:
    """``STEM.transcript.json`` beside the CRC (a recording's), else the source file the CRC names,
    beside it or in the current folder, when its content is the one the CRC was made from."""
    from summarizer.files import sha256_file

    stem = crc_file.name.removesuffix(".crc.json")
    beside = crc_file.with_name(f"{stem}.transcript.json")
    if beside.is_file():
        return beside
    if not source or not sha256 or Path(source).name != source:
        return None
    for folder in (crc_file.parent, Path.cwd()):
        candidate = folder / source
        if candidate.is_file() and sha256_file(candidate) == sha256:
            return candidate
    return None


def schema() -> None:
    """Afficher le JSON Schema du CRC."""
    from summarizer.crc import crc_json_schema

    sys.stdout.write(json.dumps(crc_json_schema(), ensure_ascii=False, indent=2) + "\n")
