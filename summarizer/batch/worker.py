"""The worker side of a batch: one file in, one small picklable :class:`FileOutcome` out, never an exception."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Protocol

from summarizer.batch.manifest import FileOutcome
from summarizer.errors import CrcError
from summarizer.pipeline import RunOptions, RunResult, run_file


class ProcessFn(Protocol):
    """(input, output dir, options, stem, content hash) -> (result, written files); raises CrcError on bad input."""

    def __call__(
        self, path: Path, out_dir: Path, options: RunOptions, stem: str, *, sha256: str | None = None
    ) -> tuple[RunResult, list[Path]]: ...


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
    process_fn: ProcessFn = run_file, timeout: float | None = None,
) -> FileOutcome:
    """Run one file and report; every failure becomes a one-line reason, never an exception."""
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()
    rel = path.resolve().relative_to(input_dir.resolve()).as_posix()
    rel_dir = Path(rel).parent
    base = dict(rel_path=rel, sha256=sha256, started_at=started)
    try:
        with _deadline(timeout):
            result, written = process_fn(path, out_dir / rel_dir, options, stem, sha256=sha256)  # hashed once, by discovery
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
            warnings=list(result.transcript.warnings),
            crc_id=crc.id, meeting_date=crc.meeting.date, meeting_date_source=crc.metadata.meeting_date_source,
            **base,  # type: ignore[arg-type]
        ),
        t0,
    )


def _finish(o: FileOutcome, t0: float) -> FileOutcome:
    o.finished_at = dt.datetime.now(dt.timezone.utc)
    o.duration = round(time.perf_counter() - t0, 4)
    return o


def _worker_init(parent_pid: int | None = None) -> None:
    """Workers ignore Ctrl-C (the parent decides whether running files finish or are abandoned) and
    die with their parent: a SIGKILLed ``crc batch`` must not leave ~370 MB workers behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if parent_pid is not None:
        die_with_parent(parent_pid)


#: prctl option asking the kernel to signal this process when its parent dies (linux/prctl.h)
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int, poll: float = 1.0) -> None:
    """Linux: the kernel kills this process when its parent dies (``PR_SET_PDEATHSIG``). Everywhere, and
    in case prctl is unavailable: a watchdog thread that exits once the parent pid is no longer ours.

    The parent may die before this runs; the pid check right after covers that window.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(poll)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="crc-parent-watchdog", daemon=True).start()
