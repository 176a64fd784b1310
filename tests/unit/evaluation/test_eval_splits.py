"""The tune/measure split of a corpus: proposed deterministically, reported side by side, gated per split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_fixtures import GOLD, fixed, good_crc, write_case, wrong_date_crc
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.cli.eval import execute
from summarizer.errors import InputError
from summarizer.evaluation.baseline import load_baseline
from summarizer.evaluation.report import to_markdown
from summarizer.evaluation.runner import run_eval
from summarizer.evaluation.splits import CorpusSplit, SplitFile, load_splits, propose, splits_of

ROOT = Path(__file__).resolve().parents[3]
CORPORA = ROOT.parent / "shared" / "corpora"


def _write_splits(path: Path, corpus: str, tune: list[str], measure: list[str]) -> Path:
    data = SplitFile(corpora={corpus: CorpusSplit(tune=tune, measure=measure)}).model_dump(mode="json")
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    for name in ("a-call", "b-call", "c-call", "d-call"):
        write_case(folder, name)
    return folder


def test_propose_keeps_series_together_stratifies_and_measures_accounts(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    for series in ("ES2004", "ES2007", "IS1000", "IS1004"):
        for meeting in "abcd":
            write_case(folder, f"{series}{meeting}", {**GOLD, "language": "en", "meeting_type": None})
    write_case(folder, "x-negociation", {**GOLD, "meeting_type": "negotiation"})
    write_case(folder, "y-negociation", {**GOLD, "meeting_type": "negotiation"})
    write_case(folder / "account-acme", "p1-acme")
    split = propose(folder)
    assert split == propose(folder), "deterministic"
    assert "p1-acme" in split.measure
    for series in ("ES2004", "ES2007", "IS1000", "IS1004"):
        sides = {("tune" if f"{series}{m}" in split.tune else "measure") for m in "abcd"}
        assert len(sides) == 1, f"{series} split across tune and measure"
    assert sum(s.startswith("ES") for s in split.tune) == 4 and sum(s.startswith("IS") for s in split.tune) == 4
    assert {"x-negociation", "y-negociation"} & set(split.tune) and {"x-negociation", "y-negociation"} & set(split.measure)


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora absent")
def test_committed_split_is_the_proposed_one_and_covers_every_case() -> None:
    committed = load_splits(ROOT / "eval" / "splits.json")
    for name in ("calls-dev", "ami-en"):
        split = committed.corpora[name]
        assert split == propose(CORPORA / name), f"regenerate eval/splits.json (see summarizer/evaluation/splits.py): {name}"
        assert not set(split.tune) & set(split.measure)
        assert abs(len(split.tune) - len(split.measure)) <= 4
    assert all(c.startswith("p") for c in committed.corpora["calls-dev"].measure if "sauvaire" in c)


def test_report_gives_each_split_and_the_gate_compares_them(corpus: Path, tmp_path: Path) -> None:
    splits = _write_splits(tmp_path / "splits.json", "corpus", ["a-call", "b-call"], ["c-call", "d-call"])
    out = tmp_path / "out"
    code = execute(corpus, ["rules"], out, extractors={"rules": fixed(good_crc())}, progress=False, splits=splits,
                   save_baseline=tmp_path / "base.json")
    assert code == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(report["splits"]) == {"tune", "measure"}
    assert report["splits"]["measure"]["rules"]["cases"] == 2
    assert {c["split"] for c in report["cases"]} == {"tune", "measure"}
    assert "rules@measure" in (out / "report.md").read_text(encoding="utf-8")
    base = load_baseline(tmp_path / "base.json")
    assert set(base) == {"rules", "rules@tune", "rules@measure"}

    # a regression fails the gate on the whole folder and on each split, named
    code = execute(corpus, ["rules"], tmp_path / "out2", baseline=tmp_path / "base.json", progress=False, splits=splits,
                   extractors={"rules": fixed(wrong_date_crc())})
    assert code == 1
    again = json.loads((tmp_path / "out2" / "report.json").read_text(encoding="utf-8"))
    regressions = again["comparison"]["regressions"]
    assert any(r.startswith("rules@measure") for r in regressions) and any(r.startswith("rules ·") for r in regressions)


def test_one_split_only_is_compared_with_that_split(corpus: Path, tmp_path: Path) -> None:
    splits = _write_splits(tmp_path / "splits.json", "corpus", ["a-call", "b-call"], ["c-call"])
    report = run_eval(corpus, ["rules"], {"rules": fixed(good_crc())},
                      split_of=splits_of(splits, corpus, "measure"), only="measure")
    assert {r.case for r in report.cases} == {"c-call"}
    assert list(report.columns()) == ["rules@measure"]
    full = run_eval(corpus, ["rules"], {"rules": fixed(good_crc())}, split_of=splits_of(splits, corpus))
    assert any("hors du découpage" in n for n in full.notes), "d-call is in neither split"
    assert "d-call" in to_markdown(full)


def test_split_options_fail_in_one_line(corpus: Path, tmp_path: Path) -> None:
    splits = _write_splits(tmp_path / "splits.json", "other", ["x"], ["y"])
    with pytest.raises(InputError, match="--split dev inconnu"):
        splits_of(splits, corpus, "dev")
    with pytest.raises(InputError, match="pas découpé"):
        splits_of(splits, corpus, "measure")
    assert splits_of(splits, corpus) is None  # an unsplit folder is simply reported whole
    (tmp_path / "bad.json").write_text("{\"corpora\": 3}", encoding="utf-8")
    with pytest.raises(InputError, match="découpage illisible"):
        splits_of(tmp_path / "bad.json", corpus)
    result = CliRunner().invoke(app, ["eval", "--cases", str(corpus), "--split", "measure", "--splits", str(splits),
                                      "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "pas découpé" in result.output
