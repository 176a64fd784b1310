"""Issue 20 item 10 (and the push/export points of 12): no double delivery, a total deadline, a signature over
time stamp + key + body, a word when nothing is signed, the web page's validations pushed, clear URL errors."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from crc_factory import full_fr
from typer.testing import CliRunner

from summarizer.cli.app import app
from summarizer.crc import CRC, Validation, ValidationStatus, content_sha256, make_crc_id
from summarizer.downstream.push import (
    Delivery,
    Notifier,
    Outbox,
    check_url,
    idempotency_key,
    post,
    queue,
    sign,
    verify,
)
from summarizer.errors import ConfigError

SECRET = "s3cr3t-for-tests"


class Server:
    """A receiver on 127.0.0.1: answers ``status`` with a body of ``size`` bytes, one byte every ``drip`` seconds."""

    def __init__(self, status: int = 200, size: int = 2, drip: float = 0.0, delay: float = 0.0) -> None:
        self.keys: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                server.keys.append(self.headers["Idempotency-Key"])
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Length", str(size))
                self.end_headers()
                try:
                    for _ in range(size):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(drip)
                except OSError:
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/hook"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def servers() -> list[Server]:
    started: list[Server] = []
    yield started  # type: ignore[misc]
    for s in started:
        s.close()


def crcs(n: int) -> list[CRC]:
    base = full_fr()
    return [base.model_copy(update={"id": make_crc_id(base.meeting.date, base.meeting.client, tag=f"{i:06x}")})
            for i in range(n)]


def test_two_pushes_at_once_deliver_each_crc_once(tmp_path: Path, servers: list[Server]) -> None:
    rx = Server(delay=0.02)
    servers.append(rx)
    batch = crcs(11)

    def one_push() -> None:  # what one `crc push DIR` process does, with its own Outbox object
        box = Outbox(tmp_path / "outbox")
        queue(box, batch, rx.url)
        box.drain(SECRET, backoff=0.01)

    threads = [threading.Thread(target=one_push) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(rx.keys) == sorted(c.id for c in batch)  # 11 POSTs, not 22
    assert queue(Outbox(tmp_path / "outbox"), batch[:1], rx.url) == []  # already delivered: not queued again


@pytest.mark.parametrize("status", [200, 422])
def test_a_trickling_receiver_cannot_hold_a_request_past_the_timeout(status: int, servers: list[Server]) -> None:
    import httpx

    rx = Server(status=status, size=60, drip=0.25)  # 15 s of answer, each byte well within the read timeout
    servers.append(rx)
    d = Delivery(url=rx.url, key="k", crc_id="c", body="{}", created_at=dt.datetime.now(dt.timezone.utc))
    started = time.monotonic()
    with httpx.Client(timeout=1.0) as client:
        try:
            post(client, d, SECRET, timeout=1.0)
        except Exception as exc:  # a 422 is a refusal; what matters is when it comes back
            assert "422" in str(exc)
    assert time.monotonic() - started < 3.0


def test_the_signature_covers_time_stamp_key_and_body() -> None:
    body, key, now = b'{"id": "x"}', "CRC-2026-11-18-X-v1.0", 1_800_000_000
    header = sign(body, SECRET, key, now)
    assert header.startswith(f"t={now},v1=")
    assert verify(body, header, SECRET, key, now=now + 10)
    assert not verify(body, header, SECRET, key, now=now + 3600)  # a replay an hour later
    assert not verify(body, header, SECRET, "CRC-2026-11-18-X-v1.1", now=now)  # under another key
    assert not verify(body + b" ", header, SECRET, key, now=now)  # another body
    assert not verify(body, header.replace(f"t={now}", f"t={now + 5}"), SECRET, key, now=now)  # a forged stamp
    assert not verify(body, None, SECRET, key) and not verify(body, "sha256=abc", SECRET, key)


def test_a_webhook_without_secret_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("CRC_WEBHOOK_URL", "https://crm.example/hook")
    monkeypatch.delenv("CRC_WEBHOOK_SECRET", raising=False)
    with caplog.at_level(logging.WARNING):
        assert Notifier.from_env(tmp_path) is not None
    assert "CRC_WEBHOOK_SECRET absent" in caplog.text


def test_a_validated_version_is_a_delivery_of_its_own() -> None:
    crc = full_fr()
    validated = crc.model_copy(update={"validation": Validation(
        status=ValidationStatus.validated, version="1.0", sha256=content_sha256(crc), message_id="<r@x>")})
    assert idempotency_key(crc) == crc.id
    assert idempotency_key(validated).startswith(crc.id + ".validated-")


def test_the_web_page_pushes_a_validation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          servers: list[Server]) -> None:
    from email.message import EmailMessage

    from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished

    rx = Server()
    servers.append(rx)
    monkeypatch.setenv("CRC_WEBHOOK_URL", rx.url)
    monkeypatch.setenv("CRC_WEBHOOK_SECRET", SECRET)
    with running(settings_for(tmp_path)) as (http, _app):
        job = upload(http, SHORT_VTT.encode(), "appel.vtt", client="Transports Ferrand").json()
        assert wait_finished(http, job["id"])["status"] == "done"
        draft = http.get(f"/api/jobs/{job['id']}/files/eml").content.decode()
        msg_id = next(line.split(":", 1)[1].strip() for line in draft.splitlines() if line.lower().startswith("message-id:"))
        msg = EmailMessage()
        msg["From"], msg["Subject"], msg["In-Reply-To"] = "Marc Ferrand <marc@tf.fr>", "RE: x", msg_id
        msg.set_content("VALIDÉ, merci.")
        big = b"x" * (4 * 1048576 + 700_000)  # 4.7 MB: under the 10 MB a reply may weigh
        msg.add_attachment(big, maintype="application", subtype="octet-stream", filename="annexe.bin")
        r = http.post(f"/api/jobs/{job['id']}/reply", files={"file": ("reponse.eml", msg.as_bytes())})
        assert r.status_code == 200, r.text
        deadline = time.monotonic() + 20
        while len(rx.keys) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        md = http.get(f"/api/jobs/{job['id']}/files/md").text
    assert len(rx.keys) == 2 and rx.keys[1].startswith(rx.keys[0] + ".validated-")
    assert "validation client obtenue" in md  # the Markdown is re-rendered after the answer


@pytest.mark.parametrize("url", ["https://[::1", "ftp://x", "https://", ""])
def test_bad_webhook_urls_are_one_line_exit_2(tmp_path: Path, url: str) -> None:
    path = tmp_path / "a.crc.json"
    path.write_text(full_fr().model_dump_json(), encoding="utf-8")
    result = CliRunner().invoke(app, ["push", str(path), "--webhook", url, "--outbox", str(tmp_path / "o")])
    assert result.exit_code == 2 and ("adresse invalide" in result.output or "manquant" in result.output), result.output
    assert "erreur interne" not in result.output


def test_upper_case_scheme_is_accepted() -> None:
    assert check_url("HTTPS://crm.example/hook") == "HTTPS://crm.example/hook"
    with pytest.raises(ConfigError):
        check_url("https://[::1")


def test_export_to_an_unwritable_place_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "a.crc.json"
    path.write_text(full_fr().model_dump_json(), encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(path), "--to", "csv", "--out", str(blocker / "sub" / "crm.csv")])
    assert result.exit_code == 2 and "impossible d'écrire le fichier" in result.output, result.output


def test_a_second_push_of_the_same_version_says_it_was_sent(tmp_path: Path, servers: list[Server]) -> None:
    rx = Server()
    servers.append(rx)
    path = tmp_path / "a.crc.json"
    path.write_text(full_fr().model_dump_json(), encoding="utf-8")
    args = ["push", str(path), "--webhook", rx.url, "--outbox", str(tmp_path / "o")]
    assert CliRunner().invoke(app, args, env={"CRC_WEBHOOK_SECRET": SECRET}).exit_code == 0
    again = CliRunner().invoke(app, args, env={"CRC_WEBHOOK_SECRET": SECRET})
    assert again.exit_code == 0 and "1 CRC déjà envoyé(s) dans cette version" in again.output
    assert len(rx.keys) == 1
