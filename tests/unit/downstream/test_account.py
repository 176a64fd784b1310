"""The account plan: joining calls, the commitments ledger, risks, stakeholders, the exported schema.

Hand-built CRCs pin each rule; the sample pair (``samples/01`` + ``samples/account-ferrand``) runs
through the real rules backend and is checked against ``*.account-gold.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from summarizer.crc import CRC, make_crc_id
from summarizer.downstream.account import (
    Account,
    CommitmentStatus,
    LoadedCrc,
    account_from_folder,
    account_json_schema,
    build_account,
    completion_clauses,
)
from summarizer.errors import InputError
from summarizer.resources import read_text

ROOT = Path(__file__).resolve().parents[3]
CLIENT = "Transports Ferrand"
D1, D2 = dt.date(2026, 11, 18), dt.date(2026, 12, 8)
PEOPLE = [
    {"name": "Claire Martin", "organization": "Logivia", "side": "vendor", "role": "Responsable grands comptes"},
    {"name": "Marc Ferrand", "organization": CLIENT, "side": "client", "role": "Directeur d'exploitation"},
]


def ev(segment: int, quote: str, speaker: str) -> dict[str, Any]:
    return {"segment": segment, "quote": quote, "speaker": speaker}


def crc(day: dt.date, version: str = "1.0", participants: list[dict[str, Any]] | None = None, **sections: Any) -> CRC:
    data: dict[str, Any] = {
        "id": make_crc_id(day, CLIENT, version), "version": version,
        "meeting": {"date": day.isoformat(), "type": "discovery", "subject": "Appel", "client": CLIENT},
        "participants": PEOPLE if participants is None else participants,
    }
    data.update(sections)
    return CRC.model_validate(data)


FIRST = crc(
    D1,
    deliverables=[
        {"what": "Une proposition pour le cadrage", "issuer": "Claire Martin", "side": "vendor", "due_date": "2026-11-20",
         "evidence": [ev(3, "je vous envoie d'ici vendredi une proposition pour le cadrage", "Claire Martin")]},
        {"what": "L'export des tournées d'octobre", "issuer": "Marc Ferrand", "side": "client", "due_date": "2026-11-30",
         "evidence": [ev(5, "vous pouvez nous transmettre l'export des tournées d'octobre", "Claire Martin")]},
    ],
    next_steps=[
        {"action": "Caler un point technique avec Infogest", "owner": "Claire Martin", "side": "vendor",
         "evidence": [ev(7, "je cale un point technique avec Infogest", "Claire Martin")]},
    ],
    risks=[{"text": "Budget 2027 pas encore arbitré", "category": "budget",
            "evidence": [ev(9, "Le budget 2027 n'est pas encore arbitré", "Marc Ferrand")]}],
    decisions=[{"text": "Pilote à Lyon", "evidence": [ev(11, "on part sur le dépôt de Lyon", "Marc Ferrand")]}],
)


def second(**sections: Any) -> CRC:
    base: dict[str, Any] = {
        "facts": [
            {"text": "Proposition reçue", "evidence": [ev(2, "Oui, on l'a bien reçue, la proposition, merci", "Marc Ferrand")]},
            {"text": "Export", "evidence": [ev(4, "l'export des tournées, je n'ai pas encore pu le sortir", "Marc Ferrand")]},
        ],
        "risks": [{"text": "Budget 2027 toujours pas arbitré", "category": "budget", "severity": "high",
                   "evidence": [ev(6, "le budget 2027 n'est toujours pas arbitré", "Marc Ferrand")]}],
        "next_steps": [
            {"action": "Envoyer le business case", "owner": "Claire Martin", "side": "vendor", "due_date": "2026-12-15",
             "evidence": [ev(8, "je vous envoie le business case pour que Sophie Garnier l'ait", "Claire Martin")]},
        ],
    }
    base.update(sections)
    return crc(D2, participants=[{"name": "Claire Martin"}, {"name": "Marc Ferrand", "stance": "supportive"}], **base)


def account(*crcs: CRC, as_of: dt.date = dt.date(2026, 12, 10)) -> Account:
    return build_account([LoadedCrc(crc=c) for c in crcs], "transports ferrand", as_of)


def by_text(acc: Account) -> dict[str, Any]:
    return {c.text: c for c in acc.commitments}


def test_done_needs_a_later_report_overdue_and_open_otherwise() -> None:
    acc = account(FIRST, second())
    ledger = by_text(acc)
    prop = ledger["Une proposition pour le cadrage"]
    assert prop.status == CommitmentStatus.done and prop.done_in == second().id
    assert {e.crc_id for e in prop.evidence} == {FIRST.id, second().id}  # the promise and the report
    assert "bien reçue" in prop.evidence[-1].quote
    export = ledger["L'export des tournées d'octobre"]
    assert export.status == CommitmentStatus.overdue and export.done_in is None  # "pas encore": not a report
    assert ledger["Caler un point technique avec Infogest"].status == CommitmentStatus.open  # no date, no report
    assert ledger["Envoyer le business case"].status == CommitmentStatus.open
    assert acc.next_step is not None and acc.next_step.text == "Envoyer le business case"


def test_first_call_alone_nothing_is_done() -> None:
    acc = account(FIRST, as_of=dt.date(2026, 11, 25))
    statuses = {c.text: c.status for c in acc.commitments}
    assert statuses["Une proposition pour le cadrage"] == CommitmentStatus.overdue
    assert statuses["L'export des tournées d'octobre"] == CommitmentStatus.open
    assert all(c.done_in is None for c in acc.commitments)


def test_calls_after_as_of_are_left_out() -> None:
    acc = account(FIRST, second(), as_of=dt.date(2026, 12, 1))
    assert [c.crc_id for c in acc.calls] == [FIRST.id]
    assert by_text(acc)["Une proposition pour le cadrage"].status == CommitmentStatus.overdue
    assert any("postérieur" in s for s in acc.skipped)


def test_report_of_another_object_closes_nothing() -> None:
    other = second(facts=[{"text": "x", "evidence": [ev(2, "Comme promis, je vous ai envoyé le contrat de maintenance", "Claire Martin")]}])
    acc = account(FIRST, other)
    assert all(c.status != CommitmentStatus.done for c in acc.commitments)


def test_report_in_the_same_call_does_not_close_its_own_promise() -> None:
    same = crc(D1, deliverables=FIRST.model_dump(mode="json")["deliverables"],
               facts=[{"text": "x", "evidence": [ev(1, "on a bien reçu la proposition pour le cadrage", "Marc Ferrand")]}])
    acc = account(same, as_of=D1)
    assert all(c.status == CommitmentStatus.open for c in acc.commitments)


@pytest.mark.parametrize(("quote", "done"), [
    ("Comme promis, je vous ai envoyé la proposition", True),
    ("Oui, on l'a bien reçue, la proposition", True),
    ("L'atelier de cadrage a bien eu lieu à Lyon", True),
    ("le point technique avec Infogest, c'est fait", True),
    ("As promised, I sent you the proposal", True),
    ("la proposition, on ne l'a pas encore reçue", False),
    ("ils n'ont toujours pas ouvert les accès", False),
    ("je vous envoie la proposition vendredi", False),
])
def test_completion_cues(quote: str, done: bool) -> None:
    assert bool(completion_clauses(quote)) is done


def test_same_risk_twice_is_one_line() -> None:
    acc = account(FIRST, second())
    budget = [r for r in acc.risks if r.category.value == "budget"]
    assert len(budget) == 1
    line = budget[0]
    assert line.seen_in == [FIRST.id, second().id]
    assert line.text == "Budget 2027 toujours pas arbitré" and line.severity.value == "high"  # as last stated, worst
    assert (line.first_seen, line.last_seen) == (D1, D2)


def test_stakeholders_last_stated_and_named_not_met() -> None:
    acc = account(FIRST, second())
    people = {s.name: s for s in acc.stakeholders}
    marc = people["Marc Ferrand"]
    assert marc.side.value == "client" and marc.role == "Directeur d'exploitation"  # a later null erases nothing
    assert marc.stance == "supportive"  # a later value wins
    assert marc.calls == [FIRST.id, second().id] and (marc.first_seen, marc.last_seen) == (D1, D2)
    sophie = people["Sophie Garnier"]
    assert sophie.calls == [] and sophie.first_seen is None and sophie.named_in == [second().id]
    assert "Sophie Garnier" in sophie.evidence[0].quote


def test_unknown_side_taken_from_another_call() -> None:
    acc = account(FIRST, second())
    assert by_text(acc)["Envoyer le business case"].side.value == "vendor"


def test_latest_version_of_a_call_wins() -> None:
    v11 = crc(D1, version="1.1", deliverables=[])
    acc = account(FIRST, v11, as_of=D1)
    assert [c.crc_id for c in acc.calls] == [v11.id] and acc.commitments == []


def test_decisions_timeline_and_calls() -> None:
    acc = account(FIRST, second())
    assert [(d.date, d.text) for d in acc.decisions] == [(D1, "Pilote à Lyon")]
    assert [c.date for c in acc.calls] == [D1, D2]
    assert all(0 <= c.score <= 10 and c.validation is None for c in acc.calls)


def test_folder_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="introuvable"):
        account_from_folder(tmp_path / "nope", CLIENT, D2)
    (tmp_path / "a.crc.json").write_text(FIRST.model_dump_json(), encoding="utf-8")
    (tmp_path / "bad.crc.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="Clients trouvés : Transports Ferrand"):
        account_from_folder(tmp_path, "Brasserie Lemoine", D2)
    acc = account_from_folder(tmp_path, "TRANSPORTS FERRAND", D2)
    assert acc.client == CLIENT and any("bad.crc.json" in s for s in acc.skipped)


def test_schema_file_matches_model() -> None:
    """schemas/account.schema.json is exported from summarizer/downstream/account.py."""
    committed = json.loads((ROOT / "schemas" / "account.schema.json").read_text(encoding="utf-8"))
    assert committed == account_json_schema(), (
        "schema drift: run `python -m summarizer.downstream.account > schemas/account.schema.json`"
    )
    assert json.loads(read_text("schemas", "account.schema.json"))["title"] == "Account"


def test_cli_writes_four_files_and_exit_2_on_unknown_client(tmp_path: Path) -> None:
    crcs = tmp_path / "crcs"
    crcs.mkdir()
    for c in (FIRST, second()):
        (crcs / f"{c.id}.crc.json").write_text(c.model_dump_json(), encoding="utf-8")
    out = tmp_path / "out"
    run = [sys.executable, "-m", "summarizer.cli", "account", str(crcs), "--client", CLIENT, "--as-of", "2026-12-10",
           "--out", str(out)]
    res = subprocess.run(run, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["account.docx", "account.html", "account.json", "account.md"]
    Account.model_validate_json((out / "account.json").read_bytes())
    bad = subprocess.run([*run[:6], "Inconnu SA", *run[7:]], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "Inconnu SA" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    date = subprocess.run([*run[:8], "10/12/2026", *run[9:]], capture_output=True, text=True, check=False)
    assert date.returncode == 2 and "--as-of" in date.stderr
