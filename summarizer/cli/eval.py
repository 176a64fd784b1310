"""``crc eval``: compare backends (and prompts, models) on annotated calls, with a regression gate.

Exit codes: 0 when the run completes (bad cases are error rows in the report,
not failures), 1 when ``--baseline`` finds a regression beyond the tolerance,
2 for unusable options (missing folder, unreadable baseline, judge not configured).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape

from summarizer.cli import options as opt
from summarizer.cli.output import out, set_debug

if TYPE_CHECKING:
    from rich.console import Console

    from summarizer.evaluation.report import EvalReport
    from summarizer.evaluation.runner import Extractor



def _backends(values: list[str] | None) -> list[str]:
    chosen: list[str] = []
    for value in values or ["rules"]:
        for name in value.split(","):
            name = name.strip()
            if name and name not in chosen:
                chosen.append(name)
    return chosen


def execute(
    cases: Path,
    backends: list[str],
    out_dir: Path,
    baseline: Path | None = None,
    tolerance: float = 0.02,
    judge: bool = False,
    save_baseline: Path | None = None,
    extractors: Mapping[str, Extractor] | None = None,
    console: Console | None = None,
    progress: bool | None = None,
    debug: bool = False,
    split: str | None = None,
    splits: Path | None = None,
) -> int:
    """The whole command; returns the exit code. Raises :class:`CrcError` for unusable options."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from summarizer.crc import CRC
    from summarizer.errors import CrcError, InputError
    from summarizer.evaluation.baseline import compare, load_baseline
    from summarizer.evaluation.cases import select_cases
    from summarizer.evaluation.report import JudgeRow, write_baseline, write_reports
    from summarizer.evaluation.runner import run_eval
    from summarizer.evaluation.splits import splits_of
    from summarizer.extract import BACKENDS

    out = console or Console()
    err = Console(stderr=True)
    unknown = [b for b in backends if b not in BACKENDS]
    if unknown:
        raise InputError(f"--backend « {unknown[0]} » inconnu ; choisir rules ou llm (répétable : --backend rules --backend llm).")
    if tolerance < 0:
        raise InputError(f"--tolerance {tolerance:g} : doit être positive ou nulle (ex. 0.02).")
    if "llm" in backends and not (extractors and "llm" in extractors):
        from summarizer.extract.llm.settings import load_settings

        load_settings().require()  # a missing endpoint is one line now, not an error row per case
    base = load_baseline(baseline) if baseline else None
    split_of = splits_of(splits, cases, split) if cases.is_dir() else None
    the_judge = None
    if judge:
        from summarizer.evaluation.judge import Judge

        the_judge = Judge()
    total = len(select_cases(cases, split_of, split))
    if total == 0:
        raise InputError(f"{cases} : aucun fichier *.gold.json ; créez-en un avec `crc eval --init TRANSCRIPTION`.")

    judge_rows: list[JudgeRow] = []
    judge_error: list[str] = []

    def on_crc(case: str, backend: str, crc: CRC) -> None:
        if the_judge is None or judge_error:
            return
        try:
            judge_rows.extend(the_judge.rate(case, backend, crc))
        except CrcError as exc:
            judge_error.append(str(exc))  # one failure stops judging; the eval itself goes on

    show = sys.stderr.isatty() if progress is None else progress
    with Progress(TextColumn("[bold]Évaluation[/] {task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True, disable=not show) as bar:
        task = bar.add_task("", total=total)

        def on_case(name: str, done: int, _total: int) -> None:
            bar.update(task, completed=done, description=name)

        report = run_eval(cases, backends, extractors, crc_dir=out_dir / "crc", on_case=on_case, on_crc=on_crc,
                          debug=debug, split_of=split_of, only=split)

    if base is not None and baseline is not None:
        report.comparison = compare(report.columns(), base, tolerance, str(baseline))
    if the_judge is not None:
        from summarizer.evaluation.judge import agreement

        report.judge = judge_rows
        report.judge_overall = agreement(judge_rows)
        report.judge_error = judge_error[0] if judge_error else None
    written = write_reports(report, out_dir)
    if save_baseline is not None:
        write_baseline(report, save_baseline)
        written.append(save_baseline)
    return _print_outcome(report, written, out, err)


def _print_outcome(report: EvalReport, written: list[Path], out: Console, err: Console) -> int:
    """The console table, error rows and notes, and the gate's verdict: the exit code."""
    from summarizer.evaluation.report import console_table

    out.print(console_table(report))
    for note in report.notes:
        err.print(f"note : {note}", highlight=False, soft_wrap=True)
    for r in report.cases:
        if r.error:
            err.print(f"[yellow]Cas en erreur[/] {escape(r.case)} ({r.backend}) : {escape(r.error or '')}", highlight=False, soft_wrap=True)
    if report.judge_error:
        err.print(f"[yellow]Juge LLM interrompu[/] : {report.judge_error}", highlight=False, soft_wrap=True)
    out.print("Rapports : " + ", ".join(str(p) for p in written), highlight=False, soft_wrap=True)
    cmp = report.comparison
    if cmp is not None:
        for note in cmp.notes:
            err.print(f"note : {note}", highlight=False, soft_wrap=True)
        if cmp.failed:
            err.print(f"[bold red]Régression[/] par rapport à {cmp.baseline} (tolérance {cmp.tolerance:g}) :")
            for line in cmp.regressions:
                err.print(f"  - {line}", highlight=False, soft_wrap=True)
            return 1
        out.print(f"[green]Aucune régression[/] par rapport à {cmp.baseline} (tolérance {cmp.tolerance:g}).")
    return 0


def eval_command(
    cases: Annotated[Path, typer.Option("--cases", help="Dossier des cas : transcriptions + STEM.gold.json.")] = Path("samples"),
    backend: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--backend", "-b", help="rules et/ou llm (répétable ou séparé par des virgules)."),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Dossier des rapports.")] = Path("eval-out"),
    baseline: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--baseline", help="report.json d'un run précédent : deltas, et code 1 si régression."),
    ] = None,
    tolerance: Annotated[float, typer.Option("--tolerance", help="Baisse tolérée des métriques (0-1).")] = 0.02,
    judge: Annotated[bool, typer.Option("--judge", help="Noter aussi les critères de jugement par un LLM.")] = False,
    init: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--init", help="Écrire un squelette STEM.gold.json pour cette transcription, puis sortir."),
    ] = None,
    save_baseline: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--save-baseline", help="Écrire aussi une baseline compacte (métriques globales) ici."),
    ] = None,
    split: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--split", help="tune ou measure : seulement ces cas du dossier (voir eval/splits.json)."),
    ] = None,
    splits: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--splits", help="Découpage tune/measure des dossiers (défaut : eval/splits.json s'il existe)."),
    ] = None,
    redact: opt.Redact = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Trace complète ; une erreur interne arrête le run.", callback=set_debug)
    ] = False,
) -> None:
    """Évaluer les backends sur des appels annotés (gold) : rapports Markdown, HTML et JSON."""
    if init is not None:
        from summarizer.evaluation.gold import write_gold_skeleton

        target = write_gold_skeleton(init)
        out.print(f"Squelette écrit : {target} (à compléter, voir eval/README.md)", highlight=False)
        return
    from summarizer.files import ensure_out_dir

    ensure_out_dir(out_dir)  # before any case runs: a bad --out is exit 2, not an error after the work
    code = execute(cases, _backends(backend), out_dir, baseline, tolerance, judge, save_baseline, debug=debug,
                   split=split, splits=splits)
    if code:
        raise typer.Exit(code)
