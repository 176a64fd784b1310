"""Account golds (*.account-gold.json) scored by crc eval like call golds: the sample account, and a degraded one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from summarizer.crc import CRC
from summarizer.evaluation.accounts import account_split, aggregate_accounts, run_account
from summarizer.evaluation.runner import pipeline_extractor, run_eval
from summarizer.extract.base import ExtractContext
from summarizer.ingest.transcript import Transcript

ROOT = Path(__file__).resolve().parents[3]
FERRAND = ROOT / "samples" / "account-ferrand" / "transports-ferrand.account-gold.json"


def test_sample_account_scores_like_its_downstream_test() -> None:
    result = run_account(FERRAND, "rules", pipeline_extractor("rules"))
    assert result.error is None, result.error
    overall = aggregate_accounts([result])
    assert overall["account_commitments_found"] == 1.0 and overall["account_status_accuracy"] == 1.0
    assert overall["account_done_precision"] == 1.0 and overall["account_done_recall"] == 1.0
    assert result.found.total == len(json.loads(FERRAND.read_text(encoding="utf-8"))["commitments"])


def test_an_extractor_that_loses_the_promises_loses_the_ledger(tmp_path: Path) -> None:
    rules = pipeline_extractor("rules")

    def forgetful(transcript: Transcript, ctx: ExtractContext) -> CRC:
        return rules(transcript, ctx).model_copy(update={"next_steps": [], "deliverables": []})

    folder = tmp_path / "cases"
    shutil.copytree(FERRAND.parent, folder / "account-ferrand")
    shutil.copy(ROOT / "samples" / "01-decouverte-transports-ferrand.vtt", folder)
    report = run_eval(folder, ["rules"], {"rules": forgetful})
    assert [a.case for a in report.accounts] == ["transports-ferrand"]
    assert report.overall["rules"]["account_commitments_found"] == 0.0
    assert report.accounts[0].misses


def test_a_bad_account_gold_is_an_error_row_and_its_split_is_its_calls(tmp_path: Path) -> None:
    bad = tmp_path / "x.account-gold.json"
    bad.write_text(json.dumps({"client": "X", "as_of": "2026-01-01", "calls": []}), encoding="utf-8")
    result = run_account(bad, "rules", pipeline_extractor("rules"))
    assert result.error and "gold de compte invalide" in result.error
    assert aggregate_accounts([result])["account_errors"] == 1
    assert account_split(FERRAND, {"01-decouverte-transports-ferrand": "measure", "02-suivi-transports-ferrand": "measure"}) == "measure"
    assert account_split(FERRAND, {"01-decouverte-transports-ferrand": "tune", "02-suivi-transports-ferrand": "measure"}) is None


def test_sides_and_lines_never_promised_are_scored(tmp_path: Path) -> None:
    """A CRC that puts the vendor's rep on the client's side, and files one more promise nobody made: the
    account's sides and its ledger precision say so (issue 23: every stakeholder on the right side)."""
    from summarizer.crc import NextStep, Side

    rules = pipeline_extractor("rules")

    def confused(transcript: Transcript, ctx: ExtractContext) -> CRC:
        crc = rules(transcript, ctx)
        people = [p.model_copy(update={"side": Side.client, "organization": ctx.client}) if p.name == "Claire Martin"
                  else p for p in crc.participants]
        extra = NextStep(action="Repeindre le dépôt", owner=None, evidence=[crc.facts[0].evidence[0]])
        return crc.model_copy(update={"participants": people, "next_steps": [*crc.next_steps, extra]})

    good, bad = run_account(FERRAND, "rules", rules), run_account(FERRAND, "rules", confused)
    assert (good.sides.correct, good.precision.correct) == (good.sides.total, good.precision.total)
    assert bad.sides.correct == bad.sides.total - 1 and any("Claire Martin" in m for m in bad.misses)
    assert bad.precision.correct == good.precision.correct and "jamais promis : Repeindre le dépôt" in bad.misses
    assert aggregate_accounts([bad])["account_ledger_precision"] == bad.precision.value
