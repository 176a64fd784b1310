"""``crc run``: one or more calls to CRC, score, e-mail and documents; a summary per file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from summarizer.cli import options as opt
from summarizer.cli.output import console, error_line, out, state
from summarizer.errors import CrcError, ExitCode, one_line

_DATE_SOURCES = {
    "option": "option --meeting-date",
    "metadata": "métadonnées du fichier",
    "filename": "nom du fichier",
    "mtime": "date de modification du fichier, aucune date dans le fichier ni son nom ; précisez --meeting-date",
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
    rep: opt.Rep = None,
    opportunity: opt.Opportunity = None,
    crm_stage: opt.CrmStage = None,
    asr_model: opt.AsrModel = None,
    channels: Annotated[Optional[str], typer.Option(help="Audio stéréo : noms des canaux gauche,droite.")] = None,  # noqa: UP045
    word_timestamps: Annotated[bool, typer.Option("--word-timestamps", help="Horodatage par mot (audio).")] = False,
    speakers: opt.Speakers = None,
    no_diarize: opt.NoDiarize = False,
    redact: opt.Redact = None,
    debug: opt.Debug = False,
) -> None:
    """Produire le CRC, sa note et l'e-mail de suivi pour chaque fichier."""
    from summarizer.cli.progress import StageProgress
    from summarizer.files import ensure_out_dir
    from summarizer.pipeline import RunOptions, run_file

    opt.check_run_options(backend, fallback, language)
    opt.check_participants(participants)
    opt.check_speakers(speakers)
    options = RunOptions(
        backend=backend, fallback=fallback, meeting_date=opt.parse_date(meeting_date), client=client, vendor=vendor,  # type: ignore[arg-type]
        language=language, participants=participants or [], asr_model=asr_model,
        channels=opt.parse_channels(channels), word_timestamps=word_timestamps, progress=sys.stderr.isatty(),
        date_fallback=opt.DATE_FALLBACK,
        rep=rep, opportunity_id=opportunity, crm_stage=crm_stage,
        diarize=not no_diarize, speakers=speakers,
    )
    ensure_out_dir(out_dir)
    opt.warn_audio_options(inputs, asr_model=asr_model, channels=channels, word_timestamps=word_timestamps)
    stems = _stems(inputs)
    worst = ExitCode.OK
    for path, stem in stems.items():
        try:
            with StageProgress(console, enabled=options.progress) as progress:
                result, written = run_file(path, out_dir, options, stem, on_stage=progress.hook(path.name))
        except Exception as exc:  # one bad file never stops the others
            if state.debug:
                raise
            error_line(one_line(exc, path, limit=10_000))
            worst = max(worst, exc.exit_code if isinstance(exc, CrcError) else ExitCode.ERROR)
            continue
        _summary(result, written)
    if worst:
        raise typer.Exit(int(worst))


def _stems(inputs: list[Path]) -> dict[Path, str]:
    """One output stem per input, distinct as in a batch; says when a name had to change."""
    from summarizer.pipeline import distinct_stems, output_stem

    unique: dict[Path, Path] = {}
    for path in inputs:
        if path.resolve() in unique:
            console.print(f"[yellow]Attention[/] : {escape(str(path))} donné deux fois ; traité une seule fois.", highlight=False)
            continue
        unique[path.resolve()] = path
    named = distinct_stems(unique)
    stems = {given: named[resolved] for resolved, given in unique.items()}
    renamed = [(p, s) for p, s in stems.items() if s != output_stem(p)]
    if renamed:
        shown = ", ".join(f"{p} → {s}.*" for p, s in renamed)
        console.print(f"[yellow]Attention[/] : plusieurs fichiers donnent le même nom de sortie ; {shown}",
                      highlight=False, soft_wrap=True)
    return stems


def _summary(result: object, written: list[Path]) -> None:
    from summarizer.pipeline import RunResult

    assert isinstance(result, RunResult)
    crc, report = result.crc, result.report
    gr = report.golden_rule
    target = "✓" if report.meets_target else "✗"
    out.print(f"[bold]{escape(result.source.name)}[/] → {crc.id}", highlight=False)
    for warning in result.transcript.warnings:
        console.print(f"[yellow]Attention[/] : {escape(warning)}", highlight=False, soft_wrap=True)
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
    if crc.meeting.rep:
        how = "donné" if crc.metadata.rep_source == "given" else "vendeur qui parle le plus"
        out.print(f"  Commercial : {crc.meeting.rep} ({how})", highlight=False)
    source = crc.metadata.meeting_date_source or "option"
    out.print(f"  Date de réunion : {crc.meeting.date:%d/%m/%Y} ({_DATE_SOURCES.get(source, source)})", highlight=False)
    if crc.metadata.fallback_from:
        out.print(f"  [yellow]Repli : backend {crc.metadata.backend} (au lieu de {crc.metadata.fallback_from})[/]")
    stem = next((p.name[: -len(sfx)] for p in written for sfx in (".crc.json",) if p.name.endswith(sfx)), written[0].stem)
    suffixes = " ".join(p.name[len(stem):] for p in written)
    out.print(f"  Fichiers : {written[0].parent}/{stem}{{{suffixes}}}", highlight=False, soft_wrap=True)
