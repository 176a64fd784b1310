"""``crc serve`` under load: GET /api/jobs/{id} requests/second, and end-to-end latency of transcript jobs.

Starts ``crc serve`` in a subprocess on a free 127.0.0.1 port (token auth on,
a temporary data dir and SQLite file), then

1. status polling: ``--concurrency`` async httpx clients hammer
   ``GET /api/jobs/{id}`` for at most ``--duration`` seconds or ``--max-requests``
   requests, whichever comes first; prints req/s and per-request p50/p95;
   it also measures the same client against a do-nothing server, since on a
   small machine the Python load generator itself is often the limit;
2. end-to-end: ``--uploads`` sequential uploads of a sample transcript (rules
   backend), each timed from the POST to the moment polling (every 10 ms) sees
   ``done``; prints median and p95.

Only loopback traffic. Usage:

    .venv/bin/python bench/serve.py
    .venv/bin/python bench/serve.py --concurrency 32 --duration 10 --uploads 50
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = ROOT / "samples" / "01-decouverte-transports-ferrand.vtt"
TOKEN = "bench-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def crc_command() -> list[str]:
    exe = Path(sys.executable).with_name("crc")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "summarizer.cli"]


def start_server(data_dir: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, CRC_DATA_DIR=str(data_dir), CRC_API_TOKEN=TOKEN, CRC_WORKERS=str(workers), CRC_BACKEND="rules")
    proc = subprocess.Popen(
        [*crc_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            sys.exit(f"crc serve s'est arrêté (code {proc.returncode}) : {err[-500:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    sys.exit("crc serve n'a pas démarré en 60 s")


def run_job(client: httpx.Client, sample: Path, i: int) -> float:
    t0 = time.perf_counter()
    r = client.post("/api/jobs", files={"file": (f"appel-{i}.vtt", sample.read_bytes())},
                    data={"client": "Transports Ferrand", "meeting_date": "2026-11-18"}, headers=AUTH)
    r.raise_for_status()
    job_id = r.json()["id"]
    while True:
        job = client.get(f"/api/jobs/{job_id}", headers=AUTH).json()
        if job["status"] == "done":
            return time.perf_counter() - t0
        if job["status"] == "failed":
            sys.exit(f"tâche en échec : {job['error']}")
        time.sleep(0.01)


async def hammer(base: str, job_id: str, concurrency: int, duration: float, max_requests: int) -> tuple[int, float, list[float]]:
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers=AUTH, limits=limits, timeout=10) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop_at and len(latencies) + errors < max_requests:
                t0 = time.perf_counter()
                r = await client.get(f"/api/jobs/{job_id}")
                if r.status_code == 200:
                    latencies.append(time.perf_counter() - t0)
                else:
                    errors += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
    return errors, elapsed, latencies


async def _trivial_handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/plain\r\n\r\nok")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()


def client_ceiling(concurrency: int, duration: float) -> float:
    """The same load generator against a do-nothing HTTP server in another thread: what the client alone can do."""
    ready: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        async def main() -> None:
            server = await asyncio.start_server(_trivial_handler, "127.0.0.1", 0)
            ready.append(server.sockets[0].getsockname()[1])
            async with server:
                while not stop.is_set():
                    await asyncio.sleep(0.05)

        asyncio.run(main())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    while not ready:
        time.sleep(0.01)
    _, elapsed, lat = asyncio.run(hammer(f"http://127.0.0.1:{ready[0]}", "x", concurrency, duration, 10**9))
    stop.set()
    thread.join(2)
    return len(lat) / elapsed


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--duration", type=float, default=5.0, help="seconds of status polling load (default 5)")
    ap.add_argument("--max-requests", type=int, default=50_000)
    ap.add_argument("--uploads", type=int, default=50)
    ap.add_argument("--workers", type=int, default=1, help="CRC_WORKERS of the server (default 1)")
    ap.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="crc-bench-serve-") as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(Path(tmp), port, args.workers)
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                warm = run_job(client, args.sample, -1)  # first job loads spaCy and the lexicons
                job_id = client.get("/api/jobs", headers=AUTH).json()[0]["id"]
                errors, elapsed, lat = asyncio.run(
                    hammer(base, job_id, args.concurrency, args.duration, args.max_requests)
                )
                e2e = [run_job(client, args.sample, i) for i in range(args.uploads)]
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    ceiling = client_ceiling(args.concurrency, min(args.duration, 3.0))

    print(f"crc serve bench — {os.cpu_count()} CPU, sample {args.sample.name} ({args.sample.stat().st_size // 1024} KiB), "
          f"workers={args.workers}, token auth on, SQLite")
    print(f"GET /api/jobs/{{id}}: {len(lat) / elapsed:,.0f} req/s over {elapsed:.1f} s "
          f"({len(lat)} ok, {errors} errors, concurrency {args.concurrency}); "
          f"latency p50 {1000 * statistics.median(lat):.1f} ms, p95 {1000 * pct(lat, 0.95):.1f} ms")
    print(f"  load generator ceiling (same client, do-nothing server): {ceiling:,.0f} req/s "
          f"-> crc serve reaches {len(lat) / elapsed / ceiling:.0%} of what the client can drive on this machine")
    print(f"end-to-end transcript job (rules backend), {len(e2e)} sequential uploads: "
          f"median {1000 * statistics.median(e2e):.0f} ms, p95 {1000 * pct(e2e, 0.95):.0f} ms "
          f"(first job, cold: {1000 * warm:.0f} ms; polling every 10 ms)")


if __name__ == "__main__":
    main()
