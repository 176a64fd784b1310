"""WER and RTF of an audio case, on a real French clip from ../shared (skipped when absent)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from eval_fixtures import fixed

from summarizer.crc import CRC, make_crc_id
from summarizer.evaluation.runner import run_eval, word_error_rate

CLIP = Path(__file__).resolve().parents[4] / "shared" / "data" / "audio" / "test_fr.wav"
REFERENCE = "Sous le consulat il devient conservateur des eaux et forêts et conseiller général."


def test_wer_normalises_case_and_punctuation() -> None:
    assert word_error_rate("Bonjour, l'équipe !", "bonjour l'équipe") == 0.0
    assert word_error_rate("un deux trois quatre", "un deux trois cinq") == pytest.approx(0.25)


@pytest.mark.slow
@pytest.mark.skipif(not CLIP.is_file(), reason="shared audio clip not available")
def test_audio_case_reports_wer_and_rtf(tmp_path: Path) -> None:
    (tmp_path / "clip.ref.txt").write_text(REFERENCE, encoding="utf-8")
    gold = {"transcript": str(CLIP), "reference_transcript": "clip.ref.txt", "meeting_date": "2026-11-18",
            "language": "fr", "facts": [{"text": "Conservateur des eaux et forêts",
                                          "evidence": ["conservateur des eaux et forêts"]}]}
    (tmp_path / "clip.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    empty = CRC.model_validate({"id": make_crc_id(dt.date(2026, 11, 18), "X"),
                                "meeting": {"date": "2026-11-18", "subject": "Clip"}})
    report = run_eval(tmp_path, ["rules"], {"rules": fixed(empty)})
    [row] = report.cases
    assert row.error is None, row.error
    assert row.wer is not None and row.wer < 0.25
    assert row.rtf is not None and row.rtf > 0
    assert report.overall["rules"]["wer"] == row.wer
    assert row.prf["facts"].fn == 1
