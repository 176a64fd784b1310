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
from types import FrameType
from typing import TYPE_CHECKING, Any, Literal, Protocol

from summarizer.batch.discovery import discover, output_plan
from summarizer.batch.manifest import MANIFEST_NAME, BatchReport, FileOutcome, Manifest, settings_hash
from summarizer.batch.worker import ProcessFn, _one_line, _worker_init, process_one
from summarizer.downstream.metadata import CallMetadata, options_update
from summarizer.errors import InputError
from summarizer.files import sha256_file
from summarizer.pipeline import RunOptions, run_file

if TYPE_CHECKING:
    from summarizer.render.summary import TeamSummary

ExecutorKind = Literal["auto", "inline", "process", "thread"]


class Observer(Protocol):
    """Progress hooks: the CLI draws a rich bar with them."""

    def started(self, total: int) -> None: ...

    def file_done(self, outcome: FileOutcome) -> None: ...

    def stopping(self) -> None: ...


class BatchObserver:
    """The default observer: does nothing."""

    def started(self, total: int) -> None:
        pass

    def file_done(self, outcome: FileOutcome) -> None:
        pass

    def stopping(self) -> None:
        pass


class _Stop:
    """First SIGINT/SIGTERM: stop submitting. Second: abandon running files (KeyboardInterrupt)."""

    def __init__(self, event: threading.Event | None) -> None:
        self.event = event or threading.Event()
        self.count = 0
        self.on_stop: Callable[[], None] = lambda: None
        self._previous: dict[int, Any] = {}

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        self.count += 1
        self.event.set()
        if self.count > 1:
            raise KeyboardInterrupt
        self.on_stop()

    def __enter__(self) -> _Stop:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
                if sig is not None:
                    self._previous[sig] = signal.signal(sig, self._handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)

    @property
    def stopped(self) -> bool:
        return self.event.is_set()


def _cleanup_tmp(out_dir: Path) -> None:
    """Leftovers of a killed run (``.NAME.XXXX.tmp`` from :mod:`summarizer.files`)."""
    for tmp in out_dir.rglob(".*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def _lock(out_dir: Path) -> Iterator[None]:
    """One batch per OUT_DIR at a time (POSIX advisory lock; elsewhere SQLite's own locking only)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / ".crc-batch.lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise InputError(f"{out_dir} : un autre `crc batch` écrit déjà dans ce dossier ; attendez sa fin.") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _outputs_complete(out_dir: Path, o: FileOutcome) -> bool:
    return bool(o.outputs) and all((out_dir / rel).is_file() for rel in o.outputs)


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


def validate_dirs(input_dir: Path, out_dir: Path) -> None:
    if not input_dir.exists():
        raise InputError(f"{input_dir} : dossier introuvable.")
    if not input_dir.is_dir():
        raise InputError(f"{input_dir} : ce n'est pas un dossier ; pour un fichier, utilisez `crc run`.")
    if out_dir.resolve() == input_dir.resolve():
        raise InputError("--out doit être un dossier distinct du dossier d'entrée (les .docx produits seraient relus).")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir} : c'est un fichier, pas un dossier.")


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
    observer = observer if observer is not None else BatchObserver()
    options = options.model_copy(update={"progress": False, "date_fallback": "mtime"})
    settings = settings_hash(options)
    file_options = _per_file(options, metadata)
    t0 = time.perf_counter()
    report = BatchReport(input_dir=input_dir, out_dir=out_dir, settings=settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _lock(out_dir), Manifest(out_dir / MANIFEST_NAME) as manifest:
        _cleanup_tmp(out_dir)
        paths = discover(input_dir, out_dir, pattern, since, only=only)
        plan = output_plan(paths, input_dir)
        report.total = len(paths)
        observer.started(len(paths))

        def handle(o: FileOutcome) -> None:
            manifest.record(o, file_options(o.rel_path)[1])
            report.add(o)
            observer.file_done(o)

        todo: list[tuple[Path, str]] = []
        in_root = input_dir.resolve()
        for path in paths:
            rel = path.resolve().relative_to(in_root).as_posix()
            try:
                sha = sha256_file(path)
            except OSError as exc:
                reason = _one_line(f"{path.name} : illisible ({exc}).")
                handle(FileOutcome(rel_path=rel, sha256="", status="failed", reason=reason))
                continue
            previous = manifest.get(rel, sha, file_options(rel)[1])
            if previous and previous.status == "done" and _outputs_complete(out_dir, previous):
                previous.status = "skipped"
                report.outcomes.append(previous)
                report.skipped += 1
                observer.file_done(previous)
            else:
                todo.append((path, sha))

        kind = resolve_executor(executor, jobs, options)
        with _Stop(stop) as stopper:
            stopper.on_stop = observer.stopping
            try:
                if kind == "inline":
                    for path, sha in todo:
                        if stopper.stopped:
                            break
                        _, stem = plan[path]
                        one = file_options(path.resolve().relative_to(in_root).as_posix())[0]
                        handle(process_one(path, input_dir, out_dir, stem, sha, one, process_fn, timeout))
                else:
                    _run_pool(kind, jobs, todo, plan, input_dir, out_dir, file_options, process_fn, timeout, stopper,
                              handle)
            except KeyboardInterrupt:
                stopper.event.set()
            report.interrupted = stopper.stopped and len(report.outcomes) < report.total
    report.elapsed = round(time.perf_counter() - t0, 3)
    return report


def _run_pool(
    kind: ExecutorKind, jobs: int, todo: list[tuple[Path, str]], plan: dict[Path, tuple[str, str]],
    input_dir: Path, out_dir: Path, file_options: Callable[[str], tuple[RunOptions, str]], process_fn: ProcessFn,
    timeout: float | None, stopper: _Stop, handle: Callable[[FileOutcome], None],
) -> None:
    """Keep at most ``2 * jobs`` files in flight so a stop request leaves little queued work.

    A worker that dies (segfault, OOM kill) breaks the pool: its in-flight files
    are recorded as failed (retried by the next run) and a fresh pool goes on.
    """
    pool = _make_executor(kind, jobs)
    pending: dict[Future[FileOutcome], tuple[Path, str]] = {}
    queue = iter(todo)
    in_root = input_dir.resolve()
    try:
        while True:
            while not stopper.stopped and len(pending) < 2 * jobs:
                item = next(queue, None)
                if item is None:
                    break
                path, sha = item
                with _sigint_blocked():  # workers spawned here start with Ctrl-C blocked, then ignore it
                    options = file_options(path.resolve().relative_to(in_root).as_posix())[0]
                    future = pool.submit(
                        process_one, path, input_dir, out_dir, plan[path][1], sha, options, process_fn,
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
                path, sha = pending.pop(f)
                if f.cancelled():
                    continue
                try:
                    handle(f.result())
                except BrokenExecutor as exc:
                    broken = True
                    if not stopper.stopped:
                        rel = path.resolve().relative_to(in_root).as_posix()
                        reason = f"{path.name} : le processus de traitement s'est arrêté ({type(exc).__name__}) ; relancez."
                        handle(FileOutcome(rel_path=rel, sha256=sha, status="failed", reason=reason))
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


def _per_file(
    options: RunOptions, metadata: Mapping[str, CallMetadata] | None,
) -> Callable[[str], tuple[RunOptions, str]]:
    """relative path -> (that file's options, their settings hash); the batch's own without a metadata row."""
    settings = settings_hash(options)

    def of(rel: str) -> tuple[RunOptions, str]:
        row = (metadata or {}).get(rel)
        if row is None:
            return options, settings
        one = options.model_copy(update=options_update(row))
        return one, settings_hash(one)

    return of


def summary_entries(input_dir: Path, out_dir: Path, options: RunOptions, pattern: str | None = None,
                    since: dt.date | None = None,
                    metadata: Mapping[str, CallMetadata] | None = None) -> list[FileOutcome]:
    """The latest manifest row of every file currently in the folder, under these settings."""
    options = options.model_copy(update={"progress": False, "date_fallback": "mtime"})
    file_options = _per_file(options, metadata)
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
