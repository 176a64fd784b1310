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
    debug: opt.Debug = False,
) -> None:
    """Recalculer la note d'un CRC modifié à la main."""
    from pydantic import ValidationError

    from summarizer.crc import CRC
    from summarizer.errors import InputError, validation_summary
    from summarizer.files import atomic_write_text
    from summarizer.score import score_crc

    if not crc_file.is_file():
        raise InputError(f"{crc_file} : fichier introuvable.", source=crc_file)
    try:
        crc = CRC.model_validate_json(crc_file.read_bytes())
    except ValidationError as exc:
        raise InputError(
            f"{crc_file.name} : CRC invalide ({validation_summary(exc)}) ; {exc.error_count()} erreur(s).",
            source=crc_file,
        ) from exc
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


def schema() -> None:
    """Afficher le JSON Schema du CRC."""
    from summarizer.crc import crc_json_schema

    sys.stdout.write(json.dumps(crc_json_schema(), ensure_ascii=False, indent=2) + "\n")
