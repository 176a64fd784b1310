"""How long pseudonymising a 30-minute call takes for the llm backend, once Presidio and spaCy are loaded.

The bundled discovery call (about 10 minutes) is repeated with shifted timestamps until it lasts 30
minutes; every copy says an e-mail address, a phone number and an IBAN. Prints the load time (Presidio
and the spaCy model, paid once per process), then the median over N runs of: detection over the whole
call (Presidio), replacing the values in every numbered line sent, and restoring a typical answer.
The issue asks for under 1 s after the load; nothing asserts it (timings depend on the machine).

    .venv/bin/python bench/redact.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import rules as rules_bench  # bench/ is the script folder: its 30-minute call

from summarizer.extract.llm.chunks import numbered_line
from summarizer.extract.llm.redact import pseudonymise
from summarizer.ingest.transcript import Transcript

PEOPLE = ["Claire Martin", "Marc Ferrand"]


def personal_lines(copy: int) -> list[tuple[str, str]]:
    """What each copy of the call adds for redaction to find: an e-mail, a phone number, an IBAN."""
    return [("Marc Ferrand", f"Mon e-mail : marc.ferrand{copy}@transports-ferrand.fr, mon portable : 06 12 34 56 {copy % 100:02d}."),
            ("Marc Ferrand", "Notre IBAN est FR76 3000 6000 0112 3456 7890 189.")]


def thirty_minutes(minutes: float = 30.0) -> Transcript:
    return rules_bench.thirty_minutes(minutes, leads=("",), closing=personal_lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    transcript = thirty_minutes()
    texts = [s.text for s in transcript.segments]
    t0 = time.perf_counter()
    pseudonymise(["Bonjour Marc."], "fr", PEOPLE)
    load = time.perf_counter() - t0
    detect_t, redact_t, restore_t = [], [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        pseudo = pseudonymise(texts, "fr", PEOPLE, client="Transports Ferrand", vendor="Logivia")
        detect_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        sent = [pseudo.redact(numbered_line(s)) for s in transcript.segments]
        redact_t.append(time.perf_counter() - t)
        answer = json.dumps({"next_steps": [{"owner": p, "evidence": [{"segment": i, "quote": sent[i][-60:]}]}
                                            for i, p in enumerate(sorted(pseudo.by_placeholder))]})
        t = time.perf_counter()
        pseudo.restore(answer)
        restore_t.append(time.perf_counter() - t)
    words = sum(len(x.split()) for x in texts)
    total = statistics.median(detect_t) + statistics.median(redact_t) + statistics.median(restore_t)
    print(f"appel de {(transcript.duration or 0) / 60:.0f} min, {len(texts)} interventions, {words} mots")
    print(f"chargement Presidio + spaCy : {load:.2f} s (une fois par processus)")
    print(f"détection (Presidio)        : {statistics.median(detect_t):.3f} s (médiane de {args.runs})")
    print(f"remplacement des lignes     : {statistics.median(redact_t):.3f} s")
    print(f"restauration d'une réponse  : {statistics.median(restore_t):.4f} s")
    print(f"total après chargement      : {total:.3f} s ; valeurs remplacées par type : {pseudo.counts()}")


if __name__ == "__main__":
    main()
