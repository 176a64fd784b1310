"""Labels that are not names ("Locuteur 2", "SPEAKER_01", "Vendeur") take the names said in the call
(ingest/speaker_labels.py over ingest/speakers.py), in every transcript, before extraction."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from summarizer.ingest.speaker_labels import is_placeholder, name_placeholder_speakers
from summarizer.ingest.speakers import speaker_names
from summarizer.ingest.transcript import Segment, Transcript
from summarizer.pipeline import RunOptions, run_file


@pytest.mark.parametrize(
    ("label", "placeholder"),
    [
        ("Locuteur 2", True), ("SPEAKER_01", True), ("Speaker 1", True), ("Intervenant 3", True),
        ("Vendeur", True), ("Client", True), ("Cliente 2", True), ("spk_0", True), ("Speaker A", True),
        ("Unknown Speaker", True), ("P1", True),
        ("Claire Martin", False), ("Bastien", False), ("Marc-Antoine Delval", False),
    ],
)
def test_placeholder_labels(label: str, placeholder: bool) -> None:
    assert is_placeholder(label) is placeholder


def test_self_introductions_name_their_speaker() -> None:
    turns = [
        ("Locuteur 1", "Bonjour, moi c'est Claire Martin, je m'occupe de votre compte."),
        ("Locuteur 2", "Oui bonjour, Bastien Roux, de chez Transports Roux."),
        ("Locuteur 3", "Hi everyone. This is Diane, I run the warehouse."),
        ("Locuteur 4", "Bonjour."),
    ]
    assert speaker_names(turns) == {"Locuteur 1": "Claire Martin", "Locuteur 2": "Bastien Roux", "Locuteur 3": "Diane"}


def test_a_greeting_shared_with_someone_named_otherwise_goes_whole_to_the_other_speaker() -> None:
    """Issue 22: « Oui, bonjour Madame Garnier » sits between the caller and a colleague just presented; once
    the colleague is known to be Lucie, the greetings are all the caller's."""
    turns = [
        ("Locuteur 1", "Allô, bonjour, je vous appelle pour le devis de la semaine dernière."),
        ("Locuteur 2", "Oui, bonjour Madame Garnier. Je vous mets sur haut-parleur, Lucie Perrin est avec moi."),
        ("Locuteur 3", "Bonjour."),
        ("Locuteur 1", "Bonjour Lucie. Vous avez pu lire la proposition ?"),
        ("Locuteur 3", "Oui, on l'a lue hier soir."),
        ("Locuteur 1", "Parfait, je vous renvoie la version corrigée demain."),
        ("Locuteur 2", "Très bien. Merci Madame Garnier."),
        ("Locuteur 3", "Merci, au revoir."),
    ]
    names = speaker_names(turns)
    assert names == {"Locuteur 1": "Garnier", "Locuteur 3": "Lucie Perrin"}


def test_two_people_asked_at_once_are_the_next_two_to_answer() -> None:
    """Issue 22: « Sonia, Karim, vous êtes sur site ? » asks two people; the next two speakers answer. Once
    one of them is known to be Sonia, the other is Karim."""
    turns = [
        ("SPEAKER_00", "Bonjour à tous, Hélène Vidal, de chez Logivia."),
        ("SPEAKER_01", "Bonjour Hélène."),
        ("SPEAKER_02", "Bonjour."),
        ("SPEAKER_00", "Je rappelle qui est là. Sonia Marchal, qui dirige la logistique, et Karim Benali, qui gère les achats."),
        ("SPEAKER_00", "Sonia, Karim, vous êtes sur site aujourd'hui ?"),
        ("SPEAKER_01", "Oui, on est à l'entrepôt, enfin Karim arrive de réunion."),
        ("SPEAKER_02", "Oui, j'arrive à l'instant."),
        ("SPEAKER_00", "Très bien. Sonia, vous pouvez nous rappeler les volumes ?"),
        ("SPEAKER_01", "Oui, douze mille palettes par an."),
    ]
    names = speaker_names(turns)
    assert names == {"SPEAKER_00": "Hélène Vidal", "SPEAKER_01": "Sonia Marchal", "SPEAKER_02": "Karim Benali"}


def test_a_vocative_answered_by_the_next_speaker_names_them() -> None:
    turns = [
        ("Locuteur 1", "Bonjour à tous, Claire Martin, de chez Logivia."),
        ("Locuteur 2", "Bonjour."),
        ("Locuteur 3", "Bonjour."),
        ("Locuteur 1", "Bastien, vous confirmez la livraison du 12 ?"),
        ("Locuteur 3", "Oui, je confirme, le 12."),
        ("Locuteur 2", "Très bien."),
    ]
    names = speaker_names(turns, is_person=lambda name: name == "Bastien")
    assert names == {"Locuteur 1": "Claire Martin", "Locuteur 3": "Bastien"}
    # the same name not known as a person (no entity, never introduced): nobody
    assert "Locuteur 3" not in speaker_names(turns, is_person=lambda name: False)


def test_a_titled_greeting_names_the_only_other_speaker() -> None:
    turns = [("SPEAKER_00", "Bonjour Madame Leroy, je vous appelle pour le devis."), ("SPEAKER_01", "Oui, bonjour.")]
    assert speaker_names(turns) == {"SPEAKER_01": "Leroy"}
    # without a title, one greeting is not enough
    assert speaker_names([("SPEAKER_00", "Bonjour Sophie."), ("SPEAKER_01", "Bonjour.")]) == {}


def test_a_third_person_pointer_is_not_the_speakers_name() -> None:
    assert speaker_names([("Client", "C'est Bastien qui a les plans."), ("Vendeur", "D'accord.")]) == {}
    turns = [
        ("Client", "Sextant Ingénierie, Aurélie Mercadier bonjour."),
        ("Vendeur", "Bonjour Madame Mercadier, Maxime Poirier, de la société Ergonéo."),
        ("Client", "Attendez, il y a Bastien qui arrive. C'est Bastien qui a les plans."),
        ("Vendeur", "Très bien, bonjour Bastien."),
    ]
    assert speaker_names(turns) == {"Client": "Aurélie Mercadier", "Vendeur": "Maxime Poirier"}


def test_one_name_never_goes_to_two_labels_and_a_tie_names_nobody() -> None:
    assert speaker_names([("A", "Moi c'est Claire."), ("B", "Moi c'est Claire."), ("C", "Bonjour.")]) == {}


def test_the_spelling_the_call_uses_most() -> None:
    turns = [
        ("Locuteur 1", "Bonjour à tous, Adrien Pérac, de chez Scolavie."),
        ("Locuteur 2", "Bonjour Monsieur Peyrac."),
        ("Locuteur 1", "On commence ?"),
        ("Locuteur 2", "Oui. Merci, Monsieur Peyrac."),
    ]
    assert speaker_names(turns)["Locuteur 1"] == "Adrien Peyrac"


def _transcript(*turns: tuple[str, str]) -> Transcript:
    return Transcript(segments=[Segment(index=i, speaker=s, text=t) for i, (s, t) in enumerate(turns)], language="fr")


def test_side_labels_are_renamed_and_pass_their_side_on() -> None:
    named = name_placeholder_speakers(_transcript(
        ("Client", "oui allô"),
        ("Vendeur", "Oui bonjour, Mélanie Rigal, Arverne Location. Je cherche à joindre Monsieur Baptiste."),
        ("Client", "oui c'est moi, Kevin Baptiste."),
        ("Vendeur", "Bonjour Monsieur Baptiste, je vous rappelle pour le devis."),
    ))
    assert named.renamed == {"Client": "Kevin Baptiste", "Vendeur": "Mélanie Rigal"}
    assert named.transcript.speakers == ["Kevin Baptiste", "Mélanie Rigal"]
    assert sorted(named.side_hints()) == ["Kevin Baptiste:client", "Mélanie Rigal:vendor"]


def test_named_labels_are_kept_and_their_names_taken() -> None:
    named_call = _transcript(("Claire Martin", "Bonjour, moi c'est Claire Martin."), ("Marc", "Bonjour."))
    assert name_placeholder_speakers(named_call).transcript is named_call
    mixed = name_placeholder_speakers(_transcript(
        ("Claire Martin", "Bonjour à tous."), ("Locuteur 2", "Bonjour, moi c'est Claire Martin."),
    ))
    assert mixed.renamed == {}  # Claire Martin is already a label: never two speakers of one name
    partly = name_placeholder_speakers(_transcript(
        ("Claire Martin", "Bonjour à tous."), ("Locuteur 2", "Bonjour, moi c'est Claire."),
    ))
    assert partly.renamed == {}


def test_vocatives_are_checked_with_spacy_person_entities() -> None:
    named = name_placeholder_speakers(_transcript(
        ("Locuteur 1", "Bonjour à tous, Claire Martin, de chez Logivia."),
        ("Locuteur 2", "Bonjour."),
        ("Locuteur 3", "Bonjour."),
        ("Locuteur 1", "Agnès, vous pouvez nous envoyer les volumes ?"),
        ("Locuteur 2", "Oui, bien sûr, je vous les envoie demain."),
    ))
    assert named.renamed == {"Locuteur 1": "Claire Martin", "Locuteur 2": "Agnès"}


def test_a_diarized_json_gets_names_then_owners_and_sides_follow(tmp_path: Path) -> None:
    """The whole run: owners are the names said, not "SPEAKER_00"."""
    call = tmp_path / "appel.json"
    segments = [
        ("SPEAKER_00", "Allô ? Bonjour Monsieur Roux, Claire Martin, de chez Logivia."),
        ("SPEAKER_01", "Bonjour Madame Martin. Oui, je vous entends bien."),
        ("SPEAKER_00", "Je vous appelle pour faire le point sur votre projet d'entrepôt."),
        ("SPEAKER_01", "Oui. On a besoin d'une proposition chiffrée avant la fin du mois."),
        ("SPEAKER_00", "Je vous envoie la proposition vendredi."),
        ("SPEAKER_01", "Parfait. Et moi je vous transmets les plans du site lundi."),
    ]
    call.write_text(json.dumps({"language": "fr", "segments": [
        {"start": 5.0 * i, "end": 5.0 * i + 4, "speaker": s, "text": t} for i, (s, t) in enumerate(segments)
    ]}), encoding="utf-8")
    options = RunOptions(meeting_date=dt.date(2026, 11, 18), client="Entrepôts Roux", vendor="Logivia")
    result, _ = run_file(call, tmp_path / "out", options, transcript_stem="appel")
    assert result.transcript.speakers == ["Claire Martin", "Roux"]
    owners = {d.issuer for d in result.crc.deliverables} | {n.owner for n in result.crc.next_steps}
    assert owners == {"Claire Martin", "Roux"}
    sides = {p.name: p.side.value for p in result.crc.participants}
    assert sides == {"Claire Martin": "vendor", "Roux": "client"}
    # the transcript written beside the CRC carries the same names as its evidence
    assert "Claire Martin" in (tmp_path / "out" / "appel.transcript.json").read_text(encoding="utf-8")


def test_side_labels_keep_their_side_once_renamed(tmp_path: Path) -> None:
    call = tmp_path / "appel.json"
    segments = [
        ("Client", "oui allô"),
        ("Vendeur", "Oui bonjour, Mélanie Rigal. Je cherche à joindre Monsieur Baptiste."),
        ("Client", "oui c'est moi, Kevin Baptiste."),
        ("Vendeur", "Je vous envoie le devis demain."),
    ]
    call.write_text(json.dumps([{"speaker": s, "text": t} for s, t in segments]), encoding="utf-8")
    result, _ = run_file(call, None, RunOptions(meeting_date=dt.date(2026, 11, 18)))
    sides = {p.name: p.side.value for p in result.crc.participants}
    assert sides == {"Kevin Baptiste": "client", "Mélanie Rigal": "vendor"}


def test_a_full_name_presented_anywhere_completes_a_first_name() -> None:
    turns = [
        ("SPEAKER_01", "Bon, je crois qu'on est au complet. Bonjour à tous."),
        ("SPEAKER_00", "Bonjour."),
        ("SPEAKER_02", "Bonjour."),
        ("SPEAKER_01", "Claire, vous nous entendez bien depuis Paris ?"),
        ("SPEAKER_00", "Très bien, oui."),
        ("SPEAKER_01", "Je fais les présentations. Claire Vasseur est souscriptrice chez Hermine."),
        ("SPEAKER_02", "Enchanté."),
        ("SPEAKER_01", "Claire, on vous écoute ?"),
        ("SPEAKER_00", "Oui, alors les conditions."),
    ]
    assert speaker_names(turns) == {"SPEAKER_00": "Claire Vasseur"}


def test_someone_presented_who_greets_next_is_named() -> None:
    turns = [
        ("SPEAKER_02", "Bonjour, Karima Saïdi, je suis responsable d'exploitation du site."),
        ("SPEAKER_01", "Bonjour, Benoît Lacroix, je suis le CTO d'Opaline. Et Sami, qui gère toute notre infra."),
        ("SPEAKER_03", "Bonjour."),
        ("SPEAKER_02", "Alors on commence la visite. Sami, vous venez avec nous ?"),
        ("SPEAKER_03", "J'arrive."),
    ]
    names = speaker_names(turns)
    assert names == {"SPEAKER_02": "Karima Saïdi", "SPEAKER_01": "Benoît Lacroix", "SPEAKER_03": "Sami"}
    # presented, but the next turn is not a bare greeting and nobody calls him: nobody
    assert "SPEAKER_03" not in speaker_names([turns[1], ("SPEAKER_03", "Bonjour, on parle des baies ?")])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ah, Gaëlle, c'est Soizic ! Je t'avais pas reconnue.", "Soizic"),
        ("Adieu Rémi, c'est Fabien, d'Alpibureau. Ça joue ?", "Fabien"),
        ("Cabinet Chavanel, bonjour, Rémi à l'appareil.", "Rémi"),
        ("Oui, très bien. Bonjour. Marc-Antoine Delval. Je suis avec Isabelle, notre CPE.", "Marc-Antoine Delval"),
        ("Bonjour, oui, ils sont avec moi, Vincent Lhomme.", "Vincent Lhomme"),
        ("Et moi, Olivier Perrault, votre courtier.", "Olivier Perrault"),
        ("Hi, sorry, Nick here. Apologies, my last meeting overran.", "Nick"),
        ("Ça, c'est Francis qui va faire une tête.", None),
        ("Okay, in English now. Megan, this is Hélène, she's our key account manager.", None),
        ("Sounds fine. Nick from our loyalty team might join halfway through.", None),
        ("Oui, Bordeaux Lac, Mérignac, Nantes, Rennes et Lille.", None),
        ("C'est Bastien qui a les plans.", None),
    ],
)
def test_french_introductions(text: str, name: str | None) -> None:
    from summarizer.ingest.speakers import self_introduction

    assert self_introduction(text) == name


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("appel.txt", "Locuteur 1 : Bonjour Monsieur Roux, Claire Martin, de chez Logivia.\n"
                      "Locuteur 2 : Bonjour Madame Martin. Oui, je vous entends.\n"
                      "Locuteur 1 : Je vous envoie la proposition vendredi.\n"),
        ("appel.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v SPEAKER_00>Bonjour Monsieur Roux, Claire Martin, de chez Logivia.</v>\n\n"
                      "00:00:04.000 --> 00:00:08.000\n<v SPEAKER_01>Bonjour Madame Martin. Oui, je vous entends.</v>\n\n"
                      "00:00:08.000 --> 00:00:12.000\n<v SPEAKER_00>Je vous envoie la proposition vendredi.</v>\n"),
        ("appel.srt", "1\n00:00:00,000 --> 00:00:04,000\nSpeaker 1: Bonjour Monsieur Roux, Claire Martin, de chez Logivia.\n\n"
                      "2\n00:00:04,000 --> 00:00:08,000\nSpeaker 2: Bonjour Madame Martin. Oui, je vous entends.\n\n"
                      "3\n00:00:08,000 --> 00:00:12,000\nSpeaker 1: Je vous envoie la proposition vendredi.\n"),
    ],
)
def test_every_transcript_format_gets_names(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result, _ = run_file(path, None, RunOptions(meeting_date=dt.date(2026, 11, 18), vendor="Logivia"))
    assert result.transcript.speakers == ["Claire Martin", "Roux"]
    assert [d.issuer for d in result.crc.deliverables] == ["Claire Martin"]
