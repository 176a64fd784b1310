"""``--speakers`` out of 1..8 is one French line from the catalog and exit 2, for ``crc run`` and ``crc batch``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "01-decouverte-transports-ferrand.vtt"


@pytest.mark.parametrize("value", ["0", "9", "-1"])
def test_speakers_out_of_range_is_one_french_line_exit_2(tmp_path: Path, value: str) -> None:
    runner = CliRunner()
    for command in (["run", str(SAMPLE)], ["batch", str(SAMPLE.parent)]):
        result = runner.invoke(app, [*command, "--out", str(tmp_path / "o"), "--speakers", value])
        assert result.exit_code == 2, result.output
        text = " ".join(result.output.split())
        assert f"--speakers {value} : entre 1 et 8 locuteurs" in text, text
        assert "Input should" not in text and "greater than" not in text
    assert not (tmp_path / "o").exists()
