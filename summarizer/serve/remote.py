"""``crc serve`` with ``CRC_BROKER_URL``: jobs run on Celery workers instead of in this process.

The service keeps everything it owns: the job table (claim, state, progress,
retention) and its :class:`~summarizer.serve.jobs.WorkerPool`, whose threads
now only wait. :class:`RemoteProcessor` is the pool's processor: it hands the
job (its directory on storage every worker sees, ``CRC_DATA_DIR``) to the
``asr`` or ``extract`` queue, relays the worker's progress to the table while
it waits (the queue layer's :class:`~summarizer.queue.relay.Relay`), then reads the
artifacts the worker wrote. ``CRC_WORKERS`` is then the number of jobs in flight, not of
local processes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from summarizer.errors import BackendError, CrcError
from summarizer.messages import Message
from summarizer.pipeline import RunResult
from summarizer.queue import protocol as wire
from summarizer.queue.app import (
    ASR_QUEUE,
    EXTRACT_QUEUE,
    BrokerSettings,
    app_for,
    check_broker,
    connection_errors,
)
from summarizer.queue.relay import Relay
from summarizer.queue.tasks import (
    JOB_TASK,
    delivery_refusal,
    is_transient,
    protocol_refusal,
    retry_later,
    stamped,
)
from summarizer.score import ScoreReport
from summarizer.serve.jobs import (
    JobCancelled,
    JobSpec,
    ProgressFn,
    artifact_path,
    load_crc,
    load_transcript_of,
)

if TYPE_CHECKING:
    from celery import Celery

__all__ = ["JOB_TASK", "JobFailed", "RemoteProcessor", "job_task_id", "register_job_task", "remote_processor"]
log = logging.getLogger("summarizer.serve")


class JobFailed(CrcError):
    """The worker reported the job's one-line reason (bad input, backend down)."""


def remote_processor() -> RemoteProcessor | None:
    """The processor for ``CRC_BROKER_URL``; None (in-process pool) when it is unset."""
    url = BrokerSettings().broker_url
    if not url:
        return None
    app = app_for(url)
    check_broker(app)  # unreachable at start: one line, exit 2
    return RemoteProcessor(app)


def job_task_id(job_id: str) -> str:
    return f"crc-job-{job_id}"


class RemoteProcessor:
    """A :data:`~summarizer.serve.jobs.Processor` that runs the job on a worker and waits for it."""

    def __init__(self, app: Celery, poll: float = 0.1, grace: float = 15.0) -> None:
        self.app = app
        self.poll = poll
        self.grace = grace

    def __call__(self, spec: JobSpec, progress: ProgressFn) -> RunResult:
        task_id = job_task_id(spec.job_id)

        def sender(task_id: str, token: str) -> None:
            self.app.send_task(JOB_TASK, args=[spec.model_dump(mode="json")],
                               kwargs={"token": token, wire.KEY: wire.protocol()}, task_id=task_id,
                               queue=ASR_QUEUE if spec.audio else EXTRACT_QUEUE)

        try:
            self.app.backend.forget(task_id)  # a job retried after a restart runs again
            relay = Relay(self.app, sender, poll=self.poll, grace=self.grace)
            relay.send(task_id)
            progress("queued", 0.01)
            meta = self._wait(relay, task_id, progress)
        except JobCancelled:
            self._revoke(task_id)  # deleted: a job not started never starts; a running one cleans up after itself
            raise
        except CrcError:
            raise
        except Exception as exc:
            if isinstance(exc, connection_errors(self.app)):
                raise BackendError(Message("broker_down")) from exc
            raise
        refused = wire.reply_mismatch(meta)
        if refused is not None:
            raise JobFailed(refused)
        status, result = meta.get("status"), meta.get("result")
        if status == "SUCCESS" and isinstance(result, dict):
            if result.get("cancelled"):  # deleted meanwhile, seen by the worker first
                raise JobCancelled
            if result.get("error"):
                raise JobFailed(_reported(result))
            return load_result(spec, bool(result.get("from_audio")))
        detail = result.get("exc_type") if isinstance(result, dict) else status
        raise RuntimeError(f"remote job {status} ({detail})")

    @staticmethod
    def _wait(relay: Relay, task_id: str, progress: ProgressFn) -> dict[str, Any]:
        """The job's final meta; its progress relayed meanwhile (each call is where a delete is seen)."""
        answer: dict[str, Any] = {}
        last: list[tuple[str, float]] = []

        def on_meta(_: str, meta: dict[str, Any]) -> bool:
            if relay.answers(task_id, meta):  # (a result stored late for an earlier message is not ours)
                answer.update(meta)
                return True
            info = meta.get("result")
            if meta.get("status") == "PROGRESS" and isinstance(info, dict):
                now = (str(info.get("stage")), float(info.get("progress") or 0.0))
                if not last or now != last[-1]:
                    progress(*now)
                    last[:] = [now]
            else:
                progress(*(last[-1] if last else ("queued", 0.01)))  # nothing new: still the point where a delete is seen
            return False

        relay.wait({task_id}, on_meta)
        return answer

    def _revoke(self, task_id: str) -> None:
        try:
            self.app.control.revoke(task_id)
        except Exception as exc:  # the worker's tombstone check still discards the job's files
            log.warning("job %s: revoke failed (%s)", task_id, type(exc).__name__)


def _reported(result: dict[str, Any]) -> Message | str:
    """The worker's reason: its message when this version knows the key, else its French line."""
    return Message.stored(result.get("message")) or str(result["error"])


def load_result(spec: JobSpec, from_audio: bool) -> RunResult:
    """The worker's artifacts read back from the shared job directory."""
    directory = spec.job_dir
    crc = load_crc(directory)
    report = ScoreReport.model_validate_json(artifact_path(directory, "score").read_bytes())
    return RunResult(source=spec.input_path, transcript=load_transcript_of(directory), crc=crc, report=report,
                     from_audio=from_audio)


def register_job_task(app: Celery, settings: BrokerSettings) -> None:
    """The worker side: :func:`summarizer.serve.jobs.run_job`, as the in-process pool runs it."""

    @app.task(name=JOB_TASK, bind=True, max_retries=settings.task_retries)
    def serve_job(
        self: Any, spec_data: dict[str, Any], token: str | None = None, protocol: str | None = None
    ) -> dict[str, Any]:
        refused = protocol_refusal(self, protocol)
        if refused is not None:
            log.warning("job task %s refused: sent under protocol %s", self.request.id, protocol)
            return _error(str(refused), refused)
        spec = JobSpec.model_validate(spec_data)
        _, lost = delivery_refusal(self, token, settings, spec.filename)
        if lost is not None:
            return _error(str(lost), lost)
        return run_remote_job(self, spec, settings)


def run_remote_job(task: Any, spec: JobSpec, settings: BrokerSettings) -> dict[str, Any]:
    """One job on a worker; a job deleted meanwhile (its tombstone, see :func:`jobs.delete_job_files`)
    stops at its next stage, and whatever it wrote is removed once its last file is written."""
    from summarizer.serve.jobs import delete_job_files, is_deleted, run_job

    data_dir = spec.job_dir.parent
    last = [-1.0]

    def progress(stage: str, fraction: float) -> None:
        if is_deleted(data_dir, spec.job_id):
            raise JobCancelled
        if fraction - last[0] >= 0.01 or stage in ("extracting", "scoring", "rendering"):
            last[0] = fraction
            task.update_state(state="PROGRESS", meta={"stage": stage, "progress": round(fraction, 3)})

    try:
        if is_deleted(data_dir, spec.job_id):
            raise JobCancelled
        result = run_job(spec, progress)
    except JobCancelled:
        delete_job_files(data_dir, spec.job_id)
        return stamped({"cancelled": True})
    except CrcError as exc:
        if is_transient(exc):
            retry_later(task, exc, settings)
        return _error(str(exc), exc.message)
    finally:
        deleted = is_deleted(data_dir, spec.job_id)
        if deleted:  # deleted while this ran: nothing it wrote may stay
            delete_job_files(data_dir, spec.job_id)
    if deleted:  # deleted after its last stage began: done, but discarded
        return stamped({"cancelled": True})
    return stamped({"from_audio": result.from_audio, "crc_id": result.crc.id})


def _error(text: str, message: Message | None) -> dict[str, Any]:
    """A failed job's reply: the French line, the message for other languages, this worker's protocol."""
    return stamped({"error": text, "message": message.to_json() if message is not None else None})
