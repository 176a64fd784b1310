"""Small counters and flags kept in the result backend beside the results: how many times a message
came back, and which jobs a submitter cancelled.

Why there: the submitter and every worker already share it, and a Redis key with an expiry needs
no table. Redis gets atomic INCR/SET EX; other key-value backends a get/set; a backend that keeps
neither (a database) makes these no-ops (no cap, no cancel), said in ``docs/deploy.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _redis(backend: Any) -> Any | None:
    client = getattr(backend, "client", None)
    return client if client is not None and hasattr(client, "incr") else None


def _kv(backend: Any) -> bool:
    return hasattr(backend, "get") and hasattr(backend, "set") and hasattr(backend, "delete")


def count_delivery(backend: Any, task_id: str, token: str | None, retries: int, expires: int) -> int | None:
    """How many times this very message (task id, send token, retry) was delivered, this one included.

    A message comes back when the process running it died (``task_reject_on_worker_lost``); a file
    that kills every worker would come back forever. None when the backend cannot count.
    """
    key = f"crc-deliveries-{task_id}-{token or ''}-{retries}"
    client = _redis(backend)
    if client is not None:
        count = int(client.incr(key))
        client.expire(key, expires)
        return count
    if _kv(backend):
        count = int(backend.get(key) or 0) + 1
        backend.set(key, str(count).encode())
        return count
    return None


def _cancel_key(task_id: str) -> str:
    return f"crc-cancelled-{task_id}"


def cancel(backend: Any, task_ids: Iterable[str], expires: int) -> int:
    """Flag jobs as cancelled: a worker that takes one of their messages later drops it unrun."""
    ids = list(task_ids)
    client = _redis(backend)
    if client is not None and ids:
        with client.pipeline() as pipe:
            for task_id in ids:
                pipe.set(_cancel_key(task_id), b"1", ex=expires)
            pipe.execute()
    elif _kv(backend):
        for task_id in ids:
            backend.set(_cancel_key(task_id), b"1")
    return len(ids)


def cancelled(backend: Any, task_id: str) -> bool:
    client = _redis(backend)
    if client is not None:
        return bool(client.exists(_cancel_key(task_id)))
    if _kv(backend):
        return bool(backend.get(_cancel_key(task_id)))
    return False


def clear(backend: Any, task_id: str) -> None:
    """Before a job is sent again (a re-run resumes what was cancelled)."""
    client = _redis(backend)
    if client is not None:
        client.delete(_cancel_key(task_id))
    elif _kv(backend):
        backend.delete(_cancel_key(task_id))
