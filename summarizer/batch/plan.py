"""One batch planner for local and remote runs: which files, with which options, what is done already.

Why one: the remote batch once copied the local set-up and drifted (``--metadata`` refused with
``--broker``). Both runs now open the same :class:`BatchPlan` (one batch per OUT_DIR, the manifest,
discovery, per-file options from ``--metadata``, content hashes, skip of what is done) and only
differ in how they run :attr:`BatchPlan.todo`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from summarizer.batch.discovery import discover, output_plan
from summarizer.batch.manifest import MANIFEST_NAME, BatchReport, FileOutcome, Manifest, settings_hash
from summarizer.batch.worker import _one_line
from summarizer.errors import InputError
from summarizer.files import sha256_file
from summarizer.ingest.metadata import CallMetadata, options_update
from summarizer.pipeline import RunOptions


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


class StopRequest:
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

    def __enter__(self) -> StopRequest:
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


def cleanup_tmp(out_dir: Path) -> None:
    """Leftovers of a killed run (``.NAME.XXXX.tmp`` from :mod:`summarizer.files`)."""
    for tmp in out_dir.rglob(".*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def batch_lock(out_dir: Path) -> Iterator[None]:
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


def outputs_complete(out_dir: Path, o: FileOutcome) -> bool:
    return bool(o.outputs) and all((out_dir / rel).is_file() for rel in o.outputs)


def validate_dirs(input_dir: Path, out_dir: Path) -> None:
    if not input_dir.exists():
        raise InputError(f"{input_dir} : dossier introuvable.")
    if not input_dir.is_dir():
        raise InputError(f"{input_dir} : ce n'est pas un dossier ; pour un fichier, utilisez `crc run`.")
    if out_dir.resolve() == input_dir.resolve():
        raise InputError("--out doit être un dossier distinct du dossier d'entrée (les .docx produits seraient relus).")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir} : c'est un fichier, pas un dossier.")


def batch_options(options: RunOptions) -> RunOptions:
    """A batch shows no per-file bar and dates a call without a date by its file's modification time."""
    return options.model_copy(update={"progress": False, "date_fallback": "mtime"})


def per_file(
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


@dataclass(frozen=True)
class Planned:
    """One file to run: where it is, its content hash, its output stem, its options and their hash."""

    path: Path
    rel: str
    sha: str
    stem: str
    options: RunOptions
    settings: str


@dataclass
class BatchPlan:
    """An open batch: the files left to run, and :meth:`handle` recording each outcome."""

    input_dir: Path
    out_dir: Path
    manifest: Manifest
    report: BatchReport
    observer: Observer
    file_options: Callable[[str], tuple[RunOptions, str]]
    todo: list[Planned] = field(default_factory=list)

    def handle(self, outcome: FileOutcome) -> None:
        self.manifest.record(outcome, self.file_options(outcome.rel_path)[1])
        self.report.add(outcome)
        self.observer.file_done(outcome)

    def skip(self, previous: FileOutcome) -> None:
        previous.status = "skipped"
        self.report.outcomes.append(previous)
        self.report.skipped += 1
        self.observer.file_done(previous)


@contextlib.contextmanager
def open_plan(
    input_dir: Path, out_dir: Path, options: RunOptions, report: BatchReport, *,
    pattern: str | None = None, since: dt.date | None = None, only: Iterable[Path] | None = None,
    metadata: Mapping[str, CallMetadata] | None = None, observer: Observer | None = None,
    clean_first: bool = False,
) -> Iterator[BatchPlan]:
    """Lock OUT_DIR, open its manifest and plan the batch: files unreadable are recorded as failed,
    files done with the same content and options (outputs still there) as skipped, the rest in ``todo``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with batch_lock(out_dir), Manifest(out_dir / MANIFEST_NAME) as manifest:
        if clean_first:  # no other batch writes here: a .tmp left now is a killed run's
            cleanup_tmp(out_dir)
        plan = BatchPlan(input_dir, out_dir, manifest, report, observer or BatchObserver(),
                         per_file(options, metadata))
        paths = discover(input_dir, out_dir, pattern, since, only=only)
        stems = output_plan(paths, input_dir)
        report.total = len(paths)
        plan.observer.started(len(paths))
        in_root = input_dir.resolve()
        for path in paths:
            rel = path.resolve().relative_to(in_root).as_posix()
            try:
                sha = sha256_file(path)
            except OSError as exc:
                reason = _one_line(f"{path.name} : illisible ({exc}).")
                plan.handle(FileOutcome(rel_path=rel, sha256="", status="failed", reason=reason))
                continue
            one, settings = plan.file_options(rel)
            previous = manifest.get(rel, sha, settings)
            if previous and previous.status == "done" and outputs_complete(out_dir, previous):
                plan.skip(previous)
            else:
                plan.todo.append(Planned(path, rel, sha, stems[path][1], one, settings))
        yield plan
