"""``crc push``: a real HTTP receiver on 127.0.0.1 (http.server in a thread), retries, signature, outbox."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from crc_factory import full_fr
from typer.testing import CliRunner

from summarizer.cli.app import app
from summarizer.crc import CRC
from summarizer.downstream.push import Notifier, Outbox, queue, sign, verify

SECRET = "s3cr3t-for-tests"


class Receiver:
    """Answers the scripted statuses in order (then 200) and records every request it got."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.requests: list[tuple[dict[str, str], bytes, int]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body, status))
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def accepted(self) -> list[tuple[dict[str, str], bytes, int]]:
        return [r for r in self.requests if r[2] < 300]


@pytest.fixture
def receiver_factory() -> Iterator[type[Receiver]]:
    started: list[Receiver] = []

    class Factory(Receiver):
        def __init__(self, statuses: list[int]) -> None:
            super().__init__(statuses)
            self.thread.start()
            started.append(self)

    yield Factory
    for r in started:
        r.server.shutdown()
        r.server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def crc_file(tmp_path: Path) -> tuple[Path, CRC]:
    crc = full_fr()
    path = tmp_path / "ferrand.crc.json"
    path.write_text(crc.model_dump_json(indent=2), encoding="utf-8")
    return path, crc


def push(*args: str, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["push", *args, "--backoff", "0.01"], env={"CRC_WEBHOOK_SECRET": SECRET})
    return result.exit_code, result.output


def test_two_500_then_200_is_one_accepted_signed_delivery(tmp_path: Path, receiver_factory: type[Receiver]) -> None:
    rx = receiver_factory([500, 500])
    path, crc = crc_file(tmp_path)
    code, output = push(str(path), "--webhook", rx.url, "--outbox", str(tmp_path / "outbox"))
    assert code == 0, output
    assert "1 envoyé(s), 0 en attente" in output
    assert [status for _, _, status in rx.requests] == [500, 500, 200]
    assert len(rx.accepted()) == 1
    keys = {h["idempotency-key"] for h, _, _ in rx.requests}
    assert keys == {"CRC-2026-11-18-TransportsFerrand-v1.0"}
    bodies = {body for _, body, _ in rx.requests}
    assert len(bodies) == 1  # the same bytes each time, so the same signature
    headers, body, _ = rx.accepted()[0]
    key = headers["idempotency-key"]
    assert verify(body, headers["x-crc-signature"], SECRET, key)
    assert not verify(body, headers["x-crc-signature"], "another secret", key)
    stamp = int(headers["x-crc-signature"].split(",")[0].removeprefix("t="))
    assert headers["x-crc-signature"] == sign(body, SECRET, key, stamp) and headers["content-type"].startswith("application/json")
    assert CRC.model_validate_json(body) == crc
    assert list((tmp_path / "outbox").glob("*.json")) == []


@pytest.mark.parametrize("status", [422, 401, 302])
def test_4xx_and_redirects_are_never_retried(tmp_path: Path, receiver_factory: type[Receiver], status: int) -> None:
    rx = receiver_factory([status])
    path, _ = crc_file(tmp_path)
    code, output = push(str(path), "--webhook", rx.url, "--outbox", str(tmp_path / "outbox"))
    assert code == 2 and "1 refusé(s)" in output
    assert [s for _, _, s in rx.requests] == [status]
    rejected = tmp_path / "outbox" / "rejected" / "CRC-2026-11-18-TransportsFerrand-v1.0.json"
    assert rejected.is_file() and f"HTTP {status}" in rejected.with_suffix(".reason.txt").read_text(encoding="utf-8")
    assert list((tmp_path / "outbox").glob("*.json")) == []


def test_receiver_down_then_the_next_run_drains_the_outbox(tmp_path: Path, receiver_factory: type[Receiver]) -> None:
    path, crc = crc_file(tmp_path)
    down = f"http://127.0.0.1:{free_port()}/hook"
    box = tmp_path / "outbox"
    code, output = push(str(path), "--webhook", down, "--outbox", str(box), "--retries", "2")
    assert code == 1 and "0 envoyé(s), 1 en attente" in output and "injoignable" in output
    entry = json.loads((box / "CRC-2026-11-18-TransportsFerrand-v1.0.json").read_text(encoding="utf-8"))
    assert entry["attempts"] == 2 and entry["url"] == down

    # the receiver comes back at another address: entries keep their own URL, so point the entry there
    rx = receiver_factory([])
    entry["url"] = rx.url
    (box / "CRC-2026-11-18-TransportsFerrand-v1.0.json").write_text(json.dumps(entry), encoding="utf-8")
    code, output = push("--outbox", str(box))  # no file: only the outbox
    assert code == 0 and "1 envoyé(s)" in output
    assert len(rx.accepted()) == 1 and CRC.model_validate_json(rx.accepted()[0][1]) == crc
    assert list(box.glob("*.json")) == []


def test_same_version_queued_twice_is_sent_once(tmp_path: Path, receiver_factory: type[Receiver]) -> None:
    rx = receiver_factory([])
    box = Outbox(tmp_path / "outbox")
    crc = full_fr()
    queue(box, [crc, crc], rx.url)
    edited = crc.model_copy(update={"version": "1.1", "id": crc.id.replace("v1.0", "v1.1")})
    queue(box, [edited], rx.url)
    outcomes = box.drain(SECRET, backoff=0.01)
    assert [o.status for o in outcomes] == ["delivered", "delivered"]
    assert sorted(h["idempotency-key"] for h, _, _ in rx.requests) == [
        "CRC-2026-11-18-TransportsFerrand-v1.0", "CRC-2026-11-18-TransportsFerrand-v1.1"]


def test_server_notifier_drains_in_background(tmp_path: Path, receiver_factory: type[Receiver]) -> None:
    rx = receiver_factory([503])
    notifier = Notifier(rx.url, tmp_path / "outbox", SECRET)
    notifier.notify(full_fr())
    notifier.join()
    assert [s for _, _, s in rx.requests] == [503, 200]
    assert list((tmp_path / "outbox").glob("*.json")) == []


def test_bad_url_and_missing_webhook_are_one_line(tmp_path: Path) -> None:
    path, _ = crc_file(tmp_path)
    code, output = push(str(path), "--webhook", "ftp://x", "--outbox", str(tmp_path / "o"))
    assert code == 2 and "adresse invalide" in output
    code, output = push(str(path), "--outbox", str(tmp_path / "o"))
    assert code == 2 and "--webhook URL manquant" in output


def test_serve_pushes_new_and_edited_crcs(tmp_path: Path, receiver_factory: type[Receiver],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished

    rx = receiver_factory([])
    monkeypatch.setenv("CRC_WEBHOOK_URL", rx.url)
    monkeypatch.setenv("CRC_WEBHOOK_SECRET", SECRET)
    with running(settings_for(tmp_path)) as (http, _app):
        job = upload(http, SHORT_VTT.encode(), "appel.vtt", rep="Julie Rep", client="Transports Ferrand",
                     opportunity_id="OPP-7").json()
        assert wait_finished(http, job["id"])["status"] == "done"
        crc = http.get(f"/api/jobs/{job['id']}/crc").json()
        assert crc["meeting"]["rep"] == "Julie Rep"  # the upload form's rep is the CRC's
        assert crc["crm"]["opportunity_id"] == "OPP-7"
        crc["objective"] = "Objectif revu après relecture."
        assert http.put(f"/api/jobs/{job['id']}/crc", json=crc).status_code == 200
        deadline = time.monotonic() + 20
        while len(rx.accepted()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    keys = [h["idempotency-key"] for h, _, _ in rx.accepted()]
    assert keys == [crc["id"], crc["id"].replace("-v1.0", "-v1.1")]
    assert all(verify(body, h["x-crc-signature"], SECRET, h["idempotency-key"]) for h, body, _ in rx.accepted())
    assert CRC.model_validate_json(rx.accepted()[1][1]).objective == "Objectif revu après relecture."


def test_429_stays_queued_without_retrying_now(tmp_path: Path, receiver_factory: type[Receiver]) -> None:
    rx = receiver_factory([429])
    path, _ = crc_file(tmp_path)
    code, output = push(str(path), "--webhook", rx.url, "--outbox", str(tmp_path / "outbox"))
    assert code == 1 and "1 en attente" in output
    assert [s for _, _, s in rx.requests] == [429]
    assert (tmp_path / "outbox" / "CRC-2026-11-18-TransportsFerrand-v1.0.json").is_file()
    code, _ = push("--outbox", str(tmp_path / "outbox"))  # next run: delivered
    assert code == 0 and [s for _, _, s in rx.requests] == [429, 200]
