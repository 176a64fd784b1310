"""What a failing LLM endpoint prints: crc's own lines only, instructor's only under ``--debug``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openai_server import ScriptedServer, error

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "01-decouverte-transports-ferrand.vtt"


def _crc_run(server: ScriptedServer, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ, "OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": "sk-test", "CRC_LLM_MODEL": "test-model",
        "CRC_LLM_MODE": "json_schema", "CRC_LLM_TRANSPORT_ATTEMPTS": "3", "CRC_LLM_BACKOFF_INITIAL": "0",
        "CRC_LLM_BACKOFF_MAX": "0",
    }
    return subprocess.run(
        [sys.executable, "-m", "summarizer.cli", "run", str(SAMPLE), "--backend", "llm", "--out", str(out), *extra],
        env=env, capture_output=True, text=True, timeout=300,
    )


def test_11_13_failing_endpoint_prints_one_notice_per_retry_and_crc_line_only(tmp_path: Path) -> None:
    with ScriptedServer(default=error(500, "boom")) as server:
        quiet = _crc_run(server, tmp_path / "a")
        assert server.counts() == (3, 0)
        debug = _crc_run(server, tmp_path / "b", "--debug")
    assert quiet.returncode == 1
    lines = quiet.stderr.strip().splitlines()
    assert lines[:2] == ["LLM: InternalServerError ; nouvel essai 2", "LLM: InternalServerError ; nouvel essai 3"]
    assert len(lines) == 3 and lines[2].startswith("Erreur : erreur du serveur LLM"), lines
    for english in ("API call failed", "Max retries exceeded", "errors.pydantic.dev"):
        assert english not in quiet.stderr
    assert "API call failed on attempt 1" in debug.stderr  # --debug shows the library's own account
