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

from summarizer.cli import options as opt
from summarizer.cli.output import console, fail, out
from summarizer.errors import ExitCode

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from summarizer.batch import BatchReport, FileOutcome
    from summarizer.pipeline import RunOptions



class _RichObserver:
    """One rich progress bar: done / skipped / failed counts and ETA."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None
        self.counts = {"done": 0, "skipped": 0, "failed": 0}

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
            self.progress.console.print(f"[red]✗[/] {outcome.rel_path} : {outcome.reason}", highlight=False, soft_wrap=True)

    def stopping(self) -> None:
        self.progress.console.print(
            "[yellow]Interruption demandée : fin des fichiers en cours, puis arrêt (Ctrl-C encore pour abandonner).[/]"
        )


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


def _report(report: BatchReport, summary_paths: list[Path]) -> None:
    out.print(
        f"[bold]{report.total}[/] fichier(s) : [green]{report.done} traité(s)[/], {report.skipped} déjà fait(s), "
        f"[red]{report.failed} en échec[/] ({report.elapsed:.1f} s).",
        highlight=False,
    )
    for o in report.failures:
        out.print(f"  [red]✗[/] {o.rel_path} : {o.reason}", highlight=False, soft_wrap=True)
    if summary_paths:
        out.print(f"  Synthèse : {', '.join(str(p) for p in summary_paths)}", highlight=False)
    if report.interrupted:
        out.print("[yellow]Interrompu : relancez la même commande pour terminer.[/]")


def _watch(
    input_dir: Path, out_dir: Path, options: RunOptions, *, jobs: int, pattern: str | None, since: dt.date | None,
    timeout: float | None, idle_timeout: float | None, observer: _RichObserver, today: dt.date | None,
) -> int:
    """Process the backlog, then every file that lands; stop on Ctrl-C or after ``idle_timeout`` s idle."""
    from watchfiles import Change, watch

    from summarizer.batch import run_batch, write_batch_summary
    stop = threading.Event()
    failed = False

    def one_pass(only: set[Path] | None) -> bool:
        nonlocal failed
        report = run_batch(input_dir, out_dir, options, jobs=jobs, pattern=pattern, since=since, only=only,
                           timeout=timeout, observer=observer, stop=stop)
        if report.done or report.failed:
            write_batch_summary(input_dir, out_dir, options, pattern=pattern, since=since, today=today)
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
    today: Annotated[Optional[str], typer.Option("--today", hidden=True, help="Date de référence des retards.")] = None,  # noqa: UP045
    debug: opt.Debug = False,
) -> None:
    """Traiter tout un dossier (reprise sur incident) et produire la synthèse d'équipe."""
    from summarizer.batch import run_batch, validate_dirs, write_batch_summary
    from summarizer.pipeline import RunOptions

    opt.check_run_options(backend, fallback, language)
    if jobs < 1:
        fail(f"--jobs {jobs} : au moins 1.")
    if timeout is not None and timeout <= 0:
        fail(f"--timeout {timeout:g} : une durée positive en secondes.")
    since_date = opt.parse_date(since, "--since")
    today_date = opt.parse_date(today, "--today")
    options = RunOptions(
        backend=backend, fallback=fallback, meeting_date=opt.parse_date(meeting_date, "--meeting-date"),  # type: ignore[arg-type]
        client=client, vendor=vendor, language=language, participants=participants or [],  # type: ignore[arg-type]
        asr_model=asr_model, progress=False, date_fallback="mtime",
        diarize=not no_diarize, speakers=speakers,
    )
    validate_dirs(input_dir, out_dir)
    progress = _progress()
    observer = _RichObserver(progress)
    with progress:
        if watch:
            code = _watch(input_dir, out_dir, options, jobs=jobs, pattern=glob, since=since_date,
                          timeout=timeout, idle_timeout=watch_timeout, observer=observer, today=today_date)
            raise typer.Exit(code)
        report = run_batch(input_dir, out_dir, options, jobs=jobs, pattern=glob, since=since_date,
                           timeout=timeout, observer=observer)
    _, written = write_batch_summary(input_dir, out_dir, options, pattern=glob, since=since_date, today=today_date)
    _report(report, written)
    if report.interrupted:
        raise typer.Exit(int(ExitCode.INTERRUPTED))
    if report.failed:
        raise typer.Exit(int(ExitCode.ERROR))
    sys.stdout.flush()
