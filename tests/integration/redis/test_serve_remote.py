"""``crc serve`` with ``CRC_BROKER_URL``: uploads run on a real ``crc worker``, the job table still tells the story."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import pytest
from queue_fixtures import RedisServer, Workers, crc_command, free_port
from serve_support import running, settings_for, upload, wait_finished

from summarizer.serve.remote import job_task_id

SAMPLE_TXT = Path(__file__).resolve().parents[3] / "samples" / "03-negociation-groupe-altea.txt"


def _long_call(copies: int = 25) -> bytes:
    """A call long enough (about 25 times a sample) that each stage lasts several of the relay's polls,
    so the table sees the worker's stages whatever the machine's speed."""
    lines = SAMPLE_TXT.read_text(encoding="utf-8").splitlines()
    out = []
    for copy in range(copies):
        for line in lines:
            stamp, _, rest = line.partition("] ")
            h, m, sec = (int(x) for x in stamp.strip("[").split(":"))
            total = h * 3600 + m * 60 + sec + copy * 480
            out.append(f"[{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}] {rest}")
    return ("\n".join(out) + "\n").encode("utf-8")


def test_jobs_run_on_the_worker_and_progress_moves(
    tmp_path: Path, redis_server: RedisServer, workers: Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRC_BROKER_URL", redis_server.url)
    worker = workers.start(redis_server.url, queues="extract")
    settings = settings_for(tmp_path, workers=2)
    with running(settings) as (http, app):
        seen: set[str] = set()
        stop = threading.Event()

        def watch_stages(job_id: str) -> None:  # what the page polls, read from the table
            while not stop.is_set():
                rec = app.state.store.get(job_id)
                if rec is not None:
                    seen.add(rec.stage)
                stop.wait(0.005)

        r = upload(http, _long_call(), "2026-11-18-altea.txt", client="Groupe Altéa")
        assert r.status_code in (200, 201, 202), r.text
        job_id = r.json()["id"]
        watcher = threading.Thread(target=watch_stages, args=(job_id,))
        watcher.start()
        try:
            job = wait_finished(http, job_id, timeout=120)
        finally:
            stop.set()
            watcher.join()
        assert job["status"] == "done", job
        assert job["crc_id"] and job["score"] is not None
        docx = http.get(f"/api/jobs/{job_id}/files/docx")
        assert docx.status_code == 200 and docx.content[:2] == b"PK"
        rec = app.state.store.get(job_id)
        assert rec is not None and rec.status == "done" and rec.meeting_date is not None

        bad = upload(http, b"WEBVTT\n\n", "vide.vtt")
        failed = wait_finished(http, bad.json()["id"], timeout=120)
        assert failed["status"] == "failed"
        assert failed["error"] == "vide.vtt : transcription vide, aucune parole trouvée."
        # the worker reports the message's key: the job reads in each request's language
        english = http.get(f"/api/jobs/{bad.json()['id']}", headers={"Accept-Language": "en"}).json()
        assert english["error"] == "vide.vtt: empty transcript, no speech found."

    metas = redis_server.task_metas()
    assert metas[job_task_id(job_id)]["status"] == "SUCCESS"
    assert metas[job_task_id(job_id)]["worker"] == workers.nodename(worker)  # not run in-process
    assert "queued" in seen and seen & {"reading", "extracting", "scoring", "rendering"}, seen


def test_serve_with_broker_down_is_one_line_and_exit_2(tmp_path: Path) -> None:
    import os

    env = dict(os.environ, CRC_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0", CRC_DATA_DIR=str(tmp_path / "d"))
    serve = subprocess.run(crc_command("serve", "--port", str(free_port())), capture_output=True, text=True,
                           timeout=60, env=env)
    assert serve.returncode == 2, serve.stderr
    assert "injoignable" in serve.stderr and len(serve.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_a_recording_goes_to_the_asr_queue_and_its_transcription_progress_moves(
    tmp_path: Path, redis_server: RedisServer, workers: Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    from audio_fixtures import WHISPER_FR, have_shared_audio

    if not have_shared_audio():
        pytest.skip("shared audio clips absent")
    monkeypatch.setenv("CRC_BROKER_URL", redis_server.url)
    worker = workers.start(redis_server.url, queues="asr")  # no extract worker: a recording must not need one
    with running(settings_for(tmp_path, workers=1)) as (http, app):
        job_id = upload(http, WHISPER_FR.read_bytes(), "2026-11-18-podcast.mp3").json()["id"]
        seen: list[tuple[str, float]] = []
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                rec = app.state.store.get(job_id)
                if rec is not None and (not seen or seen[-1] != (rec.stage, rec.progress)):
                    seen.append((rec.stage, rec.progress))
                stop.wait(0.01)

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            job = wait_finished(http, job_id, timeout=300)
        finally:
            stop.set()
            watcher.join()
    assert job["status"] == "done" and job["from_audio"], job
    assert redis_server.task_metas()[job_task_id(job_id)]["worker"] == workers.nodename(worker)
    # how many of the 0.5 s estimate ticks a 0.1 s poll sees depends on the machine's speed: only the order is sure
    fractions = [p for stage, p in seen if stage in ("queued", "transcribing", "extracting", "scoring", "rendering")]
    assert len(fractions) >= 2 and fractions == sorted(fractions) and fractions[-1] > fractions[0], seen
    assert any(stage == "transcribing" for stage, _ in seen), seen


def test_a_job_deleted_while_its_worker_runs_leaves_nothing(
    tmp_path: Path, redis_server: RedisServer, workers: Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20 item 4: the worker finished after the delete and wrote the CRC, e-mail, docx and transcript
    into a folder no row pointed to; the retention purge never saw them."""
    from queue_fixtures import wait_until

    monkeypatch.setenv("CRC_BROKER_URL", redis_server.url)
    workers.start(redis_server.url, queues="extract")
    settings = settings_for(tmp_path, workers=1)
    with running(settings) as (http, app):
        job_id = upload(http, _long_call(60), "2026-11-18-altea.txt", client="Groupe Altéa").json()["id"]
        task_id = job_task_id(job_id)

        def worker_extracting() -> bool:
            meta = redis_server.task_metas().get(task_id, {})
            return meta.get("status") == "PROGRESS" and (meta.get("result") or {}).get("stage") == "extracting"

        wait_until(worker_extracting, 120, "the worker to be extracting", interval=0.01)
        assert http.delete(f"/api/jobs/{job_id}").status_code == 204
        wait_until(lambda: redis_server.task_metas().get(task_id, {}).get("status") == "SUCCESS", 120,
                   "the worker to be done with the deleted job", interval=0.05)
        time.sleep(0.5)  # the serve side's last poll
        assert app.state.store.get(job_id) is None
    job_dir = settings.data_dir / job_id
    assert not job_dir.exists(), sorted(p.name for p in job_dir.rglob("*"))
    left = [p for pattern in ("crc.*", "input*", "*.json") for p in settings.data_dir.rglob(pattern)]
    assert left == []  # no CRC, e-mail, docx, transcript or ASR cache anywhere
    assert redis_server.task_metas()[task_id]["result"].get("cancelled") is True  # it stopped at its next stage


def test_a_serve_job_of_another_version_is_refused_with_one_line(
    tmp_path: Path, redis_server: RedisServer, workers: Workers
) -> None:
    """Issue 20 item 8, the service's task: a worker refuses a job sent without (or with another) protocol,
    and the service reads the refusal as the job's one-line reason in either language."""
    from summarizer.messages import Message
    from summarizer.queue.app import make_app
    from summarizer.queue.protocol import protocol, reply_mismatch
    from summarizer.serve.remote import JOB_TASK

    worker = workers.start(redis_server.url, queues="extract")
    app = make_app(redis_server.url)
    spec = {"job_id": "j1", "job_dir": str(tmp_path / "j1"), "input_path": str(tmp_path / "j1" / "input.txt"),
            "filename": "appel.txt", "audio": False, "options": {}}
    reply = app.send_task(JOB_TASK, args=[spec], kwargs={"token": "t"}, queue="extract").get(timeout=60)
    assert reply["protocol"] == protocol()
    assert reply["error"] == (f"versions différentes : le worker {workers.nodename(worker)} est en {protocol()}, cet "
                              "envoi en ? ; installez la même version de crc sur les workers et ici, puis relancez.")
    english = Message.stored(reply["message"])
    assert english is not None and english.render("en").startswith("version mismatch: worker ")
    older_reply = {"status": "SUCCESS", "worker": "crc-9@old", "result": {"from_audio": False, "crc_id": "x"}}
    refused = reply_mismatch(older_reply)  # what RemoteProcessor raises as JobFailed
    assert refused is not None and "crc-9@old est en ?" in str(refused)
    assert not (tmp_path / "j1").exists()
