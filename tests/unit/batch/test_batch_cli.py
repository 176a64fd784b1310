"""``crc batch`` end to end with the real rules backend: exit codes, summary, SIGINT/kill + resume, watch mode."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.crc import CRC
from summarizer.pipeline import OUTPUT_SUFFIXES

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples"
SAMPLE = SAMPLES / "01-decouverte-transports-ferrand.vtt"
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


def crc(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "summarizer.cli", *args], capture_output=True, text=True,
                          timeout=300, check=False, **kw)  # type: ignore[call-overload]


def spawn(*args: str, log: Path, **kw: object) -> subprocess.Popen[bytes]:
    with log.open("wb") as fh:
        return subprocess.Popen([sys.executable, "-m", "summarizer.cli", *args], stdout=fh, stderr=subprocess.STDOUT, **kw)  # type: ignore[call-overload]


def copies(folder: Path, n: int) -> list[Path]:
    text = SAMPLE.read_text(encoding="utf-8-sig").rstrip("\n")
    paths = []
    for i in range(n):
        p = folder / f"g{i % 3}" / f"appel-{i:03d}.vtt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"{text}\n\nNOTE copie {i}\n", encoding="utf-8")
        paths.append(p)
    return paths


def wait_for(predicate: object, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def manifest_rows(out: Path) -> list[sqlite3.Row]:
    db = sqlite3.connect(out / "manifest.sqlite")
    db.row_factory = sqlite3.Row
    try:
        return db.execute("SELECT * FROM files").fetchall()
    finally:
        db.close()


def assert_complete(inp: Path, out: Path) -> None:
    """Every input has all six outputs, each CRC parses, one manifest row per file, no temp file."""
    inputs = sorted(p.relative_to(inp).with_suffix("").as_posix() for p in inp.rglob("*.vtt"))
    for stem in inputs:
        for suffix in OUTPUT_SUFFIXES:
            assert (out / f"{stem}{suffix}").is_file(), f"{stem}{suffix} missing"
        CRC.model_validate_json((out / f"{stem}.crc.json").read_bytes())
    rows = manifest_rows(out)
    assert sorted(r["rel_path"] for r in rows) == sorted(f"{s}.vtt" for s in inputs)
    assert all(r["status"] == "done" for r in rows)
    assert not list(out.rglob("*.tmp"))


def test_samples_folder_end_to_end(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    shutil.copytree(SAMPLES, inp)
    out = tmp_path / "out"
    res = crc("batch", str(inp), "--out", str(out), "--today", "2026-12-15")
    assert res.returncode == 0, res.stderr + res.stdout
    transcripts = sorted(p for p in inp.rglob("*") if p.suffix in {".vtt", ".srt", ".txt", ".json", ".docx"}
                         and not p.name.endswith((".gold.json", ".account-gold.json")))
    rows = list(csv.DictReader((out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(r["file"] for r in rows) == sorted(p.relative_to(inp).as_posix() for p in transcripts)
    assert all(r["status"] == "done" and r["score"] and r["meeting_date_source"] for r in rows)
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "<svg" in html and "Par commercial" in html
    again = crc("batch", str(inp), "--out", str(out))
    assert again.returncode == 0 and f"{len(transcripts)} déjà fait(s)" in again.stdout


def test_bad_files_exit_1_with_reasons_and_bad_args_exit_2(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    copies(inp, 2)
    (inp / "corrupt.docx").write_bytes(b"PK\x03\x04garbage")
    (inp / "empty.txt").write_text("\n\n", encoding="utf-8")
    (inp / "binary.srt").write_bytes(b"\x00\x01\x02" * 100)
    res = crc("batch", str(inp), "--out", str(out))
    assert res.returncode == 1, res.stderr + res.stdout
    for name in ("corrupt.docx", "empty.txt", "binary.srt"):
        assert name in res.stdout
    assert "Traceback" not in res.stdout + res.stderr
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert "## Échecs" in md and "`empty.txt`" in md and "`corrupt.docx`" in md
    assert len(list(out.rglob("*.crc.json"))) == 2

    for args in (["batch", str(tmp_path / "nope"), "--out", str(out)],
                 ["batch", str(inp), "--out", str(out), "--since", "hier"],
                 ["batch", str(inp), "--out", str(out), "--jobs", "0"],
                 ["batch", str(inp), "--out", str(inp)]):
        bad = crc(*args)
        assert bad.returncode == 2, (args, bad.stdout, bad.stderr)
        assert "Erreur" in bad.stderr and "Traceback" not in bad.stderr


@POSIX
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigint_mid_run_then_rerun_completes(tmp_path: Path, jobs: str) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    n = 16
    copies(inp, n)
    proc = spawn("batch", str(inp), "--out", str(out), "--jobs", jobs, log=tmp_path / "log1")
    wait_for(lambda: len(list(out.rglob("*.crc.json"))) >= 2)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=120) == 130, (tmp_path / "log1").read_text()
    finished = len(list(out.rglob("*.crc.json")))
    assert finished < n  # it really stopped mid-run
    for row in manifest_rows(out):  # nothing marked done without its outputs
        assert row["status"] == "done"
        assert all((out / o).is_file() for o in json.loads(row["outputs"]))
    res = crc("batch", str(inp), "--out", str(out))  # --jobs is not a setting: same manifest keys
    assert res.returncode == 0, res.stdout + res.stderr
    assert f"{finished} déjà fait(s)" in res.stdout
    assert_complete(inp, out)


@POSIX
def test_power_loss_then_rerun_completes(tmp_path: Path) -> None:
    """SIGKILL of the whole process group (parent and workers) at once, like a power cut."""
    inp, out = tmp_path / "in", tmp_path / "out"
    copies(inp, 12)
    proc = spawn("batch", str(inp), "--out", str(out), "--jobs", "2", log=tmp_path / "log", start_new_session=True)
    wait_for(lambda: len(list(out.rglob("*.crc.json"))) >= 3)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    res = crc("batch", str(inp), "--out", str(out))
    assert res.returncode == 0, res.stdout + res.stderr
    assert_complete(inp, out)


@POSIX
def test_watch_processes_dropped_files(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    copies(inp, 1)
    proc = spawn("batch", str(inp), "--out", str(out), "--watch", "--watch-timeout", "4", log=tmp_path / "log")
    try:
        wait_for(lambda: (out / "summary.csv").is_file())  # backlog done
        staged = tmp_path / "staging.vtt"
        staged.write_text(SAMPLE.read_text(encoding="utf-8-sig") + "\nNOTE déposé\n", encoding="utf-8")
        os.replace(staged, inp / "2026-11-20_depot.vtt")  # lands whole, like a finished copy
        wait_for(lambda: (out / "2026-11-20_depot.crc.json").is_file() and (out / "2026-11-20_depot.ics").is_file())
        assert proc.wait(timeout=120) == 0, (tmp_path / "log").read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
    crc_doc = CRC.model_validate_json((out / "2026-11-20_depot.crc.json").read_bytes())
    assert crc_doc.metadata.meeting_date_source in {"metadata", "filename"}
    rows = list(csv.DictReader((out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(r["file"] for r in rows) == ["2026-11-20_depot.vtt", "g0/appel-000.vtt"]
