"""The optional LLM judge, over real HTTP against the scripted OpenAI-compatible server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_fixtures import fixed, good_crc, write_case
from openai_server import ScriptedServer, answer
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.cli.eval import execute
from summarizer.evaluation.judge import parse_verdict

ENV = ("CRC_LLM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY", "CRC_LLM_REDACT")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def test_parse_verdict_clamps_and_rounds() -> None:
    scores, comment = parse_verdict('Voici : {"objective": 3, "facts": 0.4, "decisions": 1.26, "comment": "ok"}')
    assert scores == {"objective": 1.0, "facts": 0.5, "decisions": 1.5}
    assert comment == "ok"


def test_judge_rates_each_crc_and_reports_agreement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = tmp_path / "cases"
    write_case(cases, "a")
    write_case(cases, "b")
    # The rubric gives the good CRC objective 1, facts 0.5 (one fact), decisions 1 (one decision).
    verdict = {"objective": 1, "facts": 0.5, "decisions": 2, "comment": "Décision au présent."}
    with ScriptedServer(default=answer(verdict)) as server:
        monkeypatch.setenv("CRC_LLM_MODEL", "test-model")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        code = execute(cases, ["rules"], tmp_path / "out", judge=True, extractors={"rules": fixed(good_crc())},
                       progress=False)
        sent = server.chat[0].body
    assert code == 0
    assert "Décisions formalisées" in json.dumps(sent, ensure_ascii=False)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["judge"]) == 6  # 2 cases x 3 criteria
    overall = report["judge_overall"]["rules"]
    assert overall["agreement"] == pytest.approx(2 / 3)
    assert overall["decisions.mae"] == pytest.approx(1.0)
    assert "Juge LLM" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_judge_failure_does_not_stop_the_eval(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_case(tmp_path / "cases")
    with ScriptedServer(default=answer("pas de JSON ici")) as server:
        monkeypatch.setenv("CRC_LLM_MODEL", "test-model")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        code = execute(tmp_path / "cases", ["rules"], tmp_path / "out", judge=True,
                       extractors={"rules": fixed(good_crc())}, progress=False)
    assert code == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert "sans objet JSON" in report["judge_error"]
    assert report["overall"]["rules"]["decisions.f1"] == 1.0


def test_judge_not_configured_says_what_to_set(tmp_path: Path) -> None:
    write_case(tmp_path)
    r = CliRunner().invoke(app, ["eval", "--cases", str(tmp_path), "--out", str(tmp_path / "o"), "--judge"])
    assert r.exit_code == 2
    assert "CRC_LLM_MODEL" in r.output and "OPENAI_BASE_URL" in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_llm_backend_not_configured_fails_before_running(tmp_path: Path) -> None:
    write_case(tmp_path)
    r = CliRunner().invoke(app, ["eval", "--cases", str(tmp_path), "--out", str(tmp_path / "o"), "-b", "rules,llm"])
    assert r.exit_code == 2 and "CRC_LLM_MODEL" in r.output
    assert not (tmp_path / "o" / "report.json").exists()


def _llm_answer() -> dict[str, object]:
    """What a good model would answer for the synthetic call of eval_fixtures."""

    def q(segment: int, quote: str) -> list[dict[str, object]]:
        return [{"segment": segment, "quote": quote}]

    return {
        "meeting_type": "discovery", "subject": "Découverte", "objective": "Qualifier le besoin.",
        "participants": [{"name": "Claire Martin", "side": "vendor"}, {"name": "Marc Ferrand", "side": "client"}],
        "facts": [{"text": "140 camions sur 3 dépôts", "evidence": q(1, "Nous avons 140 camions sur trois dépôts")}],
        "decisions": [{"text": "Pilote à Lyon", "evidence": q(3, "On part sur un pilote au dépôt de Lyon")}],
        "risks": [{"text": "Budget 2027 non arbitré", "category": "budget",
                   "evidence": q(2, "Le budget 2027 n'est pas encore arbitré")}],
        "next_steps": [{"action": "Présentation au comité", "owner": "Marc Ferrand", "side": "client",
                        "due_text": "le 15 décembre", "due_date": "2026-12-15",
                        "evidence": q(5, "Je vous présente au comité le 15 décembre")}],
        "deliverables": [{"what": "Proposition", "issuer": "Claire Martin", "side": "vendor",
                          "due_text": "vendredi 20 novembre", "due_date": "2026-11-20",
                          "evidence": q(4, "Je vous envoie la proposition vendredi 20 novembre")}],
    }


def test_rules_and_llm_side_by_side_through_the_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No injected extractor: the real rules backend and the real LLM client over HTTP."""
    write_case(tmp_path / "cases")
    with ScriptedServer(default=answer(_llm_answer())) as server:
        monkeypatch.setenv("CRC_LLM_MODEL", "test-model")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        code = execute(tmp_path / "cases", ["rules", "llm"], tmp_path / "out", progress=False)
    assert code == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [r["error"] for r in report["cases"]] == [None, None]
    llm = report["overall"]["llm"]
    assert llm["commitments.f1"] == 1.0 and llm["due_date_accuracy"] == 1.0
    assert llm["tokens_per_call"] and llm["tokens_per_call"] > 0 and llm["attempts_per_call"] == 1
    assert report["overall"]["rules"]["tokens_per_call"] is None
    assert report["overall"]["rules"]["grounding"] == 1.0


def test_the_judge_gets_the_call_pseudonymised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CRC_LLM_REDACT=on: no name or e-mail of the CRC reaches the judge; its comment comes back restored."""
    from eval_fixtures import crc_data, ev

    from summarizer.crc import CRC

    email = "marc.ferrand@transports-ferrand.fr"
    crc = CRC.model_validate(crc_data(facts=[{"text": f"Marc Ferrand joignable à {email}",
                                              "evidence": [ev(1, "Nous avons 140 camions sur trois dépôts")]}]))
    write_case(tmp_path / "cases")
    verdict = {"objective": 1, "facts": 0.5, "decisions": 1, "comment": "Contact [EMAIL_1] bien noté."}
    monkeypatch.setenv("CRC_LLM_REDACT", "on")
    with ScriptedServer(default=answer(verdict)) as server:
        monkeypatch.setenv("CRC_LLM_MODEL", "test-model")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        code = execute(tmp_path / "cases", ["rules"], tmp_path / "out", judge=True, extractors={"rules": fixed(crc)},
                       progress=False)
        sent = json.dumps(server.chat[0].body, ensure_ascii=False)
    assert code == 0
    assert "[EMAIL_1]" in sent and email not in sent and "Marc Ferrand" not in sent and "pseudonymisés" in sent
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["judge"][0]["comment"] == f"Contact {email} bien noté."
