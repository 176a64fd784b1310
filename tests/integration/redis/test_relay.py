"""The one wait loop both submitters use (``queue.relay.Relay``), against a scripted result backend.

The Redis tests run it for real (a broker killed, restarted empty); these pin each rule alone and
fast: a stale reply never ends the wait, a restart sends again, a short outage is waited for, a long
one is raised, and a stop request ends the wait with the job still pending.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from kombu.exceptions import OperationalError

from summarizer.queue import relay as relay_module
from summarizer.queue.relay import Relay


class ScriptedBackend:
    """``get_task_meta`` answers from a script (one entry per poll); ``client.info`` gives the run id."""

    connection_errors = (OperationalError,)

    def __init__(self, script: list[Callable[[], dict[str, Any]]]) -> None:
        self.script = script
        self.run_id = "first"
        self.client = self

    def info(self, section: str) -> dict[str, str]:
        return {"run_id": self.run_id}

    def get_task_meta(self, task_id: str) -> dict[str, Any]:
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        return step()


class App:
    def __init__(self, backend: ScriptedBackend) -> None:
        self.backend = backend


def _final(token: str | None) -> dict[str, Any]:
    return {"status": "SUCCESS", "result": {"ok": True}, "kwargs": {"token": token}}


def _wait(app: App, sent: list[str], **kwargs: Any) -> tuple[Relay, set[str], list[dict[str, Any]]]:
    relay = Relay(app, lambda task_id, token: sent.append(token), poll=0.001, **kwargs)  # type: ignore[arg-type]
    relay.send("job")
    seen: list[dict[str, Any]] = []

    def on_meta(task_id: str, meta: dict[str, Any]) -> bool:
        seen.append(meta)
        return relay.answers(task_id, meta)

    pending = {"job"}
    relay.wait(pending, on_meta)
    return relay, pending, seen


def test_a_reply_to_an_earlier_message_does_not_end_the_wait() -> None:
    sent: list[str] = []
    backend = ScriptedBackend([lambda: {"status": "PENDING"}, lambda: _final("stale"), lambda: _final(sent[-1])])
    _, pending, seen = _wait(App(backend), sent)
    assert pending == set() and [m["status"] for m in seen] == ["PENDING", "SUCCESS", "SUCCESS"]
    assert seen[-1]["kwargs"]["token"] == sent[-1] and len(sent) == 1


def test_a_restarted_broker_gets_the_job_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relay_module, "RESTART_CHECK", 0.0)
    sent: list[str] = []
    backend = ScriptedBackend([])

    def restarted() -> dict[str, Any]:
        backend.run_id = "second"  # emptied: the job went with it
        return {"status": "PENDING"}

    backend.script = [restarted, lambda: {"status": "PENDING"}, lambda: _final(sent[-1])]
    _wait(App(backend), sent)
    assert len(sent) == 2 and sent[0] != sent[1]


def test_a_short_outage_is_waited_for_a_long_one_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relay_module, "OUTAGE_POLL", 0.001)
    sent: list[str] = []

    def down() -> dict[str, Any]:
        raise OperationalError("connection refused")

    backend = ScriptedBackend([down, down, lambda: _final(sent[-1])])
    _, pending, _ = _wait(App(backend), sent, grace=5.0)
    assert pending == set()
    with pytest.raises(OperationalError):
        _wait(App(ScriptedBackend([down])), [], grace=0.01)


def test_a_stop_request_ends_the_wait_with_the_job_pending() -> None:
    stop = threading.Event()

    def stopping() -> dict[str, Any]:
        stop.set()
        return {"status": "STARTED"}

    _, pending, _ = _wait(App(ScriptedBackend([stopping])), [], stop=stop)
    assert pending == {"job"}
