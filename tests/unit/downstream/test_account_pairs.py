"""Issue 23 on account pairs written apart from the rules (``tests/data/accounts``): two calls of one client
each (two French, one English), with promises kept, moved, dropped and still late said in other words than the tuning account's,
promises whose object is a pronoun, people named but never met, and each side's people across calls.

The golds were written before crc ran on the calls; the figures are printed (``pytest -s``) and the floors
asserted are what the ledger reaches now, so a change that loses a line fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from account_gold import check_account_gold

from summarizer.evaluation.accounts import AccountResult, run_account

DATA = Path(__file__).resolve().parents[2] / "data" / "accounts"
PAIRS = sorted(DATA.glob("account-*/*.account-gold.json"))
KEYS = ("found", "status", "done_precision", "done_recall", "named_not_met", "sides", "precision")



@pytest.mark.parametrize("path", PAIRS, ids=[p.parent.name for p in PAIRS])
def test_pair_golds_quote_their_calls(path: Path) -> None:
    check_account_gold(path)


def _figures(r: AccountResult) -> dict[str, tuple[int, int]]:
    return {k: (getattr(r, k).correct, getattr(r, k).total) for k in KEYS}


@pytest.fixture(scope="module")
def results() -> dict[str, AccountResult]:
    from summarizer.extract.rules.extractor import extract_rules

    return {p.parent.name: run_account(p, "rules", extract_rules) for p in PAIRS}


#: what the rules backend reaches on each pair (correct counts; totals come from the gold)
FLOORS: dict[str, dict[str, int]] = {
    # "I'll ask them whether they'd take a call" rests on the English task classifier alone, which leaves it out
    # since the clause model lost its dialogue features: 11 lines, 3 kept promises closed
    "account-brightwater-foods": {"found": 11, "status": 10, "done_recall": 3, "named_not_met": 0, "sides": 5, "precision": 11},
    "account-fromageries-vialatte": {"found": 13, "status": 13, "done_recall": 5, "named_not_met": 1, "sides": 5, "precision": 13},
    "account-maisons-castagnede": {"found": 10, "status": 10, "done_recall": 4, "named_not_met": 1, "sides": 4, "precision": 10},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_pair_figures(results: dict[str, AccountResult], name: str) -> None:
    r = results[name]
    assert r.error is None
    got = _figures(r)
    print(name, got, *r.misses, sep="\n  ")
    assert got["done_precision"][0] == got["done_precision"][1], (got, r.misses)  # nothing closed wrongly
    assert all(got[k][0] >= floor for k, floor in FLOORS[name].items()), (got, r.misses)
