"""The batch's Celery task: a file in, its outputs on shared storage, a :class:`FileOutcome` back.

The task calls :func:`summarizer.pipeline.run_file` through
:func:`summarizer.batch.worker.process_one` (the same failure isolation as a
local batch) and nothing else. Its id is derived from (relative path, content
hash, settings hash, OUT_DIR), so the same file enqueued twice (a re-run after Ctrl-C)
is one job, and a message redelivered after its job already succeeded
returns the stored result without writing anything again. Outputs are
written atomically under a stem fixed by the submitter, so a job redelivered
after a worker died rewrites the same files, never a second copy. The checks every
task shares (protocol, redelivery cap, retries) are :mod:`summarizer.queue.tasks`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.batch.manifest import FileOutcome
from summarizer.batch.worker import process_one
from summarizer.errors import BackendError
from summarizer.messages import Message
from summarizer.pipeline import RunOptions, RunResult, run_file
from summarizer.queue import marks
from summarizer.queue import protocol as wire
from summarizer.queue.tasks import (
    FILE_TASK,
    TransientFailure,
    delivery_refusal,
    is_transient,
    protocol_refusal,
    retry_later,
    stamped,
)

if TYPE_CHECKING:
    from celery import Celery, Task

    from summarizer.queue.app import BrokerSettings

log = logging.getLogger("summarizer.worker")


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


def _failed(rel: str, sha256: str, reason: Message | str, attempts: int = 1) -> FileOutcome:
    return FileOutcome(rel_path=rel, sha256=sha256, status="failed", reason=str(reason), attempts=attempts,
                       finished_at=dt.datetime.now(dt.timezone.utc))


def _already_answered(task: Task, rel: str, sha256: str) -> dict[str, Any] | None:
    """The stored result of a duplicate message whose job is done, or a cancelled job's reply."""
    previous = task.backend.get_task_meta(task.request.id)
    result = previous.get("result")
    if (previous.get("status") == "SUCCESS" and isinstance(result, dict) and result.get("status") == "done"
            and result.get(wire.KEY) == wire.protocol()):
        return dict(result)  # a duplicate or redelivered message: done already
    if marks.cancelled(task.backend, task.request.id):  # Ctrl-C or `crc batch --cancel` before it started
        return {**_reply(_failed(rel, sha256, Message("job_cancelled", name=Path(rel).name))), "cancelled": True}
    return None


def register(app: Celery, settings: BrokerSettings) -> None:
    """Bind :data:`~summarizer.queue.tasks.FILE_TASK` on a worker's ``app``."""

    @app.task(name=FILE_TASK, bind=True, max_retries=settings.task_retries)
    def process_file(
        self: Task, path: str, input_dir: str, out_dir: str, stem: str, sha256: str,
        options: dict[str, Any], timeout: float | None = None, token: str | None = None,
        protocol: str | None = None,
    ) -> dict[str, Any]:
        """``token`` only marks which message a result answers (see :func:`summarizer.queue.tasks.sent_by`);
        ``protocol`` is the submitter's (see :mod:`summarizer.queue.protocol`): a job sent under another is refused."""
        task_id = self.request.id
        rel = _rel(path, input_dir)
        refused = protocol_refusal(self, protocol)
        if refused is not None:
            log.warning("job %s refused: sent under protocol %s, this worker runs %s", task_id, protocol, wire.protocol())
            return _reply(_failed(rel, sha256, refused))
        if task_id and not self.request.called_directly:
            answered = _already_answered(self, rel, sha256)
            if answered is not None:
                return answered
            deliveries, lost = delivery_refusal(self, token, settings, Path(rel).name)
            if lost is not None:
                return _reply(_failed(rel, sha256, lost, deliveries or 1))
            self.update_state(state="STARTED", meta={"worker": self.request.hostname, "pid": os.getpid(),
                                                     "file": rel, "delivery": deliveries})
        run_options = RunOptions.model_validate(options)
        try:
            outcome = process_one(
                Path(path), Path(input_dir), Path(out_dir), stem, sha256, run_options, _run_file, timeout
            )
        except TransientFailure as exc:
            retry_later(self, exc.error, settings)
            reason = f"{exc.error} (abandon après {self.request.retries + 1} tentatives)"
            outcome = _failed(rel, sha256, reason, self.request.retries + 1)
        outcome.attempts = self.request.retries + 1
        return _reply(outcome)


def _reply(outcome: FileOutcome) -> dict[str, Any]:
    """The outcome as the result backend stores it, with this worker's protocol for the submitter to check."""
    return stamped(outcome.model_dump(mode="json"))


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
