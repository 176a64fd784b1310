"""Cold start: a `crc run` on a short transcript against `crc --help`, as a ratio.

Each command runs in a new Python process (as a rep would run it), N times
alternately so both see the same machine load; the median of each is kept. The
short transcript is the last 20 lines of a bundled call (the closing recap, which
has next steps, so the rules backend loads its language model).

    .venv/bin/python bench/startup.py [--runs 5]

Goal (issue 13): the ratio at most 8.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "03-negociation-groupe-altea.txt"


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    crc = [sys.executable, "-m", "summarizer.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        short = Path(tmp) / "appel-court.txt"
        short.write_text("\n".join(SAMPLE.read_text(encoding="utf-8").splitlines()[-20:]) + "\n", encoding="utf-8")
        run = [*crc, "run", str(short), "--meeting-date", "2026-11-18", "--out", str(Path(tmp) / "out")]
        _timed(run)  # warm the OS file cache once, as any second run would find it
        helps, runs_ = [], []
        for _ in range(runs):
            helps.append(_timed([*crc, "--help"]))
            runs_.append(_timed(run))
    h, r = statistics.median(helps), statistics.median(runs_)
    print(f"crc --help                     : {h:6.2f} s (médiane de {runs})")
    print(f"crc run (20 lignes, à froid)   : {r:6.2f} s (médiane de {runs})")
    print(f"ratio run / --help             : {r / h:6.1f}  (objectif ≤ 8)")


if __name__ == "__main__":
    main()
