"""Helpers for the ``crc serve`` tests: a real uvicorn server on a free loopback port, real SQLite file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from summarizer.serve.app import create_app
from summarizer.serve.jobs import Processor
from summarizer.serve.runner import serve_in_thread
from summarizer.serve.settings import ServeSettings

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SAMPLE_VTT = SAMPLES / "01-decouverte-transports-ferrand.vtt"

#: a short French call; the last lines are the confidential-looking words the log test looks for
SHORT_VTT = """WEBVTT

00:00:01.000 --> 00:00:06.000
<v Claire Martin>Bonjour Marc, merci de me recevoir. Je suis Claire Martin, responsable grands comptes chez Logivia.</v>

00:00:07.000 --> 00:00:14.000
<v Marc Ferrand>Bonjour. Nous avons 120 camions et nos tournées sont encore planifiées sur Excel.</v>

00:00:15.000 --> 00:00:22.000
<v Claire Martin>On valide ensemble un atelier de cadrage au dépôt de Lyon.</v>

00:00:23.000 --> 00:00:30.000
<v Marc Ferrand>D'accord. Le budget est en cours d'arbitrage avec la direction financière, code projet ZEPHYR-4471.</v>

00:00:31.000 --> 00:00:38.000
<v Claire Martin>Je vous envoie la proposition commerciale d'ici vendredi.</v>

00:00:39.000 --> 00:00:45.000
<v Marc Ferrand>Et moi je vous transmets l'export des tournées d'octobre avant la fin du mois.</v>
"""
SECRET_WORDS = "ZEPHYR-4471"


def settings_for(tmp_path: Path, **overrides: Any) -> ServeSettings:
    values: dict[str, Any] = {"data_dir": tmp_path / "data", "workers": 1, "retention_days": 30}
    values.update(overrides)
    return ServeSettings(**values)


@contextmanager
def running(
    settings: ServeSettings, *, processor: Processor | None = None, start_workers: bool = True
) -> Iterator[tuple[httpx.Client, FastAPI]]:
    """The real app under uvicorn; yields an httpx client bound to it (and the app, for its store)."""
    app = create_app(settings, host="127.0.0.1", processor=processor, start_workers=start_workers)
    with serve_in_thread(app) as base_url, httpx.Client(base_url=base_url, timeout=30) as client:
        yield client, app


def upload(
    http: httpx.Client, content: bytes, filename: str = "appel.vtt", /, headers: dict[str, str] | None = None,
    **fields: str,
) -> httpx.Response:
    """Multipart upload; ``fields`` are the form fields (client, meeting_date, participants, rep, language)."""
    return http.post("/api/jobs", files={"file": (filename, content)}, data=fields, headers=headers or {})


def wait_finished(client: httpx.Client, job_id: str, timeout: float = 60.0, headers: dict[str, str] | None = None) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(f"/api/jobs/{job_id}", headers=headers or {})
        r.raise_for_status()
        job: dict[str, Any] = r.json()
        if job["status"] in {"done", "failed"}:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job still {job['status']} after {timeout}s")
        time.sleep(0.05)
