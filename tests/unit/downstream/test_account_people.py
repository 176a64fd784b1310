"""People stay who they are across calls: explicit statements first, then the majority; contradictions shown;
people named but never met found from the participants (``attended: false``) and from any quote."""

from __future__ import annotations

import datetime as dt
from typing import Any

from summarizer.crc import CRC, Side, make_crc_id
from summarizer.downstream.account import build_stakeholders, named_people

CLIENT = "Transports Ferrand"
DAYS = [dt.date(2026, 11, 18), dt.date(2026, 12, 8), dt.date(2027, 1, 12)]


def _crc(day: dt.date, people: list[dict[str, Any]], **sections: Any) -> CRC:
    return CRC.model_validate({"id": make_crc_id(day, CLIENT), "meeting": {
        "date": day.isoformat(), "subject": "Appel", "client": CLIENT}, "participants": people, **sections})


def test_the_vendors_rep_stays_vendor_when_a_later_call_flips_her_side() -> None:
    first = _crc(DAYS[0], [{"name": "Claire Martin", "organization": "Logivia", "side": "vendor"},
                           {"name": "Marc Ferrand", "organization": CLIENT, "side": "client", "role": "DG"}])
    flipped = _crc(DAYS[1], [{"name": "Claire Martin", "side": "client"},
                             {"name": "Marc Ferrand", "side": "client", "role": "Directeur d'exploitation"}])
    third = _crc(DAYS[2], [{"name": "Claire Martin", "side": "client"},
                           {"name": "Marc Ferrand", "side": "client", "role": "Directeur d'exploitation"}])
    people = {s.name: s for s in build_stakeholders([first, flipped, third])}
    claire = people["Claire Martin"]
    assert claire.side == Side.vendor and claire.organization == "Logivia"  # stated once, outvoting two guesses
    assert len(claire.conflicts) == 1 and "vendor" in claire.conflicts[0] and "client" in claire.conflicts[0]
    assert flipped.id in claire.conflicts[0]  # which call said otherwise
    marc = people["Marc Ferrand"]
    assert marc.role == "Directeur d'exploitation" and marc.conflicts == []  # the majority; wording is no conflict
    assert marc.side == Side.client and len(marc.calls) == 3


def test_without_an_explicit_statement_the_majority_decides() -> None:
    calls = [_crc(d, [{"name": "Nadia Benali", "side": s}]) for d, s in zip(DAYS, ["client", "vendor", "client"],
                                                                           strict=True)]
    nadia = build_stakeholders(calls)[0]
    assert nadia.side == Side.client and nadia.conflicts


def test_people_named_but_never_met_from_participants_and_quotes() -> None:
    first = _crc(DAYS[0], [{"name": "Claire Martin", "side": "vendor"}, {"name": "Marc Ferrand", "side": "client"},
                           {"name": "Sophie Garnier", "organization": CLIENT, "side": "client",
                            "role": "DAF", "attended": False}])
    second = _crc(DAYS[1], [{"name": "Claire Martin", "side": "vendor"}, {"name": "Marc Ferrand", "side": "client"}],
                  facts=[{"text": "DSI", "evidence": [{"segment": 3, "speaker": "Marc Ferrand", "quote":
                          "Notre directeur informatique, Étienne Morvan, va les appeler directement."}]}])
    people = {s.name: s for s in build_stakeholders([first, second])}
    sophie = people["Sophie Garnier"]
    assert sophie.calls == [] and sophie.first_seen is None and sophie.named_in == [first.id]
    assert (sophie.side, sophie.role) == (Side.client, "DAF")
    etienne = people["Étienne Morvan"]
    assert etienne.calls == [] and etienne.named_in == [second.id]
    assert etienne.role == "directeur informatique" and etienne.side == Side.client  # « notre » = Marc's side
    assert etienne.evidence[0].quote.startswith("Notre directeur informatique")


def test_role_said_before_the_name_and_the_title_left_out() -> None:
    found = named_people("Notre avocate, Maître Hélène Dubreuil, l'a relu.", "fr")
    assert found == [("Hélène Dubreuil", "avocate", True)]


def test_the_account_renders_show_the_contradiction() -> None:
    from summarizer.downstream.account import LoadedCrc, build_account
    from summarizer.render.account import render_html, render_markdown

    first = _crc(DAYS[0], [{"name": "Claire Martin", "organization": "Logivia", "side": "vendor"}])
    flipped = _crc(DAYS[1], [{"name": "Claire Martin", "side": "client"}])
    acc = build_account([LoadedCrc(crc=first), LoadedCrc(crc=flipped)], CLIENT, DAYS[1])
    assert "Claire Martin ⚠ les appels divergent : vendor" in render_markdown(acc)
    assert 'class="ko conflict">les appels divergent' in render_html(acc)


def test_an_organisation_named_in_a_quote_is_no_person() -> None:
    crc = _crc(DAYS[0], [{"name": "Claire Martin", "organization": "Logivia", "side": "vendor"}],
               facts=[{"text": "ERP", "evidence": [{"segment": 1, "speaker": "Claire Martin",
                                                   "quote": "Je m'occupe de Silvaris chez Transports Ferrand."}]}])
    assert [s.name for s in build_stakeholders([crc])] == ["Claire Martin"]


def test_a_name_the_model_takes_for_a_place_is_a_person_when_a_job_follows() -> None:
    """spaCy's small French model tags « Loïc Vannier » as a place; « , notre RSSI » says it is a person.
    A place followed by a thing of one's own (« Saint-Priest, notre siège ») stays a place."""
    found = named_people("Je vous organise un échange avec Loïc Vannier, notre RSSI, début mai.", "fr")
    assert found == [("Loïc Vannier", "RSSI", True)]
    assert named_people("On livre au dépôt de Saint Priest, notre siège, en janvier.", "fr") == []


def test_a_first_name_beside_a_job_is_a_person_and_a_product_after_sur_is_not() -> None:
    """Issue 23: people named but never met — « Hervé, notre DAF » or « notre DAF, Hervé » is a person though
    one word; « une offre sur Silvaris Atelier » names a product; « Lyon, notre agence » stays a place."""
    assert named_people("Il faut que j'en parle à Hervé, notre DAF, avant la fin du mois.", "fr") == [("Hervé", "DAF", True)]
    assert named_people("Je verrai avec notre DAF, Hervé, la semaine prochaine.", "fr") == [("Hervé", "DAF", True)]
    assert named_people("On a présenté ça à Lyon, notre agence, la semaine dernière.", "fr") == []
    assert named_people("Et on a une offre d'Alpimatic sur Silvaris Atelier à trente euros par presse.", "fr") == []


def test_a_first_name_beside_a_job_without_punctuation_is_a_person_inside_a_sentence_only() -> None:
    """Issue 22: ASR output without commas — « il y a Hervé notre DAF qui arrive » names Hervé, the role stops
    where the sentence goes on; a place (« Lyon notre directeur ») or the word that opens a sentence
    (« Bref notre directeur ») is no one."""
    assert named_people("Attendez il y a Hervé notre directeur financier qui arrive à l'instant.", "fr") == [
        ("Hervé", "directeur financier", True)]
    assert named_people("On en parlera à Lyon notre directeur régional y sera.", "fr") == []
    assert "Bref" not in [name for name, _, _ in named_people("Bref notre directeur, Paul-Henri, en parlera lundi.", "fr")]


def test_a_person_named_by_surname_then_in_full_is_one_person_not_met() -> None:
    """« notre DAF, Mme Rouquier » in the first call, « notre DAF, Françoise Rouquier » in the second: one person."""
    people = [{"name": "Claire Martin", "side": "vendor"}, {"name": "Marc Ferrand", "side": "client"}]
    first = _crc(DAYS[0], [*people, {"name": "Rouquier", "side": "client", "role": "DAF", "attended": False}])
    second = _crc(DAYS[1], [*people, {"name": "Françoise Rouquier", "attended": False}])
    named = [s for s in build_stakeholders([first, second]) if not s.calls]
    assert [(s.name, s.role, s.side, s.named_in) for s in named] == [
        ("Françoise Rouquier", "DAF", Side.client, [second.id, first.id])]
