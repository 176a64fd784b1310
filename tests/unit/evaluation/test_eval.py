"""Gold loading, matching and per-case metrics of the eval suite, on a synthetic call."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_fixtures import GOLD, dropped_commitment_crc, good_crc, trap_crc, write_case, wrong_date_crc

from summarizer.crc import CRC
from summarizer.errors import InputError
from summarizer.evaluation.gold import Gold, gold_json_schema, load_gold, resolve_gold, write_gold_skeleton
from summarizer.evaluation.matching import Item, match_items, name_key
from summarizer.evaluation.metrics import CaseResult, aggregate, evaluate_crc
from summarizer.ingest.transcript import Transcript, read_transcript

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def case(tmp_path: Path) -> tuple[Gold, Transcript]:
    gold_path = write_case(tmp_path)
    gold = load_gold(gold_path)
    return gold, read_transcript(tmp_path / gold.transcript)


def _eval(crc: CRC, case: tuple[Gold, Transcript]) -> CaseResult:
    gold, transcript = case
    return evaluate_crc(crc, gold, resolve_gold(gold, transcript), transcript)


def test_schema_file_matches_model() -> None:
    committed = json.loads((ROOT / "eval" / "gold.schema.json").read_text(encoding="utf-8"))
    assert committed == gold_json_schema(), "regenerate eval/gold.schema.json (see eval/README.md)"


def test_bundled_golds_load_and_resolve() -> None:
    golds = sorted((ROOT / "samples").glob("*.gold.json"))
    assert golds
    for path in golds:
        gold = load_gold(path)
        resolve_gold(gold, read_transcript(path.parent / gold.transcript), path.name)


def test_resolve_maps_quotes_to_segments(case: tuple[Gold, Transcript]) -> None:
    gold, transcript = case
    resolved = resolve_gold(gold, transcript)
    assert resolved.facts == [{1}]
    assert resolved.commitments == [{4}, {5}]
    assert resolved.traps == [{6}, {7}]


def test_quote_not_in_transcript_is_an_annotation_error(case: tuple[Gold, Transcript]) -> None:
    gold, transcript = case
    bad = gold.model_copy(update={"facts": [gold.facts[0].model_copy(update={"evidence": ["on a 300 camions"]})]})
    with pytest.raises(InputError, match="introuvable"):
        resolve_gold(bad, transcript, "x.gold.json")
    lenient = resolve_gold(bad, transcript, strict=False)
    assert lenient.facts == [set()] and lenient.unresolved


def test_invalid_gold_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.gold.json"
    path.write_text(json.dumps({**GOLD, "meeting_type": "lunch"}), encoding="utf-8")
    with pytest.raises(InputError, match=r"gold invalide \(meeting_type"):
        load_gold(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="gold invalide"):
        load_gold(path)


def test_match_prefers_evidence_then_similarity_one_to_one() -> None:
    pred = [Item("Envoyer la proposition", frozenset({4})), Item("Envoi proposition commerciale", frozenset({4}))]
    gold = [Item("Envoyer la proposition commerciale", frozenset({4, 9}))]
    matches = match_items(pred, gold)
    assert len(matches) == 1 and matches[0].by_evidence
    # No shared segment: no match, however similar the words.
    assert match_items([Item("Envoyer la proposition", frozenset({1}))], [Item("Envoyer la proposition", frozenset({4}))]) == []
    # Gold without evidence: wording decides, above the threshold only.
    assert match_items([Item("Envoyer la proposition", frozenset({1}))], [Item("envoyer la proposition !")])
    assert not match_items([Item("Réserver la salle", frozenset({1}))], [Item("Envoyer la proposition")])


def test_name_key_ignores_accents_case_and_hyphens() -> None:
    assert name_key("  Hélène  Dupont-Rivière ") == name_key("helene dupont riviere")
    assert name_key(None) is None and name_key(" ") is None


def test_perfect_prediction(case: tuple[Gold, Transcript]) -> None:
    r = _eval(good_crc(), case)
    assert all(p.f1 == 1.0 for p in r.prf.values()), r.prf
    assert (r.owner.value, r.due_date.value, r.side.value) == (1.0, 1.0, 1.0)
    assert r.traps_extracted == 0 and r.traps_total == 2
    assert r.grounded.value == 1.0 and r.hallucinated_owners == 0
    assert r.meeting_type_ok is True
    assert r.findings == []


def test_wrong_due_date_is_counted_and_shown(case: tuple[Gold, Transcript]) -> None:
    r = _eval(wrong_date_crc(), case)
    assert r.prf["commitments"].f1 == 1.0
    assert r.due_date.correct == 1 and r.due_date.total == 2
    [finding] = r.findings
    assert finding.kind == "wrong_due_date" and "2026-11-20" in (finding.detail or "")
    assert any("Je vous envoie la proposition" in line for line in finding.lines)


def test_dropped_commitment_lowers_recall(case: tuple[Gold, Transcript]) -> None:
    r = _eval(dropped_commitment_crc(), case)
    p = r.prf["commitments"]
    assert (p.tp, p.fp, p.fn) == (1, 0, 1)
    assert p.precision == 1.0 and p.recall == 0.5
    assert [f.kind for f in r.findings] == ["miss"]


def test_trap_and_invented_owner_are_caught(case: tuple[Gold, Transcript]) -> None:
    r = _eval(trap_crc(), case)
    assert r.traps_extracted == 1
    assert r.hallucinated_owners == 1
    assert r.prf["commitments"].fp == 1
    kinds = {f.kind for f in r.findings}
    assert {"trap", "hallucinated_owner", "false_positive"} <= kinds


def test_ungrounded_quote_and_wrong_type(case: tuple[Gold, Transcript]) -> None:
    data = good_crc().model_dump(mode="json")
    data["facts"][0]["evidence"][0]["quote"] = "nous avons 400 avions"
    data["meeting"]["type"] = "negotiation"
    r = _eval(CRC.model_validate(data), case)
    assert r.grounded.correct == r.grounded.total - 1
    assert r.meeting_type_ok is False


def test_first_name_is_not_invented_but_not_exact(case: tuple[Gold, Transcript]) -> None:
    data = good_crc().model_dump(mode="json")
    data["participants"].append({"name": "Claire", "side": "vendor"})
    data["deliverables"][0]["issuer"] = "Claire"
    r = _eval(CRC.model_validate(data), case)
    assert r.hallucinated_owners == 0
    assert r.owner.correct == 1 and r.owner.total == 2


def test_aggregate_is_micro_averaged_and_skips_errors(case: tuple[Gold, Transcript]) -> None:
    a = _eval(good_crc(), case)
    b = _eval(dropped_commitment_crc(), case)
    a.crc_score, b.crc_score = 7.0, 5.0
    err = CaseResult(case="bad", backend="rules", error="illisible")
    overall = aggregate([a, b, err])
    assert overall["commitments.recall"] == pytest.approx(3 / 4)
    assert overall["commitments.precision"] == 1.0
    assert overall["due_date_accuracy"] == 1.0
    assert overall["score_mae"] == pytest.approx(1.0)  # gold score 6
    assert overall["errors"] == 1 and overall["cases"] == 3
    assert overall["wer"] is None


def test_init_writes_a_valid_skeleton_and_never_overwrites(tmp_path: Path) -> None:
    write_case(tmp_path)
    (tmp_path / "call.gold.json").unlink()
    target = write_gold_skeleton(tmp_path / "call.vtt")
    gold = load_gold(target)
    assert gold.transcript == "call.vtt"
    assert [p.name for p in gold.participants] == ["Claire Martin", "Marc Ferrand"]
    assert gold.commitments == [] and gold.meeting_date is None
    with pytest.raises(InputError, match="existe déjà"):
        write_gold_skeleton(tmp_path / "call.vtt")


def test_written_prediction_has_no_spoken_items_and_right_participant_sides(case: tuple[Gold, Transcript]) -> None:
    r = _eval(good_crc(), case)
    assert r.spoken.correct == 0 and r.spoken.total == 5
    assert r.participant_side.value == 1.0


def test_spoken_items_are_counted_and_shown(case: tuple[Gold, Transcript]) -> None:
    crc = good_crc()
    crc.facts[0].text = "Euh, on a 140 camions"
    crc.decisions[0].text = "Moi je valide le pilote à Lyon"
    r = _eval(crc, case)
    assert (r.spoken.correct, r.spoken.total) == (2, 5)
    assert {f.text for f in r.findings if f.kind == "spoken"} == {"Euh, on a 140 camions", "Moi je valide le pilote à Lyon"}
    assert aggregate([r])["spoken_share"] == 0.4


def test_wrong_or_missing_participant_side_lowers_side_accuracy(case: tuple[Gold, Transcript]) -> None:
    from summarizer.crc import Side

    crc = good_crc()
    crc.participants[1].side = Side.unknown
    r = _eval(crc, case)
    assert (r.participant_side.correct, r.participant_side.total) == (1, 2)
    assert aggregate([r])["participant_side_accuracy"] == 0.5
    crc.participants.pop(0)
    assert _eval(crc, case).participant_side.correct == 0


def test_spoken_share_rise_and_side_drop_are_gated() -> None:
    from summarizer.evaluation.baseline import compare

    base = {"rules": {"spoken_share": 0.02, "participant_side_accuracy": 1.0}}
    cmp = compare({"rules": {"spoken_share": 0.30, "participant_side_accuracy": 0.8}}, base, 0.02)
    assert {d.metric for d in cmp.deltas if d.regression} == {"spoken_share", "participant_side_accuracy"}


def test_blind_client_counts_only_calls_that_say_it(case: tuple[Gold, Transcript]) -> None:
    from summarizer.evaluation.metrics import blind_measures
    from summarizer.ingest.transcript import Segment

    gold, transcript = case
    crc = good_crc()
    said = transcript.model_copy(update={"segments": [
        *transcript.segments, Segment(index=len(transcript.segments), text="Ici Transports Ferrand, bonjour.")]})
    found = CaseResult(case="c", backend="rules")
    blind_measures(crc, gold, found, said)
    assert (found.client_found.correct, found.client_found.total) == (1, 1)
    missed = CaseResult(case="c", backend="rules")
    blind_measures(crc.model_copy(update={"meeting": crc.meeting.model_copy(update={"client": None})}), gold, missed, said)
    assert (missed.client_found.correct, missed.client_found.total) == (0, 1)
    unsaid = transcript.model_copy(update={"segments": [s for s in transcript.segments if "Ferrand" not in s.text]})
    skipped = CaseResult(case="c", backend="rules")
    blind_measures(crc, gold, skipped, unsaid.model_copy(update={"title": None}))
    assert skipped.client_found.total == 0, "a call that never says its client is not counted"
    assert aggregate([found, missed])["client_found"] == 0.5


def test_a_backchannel_segment_does_not_take_a_longer_gold_quote() -> None:
    """A gold quote resolves to the segment that says it, never to a short "Oui." or "Yeah" whose words it contains."""
    from summarizer.evaluation.gold import locate
    from summarizer.ingest.transcript import Segment

    lines = ["Oui.", "Oui, je vous envoie la proposition vendredi.", "Mm.", "Yeah", "Vendredi, oui."]
    transcript = Transcript(segments=[Segment(index=i, text=t) for i, t in enumerate(lines)])
    assert locate("oui je vous envoie la proposition vendredi", transcript) == [1]
    assert locate("Yeah we will send the proposal on Friday", transcript) == []


def test_false_items_are_counted_per_call_where_precision_says_nothing(case: tuple[Gold, Transcript]) -> None:
    """With no gold item (a TV debate), precision is 0 for 1 or 50 wrong items: the count per call is gated."""
    from summarizer.evaluation.baseline import compare

    gold, transcript = case
    empty = gold.model_copy(update={"facts": [], "decisions": [], "risks": [], "commitments": [], "traps": []})
    r = evaluate_crc(trap_crc(), empty, resolve_gold(empty, transcript), transcript)
    good = _eval(good_crc(), case)
    overall = aggregate([r, good])
    assert overall["false_decisions_per_call"] == 0.5 and overall["false_commitments_per_call"] == 1.5
    assert overall["commitments.precision"] == 2 / 5
    cmp = compare({"rules": {**overall, "false_commitments_per_call": 2.0}}, {"rules": overall}, 0.02)
    assert [d.metric for d in cmp.deltas if d.regression] == ["false_commitments_per_call"]
