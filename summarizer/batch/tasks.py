"""The one Celery task: a file in, its outputs on shared storage, a :class:`FileOutcome` back.

The task calls :func:`summarizer.pipeline.run_file` through
:func:`summarizer.batch.worker.process_one` (the same failure isolation as a
local batch) and nothing else. Its id is derived from (relative path, content
hash, settings hash, OUT_DIR), so the same file enqueued twice (a re-run after Ctrl-C)
is one job, and a message redelivered after its job already succeeded
returns the stored result without writing anything again. Outputs are
written atomically under a stem fixed by the submitter, so a job redelivered
after a worker died rewrites the same files, never a second copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.batch import marks
from summarizer.batch import protocol as wire
from summarizer.batch.manifest import FileOutcome
from summarizer.batch.worker import process_one
from summarizer.errors import BackendError
from summarizer.messages import Message
from summarizer.pipeline import RunOptions, RunResult, run_file

if TYPE_CHECKING:
    from celery import Celery, Task

    from summarizer.batch.celery_app import BrokerSettings

log = logging.getLogger("summarizer.worker")


class TransientFailure(BaseException):
    """Escapes :func:`process_one` (which turns every ``Exception`` into a failed outcome) to be retried."""

    def __init__(self, error: BackendError) -> None:
        super().__init__(str(error))
        self.error = error


def is_transient(exc: BaseException) -> bool:
    """An LLM 5xx/429/timeout/connection error after the client's own retries; never bad input."""
    if not isinstance(exc, BackendError):
        return False
    from summarizer.extract.llm.transport import DeadlineExceeded, is_retryable

    cause = exc.__cause__
    return cause is not None and (is_retryable(cause) or isinstance(cause, DeadlineExceeded))


def _run_file(
    path: Path, out_dir: Path, options: RunOptions, stem: str, *, sha256: str | None = None
) -> tuple[RunResult, list[Path]]:
    try:
        return run_file(path, out_dir, options, stem, sha256=sha256)
    except BackendError as exc:
        if is_transient(exc):
            raise TransientFailure(exc) from exc
        raise


def task_id_for(rel_path: str, sha256: str, settings: str, out_dir: Path) -> str:
    """Same file, content, settings and OUT_DIR: same job id (resume, duplicate messages)."""
    digest = hashlib.sha256(f"{out_dir.resolve()}\0{rel_path}\0{sha256}".encode()).hexdigest()[:24]
    return f"crc-{settings}-{digest}"


def _rel(path: str, input_dir: str) -> str:
    return Path(path).resolve().relative_to(Path(input_dir).resolve()).as_posix()


def _failed(rel: str, sha256: str, reason: Message, attempts: int = 1) -> FileOutcome:
    return FileOutcome(rel_path=rel, sha256=sha256, status="failed", reason=str(reason), attempts=attempts,
                       finished_at=dt.datetime.now(dt.timezone.utc))


def register(app: Celery, settings: BrokerSettings) -> None:
    """Bind :data:`~summarizer.batch.celery_app.TASK_NAME` on ``app``."""
    from summarizer.batch.celery_app import TASK_NAME

    retries, backoff = settings.task_retries, settings.retry_backoff

    @app.task(name=TASK_NAME, bind=True, max_retries=retries)
    def process_file(
        self: Task, path: str, input_dir: str, out_dir: str, stem: str, sha256: str,
        options: dict[str, Any], timeout: float | None = None, token: str | None = None,
        protocol: str | None = None,
    ) -> dict[str, Any]:
        """``token`` only marks which message a result answers (see :func:`remote.sent_by`); ``protocol``
        is the submitter's (see :mod:`summarizer.batch.protocol`): a job sent under another is refused."""
        task_id = self.request.id
        rel = _rel(path, input_dir)
        if protocol != wire.protocol():
            log.warning("job %s refused: sent under protocol %s, this worker runs %s", task_id, protocol, wire.protocol())
            return _reply(_failed(rel, sha256, wire.mismatch(self.request.hostname, wire.protocol(), protocol)))
        if task_id and not self.request.called_directly:
            previous = self.backend.get_task_meta(task_id)
            result = previous.get("result")
            if (previous.get("status") == "SUCCESS" and isinstance(result, dict) and result.get("status") == "done"
                    and result.get(wire.KEY) == wire.protocol()):
                return dict(result)  # a duplicate or redelivered message: done already
            if marks.cancelled(self.backend, task_id):  # Ctrl-C or `crc batch --cancel` before it started
                return {**_reply(_failed(rel, sha256, Message("job_cancelled", name=Path(rel).name))), "cancelled": True}
            deliveries = marks.count_delivery(
                self.backend, task_id, token, self.request.retries, settings.result_expires
            )
            if deliveries is not None and deliveries > settings.max_deliveries:
                lost = Message("worker_lost", name=Path(rel).name, count=deliveries - 1)
                return _reply(_failed(rel, sha256, lost, deliveries))
            self.update_state(state="STARTED", meta={"worker": self.request.hostname, "pid": os.getpid(),
                                                     "file": rel, "delivery": deliveries})
        run_options = RunOptions.model_validate(options)
        try:
            outcome = process_one(
                Path(path), Path(input_dir), Path(out_dir), stem, sha256, run_options, _run_file, timeout
            )
        except TransientFailure as exc:
            attempt = self.request.retries
            if attempt >= retries:
                reason = f"{exc.error} (abandon après {attempt + 1} tentatives)"
                outcome = FileOutcome(rel_path=rel, sha256=sha256, status="failed", reason=reason,
                                      attempts=attempt + 1, finished_at=dt.datetime.now(dt.timezone.utc))
            else:
                raise self.retry(countdown=backoff * (2**attempt), exc=exc.error) from exc.error
        outcome.attempts = self.request.retries + 1
        return _reply(outcome)


def _reply(outcome: FileOutcome) -> dict[str, Any]:
    """The outcome as the result backend stores it, with this worker's protocol for the submitter to check."""
    return {**outcome.model_dump(mode="json"), wire.KEY: wire.protocol()}


def warm_up() -> None:
    """Load spaCy, the lexicons and the renderers once per worker, before the first job waits for them."""
    from summarizer.extract.base import ExtractContext
    from summarizer.ingest.transcript import Segment, Transcript
    from summarizer.pipeline import extract, render_outputs
    from summarizer.score import score_crc

    transcript = Transcript(segments=[Segment(index=0, start=0.0, end=2.0, speaker="A", text="Bonjour, on valide le devis.")])
    try:
        crc = extract(transcript, ExtractContext(meeting_date=dt.date.today()), "rules")
        render_outputs(RunResult(source=Path("warm-up.txt"), transcript=transcript, crc=crc, report=score_crc(crc)))
    except Exception:  # a failed warm-up only costs time on the first job
        return
