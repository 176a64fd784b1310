"""The eval runner, its three reports and the regression gate, end to end on a synthetic case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_fixtures import GOLD, dropped_commitment_crc, fixed, good_crc, trap_crc, write_case, wrong_date_crc
from typer.testing import CliRunner

import summarizer.evaluation.runner as runner
from summarizer.cli import app
from summarizer.cli.eval import execute
from summarizer.errors import InputError
from summarizer.evaluation.baseline import compare, load_baseline
from summarizer.evaluation.runner import run_eval


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    write_case(folder, "a-call")
    write_case(folder, "b-call")
    return folder


def test_bad_cases_become_error_rows_and_the_run_goes_on(cases: Path) -> None:
    (cases / "c-broken.gold.json").write_text("{oops", encoding="utf-8")
    (cases / "d-missing.gold.json").write_text(json.dumps({**GOLD, "transcript": "nowhere.vtt"}), encoding="utf-8")
    (cases / "e-binary.vtt").write_bytes(b"\x00\x01\x02" * 100)
    (cases / "e-binary.gold.json").write_text(json.dumps({**GOLD, "transcript": "e-binary.vtt"}), encoding="utf-8")
    report = run_eval(cases, ["rules"], {"rules": fixed(good_crc())})
    errors = {r.case: r.error for r in report.cases if r.error}
    assert set(errors) == {"c-broken", "d-missing", "e-binary"}
    assert "gold invalide" in (errors["c-broken"] or "")
    assert "introuvable" in (errors["d-missing"] or "")
    assert report.overall["rules"]["errors"] == 3
    assert report.overall["rules"]["decisions.f1"] == 1.0  # the two good cases still count
    assert report.worst_first()[0].error is not None


def test_extractor_crash_is_an_error_row(cases: Path) -> None:
    def boom(transcript: object, ctx: object) -> object:
        raise RuntimeError("kaputt")

    report = run_eval(cases, ["rules"], {"rules": boom})  # type: ignore[dict-item]
    assert all("RuntimeError: kaputt" in (r.error or "") for r in report.cases)


def test_reports_side_by_side_and_escaped(cases: Path, tmp_path: Path) -> None:
    data = trap_crc().model_dump(mode="json")
    data["next_steps"][-1]["action"] = "Connecter <script>alert(1)</script> la paie"
    from summarizer.crc import CRC

    out = tmp_path / "out"
    code = execute(cases, ["rules", "llm"], out, extractors={"rules": fixed(good_crc()),
                                                            "llm": fixed(CRC.model_validate(data))}, progress=False)
    assert code == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["backends"] == ["rules", "llm"]
    assert report["overall"]["rules"]["traps_extracted"] == 0
    assert report["overall"]["llm"]["traps_extracted"] == 2
    assert report["overall"]["llm"]["hallucinated_owners"] == 2
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "| Métrique | rules | llm |" in md
    assert "Piège extrait" in md and "> [6 00:00:30] Marc Ferrand : Idéalement" in md
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<style>" in html and "src=" not in html  # self-contained
    # worst first: the llm rows (false positives) come before the perfect rules rows
    per_case = html[html.index("Par cas"):]
    assert per_case.index("<td>llm</td>") < per_case.index("<td>rules</td>")
    assert sorted(p.name for p in (out / "crc").iterdir()) == [
        "a-call.llm.crc.json", "a-call.rules.crc.json", "b-call.llm.crc.json", "b-call.rules.crc.json"]


@pytest.mark.parametrize(
    ("degraded", "metric"),
    [
        (dropped_commitment_crc, "commitments.recall"),
        (wrong_date_crc, "due_date_accuracy"),
        (trap_crc, "traps_extracted"),
    ],
)
def test_gate_fails_on_regression_and_passes_on_same(cases: Path, tmp_path: Path, degraded, metric) -> None:  # type: ignore[no-untyped-def]
    baseline = tmp_path / "baseline.json"
    good = {"rules": fixed(good_crc())}
    assert execute(cases, ["rules"], tmp_path / "o1", extractors=good, save_baseline=baseline, progress=False) == 0
    assert execute(cases, ["rules"], tmp_path / "o2", baseline=baseline, extractors=good, progress=False) == 0
    code = execute(cases, ["rules"], tmp_path / "o3", baseline=baseline, extractors={"rules": fixed(degraded())},
                   progress=False)
    assert code == 1
    report = json.loads((tmp_path / "o3" / "report.json").read_text(encoding="utf-8"))
    assert any(f"({metric})" in line for line in report["comparison"]["regressions"])
    # a full report.json is accepted as a baseline too
    assert execute(cases, ["rules"], tmp_path / "o4", baseline=tmp_path / "o1" / "report.json",
                   extractors=good, progress=False) == 0


def test_tolerance_absorbs_small_drops() -> None:
    base = {"rules": {"decisions.f1": 0.80, "traps_extracted": 0.0, "score_mae": 1.0, "seconds_per_call": 0.1}}
    cur = {"rules": {"decisions.f1": 0.79, "traps_extracted": 0.0, "score_mae": 1.1, "seconds_per_call": 9.0}}
    assert not compare(cur, base, 0.02).failed
    assert compare(cur, base, 0.005).failed
    cur["rules"]["traps_extracted"] = 1.0
    assert compare(cur, base, 0.5).regressions[0].startswith("rules · Pièges")


def test_cli_gate_exit_codes(cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the real `crc eval` command: the exit code flips when the prediction degrades."""
    crc = {"value": good_crc()}
    monkeypatch.setattr(runner, "pipeline_extractor", lambda backend: fixed(crc["value"]))
    cli = CliRunner()
    base = tmp_path / "baseline.json"
    first = cli.invoke(app, ["eval", "--cases", str(cases), "--out", str(tmp_path / "o1"), "--save-baseline", str(base)])
    assert first.exit_code == 0, first.output
    assert "Décisions — F1" in first.output and "rules" in first.output
    same = cli.invoke(app, ["eval", "--cases", str(cases), "--out", str(tmp_path / "o2"), "--baseline", str(base)])
    assert same.exit_code == 0, same.output
    crc["value"] = wrong_date_crc()
    worse = cli.invoke(app, ["eval", "--cases", str(cases), "--out", str(tmp_path / "o3"), "--baseline", str(base)])
    assert worse.exit_code == 1
    assert "due_date_accuracy" in worse.output
    loose = cli.invoke(app, ["eval", "--cases", str(cases), "--out", str(tmp_path / "o4"), "--baseline", str(base),
                             "--tolerance", "0.6"])
    assert loose.exit_code == 0, loose.output


def test_cli_bad_options_are_one_line(tmp_path: Path) -> None:
    cli = CliRunner()
    r = cli.invoke(app, ["eval", "--cases", str(tmp_path / "none")])
    assert r.exit_code == 2 and "dossier de cas introuvable" in r.output
    r = cli.invoke(app, ["eval", "--cases", str(tmp_path), "--backend", "gpt"])
    assert r.exit_code == 2 and "inconnu" in r.output
    (tmp_path / "b.json").write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="overall"):
        load_baseline(tmp_path / "b.json")


def test_cli_init(tmp_path: Path) -> None:
    write_case(tmp_path)
    (tmp_path / "call.gold.json").unlink()
    cli = CliRunner()
    r = cli.invoke(app, ["eval", "--init", str(tmp_path / "call.vtt")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "call.gold.json").is_file()
    again = cli.invoke(app, ["eval", "--init", str(tmp_path / "call.vtt")])
    assert again.exit_code == 2 and "existe déjà" in again.output
