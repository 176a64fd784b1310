"""Issue 21 item 3: one list of outputs and one of CRM targets; an extra entry reaches every place.

Each test registers an entry the package does not have, changes nothing else, and checks every
place that once kept its own list by hand: the files a run writes, the service's artifacts, its
download route (which answered 422 to a kind missing from a ``Literal``), the page's buttons, and
``crc export --to``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished
from typer.testing import CliRunner

from summarizer.downstream import export
from summarizer.pipeline import (
    OUTPUTS,
    Output,
    Rendering,
    RunOptions,
    output_suffixes,
    register_output,
    run_file,
)
from summarizer.serve.jobs import ARTIFACTS, page_downloads

SUFFIX = ".summary.txt"


def _summary(r: Rendering) -> bytes:
    return f"{r.crc.id} : {r.report.total}/10\n".encode()


@pytest.fixture
def extra_output() -> Iterator[Output]:
    output = Output("txt", SUFFIX, "text/plain; charset=utf-8", _summary)
    register_output(output)
    try:
        yield output
    finally:
        OUTPUTS.remove(output)


@pytest.fixture
def pipedrive() -> Iterator[str]:
    def write(records: list[export.CrmRecord], out: Path) -> dict[Path, str]:
        return {out: json.dumps([{"deal_id": r.opportunity_id, "content": r.subject} for r in records])}

    export.register_target("pipedrive", write)
    try:
        yield "pipedrive"
    finally:
        del export.EXPORT_TARGETS["pipedrive"]


def test_a_registered_output_is_written_by_a_run(tmp_path: Path, extra_output: Output) -> None:
    call = tmp_path / "appel.vtt"
    call.write_text(SHORT_VTT, encoding="utf-8")
    result, written = run_file(call, tmp_path / "out", RunOptions(progress=False))
    assert SUFFIX in output_suffixes()
    assert tmp_path / "out" / f"appel{SUFFIX}" in written
    assert (tmp_path / "out" / f"appel{SUFFIX}").read_text(encoding="utf-8").startswith(result.crc.id)


def test_a_registered_output_is_an_artifact_a_download_and_a_button(tmp_path: Path, extra_output: Output) -> None:
    assert ARTIFACTS["txt"] == (SUFFIX, "text/plain; charset=utf-8")
    assert ("txt", False) in page_downloads() and page_downloads()[0] == ("docx", True)
    settings = settings_for(tmp_path)
    with running(settings) as (client, _app):
        job_id = upload(client, SHORT_VTT.encode(), meeting_date="2026-11-18").json()["id"]
        job = wait_finished(client, job_id)
        assert job["status"] == "done", job["error"]
        got = client.get(f"/api/jobs/{job_id}/files/txt")
        assert got.status_code == 200, got.text
        assert got.headers["content-type"].startswith("text/plain")
        assert got.text.startswith(job["crc_id"]) and f'filename="{job["crc_id"]}{SUFFIX}"' in got.headers[
            "content-disposition"]
        assert client.get(f"/api/jobs/{job_id}/files/exe").status_code == 422  # still only registered kinds
        assert 'data-download="txt"' in client.get("/").text
        schema = client.get("/openapi.json").json()
        kind = next(p for p in schema["paths"]["/api/jobs/{job_id}/files/{kind}"]["get"]["parameters"]
                    if p["name"] == "kind")
        assert "txt" in kind["schema"]["enum"] and "docx" in kind["schema"]["enum"]


def test_the_page_offers_every_page_output_once_without_a_registration(tmp_path: Path) -> None:
    with running(settings_for(tmp_path), start_workers=False) as (client, _app):
        page = client.get("/").text
    for output in OUTPUTS:
        assert page.count(f'data-download="{output.kind}"') == (output.page is not None), output.kind


def test_a_registered_crm_target_is_accepted_by_crc_export(tmp_path: Path, pipedrive: str) -> None:
    from summarizer.cli.app import app

    call = tmp_path / "appel.vtt"
    call.write_text(SHORT_VTT, encoding="utf-8")
    run_file(call, tmp_path / "out", RunOptions(progress=False, opportunity_id="OPP-7"))
    target = tmp_path / "crm.json"
    result = CliRunner().invoke(app, ["export", str(tmp_path / "out"), "--to", pipedrive, "--out", str(target)])
    assert result.exit_code == 0, result.output
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert rows and {r["deal_id"] for r in rows} == {"OPP-7"}
    unknown = CliRunner().invoke(app, ["export", str(tmp_path / "out"), "--to", "zoho", "--out", str(target)])
    assert unknown.exit_code == 2 and "pipedrive" in unknown.output
