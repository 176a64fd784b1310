"""``crc serve`` security: tokens, size limit, sniffing, path traversal, CSRF, headers, bind rules."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished

from summarizer.errors import ConfigError, InputError
from summarizer.serve.app import create_app
from summarizer.serve.security import (
    check_token,
    display_name,
    is_loopback,
    new_job_id,
    sniff_upload,
    valid_job_id,
)

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_wrong_or_missing_token_is_refused(tmp_path: Path) -> None:
    with running(settings_for(tmp_path, api_token=TOKEN)) as (client, _app):
        assert upload(client, SHORT_VTT.encode()).status_code == 401
        r = upload(client, SHORT_VTT.encode(), headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert upload(client, SHORT_VTT.encode(), headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
        assert client.get("/api/jobs").status_code == 401
        r = upload(client, SHORT_VTT.encode(), headers=AUTH)
        assert r.status_code == 202
        job_id = r.json()["id"]
        for path in (f"/api/jobs/{job_id}", f"/api/jobs/{job_id}/crc", f"/api/jobs/{job_id}/files/docx",
                     f"/api/jobs/{job_id}/score", f"/api/jobs/{job_id}/email"):
            assert client.get(path).status_code == 401, path
        assert client.delete(f"/api/jobs/{job_id}").status_code == 401
        assert client.put(f"/api/jobs/{job_id}/crc", json={}).status_code == 401
        assert wait_finished(client, job_id, headers=AUTH)["status"] == "done"
        assert client.get(f"/api/jobs/{job_id}/files/docx", headers=AUTH).status_code == 200
        # the page and the health check need no token (they hold no data)
        page = client.get("/")
        assert page.status_code == 200 and 'data-auth-required="true"' in page.text
        assert client.get("/healthz").status_code == 200


def test_no_token_requires_loopback_bind(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="CRC_API_TOKEN"):
        create_app(settings_for(tmp_path), host="0.0.0.0")
    app = create_app(settings_for(tmp_path, api_token=TOKEN), host="0.0.0.0", start_workers=False)
    assert app.state.settings.api_token.get_secret_value() == TOKEN
    app.state.store.close()
    blank = settings_for(tmp_path, api_token="   ")
    assert blank.api_token is None


def test_upload_limit_413(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, max_upload_mb=0.1)  # 100 KiB
    big = (SHORT_VTT * 400).encode()
    assert len(big) > 300 * 1024
    with running(settings) as (client, _app):
        r = upload(client, big)
        assert r.status_code == 413 and "limite de 0.1 Mo" in r.json()["detail"]
        # chunked (no Content-Length): counted while it streams
        boundary = "crcboundary"
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.vtt"\r\n'
                "Content-Type: text/vtt\r\n\r\n").encode()

        def body() -> Iterator[bytes]:
            yield head
            for i in range(0, len(big), 16384):
                yield big[i:i + 16384]
            yield f"\r\n--{boundary}--\r\n".encode()

        r = client.post("/api/jobs", content=body(), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert r.status_code == 413
        # under the limit is fine
        assert upload(client, SHORT_VTT.encode()).status_code == 202
        assert client.put("/api/jobs/x" * 10, content=b"x" * (5 * 1024 * 1024)).status_code == 413
    dirs = [p for p in settings.data_dir.iterdir() if p.is_dir()]
    assert len(dirs) == 1  # refused uploads leave nothing behind


def test_path_traversal_filenames_and_ids(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    outside = tmp_path / "evil.vtt"
    with running(settings) as (client, _app):
        for name in ("../../evil.vtt", "..\\..\\evil.vtt", "/etc/passwd", "....//evil.vtt", "\x00evil.vtt"):
            r = upload(client, SHORT_VTT.encode(), name)
            assert r.status_code == 202, name
            job_id = r.json()["id"]
            job = wait_finished(client, job_id)
            assert job["status"] == "done"
            assert "/" not in job["filename"] and "\\" not in job["filename"] and "\x00" not in job["filename"]
            files = {p.name for p in (settings.data_dir / job_id).iterdir()}
            assert "input.vtt" in files and not any("evil" in f or "passwd" in f for f in files)
        assert not outside.exists() and not (tmp_path / "data" / "evil.vtt").exists()
        for bad in ("..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", "x" * 200, "a b"):
            assert client.get(f"/api/jobs/{bad}").status_code in {404, 405}, bad
            assert client.get(f"/api/jobs/{bad}/files/docx").status_code == 404, bad
        # no directory listing anywhere
        assert client.get("/static/").status_code == 404
        assert client.get("/static/../db.py").status_code == 404


def test_csrf_and_dns_rebinding_are_refused(tmp_path: Path) -> None:
    with running(settings_for(tmp_path)) as (client, _app):
        evil = {"Origin": "http://evil.example"}
        r = upload(client, SHORT_VTT.encode(), headers=evil)
        assert r.status_code == 403 and "CSRF" in r.json()["detail"]
        assert upload(client, SHORT_VTT.encode(), headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
        assert upload(client, SHORT_VTT.encode(), headers={"Origin": "null"}).status_code == 403
        same = {"Origin": str(client.base_url).rstrip("/")}
        job_id = upload(client, SHORT_VTT.encode(), headers=same).json()["id"]
        assert client.delete(f"/api/jobs/{job_id}", headers=evil).status_code == 403
        assert client.get(f"/api/jobs/{job_id}").status_code == 200
        # token-less mode: a rebound host name is refused even for reads
        assert client.get("/api/jobs", headers={"Host": "evil.example:8000"}).status_code == 403
        assert client.get("/api/jobs", headers={"Host": "localhost"}).status_code == 200


def test_security_headers(tmp_path: Path) -> None:
    with running(settings_for(tmp_path), start_workers=False) as (client, _app):
        for path in ("/", "/api/jobs", "/static/app.js", "/healthz", "/api/jobs/nope"):
            r = client.get(path)
            h = r.headers
            assert h["x-content-type-options"] == "nosniff", path
            assert h["x-frame-options"] == "DENY"
            assert "frame-ancestors 'none'" in h["content-security-policy"]
            assert "script-src 'self'" in h["content-security-policy"]
            assert h["referrer-policy"] == "no-referrer"
            assert "server" not in h
        assert client.get("/api/jobs").headers["cache-control"] == "no-store"


def test_non_loopback_peer_refused_without_token(tmp_path: Path) -> None:
    """An app bound to loopback still refuses a peer that is not local (e.g. behind a misconfigured proxy)."""
    app = create_app(settings_for(tmp_path), host="127.0.0.1", start_workers=False)
    transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 5555))

    async def get() -> int:
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return (await client.get("/api/jobs")).status_code

    assert asyncio.run(get()) == 403
    app.state.store.close()


# --- pure helpers -------------------------------------------------------------


def test_sniff_by_content(tmp_path: Path) -> None:
    cases = {
        b"RIFF\x00\x00\x00\x00WAVEfmt ": (".wav", True),
        b"ID3\x04\x00": (".mp3", True),
        b"\xff\xfb\x90\x00": (".mp3", True),
        b"\xff\xf1\x50\x80": (".aac", True),
        b"OggS\x00\x02": (".ogg", True),
        b"fLaC\x00\x00": (".flac", True),
        b"\x00\x00\x00\x20ftypM4A \x00": (".m4a", True),
        b"\x00\x00\x00\x20ftypisom\x00": (".mp4", True),
        b"\x1aE\xdf\xa3\x9f": (".webm", True),
        SHORT_VTT.encode(): (".vtt", False),
        b'{"segments": []}': (".json", False),
        b"1\n00:00:01,000 --> 00:00:02,000\nBonjour\n": (".srt", False),
        "Claire : Bonjour, ça va ?\nMarc : Très bien.\n".encode("cp1252"): (".txt", False),
        "\ufeffClaire : Bonjour".encode("utf-16"): (".txt", False),
    }
    for i, (data, expected) in enumerate(cases.items()):
        path = tmp_path / f"upload{i}.bin"
        path.write_bytes(data)
        assert sniff_upload(path) == expected, data[:12]
    for bad in (b"\x7fELF\x02\x01\x01" + bytes(range(256)), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(128, 256)) * 4, b""):
        path = tmp_path / "bad.bin"
        path.write_bytes(bad)
        with pytest.raises(InputError):
            sniff_upload(path)


def test_ids_names_and_tokens() -> None:
    ids = {new_job_id() for _ in range(200)}
    assert len(ids) == 200 and all(valid_job_id(i) for i in ids)
    assert not valid_job_id("../../etc") and not valid_job_id("short")
    assert display_name("../../x/appel.vtt") == "appel.vtt"
    assert display_name("C:\\Users\\claire\\appel.vtt") == "appel.vtt"
    assert display_name("..") == "fichier" and display_name(None) == "fichier"
    assert display_name("a\x00b\u202ec.vtt") == "abc.vtt"
    assert len(display_name("x" * 500)) == 120
    assert check_token("abc", "Bearer abc") and check_token("abc", "bearer  abc ")
    assert not check_token("abc", "Bearer abd") and not check_token("abc", None) and not check_token("abc", "abc")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("[::1]") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.1") and not is_loopback("evil.example")


def test_port_is_loopback_only(tmp_path: Path) -> None:
    """The test server itself listens on loopback only."""
    with running(settings_for(tmp_path), start_workers=False) as (client, _app):
        port = client.base_url.port
        assert port
        with socket.socket() as s:
            s.settimeout(0.5)
            assert s.connect_ex(("127.0.0.1", port)) == 0


def test_allowed_origins_for_a_reverse_proxy(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, api_token=TOKEN, allowed_origins="https://crc.example.com/, https://other.example")
    with running(settings, start_workers=False) as (client, _app):
        proxied = {**AUTH, "Origin": "https://crc.example.com", "Sec-Fetch-Site": "cross-site"}
        assert upload(client, SHORT_VTT.encode(), headers=proxied).status_code == 202
        assert upload(client, SHORT_VTT.encode(), headers={**AUTH, "Origin": "https://evil.example"}).status_code == 403


def test_schema_is_portable_to_postgresql() -> None:
    """The job table and its queries compile for PostgreSQL (CRC_DATABASE_URL=postgresql+psycopg://...)."""
    from sqlalchemy import select, update
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    from summarizer.serve.db import JobRow

    dialect = postgresql.dialect()
    ddl = str(CreateTable(JobRow.__table__).compile(dialect=dialect))  # type: ignore[arg-type]
    assert "TIMESTAMP WITHOUT TIME ZONE" in ddl and "BOOLEAN" in ddl and "DATE" in ddl
    q = select(JobRow).where(JobRow.client.ilike("%x%", escape="\\"))
    assert "ILIKE" in str(q.compile(dialect=dialect))
    u = update(JobRow).where(JobRow.id == "x", JobRow.status == "queued").values(attempts=JobRow.attempts + 1)
    assert "SET attempts=(crc_jobs.attempts + " in str(u.compile(dialect=dialect))
