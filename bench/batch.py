"""Batch throughput: files/second of ``crc batch`` (rules backend) at --jobs 1 and 2, vs separate ``crc run``.

Generates N copies of a sample transcript (each slightly different, so content
hashes differ and nothing is skipped), times ``crc batch`` end to end (process
start, discovery, hashing, manifest, summary included), then times a few
separate ``crc run`` processes and extrapolates their per-file cost to N.

    .venv/bin/python bench/batch.py --n 500
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = ROOT / "samples" / "01-decouverte-transports-ferrand.vtt"


def crc_command() -> list[str]:
    exe = Path(sys.executable).with_name("crc")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "summarizer.cli"]


def make_copies(sample: Path, folder: Path, n: int) -> list[Path]:
    """N variants of the sample: a trailing comment (VTT NOTE) or trailing spaces change the hash only."""
    text = sample.read_text(encoding="utf-8-sig")
    paths = []
    for i in range(n):
        sub = folder / f"rep{i % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"2026-11-{1 + i % 28:02d}_appel-{i:04d}{sample.suffix}"
        tail = f"\n\nNOTE copie {i}\n" if sample.suffix == ".vtt" else " " * (i + 1) + "\n"
        path.write_text(text.rstrip("\n") + tail, encoding="utf-8")
        paths.append(path)
    return paths


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])}… a échoué (code {proc.returncode}) : {proc.stderr.strip()[-500:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="copies to process (default 200)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values (default 1,2)")
    ap.add_argument("--runs", type=int, default=8, help="separate `crc run` processes to time (default 8)")
    ap.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args()
    crc = crc_command()
    env_note = f"{os.cpu_count()} CPU, python {sys.version.split()[0]}"
    with tempfile.TemporaryDirectory(prefix="crc-bench-") as tmp:
        inp = Path(tmp) / "in"
        copies = make_copies(args.sample, inp, args.n)
        results: dict[str, float] = {}
        for jobs in [int(j) for j in args.jobs.split(",")]:
            out = Path(tmp) / f"out-j{jobs}"
            results[f"batch_j{jobs}_s"] = timed([*crc, "batch", str(inp), "--out", str(out), "--jobs", str(jobs)])
            n_crc = len(list(out.rglob("*.crc.json")))
            if n_crc != args.n:
                sys.exit(f"--jobs {jobs} : {n_crc} CRC écrits au lieu de {args.n}")
            # a re-run must skip everything: the cost of idempotence (hashing + manifest lookups)
            results[f"rerun_j{jobs}_s"] = timed([*crc, "batch", str(inp), "--out", str(out), "--jobs", str(jobs)])
        runs = min(args.runs, args.n)
        run_out = Path(tmp) / "out-run"
        t_runs = sum(timed([*crc, "run", str(p), "--out", str(run_out)]) for p in copies[:runs])
        per_run = t_runs / runs
        shutil.rmtree(run_out, ignore_errors=True)
    report = {
        "n": args.n, "sample": args.sample.name, "machine": env_note,
        **{k: round(v, 2) for k, v in results.items()},
        "crc_run_per_file_s": round(per_run, 3),
        "crc_run_extrapolated_s": round(per_run * args.n, 1),
    }
    for key in [k for k in results if k.startswith("batch_")]:
        jobs = key.split("_j")[1].split("_")[0]
        report[f"files_per_s_j{jobs}"] = round(args.n / results[key], 1)
        report[f"ratio_batch_j{jobs}_vs_separate_runs"] = round(results[key] / (per_run * args.n), 3)
    if "batch_j1_s" in results and "batch_j2_s" in results:
        report["speedup_j2_vs_j1"] = round(results["batch_j1_s"] / results["batch_j2_s"], 2)
    if args.json:
        print(json.dumps(report))
        return
    print(f"crc batch — {args.n} × {args.sample.name} ({env_note})")
    for key, value in report.items():
        if key not in {"n", "sample", "machine"}:
            print(f"  {key:36s} {value}")


if __name__ == "__main__":
    main()
