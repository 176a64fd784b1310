"""The 10-point rubric, the golden rule, 7-3-1 and the lint warnings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from summarizer.crc import CRC, make_crc_id
from summarizer.score import score_crc

DAY = dt.date(2026, 11, 18)
EV = [{"segment": 0, "quote": "q"}]


def crc(**over: Any) -> CRC:
    data: dict[str, Any] = {
        "id": make_crc_id(DAY, "Altéa"),
        "meeting": {"date": DAY, "type": "negotiation", "subject": "Négociation", "client": "Altéa"},
        "participants": [{"name": "Claire", "side": "vendor"}, {"name": "Marc", "side": "client"}],
    }
    data.update(over)
    return CRC.model_validate(data)


def full() -> CRC:
    return crc(
        objective="Négociation Altéa : accord sur le prix ferme 12 mois.",
        facts=[{"text": f"Fait {i}", "evidence": EV} for i in range(6)],
        decisions=[{"text": "Prix ferme 12 mois", "evidence": EV}, {"text": "Option support étendu retenue", "evidence": EV}],
        risks=[{"text": "Clause de pénalité", "category": "legal", "mitigation": "Call juridique", "evidence": EV}],
        next_steps=[
            {"action": "Call juridique", "owner": "Claire", "side": "vendor", "due_date": "2026-11-20", "evidence": EV},
            {"action": "Valider la clause", "owner": "Marc", "side": "client", "due_date": "2026-11-24", "evidence": EV},
        ],
        deliverables=[{"what": "Contrat v1.4", "issuer": "Claire", "side": "vendor", "due_date": "2026-11-20", "evidence": EV}],
        attachments=[{"name": "Version rouge"}],
        crm={"stage": "Négociation"},
    )


def points(report: Any) -> dict[str, float]:
    return {c.key: c.points for c in report.criteria}


def test_complete_crc_scores_ten() -> None:
    r = score_crc(full())
    assert r.total == 10 and r.meets_target
    assert r.golden_rule.ok and r.golden_rule.owner == "Claire"
    assert r.format_731.ok
    assert sum(c.max for c in r.criteria) == 10
    assert all(c.reason for c in r.criteria)


def test_empty_crc_is_a_note() -> None:
    r = score_crc(crc())
    assert r.total < 2 and not r.meets_target
    assert not r.golden_rule.ok and r.golden_rule.verdict == "simple note"
    assert "responsable nommé" in r.golden_rule.reason and "date d'échéance" in r.golden_rule.reason
    assert any("Oubli de la date" in w for w in r.warnings)
    assert any("Raconter sans décider" in w for w in r.warnings)


def test_next_step_needs_both_sides_for_two_points() -> None:
    c = full()
    c.next_steps = c.next_steps[:1]
    r = score_crc(c)
    assert points(r)["next_step"] == 1
    assert "côté client" in next(x.reason for x in r.criteria if x.key == "next_step")
    assert not r.format_731.ok


def test_undated_commitments_break_golden_rule() -> None:
    c = full()
    for s in c.next_steps:
        s.due_date = None
    for d in c.deliverables:
        d.due_date = None
    r = score_crc(c)
    assert not r.golden_rule.ok
    assert points(r)["next_step"] == 0.5 and points(r)["deliverables"] == 0.5


def test_risks_without_mitigation_and_too_many() -> None:
    c = full()
    c.risks[0].mitigation = None
    assert points(score_crc(c))["risks"] == 0.5
    c.risks = c.risks * 4
    r = score_crc(c)
    assert points(r)["risks"] == 0.5 and any("noyés" in w for w in r.warnings)


def test_decision_in_conditional_is_penalised() -> None:
    c = full()
    c.decisions[0].text = "On pourrait partir sur le prix ferme"
    r = score_crc(c)
    assert points(r)["decisions"] == 1.5
    assert any("conditionnel" in w for w in r.warnings)


def test_facts_scale() -> None:
    c = full()
    c.facts = c.facts[:3]
    assert points(score_crc(c))["facts"] == 0.5


def test_english_reasons() -> None:
    c = full()
    c.meeting.language = "en"
    r = score_crc(c)
    assert r.criteria[0].label == "Clear objective"
    assert r.golden_rule.verdict == "CRC"
