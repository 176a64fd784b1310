"""Issue 20 item 11: names in any script are keys of their own, and never crash a run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli.app import app
from summarizer.names import name_key

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "01-decouverte-transports-ferrand.vtt"


def test_name_key_keeps_letters_without_an_ascii_form() -> None:
    assert name_key("Hélène  DURAND") == name_key("Hélène-Durand") == "helene durand"
    assert name_key("日本電気") == "日本電気" and name_key("Вымпелком") == name_key("ВЫМПЕЛКОМ")
    assert name_key("日本電気") != name_key("Вымпелком") != ""


def test_name_key_reads_a_typographic_apostrophe_as_the_typed_one() -> None:
    """"D’Almeida" (Word, Teams) and "D'Almeida" (a keyboard) are one person; the ledger's own key said so, and
    it is now the only key."""
    assert name_key("Inès D’Almeida") == name_key("Ines D'ALMEIDA") == "ines d'almeida"


@pytest.mark.parametrize("client", ["日本電気", "Вымпелком", "Ørsted A/S"])
def test_a_client_in_another_script_runs(tmp_path: Path, client: str) -> None:
    result = CliRunner().invoke(app, ["run", str(SAMPLE), "--client", client, "--meeting-date", "2026-11-18",
                                      "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    crc = json.loads((tmp_path / f"{SAMPLE.stem}.crc.json").read_text(encoding="utf-8"))
    assert crc["meeting"]["client"] == client and crc["id"].startswith("CRC-2026-11-18-")
