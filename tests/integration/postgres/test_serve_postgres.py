"""``crc serve`` on a real PostgreSQL server: the same app, only ``CRC_DATABASE_URL`` changes.

A throw-away cluster (Debian's ``initdb``/``pg_ctl``, installed by ``.ci/install-postgres.sh``)
is started once per session on a free loopback port; every test gets its own database.
Assertions read what PostgreSQL actually holds, through SQLAlchemy, not only what the API says.
Skipped with a reason when the server binaries or the ``psycopg`` driver are missing.
"""

from __future__ import annotations

import glob
import importlib.util
import itertools
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_support import SAMPLE_VTT, SHORT_VTT, running, settings_for, upload, wait_finished
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from summarizer.serve.db import JobFilter, JobStore
from summarizer.serve.settings import ServeSettings


def _pg_bindir() -> Path | None:
    """The newest Debian PostgreSQL server binaries (``/usr/lib/postgresql/<major>/bin``)."""
    found = [Path(d) for d in glob.glob("/usr/lib/postgresql/*/bin") if os.access(Path(d) / "initdb", os.X_OK)]
    found.sort(key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0, reverse=True)
    return found[0] if found else None


BINDIR = _pg_bindir()
pytestmark = [
    pytest.mark.skipif(BINDIR is None, reason="PostgreSQL server absent: run .ci/install-postgres.sh"),
    pytest.mark.skipif(
        importlib.util.find_spec("psycopg") is None, reason="psycopg absent: pip install -e '.[test]'"
    ),
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as Debian's ``postgres`` user."""
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as 'postgres'")
    return [runuser, "-u", "postgres", "--", *cmd]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throw-away cluster with trust auth on 127.0.0.1; yields its base URL (no database)."""
    assert BINDIR is not None
    root = Path(tempfile.mkdtemp(prefix="crc-pg-"))
    if os.geteuid() == 0:
        try:
            shutil.chown(root, user="postgres", group="postgres")
        except LookupError:
            shutil.rmtree(root)
            pytest.skip("no 'postgres' system user to run the server as (Debian's postgresql package creates it)")
    data, log = root / "data", root / "server.log"
    port = _free_port()

    def run(*args: str) -> None:
        proc = subprocess.run(_as_server_user([str(BINDIR / args[0]), *args[1:]]), capture_output=True, text=True)
        if proc.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed ({proc.returncode}): {proc.stderr.strip()}\n{tail}")

    started = False
    try:
        run("initdb", "-D", str(data), "--auth=trust", "--username=postgres", "--encoding=UTF8",
            "--locale=C.UTF-8", "--no-sync")
        opts = f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
        run("pg_ctl", "-D", str(data), "-l", str(log), "-o", opts, "-w", "-t", "60", "start")
        started = True
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        if started:
            run("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


_DB_NUMBERS = itertools.count(1)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database for one test (``CRC_DATABASE_URL``); dropped afterwards."""
    name = f"crc_{os.getpid()}_{next(_DB_NUMBERS)}"
    admin = create_engine(f"{pg_server}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\''))
        yield f"{pg_server}/{name}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def pg(pg_url: str) -> Iterator[Engine]:
    """An independent connection pool to the test database, to read what PostgreSQL holds."""
    engine = create_engine(pg_url)
    yield engine
    engine.dispose()


def _settings(tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, **overrides: Any) -> ServeSettings:
    """Settings read from the environment, as ``crc serve`` does: only CRC_DATABASE_URL differs."""
    monkeypatch.setenv("CRC_DATABASE_URL", pg_url)
    settings = settings_for(tmp_path, **overrides)
    assert settings.sqlalchemy_url() == pg_url
    return settings


def _row(pg: Engine, job_id: str) -> dict[str, Any] | None:
    with pg.connect() as conn:
        row = conn.execute(text("SELECT * FROM crc_jobs WHERE id = :id"), {"id": job_id}).mappings().first()
    return dict(row) if row else None


def test_schema_uses_native_postgres_types(tmp_path: Path, pg_url: str, pg: Engine,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    with running(_settings(tmp_path, pg_url, monkeypatch), start_workers=False) as (client, app):
        assert client.get("/healthz").json()["status"] == "ok"
        assert app.state.store.engine.dialect.name == "postgresql"
    with pg.connect() as conn:
        types: dict[str, str] = dict(conn.execute(text(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'crc_jobs'"
        )).all())
        server = conn.execute(text("SHOW server_version")).scalar_one()
    assert server
    assert types["meeting_date"] == "date"
    assert types["created_at"] == types["finished_at"] == "timestamp without time zone"
    assert types["from_audio"] == types["golden_rule"] == "boolean"
    assert types["progress"] == types["score"] == "double precision"
    indexed = {c for ix in inspect(pg).get_indexes("crc_jobs") for c in ix["column_names"]}
    assert {"status", "client", "rep", "meeting_date", "created_at"} <= indexed


def test_upload_edit_list_delete_on_postgres(tmp_path: Path, pg_url: str, pg: Engine,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(tmp_path, pg_url, monkeypatch)
    with running(settings) as (client, _app):
        r = upload(client, SAMPLE_VTT.read_bytes(), SAMPLE_VTT.name, client="Transports Ferrand",
                   meeting_date="2026-11-18", rep="Claire Martin", participants="Claire Martin:vendor, Marc Ferrand:client")
        assert r.status_code == 202, r.text
        job_id = r.json()["id"]
        job = wait_finished(client, job_id)
        assert job["status"] == "done", job["error"]

        row = _row(pg, job_id)
        assert row is not None
        assert (row["status"], row["stage"], row["progress"], row["error"]) == ("done", "done", 1.0, None)
        assert (row["crc_id"], row["version"]) == ("CRC-2026-11-18-TransportsFerrand-ce3ba2-v1.0", "1.0")
        assert row["client"] == "Transports Ferrand" and row["rep"] == "Claire Martin"
        assert str(row["meeting_date"]) == "2026-11-18"
        assert row["from_audio"] is False and row["attempts"] == 1
        assert row["score"] == job["score"] and isinstance(row["golden_rule"], bool)
        assert json.loads(row["participants"]) == ["Claire Martin:vendor, Marc Ferrand:client"]  # parsed by the job
        assert row["finished_at"] >= row["created_at"]

        crc = client.get(f"/api/jobs/{job_id}/crc").json()
        assert crc["id"] == row["crc_id"]
        edited = json.loads(json.dumps(crc))
        edited["next_steps"][0]["owner"] = None  # any valid edit bumps the version
        r = client.put(f"/api/jobs/{job_id}/crc", json=edited)
        assert r.status_code == 200, r.text
        row = _row(pg, job_id)
        assert row is not None
        assert (row["version"], row["crc_id"]) == ("1.1", "CRC-2026-11-18-TransportsFerrand-ce3ba2-v1.1")
        assert row["score"] == r.json()["score"]["total"]
        assert client.put(f"/api/jobs/{job_id}/crc", json=edited).status_code == 409  # stale version
        assert _row(pg, job_id)["version"] == "1.1"  # type: ignore[index]

        other = upload(client, SHORT_VTT.encode(), client="Groupe Altéa", meeting_date="2026-11-20",
                       rep="Antoine Lebrun").json()["id"]
        assert wait_finished(client, other)["status"] == "done"

        def listed(**params: str) -> set[str]:
            r = client.get("/api/jobs", params=params)
            assert r.status_code == 200, r.text
            return {j["id"] for j in r.json()}

        assert listed() == {job_id, other}
        assert listed(client="FERRAND") == {job_id}  # ILIKE is case-insensitive on PostgreSQL too
        assert listed(client="Altéa") == {other}
        assert listed(rep="lebrun") == {other}
        assert listed(date="2026-11-18") == {job_id}
        assert listed(date_from="2026-11-19", date_to="2026-11-30") == {other}
        assert listed(client="%") == listed(client="_") == set()  # LIKE wildcards escaped
        assert listed(status="done") == {job_id, other} and listed(status="failed") == set()

        assert client.delete(f"/api/jobs/{job_id}").status_code == 204
        assert _row(pg, job_id) is None and _row(pg, other) is not None
        assert client.get(f"/api/jobs/{job_id}").status_code == 404
        assert not (settings.data_dir / job_id).exists()
    with pg.connect() as conn:
        assert conn.execute(text("SELECT id FROM crc_jobs")).scalars().all() == [other]


def test_restart_recovers_queued_and_running_jobs(tmp_path: Path, pg_url: str, pg: Engine,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(tmp_path, pg_url, monkeypatch)
    # First life: uploads accepted, no worker; one job dies mid-run, one twice, one is still queued.
    with running(settings, start_workers=False) as (client, app):
        interrupted = upload(client, SHORT_VTT.encode(), client="A").json()["id"]
        waiting = upload(client, SHORT_VTT.encode(), client="B").json()["id"]
        twice = upload(client, SHORT_VTT.encode(), client="C").json()["id"]
        store: JobStore = app.state.store
        assert store.claim(interrupted) and store.claim(twice)
        store.update(twice, attempts=2)
    with pg.connect() as conn:
        states: dict[str, str] = dict(conn.execute(text("SELECT id, status FROM crc_jobs")).all())
    assert states == {interrupted: "running", waiting: "queued", twice: "running"}
    # Second life, a new engine on the same database.
    with running(settings) as (client, _app):
        assert wait_finished(client, interrupted)["status"] == "done"
        assert wait_finished(client, waiting)["status"] == "done"
        failed = client.get(f"/api/jobs/{twice}").json()
        assert failed["status"] == "failed" and "interrompu deux fois" in failed["error"]
        english = client.get(f"/api/jobs/{twice}", headers={"Accept-Language": "en"}).json()["error"]
        assert english == "Processing was interrupted twice by a server shutdown; send the file again."
    row = _row(pg, interrupted)
    assert row is not None and (row["status"], row["attempts"]) == ("done", 2)
    row = _row(pg, twice)
    assert row is not None and row["status"] == "failed" and row["finished_at"] is not None


def test_claim_is_atomic_across_connections(pg_url: str) -> None:
    """Two stores (two pools, as two server processes would have) race for the same queued jobs."""
    a, b = JobStore(pg_url), JobStore(pg_url)
    try:
        ids = [f"job{i:03d}" for i in range(40)]
        for job_id in ids:
            a.create(job_id, filename="x.vtt", input_suffix=".vtt", from_audio=False, client=None, rep=None,
                     meeting_date=None, participants=[], language="auto")
        wins: dict[str, list[str]] = {"a": [], "b": []}
        barrier = threading.Barrier(2)

        def race(name: str, store: JobStore) -> None:
            barrier.wait()
            wins[name] = [job_id for job_id in ids if store.claim(job_id)]

        threads = [threading.Thread(target=race, args=(n, s)) for n, s in (("a", a), ("b", b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(wins["a"] + wins["b"]) == ids  # every job claimed exactly once
        assert {r.status for r in b.list_jobs(JobFilter(limit=1000))} == {"running"}
        assert all(r.attempts == 1 for r in a.list_jobs(JobFilter(limit=1000)))
    finally:
        a.close()
        b.close()


def test_long_names_fit_the_table(tmp_path: Path, pg_url: str, pg: Engine,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL enforces VARCHAR lengths (SQLite does not): the longest accepted client, then an
    edit with a longer one, must neither fail the job nor the save."""
    name = ("Établissements " + "Ferrand-Logistique " * 11)[:200]
    with running(_settings(tmp_path, pg_url, monkeypatch)) as (client, _app):
        r = upload(client, SHORT_VTT.encode(), client=name, meeting_date="2026-11-18")
        assert r.status_code == 202, r.text
        job_id = r.json()["id"]
        job = wait_finished(client, job_id)
        assert job["status"] == "done", job["error"]
        row = _row(pg, job_id)
        assert row is not None and row["client"] == name
        assert row["crc_id"].startswith("CRC-2026-11-18-EtablissementsFerrand") and len(row["crc_id"]) > 120

        crc = client.get(f"/api/jobs/{job_id}/crc").json()
        # over the column's 200, under python-docx's 255-char title (« Compte rendu — Cadrage — <client> — date »)
        crc["meeting"]["subject"], crc["meeting"]["client"] = "Cadrage", ("Groupe " + "Altéa-Distribution " * 12)[:210]
        r = client.put(f"/api/jobs/{job_id}/crc", json=crc)
        assert r.status_code == 200, r.text
        row = _row(pg, job_id)
        assert row is not None and row["version"] == "1.1"
        assert row["crc_id"] == r.json()["crc"]["id"]  # whole: it names the downloads
        assert row["client"] == crc["meeting"]["client"][:200].rstrip()  # the list label is clipped
        assert client.get(f"/api/jobs/{job_id}/crc").json()["meeting"]["client"] == crc["meeting"]["client"]
        assert {j["id"] for j in client.get("/api/jobs", params={"client": "altéa-distribution"}).json()} == {job_id}


def test_11_11_a_table_from_an_older_crc_gains_the_message_column(tmp_path: Path, pg_url: str, pg: Engine,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A database created before ``error_detail`` existed: the service adds the column and keeps the rows."""
    JobStore(pg_url).close()
    with pg.begin() as conn:
        conn.execute(text("ALTER TABLE crc_jobs DROP COLUMN error_detail"))
        conn.execute(text(
            "INSERT INTO crc_jobs (id, status, stage, progress, error, attempts, filename, input_suffix, from_audio, "
            "participants, language, created_at, updated_at) VALUES ('OLDJOBOLDJOBOLDJOB0000', 'failed', 'failed', 1, "
            "'appel.vtt : fichier vide.', 1, 'appel.vtt', '.vtt', false, '[]', 'auto', now(), now())"
        ))
    with running(_settings(tmp_path, pg_url, monkeypatch), start_workers=False) as (client, _app):
        old = client.get("/api/jobs/OLDJOBOLDJOBOLDJOB0000", headers={"Accept-Language": "en"}).json()
        assert old["error"] == "appel.vtt : fichier vide."  # a reason stored as text stays as it was written
    assert "error_detail" in {c["name"] for c in inspect(pg).get_columns("crc_jobs")}
    JobStore(pg_url).close()  # a second start finds the column and changes nothing


def test_issue_24_who_sees_what_tokens_and_audit_on_postgres(tmp_path: Path, pg_url: str, pg: Engine,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The visibility clause (lower/trim of the rep, team, owner), the users and audit tables, on PostgreSQL;
    and a table from before issue 24 gains the owner and team columns."""
    JobStore(pg_url).close()
    with pg.begin() as conn:
        conn.execute(text("ALTER TABLE crc_jobs DROP COLUMN owner"))
        conn.execute(text("ALTER TABLE crc_jobs DROP COLUMN team"))
    with running(_settings(tmp_path, pg_url, monkeypatch, api_token="pg-admin")) as (client, app):
        users = app.state.users
        users.add("claire@logivia.fr", "Claire Martin", "rep", "Nord")
        users.add("bob@logivia.fr", "Bob Durand", "rep", "Sud")
        users.add("nina@logivia.fr", "Nina Nord", "manager", "Nord")
        claire, bob, nina = ({"Authorization": f"Bearer {users.new_token(e)}"}
                             for e in ("claire@logivia.fr", "bob@logivia.fr", "nina@logivia.fr"))
        admin = {"Authorization": "Bearer pg-admin"}
        mine = upload(client, SHORT_VTT.encode(), headers=claire, client="Transports Ferrand").json()["id"]
        named = upload(client, SHORT_VTT.encode(), headers=admin, client="Fromagerie Bel", rep="  BOB durand ").json()["id"]
        for job_id in (mine, named):
            assert wait_finished(client, job_id, headers=admin)["status"] == "done"
        assert {j["id"] for j in client.get("/api/jobs", headers=claire).json()} == {mine}
        assert {j["id"] for j in client.get("/api/jobs", headers=bob).json()} == {named}
        assert {j["id"] for j in client.get("/api/jobs", headers=nina).json()} == {mine}
        assert client.get(f"/api/jobs/{mine}/crc", headers=bob).status_code == 404
        assert client.get(f"/api/jobs/{mine}/files/docx", headers=nina).status_code == 200
        actions = {(e["actor"], e["action"]) for e in client.get("/api/audit", headers=admin).json()}
        assert ("nina@logivia.fr", "download") in actions
        users.revoke_token("bob@logivia.fr")
        assert client.get("/api/jobs", headers=bob).status_code == 401
    row = _row(pg, mine)
    assert row is not None and (row["owner"], row["team"]) == ("claire@logivia.fr", "Nord")
    tables = set(inspect(pg).get_table_names())
    assert {"crc_users", "crc_audit", "crc_sessions"} <= tables
