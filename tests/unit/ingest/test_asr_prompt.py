"""Names and a client given for a recording never cost words, in any language (issue 20, item 5).

The fast tests script the Whisper pipeline (what it is asked, what it answers); the slow one runs the
real embedded model on the English two-speaker call with ``-p "Diane:vendor" -p "Sheila:client"``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from audio_fixtures import SHARED_AUDIO, have_shared_audio

from summarizer.ingest import whisper_model
from summarizer.ingest.asr import AsrOptions, DecodedAudio, Sentence, degenerate, transcribe_decoded

SPOKEN = ["Hello.", "Oh, hello.", "I didn't know you were there.", "This is Diane in New Jersey.",
          "And I'm Sheila in Texas."]
PYANNOTE = SHARED_AUDIO / "pyannote-sample.wav"


class ScriptedPipeline:
    """Whisper as the tests need it: detects ``spoken``, answers "Hello." x13 to any prompt when ``wiped``."""

    def __init__(self, spoken: str = "en", wiped: bool = False) -> None:
        self.spoken, self.wiped = spoken, wiped
        self.calls: list[tuple[str | None, str | None]] = []
        self.model = SimpleNamespace(
            supported_languages=["en", "fr", "de"], model=SimpleNamespace(is_multilingual=True),
            detect_language=lambda audio, vad_filter: (self.spoken, 0.99, []),
        )

    def transcribe(self, samples: Any, *, language: str | None, initial_prompt: str | None, **_: Any) -> Any:
        self.calls.append((language, initial_prompt))
        lines = ["Hello."] * 13 if initial_prompt and self.wiped else SPOKEN
        segments = [SimpleNamespace(start=float(i), end=i + 0.9, text=" " + t, words=None) for i, t in enumerate(lines)]
        return iter(segments), SimpleNamespace(language=language or self.spoken)


@pytest.fixture
def audio() -> DecodedAudio:
    return DecodedAudio(channels=[np.zeros(16_000 * 6, dtype=np.float32)], meeting_date=None)


def _run(pipeline: ScriptedPipeline, audio: DecodedAudio, monkeypatch: pytest.MonkeyPatch, **options: Any) -> list[str]:
    monkeypatch.setattr(whisper_model, "load_pipeline", lambda name: pipeline)
    transcript = transcribe_decoded(audio, AsrOptions(diarize=False, **options), source="call.wav")
    return [s.text for s in transcript.segments]


def test_a_prompt_that_wipes_the_transcript_is_dropped(audio: DecodedAudio, monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = ScriptedPipeline(wiped=True)
    texts = _run(pipeline, audio, monkeypatch, language="en", participants=["Diane", "Sheila"])
    assert texts == SPOKEN
    assert [prompt is not None for _, prompt in pipeline.calls] == [True, False]  # tried with, then without


def test_french_glue_never_reaches_english_speech(audio: DecodedAudio, monkeypatch: pytest.MonkeyPatch) -> None:
    forced_fr = ScriptedPipeline(spoken="en")  # French by default, English spoken: the names alone
    _run(forced_fr, audio, monkeypatch, participants=["Diane", "Sheila"], client="Acme")
    assert forced_fr.calls == [("fr", "Acme, Diane, Sheila.")]

    detected = ScriptedPipeline(spoken="en")  # --language auto: the prompt in the language detected
    _run(detected, audio, monkeypatch, language="auto", participants=["Diane", "Sheila"])
    assert detected.calls == [("en", "Sales call. Participants: Diane, Sheila.")]

    french = ScriptedPipeline(spoken="fr")
    _run(french, audio, monkeypatch, participants=["Claire Martin"])
    assert french.calls == [("fr", "Appel commercial. Participants : Claire Martin.")]

    no_names = ScriptedPipeline(spoken="en")
    _run(no_names, audio, monkeypatch, language="auto")
    assert no_names.calls == [(None, None)]  # nothing given: Whisper detects as before, no extra pass


def test_degenerate_is_a_repeated_line_or_the_prompt_echoed() -> None:
    def said(*texts: str) -> list[Sentence]:
        return [Sentence(float(i), i + 1.0, t) for i, t in enumerate(texts)]

    assert degenerate(said(*["Hello."] * 13))
    assert degenerate(said("Appel commercial. Participants : Diane, Sheila.", "Oui."), "Participants : Diane, Sheila.")
    assert not degenerate(said(*SPOKEN))
    assert not degenerate(said("Hello.", "Hello.", "Oh, hello.", "Bye.", "See you."))
    assert not degenerate(said())


@pytest.mark.slow
@pytest.mark.skipif(not (have_shared_audio() and PYANNOTE.is_file()), reason="real speech clips absent")
def test_names_given_keep_the_english_call_word_for_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.pipeline import RunOptions, run_file

    monkeypatch.setenv("CRC_CACHE_DIR", str(tmp_path / "crc-cache"))
    base = dict(meeting_date=dt.date(2026, 11, 18), progress=False, diarize=False)
    plain, _ = run_file(PYANNOTE, tmp_path / "plain", RunOptions(asr_cache_dir=tmp_path / "a", **base))
    named, _ = run_file(PYANNOTE, tmp_path / "named", RunOptions(
        participants=["Diane:vendor", "Sheila:client"], client="Sheila Corp", asr_cache_dir=tmp_path / "b", **base,
    ))
    words = [s.text for s in named.transcript.segments]
    assert len(set(words)) >= 10 and "This is Diane in New Jersey." in words  # not "Hello." x13
    reference = " ".join(line.split(maxsplit=5)[5] for line in PYANNOTE.with_suffix(".stm").read_text().splitlines())
    with_names, without = (_wer(reference, r.transcript) for r in (named, plain))
    print(f"\nWER pyannote-sample: {without:.3f} without names, {with_names:.3f} with -p Diane -p Sheila --client")
    assert with_names <= without + 0.05


def _wer(reference: str, transcript: Any) -> float:
    import re

    import jiwer

    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text.lower())).strip()

    return float(jiwer.wer(norm(reference), norm(" ".join(s.text for s in transcript.segments))))
