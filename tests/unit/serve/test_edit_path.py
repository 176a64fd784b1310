"""One edit path (issue 21 item 4): a PUT of the CRC, a speaker rename and the client's reply each apply their
change, then store it, audit it and fire the webhook through ``routes.edits.commit_edit``."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished

from summarizer.serve.routes import crc as crc_routes
from summarizer.serve.routes import edits
from summarizer.serve.routes import replies as reply_routes


class Hook:
    """A CRM's webhook on 127.0.0.1: keeps each delivered CRC (key, body)."""

    def __init__(self) -> None:
        self.got: list[tuple[str, dict[str, Any]]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                hook.got.append((self.headers.get("Idempotency-Key", ""), json.loads(body)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 20.0) -> list[tuple[str, dict[str, Any]]]:
        deadline = time.monotonic() + timeout
        while len(self.got) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.got)


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hook]:
    served = Hook()
    monkeypatch.setenv("CRC_WEBHOOK_URL", served.url)
    monkeypatch.setenv("CRC_WEBHOOK_SECRET", "edit-path-secret")
    yield served
    served.server.shutdown()


@pytest.fixture
def through(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The actions that went through commit_edit, in order (the routers look the name up at each call)."""
    seen: list[str] = []
    real = edits.commit_edit

    def spy(at: Any, rec: Any, action: Any, apply: Callable[[], edits.Applied]) -> edits.Applied:
        seen.append(action)
        return real(at, rec, action, apply)

    monkeypatch.setattr(crc_routes, "commit_edit", spy)
    monkeypatch.setattr(reply_routes, "commit_edit", spy)
    return seen


def _reply_to(draft: str, sender: str) -> bytes:
    msg_id = next(x.split(":", 1)[1].strip() for x in draft.splitlines() if x.lower().startswith("message-id:"))
    msg = EmailMessage()
    msg["From"], msg["Subject"], msg["In-Reply-To"] = sender, "RE: compte rendu", msg_id
    msg.set_content("VALIDÉ, merci.")
    return msg.as_bytes()


def test_put_rename_and_reply_each_store_then_fire_one_webhook_event(
    tmp_path: Path, hook: Hook, through: list[str],
) -> None:
    diarized = SHORT_VTT.replace("<v Marc Ferrand>", "<v Locuteur 2>")
    with running(settings_for(tmp_path)) as (http, app):
        job = upload(http, diarized.encode(), "appel.vtt", meeting_date="2026-11-18").json()["id"]
        assert wait_finished(http, job)["status"] == "done"
        assert [b["version"] for _, b in hook.wait_for(1)] == ["1.0"]

        crc = http.get(f"/api/jobs/{job}/crc").json()
        crc["meeting"]["client"] = "Transports Ferrand"
        put = http.put(f"/api/jobs/{job}/crc", json=crc)
        assert put.status_code == 200, put.text
        assert [b["version"] for _, b in hook.wait_for(2)] == ["1.0", "1.1"]
        row = http.get(f"/api/jobs/{job}").json()
        assert (row["version"], row["client"]) == ("1.1", "Transports Ferrand")  # the PUT's own columns too

        renamed = http.post(f"/api/jobs/{job}/speakers", json={"old": "Locuteur 2", "new": "Marc Ferrand", "version": "1.1"})
        assert renamed.status_code == 200, renamed.text
        events = hook.wait_for(3)
        assert [b["version"] for _, b in events] == ["1.0", "1.1", "1.2"]
        assert "Marc Ferrand" in {p["name"] for p in events[2][1]["participants"]}

        draft = http.get(f"/api/jobs/{job}/files/eml").content.decode()
        reply = http.post(f"/api/jobs/{job}/reply", files={"file": ("r.eml", _reply_to(draft, "Marc Ferrand <m@tf.fr>"))})
        assert reply.status_code == 200, reply.text
        events = hook.wait_for(4)
        assert len(events) == 4
        key, validated = events[3]
        assert validated["version"] == "1.2" and validated["validation"]["status"] == reply.json()["validation"]["status"]
        assert key.startswith(validated["id"]) and key != events[2][0]  # a delivery of its own for the answer

        refused = http.put(f"/api/jobs/{job}/crc", json=crc)  # stale version: a 409 stores and sends nothing
        assert refused.status_code == 409
        row = http.get(f"/api/jobs/{job}").json()
        assert row["version"] == "1.2" and row["score"] == reply.json()["score"]["total"]
        trail = [(e.action, e.target) for e in app.state.audit.entries() if e.action in {"edit", "rename", "validate"}]
    assert sorted(trail) == sorted([("edit", "1.1"), ("rename", "1.2"), ("validate", validated["validation"]["status"])])
    assert through == ["edit", "rename", "validate", "edit"]
    time.sleep(0.3)
    assert len(hook.got) == 4
