"""What every crc task does around its work: refuse another version's job, cap redeliveries,
retry a transient failure, stamp the reply with this worker's protocol.

The two tasks differ only in their work (a batch file, a web job) and the shape of their reply;
the rules a submitter relies on are here once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from summarizer.errors import BackendError
from summarizer.messages import Message
from summarizer.queue import marks
from summarizer.queue import protocol as wire

if TYPE_CHECKING:
    from celery import Task

    from summarizer.queue.app import BrokerSettings

#: one file of ``crc batch --broker`` (see :mod:`summarizer.batch.tasks`)
FILE_TASK = "crc.process_file"
#: one job of ``crc serve`` (see :mod:`summarizer.serve.remote`)
JOB_TASK = "crc.serve_job"


class TransientFailure(BaseException):
    """Escapes a task's own failure isolation (which catches ``Exception``) to be retried."""

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


def protocol_refusal(task: Task, sent: str | None) -> Message | None:
    """Why this worker refuses a job sent under another protocol (see :mod:`summarizer.queue.protocol`)."""
    if sent == wire.protocol():
        return None
    return wire.mismatch(task.request.hostname, wire.protocol(), sent)


def delivery_refusal(task: Task, token: str | None, settings: BrokerSettings, name: str) -> tuple[int | None, Message | None]:
    """(how many times this very message was delivered, why it is not run again): a message that took
    down the process running it more than ``max_deliveries`` times is a failure, not a new attempt."""
    if task.request.called_directly:
        return None, None
    deliveries = marks.count_delivery(task.backend, task.request.id, token, task.request.retries,
                                      settings.result_expires)
    if deliveries is not None and deliveries > settings.max_deliveries:
        return deliveries, Message("worker_lost", name=name, count=deliveries - 1)
    return deliveries, None


def retry_later(task: Task, error: BaseException, settings: BrokerSettings) -> None:
    """Raise Celery's retry (exponential backoff) while attempts remain; return when they are spent."""
    attempt = task.request.retries
    if attempt < settings.task_retries:
        raise task.retry(countdown=settings.retry_backoff * (2**attempt), exc=error) from error


def stamped(reply: dict[str, Any]) -> dict[str, Any]:
    """The reply with this worker's protocol, which the submitter checks before trusting it."""
    return {**reply, wire.KEY: wire.protocol()}


def sent_by(meta: dict[str, Any], token: str) -> bool:
    """Whether a result answers the message we sent last (its ``token``), not an earlier one.

    A worker cut off by a lost broker may store its failure after the broker is
    back, over a job sent again since: that stale failure must not end the wait.
    Results stored without the request's kwargs cannot tell, and are trusted.
    """
    kwargs = meta.get("kwargs")
    return not isinstance(kwargs, dict) or kwargs.get("token") == token
