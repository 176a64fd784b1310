"""Diarization: quality (DER, segment accuracy) and cost (time ratio, peak memory) in one run.

Two recordings are built here from the shared clips (about 4 minutes each):
- French, two voices: test_fr.wav (A) and whisper-french.mp3 (B) alternated, 0.6 s apart,
  15 turns. `crc run --language fr` is timed in a new process with diarization (the count
  estimated, the default) and without (``--no-diarize``), alternately, the transcript cache
  emptied before each run; peak RSS is the child's own (``wait4``). DER and segment accuracy
  are measured on the segments of the written ``STEM.transcript.json`` (what the user gets).
- Four voices: [pyannote-sample.wav (Diane, Sheila), the French pair alternated three
  times] three times. Whisper keeps only one language per call, so this one measures the
  diarizer alone on the reference speech regions (oracle VAD), count given and estimated.

DER is computed here: 10 ms frames, no collar, overlap counted, speakers mapped one-to-one
(Hungarian method).

    .venv/bin/python bench/diarize.py [--runs 2]

Goals (issue 12): time ratio at most 1.3, peak RSS under 1.5 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

from audio_fixtures import SHARED_AUDIO, TEST_FR, WHISPER_FR, load_mono, silence, write_wav  # noqa: E402

PYANNOTE = SHARED_AUDIO / "pyannote-sample.wav"
Turn = tuple[float, float, str]


def _french_pair() -> list[tuple[np.ndarray, str]]:
    return [(load_mono(TEST_FR), "A"), (load_mono(WHISPER_FR), "B")]


def build_french(path: Path, rounds: int = 15) -> list[Turn]:
    """The two French voices alternated ``rounds`` times (about 4 minutes); return the turns."""
    parts: list[np.ndarray] = []
    turns: list[Turn] = []
    t = 0.0
    for _ in range(rounds):
        for clip, label in _french_pair():
            parts += [clip, silence(0.6)]
            turns.append((t, t + len(clip) / 16_000, label))
            t += len(clip) / 16_000 + 0.6
    write_wav(path, [np.concatenate(parts)])
    return turns


def build_four_voices() -> tuple[np.ndarray, list[Turn]]:
    """[the pyannote call, the French pair three times] three times; samples and reference turns."""
    call = load_mono(PYANNOTE)
    call_turns = []
    for line in PYANNOTE.with_suffix(".rttm").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        call_turns.append((float(parts[3]), float(parts[3]) + float(parts[4]), parts[7]))
    pieces: list[np.ndarray] = []
    turns: list[Turn] = []
    t = 0.0
    for _ in range(3):
        pieces += [call, silence(0.6)]
        turns += [(t + s, t + e, label) for s, e, label in call_turns]
        t += len(call) / 16_000 + 0.6
        for _ in range(3):
            for clip, label in _french_pair():
                pieces += [clip, silence(0.6)]
                turns.append((t, t + len(clip) / 16_000, label))
                t += len(clip) / 16_000 + 0.6
    return np.concatenate(pieces), turns


def _frames(turns: list[Turn], n: int, step: float) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for start, end, label in turns:
        mask = out.setdefault(label, np.zeros(n, dtype=bool))
        mask[round(start / step) : round(end / step)] = True
    return out


def der(reference: list[Turn], hypothesis: list[Turn], step: float = 0.01) -> tuple[float, dict[str, float]]:
    """Diarization error rate: (missed + false alarm + confusion) / reference speech, best 1:1 mapping."""
    from scipy.optimize import linear_sum_assignment

    n = int(max(e for _, e, _ in reference + hypothesis) / step) + 2
    ref, hyp = _frames(reference, n, step), _frames(hypothesis, n, step)
    r_names, h_names = list(ref), list(hyp)
    overlap = np.array([[float((ref[r] & hyp[h]).sum()) for h in h_names] for r in r_names])
    rows, cols = linear_sum_assignment(-overlap) if h_names else ([], [])
    correct = float(sum(overlap[i, j] for i, j in zip(rows, cols, strict=True)))
    n_ref = np.sum([m.astype(int) for m in ref.values()], axis=0)
    n_hyp = np.sum([m.astype(int) for m in hyp.values()], axis=0) if hyp else np.zeros(n, dtype=int)
    total = float(n_ref.sum())
    missed = float(np.maximum(n_ref - n_hyp, 0).sum())
    false_alarm = float(np.maximum(n_hyp - n_ref, 0).sum())
    confusion = float(np.minimum(n_ref, n_hyp).sum()) - correct
    parts = {"missed": missed / total, "false_alarm": false_alarm / total, "confusion": confusion / total}
    return (missed + false_alarm + confusion) / total, parts


def segment_accuracy(reference: list[Turn], hypothesis: list[Turn]) -> float:
    """Share of transcript segments whose speaker is the reference one (clusters mapped by majority)."""

    def ref_of(start: float, end: float) -> str | None:
        o: dict[str, float] = {}
        for s, e, label in reference:
            v = min(e, end) - max(s, start)
            if v > 0:
                o[label] = o.get(label, 0.0) + v
        return max(o, key=lambda k: o[k]) if o else None

    pairs = [(label, ref_of(s, e)) for s, e, label in hypothesis]
    mapping = {}
    for found in {f for f, _ in pairs}:
        refs = [r for f, r in pairs if f == found]
        mapping[found] = max(set(refs), key=refs.count)
    return sum(mapping[f] == r for f, r in pairs) / len(pairs)


def timed_run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and the child's peak RSS (GiB) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} : code {proc.returncode}")
    return elapsed, usage.ru_maxrss / (1024 * 1024)  # ru_maxrss is in KiB on Linux


def _oracle(samples: np.ndarray, reference: list[Turn], speakers: int | None) -> tuple[float, int]:
    from summarizer.ingest.diarize import diarize

    turns = diarize(samples, [(s, e) for s, e, _ in reference], speakers=speakers)
    error, _ = der(reference, [(t.start, t.end, str(t.speaker)) for t in turns])
    return error, len({t.speaker for t in turns})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="runs of each variant (alternated); medians kept")
    runs = parser.parse_args().runs
    from summarizer.ingest.diarize import available

    if not available():
        raise SystemExit("extension de diarisation absente : pip install 'crc-summarizer[diarize]'")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        recording = work / "appel-4min.wav"
        reference = build_french(recording)
        duration = max(e for _, e, _ in reference)
        cache = work / "cache"
        env = {**os.environ, "CRC_CACHE_DIR": str(cache)}
        crc = [sys.executable, "-m", "summarizer.cli", "run", str(recording), "--language", "fr",
               "--meeting-date", "2026-11-18"]
        # assemble the embedded Whisper model once, outside the timings
        subprocess.run([*crc, "--no-diarize", "--out", str(work / "warm")], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times: dict[str, list[float]] = {"with": [], "without": []}
        rss: dict[str, list[float]] = {"with": [], "without": []}
        for _ in range(runs):
            for variant, extra in (("without", ["--no-diarize"]), ("with", [])):
                shutil.rmtree(cache / "transcripts", ignore_errors=True)
                t, m = timed_run([*crc, *extra, "--out", str(work / variant)], env)
                times[variant].append(t)
                rss[variant].append(m)
        transcript = json.loads((work / "with" / "appel-4min.transcript.json").read_text(encoding="utf-8"))
    hypothesis = [(s["start"], s["end"], s["speaker"] or "?") for s in transcript["segments"]]
    error, parts = der(reference, hypothesis)
    speakers = sorted({label for _, _, label in hypothesis})
    with_t, without_t = statistics.median(times["with"]), statistics.median(times["without"])
    print(f"Français, 2 voix, {duration / 60:.1f} min, {len(reference)} tours (crc run --language fr) :")
    print(f"  locuteurs trouvés         : {len(speakers)} ({', '.join(speakers)})")
    print(f"  DER (sans collar)         : {error:6.1%}  (manqué {parts['missed']:.1%}, fausse alarme "
          f"{parts['false_alarm']:.1%}, confusion {parts['confusion']:.1%})")
    print(f"  segments bien attribués   : {segment_accuracy(reference, hypothesis):6.1%} de {len(hypothesis)}")
    print(f"  crc run sans diarisation  : {without_t:6.1f} s (médiane de {runs})")
    print(f"  crc run avec diarisation  : {with_t:6.1f} s (médiane de {runs})")
    print(f"  ratio avec / sans         : {with_t / without_t:6.2f}  (objectif ≤ 1.3)")
    print(f"  pic RSS avec diarisation  : {max(rss['with']):6.2f} Gio (sans : {max(rss['without']):.2f} Gio ; objectif < 1.5)")
    samples, four = build_four_voices()
    print(f"4 voix (Diane, Sheila, A, B), {len(samples) / 16_000 / 60:.1f} min, diariseur seul sur la parole de référence :")
    for label, count in (("nombre donné (4)", 4), ("nombre estimé", None)):
        error, found = _oracle(samples, four, count)
        print(f"  {label:17}: DER {error:6.1%}, {found} locuteurs")


if __name__ == "__main__":
    main()
