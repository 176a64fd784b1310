"""How the ASR uses diarization, with Whisper replaced by fixed sentences (fast).

What is checked: speakers come from turns and are split inside a sentence at a
speaker change; no extra -> no speakers and one install hint; a diarization
failure keeps the text (speakers null, one warning, nothing cached); ``--no-diarize``;
the cache key; progress goes to the caller's callback.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from summarizer.ingest import asr, diarize
from summarizer.ingest.asr import AsrOptions, DecodedAudio, Sentence, transcribe_decoded
from summarizer.ingest.diarize import Turn

# Diane speaks 0-4 s, Sheila 4-8 s; the second sentence runs across the change.
_SENTENCES = [
    Sentence(0.0, 1.5, " This is Diane.", [(0.0, 0.5, " This"), (0.5, 0.9, " is"), (0.9, 1.5, " Diane.")]),
    Sentence(
        2.0, 6.0, " Nice to meet you. I'm Sheila in Texas.",
        [(2.0, 2.4, " Nice"), (2.4, 2.6, " to"), (2.6, 2.9, " meet"), (2.9, 3.6, " you."),
         (4.2, 4.5, " I'm"), (4.5, 5.0, " Sheila"), (5.0, 5.3, " in"), (5.3, 6.0, " Texas.")],
    ),
    Sentence(6.5, 7.8, " Hello Sheila.", [(6.5, 7.0, " Hello"), (7.0, 7.8, " Sheila.")]),
]
_TURNS = [Turn(0.0, 4.0, 0), Turn(4.0, 8.0, 1)]


def _audio() -> DecodedAudio:
    return DecodedAudio(channels=[np.zeros(8 * 16_000, dtype=np.float32)], meeting_date=dt.date(2026, 11, 18))


@pytest.fixture
def fake_whisper(monkeypatch: pytest.MonkeyPatch) -> None:
    def transcribe(samples: np.ndarray, options: AsrOptions, report: Any) -> tuple[list[Sentence], str]:
        for s in _SENTENCES:
            report(s.end)
        return list(_SENTENCES), "en"

    monkeypatch.setattr(asr, "_transcribe_channel", transcribe)


def _with_turns(monkeypatch: pytest.MonkeyPatch, turns: list[Turn] | Exception, seen: dict[str, Any]) -> None:
    def fake(samples: np.ndarray, speech: Any, *, speakers: int | None = None, max_speakers: int = 8) -> list[Turn]:
        seen["speakers"] = speakers
        if isinstance(turns, Exception):
            raise turns
        return turns

    monkeypatch.setattr(diarize, "available", lambda: True)
    monkeypatch.setattr(diarize, "diarize", fake)


def test_speakers_named_and_sentence_split_at_the_change(fake_whisper: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    _with_turns(monkeypatch, _TURNS, seen)
    t = transcribe_decoded(_audio(), AsrOptions(language="en"), source="call.wav")
    assert [(s.speaker, s.text) for s in t.segments] == [
        ("Diane", "This is Diane."),
        ("Diane", "Nice to meet you."),
        ("Sheila", "I'm Sheila in Texas."),
        ("Sheila", "Hello Sheila."),
    ]
    assert t.segments[2].start == 4.2 and t.segments[1].end == 3.6
    assert [s.index for s in t.segments] == [0, 1, 2, 3]
    assert t.warnings == [] and seen["speakers"] is None  # estimated


def test_count_from_speakers_then_participants(fake_whisper: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    _with_turns(monkeypatch, _TURNS, seen)
    transcribe_decoded(_audio(), AsrOptions(participants=["A", "B", "C"]), source="x.wav")
    assert seen["speakers"] == 3
    transcribe_decoded(_audio(), AsrOptions(participants=["A", "B", "C"], speakers=2), source="x.wav")
    assert seen["speakers"] == 2


def test_unnamed_speakers_are_numbered_in_the_transcript_language(
    fake_whisper: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_turns(monkeypatch, [Turn(0.0, 2.0, 0), Turn(2.0, 8.0, 1)], {})
    monkeypatch.setattr(
        asr, "_transcribe_channel",
        lambda samples, options, report: ([Sentence(0.0, 1.0, " Good morning.", [(0.0, 1.0, " Good morning.")]),
                                           Sentence(3.0, 4.0, " Morning.", [(3.0, 4.0, " Morning.")])], "en"),
    )
    t = transcribe_decoded(_audio(), AsrOptions(language="en"), source="x.wav")
    assert [s.speaker for s in t.segments] == ["Speaker 1", "Speaker 2"]


def test_without_the_extra_no_speakers_and_one_install_hint(fake_whisper: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diarize, "available", lambda: False)
    t = transcribe_decoded(_audio(), AsrOptions(language="fr"), source="x.wav")
    assert all(s.speaker is None for s in t.segments)
    assert len(t.warnings) == 1 and "pip install 'crc-summarizer[diarize]'" in t.warnings[0]
    off = transcribe_decoded(_audio(), AsrOptions(diarize=False), source="x.wav")
    assert off.warnings == [] and all(s.speaker is None for s in off.segments)


def test_a_diarization_failure_keeps_the_text(fake_whisper: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _with_turns(monkeypatch, RuntimeError("out of memory\nsecond line"), {})
    t = transcribe_decoded(_audio(), AsrOptions(language="fr"), source="x.wav")
    assert [s.text for s in t.segments] == [s.text.strip() for s in _SENTENCES]
    assert all(s.speaker is None for s in t.segments)
    assert len(t.warnings) == 1 and "\n" not in t.warnings[0]
    # the call was heard as English, so the warning is in English
    assert "speaker separation failed (RuntimeError: out of memory)" in t.warnings[0]

    # through transcribe_audio: the failed result is not cached, so the next run tries again
    monkeypatch.setattr(asr, "decode", lambda path: _audio())
    wav = tmp_path / "x.wav"
    wav.write_bytes(b"RIFF0000WAVE")
    cache = tmp_path / "cache"
    asr.transcribe_audio(wav, AsrOptions(cache_dir=cache), progress=False)
    assert not cache.exists() or not list(cache.glob("*.json"))


def test_no_diarize_never_calls_the_diarizer(fake_whisper: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_turns(monkeypatch, AssertionError("must not run"), {})
    t = transcribe_decoded(_audio(), AsrOptions(diarize=False), source="x.wav")
    assert t.warnings == [] and all(s.speaker is None for s in t.segments)


def test_cache_key_follows_diarization_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(asr, "initial_prompt", lambda options: None)
    monkeypatch.setattr("summarizer.ingest.whisper_model.model_identity", lambda model: "m")
    base = AsrOptions()
    keys = {
        asr.cache_key("a" * 64, base),
        asr.cache_key("a" * 64, base.model_copy(update={"speakers": 2})),
        asr.cache_key("a" * 64, base.model_copy(update={"diarize": False})),
    }
    assert len(keys) == 3
    installed = diarize.available()
    monkeypatch.setattr(diarize, "available", lambda: not installed)
    assert asr.cache_key("a" * 64, base) not in keys  # installing the extra redoes the transcript


def test_progress_goes_to_the_callback(fake_whisper: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_turns(monkeypatch, _TURNS, {})
    calls: list[tuple[float, float]] = []
    transcribe_decoded(_audio(), AsrOptions(), source="x.wav", on_progress=lambda d, t: calls.append((d, t)))
    assert calls, "no progress reported"
    done = [d for d, _ in calls]
    assert done == sorted(done) and calls[-1][0] == calls[-1][1] == pytest.approx(8.0 * 1.25)


def test_split_by_speaker_absorbs_a_flicker() -> None:
    words = [(0.0, 0.4, " a"), (0.4, 0.8, " b"), (0.8, 0.9, " c"), (0.9, 1.5, " d"), (1.5, 2.0, " e")]
    turns = [Turn(0.0, 0.8, 0), Turn(0.8, 0.9, 1), Turn(0.9, 2.0, 0)]
    assert diarize.split_by_speaker(words, turns) == [(0, words)]
    real = [Turn(0.0, 0.8, 0), Turn(0.8, 2.0, 1)]
    assert diarize.split_by_speaker(words, real) == [(0, words[:2]), (1, words[2:])]


@pytest.mark.parametrize("command", ["run", "batch"])
def test_cli_options_reach_the_run_options(command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app

    runner = CliRunner()
    bad = runner.invoke(app, [command, str(tmp_path), "--speakers", "0"])
    assert bad.exit_code == 2
    seen: dict[str, Any] = {}

    def fake_run_file(path: Path, out_dir: Path, options: Any, *args: Any, **kwargs: Any) -> Any:
        seen.update(diarize=options.diarize, speakers=options.speakers)
        raise RuntimeError("stop here")

    if command == "run":
        monkeypatch.setattr("summarizer.pipeline.run_file", fake_run_file)
        wav = tmp_path / "a.wav"
        wav.write_bytes(b"RIFF")
        runner.invoke(app, ["run", str(wav), "--out", str(tmp_path / "o"), "--speakers", "3", "--no-diarize"])
        assert seen == {"diarize": False, "speakers": 3}
    else:
        import summarizer.batch as batch

        def fake_run_batch(*args: Any, **kwargs: Any) -> Any:
            options = next(a for a in list(args) + list(kwargs.values()) if hasattr(a, "diarize"))
            seen.update(diarize=options.diarize, speakers=options.speakers)
            raise RuntimeError("stop here")

        monkeypatch.setattr(batch, "run_batch", fake_run_batch)
        (tmp_path / "in").mkdir()
        runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--speakers", "2"])
        assert seen == {"diarize": True, "speakers": 2}
