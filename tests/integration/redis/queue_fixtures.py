"""A real ``redis-server`` and real ``crc worker`` processes for the queue tests (fixtures in conftest.py).

Redis is Debian's binary (``.ci/install-redis.sh``), started on a free loopback
port without persistence, so a kill loses everything as a crashed broker
would. Workers are ``python -m summarizer.cli worker`` subprocesses, each in
its own process group so a test can SIGKILL a whole worker (pool included),
as a power loss would. Teardown kills every process a test started.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REDIS_SERVER = shutil.which("redis-server")
SAMPLES = Path(__file__).resolve().parents[3] / "samples"
#: small transcripts of every text format, copied to make a folder of calls
TRANSCRIPTS = [
    "01-decouverte-transports-ferrand.vtt",
    "03-negociation-groupe-altea.txt",
    "06-renouvellement-mutuelle-horizon.vtt",
    "07-appel-a-froid-cabinet-dumas.txt",
    "09-demo-editique-banque-loire.srt",
    "04-qbr-brasserie-lemoine.json",
]

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(predicate: Any, timeout: float, what: str, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


def kill_group(proc: subprocess.Popen[Any], sig: int = signal.SIGKILL) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


class RedisServer:
    """One throw-away server on a fixed port: can be killed and started again on the same URL."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert REDIS_SERVER is not None
        log = (self.workdir / "redis.log").open("ab")
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--dir", str(self.workdir)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        wait_until(self.ping, 10, "redis-server to answer")

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            kill_group(self.proc)
            self.proc.wait(10)
        self.proc = None

    def client(self) -> Any:
        import redis

        return redis.Redis(port=self.port, socket_connect_timeout=1)

    def task_metas(self) -> dict[str, dict[str, Any]]:
        """Every task result Celery stored, by task id."""
        r = self.client()
        metas = {}
        for key in r.scan_iter("celery-task-meta-*"):
            raw = r.get(key)
            if raw:
                meta = json.loads(raw)
                metas[meta["task_id"]] = meta
        return metas


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server absent: run .ci/install-redis.sh")
    workdir = tmp_path / "redis"
    workdir.mkdir()
    server = RedisServer(workdir)
    server.start()
    try:
        yield server
    finally:
        server.kill()


def worker_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        # Short enough for a test to see a dead worker's job come back, longer than any job here.
        "CRC_VISIBILITY_TIMEOUT": "10",
        "CRC_RETRY_BACKOFF": "0.5",
        "PYTHONUNBUFFERED": "1",
    })
    env.update(extra)
    return env


class Workers:
    """``crc worker`` subprocesses started by one test; all killed at teardown."""

    def __init__(self, logdir: Path) -> None:
        self.logdir = logdir
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, url: str, *, queues: str = "asr,extract", concurrency: int = 1, **env: str) -> subprocess.Popen[bytes]:
        log_path = self.logdir / f"worker-{len(self.procs)}.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "summarizer.cli", "worker", "--broker", url, "--queues", queues,
                 "--concurrency", str(concurrency)],
                stdout=log, stderr=subprocess.STDOUT, env=worker_env(**env), start_new_session=True,
            )
        self.procs.append(proc)
        wait_until(lambda: b" ready." in log_path.read_bytes() or proc.poll() is not None, 90, "the worker to be ready",
                   interval=0.2)
        assert proc.poll() is None, log_path.read_text(errors="replace")[-2000:]
        return proc

    @staticmethod
    def nodename(proc: subprocess.Popen[bytes]) -> str:
        return f"crc-{proc.pid}@{socket.gethostname()}"

    def log(self, i: int) -> str:
        return (self.logdir / f"worker-{i}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                kill_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in self.procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            kill_group(proc)  # the pool processes too, whatever the main one did
            if proc.poll() is None:
                proc.wait(10)


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    logdir = tmp_path / "workers"
    logdir.mkdir()
    started = Workers(logdir)
    try:
        yield started
    finally:
        started.stop_all()


def make_calls(folder: Path, n: int) -> list[Path]:
    """``n`` transcript files (copies of the samples, every text format)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n):
        src = SAMPLES / TRANSCRIPTS[i % len(TRANSCRIPTS)]
        dst = folder / f"appel-{i:02d}{src.suffix}"
        shutil.copyfile(src, dst)
        made.append(dst)
    return made


def crc_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "summarizer.cli", *args]
