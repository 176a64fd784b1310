"""Benchmark the embedded Whisper base model: real-time factor, load time, peak memory.

Run from the repo root:  .venv/bin/python bench/asr.py [--repeat 2] [--long 60]

Inputs: ../shared/data/audio/test_fr.wav and whisper-french.mp3 (real French
speech), plus an in-memory concatenation of both (with 1 s gaps) about
``--long`` seconds long. Three decoders, all int8 on every core, VAD on, beam 5:

* ``classic``   WhisperModel.transcribe (no BatchedInferencePipeline, timestamp tokens)
* ``pipe-b1``   BatchedInferencePipeline, batch_size=1 (crc default, ``batched=False``)
* ``pipe-b8``   BatchedInferencePipeline, batch_size=8 (``AsrOptions(batched=True)``)

RTF = wall-clock transcription seconds / audio seconds (lower is better; goal <= 0.15
on 2 cores). ``cpu/s`` = process CPU seconds per audio second: unlike RTF it does not
move when other jobs share the cores (the load average is printed to judge that);
on an idle 2-core machine RTF is about cpu/s divided by 2.
WER is against the README reference (case and punctuation normalised).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
AUDIO = ROOT.parent / "shared" / "data" / "audio"
REFS = {
    "test_fr.wav": "Sous le consulat il devient conservateur des eaux et forêts et conseiller général.",
    "whisper-french.mp3": "Bienvenue dans Passerelle, un podcast pensé pour éveiller la curiosité "
    "des apprenants et des apprenantes de français.",
}


def peak_rss_mib() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / (1024 * 1024) if sys.platform == "darwin" else usage / 1024


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"[^\w\s'-]", " ", text.lower())).strip()

    return float(jiwer.wer(norm(reference), norm(hypothesis)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs per case; the median is printed")
    parser.add_argument("--long", type=float, default=60.0, help="seconds of the concatenated clip (0: skip)")
    args = parser.parse_args()
    if not AUDIO.is_dir():
        print(f"missing {AUDIO}: the shared speech clips are needed", file=sys.stderr)
        return 2

    from faster_whisper import decode_audio

    from summarizer.ingest.whisper_model import cpu_threads, embedded_model_dir, load_model, load_pipeline

    rss0 = peak_rss_mib()
    t = time.perf_counter()
    embedded_model_dir()
    t_assemble = time.perf_counter() - t
    t = time.perf_counter()
    model = load_model(None)
    t_load = time.perf_counter() - t
    pipe = load_pipeline(None)
    rss_loaded = peak_rss_mib()

    clips = {name: decode_audio(str(AUDIO / name), sampling_rate=16_000) for name in REFS}
    cases: dict[str, tuple[np.ndarray, str | None]] = {n: (a, REFS[n]) for n, a in clips.items()}
    if args.long > 0:
        gap = np.zeros(16_000, dtype=np.float32)
        parts: list[np.ndarray] = []
        while sum(len(p) for p in parts) < args.long * 16_000:
            for a in clips.values():
                parts += [a, gap]
        cases[f"concat-{args.long:.0f}s"] = (np.concatenate(parts)[: int(args.long * 16_000)], None)

    common = {"language": "fr", "beam_size": 5, "condition_on_previous_text": False}

    def run(mode: str, audio: np.ndarray) -> str:
        if mode == "classic":
            segments, _ = model.transcribe(audio, vad_filter=True, **common)
        else:
            segments, _ = pipe.transcribe(
                audio, batch_size=1 if mode == "pipe-b1" else 8, vad_filter=True, word_timestamps=True, **common
            )
        return " ".join(s.text.strip() for s in segments)

    run("classic", clips["test_fr.wav"][:32_000])  # warm-up: first call allocates

    print(f"machine: {platform.machine()} {platform.system()}, {cpu_threads()} cores used (int8, CPU), "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"embedded model: assemble/check {t_assemble:.2f} s, load {t_load:.2f} s, "
          f"peak RSS {rss0:.0f} -> {rss_loaded:.0f} MiB after load")
    print(f"{'audio':<22}{'dur s':>7}  {'mode':<9}{'RTF':>7}{'cpu/s':>7}{'WER':>7}  peak RSS MiB")
    rtfs: dict[str, list[float]] = {}
    for name, (audio, ref) in cases.items():
        duration = len(audio) / 16_000
        for mode in ("classic", "pipe-b1", "pipe-b8"):
            times, cpus, text = [], [], ""
            for _ in range(args.repeat):
                t, c = time.perf_counter(), time.process_time()
                text = run(mode, audio)
                times.append(time.perf_counter() - t)
                cpus.append(time.process_time() - c)
            rtf = statistics.median(times) / duration
            cpu = statistics.median(cpus) / duration
            rtfs.setdefault(mode, []).append(rtf)
            w = f"{wer(ref, text):.3f}" if ref else "   -"
            print(f"{name:<22}{duration:>7.1f}  {mode:<9}{rtf:>7.3f}{cpu:>7.3f}{w:>7}  {peak_rss_mib():.0f}")
    print("mean RTF: " + ", ".join(f"{m} {statistics.mean(v):.3f}" for m, v in rtfs.items()) + "  (goal <= 0.15)")
    print(f"load average at the end {os.getloadavg()[0]:.2f}; final peak RSS {peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
