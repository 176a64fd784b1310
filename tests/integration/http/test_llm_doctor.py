"""``crc doctor`` against the scripted OpenAI-compatible server."""

from __future__ import annotations

import pytest
from openai_server import ScriptedServer, answer, error
from typer.testing import CliRunner

from summarizer.cli import app

runner = CliRunner()


def _env(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CRC_LLM_MODEL", "CRC_LLM_REDACT"):
        monkeypatch.delenv(key, raising=False)
    for key, value in values.items():
        monkeypatch.setenv(key, value)


def test_all_checks_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    with ScriptedServer([answer("OK")], models=("llama3.1:8b", "test-model")) as server:
        _env(monkeypatch, OPENAI_BASE_URL=server.url, CRC_LLM_MODEL="test-model")
        result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert all(line.startswith("✓") for line in lines) and len(lines) == 6
    assert "pseudonymisation désactivée" in lines[1] and "127.0.0.1" in lines[1]
    assert "2 modèle(s)" in result.output and "appel d'essai d'un jeton réussi" in result.output
    assert server.chat[0].body["max_tokens"] == 1
    assert [r.path for r in server.requests] == ["/v1/models", "/v1/chat/completions"]


def test_missing_model_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, OPENAI_BASE_URL="http://127.0.0.1:9/v1")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert "CRC_LLM_MODEL" in result.output


def test_model_not_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    with ScriptedServer(models=("mistral",)) as server:
        _env(monkeypatch, OPENAI_BASE_URL=server.url, CRC_LLM_MODEL="gpt-4o-mini")
        result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("✗") and "gpt-4o-mini" in last and "mistral" in last and "CRC_LLM_MODEL" in last
    assert server.chat == []


def test_unreachable_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    with ScriptedServer() as server:
        url = server.url
    _env(monkeypatch, OPENAI_BASE_URL=url, CRC_LLM_MODEL="test-model")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "injoignable" in result.output and "OPENAI_BASE_URL" in result.output.splitlines()[-1]


def test_wrong_key(monkeypatch: pytest.MonkeyPatch) -> None:
    with ScriptedServer(api_key="sk-right") as server:
        _env(monkeypatch, OPENAI_BASE_URL=server.url, CRC_LLM_MODEL="test-model", OPENAI_API_KEY="sk-wrong")
        result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "OPENAI_API_KEY" in result.output.splitlines()[-1]


def test_test_call_failure_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    with ScriptedServer([error(503, "model is loading")]) as server:
        _env(monkeypatch, OPENAI_BASE_URL=server.url, CRC_LLM_MODEL="test-model")
        result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("✗ appel d'essai") and "503" in last and "model is loading" in last


@pytest.mark.parametrize(("redact", "expected"), [
    (None, "pseudonymisation désactivée : l'endpoint 127.0.0.1 est sur cette machine"),
    ("on", "pseudonymisation activée : imposée par CRC_LLM_REDACT=on"),
    ("off", "pseudonymisation désactivée : imposée par CRC_LLM_REDACT=off"),
])
def test_doctor_says_which_redaction_applies(monkeypatch: pytest.MonkeyPatch, redact: str | None, expected: str) -> None:
    with ScriptedServer([answer("OK")]) as server:
        _env(monkeypatch, OPENAI_BASE_URL=server.url, CRC_LLM_MODEL="test-model", **({"CRC_LLM_REDACT": redact} if redact else {}))
        result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert expected in result.output.splitlines()[1]


def test_doctor_remote_endpoint_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The decision line comes before any network check: an unreachable cloud URL still says why."""
    _env(monkeypatch, OPENAI_BASE_URL="https://llm.example.com:9/v1", CRC_LLM_MODEL="m", CRC_LLM_TIMEOUT="1",
         CRC_LLM_TRANSPORT_ATTEMPTS="1")
    result = runner.invoke(app, ["doctor"])
    assert "pseudonymisation activée : l'endpoint llm.example.com est hors de cette machine" in result.output


def test_a_bad_redact_value_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, CRC_LLM_MODEL="test-model", CRC_LLM_REDACT="yes")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 2
    assert result.output.strip() == "✗ CRC_LLM_REDACT invalide : valeur non admise ; valeurs possibles : 'auto', 'on' ou 'off'."
