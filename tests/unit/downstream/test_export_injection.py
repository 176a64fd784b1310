"""Issue 20 item 6: a name that is a formula is text in every CRM file, and every CSV file has a BOM."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from crc_factory import full_fr
from typer.testing import CliRunner

from summarizer.cli.app import app
from summarizer.crc import CRC
from summarizer.files import safe_cell

EVIL = '=HYPERLINK("http://x","clic")'


def evil_crc() -> CRC:
    """A Teams guest's display name as the vendor owner, and a client and rep that start like formulas."""
    text = full_fr().model_dump_json().replace("Julien Morel", EVIL.replace('"', '\\"'))
    data = json.loads(text)
    data["meeting"]["client"] = "+33 Transports"
    data["meeting"]["rep"] = "@rep"
    data["next_steps"][0]["action"] = "-1+2 réunion\tcadrage"
    return CRC.model_validate(data)


@pytest.mark.parametrize("value", [EVIL, "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_start_becomes_text(value: str) -> None:
    assert safe_cell(value) == "'" + value


def test_plain_values_are_unchanged() -> None:
    assert [safe_cell(v) for v in ("Julien Morel", "2026-11-18", "", "a=b")] == ["Julien Morel", "2026-11-18", "", "a=b"]


@pytest.mark.parametrize("target", ["csv", "hubspot", "salesforce"])
def test_no_cell_of_a_crm_file_is_a_formula(tmp_path: Path, target: str) -> None:
    crc_file = tmp_path / "evil.crc.json"
    crc_file.write_text(evil_crc().model_dump_json(), encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(crc_file), "--to", target, "--out", str(tmp_path / "crm.csv")])
    assert result.exit_code == 0, result.output
    files = sorted(tmp_path.glob("crm*.csv"))
    assert files
    cells: list[str] = []
    for path in files:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name  # Excel reads the accents right
        with path.open(encoding="utf-8-sig", newline="") as fh:
            cells.extend(c for row in csv.reader(fh) for c in row)
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'" + EVIL in cells or any(c.startswith("'" + EVIL) for c in cells)
    if target != "salesforce":  # Salesforce rows carry no client column
        assert "'+33 Transports" in cells


def test_the_team_summary_csv_escapes_formulas_too() -> None:
    import datetime as dt

    from summarizer.render.summary import FileEntry, build_summary, render_csv
    from summarizer.score import score_crc

    crc = evil_crc()
    summary = build_summary([FileEntry(rel_path="=cmd.vtt", status="done", crc=crc, report=score_crc(crc))],
                            dt.date(2026, 12, 1))
    rows = list(csv.DictReader(render_csv(summary).lstrip("\ufeff").splitlines()))
    assert rows[0]["file"] == "'=cmd.vtt" and rows[0]["client"] == "'+33 Transports"
    assert not [v for row in rows for v in row.values() if v[:1] in ("=", "+", "-", "@")]
