"""Job processing and the in-process worker pool.

A job is :func:`summarizer.pipeline.run_file` on one uploaded file (the CLI's
run, no second implementation), followed through its stage hook, writing into
``<data_dir>/<job_id>/``:
``input<suffix>`` (the upload), ``input.transcript.json|vtt`` (always, so an
edit can be re-validated against the words without re-transcribing) and
``crc<suffix>`` for every rendered output. Edits go through :func:`apply_edit`.

Logs carry job ids and error types only: never transcript text, file names or
exception messages that might quote them.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarizer.crc import CRC, crc_id_for, next_version
from summarizer.downstream.push import Notifier
from summarizer.errors import CrcError, InputError, reason_message
from summarizer.files import atomic_write_bytes
from summarizer.ingest.metadata import read_call_file
from summarizer.ingest.transcript import Transcript
from summarizer.messages import Message
from summarizer.pipeline import (
    OUTPUTS,
    RunOptions,
    RunResult,
    Stage,
    extract,
    output_for,
    render_outputs,
    run_file,
)
from summarizer.score import score_crc, validate_crc
from summarizer.serve.db import JobRecord, JobStore, failure_detail, utcnow
from summarizer.serve.security import describe_exception
from summarizer.serve.settings import ServeSettings

log = logging.getLogger("summarizer.serve")



class _Artifacts(Mapping[str, tuple[str, str]]):
    """download name -> (file suffix in the job dir, media type), read live from the pipeline's
    :data:`~summarizer.pipeline.OUTPUTS`: an output registered there is a job artifact too."""

    def __getitem__(self, kind: str) -> tuple[str, str]:
        output = output_for(kind)
        if output is None:
            raise KeyError(kind)
        return output.suffix, output.media_type

    def __iter__(self) -> Iterator[str]:
        return iter([o.kind for o in OUTPUTS])

    def __len__(self) -> int:
        return len(OUTPUTS)


ARTIFACTS: Mapping[str, tuple[str, str]] = _Artifacts()


def artifact_kind() -> Any:
    """The download route's ``kind`` parameter: one of the registered outputs (422 otherwise, as a
    ``Literal`` gave), listed in the OpenAPI schema; built when the app is."""
    import re

    from fastapi import Path as PathParam

    kinds = list(ARTIFACTS)
    return PathParam(pattern=f"^({'|'.join(re.escape(k) for k in kinds)})$", json_schema_extra={"enum": kinds})


def page_downloads() -> list[tuple[str, bool]]:
    """(kind, primary) of each download button on the upload page, in the outputs' order (primary first)."""
    offered = [(o.kind, o.page == "primary") for o in OUTPUTS if o.page is not None]
    return sorted(offered, key=lambda item: not item[1])
STEM = "crc"
TRANSCRIPT_JSON = "input.transcript.json"

ProgressFn = Callable[[str, float], None]
Extractor = Callable[..., CRC]


class JobSpec(BaseModel):
    """What a worker needs to run one job; built from the job row."""

    job_id: str
    job_dir: Path
    input_path: Path
    filename: str
    audio: bool
    options: RunOptions


Processor = Callable[[JobSpec, ProgressFn], RunResult]


def job_dir(data_dir: Path, job_id: str) -> Path:
    return data_dir / job_id


def artifact_path(directory: Path, kind: str) -> Path:
    return directory / f"{STEM}{ARTIFACTS[kind][0]}"


def write_artifacts(directory: Path, result: RunResult) -> None:
    """Render everything first, then write each file atomically."""
    files = render_outputs(result)
    for suffix, data in files.items():
        atomic_write_bytes(directory / f"{STEM}{suffix}", data)


class JobCancelled(Exception):
    """Raised by the progress callback of a job deleted while it runs: the run stops at its next stage."""


#: where each stage starts on the job's 0..1 progress scale (a recording spends most of its time in ASR)
_STAGE_START: dict[bool, dict[str, float]] = {
    True: {"transcribing": 0.05, "extracting": 0.7, "scoring": 0.85, "rendering": 0.92, "done": 0.99},
    False: {"reading": 0.05, "extracting": 0.3, "scoring": 0.85, "rendering": 0.92, "done": 0.99},
}


class JobStages:
    """The pipeline's stage hook for one job: maps stages to overall progress and estimates the ASR's.

    While a recording is transcribed without progress of its own, a thread reports an
    estimate (elapsed time over the audio duration x the processing rate measured on
    earlier recordings, capped at 95 % of the stage); a :class:`JobCancelled` raised by
    ``progress`` stops that thread, and surfaces in the run at its next stage.
    """

    def __init__(self, progress: ProgressFn, audio: bool, input_path: Path) -> None:
        self.progress = progress
        self.starts = _STAGE_START[audio]
        self.input_path = input_path
        self._ticker: tuple[threading.Thread, threading.Event] | None = None
        self._cancelled = False

    def __call__(self, stage: Stage, fraction: float) -> None:
        if stage != "transcribing" or fraction > 0.0:
            self.stop_estimate()
        if self._cancelled:
            raise JobCancelled
        start = self.starts.get(stage, 0.0)
        following = [v for v in self.starts.values() if v > start]
        end = min(following) if following else 1.0
        try:
            self.progress(stage, start + (end - start) * max(0.0, min(1.0, fraction)))
        except JobCancelled:
            self._cancelled = True
            raise
        if stage == "transcribing" and fraction == 0.0:
            self._start_estimate(start, end)

    def _start_estimate(self, start: float, end: float) -> None:
        duration = audio_duration(self.input_path)
        if not duration:
            return
        stop = threading.Event()
        t0 = time.monotonic()

        def tick() -> None:
            while not stop.wait(0.5):
                share = min(0.95, (time.monotonic() - t0) / max(0.5, duration * _ASR_RATE[0]))
                try:
                    self.progress("transcribing", start + (end - start) * share)
                except JobCancelled:
                    self._cancelled = True
                    return
            elapsed = time.monotonic() - t0
            if elapsed > 1.0:  # a cache hit says nothing about the ASR speed
                _ASR_RATE[0] = 0.5 * _ASR_RATE[0] + 0.5 * elapsed / duration

        thread = threading.Thread(target=tick, name="crc-asr-progress", daemon=True)
        thread.start()
        self._ticker = (thread, stop)

    def stop_estimate(self) -> None:
        if self._ticker is not None:
            thread, stop = self._ticker
            self._ticker = None
            stop.set()
            thread.join()


def run_job(spec: JobSpec, progress: ProgressFn, extractor: Extractor | None = None) -> RunResult:
    """The pipeline on one upload, reporting coarse stages. ``extractor`` replaces the backend (tests).

    The transcript files are written for every input (edits are re-validated against them);
    the display name feeds the date-in-file-name heuristic and ``metadata.source``, never a path.
    """
    stages = JobStages(progress, spec.audio, spec.input_path)
    try:
        result, _ = run_file(
            spec.input_path, spec.job_dir, spec.options, STEM, on_stage=stages, name=spec.filename,
            extractor=extractor, transcript_stem="input",
        )
    finally:
        stages.stop_estimate()
    return result


#: seconds of processing per second of audio, learned from this process's finished transcriptions
_ASR_RATE = [0.3]


def audio_duration(path: Path) -> float | None:
    """Container duration in seconds (PyAV, no decoding); None when unknown."""
    try:
        import av

        with av.open(str(path)) as container:
            if container.duration:
                return float(container.duration) / 1_000_000
    except Exception:
        return None
    return None


def load_transcript_of(directory: Path) -> Transcript:
    return Transcript.model_validate_json((directory / TRANSCRIPT_JSON).read_bytes())


def load_crc(directory: Path) -> CRC:
    """A job's CRC as it stands (its latest version); OSError or ValidationError when missing or unreadable."""
    return CRC.model_validate_json(artifact_path(directory, "json").read_bytes())


class EditConflict(CrcError):
    """The CRC changed since the client loaded it."""

    def __init__(self, current: str) -> None:
        super().__init__(Message("edit_conflict", current=current))
        self.current = current


def apply_edit(directory: Path, data: Any, *, from_audio: bool) -> RunResult:
    """Validate an edited CRC against the transcript, bump its version, re-score and re-render."""
    if not isinstance(data, dict):
        raise InputError(Message("crc_not_object"))
    current = load_crc(directory)
    if data.get("version") != current.version:
        raise EditConflict(current.version)
    transcript = load_transcript_of(directory)
    edited = validate_crc(data, transcript)
    version = next_version(current.version)
    crc = edited.model_copy(update={
        "version": version,
        "id": crc_id_for(edited.model_copy(update={"id": current.id, "metadata": current.metadata}), version),
        # provenance is the server's, not the editor's; version_at dates this version for the replies to it
        "metadata": current.metadata.model_copy(update={"version_at": dt.datetime.now(dt.timezone.utc)}),
    })
    history = directory / "history" / f"{STEM}-v{current.version}.crc.json"
    atomic_write_bytes(history, artifact_path(directory, "json").read_bytes())
    result = RunResult(
        source=directory / "input", transcript=transcript, crc=crc, report=score_crc(crc), from_audio=from_audio
    )
    write_artifacts(directory, result)
    return result


#: folder of ``data_dir`` where a deleted job leaves its id (a tombstone), for a worker still running it
TOMBSTONES = ".deleted"
#: a tombstone outlives any job a worker may still hold (visibility timeout: hours)
TOMBSTONE_AGE = dt.timedelta(days=2)


def tombstone(data_dir: Path, job_id: str) -> Path:
    return data_dir / TOMBSTONES / job_id


def is_deleted(data_dir: Path, job_id: str) -> bool:
    """Whether the job was deleted: a Celery worker checks it before running and after writing."""
    return tombstone(data_dir, job_id).exists()


def delete_job_files(data_dir: Path, job_id: str) -> None:
    """Remove the job's folder, leaving its tombstone first: a worker on another machine that writes
    after this removes what it wrote (it checks the tombstone once its last file is written), so
    nothing of a deleted job survives whichever side finishes last."""
    mark_deleted(data_dir, job_id)
    shutil.rmtree(job_dir(data_dir, job_id), ignore_errors=True)


def mark_deleted(data_dir: Path, job_id: str) -> None:
    """Leave the job's tombstone now, before a delete is answered: a worker then sees it at its
    next stage or after its last write, not only once this server's next poll gets round to it."""
    mark = tombstone(data_dir, job_id)
    try:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()
    except OSError as exc:  # the folder still goes; only a late worker's files could stay
        log.warning("job %s: tombstone not written (%s)", job_id, type(exc).__name__)


def purge_tombstones(data_dir: Path, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Forget tombstones no worker can still need (older than any job runs); returns how many."""
    cutoff = ((now or utcnow()) - older_than).timestamp()
    count = 0
    for mark in (data_dir / TOMBSTONES).glob("*"):
        try:
            if mark.stat().st_mtime < cutoff:
                mark.unlink()
                count += 1
        except OSError:
            continue
    return count


def warm_up() -> None:
    """Load the rules backend's models (spaCy, lexicons) now, so the first upload does not wait seconds for them."""
    from summarizer.extract.base import ExtractContext
    from summarizer.ingest.transcript import Segment

    transcript = Transcript(segments=[Segment(index=0, start=0.0, end=2.0, speaker="A", text="Bonjour, on valide le devis.")])
    try:
        extract(transcript, ExtractContext(meeting_date=dt.date.today()), "rules")
    except Exception as exc:  # a failed warm-up only costs time on the first job
        log.warning("warm-up failed: %s", describe_exception(exc))


class WorkerPool:
    """N daemon threads draining a queue of job ids; jobs survive restarts through the table.

    A job interrupted by a shutdown stays ``running`` in the table; the next
    start puts it back in the queue once (see :meth:`JobStore.recover`).
    """

    def __init__(
        self, store: JobStore, settings: ServeSettings, processor: Processor,
        retention_interval: float = 3600.0,
    ) -> None:
        self.store = store
        self.settings = settings
        self.processor = processor
        self.retention_interval = retention_interval
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        #: job id -> its cancel flag, for the jobs this pool is running
        self._running: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self.notifier = Notifier.from_env(settings.data_dir)  # CRC_WEBHOOK_URL: every new or edited CRC

    def start(self) -> None:
        queued, failed = self.store.recover()
        for job_id in failed:
            log.warning("job %s failed: interrupted twice", job_id)
        for job_id in queued:
            self._queue.put(job_id)
        if queued:
            log.info("resuming %d queued job(s)", len(queued))
        if self.notifier is not None:
            self.notifier.kick()  # what a previous run left in the outbox
        for i in range(self.settings.workers):
            t = threading.Thread(target=self._loop, name=f"crc-worker-{i}", daemon=True)
            t.start()
            self._threads.append(t)
        t = threading.Thread(target=self._retention_loop, name="crc-retention", daemon=True)
        t.start()
        self._threads.append(t)
        if self.settings.workers and "rules" in {self.settings.backend, self.settings.fallback}:
            threading.Thread(target=warm_up, name="crc-warm-up", daemon=True).start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop taking jobs; a job still running stays ``running`` and is retried on the next start."""
        self._stop.set()
        for _ in range(self.settings.workers):
            self._queue.put(None)
        deadline = time.monotonic() + timeout
        for t in self._threads:
            t.join(max(0.0, deadline - time.monotonic()))

    def submit(self, job_id: str) -> None:
        self._queue.put(job_id)

    def cancel(self, job_id: str) -> bool:
        """Ask a running job to stop at its next stage; True when this pool runs it (it then removes
        the job's files itself, once nothing writes there any more), False when the caller may."""
        with self._lock:
            flag = self._running.get(job_id)
            if flag is None:
                return False
            flag.set()
            return True

    def _loop(self) -> None:
        while not self._stop.is_set():
            job_id = self._queue.get()
            if job_id is None or self._stop.is_set():
                return
            try:
                self.run_one(job_id)
            except Exception as exc:  # the loop must survive anything, e.g. a database hiccup
                log.error("job %s: worker error %s", job_id, type(exc).__name__)

    def spec_for(self, rec: JobRecord) -> JobSpec:
        directory = job_dir(self.settings.data_dir, rec.id)
        options = RunOptions(
            backend=self.settings.backend, fallback=self.settings.fallback, meeting_date=rec.meeting_date,
            client=rec.client, vendor=self.settings.vendor, language=None if rec.language == "auto" else rec.language,
            participants=rec.participants, asr_model=self.settings.asr_model, progress=False, rep=rec.rep,
            **read_call_file(directory),  # type: ignore[arg-type]
            asr_cache_dir=directory / "asr-cache",  # deleted with the job, and spares a retried job the ASR
        )
        return JobSpec(
            job_id=rec.id, job_dir=directory, input_path=directory / f"input{rec.input_suffix}",
            filename=rec.filename, audio=rec.from_audio, options=options,
        )

    def run_one(self, job_id: str) -> None:
        cancel = threading.Event()
        with self._lock:  # registered before the claim, so a delete either sees it or prevents the claim
            self._running[job_id] = cancel
        try:
            if not self.store.claim(job_id):
                return
            self._run_claimed(job_id, cancel)
        finally:
            with self._lock:
                self._running.pop(job_id, None)

    def _run_claimed(self, job_id: str, cancel: threading.Event) -> None:
        rec = self.store.get(job_id)
        if rec is None:
            delete_job_files(self.settings.data_dir, job_id)
            return
        log.info("job %s started (attempt %d)", job_id, rec.attempts)
        last = [0.0]

        def progress(stage: str, fraction: float) -> None:
            """Job progress, and the cancellation point: the job was deleted (here or by another process)."""
            if cancel.is_set():
                raise JobCancelled
            fraction = max(0.0, min(1.0, fraction))
            if fraction - last[0] >= 0.01 or fraction == 0.0:
                last[0] = fraction
                if not self.store.update(job_id, stage=stage, progress=fraction):
                    raise JobCancelled

        spec = self.spec_for(rec)
        try:
            result = self.processor(spec, progress)
        except JobCancelled:
            log.info("job %s cancelled", job_id)
            delete_job_files(self.settings.data_dir, job_id)
            return
        except CrcError as exc:
            alive = self._fail(job_id, reason_message(exc))
            log.info("job %s failed (%s)", job_id, type(exc).__name__)
        except Exception as exc:
            alive = self._fail(job_id, Message("job_internal", type=type(exc).__name__))
            log.error("job %s failed: internal error %s", job_id, describe_exception(exc))
        else:
            crc = result.crc
            try:
                alive = not cancel.is_set() and self.store.update(
                    job_id, status="done", stage="done", progress=1.0, finished_at=utcnow(), error=None, error_detail=None,
                    from_audio=result.from_audio, crc_id=crc.id, version=crc.version, score=result.report.total,
                    golden_rule=result.report.golden_rule.ok, meeting_date=crc.meeting.date,
                    client=rec.client or crc.meeting.client, rep=crc.meeting.rep or rec.rep,  # the CRC's rep
                )
                log.info("job %s %s", job_id, "done" if alive else "cancelled")
                if alive and self.notifier is not None:
                    self.notifier.notify(crc)
            except Exception as exc:  # never leave a job "running" because its final save failed
                log.error("job %s: final save failed: %s", job_id, describe_exception(exc))
                alive = self._fail(job_id, Message("job_save_failed"))
        if not alive:  # deleted while running: remove what the run wrote
            delete_job_files(self.settings.data_dir, job_id)

    def _fail(self, job_id: str, reason: Message | str) -> bool:
        """Mark the job failed with its reason: the French line, and the message for other languages."""
        return self.store.update(
            job_id, status="failed", stage="failed", progress=1.0, finished_at=utcnow(),
            error=str(reason), error_detail=failure_detail(reason),
        )

    def purge_expired(self, now: dt.datetime | None = None) -> int:
        """Delete jobs (rows and files) older than the retention setting; returns how many."""
        purge_tombstones(self.settings.data_dir, TOMBSTONE_AGE, now)
        days = self.settings.retention_days
        if days <= 0:
            return 0
        cutoff = (now or utcnow()) - dt.timedelta(days=days)
        ids = self.store.older_than(cutoff)
        for job_id in ids:
            self.store.delete(job_id)
            delete_job_files(self.settings.data_dir, job_id)
        if ids:
            log.info("retention: purged %d job(s) older than %d day(s)", len(ids), days)
        return len(ids)

    def _retention_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.purge_expired()
            except Exception as exc:
                log.error("retention purge failed: %s", type(exc).__name__)
            self._stop.wait(self.retention_interval)
