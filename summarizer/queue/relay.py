"""The one wait loop of a submitter: poll the result backend, send again what a restarted broker
lost, ride out a short outage, and hand each result (or progress) to the caller.

``crc batch --broker`` waits on many jobs and records each result as it lands; ``crc serve``
waits on one and relays its progress to the job table. Both need the same care: a Redis
restarted empty between two polls is reconnected to silently (its ``run_id`` changes), a result
stored late for an earlier message must not end the wait (its send token differs), and a broker
down for less than ``grace`` seconds is waited for rather than reported lost.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from summarizer.queue.app import FINAL, backend_run_id, connection_errors, fetch_metas
from summarizer.queue.tasks import sent_by

if TYPE_CHECKING:
    from celery import Celery

#: Seconds between two checks that the broker was not restarted meanwhile.
RESTART_CHECK = 2.0
#: Seconds between two polls while the broker is unreachable.
OUTAGE_POLL = 0.5

#: (task id, send token) -> sends that job's message
Sender = Callable[[str, str], None]
#: (task id, result meta) -> True once that job is answered for the caller
OnMeta = Callable[[str, dict[str, Any]], bool]


class Relay:
    """Sends jobs with a fresh token each time, then waits for their answers."""

    def __init__(self, app: Celery, sender: Sender, *, poll: float = 0.1, grace: float = 15.0,
                 stop: threading.Event | None = None) -> None:
        self.app = app
        self.sender = sender
        self.poll = poll
        self.grace = grace
        self.stop = stop if stop is not None else threading.Event()
        self.errors = connection_errors(app)
        self.tokens: dict[str, str] = {}
        self.run_id = backend_run_id(app)
        self.checked = time.monotonic()

    def send(self, task_id: str) -> None:
        self.tokens[task_id] = uuid.uuid4().hex
        self.sender(task_id, self.tokens[task_id])

    def answers(self, task_id: str, meta: dict[str, Any]) -> bool:
        """A final result for the message we sent last (see :func:`~summarizer.queue.tasks.sent_by`)."""
        return meta.get("status") in FINAL and sent_by(meta, self.tokens.get(task_id, ""))

    def wait(self, pending: set[str], on_meta: OnMeta) -> None:
        """Until every id in ``pending`` is answered (``on_meta`` returned True) or ``stop`` is set.

        ``on_meta`` sees every job's meta at every poll (progress included) and may raise to end the
        wait. A broker unreachable for more than ``grace`` seconds raises its connection error.
        """
        down_since: float | None = None
        while pending and not self.stop.is_set():
            try:
                if down_since is not None or time.monotonic() - self.checked > RESTART_CHECK:
                    self._resend_if_restarted(pending)
                metas = fetch_metas(self.app, sorted(pending))
                down_since = None
            except self.errors:
                down_since = down_since or time.monotonic()  # a restart is a short outage
                if time.monotonic() - down_since > self.grace:
                    raise
                self.stop.wait(OUTAGE_POLL)
                continue
            for task_id, meta in metas.items():
                if on_meta(task_id, meta):
                    pending.discard(task_id)
            if pending:
                self.stop.wait(self.poll)

    def _resend_if_restarted(self, pending: set[str]) -> None:
        now_id, self.checked = backend_run_id(self.app), time.monotonic()
        if now_id != self.run_id:  # restarted empty: what was queued or running is gone
            self.run_id = now_id
            for task_id in sorted(pending):
                self.send(task_id)
