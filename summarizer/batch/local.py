"""A batch on this machine: discovery, the manifest, a process or thread pool, stop requests, the team summary.

A batch is idempotent: the manifest (SQLite in OUT_DIR) records one row per
(relative path, content sha256, settings hash) once that file's outputs are all
atomically written, so a re-run skips what is done, retries what failed and
redoes a file whose content or settings changed. Only the parent process writes
the manifest; workers return a small :class:`FileOutcome`. The first Ctrl-C or
SIGTERM stops submitting and lets running files finish; a second one abandons
them (atomic writes leave no half file, and nothing unfinished is marked done).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from summarizer.batch.discovery import discover
from summarizer.batch.manifest import MANIFEST_NAME, BatchReport, FileOutcome, Manifest, settings_hash
from summarizer.batch.plan import (
    Observer,
    Planned,
    StopRequest,
    batch_options,
    open_plan,
    per_file,
    validate_dirs,
)
from summarizer.batch.worker import ProcessFn, _worker_init, process_one
from summarizer.errors import InputError
from summarizer.ingest.metadata import CallMetadata
from summarizer.pipeline import RunOptions, run_file

if TYPE_CHECKING:
    from summarizer.render.summary import TeamSummary

ExecutorKind = Literal["auto", "inline", "process", "thread"]


def _make_executor(kind: ExecutorKind, jobs: int) -> Executor:
    if kind == "thread":
        return ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="crc-batch")
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init,
        initargs=(os.getpid(),),  # workers die with this process, even SIGKILLed
    )


def resolve_executor(kind: ExecutorKind, jobs: int, options: RunOptions) -> ExecutorKind:
    """Rules/ASR are CPU-bound (processes, per-process model caches); LLM calls are I/O-bound (threads)."""
    if kind != "auto":
        return kind
    if jobs <= 1:
        return "inline"
    return "thread" if options.backend == "llm" else "process"


def run_batch(
    input_dir: Path,
    out_dir: Path,
    options: RunOptions,
    *,
    jobs: int = 1,
    pattern: str | None = None,
    since: dt.date | None = None,
    only: Iterable[Path] | None = None,
    process_fn: ProcessFn = run_file,
    executor: ExecutorKind = "auto",
    timeout: float | None = None,
    observer: Observer | None = None,
    stop: threading.Event | None = None,
    metadata: Mapping[str, CallMetadata] | None = None,
) -> BatchReport:
    """Process every supported file under ``input_dir`` not already done with these settings.

    ``only`` restricts the run to some paths (watch mode); ``process_fn`` replaces
    the pipeline (tests); ``metadata`` (relative path -> row of ``--metadata``) sets
    per-file options, whose settings hash is that file's own. Returns the report; the manifest is up to date on return,
    including after an interruption (``report.interrupted``).
    """
    validate_dirs(input_dir, out_dir)
    if jobs < 1:
        raise InputError(f"--jobs {jobs} : au moins 1.")
    options = batch_options(options)
    t0 = time.perf_counter()
    report = BatchReport(input_dir=input_dir, out_dir=out_dir, settings=settings_hash(options))
    with open_plan(input_dir, out_dir, options, report, pattern=pattern, since=since, only=only,
                   metadata=metadata, observer=observer, clean_first=True) as plan:
        kind = resolve_executor(executor, jobs, options)
        with StopRequest(stop) as stopper:
            stopper.on_stop = plan.observer.stopping
            try:
                if kind == "inline":
                    for one in plan.todo:
                        if stopper.stopped:
                            break
                        plan.handle(process_one(one.path, input_dir, out_dir, one.stem, one.sha, one.options,
                                                process_fn, timeout))
                else:
                    _run_pool(kind, jobs, plan.todo, input_dir, out_dir, process_fn, timeout, stopper, plan.handle)
            except KeyboardInterrupt:
                stopper.event.set()
            report.interrupted = stopper.stopped and len(report.outcomes) < report.total
    report.elapsed = round(time.perf_counter() - t0, 3)
    return report


def _run_pool(
    kind: ExecutorKind, jobs: int, todo: list[Planned], input_dir: Path, out_dir: Path, process_fn: ProcessFn,
    timeout: float | None, stopper: StopRequest, handle: Callable[[FileOutcome], None],
) -> None:
    """Keep at most ``2 * jobs`` files in flight so a stop request leaves little queued work.

    A worker that dies (segfault, OOM kill) breaks the pool: its in-flight files
    are recorded as failed (retried by the next run) and a fresh pool goes on.
    """
    pool = _make_executor(kind, jobs)
    pending: dict[Future[FileOutcome], Planned] = {}
    queue = iter(todo)
    try:
        while True:
            while not stopper.stopped and len(pending) < 2 * jobs:
                item = next(queue, None)
                if item is None:
                    break
                with _sigint_blocked():  # workers spawned here start with Ctrl-C blocked, then ignore it
                    future = pool.submit(
                        process_one, item.path, input_dir, out_dir, item.stem, item.sha, item.options, process_fn,
                        timeout if kind == "process" else None,
                    )
                pending[future] = item
            if not pending:
                break
            if stopper.stopped:
                for f in list(pending):
                    if f.cancel():
                        del pending[f]
            finished, _ = wait(list(pending), timeout=0.5, return_when=FIRST_COMPLETED)
            broken = False
            for f in finished:
                item = pending.pop(f)
                if f.cancelled():
                    continue
                try:
                    handle(f.result())
                except BrokenExecutor as exc:
                    broken = True
                    if not stopper.stopped:
                        reason = (f"{item.path.name} : le processus de traitement s'est arrêté "
                                  f"({type(exc).__name__}) ; relancez.")
                        handle(FileOutcome(rel_path=item.rel, sha256=item.sha, status="failed", reason=reason))
            if broken:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _make_executor(kind, jobs)
    except KeyboardInterrupt:
        for f in pending:
            f.cancel()
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Block SIGINT in this thread while it may spawn workers: the child inherits the mask."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def summary_entries(input_dir: Path, out_dir: Path, options: RunOptions, pattern: str | None = None,
                    since: dt.date | None = None,
                    metadata: Mapping[str, CallMetadata] | None = None) -> list[FileOutcome]:
    """The latest manifest row of every file currently in the folder, under these settings."""
    file_options = per_file(batch_options(options), metadata)
    in_root = input_dir.resolve()
    entries = []
    with Manifest(out_dir / MANIFEST_NAME) as manifest:
        for path in discover(input_dir, out_dir, pattern, since):
            rel = path.resolve().relative_to(in_root).as_posix()
            row = manifest.latest(rel, file_options(rel)[1])
            if row is not None:
                entries.append(row)
    return entries


def write_batch_summary(
    input_dir: Path, out_dir: Path, options: RunOptions, *, pattern: str | None = None,
    since: dt.date | None = None, today: dt.date | None = None,
    metadata: Mapping[str, CallMetadata] | None = None,
) -> tuple[TeamSummary, list[Path]]:
    """The team view (csv, md, html) over every file of the folder that has a manifest row."""
    from summarizer.render.summary import build_summary, load_entry, write_summary

    entries = [
        load_entry(r.rel_path, r.status, r.reason, r.outputs, out_dir, r.meeting_date_source)
        for r in summary_entries(input_dir, out_dir, options, pattern, since, metadata)
    ]
    summary = build_summary(entries, today or dt.date.today())
    return summary, write_summary(summary, out_dir)
