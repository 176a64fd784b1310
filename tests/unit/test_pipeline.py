"""Pipeline wiring: which language reaches Whisper, where the meeting date comes from."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

import summarizer.ingest.asr as asr
from summarizer.ingest.transcript import Segment, Transcript
from summarizer.pipeline import RunOptions, build_context, load_transcript, meeting_date_for

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize(("language", "expected"), [(None, "fr"), ("auto", "auto"), ("en", "en")])
def test_language_reaching_whisper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str | None, expected: str) -> None:
    """Recordings default to French (detection is unreliable on short calls); --language auto asks Whisper."""
    seen: dict[str, Any] = {}

    def fake_transcribe(path: Path, options: asr.AsrOptions, *, progress: bool = True) -> Transcript:
        seen["language"] = options.language
        return Transcript(segments=[Segment(index=0, text="Bonjour.")], format="audio")

    monkeypatch.setattr(asr, "transcribe_audio", fake_transcribe)
    wav = tmp_path / "call.wav"
    wav.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt ")
    _, from_audio = load_transcript(wav, RunOptions(language=language))  # type: ignore[arg-type]
    assert from_audio and seen["language"] == expected


def test_transcript_language_detected_by_default() -> None:
    path = SAMPLES / "08-english-discovery-northwind.vtt"
    transcript, _ = load_transcript(path, RunOptions())
    assert build_context(path, transcript, RunOptions(meeting_date=dt.date(2026, 11, 12))).language == "en"


def test_meeting_date_sources_in_order(tmp_path: Path) -> None:
    t = Transcript(segments=[Segment(index=0, text="x")])
    named = tmp_path / "2026-11-05_client.vtt"
    named.write_text("WEBVTT\n", encoding="utf-8")
    assert meeting_date_for(named, t, RunOptions(meeting_date=dt.date(2026, 11, 1))) == (dt.date(2026, 11, 1), "option")
    t_meta = t.model_copy(update={"meeting_date": dt.date(2026, 11, 3)})
    assert meeting_date_for(named, t_meta, RunOptions()) == (dt.date(2026, 11, 3), "metadata")
    assert meeting_date_for(named, t, RunOptions()) == (dt.date(2026, 11, 5), "filename")
    plain = tmp_path / "call.vtt"
    plain.write_text("WEBVTT\n", encoding="utf-8")
    os.utime(plain, (1_700_000_000, 1_700_000_000))
    assert meeting_date_for(plain, t, RunOptions(date_fallback="mtime"))[1] == "mtime"
    assert meeting_date_for(plain, t, RunOptions())[1] == "today"
