"""The ``crc`` command (Typer + rich). It only calls the pipeline.

Errors are one line on stderr with exit code 2 for bad input (1 for other
failures); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from summarizer import __version__
from summarizer import cli_options as opt
from summarizer.errors import CrcError, InputError

app = typer.Typer(
    name="crc",
    help="Compte rendu commercial : d'un appel de vente (enregistrement ou transcription) au CRC noté et à l'e-mail de suivi.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
out = Console()


def fail(message: str, code: int = 2) -> None:
    console.print(f"[bold red]Erreur[/] : {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--meeting-date « {value} » : format attendu AAAA-MM-JJ (ex. 2026-11-18).")
    return None


def _channels(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        fail("--channels attend deux noms séparés par une virgule : « Vendeur,Client » (gauche,droite).")
    return parts[0], parts[1]


def check_run_options(backend: str, fallback: str | None, language: str | None) -> None:
    """The choices shared by ``crc run`` and ``crc batch``; exit 2 with one line when wrong."""
    if backend not in {"rules", "llm"}:
        fail(f"--backend « {backend} » inconnu ; choisir rules ou llm.")
    if fallback not in {None, "rules"}:
        fail(f"--fallback « {fallback} » inconnu ; seul « rules » est possible.")
    if language not in {None, "fr", "en", "auto"}:
        fail(f"--language « {language} » inconnu ; choisir fr, en ou auto.")


_DATE_SOURCES = {
    "option": "option --meeting-date",
    "metadata": "métadonnées du fichier",
    "filename": "nom du fichier",
    "today": "date du jour (aucune date trouvée ; précisez --meeting-date)",
}


@app.command()
def run(
    inputs: Annotated[list[Path], typer.Argument(help="Transcriptions (.vtt .srt .txt .json .docx) ou enregistrements audio.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Dossier de sortie.")] = Path("out"),
    backend: opt.Backend = "rules",
    fallback: opt.Fallback = None,
    meeting_date: Annotated[Optional[str], typer.Option("--meeting-date", help="Date de la réunion, AAAA-MM-JJ.")] = None,  # noqa: UP045
    client: opt.Client = None,
    vendor: opt.Vendor = None,
    language: opt.Language = None,
    participants: opt.Participants = None,
    asr_model: opt.AsrModel = None,
    channels: Annotated[Optional[str], typer.Option(help="Audio stéréo : noms des canaux gauche,droite.")] = None,  # noqa: UP045
    word_timestamps: Annotated[bool, typer.Option("--word-timestamps", help="Horodatage par mot (audio).")] = False,
    debug: opt.Debug = False,
) -> None:
    """Produire le CRC, sa note et l'e-mail de suivi pour chaque fichier."""
    from summarizer.pipeline import RunOptions, run_file

    check_run_options(backend, fallback, language)
    options = RunOptions(
        backend=backend, fallback=fallback, meeting_date=_date(meeting_date), client=client, vendor=vendor,  # type: ignore[arg-type]
        language=language, participants=participants or [], asr_model=asr_model,  # type: ignore[arg-type]
        channels=_channels(channels), word_timestamps=word_timestamps, progress=sys.stderr.isatty(),
    )
    failures: list[tuple[Path, CrcError]] = []
    worst = 0
    for path in inputs:
        try:
            result, written = run_file(path, out_dir, options)
        except CrcError as exc:
            if debug:
                raise
            console.print(f"[bold red]Erreur[/] : {exc}", highlight=False, soft_wrap=True)
            failures.append((path, exc))
            worst = max(worst, exc.exit_code)
            continue
        except Exception as exc:
            if debug:
                raise
            console.print(
                f"[bold red]Erreur[/] : {path.name} : erreur interne ({type(exc).__name__}: {exc}) ; relancez avec --debug.",
                highlight=False, soft_wrap=True,
            )
            failures.append((path, CrcError(str(exc))))
            worst = max(worst, 1)
            continue
        _summary(result, written)
    if failures:
        raise typer.Exit(worst or 1)


def _summary(result: object, written: list[Path]) -> None:
    from summarizer.pipeline import RunResult

    assert isinstance(result, RunResult)
    crc, report = result.crc, result.report
    gr = report.golden_rule
    target = "✓" if report.meets_target else "✗"
    out.print(f"[bold]{result.source.name}[/] → {crc.id}", highlight=False)
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


@app.command()
def score(
    crc_file: Annotated[Path, typer.Argument(help="Un fichier STEM.crc.json (éventuellement modifié).")],
    out_file: Annotated[Optional[Path], typer.Option("--out", "-o", help="Écrire le score JSON ici.")] = None,  # noqa: UP045
    debug: Annotated[bool, typer.Option("--debug")] = False,
) -> None:
    """Recalculer la note d'un CRC modifié à la main."""
    from pydantic import ValidationError

    from summarizer.crc import CRC
    from summarizer.files import atomic_write_text
    from summarizer.score import score_crc

    try:
        if not crc_file.is_file():
            raise InputError(f"{crc_file} : fichier introuvable.")
        try:
            crc = CRC.model_validate_json(crc_file.read_bytes())
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"]) or "racine"
            raise InputError(f"{crc_file.name} : CRC invalide ({where} : {first['msg']}) ; {exc.error_count()} erreur(s).") from exc
    except CrcError as exc:
        if debug:
            raise
        fail(str(exc), exc.exit_code)
        return
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


@app.command()
def schema() -> None:
    """Afficher le JSON Schema du CRC."""
    from summarizer.crc import crc_json_schema

    sys.stdout.write(json.dumps(crc_json_schema(), ensure_ascii=False, indent=2) + "\n")


def _version(value: bool) -> None:
    if value:
        out.print(f"crc {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Version.")] = False,
) -> None:
    """crc — compte rendu commercial."""


def _register_commands() -> None:
    import summarizer.commands as commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"summarizer.commands.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)


_register_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
