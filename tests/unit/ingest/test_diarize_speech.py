"""Diarization on real speech (slow: real Whisper + the CAM++ voice model; extra ``[diarize]``).

- ``pyannote-sample.wav``: a real two-speaker telephone call with reference turns
  (``.rttm``) and words per named speaker (``.stm``); at least 90 % of transcript
  segments must carry the right *name*, and the CRC's participants are Diane and Sheila.
- The two French clips alternated three times (built here): two speakers, 90 % right.
- One voice (the podcast clip three times): one speaker.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from audio_fixtures import SHARED_AUDIO, TEST_FR, WHISPER_FR, have_shared_audio, load_mono, silence, write_wav

from summarizer.ingest import diarize
from summarizer.ingest.asr import AsrOptions, transcribe_audio
from summarizer.ingest.transcript import Transcript

pytest.importorskip("torch")
pytest.importorskip("sklearn")

PYANNOTE = SHARED_AUDIO / "pyannote-sample.wav"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not diarize.available(), reason="diarization extra absent: pip install 'crc-summarizer[diarize]'"),
    pytest.mark.skipif(not (have_shared_audio() and PYANNOTE.is_file()), reason="real speech clips absent"),
]


def read_rttm(path: Path) -> list[tuple[float, float, str]]:
    turns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and parts[0] == "SPEAKER":
            start, length = float(parts[3]), float(parts[4])
            turns.append((start, start + length, parts[7]))
    return turns


def read_stm(path: Path) -> list[tuple[float, float, str]]:
    """(start, end, name) of each utterance: who said which words, by name."""
    turns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) >= 5:
            turns.append((float(parts[3]), float(parts[4]), parts[2]))
    return turns


def reference_speaker(turns: list[tuple[float, float, str]], start: float, end: float) -> str | None:
    overlap: dict[str, float] = {}
    for a, b, label in turns:
        o = min(b, end) - max(a, start)
        if o > 0:
            overlap[label] = overlap.get(label, 0.0) + o
    return max(overlap, key=lambda k: overlap[k]) if overlap else None


def cluster_accuracy(transcript: Transcript, turns: list[tuple[float, float, str]]) -> float:
    """Share of segments whose speaker is the reference one, clusters mapped to labels by majority overlap."""
    pairs = [
        (s.speaker, reference_speaker(turns, s.start or 0.0, s.end or 0.0)) for s in transcript.segments
    ]
    mapping: dict[str | None, str | None] = {}
    for found in {f for f, _ in pairs}:
        refs = [r for f, r in pairs if f == found]
        mapping[found] = max(set(refs), key=refs.count)
    return sum(mapping[f] == r for f, r in pairs) / len(pairs)


def test_pyannote_call_segments_carry_the_right_names(tmp_path: Path) -> None:
    said = read_stm(PYANNOTE.with_suffix(".stm"))
    rttm = read_rttm(PYANNOTE.with_suffix(".rttm"))
    transcript = transcribe_audio(PYANNOTE, AsrOptions(language="en", cache_dir=tmp_path / "cache"), progress=False)
    right = [s.speaker == reference_speaker(said, s.start or 0.0, s.end or 0.0) for s in transcript.segments]
    share = sum(right) / len(right)
    print(f"\npyannote-sample: {sum(right)}/{len(right)} segments carry the right name ({share:.0%}), "
          f"clusters vs RTTM turns {cluster_accuracy(transcript, rttm):.0%}")
    for s in transcript.segments:
        print(f"  {s.start:6.2f} {s.speaker:8} {s.text}")
    assert share >= 0.9
    assert set(transcript.speakers) == {"Diane", "Sheila"}
    assert transcript.warnings == []


def test_pyannote_call_crc_participants_are_diane_and_sheila(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.pipeline import RunOptions, run_file

    monkeypatch.setenv("CRC_CACHE_DIR", str(tmp_path / "crc-cache"))
    options = RunOptions(language="en", meeting_date=dt.date(2026, 11, 18), progress=False, asr_cache_dir=tmp_path / "asr")
    result, _ = run_file(PYANNOTE, tmp_path / "out", options)
    assert {p.name for p in result.crc.participants} == {"Diane", "Sheila"}
    written = Transcript.model_validate_json((tmp_path / "out" / "pyannote-sample.transcript.json").read_text(encoding="utf-8"))
    assert set(written.speakers) == {"Diane", "Sheila"}
    vtt = (tmp_path / "out" / "pyannote-sample.transcript.vtt").read_text(encoding="utf-8")
    assert "<v Diane>" in vtt and "<v Sheila>" in vtt


def _alternated_french(tmp: Path) -> tuple[Path, list[tuple[float, float, str]]]:
    """test_fr.wav (speaker A) and whisper-french.mp3 (speaker B) alternated three times, 0.6 s apart."""
    a, b = load_mono(TEST_FR), load_mono(WHISPER_FR)
    parts, turns, t = [], [], 0.0
    for _ in range(3):
        for clip, label in ((a, "A"), (b, "B")):
            parts += [clip, silence(0.6)]
            turns.append((t, t + len(clip) / 16_000, label))
            t += len(clip) / 16_000 + 0.6
    return write_wav(tmp / "deux-voix.wav", [np.concatenate(parts)]), turns


def test_two_french_voices_alternated(tmp_path: Path) -> None:
    path, turns = _alternated_french(tmp_path)
    transcript = transcribe_audio(path, AsrOptions(language="fr", cache_dir=tmp_path / "cache"), progress=False)
    share = cluster_accuracy(transcript, turns)
    print(f"\nFrench alternated: speakers {transcript.speakers}, {share:.0%} of {len(transcript.segments)} segments right")
    assert len(transcript.speakers) == 2
    assert set(transcript.speakers) == {"Locuteur 1", "Locuteur 2"}  # nobody said a name: none invented
    assert share >= 0.9


def test_one_voice_gives_one_speaker(tmp_path: Path) -> None:
    clip = load_mono(WHISPER_FR)
    path = write_wav(tmp_path / "une-voix.wav", [np.concatenate([clip, silence(0.6), clip, silence(0.6), clip])])
    transcript = transcribe_audio(path, AsrOptions(language="fr", cache_dir=tmp_path / "cache"), progress=False)
    assert transcript.speakers == ["Locuteur 1"]


def test_participants_name_the_speakers_and_fix_their_count(tmp_path: Path) -> None:
    path, turns = _alternated_french(tmp_path)
    options = AsrOptions(language="fr", cache_dir=tmp_path / "cache", participants=["Claire Martin", "Marc Ferrand"])
    transcript = transcribe_audio(path, options, progress=False)
    # two speakers as two participants were given, but nobody says who is who: no name is guessed
    assert len(transcript.speakers) == 2
    assert cluster_accuracy(transcript, turns) >= 0.9
    assert set(transcript.speakers) == {"Locuteur 1", "Locuteur 2"}


def test_more_speakers_asked_than_voices_invents_nobody(tmp_path: Path) -> None:
    """Issue 20: ``--speakers 8`` on the two-voice call gave six extra "Speaker N" participants."""
    transcript = transcribe_audio(PYANNOTE, AsrOptions(language="en", speakers=8, cache_dir=tmp_path / "cache"),
                                  progress=False)
    print(f"\n--speakers 8 on pyannote-sample: speakers {transcript.speakers}")
    assert set(transcript.speakers) == {"Diane", "Sheila"}
