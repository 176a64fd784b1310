"""``crc batch INPUT_DIR --out OUT_DIR``: a whole folder, resumable, with the team summary.

Exit codes: 0 all files succeeded (or were already done), 1 some failed (the
summary says which and why), 2 bad arguments, 130 interrupted (a re-run
completes the rest).
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape

from summarizer.cli import options as opt
from summarizer.cli.output import console, fail, out
from summarizer.errors import ExitCode

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from summarizer.batch import BatchReport, FileOutcome
    from summarizer.ingest.metadata import CallMetadata
    from summarizer.pipeline import RunOptions



class _RichObserver:
    """One rich progress bar: done / skipped / failed counts and ETA."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None
        self.counts = {"done": 0, "skipped": 0, "failed": 0}
        self.warned: set[str] = set()  # a hint repeated by every file is said once

    def _label(self) -> str:
        c = self.counts
        return f"[green]{c['done']} traités[/] · [dim]{c['skipped']} déjà faits[/] · [red]{c['failed']} échecs[/]"

    def started(self, total: int) -> None:
        if self.task is None:
            self.task = self.progress.add_task("crc batch", total=total, counts=self._label())
        else:  # watch mode: one bar, growing
            self.progress.update(self.task, total=(self.progress.tasks[0].total or 0) + total)

    def file_done(self, outcome: FileOutcome) -> None:
        self.counts[outcome.status] += 1
        assert self.task is not None
        self.progress.update(self.task, advance=1, counts=self._label())
        if outcome.status == "failed":
            self.progress.console.print(f"[red]✗[/] {escape(outcome.rel_path)} : {escape(outcome.reason or '')}", highlight=False, soft_wrap=True)
        for warning in outcome.warnings:
            if warning not in self.warned:
                self.warned.add(warning)
                self.progress.console.print(f"[yellow]Attention[/] : {escape(warning)}", highlight=False, soft_wrap=True)

    stop_message = "[yellow]Interruption demandée : fin des fichiers en cours, puis arrêt (Ctrl-C encore pour abandonner).[/]"

    def stopping(self) -> None:
        self.progress.console.print(self.stop_message)


def _progress() -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console, transient=False,
        disable=not console.is_terminal,
    )


def _say_excluded(input_dir: Path, out_dir: Path, asr_model: str | None) -> None:
    """Say what discovery leaves out that the user may expect in: an OUT_DIR inside INPUT_DIR, and
    crc's own outputs found in the input folder; warn once about --asr-model without recordings."""
    from summarizer.batch.discovery import discover, excluded_outputs

    out_root, in_root = out_dir.resolve(), input_dir.resolve()
    if out_root.is_relative_to(in_root):
        inside = discover(out_dir) if out_dir.is_dir() else []  # calls there, not crc's outputs
        console.print(
            f"[yellow]Note[/] : le dossier de sortie {out_dir} est dans le dossier d'entrée ; il est exclu de la "
            f"recherche ({len(inside)} fichier(s) qui s'y trouvent ne sont pas traités comme des appels).",
            highlight=False, soft_wrap=True,
        )
    skipped = excluded_outputs(input_dir, out_dir)
    if skipped:
        shown = ", ".join(p.relative_to(in_root).as_posix() for p in skipped[:3])
        more = f" (+{len(skipped) - 3})" if len(skipped) > 3 else ""
        console.print(f"[yellow]Note[/] : {len(skipped)} fichier(s) produit(s) par crc ignoré(s) : {shown}{more}.",
                      highlight=False, soft_wrap=True)
    if asr_model:
        opt.warn_audio_options(discover(input_dir, out_dir) or [input_dir], asr_model=asr_model)


_DATE_SOURCES = {"option": "option", "metadata": "métadonnées", "filename": "nom du fichier",
                 "mtime": "date de modification", "today": "date du jour"}


def _report(report: BatchReport, summary_paths: list[Path]) -> None:
    out.print(
        f"[bold]{report.total}[/] fichier(s) : [green]{report.done} traité(s)[/], {report.skipped} déjà fait(s), "
        f"[red]{report.failed} en échec[/] ({report.elapsed:.1f} s).",
        highlight=False,
    )
    sources: dict[str, int] = {}
    for o in report.outcomes:
        if o.status in {"done", "skipped"} and o.meeting_date_source:
            sources[o.meeting_date_source] = sources.get(o.meeting_date_source, 0) + 1
    if sources:
        parts = ", ".join(f"{_DATE_SOURCES.get(k, k)} ({n})" for k, n in sorted(sources.items(), key=lambda kv: -kv[1]))
        out.print(f"  Date de réunion : {parts}", highlight=False)
    for o in report.failures:
        out.print(f"  [red]✗[/] {escape(o.rel_path)} : {escape(o.reason or '')}", highlight=False, soft_wrap=True)
    if summary_paths:
        out.print(f"  Synthèse : {', '.join(str(p) for p in summary_paths)}", highlight=False)
    if report.interrupted:
        out.print("[yellow]Interrompu : relancez la même commande pour terminer.[/]")


def _watch(
    input_dir: Path, out_dir: Path, options: RunOptions, *, jobs: int, pattern: str | None, since: dt.date | None,
    timeout: float | None, idle_timeout: float | None, observer: _RichObserver, today: dt.date | None,
    metadata: dict[str, CallMetadata] | None = None, metadata_path: Path | None = None,
) -> int:
    """Process the backlog, then every file that lands; stop on Ctrl-C or after ``idle_timeout`` s idle."""
    from watchfiles import Change, watch

    from summarizer.batch import run_batch, write_batch_summary
    stop = threading.Event()
    failed = False

    def one_pass(only: set[Path] | None) -> bool:
        nonlocal failed
        nonlocal metadata
        if metadata_path is not None and only is not None:  # files that just landed: their rows too
            metadata = _metadata(metadata_path, input_dir, out_dir, pattern, since, quiet=True)
        report = run_batch(input_dir, out_dir, options, jobs=jobs, pattern=pattern, since=since, only=only,
                           timeout=timeout, observer=observer, stop=stop, metadata=metadata)
        if report.done or report.failed:
            write_batch_summary(input_dir, out_dir, options, pattern=pattern, since=since, today=today,
                                metadata=metadata)
        failed = failed or report.failed > 0
        return report.interrupted

    out.print(f"Surveillance de {input_dir} (Ctrl-C pour arrêter)…", highlight=False)
    out_root = out_dir.resolve()
    backlog_done = False
    last = time.monotonic()
    try:
        # The watcher is registered before the first yield: the backlog pass runs then, so a file
        # landing while it runs is caught by the next iteration instead of being missed.
        for changes in watch(input_dir, stop_event=stop, rust_timeout=500, yield_on_timeout=True, debounce=800):
            landed = {
                Path(p) for kind, p in changes
                if kind in (Change.added, Change.modified) and not Path(p).resolve().is_relative_to(out_root)
            }
            if not backlog_done or landed:
                interrupted = one_pass(None if not backlog_done else landed)
                backlog_done = True
                last = time.monotonic()
                if interrupted:
                    return 130
            elif idle_timeout is not None and time.monotonic() - last >= idle_timeout:
                break
    except KeyboardInterrupt:
        return 130
    return 1 if failed else 0


def _metadata(
    path: Path | None, input_dir: Path, out_dir: Path, pattern: str | None, since: dt.date | None, *,
    quiet: bool = False,
) -> dict[str, CallMetadata] | None:
    """Rows of ``--metadata`` keyed by input; each unknown file or bad row is one line, the rest proceeds."""
    if path is None:
        return None
    from summarizer.batch import discover
    from summarizer.ingest.metadata import load_metadata

    table = load_metadata(path, discover(input_dir, out_dir, pattern, since), input_dir)
    if not quiet:
        for problem in table.problems:
            console.print(f"[yellow]Attention[/] : {escape(problem)}", highlight=False, soft_wrap=True)
        console.print(f"Métadonnées : {len(table.rows)} fichier(s) renseigné(s) par {path.name}.", highlight=False)
    return table.rows


def _remote(
    input_dir: Path, out_dir: Path, options: RunOptions, *, broker: str, pattern: str | None,
    since: dt.date | None, timeout: float | None, today: dt.date | None,
    metadata: dict[str, CallMetadata] | None,
) -> None:
    """``--broker``: the same batch, the files processed by Celery workers (see ``docs/deploy.md``)."""
    from summarizer.batch import write_batch_summary
    from summarizer.batch.remote import run_remote_batch
    from summarizer.cli.output import error_line

    progress = _progress()
    observer = _RichObserver(progress)
    observer.stop_message = (
        "[yellow]Interruption : les fichiers non commencés sont annulés, les workers terminent ceux en cours ; "
        "relancez pour reprendre.[/]"
    )
    with progress:
        report = run_remote_batch(input_dir, out_dir, options, broker_url=broker, pattern=pattern, since=since,
                                  timeout=timeout, observer=observer, metadata=metadata)
    _, written = write_batch_summary(input_dir, out_dir, options, pattern=pattern, since=since, today=today,
                                     metadata=metadata)
    _report(report, written)
    if report.cancelled:
        out.print(f"  {report.cancelled} fichier(s) non commencé(s) annulé(s) sur le broker (ceux en cours se "
                  "terminent) ; la même commande les reprend.", highlight=False)
    if report.broker_lost:
        error_line(report.broker_lost)
        raise typer.Exit(int(ExitCode.ERROR))
    if report.interrupted:
        raise typer.Exit(int(ExitCode.INTERRUPTED))
    if report.failed:
        raise typer.Exit(int(ExitCode.ERROR))
    sys.stdout.flush()


def _cancel(
    input_dir: Path, out_dir: Path, options: RunOptions, *, broker: str | None, pattern: str | None,
    since: dt.date | None, metadata: Path | None,
) -> None:
    """``--cancel``: flag this batch's jobs not done yet; workers drop those they have not started."""
    from summarizer.batch.remote import cancel_remote_batch

    if broker is None:
        fail("--cancel annule un lot confié aux workers : indiquez aussi --broker (et les mêmes options que le lot).")
    rows = _metadata(metadata, input_dir, out_dir, pattern, since, quiet=True)
    count = cancel_remote_batch(input_dir, out_dir, options, broker_url=broker, pattern=pattern, since=since,
                                metadata=rows)
    out.print(f"{count} fichier(s) de ce lot annulé(s) : les workers ne commencent plus ceux-là, ceux en cours se "
              "terminent. Relancez la commande sans --cancel pour reprendre.", highlight=False)


def batch(
    input_dir: Annotated[Path, typer.Argument(help="Dossier de transcriptions et/ou d'enregistrements (récursif).")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Dossier de sortie (manifeste, CRC, synthèse).")],
    backend: opt.Backend = "rules",
    fallback: opt.Fallback = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Fichiers traités en parallèle.")] = 1,
    glob: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--glob", help="Filtre : « *.vtt » (nom du fichier) ou « 2026/*/*.vtt » (chemin relatif)."),
    ] = None,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--since", help="AAAA-MM-JJ : date dans le nom du fichier, sinon date de modification, ≥ cette date."),
    ] = None,
    meeting_date: Annotated[Optional[str], typer.Option("--meeting-date", help="Date de réunion imposée à tous les fichiers.")] = None,  # noqa: UP045
    client: opt.Client = None,
    vendor: opt.Vendor = None,
    language: opt.Language = None,
    participants: opt.Participants = None,
    asr_model: opt.AsrModel = None,
    speakers: opt.Speakers = None,
    no_diarize: opt.NoDiarize = False,
    timeout: Annotated[Optional[float], typer.Option(help="Délai maximal par fichier, en secondes.")] = None,  # noqa: UP045
    watch: Annotated[bool, typer.Option("--watch", help="Traiter les fichiers à mesure qu'ils arrivent.")] = False,
    watch_timeout: Annotated[
        Optional[float], typer.Option("--watch-timeout", help="Arrêter la surveillance après N s sans nouveau fichier.")  # noqa: UP045
    ] = None,
    metadata: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--metadata", help="CSV : file, client, rep, meeting_date, participants, opportunity_id, crm_stage."),
    ] = None,
    broker: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--broker", help="Confier les fichiers aux workers `crc worker` de ce broker (ex. redis://hôte:6379/0)."),
    ] = None,
    cancel: Annotated[
        bool, typer.Option("--cancel", help="Avec --broker : annuler les fichiers de ce lot que les workers n'ont pas commencés."),
    ] = False,
    today: Annotated[Optional[str], typer.Option("--today", hidden=True, help="Date de référence des retards.")] = None,  # noqa: UP045
    redact: opt.Redact = None,
    debug: opt.Debug = False,
) -> None:
    """Traiter tout un dossier (reprise sur incident) et produire la synthèse d'équipe."""
    from summarizer.batch import run_batch, validate_dirs, write_batch_summary
    from summarizer.files import ensure_out_dir
    from summarizer.pipeline import RunOptions

    opt.check_run_options(backend, fallback, language)
    opt.check_participants(participants)
    opt.check_speakers(speakers)
    if jobs < 1:
        fail(f"--jobs {jobs} : au moins 1.")
    if timeout is not None and timeout <= 0:
        fail(f"--timeout {timeout:g} : une durée positive en secondes.")
    since_date = opt.parse_date(since, "--since")
    today_date = opt.parse_date(today, "--today")
    options = RunOptions(
        backend=backend, fallback=fallback, meeting_date=opt.parse_date(meeting_date, "--meeting-date"),  # type: ignore[arg-type]
        client=client, vendor=vendor, language=language, participants=participants or [],
        asr_model=asr_model, progress=False, date_fallback=opt.DATE_FALLBACK,
        diarize=not no_diarize, speakers=speakers,
    )
    validate_dirs(input_dir, out_dir)
    if cancel:
        _cancel(input_dir, out_dir, options, broker=broker, pattern=glob, since=since_date, metadata=metadata)
        return
    if broker is not None:  # a broker down writes nothing at all: no output folder, nothing to resume
        from summarizer.queue.app import app_for, check_broker

        check_broker(app_for(broker))
    ensure_out_dir(out_dir)
    _say_excluded(input_dir, out_dir, asr_model)
    rows = _metadata(metadata, input_dir, out_dir, glob, since_date)
    if broker is not None:
        if watch:
            fail("--watch et --broker ne se combinent pas : lancez `crc batch --broker` à chaque dépôt.")
        _remote(input_dir, out_dir, options, broker=broker, pattern=glob, since=since_date, timeout=timeout,
                today=today_date, metadata=rows)
        return
    progress = _progress()
    observer = _RichObserver(progress)
    with progress:
        if watch:
            code = _watch(input_dir, out_dir, options, jobs=jobs, pattern=glob, since=since_date,
                          timeout=timeout, idle_timeout=watch_timeout, observer=observer, today=today_date,
                          metadata=rows, metadata_path=metadata)
            raise typer.Exit(code)
        report = run_batch(input_dir, out_dir, options, jobs=jobs, pattern=glob, since=since_date,
                           timeout=timeout, observer=observer, metadata=rows)
    _, written = write_batch_summary(input_dir, out_dir, options, pattern=glob, since=since_date, today=today_date,
                                     metadata=rows)
    _report(report, written)
    if report.interrupted:
        raise typer.Exit(int(ExitCode.INTERRUPTED))
    if report.failed:
        raise typer.Exit(int(ExitCode.ERROR))
    sys.stdout.flush()
