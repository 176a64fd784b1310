"""Deleting a running job cancels it cooperatively: the run stops at its next stage, no error is logged."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from audio_fixtures import tone, write_wav
from serve_support import running, settings_for, upload

import summarizer.ingest.asr as asr
import summarizer.pipeline as pipeline
from summarizer.ingest.transcript import Segment, Transcript


def _wait(condition: Any, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_11_12_delete_of_a_running_audio_job_cancels_it_without_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    started, release = threading.Event(), threading.Event()

    def slow_transcribe(path: Path, options: asr.AsrOptions, *, sha256: str | None = None, on_progress: Any = None) -> Transcript:
        started.set()
        assert release.wait(30)
        return Transcript(segments=[Segment(index=0, start=0.0, end=2.0, speaker="A", text="On valide le devis.")],
                          format="audio")

    extracted: list[str] = []
    real_extract = pipeline.extract

    def spy_extract(*args: Any, **kwargs: Any) -> Any:
        extracted.append("called")
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(asr, "transcribe_audio", slow_transcribe)
    monkeypatch.setattr(pipeline, "extract", spy_extract)
    wav = write_wav(tmp_path / "call.wav", [tone(2.0)])
    settings = settings_for(tmp_path)
    with running(settings) as (client, app):
        job_id = upload(client, wav.read_bytes(), "appel.wav").json()["id"]
        assert started.wait(30)
        job = client.get(f"/api/jobs/{job_id}").json()
        assert (job["status"], job["stage"]) == ("running", "transcribing")
        assert client.delete(f"/api/jobs/{job_id}").status_code == 204
        assert client.get(f"/api/jobs/{job_id}").status_code == 404
        release.set()
        directory = settings.data_dir / job_id
        assert _wait(lambda: not directory.exists() and not app.state.pool._running)
        time.sleep(0.2)  # a late write would recreate the folder
        assert not directory.exists()
    assert extracted == []  # stopped at the stage after transcription
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("summarizer")]
    assert errors == [], [r.getMessage() for r in errors]
    assert f"job {job_id} cancelled" in caplog.text


def test_11_12_delete_stops_the_transcription_itself_through_its_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The ASR's progress callback carries the cancel into the transcription loop: it stops there."""
    caplog.set_level(logging.INFO)
    started = threading.Event()
    chunks_done: list[float] = []

    def long_transcribe(path: Path, options: asr.AsrOptions, *, sha256: str | None = None, on_progress: Any = None) -> Transcript:
        total = 600.0
        for second in range(0, 600, 5):  # ten minutes of audio, 5 s at a time
            started.set()
            time.sleep(0.05)
            chunks_done.append(second)
            on_progress(float(second), total)
        return Transcript(segments=[Segment(index=0, start=0.0, end=2.0, speaker="A", text="On valide.")], format="audio")

    monkeypatch.setattr(asr, "transcribe_audio", long_transcribe)
    wav = write_wav(tmp_path / "call.wav", [tone(2.0)])
    settings = settings_for(tmp_path)
    with running(settings) as (client, app):
        job_id = upload(client, wav.read_bytes(), "appel.wav").json()["id"]
        assert started.wait(30)
        assert _wait(lambda: client.get(f"/api/jobs/{job_id}").json().get("progress", 0) > 0.05)
        assert client.delete(f"/api/jobs/{job_id}").status_code == 204
        assert _wait(lambda: not (settings.data_dir / job_id).exists() and not app.state.pool._running)
    assert 0 < len(chunks_done) < 120, "the transcription loop stopped early"
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("summarizer")]
    assert errors == [], [r.getMessage() for r in errors]
