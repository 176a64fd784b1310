"""The Celery application past one machine: broker settings, the two queues, at-least-once delivery.

Why these settings: a recording takes minutes on a CPU, so a worker killed
mid-job (SIGKILL, power loss) must not lose it. ``acks_late`` acknowledges a
message only once its task returned, ``task_reject_on_worker_lost`` puts it
back when the pool process dies, and the Redis visibility timeout (longer
than the longest job) redelivers what a dead *machine* held. Each worker
process takes one message at a time (prefetch 1), so a burst of recordings
on ``asr`` never sits behind a busy process while another is idle, and quick
transcript jobs on ``extract`` never wait behind recordings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from summarizer.errors import ConfigError

if TYPE_CHECKING:
    from celery import Celery

#: Recordings (CPU-heavy ASR, then extraction) and transcripts (extraction only).
ASR_QUEUE = "asr"
EXTRACT_QUEUE = "extract"
QUEUES = (ASR_QUEUE, EXTRACT_QUEUE)
#: Result-backend states after which a job will not change any more.
FINAL = frozenset({"SUCCESS", "FAILURE", "REVOKED"})


class BrokerSettings(BaseSettings):
    """``CRC_BROKER_URL`` and friends; unset broker means one machine, no queue."""

    model_config = SettingsConfigDict(env_prefix="CRC_", extra="ignore")

    broker_url: str | None = Field(default=None, description="redis://host:6379/0 (or amqp://…); unset: no workers.")
    result_backend: str | None = Field(
        default=None, description="Where task results go; default the broker URL when it is Redis."
    )
    visibility_timeout: int = Field(
        default=6 * 3600, ge=1,
        description="Seconds before a job held by a dead worker is redelivered; longer than the longest job.",
    )
    max_deliveries: int = Field(
        default=3, ge=1,
        description="Times a job may take down the process running it before its file is recorded as failed.",
    )
    task_retries: int = Field(default=3, ge=0, description="Retries of a job failing for a transient reason.")
    retry_backoff: float = Field(default=10.0, gt=0, description="First retry delay in seconds, doubled each time.")
    result_expires: int = Field(default=7 * 24 * 3600, ge=60, description="Seconds results stay collectable.")


def sanitize(url: str) -> str:
    """The URL without its password, for messages and logs."""
    from kombu.utils.url import maybe_sanitize_url

    return str(maybe_sanitize_url(url))


def queue_for(path: Path) -> str:
    """``asr`` for a recording, ``extract`` for a transcript."""
    from summarizer.ingest.media import AUDIO_SUFFIXES

    return ASR_QUEUE if path.suffix.lower() in AUDIO_SUFFIXES else EXTRACT_QUEUE


#: binds one task on a worker's app (``batch.tasks.register``, ``serve.remote.register_job_task``)
Registrar = Callable[["Celery", "BrokerSettings"], None]


def make_app(broker_url: str, settings: BrokerSettings | None = None, tasks: Sequence[Registrar] = ()) -> Celery:
    """A Celery app bound to ``broker_url``; ``tasks`` register what a worker runs.

    A submitter sends by task name (:mod:`summarizer.queue.tasks`) and needs no
    task bound: only ``crc worker`` passes the registrars, so this layer imports
    neither the batch nor the service that define the work.
    """
    try:
        from celery import Celery
        from kombu import Exchange, Queue
    except ImportError as exc:
        raise ConfigError("Celery n'est pas installé : pip install 'crc-summarizer[queue]'.") from exc

    settings = settings or BrokerSettings()
    backend = settings.result_backend or (broker_url if broker_url.startswith(("redis://", "rediss://")) else None)
    if backend is None:
        raise ConfigError(
            f"broker {sanitize(broker_url)} : indiquez aussi CRC_RESULT_BACKEND (ex. redis://… ou db+postgresql://…)."
        )
    vt = settings.visibility_timeout
    transport = {
        "visibility_timeout": vt,
        # Sweep for abandoned messages often enough that a short timeout is honoured.
        "unacked_restore_interval": max(1, min(10, vt // 10)),
        "unacked_restore_throttle": 1,
    }
    app = Celery("crc", broker=broker_url, backend=backend, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        task_track_started=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=settings.result_expires,
        result_extended=True,
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        broker_connection_retry_on_startup=True,
        task_queues=[Queue(q, Exchange(q, type="direct"), routing_key=q) for q in QUEUES],
        task_default_queue=EXTRACT_QUEUE,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )
    for register in tasks:
        register(app, settings)
    return app


@lru_cache(maxsize=4)
def app_for(broker_url: str) -> Celery:
    """One app per broker URL per process (the connection pool lives in it)."""
    return make_app(broker_url)


def check_broker(app: Celery, timeout: float = 3.0) -> None:
    """Fail fast with one line (exit 2) when the broker cannot be reached."""
    url = sanitize(str(app.conf.broker_url))
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
    except Exception as exc:
        raise ConfigError(
            f"broker {url} injoignable ({type(exc).__name__}) : démarrez Redis ou corrigez --broker / CRC_BROKER_URL."
        ) from exc


def connection_errors(app: Celery) -> tuple[type[BaseException], ...]:
    """What a lost broker or result backend raises: the wait loops ride these out for a grace period."""
    from kombu.exceptions import OperationalError

    errors: list[type[BaseException]] = [OperationalError, OSError, TimeoutError]
    errors.extend(getattr(app.backend, "connection_errors", ()) or ())
    return tuple(errors)


def backend_run_id(app: Celery) -> str | None:
    """The Redis server's ``run_id`` (new at every start), or None when the backend is not Redis.

    A broker restarted between two polls is reconnected to silently, without
    the jobs it held (no persistence): a changed run id is how we notice.
    """
    client = getattr(app.backend, "client", None)
    if client is None or not hasattr(client, "info"):
        return None
    return str(client.info("server").get("run_id"))


def fetch_metas(app: Celery, task_ids: list[str], chunk: int = 500) -> dict[str, dict[str, Any]]:
    """Task id -> result meta (``status``, ``result``); one round trip per ``chunk`` ids on key-value backends."""
    backend = app.backend
    metas: dict[str, dict[str, Any]] = {}
    if hasattr(backend, "mget") and hasattr(backend, "get_key_for_task"):
        for i in range(0, len(task_ids), chunk):
            ids = task_ids[i : i + chunk]
            values = backend.mget([backend.get_key_for_task(t) for t in ids])
            for task_id, value in zip(ids, values, strict=True):
                metas[task_id] = backend.decode_result(value) if value else {"status": "PENDING", "result": None}
    else:
        for task_id in task_ids:
            metas[task_id] = backend.get_task_meta(task_id)
    return metas


def cancel(app: Celery, task_ids: list[str]) -> int:
    """Flag jobs so workers drop those not started yet; running ones finish. 0 when the broker is gone."""
    from summarizer.queue import marks

    try:
        return marks.cancel(app.backend, task_ids, BrokerSettings().result_expires)
    except connection_errors(app):
        return 0
