"""Scale-out on Celery workers: throughput with 1 vs 2 worker processes, and the queue's cost per job.

Starts its own ``redis-server`` (Debian's, ``.ci/install-redis.sh``) on a free
loopback port and real ``crc worker`` processes, then times ``crc batch
--broker`` (the in-process :func:`run_remote_batch`, from first enqueue to last
result) on 40 transcripts and on 8 recordings made from the shared clips
(each slightly different, so no content hash or ASR cache repeats), once with
a worker of 1 pool process and once with 2. Workers are warmed up first (spaCy,
Whisper model loaded in every process). The queueing overhead is measured on
sequential single jobs against an idle worker: the time from enqueue to result
seen by the submitter, minus the job's own processing time.

    nice -n 10 .venv/bin/python bench/scale.py
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
AUDIO = ROOT.parent / "shared" / "data" / "audio"
TRANSCRIPTS = [
    "01-decouverte-transports-ferrand.vtt", "03-negociation-groupe-altea.txt", "06-renouvellement-mutuelle-horizon.vtt",
    "07-appel-a-froid-cabinet-dumas.txt", "09-demo-editique-banque-loire.srt", "04-qbr-brasserie-lemoine.json",
]
CLIPS = ["test_fr.wav", "whisper-french.mp3"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_transcripts(folder: Path, n: int, tag: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = SAMPLES / TRANSCRIPTS[i % len(TRANSCRIPTS)]
        # A trailing blank line count changes the hash, not the content a reader sees (any encoding).
        (folder / f"{tag}-{i:03d}{src.suffix}").write_bytes(src.read_bytes().rstrip(b"\r\n") + b"\n" * (2 + i))


def make_recordings(folder: Path, n: int, tag: str) -> float:
    """``n`` distinct 16 kHz mono WAVs: both clips back to back, a different gain and lead-in each."""
    import numpy as np
    from faster_whisper.audio import decode_audio

    folder.mkdir(parents=True, exist_ok=True)
    speech = np.concatenate([decode_audio(str(AUDIO / c), sampling_rate=16000) for c in CLIPS])
    for i in range(n):
        lead = np.zeros(int(16000 * (0.2 + 0.05 * i)), dtype=np.float32)
        pcm = np.clip(np.concatenate([lead, speech * (0.9 - 0.04 * i)]), -1, 1)
        with wave.open(str(folder / f"{tag}-{i:02d}.wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes((pcm * 32767).astype("<i2").tobytes())
    return len(speech) / 16000


class Redis:
    def __init__(self, workdir: Path) -> None:
        exe = shutil.which("redis-server")
        if exe is None:
            sys.exit("redis-server absent : lancez .ci/install-redis.sh")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = subprocess.Popen(
            [exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no", "--dir", str(workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        import redis

        deadline = time.monotonic() + 10
        while True:
            try:
                if redis.Redis(port=self.port).ping():
                    break
            except redis.RedisError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)


class Worker:
    def __init__(self, url: str, concurrency: int, log: Path, cores: set[int] | None = None) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")

        def limit() -> None:
            if cores is not None:
                os.sched_setaffinity(0, cores)

        with log.open("wb") as fh:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "summarizer.cli", "worker", "--broker", url, "--concurrency", str(concurrency),
                 "--loglevel", "WARNING"],
                stdout=fh, stderr=subprocess.STDOUT, env=env, start_new_session=True, preexec_fn=limit,
            )
        self.log = log
        deadline = time.monotonic() + 120
        while b"crc worker :" not in log.read_bytes():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"crc worker n'a pas démarré :\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            pass
        finally:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(10)


def batch_seconds(inp: Path, out: Path, url: str, cache: Path) -> float:
    from summarizer.batch.remote import run_remote_batch
    from summarizer.pipeline import RunOptions

    report = run_remote_batch(inp, out, RunOptions(asr_cache_dir=cache), broker_url=url)
    if report.failed or report.done != report.total:
        sys.exit(f"lot {inp.name} : {report.failed} échec(s) : {[o.reason for o in report.failures][:3]}")
    return report.elapsed


def queue_overhead(url: str, folder: Path, out: Path, n: int) -> list[float]:
    """Per job: (enqueue -> result seen) - the job's own duration, in seconds; jobs sent one at a time."""
    from summarizer.batch.manifest import FileOutcome
    from summarizer.pipeline import RunOptions, sha256_file
    from summarizer.queue.app import app_for, fetch_metas, queue_for
    from summarizer.queue.protocol import protocol
    from summarizer.queue.tasks import FILE_TASK

    app = app_for(url)
    payload = RunOptions(progress=False, date_fallback="mtime").model_dump(mode="json")
    overheads = []
    for i, path in enumerate(sorted(folder.iterdir())[:n]):
        task_id = f"bench-overhead-{os.getpid()}-{i}"
        t0 = time.perf_counter()
        app.send_task(FILE_TASK, task_id=task_id, queue=queue_for(path),
                      args=[str(path), str(folder), str(out), path.stem, sha256_file(path), payload, None],
                      kwargs={"protocol": protocol()})  # a job without it is refused (docs/deploy.md)
        while True:
            meta = fetch_metas(app, [task_id])[task_id]
            if meta["status"] == "SUCCESS":
                break
            time.sleep(0.002)
        seen = time.perf_counter() - t0
        outcome = FileOutcome.model_validate(meta["result"])
        overheads.append(seen - (outcome.duration or 0.0))
    return overheads


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--transcripts", type=int, default=40)
    ap.add_argument("--recordings", type=int, default=8)
    ap.add_argument("--overhead-jobs", type=int, default=20)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="crc-scale-"))
    redis = Redis(tmp)
    figures: dict[str, Any] = {"cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()}
    try:
        make_transcripts(tmp / "warm-t", 4, "warm")
        make_recordings(tmp / "warm-a", 2, "warm")
        audio_seconds = make_recordings(tmp / "rec", args.recordings, "rec")
        make_transcripts(tmp / "tr", args.transcripts, "call")
        make_transcripts(tmp / "ovh", args.overhead_jobs, "ovh")
        figures["recording_seconds"] = round(audio_seconds, 1)
        all_cores = sorted(os.sched_getaffinity(0))
        # (name, pool processes, cores the worker may use): one process per core, as one machine each
        # of a cluster would have; "1all" (one process on every core) is the one-machine reference.
        configs = [("1", 1, {all_cores[0]}), ("2", 2, set(all_cores[:2])), ("1all", 1, set(all_cores))]
        for name, procs, cores in configs:
            worker = Worker(redis.url, procs, tmp / f"worker-{name}.log", cores)
            try:
                # Warm every pool process: spaCy, lexicons, the Whisper model.
                batch_seconds(tmp / "warm-t", tmp / f"warm-out-t-{name}", redis.url, tmp / f"warm-cache-{name}")
                batch_seconds(tmp / "warm-a", tmp / f"warm-out-a-{name}", redis.url, tmp / f"warm-cache-{name}")
                t = batch_seconds(tmp / "tr", tmp / f"out-tr-{name}", redis.url, tmp / f"cache-tr-{name}")
                a = batch_seconds(tmp / "rec", tmp / f"out-rec-{name}", redis.url, tmp / f"cache-rec-{name}")
                figures[f"transcripts_per_s_{name}"] = round(args.transcripts / t, 3)
                figures[f"recordings_per_min_{name}"] = round(60 * args.recordings / a, 3)
                if name == "1":
                    ovh = queue_overhead(redis.url, tmp / "ovh", tmp / "out-ovh", args.overhead_jobs)
                    figures["overhead_ms_median"] = round(1000 * statistics.median(ovh), 1)
                    figures["overhead_ms_mean"] = round(1000 * statistics.fmean(ovh), 1)
                    figures["overhead_ms_max"] = round(1000 * max(ovh), 1)
            finally:
                worker.stop()
    finally:
        redis.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    figures["transcripts_ratio_2_vs_1"] = round(figures["transcripts_per_s_2"] / figures["transcripts_per_s_1"], 2)
    figures["recordings_ratio_2_vs_1"] = round(figures["recordings_per_min_2"] / figures["recordings_per_min_1"], 2)
    figures["recordings_ratio_2_vs_1all"] = round(figures["recordings_per_min_2"] / figures["recordings_per_min_1all"], 2)
    figures["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    print(f"cœurs : {figures['cores']} (1 processus = 1 cœur ; charge moyenne à la fin {figures['load_average_1min_at_end']})")
    print(f"{args.transcripts} transcriptions : {figures['transcripts_per_s_1']}/s (1 processus) -> "
          f"{figures['transcripts_per_s_2']}/s (2) : ratio {figures['transcripts_ratio_2_vs_1']}")
    print(f"{args.recordings} enregistrements de {figures['recording_seconds']} s : {figures['recordings_per_min_1']}/min (1) -> "
          f"{figures['recordings_per_min_2']}/min (2) : ratio {figures['recordings_ratio_2_vs_1']} ; "
          f"1 processus sur tous les cœurs : {figures['recordings_per_min_1all']}/min, "
          f"ratio 2 vs celui-ci {figures['recordings_ratio_2_vs_1all']}")
    print(f"surcoût de la file par tâche : médiane {figures['overhead_ms_median']} ms, moyenne "
          f"{figures['overhead_ms_mean']} ms, max {figures['overhead_ms_max']} ms ({args.overhead_jobs} tâches)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
