"""``crc serve`` API against the real app (uvicorn on loopback), the real pipeline and a real SQLite file."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from serve_support import SAMPLE_VTT, SECRET_WORDS, SHORT_VTT, running, settings_for, upload, wait_finished

from summarizer.crc import CRC, next_version
from summarizer.score import score_crc
from summarizer.serve.db import JobStore, utcnow
from summarizer.serve.jobs import WorkerPool


def test_upload_to_result_and_artifacts(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with running(settings) as (client, _app):
        assert client.get("/healthz").json()["status"] == "ok"
        r = upload(client, SAMPLE_VTT.read_bytes(), SAMPLE_VTT.name, client="Transports Ferrand",
                   meeting_date="2026-11-18", rep="Claire Martin")
        assert r.status_code == 202, r.text
        job_id = r.json()["id"]
        assert r.headers["location"] == f"/api/jobs/{job_id}"
        job = wait_finished(client, job_id)
        assert job["status"] == "done", job["error"]
        assert job["progress"] == 1.0 and job["error"] is None
        assert job["crc_id"] == "CRC-2026-11-18-TransportsFerrand-ce3ba2-v1.0" and job["version"] == "1.0"

        crc = CRC.model_validate(client.get(f"/api/jobs/{job_id}/crc").json())
        assert crc.meeting.date == dt.date(2026, 11, 18) and crc.meeting.client == "Transports Ferrand"
        assert crc.metadata.source == SAMPLE_VTT.name  # display name in metadata, never a path
        score = client.get(f"/api/jobs/{job_id}/score").json()
        assert score["total"] == job["score"] == score_crc(crc).total
        assert {c["key"] for c in score["criteria"]} >= {"objective", "decisions", "next_step"}

        docx = client.get(f"/api/jobs/{job_id}/files/docx")
        assert docx.status_code == 200 and docx.content[:2] == b"PK"
        assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx.content)).namelist()
        assert 'filename="CRC-2026-11-18-TransportsFerrand-ce3ba2-v1.0.docx"' in docx.headers["content-disposition"]
        assert client.get(f"/api/jobs/{job_id}/files/ics").text.startswith("BEGIN:VCALENDAR")
        assert b"Subject:" in client.get(f"/api/jobs/{job_id}/files/eml").content
        assert client.get(f"/api/jobs/{job_id}/files/md").headers["content-type"].startswith("text/markdown")
        assert client.get(f"/api/jobs/{job_id}/files/json").json()["id"] == crc.id
        assert client.get(f"/api/jobs/{job_id}/files/exe").status_code == 422
        mail = client.get(f"/api/jobs/{job_id}/email").json()
        assert mail["subject"].strip() and mail["text"].strip()
        assert client.get(f"/api/jobs/{job_id}/audio").status_code == 404  # transcript upload: no recording

        stored = sorted(p.name for p in (settings.data_dir / job_id).iterdir())
        assert "input.vtt" in stored and "input.transcript.json" in stored and "crc.docx" in stored


def test_list_filters_by_client_date_and_rep(tmp_path: Path) -> None:
    with running(settings_for(tmp_path)) as (client, _app):
        ids = {}
        for name, day, rep in [("Transports Ferrand", "2026-11-18", "Claire Martin"),
                               ("Groupe Altea", "2026-11-20", "Antoine Lebrun")]:
            ids[name] = upload(client, SHORT_VTT.encode(), client=name, meeting_date=day, rep=rep).json()["id"]
        for job_id in ids.values():
            assert wait_finished(client, job_id)["status"] == "done"

        def listed(**params: str) -> set[str]:
            r = client.get("/api/jobs", params=params)
            assert r.status_code == 200
            return {j["id"] for j in r.json()}

        assert listed() == set(ids.values())
        assert listed(client="ferrand") == {ids["Transports Ferrand"]}
        assert listed(rep="Lebrun") == {ids["Groupe Altea"]}
        assert listed(date="2026-11-20") == {ids["Groupe Altea"]}
        assert listed(date_from="2026-11-19", date_to="2026-11-30") == {ids["Groupe Altea"]}
        assert listed(client="%") == set()  # LIKE wildcards are escaped
        assert listed(status="failed") == set()
        assert client.get("/api/jobs", params={"date": "18/11/2026"}).status_code == 422


def _edit_changing_score(crc: dict[str, Any]) -> dict[str, Any]:
    """An edit of next-step due dates that must change the score (checked with the real scorer)."""
    meeting = dt.date.fromisoformat(crc["meeting"]["date"])
    cleared = json.loads(json.dumps(crc))
    for step in cleared["next_steps"]:
        step["due_date"] = None
    dated = json.loads(json.dumps(crc))
    for step in dated["next_steps"]:
        step["due_date"] = step["due_date"] or (meeting + dt.timedelta(days=7)).isoformat()
    before = score_crc(CRC.model_validate(crc)).total
    for candidate in (dated, cleared):
        if score_crc(CRC.model_validate(candidate)).total != before:
            return candidate
    raise AssertionError("no due-date edit changes this CRC's score")


def test_edit_revalidates_bumps_version_rescores_and_rerenders(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with running(settings) as (client, _app):
        job_id = upload(client, SAMPLE_VTT.read_bytes(), SAMPLE_VTT.name, client="Transports Ferrand",
                        meeting_date="2026-11-18").json()["id"]
        job = wait_finished(client, job_id)
        assert job["status"] == "done"
        original = client.get(f"/api/jobs/{job_id}/crc").json()
        docx_before = client.get(f"/api/jobs/{job_id}/files/docx").content
        edited = _edit_changing_score(original)

        r = client.put(f"/api/jobs/{job_id}/crc", json=edited)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["version"] == "1.1" and body["crc"]["id"] == "CRC-2026-11-18-TransportsFerrand-ce3ba2-v1.1"
        assert body["score"]["total"] == score_crc(CRC.model_validate(edited)).total != job["score"]
        assert body["crc"]["metadata"] == original["metadata"] | {"version_at": body["crc"]["metadata"]["version_at"]}
        assert body["crc"]["metadata"]["version_at"] is not None
        after = client.get(f"/api/jobs/{job_id}").json()
        assert (after["version"], after["score"], after["crc_id"]) == ("1.1", body["score"]["total"], body["crc"]["id"])
        assert client.get(f"/api/jobs/{job_id}/crc").json()["version"] == "1.1"
        assert client.get(f"/api/jobs/{job_id}/files/docx").content != docx_before
        assert (settings.data_dir / job_id / "history" / "crc-v1.0.crc.json").is_file()

        # stale version: someone saved in between
        assert client.put(f"/api/jobs/{job_id}/crc", json=edited).status_code == 409
        current = body["crc"]
        # a quote that is not in the transcript is refused; nothing changes
        forged = json.loads(json.dumps(current))
        forged["facts"][0]["evidence"][0]["quote"] = "Nous signons le contrat demain pour deux millions."
        r = client.put(f"/api/jobs/{job_id}/crc", json=forged)
        assert r.status_code == 422 and "citation absente" in r.json()["detail"]
        # a due date before the meeting is refused too
        early = json.loads(json.dumps(current))
        early["next_steps"][0]["due_date"] = "2026-11-01"
        r = client.put(f"/api/jobs/{job_id}/crc", json=early)
        assert r.status_code == 422 and "avant la réunion" in r.json()["detail"]
        assert client.put(f"/api/jobs/{job_id}/crc", json=["not", "a", "crc"]).status_code == 422
        assert client.get(f"/api/jobs/{job_id}").json()["version"] == "1.1"
        # a second good edit goes to 1.2
        r = client.put(f"/api/jobs/{job_id}/crc", json=current)
        assert r.status_code == 200 and r.json()["version"] == "1.2"


def test_next_version() -> None:
    assert [next_version(v) for v in ("1.0", "1.1", "1.9", "2.3")] == ["1.1", "1.2", "1.10", "2.4"]


def test_delete_removes_files_and_row(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with running(settings) as (client, _app):
        job_id = upload(client, SHORT_VTT.encode()).json()["id"]
        assert wait_finished(client, job_id)["status"] == "done"
        assert (settings.data_dir / job_id).is_dir()
        assert client.delete(f"/api/jobs/{job_id}").status_code == 204
        assert not (settings.data_dir / job_id).exists()
        assert client.get(f"/api/jobs/{job_id}").status_code == 404
        assert client.get(f"/api/jobs/{job_id}/files/docx").status_code == 404
        assert client.get("/api/jobs").json() == []
        assert client.delete(f"/api/jobs/{job_id}").status_code == 404


def test_restart_resumes_queued_and_retries_running_once(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    # First life: the server accepts uploads, then dies with one job mid-run and one still queued.
    with running(settings, start_workers=False) as (client, app):
        interrupted = upload(client, SHORT_VTT.encode(), client="A").json()["id"]
        waiting = upload(client, SHORT_VTT.encode(), client="B").json()["id"]
        twice = upload(client, SHORT_VTT.encode(), client="C").json()["id"]
        store: JobStore = app.state.store
        assert store.claim(interrupted) and store.claim(twice)
        store.update(twice, attempts=2)  # this one was already retried once
        assert client.get(f"/api/jobs/{waiting}").json()["status"] == "queued"
    # Second life, same SQLite file and data dir.
    with running(settings) as (client, _app):
        resumed = wait_finished(client, interrupted)
        assert resumed["status"] == "done"
        assert wait_finished(client, waiting)["status"] == "done"
        failed = client.get(f"/api/jobs/{twice}").json()
        assert failed["status"] == "failed" and "interrompu deux fois" in failed["error"]
    with running(settings, start_workers=False) as (client, app):
        assert app.state.store.get(interrupted).attempts == 2
        assert client.get(f"/api/jobs/{interrupted}/crc").status_code == 200


def test_corrupt_uploads(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with running(settings) as (client, _app):
        noise = bytes(range(256)) * 64
        r = upload(client, noise, "appel.wav")
        assert r.status_code == 415 and "contenu non reconnu" in r.json()["detail"]
        r = upload(client, b"PK\x03\x04" + noise, "transcript.docx")
        assert r.status_code == 415 and "corrompue" in r.json()["detail"]
        assert upload(client, b"", "vide.vtt").status_code == 422
        # sniffable but broken: JSON that does not parse fails the job with one clear line
        job_id = upload(client, b'{"segments": [ {"start": 0, "text": "Bonjour', "appel.json").json()["id"]
        job = wait_finished(client, job_id)
        assert job["status"] == "failed" and "\n" not in job["error"] and "Traceback" not in job["error"]
        assert client.get(f"/api/jobs/{job_id}/crc").status_code == 409
        # a transcript named .mp3 is stored by its content, not its name
        job_id = upload(client, SHORT_VTT.encode(), "appel.mp3").json()["id"]
        assert wait_finished(client, job_id)["status"] == "done"
        assert (settings.data_dir / job_id / "input.vtt").is_file()
        assert client.get(f"/api/jobs/{job_id}").json()["from_audio"] is False
        # bad form fields
        assert upload(client, SHORT_VTT.encode(), meeting_date="18/11/2026").status_code == 422
        assert upload(client, SHORT_VTT.encode(), language="de").status_code == 422
        leftovers = [p.name for p in settings.data_dir.iterdir() if p.is_dir()]
        assert len(leftovers) == 2  # only the two accepted jobs have a directory


def test_logs_carry_job_ids_not_transcripts(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with running(settings_for(tmp_path)) as (client, _app):
        job_id = upload(client, SHORT_VTT.encode(), "secret-ZEPHYR.vtt", client="Client Confidentiel").json()["id"]
        assert wait_finished(client, job_id)["status"] == "done"
        client.delete(f"/api/jobs/{job_id}")
    assert job_id in caplog.text
    for secret in (SECRET_WORDS, "Excel", "Confidentiel", "ZEPHYR"):
        assert secret not in caplog.text


def test_retention_purges_old_jobs(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, retention_days=7)
    with running(settings) as (client, app):
        old = upload(client, SHORT_VTT.encode()).json()["id"]
        new = upload(client, SHORT_VTT.encode()).json()["id"]
        for job_id in (old, new):
            assert wait_finished(client, job_id)["status"] == "done"
        store: JobStore = app.state.store
        store.update(old, created_at=utcnow() - dt.timedelta(days=8))
        pool: WorkerPool = app.state.pool
        assert pool.purge_expired() == 1
        assert client.get(f"/api/jobs/{old}").status_code == 404
        assert not (settings.data_dir / old).exists()
        assert client.get(f"/api/jobs/{new}").status_code == 200
    keep = settings_for(tmp_path, retention_days=0)
    with running(keep, start_workers=False) as (_client, app):
        app.state.store.update(new, created_at=utcnow() - dt.timedelta(days=3650))
        assert app.state.pool.purge_expired() == 0


def test_openapi_documents_the_api(tmp_path: Path) -> None:
    with running(settings_for(tmp_path), start_workers=False) as (client, _app):
        spec = client.get("/openapi.json").json()
        paths = spec["paths"]
        assert {"/api/jobs", "/api/jobs/{job_id}", "/api/jobs/{job_id}/crc", "/healthz"} <= set(paths)
        assert {"get", "post"} <= set(paths["/api/jobs"]) and {"get", "put"} <= set(paths["/api/jobs/{job_id}/crc"])
        assert "delete" in paths["/api/jobs/{job_id}"]
        page = client.get("/")
        assert page.status_code == 200 and "Nouveau compte rendu" in page.text and 'lang="fr"' in page.text


def test_docs_page_works_offline(tmp_path: Path) -> None:
    """/docs must not pull Swagger UI from a CDN: company networks and this CI have no internet."""
    import re

    with running(settings_for(tmp_path), start_workers=False) as (client, _app):
        docs = client.get("/docs")
        assert docs.status_code == 200
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', docs.text)
        assert assets and all(a.startswith("/") for a in assets), assets
        for asset in assets:
            assert client.get(asset).status_code == 200, asset


@pytest.mark.slow
def test_audio_upload_transcribes_and_serves_the_recording(tmp_path: Path) -> None:
    wav = Path(__file__).resolve().parents[4] / "shared" / "data" / "audio" / "test_fr.wav"
    if not wav.is_file():
        pytest.skip(f"{wav} absent")
    settings = settings_for(tmp_path)
    with running(settings) as (client, _app):
        job_id = upload(client, wav.read_bytes(), "enregistrement", meeting_date="2026-11-18").json()["id"]
        job = wait_finished(client, job_id, timeout=300)
        assert job["from_audio"] is True
        if job["status"] == "done":
            audio = client.get(f"/api/jobs/{job_id}/audio")
            assert audio.status_code == 200 and audio.content == wav.read_bytes()
            assert audio.headers["content-type"] == "audio/wav"
        else:  # a 7-second clip may hold no commitment; the failure must still be one clear line
            assert job["error"] and "\n" not in job["error"]
        assert (settings.data_dir / job_id / "input.wav").is_file()
        assert (settings.data_dir / job_id / "input.transcript.json").is_file()
        assert list((settings.data_dir / job_id / "asr-cache").glob("*.json"))  # the ASR cache stays in the job dir




def test_run_job_reports_stages_in_order(tmp_path: Path) -> None:
    from summarizer.pipeline import RunOptions
    from summarizer.serve.jobs import JobSpec, run_job

    (tmp_path / "input.vtt").write_text(SHORT_VTT, encoding="utf-8")
    seen: list[tuple[str, float]] = []
    spec = JobSpec(job_id="j" * 22, job_dir=tmp_path, input_path=tmp_path / "input.vtt", filename="2026-11-18 appel.vtt",
                   audio=False, options=RunOptions(progress=False))
    result = run_job(spec, lambda stage, fraction: seen.append((stage, fraction)))
    assert [s for s, _ in seen] == ["reading", "extracting", "scoring", "rendering", "done"]
    assert [f for _, f in seen] == sorted(f for _, f in seen)
    assert result.crc.meeting.date == dt.date(2026, 11, 18)  # the display name still feeds the date heuristic
    assert result.crc.metadata.meeting_date_source == "filename"


def test_delete_while_running_leaves_nothing(tmp_path: Path) -> None:
    import threading

    from summarizer.serve.jobs import JobSpec, ProgressFn, run_job

    started, release = threading.Event(), threading.Event()

    def slow(spec: JobSpec, progress: ProgressFn) -> Any:
        started.set()
        assert release.wait(30)
        return run_job(spec, progress)  # the real pipeline, after the delete

    settings = settings_for(tmp_path)
    with running(settings, processor=slow) as (client, app):
        job_id = upload(client, SHORT_VTT.encode()).json()["id"]
        assert started.wait(30)
        assert client.get(f"/api/jobs/{job_id}").json()["status"] == "running"
        assert client.delete(f"/api/jobs/{job_id}").status_code == 204
        release.set()
        deadline = time.monotonic() + 30
        while (settings.data_dir / job_id).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not (settings.data_dir / job_id).exists()
        assert app.state.store.get(job_id) is None


def test_unexpected_error_is_a_500_without_content_in_logs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    settings = settings_for(tmp_path)
    with running(settings) as (client, _app):
        job_id = upload(client, SHORT_VTT.encode()).json()["id"]
        assert wait_finished(client, job_id)["status"] == "done"
        # the stored CRC gets damaged on disk, with confidential words in it
        (settings.data_dir / job_id / "crc.crc.json").write_text(f'{{"id": "{SECRET_WORDS}"}}', encoding="utf-8")
        crc = {"version": "1.0"}
        r = client.put(f"/api/jobs/{job_id}/crc", json=crc)
        assert r.status_code == 500 and r.json()["detail"].startswith("Erreur interne")
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "internal error pydantic_core._pydantic_core.ValidationError" in caplog.text
    assert job_id in caplog.text and SECRET_WORDS not in caplog.text
