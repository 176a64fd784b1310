"""Progress is part of the CRC: what a follow-up call says of earlier promises, and the ledger reading it.

The finder runs through the real rules backend on a short written transcript; the ledger tests use
hand-built CRCs so each rule (done, moved, dropped, owner never crossed) is pinned on its own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from summarizer.crc import CRC, ProgressStatus
from summarizer.downstream.account import CommitmentStatus, LoadedCrc, build_account

CLIENT = "Transports Ferrand"
D1, D2 = dt.date(2026, 11, 18), dt.date(2026, 12, 8)

FOLLOW_UP = """\
[00:00:01] Claire Martin : Bonjour Marc.
[00:00:04] Marc Ferrand : Bonjour Claire.
[00:00:08] Claire Martin : D'abord, la proposition révisée : je vous l'ai renvoyée le 13 au matin. Vous l'avez bien eue ?
[00:00:15] Marc Ferrand : Oui, bien reçue, merci.
[00:00:18] Claire Martin : Et l'export des tournées d'octobre, vous avez pu le sortir ?
[00:00:23] Marc Ferrand : Ah non, pas encore, désolé.
[00:00:27] Claire Martin : Le point technique avec Infogest, c'est fait.
[00:00:31] Marc Ferrand : Pour l'atelier de Lyon, on décale au mardi 15 décembre.
[00:00:36] Marc Ferrand : Et la visite du dépôt de Lille, on laisse tomber.
[00:00:40] Claire Martin : Le budget 2027 n'est toujours pas arbitré.
"""


def _run(tmp_path: Path) -> CRC:
    from summarizer.pipeline import RunOptions, run_file

    src = tmp_path / "suivi.txt"
    src.write_text(FOLLOW_UP, encoding="utf-8")
    out = tmp_path / "out"
    run_file(src, out, RunOptions(meeting_date=D2, client=CLIENT, vendor="Logivia", progress=False))
    return CRC.model_validate_json(next(out.glob("*.crc.json")).read_bytes())


def test_rules_backend_fills_progress(tmp_path: Path) -> None:
    crc = _run(tmp_path)
    got = {(p.status, p.what): p for p in crc.progress}
    sent = got[(ProgressStatus.done, "La proposition révisée")]  # the pronoun takes its object from the line
    assert sent.who == "Claire Martin"
    assert any("bien reçue" in e.quote for e in sent.evidence)  # the client's « bien reçue » is the same report
    late = got[(ProgressStatus.late, "L'export des tournées d'octobre")]  # « non, pas encore » answers the question
    assert late.who == "Marc Ferrand" and [e.speaker for e in late.evidence] == ["Claire Martin", "Marc Ferrand"]
    assert (ProgressStatus.done, "Le point technique avec Infogest") in got
    moved = next(p for p in crc.progress if p.status == ProgressStatus.moved)
    assert moved.new_date == dt.date(2026, 12, 15) and "atelier" in moved.what.lower()
    dropped = next(p for p in crc.progress if p.status == ProgressStatus.dropped)
    assert "visite du dépôt de Lille" in dropped.what
    assert not any("budget" in p.what.lower() for p in crc.progress)  # a risk, not a delivery
    assert len(crc.progress) == 5


def _crc(day: dt.date, **sections: Any) -> CRC:
    from summarizer.crc import make_crc_id

    people = [{"name": "Claire Martin", "side": "vendor"}, {"name": "Marc Ferrand", "side": "client"}]
    return CRC.model_validate({"id": make_crc_id(day, CLIENT), "meeting": {
        "date": day.isoformat(), "subject": "Appel", "client": CLIENT}, "participants": people, **sections})


def ev(segment: int, quote: str, speaker: str) -> dict[str, Any]:
    return {"segment": segment, "quote": quote, "speaker": speaker}


FIRST = _crc(D1, deliverables=[
    {"what": "Proposition de cadrage", "issuer": "Claire Martin", "due_date": "2026-11-20",
     "evidence": [ev(1, "je vous envoie la proposition de cadrage vendredi", "Claire Martin")]},
    {"what": "Export des tournées d'octobre", "issuer": "Marc Ferrand", "due_date": "2026-11-30",
     "evidence": [ev(2, "je vous transmets l'export des tournées d'octobre", "Marc Ferrand")]},
], next_steps=[
    {"action": "Organiser l'atelier de Lyon", "owner": "Marc Ferrand", "due_date": "2026-12-01",
     "evidence": [ev(3, "j'organise l'atelier de Lyon le 1er décembre", "Marc Ferrand")]},
    {"action": "Visite du dépôt de Lille", "owner": "Marc Ferrand",
     "evidence": [ev(4, "on organise une visite du dépôt de Lille", "Marc Ferrand")]},
])


def _progress(*items: dict[str, Any]) -> CRC:
    return _crc(D2, progress=list(items))


def test_ledger_closes_moves_and_drops_from_progress_without_any_fact() -> None:
    """The later CRC keeps no fact at all: the progress section alone closes, moves and drops."""
    later = _progress(
        {"status": "done", "what": "La proposition de cadrage", "who": "Claire Martin",
         "evidence": [ev(1, "je vous ai envoyé la proposition de cadrage", "Claire Martin")]},
        {"status": "moved", "what": "L'atelier de Lyon", "new_date": "2026-12-15", "new_date_text": "au 15",
         "evidence": [ev(2, "l'atelier de Lyon, on décale au 15", "Marc Ferrand")]},
        {"status": "dropped", "what": "La visite du dépôt de Lille",
         "evidence": [ev(3, "la visite du dépôt de Lille, on laisse tomber", "Marc Ferrand")]},
        {"status": "late", "what": "L'export des tournées d'octobre", "who": "Marc Ferrand",
         "evidence": [ev(4, "l'export des tournées, toujours pas sorti", "Marc Ferrand")]},
    )
    acc = build_account([LoadedCrc(crc=FIRST), LoadedCrc(crc=later)], CLIENT, dt.date(2026, 12, 10))
    ledger = {c.text: c for c in acc.commitments}
    prop = ledger["Proposition de cadrage"]
    assert prop.status == CommitmentStatus.done and prop.done_in == later.id
    assert [e.crc_id for e in prop.evidence] == [FIRST.id, later.id]  # the promise, then the report
    atelier = ledger["Organiser l'atelier de Lyon"]
    assert atelier.status == CommitmentStatus.open and atelier.due_date == dt.date(2026, 12, 15)
    assert atelier.progress == [f"moved in {later.id}"]  # overdue on 1 December, moved: open again
    assert ledger["Visite du dépôt de Lille"].status == CommitmentStatus.dropped
    export = ledger["Export des tournées d'octobre"]
    assert export.status == CommitmentStatus.overdue and export.progress == [f"late in {later.id}"]


def test_progress_never_closes_another_owners_promise() -> None:
    later = _progress({"status": "done", "what": "L'export des tournées d'octobre", "who": "Claire Martin",
                       "evidence": [ev(1, "l'export des tournées d'octobre, je l'ai envoyé", "Claire Martin")]})
    acc = build_account([LoadedCrc(crc=FIRST), LoadedCrc(crc=later)], CLIENT, dt.date(2026, 12, 10))
    assert {c.text: c for c in acc.commitments}["Export des tournées d'octobre"].status == CommitmentStatus.overdue


def test_a_crc_without_progress_keeps_its_bytes() -> None:
    """No ``progress`` key when the call reports nothing: an older CRC and its validation hash stay the same."""
    assert "progress" not in FIRST.model_dump(mode="json")
    assert "progress" in _progress({"status": "dropped", "what": "La visite", "evidence": [ev(1, "on laisse tomber",
                                                                                             "Marc Ferrand")]}).model_dump()


def test_llm_backend_fills_progress_through_its_response_model() -> None:
    """The llm backend's answer carries ``progress``; its quotes are checked like any other item's and it
    reaches the CRC (a quote not in its line is dropped with the item)."""
    from summarizer.extract.base import ExtractContext
    from summarizer.extract.llm.extractor import to_crc
    from summarizer.extract.llm.models import Grounding, LlmExtraction, repair_grounding
    from summarizer.ingest.transcript import Segment, Transcript

    t = Transcript(segments=[
        Segment(index=0, speaker="Claire Martin", text="Comme promis, je vous ai envoyé la proposition."),
        Segment(index=1, speaker="Marc Ferrand", text="On l'a bien reçue. L'atelier, on décale au 15."),
    ])
    ext = LlmExtraction.model_validate({"progress": [
        {"status": "done", "what": "La proposition", "who": "Claire Martin",
         "evidence": [{"segment": 0, "quote": "je vous ai envoyé la proposition"}]},
        {"status": "moved", "what": "L'atelier", "new_date_text": "au 15", "new_date": "2026-12-15",
         "evidence": [{"segment": 1, "quote": "on décale au 15"}]},
        {"status": "dropped", "what": "La visite", "evidence": [{"segment": 1, "quote": "on laisse tomber la visite"}]},
    ]})
    notes = repair_grounding(ext, Grounding(t, ["Claire Martin", "Marc Ferrand"]))
    assert any("progress[2]" in n for n in notes)
    ctx = ExtractContext(meeting_date=D2, client=CLIENT)
    crc = to_crc(ext, t, ctx, {"backend": "llm"})
    assert [(p.status, p.what, p.new_date) for p in crc.progress] == [
        (ProgressStatus.done, "La proposition", None), (ProgressStatus.moved, "L'atelier", dt.date(2026, 12, 15))]


def test_crm_export_marks_the_task_reported_done_completed() -> None:
    """Exported together, the first call's task the second call reports done is ``completed``; the others
    (late, moved, another owner's) stay ``not_started``."""
    from summarizer.downstream.export import mark_completed, records_of

    later = _progress({"status": "done", "what": "La proposition de cadrage", "who": "Claire Martin",
                       "evidence": [ev(1, "je vous ai envoyé la proposition de cadrage", "Claire Martin")]})
    records = [r for c in (FIRST, later) for r in records_of(c)]
    assert all(r.status == "not_started" for r in records if r.kind == "task")
    mark_completed(records, [later, FIRST])  # any order: the calls are dated
    status = {r.external_id: r.status for r in records if r.kind == "task"}
    assert status == {f"{FIRST.id}:next_steps:0": "not_started", f"{FIRST.id}:next_steps:1": "not_started",
                      f"{FIRST.id}:deliverables:0": "completed", f"{FIRST.id}:deliverables:1": "not_started"}


SECOND_TURNS = """\
[00:00:01] Agathe Lemarchand : Bonjour Romain.
[00:00:04] Romain Chassagne : Bonjour Agathe. Côté achats, on a bien reçu le dossier de référencement. Et on vous l'a retourné complété le 16.
[00:00:12] Agathe Lemarchand : Et l'installation du 23 mars s'est très bien passée.
[00:00:16] Romain Chassagne : Oui, j'en ai parlé à Hervé la semaine dernière.
[00:00:20] Romain Chassagne : Dès qu'il y a une annulation, on replanifie les tournées.
"""


def test_two_acts_stay_two_items_and_a_noun_is_no_cue(tmp_path: Path) -> None:
    """« on a bien reçu le dossier » then « on vous l'a retourné »: a receipt and a new act (two promises);
    « j'en ai parlé à Hervé »: the act is the object; « une annulation » drops nothing."""
    from summarizer.pipeline import RunOptions, run_file

    src = tmp_path / "revue.txt"
    src.write_text(SECOND_TURNS, encoding="utf-8")
    run_file(src, tmp_path / "out", RunOptions(meeting_date=D2, client="Plastiques Sauvaire", vendor="Prodalis",
                                               progress=False))
    crc = CRC.model_validate_json(next((tmp_path / "out").glob("*.crc.json")).read_bytes())
    done = [p for p in crc.progress if p.status == ProgressStatus.done]
    dossier = [p for p in done if "dossier de référencement" in p.what.lower()]
    assert [len(p.evidence) for p in dossier] == [1, 1]  # received, then returned: two reports
    assert any(p.what.startswith("L'installation du 23 mars") for p in done)
    assert any(p.what == "Parlé à Hervé" and p.who == "Romain Chassagne" for p in done)
    assert not any(p.status == ProgressStatus.dropped for p in crc.progress)


def test_a_quote_read_as_progress_is_not_read_again_as_a_fact() -> None:
    """The progress item (owned by someone else) closes nothing; the same quote kept as a fact does not close
    it behind the owner's back, as the fact-based closing did before."""
    quote = ev(1, "comme promis, l'export des tournées d'octobre est bien arrivé", "Claire Martin")
    later = _progress({"status": "done", "what": "L'export des tournées d'octobre", "who": "Claire Martin",
                       "evidence": [quote]})
    later = CRC.model_validate({**later.model_dump(mode="json"), "facts": [{"text": "Export reçu", "evidence": [quote]}]})
    acc = build_account([LoadedCrc(crc=FIRST), LoadedCrc(crc=later)], CLIENT, dt.date(2026, 12, 10))
    assert {c.text: c for c in acc.commitments}["Export des tournées d'octobre"].status == CommitmentStatus.overdue
    without = CRC.model_validate({**later.model_dump(mode="json", exclude={"progress"})})
    acc = build_account([LoadedCrc(crc=FIRST), LoadedCrc(crc=without)], CLIENT, dt.date(2026, 12, 10))
    assert {c.text: c for c in acc.commitments}["Export des tournées d'octobre"].status == CommitmentStatus.done


def test_a_call_that_says_done_and_still_late_of_one_promise_leaves_it_not_done() -> None:
    """« je les ai relancés comme promis » then « mais ils n'ont toujours pas ouvert l'accès »: the same call
    reports an act and that the promise is still not kept; whichever comes first, it is not done."""
    first = _crc(D1, next_steps=[{"action": "Ouvrir l'accès à l'API TrakFleet", "owner": "Marc Ferrand",
                                  "evidence": [ev(1, "Infogest doit ouvrir l'accès à l'API TrakFleet", "Marc Ferrand")]}])
    done = {"status": "done", "what": "L'accès à l'API TrakFleet", "who": "Marc Ferrand",
            "evidence": [ev(1, "je les ai relancés pour l'accès à l'API TrakFleet", "Marc Ferrand")]}
    late = {"status": "late", "what": "L'accès à l'API TrakFleet",
            "evidence": [ev(2, "mais l'accès à l'API TrakFleet n'est toujours pas ouvert", "Marc Ferrand")]}
    for items in ((done, late), (late, done)):
        acc = build_account([LoadedCrc(crc=first), LoadedCrc(crc=_progress(*items))], CLIENT, dt.date(2026, 12, 10))
        line = acc.commitments[0]
        assert line.status == CommitmentStatus.open and line.done_in is None, items[0]["status"]
        assert line.progress == [f"late in {_progress(*items).id}"]


def test_a_promise_said_again_is_kept_by_the_report_of_the_first() -> None:
    """« Je vous envoie le dossier sécurité » (call 1), then « le schéma d'architecture … vous l'aurez vendredi »
    (call 2): one delivery promised twice; call 3's report closes both lines, each with the report's quote.
    Another object of the same owner (one word in common) stays open."""
    first = _crc(D1, deliverables=[{"what": "Dossier sécurité avec le schéma d'architecture", "issuer": "Claire Martin",
                                    "evidence": [ev(1, "je vous envoie notre dossier sécurité avec le schéma d'architecture",
                                                    "Claire Martin")]}])
    again = _crc(D2, deliverables=[
        {"what": "Le schéma d'architecture à jour", "issuer": "Claire Martin", "due_date": "2026-12-11",
         "evidence": [ev(2, "le schéma d'architecture à jour, vous l'aurez vendredi", "Claire Martin")]},
        {"what": "Le schéma de déploiement", "issuer": "Claire Martin", "due_date": "2026-12-11",
         "evidence": [ev(3, "et je vous envoie le schéma de déploiement vendredi", "Claire Martin")]}])
    third = _crc(dt.date(2027, 1, 12), progress=[
        {"status": "done", "what": "Le dossier sécurité", "who": "Claire Martin",
         "evidence": [ev(1, "Kevin a bien reçu votre dossier sécurité, le vendredi comme promis", "Marc Ferrand")]}])
    acc = build_account([LoadedCrc(crc=c) for c in (first, again, third)], CLIENT, dt.date(2027, 1, 20))
    ledger = {c.text: c for c in acc.commitments}
    for text in ("Dossier sécurité avec le schéma d'architecture", "Le schéma d'architecture à jour"):
        line = ledger[text]
        assert line.status == CommitmentStatus.done and line.done_in == third.id, text
        assert {e.crc_id for e in line.evidence} == {line.source, third.id}
    assert ledger["Le schéma de déploiement"].status == CommitmentStatus.overdue


def test_a_named_owner_never_takes_a_team_promise_of_the_other_side() -> None:
    """« on vous le retourne complété » (Claire's team, nobody named) is not what Marc says he has not received."""
    first = _crc(D1, deliverables=[{"what": "Le questionnaire complété", "side": "vendor",
                                    "evidence": [ev(1, "on vous retourne le questionnaire complété", "Claire Martin")]}])
    later = _progress({"status": "done", "what": "Le questionnaire complété", "who": "Claire Martin",
                       "evidence": [ev(1, "on vous a retourné le questionnaire complété", "Claire Martin")]},
                      {"status": "late", "what": "Le questionnaire RSE", "who": "Marc Ferrand",
                       "evidence": [ev(2, "le questionnaire RSE, je ne l'ai toujours pas reçu", "Marc Ferrand")]})
    acc = build_account([LoadedCrc(crc=first), LoadedCrc(crc=later)], CLIENT, dt.date(2026, 12, 10))
    (line,) = acc.commitments
    assert line.status == CommitmentStatus.done and line.progress == []


def test_the_act_promised_and_reported_with_a_pronoun_closes_the_owners_only_such_promise() -> None:
    """« je les relance lundi » … « je les ai relancés le lundi comme promis »: the lines before the report may name
    the thing in other words; the same verb, the same owner and one open promise with it close that promise."""
    first = _crc(D1, next_steps=[
        {"action": "Relancer l'éditeur du logiciel de paie", "owner": "Claire Martin", "due_date": "2026-11-23",
         "evidence": [ev(1, "Je m'en occupe, je les relance lundi.", "Claire Martin")]},
        {"action": "Envoyer le planning", "owner": "Claire Martin",
         "evidence": [ev(2, "je vous envoie le planning", "Claire Martin")]},
    ])
    report = {"status": "done", "what": "L'interface", "who": "Claire Martin",
              "evidence": [ev(1, "je les ai relancés le lundi comme promis", "Claire Martin")]}
    acc = build_account([LoadedCrc(crc=first), LoadedCrc(crc=_progress(report))], CLIENT, dt.date(2026, 12, 10))
    ledger = {c.text: c for c in acc.commitments}
    assert ledger["Relancer l'éditeur du logiciel de paie"].status == CommitmentStatus.done
    assert ledger["Envoyer le planning"].status == CommitmentStatus.open
    twice = _crc(D1, next_steps=[*first.model_dump(mode="json")["next_steps"], {
        "action": "Relancer le transporteur", "owner": "Claire Martin",
        "evidence": [ev(3, "je relance le transporteur demain", "Claire Martin")]}])
    acc = build_account([LoadedCrc(crc=twice), LoadedCrc(crc=_progress(report))], CLIENT, dt.date(2026, 12, 10))
    assert not any(c.status == CommitmentStatus.done for c in acc.commitments)  # two such promises: which one?


SAUVAIRE = Path(__file__).resolve().parents[3].parent / "shared" / "corpora" / "calls-dev" / "account-plastiques-sauvaire"


@pytest.mark.skipif(not SAUVAIRE.is_dir(), reason="../shared/corpora not available")
def test_the_tuning_account_keeps_its_figures() -> None:
    """Issue 23 on the account written by someone else that the promise and progress readings were tuned on
    (3 calls, 24 promises): the ledger keeps what those readings won. The one status off is « on laisse tomber »
    (dropped), which the gold, without such a status, calls overdue."""
    from summarizer.evaluation.accounts import run_account
    from summarizer.extract.rules.extractor import extract_rules

    r = run_account(SAUVAIRE / "plastiques-sauvaire.account-gold.json", "rules", extract_rules)
    assert r.error is None
    got = {k: (getattr(r, k).correct, getattr(r, k).total)
           for k in ("found", "status", "done_precision", "done_recall", "named_not_met")}
    assert got["found"][0] >= 23 and got["status"][0] >= got["found"][0] - 1, (got, r.misses)
    assert got["done_precision"][0] == got["done_precision"][1] and got["done_recall"][0] >= 13, (got, r.misses)
    assert got["named_not_met"] == (1, 1), (got, r.misses)
    assert r.precision.total - r.precision.correct <= 1, r.misses  # lines never promised (was 4)


def test_the_promise_whose_own_text_names_the_object_is_the_one_kept() -> None:
    """« Le devis, c'est parti » closes the quote promised, not the option « chiffré dans le même devis » that the
    same owner promised earlier in the list: both quotes say « devis », only one promise is the quote."""
    first = _crc(D1, next_steps=[
        {"action": "Chiffrer le module de pointage", "owner": "Claire Martin",
         "evidence": [ev(1, "je vous le chiffre en option dans le même devis", "Claire Martin")]},
    ], deliverables=[
        {"what": "Le devis", "issuer": "Claire Martin",
         "evidence": [ev(2, "je vous envoie le devis pour les onze licences", "Claire Martin")]},
    ])
    later = _progress({"status": "done", "what": "Le devis", "who": "Claire Martin",
                       "evidence": [ev(1, "mais c'est parti hier soir", "Claire Martin")]})
    ledger = {c.text: c for c in build_account([LoadedCrc(crc=first), LoadedCrc(crc=later)], CLIENT,
                                               dt.date(2026, 12, 10)).commitments}
    assert ledger["Le devis"].status == CommitmentStatus.done
    assert ledger["Chiffrer le module de pointage"].status == CommitmentStatus.open


def test_the_answer_of_the_one_asked_keeps_the_promise_to_ask_and_come_back() -> None:
    """« je leur demande s'ils acceptent et je reviens vers vous » … « ils sont d'accord, je vous ai transféré sa
    réponse »: the owner brings back an answer, not the object promised; one open such promise of the owner is kept,
    two are left open (which one?), and another owner's report keeps none."""
    ask = {"action": "Revenir vers Transports Ferrand", "owner": "Claire Martin",
           "evidence": [ev(1, "Je demande au dépôt de Nantes s'ils nous reçoivent et je reviens vers vous.", "Claire Martin")]}
    first = _crc(D1, next_steps=[ask, {"action": "Envoyer le planning", "owner": "Claire Martin",
                                       "evidence": [ev(2, "je vous envoie le planning", "Claire Martin")]}])
    report = {"status": "done", "what": "Leur réponse", "who": "Claire Martin",
              "evidence": [ev(1, "je vous ai fait suivre leur réponse mardi", "Claire Martin")]}
    ledger = {c.text: c for c in build_account([LoadedCrc(crc=first), LoadedCrc(crc=_progress(report))], CLIENT,
                                               dt.date(2026, 12, 10)).commitments}
    assert ledger["Revenir vers Transports Ferrand"].status == CommitmentStatus.done
    assert ledger["Envoyer le planning"].status == CommitmentStatus.open
    english = {**report, "what": "Their contact",
               "evidence": [ev(1, "The Nantes depot have agreed to host us, I passed on their contact.", "Claire Martin")]}
    first_en = _crc(D1, next_steps=[{"action": "Ask the Nantes depot", "owner": "Claire Martin", "evidence": [
        ev(1, "I'll ask them whether they would host a visit.", "Claire Martin")]}])
    acc = build_account([LoadedCrc(crc=first_en), LoadedCrc(crc=_progress(english))], CLIENT, dt.date(2026, 12, 10))
    assert acc.commitments[0].status == CommitmentStatus.done
    twice = _crc(D1, next_steps=[ask, {**ask, "action": "Demander à Hotelix", "evidence": [
        ev(3, "je demande à Hotelix s'ils ont une référence", "Claire Martin")]}])
    acc = build_account([LoadedCrc(crc=twice), LoadedCrc(crc=_progress(report))], CLIENT, dt.date(2026, 12, 10))
    assert not any(c.status == CommitmentStatus.done for c in acc.commitments)
    other = {**report, "who": "Marc Ferrand", "evidence": [ev(1, "ils sont d'accord, je vous transfère leur réponse", "Marc Ferrand")]}
    acc = build_account([LoadedCrc(crc=first), LoadedCrc(crc=_progress(other))], CLIENT, dt.date(2026, 12, 10))
    assert not any(c.status == CommitmentStatus.done for c in acc.commitments)


def test_the_receiver_thanking_the_owner_keeps_the_owners_one_thing_to_send() -> None:
    """« Marc, merci pour les relevés de pesée, bien reçus » when Marc promised « le fichier »: the receiver names the
    thing in other words and names who sent it; Marc's one open thing to send is kept. Two such things: none is closed;
    the owner's own words (no receiver) close nothing by this rule."""
    first = _crc(D1, deliverables=[
        {"what": "Le fichier", "issuer": "Marc Ferrand", "due_date": "2026-11-20",
         "evidence": [ev(1, "je vous envoie le fichier vendredi", "Marc Ferrand")]}])
    thanks = {"status": "done", "what": "Les relevés de pesée", "who": "Marc Ferrand",
              "evidence": [ev(1, "Marc, merci pour les relevés de pesée, bien reçus", "Claire Martin")]}
    acc = build_account([LoadedCrc(crc=first), LoadedCrc(crc=_progress(thanks))], CLIENT, dt.date(2026, 12, 10))
    assert acc.commitments[0].status == CommitmentStatus.done
    two = _crc(D1, deliverables=[*first.model_dump(mode="json")["deliverables"], {
        "what": "Le planning des quais", "issuer": "Marc Ferrand",
        "evidence": [ev(2, "je vous transmets le planning des quais", "Marc Ferrand")]}])
    acc = build_account([LoadedCrc(crc=two), LoadedCrc(crc=_progress(thanks))], CLIENT, dt.date(2026, 12, 10))
    assert not any(c.status == CommitmentStatus.done for c in acc.commitments)
    own = {**thanks, "evidence": [ev(1, "les relevés de pesée, je les ai envoyés hier", "Marc Ferrand")]}
    acc = build_account([LoadedCrc(crc=first), LoadedCrc(crc=_progress(own))], CLIENT, dt.date(2026, 12, 10))
    assert acc.commitments[0].status != CommitmentStatus.done
