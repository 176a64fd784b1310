"""Batch machinery: discovery, manifest/resume, failure isolation, workers, timeouts.

These tests drive :func:`run_batch` with a small injected processing function
built on the real reader, context, CRC schema, scorer and atomic writes, so they
test the batch logic itself; ``test_batch_cli.py`` runs the real pipeline.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest

from summarizer.batch import (
    MANIFEST_NAME,
    FileOutcome,
    Manifest,
    discover,
    matches_glob,
    output_plan,
    run_batch,
    settings_hash,
    write_batch_summary,
)
from summarizer.crc import CRC, Evidence, Fact, Meeting, Metadata, NextStep, Participant, Side, make_crc_id
from summarizer.errors import BackendError, InputError
from summarizer.files import atomic_write_text
from summarizer.ingest.transcript import Segment, read_transcript
from summarizer.pipeline import RunOptions, RunResult, build_context, sha256_file
from summarizer.score import score_crc


def _whole(segment: Segment) -> Evidence:
    return Evidence(segment=segment.index, start=segment.start, speaker=segment.speaker, quote=segment.text)


def fake_run(
    path: Path, out_dir: Path, options: RunOptions, stem: str, *, sha256: str | None = None
) -> tuple[RunResult, list[Path]]:
    """Real reader + context + schema + scorer; a trivial extractor. ``BOOM`` = backend error, ``SLEEP`` = slow."""
    transcript = read_transcript(path)
    text = transcript.text()
    if "BOOM" in text:
        raise BackendError(f"{path.name} : endpoint LLM injoignable (HTTP 503) après 3 essais.")
    if "SLEEP" in text:
        time.sleep(5)
    if "CRASH" in text:
        os._exit(3)  # a worker dying hard (segfault, OOM kill)
    ctx = build_context(path, transcript, options)
    first, last = transcript.segments[0], transcript.segments[-1]
    vendor = first.speaker or "Vendeur"
    client_name = last.speaker if last.speaker and last.speaker != vendor else "Client X"
    crc = CRC(
        id=make_crc_id(ctx.meeting_date, options.client or "Acme"),
        meeting=Meeting(date=ctx.meeting_date, subject="Appel", client=options.client or "Acme"),
        participants=[Participant(name=vendor, side=Side.vendor), Participant(name=client_name, side=Side.client)],
        facts=[Fact(text=first.text, evidence=[_whole(first)])],
        next_steps=[NextStep(action="Envoyer la proposition", owner=vendor, side=Side.vendor,
                             due_date=ctx.meeting_date + dt.timedelta(days=7), evidence=[_whole(last)])],
        metadata=Metadata(meeting_date_source=ctx.meeting_date_source, source_sha256=sha256 or sha256_file(path)),
    )
    report = score_crc(crc)
    written = [out_dir / f"{stem}.crc.json", out_dir / f"{stem}.score.json"]
    atomic_write_text(written[0], crc.model_dump_json(indent=2))
    atomic_write_text(written[1], report.model_dump_json(indent=2))
    return RunResult(source=path, transcript=transcript, crc=crc, report=report), written


def _txt(path: Path, body: str = "Claire Martin : Bonjour, on envoie le devis.\nMarc Ferrand : Très bien, merci.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    inp = tmp_path / "in"
    _txt(inp / "2026-11-18_ferrand.txt")
    _txt(inp / "a" / "call.txt", "Claire Martin : Appel A.\nPaul Client : Merci.")
    _txt(inp / "b" / "call.txt", "Claire Martin : Appel B.\nJeanne Client : Merci.")
    _txt(inp / "a" / "call.gold.json", "{}")  # companion: ignored
    _txt(inp / "notes.xyz", "not a transcript")  # unsupported suffix: ignored
    _txt(inp / ".hidden.txt", "Claire : caché")
    return inp


def test_discover_skips_companions_hidden_and_out_dir(folder: Path) -> None:
    out = folder / "out"
    _txt(out / "a" / "call.txt")  # something under OUT_DIR inside INPUT_DIR
    found = [p.relative_to(folder).as_posix() for p in discover(folder, out)]
    assert found == ["2026-11-18_ferrand.txt", "a/call.txt", "b/call.txt"]


def test_glob_name_and_path_patterns(folder: Path) -> None:
    assert matches_glob("a/call.txt", "call.*") and not matches_glob("a/call.txt", "a/*.vtt")
    assert [p.name for p in discover(folder, None, "2026-*")] == ["2026-11-18_ferrand.txt"]
    assert [p.parent.name for p in discover(folder, None, "b/*.txt")] == ["b"]


def test_since_uses_filename_date_then_mtime(folder: Path) -> None:
    old = dt.datetime(2020, 1, 1).timestamp()
    for p in (folder / "a" / "call.txt", folder / "b" / "call.txt"):
        os.utime(p, (old, old))
    os.utime(folder / "2026-11-18_ferrand.txt", (old, old))  # the name's date wins over mtime
    names = [p.relative_to(folder).as_posix() for p in discover(folder, None, since=dt.date(2026, 1, 1))]
    assert names == ["2026-11-18_ferrand.txt"]
    assert len(discover(folder, None, since=dt.date(2019, 12, 31))) == 3


def test_output_plan_mirrors_dirs_and_disambiguates_stems(tmp_path: Path) -> None:
    a, b, c = _txt(tmp_path / "x" / "call.txt"), _txt(tmp_path / "x" / "call.vtt", "WEBVTT\n"), _txt(tmp_path / "y" / "call.txt")
    plan = output_plan([a, b, c], tmp_path)
    assert plan[a] == ("x", "call.txt") and plan[b] == ("x", "call.vtt") and plan[c] == ("y", "call")


def test_batch_writes_mirrored_outputs_and_manifest(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = run_batch(folder, out, RunOptions(), process_fn=fake_run)
    assert (report.total, report.done, report.failed, report.skipped) == (3, 3, 0, 0)
    for rel in ("a/call.crc.json", "b/call.crc.json", "2026-11-18_ferrand.crc.json"):
        assert CRC.model_validate_json((out / rel).read_bytes())
    ferrand = CRC.model_validate_json((out / "2026-11-18_ferrand.crc.json").read_bytes())
    assert ferrand.meeting.date == dt.date(2026, 11, 18) and ferrand.metadata.meeting_date_source == "filename"
    a = CRC.model_validate_json((out / "a/call.crc.json").read_bytes())
    assert a.metadata.meeting_date_source == "mtime"  # batches fall back to the file's date, not today
    with Manifest(out / MANIFEST_NAME) as m:
        rows = m.all()
    assert sorted(r.rel_path for r in rows) == ["2026-11-18_ferrand.txt", "a/call.txt", "b/call.txt"]
    assert all(r.status == "done" and r.outputs and r.score is not None for r in rows)


def test_resume_skip_modify_settings_and_retry(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch(folder, out, RunOptions(), process_fn=fake_run)
    again = run_batch(folder, out, RunOptions(), process_fn=fake_run)
    assert (again.done, again.skipped) == (0, 3)

    _txt(folder / "a" / "call.txt", "Claire Martin : Appel A, version 2.\nPaul Client : Merci.")
    changed = run_batch(folder, out, RunOptions(), process_fn=fake_run)
    assert [o.rel_path for o in changed.outcomes if o.status == "done"] == ["a/call.txt"]
    assert changed.skipped == 2
    assert "version 2" in (out / "a" / "call.crc.json").read_text(encoding="utf-8")

    other = run_batch(folder, out, RunOptions(client="Transports Ferrand"), process_fn=fake_run)
    assert (other.done, other.skipped) == (3, 0)

    (out / "b" / "call.score.json").unlink()  # an output went missing: redo that file
    redo = run_batch(folder, out, RunOptions(client="Transports Ferrand"), process_fn=fake_run)
    assert [o.rel_path for o in redo.outcomes if o.status == "done"] == ["b/call.txt"]

    _txt(folder / "c.txt", "Claire : BOOM")
    first = run_batch(folder, out, RunOptions(), process_fn=fake_run)
    assert [o.rel_path for o in first.failures] == ["c.txt"]
    _txt(folder / "c.txt", "Claire : BOOM")  # same content: a failed file is retried, not skipped
    second = run_batch(folder, out, RunOptions(), process_fn=fake_run)
    assert [o.rel_path for o in second.failures] == ["c.txt"] and second.skipped == 3
    with Manifest(out / MANIFEST_NAME) as m:
        row = m.get("c.txt", sha256_file(folder / "c.txt"), settings_hash(RunOptions(date_fallback="mtime")))
    assert row is not None and row.attempts == 2 and row.status == "failed"


def test_failure_isolation_and_summary_reasons(folder: Path, tmp_path: Path) -> None:
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "weird.json").write_text("{not json", encoding="utf-8")
    _txt(folder / "llm-down.txt", "Claire : BOOM")
    out = tmp_path / "out"
    report = run_batch(folder, out, RunOptions(), process_fn=fake_run)
    assert report.done == 3 and report.failed == 4
    reasons = {o.rel_path: o.reason or "" for o in report.failures}
    assert set(reasons) == {"corrupt.docx", "empty.txt", "weird.json", "llm-down.txt"}
    assert all("\n" not in r and r for r in reasons.values())
    assert "vide" in reasons["empty.txt"] and "503" in reasons["llm-down.txt"]
    summary, paths = write_batch_summary(folder, out, RunOptions(), today=dt.date(2026, 12, 1))
    md = (out / "summary.md").read_text(encoding="utf-8")
    for rel, reason in reasons.items():
        assert f"`{rel}` : {reason}" in md
    assert {p.name for p in paths} == {"summary.csv", "summary.md", "summary.html"}
    assert len(summary.failed) == 4 and len(summary.succeeded) == 3


def test_process_pool_matches_inline(folder: Path, tmp_path: Path) -> None:
    report = run_batch(folder, tmp_path / "out", RunOptions(), jobs=2, executor="process", process_fn=fake_run)
    assert (report.done, report.failed) == (3, 0)
    run_batch(folder, tmp_path / "out2", RunOptions(), process_fn=fake_run)
    for rel in ("a/call.crc.json", "b/call.crc.json"):
        assert (tmp_path / "out" / rel).read_bytes() == (tmp_path / "out2" / rel).read_bytes()


def test_dead_worker_fails_its_files_and_the_batch_goes_on(folder: Path, tmp_path: Path) -> None:
    _txt(folder / "0-crash.txt", "Claire : CRASH")
    for i in range(6):
        _txt(folder / "more" / f"f{i}.txt", f"Claire Martin : fichier {i}.\nPaul Client : Merci.")
    out = tmp_path / "out"
    first = run_batch(folder, out, RunOptions(), jobs=2, executor="process", process_fn=fake_run)
    assert first.done + first.failed == first.total == 10
    reasons = {o.rel_path: o.reason or "" for o in first.failures}
    assert "0-crash.txt" in reasons and "processus" in reasons["0-crash.txt"]
    assert first.done >= 10 - 4  # at most the files in flight with the crash are lost
    second = run_batch(folder, out, RunOptions(), jobs=2, executor="process", process_fn=fake_run)
    assert "0-crash.txt" in {o.rel_path for o in second.failures}
    assert second.skipped == first.done and second.done + second.skipped + second.failed == 10


def test_thread_pool(folder: Path, tmp_path: Path) -> None:
    report = run_batch(folder, tmp_path / "out", RunOptions(), jobs=3, executor="thread", process_fn=fake_run)
    assert (report.done, report.failed) == (3, 0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="SIGALRM timeouts are POSIX only")
def test_timeout_fails_one_file_and_batch_goes_on(folder: Path, tmp_path: Path) -> None:
    _txt(folder / "slow.txt", "Claire : SLEEP")
    report = run_batch(folder, tmp_path / "out", RunOptions(), process_fn=fake_run, timeout=0.5)
    assert [o.rel_path for o in report.failures] == ["slow.txt"]
    assert "délai dépassé" in (report.failures[0].reason or "") and report.done == 3


def test_stop_event_stops_submitting(folder: Path, tmp_path: Path) -> None:
    import threading

    stop = threading.Event()
    seen: list[FileOutcome] = []

    class StopAfterOne:
        def started(self, total: int) -> None:
            pass

        def file_done(self, outcome: FileOutcome) -> None:
            seen.append(outcome)
            stop.set()

        def stopping(self) -> None:
            pass

    report = run_batch(folder, tmp_path / "out", RunOptions(), process_fn=fake_run, observer=StopAfterOne(), stop=stop)
    assert report.interrupted and report.done == 1 and len(seen) == 1
    rest = run_batch(folder, tmp_path / "out", RunOptions(), process_fn=fake_run)
    assert (rest.done, rest.skipped) == (2, 1)


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        run_batch(tmp_path / "missing", tmp_path / "out", RunOptions())
    with pytest.raises(InputError):
        run_batch(tmp_path, tmp_path, RunOptions())
    _txt(tmp_path / "f.txt")
    with pytest.raises(InputError):
        run_batch(tmp_path / "f.txt", tmp_path / "out", RunOptions())


def test_stale_tmp_files_are_removed(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / ".call.crc.json.abc123.tmp").write_text("{half", encoding="utf-8")
    run_batch(folder, out, RunOptions(), process_fn=fake_run)
    assert not list(out.rglob("*.tmp"))


def test_manifest_row_per_file_is_unique(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(3):
        run_batch(folder, out, RunOptions(), process_fn=fake_run)
    with Manifest(out / MANIFEST_NAME) as m:
        rows = m.all()
    assert len(rows) == 3 and all(r.attempts == 1 for r in rows)
    assert json.loads(json.dumps([r.model_dump(mode="json") for r in rows]))
