"""``crc batch --broker`` on real Celery workers and a real Redis: kill a worker, lose the broker, resume."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

from queue_fixtures import (
    SAMPLES,
    RedisServer,
    Workers,
    crc_command,
    free_port,
    kill_group,
    make_calls,
    wait_until,
)

from summarizer.crc import CRC
from summarizer.pipeline import OUTPUT_SUFFIXES

BATCH_TIMEOUT = 240


def manifest_rows(out: Path) -> list[sqlite3.Row]:
    path = out / "manifest.sqlite"
    if not path.exists():
        return []
    db = sqlite3.connect(path, timeout=5)
    db.row_factory = sqlite3.Row
    try:
        return list(db.execute("SELECT * FROM files"))
    except sqlite3.OperationalError:
        return []
    finally:
        db.close()


def assert_complete(calls: list[Path], out: Path) -> None:
    """Every call has its six outputs exactly once, each CRC parses, nothing half-written is left."""
    names = sorted(p.name for p in out.iterdir() if p.is_file())
    assert not [n for n in names if n.endswith(".tmp")], names
    for call in calls:
        for suffix in OUTPUT_SUFFIXES:
            assert (out / f"{call.stem}{suffix}").is_file(), f"{call.stem}{suffix} missing"
        CRC.model_validate_json((out / f"{call.stem}.crc.json").read_bytes())
    crcs = [n for n in names if n.endswith(".crc.json")]
    assert len(crcs) == len(calls) == len(set(crcs))
    rows = manifest_rows(out)
    assert sorted(r["rel_path"] for r in rows) == sorted(c.name for c in calls)
    assert {r["status"] for r in rows} == {"done"}


def batch_command(inp: Path, out: Path, url: str, *extra: str) -> list[str]:
    return crc_command("batch", str(inp), "--out", str(out), "--broker", url, *extra)


def start_batch(inp: Path, out: Path, url: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as fh:
        return subprocess.Popen(batch_command(inp, out, url), stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)


def run_batch(inp: Path, out: Path, url: str, *extra: str, timeout: float = BATCH_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """``crc batch`` to the end, its output captured."""
    return subprocess.run(batch_command(inp, out, url, *extra), capture_output=True, text=True, timeout=timeout)


def finish(proc: subprocess.Popen[bytes], timeout: float = BATCH_TIMEOUT) -> int:
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        proc.wait(10)
        raise


def test_broker_down_at_start_is_one_line_and_exit_2(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    make_calls(inp, 2)
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    batch = run_batch(inp, tmp_path / "out", url, timeout=60)
    assert batch.returncode == 2, batch.stderr
    lines = [line for line in batch.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "injoignable" in lines[0] and url in lines[0], batch.stderr
    assert not (tmp_path / "out").exists()  # nothing written, nothing to resume

    worker = subprocess.run(crc_command("worker", "--broker", url), capture_output=True, text=True, timeout=60)
    assert worker.returncode == 2, worker.stderr
    assert "injoignable" in worker.stderr and len(worker.stderr.strip().splitlines()) == 1


def test_sigkill_one_worker_mid_job_every_call_done_once(
    tmp_path: Path, redis_server: RedisServer, workers: Workers
) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    calls = make_calls(inp, 30)
    victim = workers.start(redis_server.url)
    survivor = workers.start(redis_server.url)
    batch = start_batch(inp, out, redis_server.url, tmp_path / "batch.log")
    try:
        victim_name = workers.nodename(victim)

        def victim_busy() -> str | None:
            for task_id, meta in redis_server.task_metas().items():
                if meta["status"] == "STARTED" and (meta.get("result") or {}).get("worker") == victim_name:
                    return task_id
            return None

        # Freeze the victim while a job of its is running, check the job has not finished, then kill it:
        # the kill is certainly mid-job (a job that slipped through is let go and another one tried).
        killed_job = None
        deadline = time.monotonic() + 120
        while killed_job is None and time.monotonic() < deadline:
            task_id = wait_until(victim_busy, 120, "a job running on the victim worker", interval=0.01)
            kill_group(victim, signal.SIGSTOP)
            if redis_server.task_metas().get(task_id, {}).get("status") == "STARTED":
                kill_group(victim, signal.SIGKILL)
                killed_job = task_id
            else:
                kill_group(victim, signal.SIGCONT)
        assert killed_job is not None, "never caught the victim worker mid-job"
        victim.wait(10)

        code = finish(batch)
        log = (tmp_path / "batch.log").read_text(errors="replace")
        assert code == 0, log
        assert_complete(calls, out)
        # The killed job was redelivered and finished on the other worker.
        final = redis_server.task_metas()[killed_job]
        assert final["status"] == "SUCCESS" and final["worker"] == workers.nodename(survivor)
        assert survivor.poll() is None
    finally:
        kill_group(batch)


def test_pool_process_killed_mid_job_is_requeued_at_once(
    tmp_path: Path, redis_server: RedisServer, workers: Workers
) -> None:
    """Only the pool process dies (OOM killer): the job goes back now, not after the visibility timeout."""
    inp, out = tmp_path / "in", tmp_path / "out"
    calls = make_calls(inp, 6)
    worker = workers.start(redis_server.url, CRC_VISIBILITY_TIMEOUT="3600")
    batch = start_batch(inp, out, redis_server.url, tmp_path / "batch.log")
    try:
        def running_child() -> tuple[str, int] | None:
            for task_id, meta in redis_server.task_metas().items():
                if meta["status"] == "STARTED":
                    return task_id, int(meta["result"]["pid"])
            return None

        killed = None
        deadline = time.monotonic() + 120
        while killed is None and time.monotonic() < deadline:
            task_id, pid = wait_until(running_child, 120, "a running job", interval=0.01)
            os.kill(pid, signal.SIGSTOP)
            if redis_server.task_metas().get(task_id, {}).get("status") == "STARTED":
                os.kill(pid, signal.SIGKILL)
                killed = task_id
            else:
                os.kill(pid, signal.SIGCONT)
        assert killed is not None, "never caught a job running"
        code = finish(batch, 120)  # far below the hour of visibility timeout
    finally:
        kill_group(batch)
    assert code == 0, (tmp_path / "batch.log").read_text(errors="replace")
    assert_complete(calls, out)
    assert redis_server.task_metas()[killed]["status"] == "SUCCESS"
    assert worker.poll() is None and "WorkerLostError" in workers.log(0)


def test_broker_killed_mid_batch_then_rerun_completes(
    tmp_path: Path, redis_server: RedisServer, workers: Workers
) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    calls = make_calls(inp, 30)
    workers.start(redis_server.url)
    workers.start(redis_server.url)
    batch = start_batch(inp, out, redis_server.url, tmp_path / "batch.log")
    try:
        wait_until(lambda: len(manifest_rows(out)) >= 1, 120, "a first result")
        redis_server.kill()
        code = finish(batch)
    finally:
        kill_group(batch)
    log = (tmp_path / "batch.log").read_text(errors="replace")
    done_before = len(manifest_rows(out))
    assert code == 1, log
    assert "perdu en cours de lot" in log and "relancez" in log, log
    assert 1 <= done_before < len(calls)

    redis_server.start()  # same URL, empty: the queued jobs are gone, as after a real crash
    rerun = run_batch(inp, out, redis_server.url)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_complete(calls, out)
    assert f"{done_before} déjà fait(s)" in " ".join(rerun.stdout.split())


def test_ctrl_c_cancels_what_is_not_started_and_the_rerun_resumes(
    tmp_path: Path, redis_server: RedisServer, workers: Workers
) -> None:
    """Issue 20 item 9: the queue used to keep running after exit 130."""
    inp, out = tmp_path / "in", tmp_path / "out"
    calls = make_calls(inp, 12)
    workers.start(redis_server.url)
    batch = start_batch(inp, out, redis_server.url, tmp_path / "batch.log")
    try:
        wait_until(lambda: len(manifest_rows(out)) >= 1, 120, "a first result")
        os.killpg(batch.pid, signal.SIGINT)
        code = finish(batch, 60)
    finally:
        kill_group(batch)
    log = " ".join((tmp_path / "batch.log").read_text(errors="replace").split())
    recorded = len(manifest_rows(out))
    assert code == 130, log
    assert recorded < len(calls)
    assert "non commencé(s) annulé(s)" in log, log
    # The workers finish what they had started and drop the rest unrun.
    wait_until(lambda: sum(m["status"] == "SUCCESS" for m in redis_server.task_metas().values()) == len(calls),
               180, "the workers to answer every job", interval=0.2)
    metas = redis_server.task_metas()
    dropped = {k for k, m in metas.items() if m["result"].get("cancelled")}
    finished = {k: m["date_done"] for k, m in metas.items() if m["result"]["status"] == "done"}
    assert dropped and len(dropped) + len(finished) == len(calls)
    assert not {f"{c.stem}.crc.json" for c in calls} <= {p.name for p in out.iterdir()}  # not all run anyway
    rerun = run_batch(inp, out, redis_server.url)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_complete(calls, out)
    text = " ".join(rerun.stdout.split())
    assert f"{len(calls) - recorded} traité(s), {recorded} déjà fait(s)" in text, text
    after = redis_server.task_metas()
    assert {k: after[k]["date_done"] for k in finished} == finished  # collected, not run again
    assert all(after[k]["result"]["status"] == "done" for k in dropped)  # the cancelled ones ran this time


def test_cancel_a_batch_left_running_then_rerun(tmp_path: Path, redis_server: RedisServer, workers: Workers) -> None:
    """``crc batch --cancel`` for a batch whose submitter is gone (killed, terminal closed)."""
    inp, out = tmp_path / "in", tmp_path / "out"
    calls = make_calls(inp, 40)  # enough that some are still queued when --cancel arrives
    workers.start(redis_server.url)
    batch = start_batch(inp, out, redis_server.url, tmp_path / "batch.log")
    try:
        wait_until(lambda: len(manifest_rows(out)) >= 1, 120, "a first result")
        kill_group(batch)  # the submitter dies; its jobs stay queued
        batch.wait(10)
        cancel = run_batch(inp, out, redis_server.url, "--cancel", timeout=60)
    finally:
        kill_group(batch)
    assert cancel.returncode == 0, cancel.stdout + cancel.stderr
    assert "annulé(s)" in " ".join(cancel.stdout.split()), cancel.stdout
    wait_until(lambda: sum(m["status"] == "SUCCESS" for m in redis_server.task_metas().values()) == len(calls),
               180, "the workers to answer every job", interval=0.2)
    assert any(m["result"].get("cancelled") for m in redis_server.task_metas().values())
    rerun = run_batch(inp, out, redis_server.url)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_complete(calls, out)
    nothing_left = run_batch(inp, out, redis_server.url, "--cancel")
    assert nothing_left.returncode == 0 and "0 fichier(s)" in nothing_left.stdout, nothing_left.stdout
    alone = subprocess.run(crc_command("batch", str(inp), "--out", str(out), "--cancel"), capture_output=True,
                           text=True, timeout=60)
    assert alone.returncode == 2 and "--broker" in alone.stderr, alone.stderr


def test_a_file_that_kills_its_worker_is_given_up_and_the_batch_ends(
    tmp_path: Path, redis_server: RedisServer, workers: Workers
) -> None:
    """Issue 20 item 3: 66 WorkerLostError in 120 s and a batch that never ended."""
    inp, out = tmp_path / "in", tmp_path / "out"
    calls = make_calls(inp, 3)
    lines = (SAMPLES / "03-negociation-groupe-altea.txt").read_text(encoding="utf-8").splitlines()
    (inp / "poison.txt").write_text("\n".join(lines * 60) + "\n", encoding="utf-8")  # long enough to be caught
    worker = workers.start(redis_server.url, CRC_VISIBILITY_TIMEOUT="3600", CRC_MAX_DELIVERIES="2")
    kills: list[int] = []
    stop = threading.Event()

    def oom_killer() -> None:  # what the kernel does to the process holding this file, every time
        while not stop.is_set():
            for meta in redis_server.task_metas().values():
                info = meta.get("result") or {}
                if meta["status"] == "STARTED" and info.get("file") == "poison.txt" and info["pid"] not in kills:
                    kills.append(info["pid"])
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(info["pid"], signal.SIGKILL)
            stop.wait(0.01)

    killer = threading.Thread(target=oom_killer)
    killer.start()
    try:
        batch = run_batch(inp, out, redis_server.url, timeout=180)
    finally:
        stop.set()
        killer.join()
    assert batch.returncode == 1, batch.stdout + batch.stderr
    rows = {r["rel_path"]: r for r in manifest_rows(out)}
    assert all(rows[c.name]["status"] == "done" for c in calls)
    assert rows["poison.txt"]["status"] == "failed"
    assert rows["poison.txt"]["reason"] == ("poison.txt : le worker s'est arrêté 2 fois sur ce fichier (mémoire épuisée "
                                           "ou plantage) ; abandonné. Traitez-le seul avec `crc run` pour voir l'erreur.")
    assert len(kills) == 2 and worker.poll() is None
    assert "poison.txt" in " ".join(batch.stdout.split())


def test_a_job_sent_under_another_protocol_is_refused_by_the_worker(
    tmp_path: Path, redis_server: RedisServer, workers: Workers
) -> None:
    """Issue 20 item 8: the worker side of the version check (an older submitter sends no protocol)."""
    from summarizer.pipeline import RunOptions, sha256_file
    from summarizer.queue.app import make_app
    from summarizer.queue.protocol import protocol
    from summarizer.queue.tasks import FILE_TASK as TASK_NAME

    inp, out = tmp_path / "in", tmp_path / "out"
    (call,) = make_calls(inp, 1)
    out.mkdir()
    worker = workers.start(redis_server.url, queues="extract")
    app = make_app(redis_server.url)
    options = RunOptions(progress=False).model_dump(mode="json")
    args = [str(call), str(inp), str(out), call.stem, sha256_file(call), options, None]
    for sent in ({"token": "t1"}, {"token": "t2", "protocol": "0.0.1/1-00000000"}):
        reply = app.send_task(TASK_NAME, args=args, kwargs=sent, queue="extract").get(timeout=60)
        assert reply["status"] == "failed" and reply["protocol"] == protocol()
        assert reply["reason"] == (
            f"versions différentes : le worker {workers.nodename(worker)} est en {protocol()}, cet envoi en "
            f"{sent.get('protocol', '?')} ; installez la même version de crc sur les workers et ici, puis relancez.")
    assert not list(out.iterdir())  # nothing run
    assert workers.log(0).count("refused: sent under protocol") == 2


def test_broker_restarted_empty_mid_batch_the_batch_sends_again(
    tmp_path: Path, redis_server: RedisServer, workers: Workers
) -> None:
    """A restart between two polls is reconnected to silently: the batch notices and re-sends what was out."""
    inp, out = tmp_path / "in", tmp_path / "out"
    calls = make_calls(inp, 30)
    workers.start(redis_server.url)
    workers.start(redis_server.url)
    batch = start_batch(inp, out, redis_server.url, tmp_path / "batch.log")
    try:
        wait_until(lambda: len(manifest_rows(out)) >= 1, 120, "a first result")
        redis_server.kill()
        redis_server.start()  # back at once, empty
        lost_at_restart = len(calls) - len(manifest_rows(out))
        code = finish(batch)
    finally:
        kill_group(batch)
    log = (tmp_path / "batch.log").read_text(errors="replace")
    assert lost_at_restart > 0
    assert code == 0, log
    assert_complete(calls, out)


def test_bad_input_fails_once_others_done(tmp_path: Path, redis_server: RedisServer, workers: Workers) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    calls = make_calls(inp, 3)
    (inp / "vide.vtt").write_text("WEBVTT\n\n", encoding="utf-8")
    workers.start(redis_server.url, queues="extract")
    batch = run_batch(inp, out, redis_server.url)
    assert batch.returncode == 1, batch.stdout + batch.stderr
    rows = {r["rel_path"]: r for r in manifest_rows(out)}
    assert rows["vide.vtt"]["status"] == "failed" and rows["vide.vtt"]["reason"]
    assert all(rows[c.name]["status"] == "done" for c in calls)
    failed = [m for m in redis_server.task_metas().values() if (m.get("result") or {}).get("rel_path") == "vide.vtt"]
    assert len(failed) == 1 and failed[0]["status"] == "SUCCESS" and failed[0]["retries"] == 0
    assert failed[0]["result"]["attempts"] == 1
    assert json.loads(json.dumps(failed[0]["result"]))["status"] == "failed"
    assert os.path.exists(out / "summary.csv")


def _llm_env(url: str) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": url, "OPENAI_API_KEY": "sk-test", "CRC_LLM_MODEL": "test-model",
        "CRC_LLM_MODE": "json_schema", "CRC_LLM_BACKOFF_INITIAL": "0.01", "CRC_LLM_BACKOFF_MAX": "0.02",
        "CRC_LLM_TRANSPORT_ATTEMPTS": "2", "CRC_LLM_CONTEXT_TOKENS": "32000", "CRC_TASK_RETRIES": "2",
    }


def test_llm_5xx_is_retried_with_backoff_then_succeeds(
    tmp_path: Path, redis_server: RedisServer, workers: Workers
) -> None:
    from openai_server import ScriptedServer, answer, error

    empty_model = answer({"meeting_type": "other", "facts": [], "decisions": [], "next_steps": []})
    inp, out = tmp_path / "in", tmp_path / "out"
    calls = make_calls(inp, 1)
    # Two task attempts meet two 503s each (the client's own two HTTP attempts), the third gets an answer.
    with ScriptedServer(script=[error(503, "maintenance")] * 4, default=empty_model) as server:
        workers.start(redis_server.url, **_llm_env(server.url))
        batch = run_batch(inp, out, redis_server.url, "--backend", "llm")
        counts = server.counts()
        stamps = [r.at for r in server.chat]
    assert batch.returncode == 0, batch.stdout + batch.stderr
    assert counts == (5, 1)
    # Backoff: the second task attempt waits about CRC_RETRY_BACKOFF (0.5 s), the third twice that.
    assert stamps[2] - stamps[1] >= 0.4 and stamps[4] - stamps[3] >= 0.9
    (row,) = manifest_rows(out)
    assert row["status"] == "done"
    meta = next(iter(redis_server.task_metas().values()))
    assert meta["result"]["attempts"] == 3 and meta["retries"] == 2
    assert json.loads((out / f"{calls[0].stem}.crc.json").read_text())["metadata"]["backend"] == "llm"


def test_llm_down_gives_up_after_the_retries(tmp_path: Path, redis_server: RedisServer, workers: Workers) -> None:
    from openai_server import ScriptedServer, error

    inp, out = tmp_path / "in", tmp_path / "out"
    make_calls(inp, 1)
    with ScriptedServer(default=error(503, "maintenance")) as server:
        workers.start(redis_server.url, **_llm_env(server.url))
        batch = run_batch(inp, out, redis_server.url, "--backend", "llm")
        counts = server.counts()
    assert batch.returncode == 1, batch.stdout + batch.stderr
    assert counts == (6, 0)  # 3 task attempts x 2 HTTP attempts, then no more
    (row,) = manifest_rows(out)
    assert row["status"] == "failed" and "503" in row["reason"] and "3 tentatives" in row["reason"]


def test_metadata_rows_reach_the_workers_and_a_rerun_skips(
    tmp_path: Path, redis_server: RedisServer, workers: Workers
) -> None:
    """Issue 21 item 2: ``--broker`` takes ``--metadata`` as the local batch does (one planner for both);
    a file's row is its own options, so its settings hash and task id are its own too."""
    inp, out = tmp_path / "in", tmp_path / "out"
    calls = make_calls(inp, 2)
    table = tmp_path / "calls.csv"
    table.write_text(f"file,client,opportunity_id,crm_stage\n{calls[0].name},Clinique Test,OPP-42,proposal\n",
                     encoding="utf-8")
    workers.start(redis_server.url, queues="extract")
    first = run_batch(inp, out, redis_server.url, "--metadata", str(table))
    assert first.returncode == 0, first.stdout + first.stderr
    assert_complete(calls, out)
    tagged = CRC.model_validate_json((out / f"{calls[0].stem}.crc.json").read_bytes())
    plain = CRC.model_validate_json((out / f"{calls[1].stem}.crc.json").read_bytes())
    assert (tagged.meeting.client, tagged.crm.opportunity_id, tagged.crm.stage) == ("Clinique Test", "OPP-42", "proposal")
    assert plain.crm.opportunity_id is None
    sent = len(redis_server.task_metas())
    again = run_batch(inp, out, redis_server.url, "--metadata", str(table))
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(redis_server.task_metas()) == sent  # nothing sent again: each file's own hash matched
