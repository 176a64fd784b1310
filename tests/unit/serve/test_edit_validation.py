"""An edited CRC is checked the same way by ``crc score`` and by the web service's PUT, with the same message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from serve_support import SAMPLE_VTT, running, settings_for, upload, wait_finished
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.ingest.transcript import read_transcript, write_transcript_json

runner = CliRunner()
NEVER_SAID = "Nous signons le contrat demain pour deux millions."


def test_11_10_crc_score_rejects_a_quote_never_said_with_the_servers_message(tmp_path: Path) -> None:
    with running(settings_for(tmp_path)) as (client, _app):
        job_id = upload(client, SAMPLE_VTT.read_bytes(), SAMPLE_VTT.name, meeting_date="2026-11-18").json()["id"]
        assert wait_finished(client, job_id)["status"] == "done"
        forged = client.get(f"/api/jobs/{job_id}/crc").json()
        forged["facts"][0]["evidence"][0]["quote"] = NEVER_SAID
        put = client.put(f"/api/jobs/{job_id}/crc", json=forged)
    assert put.status_code == 422
    detail = put.json()["detail"]
    assert detail.startswith("CRC invalide — ") and "citation absente" in detail

    edited = tmp_path / "edited.crc.json"
    edited.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["score", str(edited), "--transcript", str(SAMPLE_VTT)])
    assert result.exit_code == 2
    assert detail in " ".join(result.output.split())  # the same line, after the file name
    assert "/10" not in result.output


def test_11_10_crc_score_finds_the_transcript_it_was_made_from(tmp_path: Path) -> None:
    """Beside the CRC (the source named in its metadata, same content) without --transcript; else it asks."""
    calls = tmp_path / "calls"
    calls.mkdir()
    source = calls / SAMPLE_VTT.name
    shutil.copy(SAMPLE_VTT, source)
    run = runner.invoke(app, ["run", str(source), "--out", str(calls), "--meeting-date", "2026-11-18"])
    assert run.exit_code == 0, run.output
    crc_file = calls / f"{SAMPLE_VTT.stem}.crc.json"
    assert runner.invoke(app, ["score", str(crc_file)]).exit_code == 0

    data = json.loads(crc_file.read_text(encoding="utf-8"))
    data["facts"][0]["evidence"][0]["quote"] = NEVER_SAID
    crc_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    forged = runner.invoke(app, ["score", str(crc_file)])
    assert forged.exit_code == 2 and "citation absente" in forged.output

    elsewhere = tmp_path / "elsewhere.crc.json"
    shutil.copy(crc_file, elsewhere)
    lost = runner.invoke(app, ["score", str(elsewhere)])
    assert lost.exit_code == 2 and "--transcript" in lost.output
    # a recording's CRC: the transcription written beside it
    (tmp_path / "elsewhere.transcript.json").write_text(write_transcript_json(read_transcript(SAMPLE_VTT)), encoding="utf-8")
    beside = runner.invoke(app, ["score", str(elsewhere)])
    assert beside.exit_code == 2 and "citation absente" in beside.output
