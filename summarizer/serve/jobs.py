"""Job processing and the in-process worker pool.

A job is the CLI's pipeline run on one uploaded file (same functions, no
second implementation), writing into ``<data_dir>/<job_id>/``:
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.crc import CRC, Side, make_crc_id
from summarizer.downstream.metadata import apply_call_metadata, read_call_file
from summarizer.downstream.push import Notifier
from summarizer.errors import CrcError, InputError, validation_summary
from summarizer.files import atomic_write_bytes
from summarizer.ingest.transcript import Transcript
from summarizer.pipeline import (
    RunOptions,
    RunResult,
    build_context,
    extract,
    load_transcript,
    render_outputs,
    sha256_file,
    write_transcript_files,
)
from summarizer.score import score_crc
from summarizer.serve.db import JobRecord, JobStore, utcnow
from summarizer.serve.security import describe_exception
from summarizer.serve.settings import ServeSettings

log = logging.getLogger("summarizer.serve")

#: download name -> (file suffix in the job dir, media type)
ARTIFACTS: dict[str, tuple[str, str]] = {
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "eml": (".email.eml", "message/rfc822"),
    "md": (".email.md", "text/markdown; charset=utf-8"),
    "ics": (".ics", "text/calendar; charset=utf-8"),
    "json": (".crc.json", "application/json"),
    "score": (".score.json", "application/json"),
}
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


def run_job(spec: JobSpec, progress: ProgressFn, extractor: Extractor | None = None) -> RunResult:
    """The pipeline on one upload, reporting coarse stages. ``extractor`` replaces the backend (tests)."""
    progress("transcribing" if spec.audio else "reading", 0.05)
    if spec.audio:
        with transcription_progress(spec.input_path, progress, 0.05, 0.65):
            transcript, from_audio = load_transcript(spec.input_path, spec.options)
    else:
        transcript, from_audio = load_transcript(spec.input_path, spec.options)
    write_transcript_files(transcript, spec.job_dir, "input")
    progress("extracting", 0.7 if from_audio else 0.3)
    # The display name only feeds the date-in-file-name heuristic and metadata.source; it is never opened.
    ctx = build_context(Path(spec.filename), transcript, spec.options, sha256=sha256_file(spec.input_path))
    if extractor is None:
        crc = extract(transcript, ctx, spec.options.backend, spec.options.fallback)
    else:
        crc = extractor(transcript, ctx)
    apply_call_metadata(crc, transcript, spec.options.model_dump(include={"rep", "opportunity_id", "crm_stage"}))
    progress("scoring", 0.85)
    result = RunResult(source=spec.input_path, transcript=transcript, crc=crc, report=score_crc(crc), from_audio=from_audio)
    progress("rendering", 0.92)
    write_artifacts(spec.job_dir, result)
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


@contextmanager
def transcription_progress(path: Path, progress: ProgressFn, start: float, end: float) -> Iterator[None]:
    """Estimated "transcribing x%" while the ASR runs (it reports no progress of its own).

    The estimate is elapsed time over (audio duration x the processing rate
    measured on earlier recordings), capped at 95 % of the stage.
    """
    duration = audio_duration(path)
    if not duration:
        yield
        return
    stop = threading.Event()
    t0 = time.monotonic()

    def tick() -> None:
        while not stop.wait(0.5):
            share = min(0.95, (time.monotonic() - t0) / max(0.5, duration * _ASR_RATE[0]))
            progress("transcribing", start + (end - start) * share)

    thread = threading.Thread(target=tick, name="crc-asr-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
    elapsed = time.monotonic() - t0
    if elapsed > 1.0:  # a cache hit says nothing about the ASR speed
        _ASR_RATE[0] = 0.5 * _ASR_RATE[0] + 0.5 * elapsed / duration


def load_transcript_of(directory: Path) -> Transcript:
    return Transcript.model_validate_json((directory / TRANSCRIPT_JSON).read_bytes())


def load_crc(directory: Path) -> CRC:
    return CRC.model_validate_json(artifact_path(directory, "json").read_bytes())


def next_version(version: str) -> str:
    """``1.0`` -> ``1.1`` -> ... -> ``1.10``: an amended CRC keeps its major version."""
    major, _, minor = version.partition(".")
    return f"{int(major)}.{int(minor or 0) + 1}"


class EditConflict(CrcError):
    """The CRC changed since the client loaded it."""


def apply_edit(directory: Path, data: Any, *, from_audio: bool) -> RunResult:
    """Validate an edited CRC against the transcript, bump its version, re-score and re-render."""
    if not isinstance(data, dict):
        raise InputError("CRC invalide : un objet JSON est attendu.")
    current = load_crc(directory)
    if data.get("version") != current.version:
        raise EditConflict(
            f"Le CRC a été modifié entre-temps (version {current.version}, reçu {data.get('version')}) ; rechargez la page."
        )
    transcript = load_transcript_of(directory)
    try:
        edited = CRC.model_validate(data, context={"transcript": transcript})
    except ValidationError as exc:
        raise InputError(validation_message(exc)) from exc
    version = next_version(current.version)
    crc = edited.model_copy(update={
        "version": version,
        "id": make_crc_id(edited.meeting.date, edited.meeting.client, version),
        "metadata": current.metadata,  # provenance is the server's, not the editor's
    })
    history = directory / "history" / f"{STEM}-v{current.version}.crc.json"
    atomic_write_bytes(history, artifact_path(directory, "json").read_bytes())
    result = RunResult(
        source=directory / "input", transcript=transcript, crc=crc, report=score_crc(crc), from_audio=from_audio
    )
    write_artifacts(directory, result)
    return result


def validation_message(exc: ValidationError) -> str:
    """First problems of a pydantic error as one French line."""
    return "CRC invalide — " + validation_summary(exc, limit=3)


def delete_job_files(data_dir: Path, job_id: str) -> None:
    shutil.rmtree(job_dir(data_dir, job_id), ignore_errors=True)


def vendor_rep(crc: CRC) -> str | None:
    return next((p.name for p in crc.participants if p.side == Side.vendor), None)


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
            client=rec.client, vendor=self.settings.vendor, language=None if rec.language == "auto" else rec.language,  # type: ignore[arg-type]
            participants=rec.participants, asr_model=self.settings.asr_model, progress=False, rep=rec.rep,
            **read_call_file(directory),  # type: ignore[arg-type]
            asr_cache_dir=directory / "asr-cache",  # deleted with the job, and spares a retried job the ASR
        )
        return JobSpec(
            job_id=rec.id, job_dir=directory, input_path=directory / f"input{rec.input_suffix}",
            filename=rec.filename, audio=rec.from_audio, options=options,
        )

    def run_one(self, job_id: str) -> None:
        if not self.store.claim(job_id):
            return
        rec = self.store.get(job_id)
        if rec is None:
            return
        log.info("job %s started (attempt %d)", job_id, rec.attempts)
        last = [0.0]

        def progress(stage: str, fraction: float) -> None:
            fraction = max(0.0, min(1.0, fraction))
            if fraction - last[0] >= 0.01 or fraction == 0.0:
                last[0] = fraction
                self.store.update(job_id, stage=stage, progress=fraction)

        spec = self.spec_for(rec)
        try:
            result = self.processor(spec, progress)
        except CrcError as exc:
            alive = self.store.update(
                job_id, status="failed", stage="failed", progress=1.0, error=str(exc), finished_at=utcnow()
            )
            log.info("job %s failed (%s)", job_id, type(exc).__name__)
        except Exception as exc:
            alive = self.store.update(
                job_id, status="failed", stage="failed", progress=1.0, finished_at=utcnow(),
                error=f"Erreur interne ({type(exc).__name__}) ; réessayez ou contactez l'administrateur.",
            )
            log.error("job %s failed: internal error %s", job_id, describe_exception(exc))
        else:
            crc = result.crc
            try:
                alive = self.store.update(
                    job_id, status="done", stage="done", progress=1.0, finished_at=utcnow(), error=None,
                    from_audio=result.from_audio, crc_id=crc.id, version=crc.version, score=result.report.total,
                    golden_rule=result.report.golden_rule.ok, meeting_date=crc.meeting.date,
                    client=rec.client or crc.meeting.client, rep=rec.rep or vendor_rep(crc),
                )
                log.info("job %s done", job_id)
                if self.notifier is not None:
                    self.notifier.notify(crc)
            except Exception as exc:  # never leave a job "running" because its final save failed
                log.error("job %s: final save failed: %s", job_id, describe_exception(exc))
                alive = self.store.update(
                    job_id, status="failed", stage="failed", progress=1.0, finished_at=utcnow(),
                    error="Erreur interne à l'enregistrement du résultat ; réessayez ou contactez l'administrateur.",
                )
        if not alive:  # deleted while running: remove what the run wrote
            delete_job_files(self.settings.data_dir, job_id)

    def purge_expired(self, now: dt.datetime | None = None) -> int:
        """Delete jobs (rows and files) older than the retention setting; returns how many."""
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
