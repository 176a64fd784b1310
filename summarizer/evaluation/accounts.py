"""Account golds (``*.account-gold.json``) scored by ``crc eval`` the way call golds are.

An account gold (format of ``samples/account-ferrand``) follows one client over several calls: the
status each commitment should have on ``as_of`` (``done`` with the later call's quote that closes it,
``overdue``, ``open``) and the people named but never met. Each backend makes the CRCs of those calls,
``crc account`` joins them, and the ledger is compared with the gold. Counts are kept so the overall
figures are micro-averages over commitments, like the call metrics.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.errors import CrcError, InputError, validation_summary
from summarizer.evaluation.metrics import Ratio

ACCOUNT_GOLD_SUFFIX = ".account-gold.json"


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AccountCall(_Gold):
    transcript: str
    meeting_date: dt.date


class AccountCommitment(_Gold):
    text: str
    owner: str | None = None
    side: Literal["vendor", "client"] | None = None
    due_date: dt.date | None = None
    source: dt.date = Field(description="Meeting date of the call that made the promise.")
    promise: str = Field(description="Verbatim quote of the promise in that call.")
    status: Literal["open", "done", "overdue", "dropped"]
    done_in: dt.date | None = None
    report: list[str] = Field(default_factory=list, description="Quotes of the later call reporting it done.")


class AccountStakeholder(_Gold):
    name: str
    organization: str | None = None
    side: Literal["vendor", "client"] | None = None
    role: str | None = None
    calls: list[dt.date] = Field(default_factory=list, description="Calls attended; empty: named, never met.")


class AccountGold(_Gold):
    client: str
    vendor: str | None = None
    as_of: dt.date
    calls: list[AccountCall] = Field(min_length=1)
    commitments: list[AccountCommitment] = Field(default_factory=list)
    stakeholders: list[AccountStakeholder] = Field(default_factory=list)
    recurring_risks: list[dict[str, Any]] = Field(default_factory=list)


class AccountResult(BaseModel):
    """One account gold scored for one backend."""

    case: str
    backend: str
    split: str | None = None
    error: str | None = None
    #: gold commitments found in the ledger (a line of the source call quoting the promise)
    found: Ratio = Field(default_factory=Ratio)
    #: found commitments with the gold status (open / done / overdue)
    status: Ratio = Field(default_factory=Ratio)
    #: ledger lines marked done that close a gold "done" commitment in the right call
    done_precision: Ratio = Field(default_factory=Ratio)
    #: gold "done" commitments found done
    done_recall: Ratio = Field(default_factory=Ratio)
    #: people named but never met, found as such
    named_not_met: Ratio = Field(default_factory=Ratio)
    #: ledger lines that are a gold promise (a quote of its call holds it): the rest was never promised
    precision: Ratio = Field(default_factory=Ratio)
    #: people met, found on the gold's side (the vendor's rep never a client stakeholder, and back)
    sides: Ratio = Field(default_factory=Ratio)
    misses: list[str] = Field(default_factory=list)


def discover_accounts(cases_dir: Path) -> list[Path]:
    return sorted(p for p in cases_dir.rglob(f"*{ACCOUNT_GOLD_SUFFIX}") if p.is_file())


def account_case_name(path: Path) -> str:
    return path.name[: -len(ACCOUNT_GOLD_SUFFIX)]


def load_account_gold(path: Path) -> AccountGold:
    try:
        return AccountGold.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise InputError(f"{path.name} : lecture impossible ({exc.strerror}).") from exc
    except ValidationError as exc:
        raise InputError(f"{path.name} : gold de compte invalide ({validation_summary(exc)}) ; "
                         "voir samples/account-ferrand.", source=path) from exc


def _contains(haystack: str, needle: str) -> bool:
    from summarizer.grounding import normalize

    h, n = normalize(haystack), normalize(needle)
    return bool(h and n) and (n in h or h in n)


def measure_account(gold: AccountGold, account: Any, result: AccountResult) -> None:
    """Compare the ledger of ``account`` (:class:`summarizer.downstream.account.Account`) with the gold."""
    ids = {c.date: c.crc_id for c in account.calls}
    for g in gold.commitments:
        lines = [c for c in account.commitments if c.source == ids.get(g.source)
                 and any(e.crc_id == c.source and _contains(e.quote, g.promise) for e in c.evidence)]
        result.found.total += 1
        result.done_recall.total += g.status == "done"
        if not lines:
            result.misses.append(f"non trouvé : {g.text}")
            continue
        result.found.correct += 1
        result.status.total += 1
        status = lines[0].status.value
        result.status.correct += status == g.status
        result.done_recall.correct += g.status == "done" and status == "done"
        if status != g.status:
            result.misses.append(f"statut {status}, attendu {g.status} : {g.text}")
    gold_done = [g for g in gold.commitments if g.status == "done" and g.done_in is not None]
    for c in (c for c in account.commitments if c.status.value == "done"):
        result.done_precision.total += 1
        result.done_precision.correct += any(
            c.source == ids.get(g.source) and c.done_in == ids.get(g.done_in)
            and any(_contains(e.quote, g.promise) for e in c.evidence) for g in gold_done)
    for s in (s for s in gold.stakeholders if not s.calls):
        result.named_not_met.total += 1
        result.named_not_met.correct += any(_contains(p.name, s.name) and not p.calls for p in account.stakeholders)
    for c in account.commitments:
        result.precision.total += 1
        hit = any(c.source == ids.get(g.source) and any(e.crc_id == c.source and _contains(e.quote, g.promise)
                                                       for e in c.evidence) for g in gold.commitments)
        result.precision.correct += hit
        if not hit:
            result.misses.append(f"jamais promis : {c.text}")
    people = {p.name: p for p in account.stakeholders}
    for s in (s for s in gold.stakeholders if s.calls and s.side):
        result.sides.total += 1
        side = people[s.name].side.value if s.name in people else None
        result.sides.correct += side == s.side
        if side != s.side:
            result.misses.append(f"côté {side}, attendu {s.side} : {s.name}")


def run_account(path: Path, backend: str, extractor: Callable[..., Any], split: str | None = None) -> AccountResult:
    """The CRCs of the account's calls with this backend, their account, scored. Never raises for a bad case."""
    from summarizer.downstream.account import account_from_folder
    from summarizer.pipeline import RunOptions, run_file

    result = AccountResult(case=account_case_name(path), backend=backend, split=split)
    try:
        gold = load_account_gold(path)
        with tempfile.TemporaryDirectory(prefix="crc-eval-account-") as out:
            for call in gold.calls:
                options = RunOptions(meeting_date=call.meeting_date, client=gold.client, vendor=gold.vendor,
                                     progress=False).model_copy(update={"backend": backend})
                run_file(path.parent / call.transcript, Path(out), options, extractor=extractor)
            measure_account(gold, account_from_folder(Path(out), gold.client, gold.as_of), result)
    except CrcError as exc:
        result.error = str(exc)
    return result


def account_split(path: Path, split_of: Mapping[str, str] | None) -> str | None:
    """The split of an account: the one all its calls are in (``eval/splits.json`` lists calls), else None."""
    if not split_of:
        return None
    try:
        calls = json.loads(path.read_text(encoding="utf-8")).get("calls", [])
    except (OSError, ValueError, AttributeError):
        return None
    found = {split_of.get(Path(str(c.get("transcript", ""))).stem) for c in calls if isinstance(c, dict)}
    return found.pop() if len(found) == 1 else None


def aggregate_accounts(results: Sequence[AccountResult]) -> dict[str, float | None]:
    """Overall account figures for one backend (None when no account gold was scored)."""
    ok = [r for r in results if r.error is None]

    def ratio(attr: str) -> float | None:
        parts = [getattr(r, attr) for r in ok]
        return Ratio(correct=sum(p.correct for p in parts), total=sum(p.total for p in parts)).value

    return {
        "account_commitments_found": ratio("found"),
        "account_status_accuracy": ratio("status"),
        "account_done_precision": ratio("done_precision"),
        "account_done_recall": ratio("done_recall"),
        "account_named_not_met": ratio("named_not_met"),
        "account_sides": ratio("sides"),
        "account_ledger_precision": ratio("precision"),
        "account_errors": float(len(results) - len(ok)) if results else None,
    }
