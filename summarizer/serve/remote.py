"""``crc serve`` with ``CRC_BROKER_URL``: jobs run on Celery workers instead of in this process.

The service keeps everything it owns: the job table (claim, state, progress,
retention) and its :class:`~summarizer.serve.jobs.WorkerPool`, whose threads
now only wait. :class:`RemoteProcessor` is the pool's processor: it hands the
job (its directory on storage every worker sees, ``CRC_DATA_DIR``) to the
``asr`` or ``extract`` queue, relays the worker's progress to the table while
it waits, then reads the artifacts the worker wrote. ``CRC_WORKERS`` is then
the number of jobs in flight, not of local processes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from summarizer.crc import CRC
from summarizer.errors import BackendError, CrcError
from summarizer.messages import Message
from summarizer.pipeline import RunResult
from summarizer.score import ScoreReport
from summarizer.serve.jobs import JobSpec, ProgressFn, artifact_path, load_transcript_of

if TYPE_CHECKING:
    from celery import Celery

JOB_TASK = "crc.serve_job"


class JobFailed(CrcError):
    """The worker reported the job's one-line reason (bad input, backend down)."""


def remote_processor() -> RemoteProcessor | None:
    """The processor for ``CRC_BROKER_URL``; None (in-process pool) when it is unset."""
    from summarizer.batch.celery_app import BrokerSettings, app_for, check_broker

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
        from summarizer.batch.celery_app import ASR_QUEUE, EXTRACT_QUEUE

        task_id = job_task_id(spec.job_id)

        token = [""]

        def send() -> None:
            token[0] = uuid.uuid4().hex
            self.app.send_task(JOB_TASK, args=[spec.model_dump(mode="json")], kwargs={"token": token[0]}, task_id=task_id,
                               queue=ASR_QUEUE if spec.audio else EXTRACT_QUEUE)

        try:
            self.app.backend.forget(task_id)  # a job retried after a restart runs again
            send()
            progress("queued", 0.01)
            meta = self._wait(task_id, progress, send, token)
        except CrcError:
            raise
        except Exception as exc:
            if isinstance(exc, _connection_errors(self.app)):
                raise BackendError(Message("broker_down")) from exc
            raise
        status, result = meta.get("status"), meta.get("result")
        if status == "SUCCESS" and isinstance(result, dict):
            if result.get("error"):
                raise JobFailed(_reported(result))
            return load_result(spec, bool(result.get("from_audio")))
        detail = result.get("exc_type") if isinstance(result, dict) else status
        raise RuntimeError(f"remote job {status} ({detail})")

    def _wait(self, task_id: str, progress: ProgressFn, send: Callable[[], None], token: list[str]) -> dict[str, Any]:
        from summarizer.batch.remote import RESTART_CHECK, backend_run_id, sent_by

        last: tuple[str, float] | None = None
        run_id, checked = backend_run_id(self.app), time.monotonic()
        down_since: float | None = None
        while True:
            try:
                if down_since is not None or time.monotonic() - checked > RESTART_CHECK:
                    now_id, checked = backend_run_id(self.app), time.monotonic()
                    if now_id != run_id:  # the broker restarted empty: the job went with it
                        run_id = now_id
                        send()
                meta = self.app.backend.get_task_meta(task_id)
                down_since = None
            except _connection_errors(self.app):
                down_since = down_since or time.monotonic()  # a restart is a short outage
                if time.monotonic() - down_since > self.grace:
                    raise
                time.sleep(0.5)
                continue
            status = meta.get("status")
            if status in ("SUCCESS", "FAILURE", "REVOKED") and sent_by(meta, token[0]):
                return dict(meta)  # (a result stored late for an earlier message is not ours: wait on)
            info = meta.get("result")
            if status == "PROGRESS" and isinstance(info, dict):
                now = (str(info.get("stage")), float(info.get("progress") or 0.0))
                if now != last:
                    progress(*now)
                    last = now
            time.sleep(self.poll)


def _reported(result: dict[str, Any]) -> Message | str:
    """The worker's reason: its message when this version knows the key, else its French line."""
    return Message.stored(result.get("message")) or str(result["error"])


def _connection_errors(app: Celery) -> tuple[type[BaseException], ...]:
    from summarizer.batch.remote import _connection_errors as errors

    return errors(app)


def load_result(spec: JobSpec, from_audio: bool) -> RunResult:
    """The worker's artifacts read back from the shared job directory."""
    directory = spec.job_dir
    crc = CRC.model_validate_json(artifact_path(directory, "json").read_bytes())
    report = ScoreReport.model_validate_json(artifact_path(directory, "score").read_bytes())
    return RunResult(source=spec.input_path, transcript=load_transcript_of(directory), crc=crc, report=report,
                     from_audio=from_audio)


def register_job_task(app: Celery, retries: int, backoff: float) -> None:
    """The worker side: :func:`summarizer.serve.jobs.run_job`, as the in-process pool runs it."""
    from summarizer.batch.tasks import is_transient

    @app.task(name=JOB_TASK, bind=True, max_retries=retries)
    def serve_job(self: Any, spec_data: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        from summarizer.serve.jobs import run_job

        spec = JobSpec.model_validate(spec_data)
        last = [-1.0]

        def progress(stage: str, fraction: float) -> None:
            if fraction - last[0] >= 0.01 or stage in ("extracting", "scoring", "rendering"):
                last[0] = fraction
                self.update_state(state="PROGRESS", meta={"stage": stage, "progress": round(fraction, 3)})

        try:
            result = run_job(spec, progress)
        except CrcError as exc:
            if is_transient(exc) and self.request.retries < retries:
                raise self.retry(countdown=backoff * (2**self.request.retries), exc=exc) from exc
            return {"error": str(exc), "message": exc.message.to_json() if exc.message is not None else None}
        return {"from_audio": result.from_audio, "crc_id": result.crc.id}
