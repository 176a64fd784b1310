"""``crc export DIR_OR_FILES --to hubspot|salesforce|csv|jsonl --out FILE``: CRM import files from CRCs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from summarizer.cli import options as opt
from summarizer.cli.output import error_line, fail, out
from summarizer.errors import ExitCode, InputError
from summarizer.messages import Message


def export(
    inputs: Annotated[list[Path], typer.Argument(help="Fichiers STEM.crc.json ou dossiers (récursif).")],
    to: Annotated[str, typer.Option("--to", help="hubspot, salesforce, csv ou jsonl.")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Fichier à écrire (hubspot : FICHIER-notes et FICHIER-tasks).")],
    owners: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--owners", help="CSV « nom,utilisateur CRM » (e-mail HubSpot ou Id Salesforce) des commerciaux."),
    ] = None,
    debug: opt.Debug = False,
) -> None:
    """Fichiers d'import CRM : une note par CRC, une tâche par next step et par livrable."""
    from summarizer.downstream.crcfiles import load_crcs
    from summarizer.downstream.export import mark_completed, read_owner_map, records_of, render_export, targets
    from summarizer.files import atomic_write_text

    if to not in targets():
        fail(f"--to « {to} » inconnu ; choisir {', '.join(targets())}.")
    if out_file.is_dir():
        fail(f"--out {out_file} : c'est un dossier ; donnez un nom de fichier (ex. crm.csv).")
    owner_map = read_owner_map(owners) if owners else {}
    crcs, problems = load_crcs(inputs)
    for problem in problems:
        error_line(problem)
    if not crcs:
        fail("aucun CRC à exporter ; donnez des fichiers STEM.crc.json ou le dossier de sortie de `crc run`/`crc batch`.")
    records = [r for _, crc in crcs for r in records_of(crc, owner_map)]
    mark_completed(records, [crc for _, crc in crcs])
    files = render_export(records, to, out_file)
    for path, text in files.items():
        try:
            atomic_write_text(path, text)
        except OSError as exc:  # a folder that does not exist or cannot be written: the user picks another
            raise InputError(Message("export_unwritable", path=path, reason=exc.strerror or type(exc).__name__)) from None
    notes = sum(r.kind == "note" for r in records)
    out.print(f"{len(crcs)} CRC → {notes} note(s), {len(records) - notes} tâche(s) : "
              f"{', '.join(str(p) for p in files)}", highlight=False, soft_wrap=True)
    if problems:
        raise typer.Exit(int(ExitCode.USAGE))
