"""A SIGKILLed ``crc batch --jobs 2`` takes its worker processes and the resource tracker with it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[3] / "samples"

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def _alive(pid: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] not in {"Z", "X"}  # a zombie nobody reaps is dead


def _children(pid: int) -> dict[int, str]:
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        st = _stat(int(entry.name))
        if st is None or st[1] != pid:
            continue
        try:
            found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
    return found


def test_11_4_sigkilled_batch_parent_takes_its_workers_and_resource_tracker_with_it(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(4):  # enough work that the workers are busy when the parent dies
        for sample in sorted(SAMPLES.glob("0*.vtt")):
            shutil.copy(sample, inp / f"{i}-{sample.name}")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    parent = subprocess.Popen(
        [sys.executable, "-m", "summarizer.cli", "batch", str(inp), "--out", str(tmp_path / "out"), "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    children: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and parent.poll() is None:
            children = _children(parent.pid)
            if sum("spawn_main" in cmd for cmd in children.values()) >= 2:
                break
            time.sleep(0.05)
        workers = [pid for pid, cmd in children.items() if "spawn_main" in cmd]
        assert parent.poll() is None and len(workers) >= 2, "the batch ended before its workers were seen"
        tracker = [pid for pid, cmd in children.items() if "resource_tracker" in cmd]
        time.sleep(1.0)  # let the workers get into their first file
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(pid) for pid in children):
            time.sleep(0.1)
        survivors = {pid: children[pid] for pid in children if _alive(pid)}
        assert not survivors, survivors
        assert workers and all(not _alive(pid) for pid in tracker)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)
        for pid in children:  # never leave our own processes behind, even when the test fails
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


_MIDDLE = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid())])
print(child.pid, flush=True)
time.sleep(600)
"""
_WATCHED = """
import os, sys, time
from summarizer.batch.worker import die_with_parent
sys.platform = "darwin"  # no prctl: only the watchdog thread can notice the parent's death
die_with_parent(int(sys.argv[1]), poll=0.1)
print("ready", flush=True)
time.sleep(600)
"""


def test_11_4_watchdog_ends_a_worker_whose_parent_died_without_prctl() -> None:
    middle = subprocess.Popen([sys.executable, "-c", _MIDDLE, _WATCHED], stdout=subprocess.PIPE, text=True)
    assert middle.stdout is not None
    child = int(middle.stdout.readline())
    try:
        assert middle.stdout.readline().strip() == "ready"  # the grandchild shares the pipe
        assert _alive(child)
        middle.kill()
        middle.wait(10)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _alive(child):
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        if middle.poll() is None:
            middle.kill()
            middle.wait(10)
        if _alive(child):
            os.kill(child, signal.SIGKILL)
