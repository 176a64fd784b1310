"""Call metadata from the sales system: the CSV of a batch, ``crc run --rep/--opportunity``, the rep rule."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crc_factory import full_fr
from typer.testing import CliRunner

from summarizer.cli.app import app
from summarizer.crc import CRC, ValidationStatus, content_sha256
from summarizer.ingest.metadata import (
    CallMetadata,
    match_rows,
    most_speaking_vendor,
    options_update,
    read_metadata_csv,
    rep_of,
)
from summarizer.ingest.transcript import Segment, Transcript
from summarizer.render.summary import FileEntry, build_summary
from summarizer.score import score_crc

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples"
FERRAND = "01-decouverte-transports-ferrand.vtt"
DUMAS = "07-appel-a-froid-cabinet-dumas.txt"


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def test_csv_rows_bad_rows_and_missing_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "calls.csv", [
        ["file", "rep", "meeting_date", "participants", "extra"],
        ["a.vtt", "Julie Rep", "2026-11-18", "Claire Martin:vendor; Marc Ferrand:client", "x"],
        ["b.txt", "", "18/11/2026", "", ""],
        ["c.txt", "Paul", "demain", "", ""],
        ["", "Paul", "", "", ""],
        ["", "", "", "", ""],
    ])
    rows, problems = read_metadata_csv(path)
    assert [r.file for r in rows] == ["a.vtt", "b.txt"]
    assert rows[0] == CallMetadata(file="a.vtt", rep="Julie Rep", meeting_date=dt.date(2026, 11, 18),
                                   participants=["Claire Martin:vendor", "Marc Ferrand:client"])
    assert rows[1].meeting_date == dt.date(2026, 11, 18) and rows[1].rep is None and rows[1].client is None
    assert len(problems) == 3
    assert "extra" in problems[0]
    assert "ligne 4" in problems[1] and "demain" in problems[1]
    assert "ligne 5" in problems[2] and "file" in problems[2]
    assert all("\n" not in p for p in problems)


def test_semicolon_csv_from_french_excel(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_bytes("file;client;opportunity_id;crm_stage\r\na.vtt;Société Générale;OPP-1;Négociation\r\n".encode("cp1252"))
    rows, problems = read_metadata_csv(path)
    assert problems == []
    assert rows == [CallMetadata(file="a.vtt", client="Société Générale", opportunity_id="OPP-1", crm_stage="Négociation")]
    assert options_update(rows[0]) == {"client": "Société Générale", "opportunity_id": "OPP-1", "crm_stage": "Négociation"}


def test_match_by_path_name_or_stem_and_unknown_files(tmp_path: Path) -> None:
    (tmp_path / "2026").mkdir()
    paths = [tmp_path / "2026" / "a.vtt", tmp_path / "b.txt", tmp_path / "2026" / "b.txt"]
    rows = [CallMetadata(file=f) for f in ("2026/a.vtt", "B", "2026/b.txt", "zz.vtt", "a")]
    table = match_rows(rows, paths, tmp_path, source="calls.csv")
    assert set(table.rows) == {"2026/a.vtt", "2026/b.txt"}
    assert len(table.problems) == 3
    assert "« B » désigne 2 fichiers" in table.problems[0]
    assert "« zz.vtt » ne correspond à aucun fichier" in table.problems[1]
    assert "« a » apparaît deux fois" in table.problems[2]


def test_rep_is_the_vendor_who_speaks_most() -> None:
    crc = full_fr()  # vendor: Julien Morel; clients: Claire Martin, Marc Petit
    crc.participants.append(crc.participants[2].model_copy(update={"name": "Inès Roy"}))
    t = Transcript(segments=[
        Segment(index=0, speaker="Inès Roy", text="bonjour à tous"),
        Segment(index=1, speaker="Julien Morel", text="merci, je vous présente notre offre en détail"),
        Segment(index=2, speaker="Claire Martin", text="nous avons beaucoup de questions aujourd'hui sur le projet"),
    ])
    assert most_speaking_vendor(crc, t) == "Julien Morel"
    assert most_speaking_vendor(crc, Transcript(segments=[Segment(index=0, speaker="Claire Martin", text="oui")])) is None


def test_rep_found_under_another_spelling_of_the_name() -> None:
    """The speaker label and the participant are compared by ``names.name_key`` (hyphens, spacing, apostrophes)."""
    crc = full_fr()
    crc.participants[2] = crc.participants[2].model_copy(update={"name": "Jean-Luc D’Arcy"})
    t = Transcript(segments=[Segment(index=0, speaker="Jean Luc  d'Arcy", text="je vous présente notre offre")])
    assert most_speaking_vendor(crc, t) == "Jean-Luc D’Arcy"


def test_summary_groups_by_rep_and_shows_validation_rate() -> None:
    a = full_fr()
    a.meeting.rep = "Julie Rep"  # given by the sales system, although Julien Morel is the vendor in the call
    b = full_fr()
    b.validation = CRC.model_validate({**json.loads(b.model_dump_json()), "validation": {
        "status": "validated", "version": b.version, "sha256": content_sha256(b)}}).validation
    c = full_fr()
    c.validation = b.validation  # validated another content: does not count
    assert b.validation is not None and b.validation.status == ValidationStatus.validated
    assert rep_of(a) == "Julie Rep" and rep_of(b) == "Julien Morel"
    entries = [FileEntry(rel_path=f"{i}.vtt", status="done", crc=x, report=score_crc(x)) for i, x in enumerate((a, b))]
    c.objective = "Autre objectif"
    entries.append(FileEntry(rel_path="2.vtt", status="done", crc=c, report=score_crc(c)))
    s = build_summary(entries, dt.date(2026, 12, 1))
    reps = {g.name: g for g in s.reps}
    assert set(reps) == {"Julie Rep", "Julien Morel"}
    assert reps["Julien Morel"].crcs == 2 and reps["Julien Morel"].share_validated == 0.5
    assert reps["Julie Rep"].share_validated == 0.0


def test_run_with_rep_and_opportunity(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(SAMPLES / FERRAND), "--out", str(tmp_path), "--rep", "Julie Rep",
                                      "--opportunity", "OPP-42", "--crm-stage", "Qualification"])
    assert result.exit_code == 0, result.output
    crc = CRC.model_validate_json((tmp_path / "01-decouverte-transports-ferrand.crc.json").read_bytes())
    assert crc.meeting.rep == "Julie Rep" and crc.metadata.rep_source == "given"
    assert crc.crm.opportunity_id == "OPP-42" and crc.crm.stage == "Qualification"


@pytest.mark.parametrize("jobs", ["1", "2"])  # inline, then the process pool: per-file options reach the workers
def test_batch_metadata_csv_end_to_end(tmp_path: Path, jobs: str) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    for name in (FERRAND, DUMAS):
        shutil.copy(SAMPLES / name, calls / name)
    meta = write_csv(tmp_path / "calls.csv", [
        ["file", "client", "rep", "meeting_date", "opportunity_id"],
        [FERRAND, "Transports Ferrand", "Julie Rep", "2026-11-18", "OPP-1"],
        ["07-appel-a-froid-cabinet-dumas", "Cabinet Dumas", "", "le 3", ""],  # bad date: row ignored
        ["absent.vtt", "X", "", "", ""],
    ])
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(calls), "--out", str(out), "--metadata", str(meta),
                                      "--today", "2026-12-01", "--jobs", jobs])
    assert result.exit_code == 0, result.output
    assert "« le 3 » illisible" in result.output and "« absent.vtt » ne correspond à aucun fichier" in result.output
    ferrand = CRC.model_validate_json((out / "01-decouverte-transports-ferrand.crc.json").read_bytes())
    assert ferrand.meeting.client == "Transports Ferrand" and ferrand.meeting.rep == "Julie Rep"
    assert ferrand.meeting.date == dt.date(2026, 11, 18) and ferrand.crm.opportunity_id == "OPP-1"
    dumas = CRC.model_validate_json((out / "07-appel-a-froid-cabinet-dumas.crc.json").read_bytes())
    assert dumas.meeting.rep is not None and dumas.metadata.rep_source == "transcript"
    rows = list(csv.DictReader((out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert {r["reps"] for r in rows} == {"Julie Rep", dumas.meeting.rep}
    assert {r["client"] for r in rows if r["file"] == FERRAND} == {"Transports Ferrand"}
    assert {r["client_validation"] for r in rows} == {"requested"}
    # same metadata again: nothing to redo, and the summary still finds both files
    again = CliRunner().invoke(app, ["batch", str(calls), "--out", str(out), "--metadata", str(meta),
                                     "--today", "2026-12-01"])
    assert again.exit_code == 0 and "2 déjà fait(s)" in again.output
    assert len(list(csv.DictReader((out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))) == 2


def test_metadata_file_without_file_column_is_one_line(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    meta = write_csv(tmp_path / "calls.csv", [["client", "rep"], ["A", "B"]])
    result = CliRunner().invoke(app, ["batch", str(calls), "--out", str(tmp_path / "out"), "--metadata", str(meta)])
    assert result.exit_code == 2
    assert "colonne « file » absente" in result.output


def test_quoted_cell_spanning_lines(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text('file,participants,rep\na.vtt,"Claire Martin:vendor,\nMarc Ferrand:client",Julie\nb.vtt,,x\n',
                    encoding="utf-8")
    rows, problems = read_metadata_csv(path)
    assert problems == []
    assert rows[0].participants == ["Claire Martin:vendor", "Marc Ferrand:client"] and rows[0].rep == "Julie"
    assert rows[1].file == "b.vtt"


@pytest.mark.skipif(os.name != "posix", reason="POSIX processes")
def test_watch_applies_rows_to_files_that_land_later(tmp_path: Path) -> None:
    calls, out = tmp_path / "calls", tmp_path / "out"
    calls.mkdir()
    shutil.copy(SAMPLES / DUMAS, calls / DUMAS)
    meta = write_csv(tmp_path / "calls.csv", [["file", "rep", "opportunity_id"], ["depot.vtt", "Julie Rep", "OPP-9"]])
    log = tmp_path / "log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "summarizer.cli", "batch", str(calls), "--out", str(out), "--watch",
                                 "--watch-timeout", "4", "--metadata", str(meta)], stdout=fh, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not (out / "summary.csv").is_file():
            assert time.monotonic() < deadline and proc.poll() is None, log.read_text(encoding="utf-8")
            time.sleep(0.2)
        staged = tmp_path / "staging.vtt"
        shutil.copy(SAMPLES / FERRAND, staged)
        os.replace(staged, calls / "depot.vtt")
        assert proc.wait(timeout=120) == 0, log.read_text(encoding="utf-8")
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "« depot.vtt » ne correspond à aucun fichier" in log.read_text(encoding="utf-8")  # not there at start
    crc = CRC.model_validate_json((out / "depot.crc.json").read_bytes())
    assert crc.meeting.rep == "Julie Rep" and crc.crm.opportunity_id == "OPP-9"
