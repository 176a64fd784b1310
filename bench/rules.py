"""How long the rules backend takes on a 30-minute call, once models are loaded.

A 30-minute call is built by repeating the bundled discovery call (about 10 minutes)
three times with shifted timestamps. Prints model load time, then per-stage timings
(extract, score, render) as the median of N runs, the ratio to real time, and the
linearity ratio: extraction time on a 2-hour call (four times longer) over the time on
the 30-minute one, caches emptied before each run and every copy of the call opening
its lines with different fillers (4.0 is linear; the 4 MB transcript of issue 11 was
superlinear).

    .venv/bin/python bench/rules.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from summarizer.extract.base import ExtractContext
from summarizer.extract.rules.clause_model import cue_hits
from summarizer.extract.rules.commitments import _names_a_day
from summarizer.extract.rules.conjugation import infinitive
from summarizer.extract.rules.extractor import extract_rules
from summarizer.extract.rules.register import _written
from summarizer.ingest.transcript import Segment, Transcript, read_transcript
from summarizer.lang.fr.register import _tagged_gender
from summarizer.nlp import load_nlp
from summarizer.pipeline import RunResult, render_outputs
from summarizer.score import score_crc

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "01-decouverte-transports-ferrand.vtt"


#: each copy of the call opens its lines differently, so no copy is served from a cache filled by another
_LEADS = ["", "Euh, ", "Bon, ", "Alors, ", "Donc, ", "Ben, ", "Voilà, ", "Écoutez, ", "Euh, bon, ", "Bon, alors, ",
          "Alors, euh, ", "Donc, euh, ", "Ben, euh, ", "Voilà, bon, ", "Bon, euh, ", "Alors, bon, "]


def thirty_minutes(minutes: float = 30.0, leads: Sequence[str] = _LEADS,
                   closing: Callable[[int], list[tuple[str, str]]] | None = None) -> Transcript:
    """The sample call repeated to ``minutes``; copy ``n`` opens its lines with ``leads[n]`` and ends with the
    (speaker, text) lines ``closing(n)`` gives (bench/redact.py adds e-mails and phone numbers there)."""
    base = read_transcript(SAMPLE)
    span = (base.duration or 600.0) + 5.0
    segments: list[Segment] = []
    copy = 0
    while not segments or (segments[-1].start or 0) < minutes * 60:
        lead, shift = leads[copy % len(leads)], copy * span
        for s in base.segments:
            segments.append(Segment(index=len(segments), start=(s.start or 0) + shift,
                                    end=(s.end or 0) + shift, speaker=s.speaker, text=lead + s.text))
        for speaker, text in closing(copy) if closing else []:
            segments.append(Segment(index=len(segments), start=shift + span - 4, end=shift + span - 2,
                                    speaker=speaker, text=text))
        copy += 1
    return Transcript(segments=segments, source=f"bench-{minutes:.0f}min.vtt")


def _cold_extract(transcript: Transcript, ctx: ExtractContext) -> float:
    """One extraction with the per-text caches emptied (the model stays loaded)."""
    _written.cache_clear()
    cue_hits.cache_clear()
    infinitive.cache_clear()
    _names_a_day.cache_clear()
    _tagged_gender.cache_clear()
    t = time.perf_counter()
    extract_rules(transcript, ctx)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    t0 = time.perf_counter()
    load_nlp("fr")
    load = time.perf_counter() - t0
    transcript = thirty_minutes()
    ctx = ExtractContext(meeting_date=dt.date(2026, 11, 18), client="Transports Ferrand", vendor="Logivia")
    words = sum(len(s.text.split()) for s in transcript.segments)
    duration = transcript.duration or 0.0
    extract_t, score_t, render_t = [], [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        crc = extract_rules(transcript, ctx)
        extract_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        report = score_crc(crc)
        score_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        render_outputs(RunResult(source=SAMPLE, transcript=transcript, crc=crc, report=report))
        render_t.append(time.perf_counter() - t)
    ex, sc, rd = (statistics.median(x) for x in (extract_t, score_t, render_t))
    print(f"transcript: {len(transcript.segments)} segments, {words} words, {duration / 60:.1f} min of call")
    print(f"spaCy model load (once per process): {load:.2f} s")
    print(f"extract (rules): {ex * 1000:.0f} ms   score: {sc * 1000:.1f} ms   render all files: {rd * 1000:.0f} ms  (median of {args.runs})")
    total = ex + sc + rd
    print(f"total after model load: {total:.3f} s  ->  {duration / total:.0f}x faster than real time")
    longer = thirty_minutes(4 * 30.0)
    one = statistics.median(_cold_extract(transcript, ctx) for _ in range(args.runs))
    four = statistics.median(_cold_extract(longer, ctx) for _ in range(args.runs))
    print(f"linearity: extract on 4x the call ({len(longer.segments)} segments) {four * 1000:.0f} ms / on 1x "
          f"({len(transcript.segments)} segments) {one * 1000:.0f} ms = {four / one:.2f} (4.00 is linear; caches emptied)")


if __name__ == "__main__":
    main()
