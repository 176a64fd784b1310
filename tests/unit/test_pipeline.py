"""Pipeline wiring: which language reaches Whisper, where the meeting date comes from, the one run path."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

import summarizer.batch.plan as batch_plan
import summarizer.files as files
import summarizer.ingest.asr as asr
import summarizer.pipeline as pipeline
from summarizer.batch import run_batch
from summarizer.extract.base import ExtractContext
from summarizer.ingest.transcript import Segment, Transcript
from summarizer.pipeline import RunOptions, build_context, load_transcript, meeting_date_for, run_file

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize(("language", "expected"), [(None, "fr"), ("auto", "auto"), ("en", "en")])
def test_language_reaching_whisper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str | None, expected: str) -> None:
    """Recordings default to French (detection is unreliable on short calls); --language auto asks Whisper."""
    seen: dict[str, Any] = {}

    def fake_transcribe(path: Path, options: asr.AsrOptions, *, sha256: str | None = None, on_progress: Any = None) -> Transcript:
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


def test_13_1_run_file_reports_its_stages_in_order(tmp_path: Path) -> None:
    """The one run path tells its caller where it is (the CLI draws it, the web service stores it)."""
    seen: list[tuple[str, float]] = []
    result, written = run_file(
        SAMPLES / "01-decouverte-transports-ferrand.vtt", tmp_path, RunOptions(meeting_date=dt.date(2026, 11, 18)),
        on_stage=lambda stage, fraction: seen.append((stage, fraction)),
    )
    assert [s for s, _ in seen] == ["reading", "extracting", "scoring", "rendering", "done"]
    assert len(written) == 6 and result.crc.metadata.source == "01-decouverte-transports-ferrand.vtt"
    assert result.crc.metadata.source_sha256 == files.sha256_file(SAMPLES / "01-decouverte-transports-ferrand.vtt")


def test_13_1_a_stage_hook_can_stop_the_run_before_anything_is_written(tmp_path: Path) -> None:
    class Stop(Exception):
        pass

    def hook(stage: str, fraction: float) -> None:
        if stage == "extracting":
            raise Stop

    with pytest.raises(Stop):
        run_file(SAMPLES / "01-decouverte-transports-ferrand.vtt", tmp_path / "out", RunOptions(), on_stage=hook)
    assert not (tmp_path / "out").exists()


def test_13_1_eval_mode_writes_nothing_and_takes_an_extractor(tmp_path: Path) -> None:
    from summarizer.extract.rules.extractor import extract_rules

    calls: list[str] = []

    def extractor(transcript: Transcript, ctx: ExtractContext) -> Any:
        calls.append(ctx.language)
        return extract_rules(transcript, ctx)

    result, written = run_file(SAMPLES / "08-english-discovery-northwind.vtt", None, RunOptions(), extractor=extractor)
    assert written == [] and calls == ["en"] and result.crc.metadata.meeting_date_source


def test_13_1_extract_context_carries_no_source_fields() -> None:
    """Provenance is stamped on the CRC by run_file; no backend reads it."""
    assert not [name for name in ExtractContext.model_fields if name.startswith("source")]


def test_13_1_a_recording_is_hashed_once_per_batch_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Discovery hashes the file for the manifest; run_file and the ASR cache reuse that hash."""
    hashed: list[Path] = []
    real = files.sha256_file

    def counting(path: Path) -> str:
        hashed.append(path)
        return real(path)

    for module in (files, pipeline, batch_plan):
        monkeypatch.setattr(module, "sha256_file", counting, raising=False)
    received: list[str | None] = []

    def fake_transcribe(path: Path, options: asr.AsrOptions, *, sha256: str | None = None, on_progress: Any = None) -> Transcript:
        received.append(sha256)
        if sha256 is None:  # what the real one does without a hash
            files.sha256_file(path)
        return Transcript(segments=[Segment(index=0, start=0.0, end=2.0, speaker="A", text="Bonjour, on valide le devis.")],
                          format="audio")

    monkeypatch.setattr(asr, "transcribe_audio", fake_transcribe)
    inp = tmp_path / "in"
    inp.mkdir()
    wav = inp / "2026-11-18 appel.wav"
    wav.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(64))
    report = run_batch(inp, tmp_path / "out", RunOptions(), jobs=1)
    assert report.done == 1, report.outcomes
    assert hashed == [wav] and received == [real(wav)]
