"""Folder processing: discovery, a resumable manifest, worker pools, failure isolation.

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
import fnmatch
import hashlib
import json
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
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

from pydantic import BaseModel, Field

from summarizer import __version__
from summarizer.errors import CrcError, InputError
from summarizer.pipeline import RunOptions, RunResult, output_stem, run_file, sha256_file
from summarizer.transcript import TRANSCRIPT_SUFFIXES

if TYPE_CHECKING:
    from summarizer.summary import TeamSummary

MANIFEST_NAME = "manifest.sqlite"
#: Used only if ``summarizer.asr`` cannot be imported (it owns the real list).
AUDIO_FALLBACK_SUFFIXES = frozenset(
    {".wav", ".mp3", ".m4a", ".mp4", ".aac", ".ogg", ".oga", ".opus", ".flac", ".webm", ".wma", ".mkv", ".mov"}
)
#: Files crc writes or reads beside a transcript: never inputs of a batch.
COMPANION_SUFFIXES = (".gold.json", ".crc.json", ".score.json", ".transcript.json")

Status = Literal["done", "failed", "skipped"]
ExecutorKind = Literal["auto", "inline", "process", "thread"]
#: (input, output dir, options, stem) -> (result, written files); raise CrcError on bad input.
ProcessFn = Callable[[Path, Path, RunOptions, str], tuple[RunResult, list[Path]]]


def audio_suffixes() -> frozenset[str]:
    try:
        from summarizer.asr import AUDIO_SUFFIXES
    except ImportError:
        return AUDIO_FALLBACK_SUFFIXES
    return frozenset(s.lower() for s in AUDIO_SUFFIXES)


def supported_suffixes() -> frozenset[str]:
    return frozenset(TRANSCRIPT_SUFFIXES) | audio_suffixes()


def is_companion(path: Path, audio: frozenset[str] | None = None) -> bool:
    """Our own outputs and gold annotations; ``X.transcript.vtt`` only beside its recording."""
    name = path.name.lower()
    if name.endswith(COMPANION_SUFFIXES):
        return True
    if name.endswith(".transcript.vtt"):
        stem = path.name[: -len(".transcript.vtt")]
        return any((path.parent / f"{stem}{s}").exists() for s in (audio or audio_suffixes()))
    return False


def filename_date(path: Path) -> dt.date | None:
    from summarizer.pipeline import _NAME_DATE

    m = _NAME_DATE.search(path.name)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def cheap_date(path: Path) -> dt.date:
    """The date ``--since`` compares: a date in the file name, else its modification day.

    The file's inner metadata is not read at discovery: that would mean parsing
    every file (audio included) before knowing whether to process it.
    """
    return filename_date(path) or dt.date.fromtimestamp(path.stat().st_mtime)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def matches_glob(rel: str, pattern: str) -> bool:
    """A pattern without ``/`` matches the file name; with ``/`` the path relative to INPUT_DIR."""
    if "/" in pattern:
        return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.lstrip("/"))
    return fnmatch.fnmatch(rel.rsplit("/", 1)[-1], pattern)


def discover(
    input_dir: Path, out_dir: Path | None = None, pattern: str | None = None, since: dt.date | None = None,
) -> list[Path]:
    """Supported inputs under ``input_dir`` (recursive, sorted), minus OUT_DIR, hidden files and companions."""
    input_dir = input_dir.resolve()
    out_root = out_dir.resolve() if out_dir else None
    suffixes, audio = supported_suffixes(), audio_suffixes()
    found: list[Path] = []
    for root, dirs, files in os.walk(input_dir):
        root_path = Path(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not (out_root and (root_path / d).resolve() == out_root)
        )
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            path = root_path / name
            if path.suffix.lower() not in suffixes or is_companion(path, audio) or not path.is_file():
                continue
            rel = path.relative_to(input_dir).as_posix()
            if pattern and not matches_glob(rel, pattern):
                continue
            if since and cheap_date(path) < since:
                continue
            found.append(path)
    return found


def output_plan(paths: Iterable[Path], input_dir: Path) -> dict[Path, tuple[str, str]]:
    """path -> (relative dir, stem). Two inputs sharing a stem in one folder keep their suffix."""
    input_dir = input_dir.resolve()
    plan: dict[Path, tuple[str, str]] = {}
    seen: dict[tuple[str, str], int] = {}
    items = [(p, p.resolve().relative_to(input_dir)) for p in paths]
    for _, rel in items:
        key = (rel.parent.as_posix(), output_stem(rel).lower())
        seen[key] = seen.get(key, 0) + 1
    for path, rel in items:
        parent = rel.parent.as_posix()
        stem = output_stem(rel)
        if seen[(parent, stem.lower())] > 1:
            stem = rel.name
        plan[path] = (parent, stem)
    return plan


#: RunOptions fields that never change an output (display, cache locations).
_NOT_SETTINGS = {"progress", "asr_cache_dir"}


def settings_hash(options: RunOptions) -> str:
    """What makes an output differ for the same content: options, crc version, LLM model/endpoint."""
    data: dict[str, Any] = options.model_dump(mode="json", exclude=_NOT_SETTINGS)
    data["crc_version"] = __version__
    if options.backend == "llm" or options.fallback == "llm":
        data["llm"] = [os.environ.get("CRC_LLM_MODEL"), os.environ.get("OPENAI_BASE_URL")]
    blob = json.dumps(data, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


class FileOutcome(BaseModel):
    """What a worker reports back: small and picklable (the CRC itself is on disk)."""

    rel_path: str
    sha256: str
    status: Status
    reason: str | None = None
    outputs: list[str] = Field(default_factory=list)
    score: float | None = None
    golden_rule: bool | None = None
    crc_id: str | None = None
    meeting_date: dt.date | None = None
    meeting_date_source: str | None = None
    attempts: int = 1
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    duration: float | None = None


class BatchReport(BaseModel):
    input_dir: Path
    out_dir: Path
    settings: str
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    interrupted: bool = False
    elapsed: float = 0.0
    outcomes: list[FileOutcome] = Field(default_factory=list)

    @property
    def failures(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


# --------------------------------------------------------------------------- manifest

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
  rel_path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  settings TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
  reason TEXT,
  outputs TEXT NOT NULL DEFAULT '[]',
  score REAL,
  golden_rule INTEGER,
  crc_id TEXT,
  meeting_date TEXT,
  meeting_date_source TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  started_at TEXT,
  finished_at TEXT NOT NULL,
  duration REAL,
  PRIMARY KEY (rel_path, sha256, settings)
)
"""


class Manifest:
    """SQLite (WAL) in OUT_DIR, one row per (relative path, content hash, settings hash)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path} : manifeste illisible ({exc}) ; supprimez-le pour tout retraiter.") from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, rel_path: str, sha256: str, settings: str) -> FileOutcome | None:
        row = self.db.execute(
            "SELECT * FROM files WHERE rel_path=? AND sha256=? AND settings=?", (rel_path, sha256, settings)
        ).fetchone()
        return _outcome(row) if row else None

    def latest(self, rel_path: str, settings: str) -> FileOutcome | None:
        """The most recent row for this file under these settings (whatever its content hash)."""
        row = self.db.execute(
            "SELECT * FROM files WHERE rel_path=? AND settings=? ORDER BY finished_at DESC LIMIT 1",
            (rel_path, settings),
        ).fetchone()
        return _outcome(row) if row else None

    def record(self, o: FileOutcome, settings: str) -> None:
        """One transaction per file, after its outputs are on disk."""
        assert o.status in ("done", "failed")
        finished = o.finished_at or dt.datetime.now(dt.timezone.utc)
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute(
                """INSERT INTO files (rel_path, sha256, settings, status, reason, outputs, score, golden_rule,
                       crc_id, meeting_date, meeting_date_source, attempts, started_at, finished_at, duration)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
                   ON CONFLICT (rel_path, sha256, settings) DO UPDATE SET
                       status=excluded.status, reason=excluded.reason, outputs=excluded.outputs,
                       score=excluded.score, golden_rule=excluded.golden_rule, crc_id=excluded.crc_id,
                       meeting_date=excluded.meeting_date, meeting_date_source=excluded.meeting_date_source,
                       attempts=files.attempts + 1, started_at=excluded.started_at,
                       finished_at=excluded.finished_at, duration=excluded.duration""",
                (
                    o.rel_path, o.sha256, settings, o.status, o.reason, json.dumps(o.outputs), o.score,
                    None if o.golden_rule is None else int(o.golden_rule), o.crc_id,
                    o.meeting_date.isoformat() if o.meeting_date else None, o.meeting_date_source,
                    o.started_at.isoformat() if o.started_at else None, finished.isoformat(), o.duration,
                ),
            )

    def all(self) -> list[FileOutcome]:
        return [_outcome(r) for r in self.db.execute("SELECT * FROM files ORDER BY rel_path, finished_at")]


def _outcome(row: sqlite3.Row) -> FileOutcome:
    return FileOutcome(
        rel_path=row["rel_path"], sha256=row["sha256"], status=row["status"], reason=row["reason"],
        outputs=json.loads(row["outputs"] or "[]"), score=row["score"],
        golden_rule=None if row["golden_rule"] is None else bool(row["golden_rule"]), crc_id=row["crc_id"],
        meeting_date=row["meeting_date"], meeting_date_source=row["meeting_date_source"],
        attempts=row["attempts"], started_at=row["started_at"], finished_at=row["finished_at"],
        duration=row["duration"],
    )


# --------------------------------------------------------------------------- worker side


def run_one(path: Path, out_dir: Path, options: RunOptions, stem: str) -> tuple[RunResult, list[Path]]:
    """:func:`pipeline.run_file` with the batch's stem (unique even when two inputs share a name)."""
    return run_file(path, out_dir, options, stem=stem)


class FileTimeout(BaseException):
    """A BaseException so no broad ``except Exception`` inside a stage can swallow it."""


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """SIGALRM-based per-file timeout; only where it can work (main thread, POSIX)."""
    usable = (
        seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def _alarm(signum: int, frame: FrameType | None) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def process_one(
    path: Path, input_dir: Path, out_dir: Path, stem: str, sha256: str, options: RunOptions,
    process_fn: ProcessFn = run_one, timeout: float | None = None,
) -> FileOutcome:
    """Run one file and report; every failure becomes a one-line reason, never an exception."""
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()
    rel = path.resolve().relative_to(input_dir.resolve()).as_posix()
    rel_dir = Path(rel).parent
    base = dict(rel_path=rel, sha256=sha256, started_at=started)
    try:
        with _deadline(timeout):
            result, written = process_fn(path, out_dir / rel_dir, options, stem)
    except FileTimeout:
        reason = f"délai dépassé ({timeout:g} s) ; augmentez --timeout ou traitez ce fichier seul."
        return _finish(FileOutcome(status="failed", reason=reason, **base), t0)  # type: ignore[arg-type]
    except CrcError as exc:
        return _finish(FileOutcome(status="failed", reason=_one_line(str(exc)), **base), t0)  # type: ignore[arg-type]
    except Exception as exc:  # isolation: one bad file never stops the batch
        reason = _one_line(f"{path.name} : erreur interne ({type(exc).__name__}: {exc})")
        return _finish(FileOutcome(status="failed", reason=reason, **base), t0)  # type: ignore[arg-type]
    crc = result.crc
    out_root = out_dir.resolve()
    outputs = [p.resolve().relative_to(out_root).as_posix() for p in written]
    return _finish(
        FileOutcome(
            status="done", outputs=outputs, score=result.report.total, golden_rule=result.report.golden_rule.ok,
            crc_id=crc.id, meeting_date=crc.meeting.date, meeting_date_source=crc.metadata.meeting_date_source,
            **{**base, "sha256": crc.metadata.source_sha256 or sha256},  # type: ignore[arg-type]
        ),
        t0,
    )


def _finish(o: FileOutcome, t0: float) -> FileOutcome:
    o.finished_at = dt.datetime.now(dt.timezone.utc)
    o.duration = round(time.perf_counter() - t0, 4)
    return o


def _worker_init() -> None:
    """Workers ignore Ctrl-C: the parent decides whether running files finish or are abandoned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


# --------------------------------------------------------------------------- parent side


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
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init)


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
    process_fn: ProcessFn = run_one,
    executor: ExecutorKind = "auto",
    timeout: float | None = None,
    observer: Observer | None = None,
    stop: threading.Event | None = None,
) -> BatchReport:
    """Process every supported file under ``input_dir`` not already done with these settings.

    ``only`` restricts the run to some paths (watch mode); ``process_fn`` replaces
    the pipeline (tests). Returns the report; the manifest is up to date on return,
    including after an interruption (``report.interrupted``).
    """
    validate_dirs(input_dir, out_dir)
    if jobs < 1:
        raise InputError(f"--jobs {jobs} : au moins 1.")
    observer = observer if observer is not None else BatchObserver()
    options = options.model_copy(update={"progress": False, "date_fallback": "mtime"})
    settings = settings_hash(options)
    t0 = time.perf_counter()
    report = BatchReport(input_dir=input_dir, out_dir=out_dir, settings=settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _lock(out_dir), Manifest(out_dir / MANIFEST_NAME) as manifest:
        _cleanup_tmp(out_dir)
        paths = discover(input_dir, out_dir, pattern, since)
        if only is not None:
            wanted = {p.resolve() for p in only}
            paths = [p for p in paths if p.resolve() in wanted]
        plan = output_plan(paths, input_dir)
        report.total = len(paths)
        observer.started(len(paths))

        def handle(o: FileOutcome) -> None:
            manifest.record(o, settings)
            report.outcomes.append(o)
            if o.status == "done":
                report.done += 1
            else:
                report.failed += 1
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
            previous = manifest.get(rel, sha, settings)
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
                        handle(process_one(path, input_dir, out_dir, stem, sha, options, process_fn, timeout))
                else:
                    _run_pool(kind, jobs, todo, plan, input_dir, out_dir, options, process_fn, timeout, stopper, handle)
            except KeyboardInterrupt:
                stopper.event.set()
            report.interrupted = stopper.stopped and len(report.outcomes) < report.total
    report.elapsed = round(time.perf_counter() - t0, 3)
    return report


def _run_pool(
    kind: ExecutorKind, jobs: int, todo: list[tuple[Path, str]], plan: dict[Path, tuple[str, str]],
    input_dir: Path, out_dir: Path, options: RunOptions, process_fn: ProcessFn, timeout: float | None,
    stopper: _Stop, handle: Callable[[FileOutcome], None],
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


def summary_entries(input_dir: Path, out_dir: Path, options: RunOptions, pattern: str | None = None,
                    since: dt.date | None = None) -> list[FileOutcome]:
    """The latest manifest row of every file currently in the folder, under these settings."""
    options = options.model_copy(update={"progress": False, "date_fallback": "mtime"})
    settings = settings_hash(options)
    in_root = input_dir.resolve()
    entries = []
    with Manifest(out_dir / MANIFEST_NAME) as manifest:
        for path in discover(input_dir, out_dir, pattern, since):
            rel = path.resolve().relative_to(in_root).as_posix()
            row = manifest.latest(rel, settings)
            if row is not None:
                entries.append(row)
    return entries


def write_batch_summary(
    input_dir: Path, out_dir: Path, options: RunOptions, *, pattern: str | None = None,
    since: dt.date | None = None, today: dt.date | None = None,
) -> tuple[TeamSummary, list[Path]]:
    """The team view (csv, md, html) over every file of the folder that has a manifest row."""
    from summarizer.summary import build_summary, load_entry, write_summary

    entries = [
        load_entry(r.rel_path, r.status, r.reason, r.outputs, out_dir, r.meeting_date_source)
        for r in summary_entries(input_dir, out_dir, options, pattern, since)
    ]
    summary = build_summary(entries, today or dt.date.today())
    return summary, write_summary(summary, out_dir)


__all__ = [
    "BatchObserver",
    "BatchReport",
    "FileOutcome",
    "Manifest",
    "Observer",
    "discover",
    "process_one",
    "run_batch",
    "settings_hash",
    "summary_entries",
    "supported_suffixes",
    "write_batch_summary",
]
