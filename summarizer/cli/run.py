"""``crc run``: one or more calls to CRC, score, e-mail and documents; a summary per file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from summarizer.cli import options as opt
from summarizer.cli.output import console, error_line, out, state
from summarizer.errors import CrcError, ExitCode, one_line

_DATE_SOURCES = {
    "option": "option --meeting-date",
    "metadata": "métadonnées du fichier",
    "filename": "nom du fichier",
    "today": "date du jour (aucune date trouvée ; précisez --meeting-date)",
}


def run(
    inputs: Annotated[list[Path], typer.Argument(help="Transcriptions (.vtt .srt .txt .json .docx) ou enregistrements audio.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Dossier de sortie.")] = Path("out"),
    backend: opt.Backend = "rules",
    fallback: opt.Fallback = None,
    meeting_date: opt.MeetingDate = None,
    client: opt.Client = None,
    vendor: opt.Vendor = None,
    language: opt.Language = None,
    participants: opt.Participants = None,
    asr_model: opt.AsrModel = None,
    channels: Annotated[Optional[str], typer.Option(help="Audio stéréo : noms des canaux gauche,droite.")] = None,  # noqa: UP045
    word_timestamps: Annotated[bool, typer.Option("--word-timestamps", help="Horodatage par mot (audio).")] = False,
    speakers: opt.Speakers = None,
    no_diarize: opt.NoDiarize = False,
    debug: opt.Debug = False,
) -> None:
    """Produire le CRC, sa note et l'e-mail de suivi pour chaque fichier."""
    from summarizer.pipeline import RunOptions, run_file

    opt.check_run_options(backend, fallback, language)
    options = RunOptions(
        backend=backend, fallback=fallback, meeting_date=opt.parse_date(meeting_date), client=client, vendor=vendor,  # type: ignore[arg-type]
        language=language, participants=participants or [], asr_model=asr_model,  # type: ignore[arg-type]
        channels=opt.parse_channels(channels), word_timestamps=word_timestamps, progress=sys.stderr.isatty(),
        diarize=not no_diarize, speakers=speakers,
    )
    worst = ExitCode.OK
    for path in inputs:
        try:
            result, written = run_file(path, out_dir, options)
        except Exception as exc:  # one bad file never stops the others
            if state.debug:
                raise
            error_line(one_line(exc, path, limit=10_000))
            worst = max(worst, exc.exit_code if isinstance(exc, CrcError) else ExitCode.ERROR)
            continue
        _summary(result, written)
    if worst:
        raise typer.Exit(int(worst))


def _summary(result: object, written: list[Path]) -> None:
    from summarizer.pipeline import RunResult

    assert isinstance(result, RunResult)
    crc, report = result.crc, result.report
    gr = report.golden_rule
    target = "✓" if report.meets_target else "✗"
    out.print(f"[bold]{result.source.name}[/] → {crc.id}", highlight=False)
    for warning in result.transcript.warnings:
        console.print(f"[yellow]Attention[/] : {warning}", highlight=False, soft_wrap=True)
    out.print(
        f"  Note : [bold]{report.total:g}/10[/] {target} (cible ≥ {report.target:g})   "
        f"Règle d'or : {'[green]respectée[/]' if gr.ok else '[yellow]' + gr.verdict + '[/]'}",
        highlight=False,
    )
    out.print(
        f"  {len(crc.facts)} faits · {len(crc.decisions)} décisions · {len(crc.risks)} risques · "
        f"{len(crc.next_steps)} next steps · {len(crc.deliverables)} livrables · {len(crc.participants)} participants",
        highlight=False, soft_wrap=True,
    )
    source = crc.metadata.meeting_date_source or "option"
    out.print(f"  Date de réunion : {crc.meeting.date:%d/%m/%Y} ({_DATE_SOURCES.get(source, source)})", highlight=False)
    if crc.metadata.fallback_from:
        out.print(f"  [yellow]Repli : backend {crc.metadata.backend} (au lieu de {crc.metadata.fallback_from})[/]")
    stem = next((p.name[: -len(sfx)] for p in written for sfx in (".crc.json",) if p.name.endswith(sfx)), written[0].stem)
    suffixes = " ".join(p.name[len(stem):] for p in written)
    out.print(f"  Fichiers : {written[0].parent}/{stem}{{{suffixes}}}", highlight=False, soft_wrap=True)
