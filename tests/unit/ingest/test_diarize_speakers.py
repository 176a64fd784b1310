"""Speaker names from what was given or said, never invented (ingest/speakers.py)."""

from __future__ import annotations

import pytest

from summarizer.ingest.speakers import name_speakers, self_introduction


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bonjour, moi c'est Claire Martin, je m'occupe du compte.", "Claire Martin"),
        ("Claire Martin, de chez Logivia, bonjour.", "Claire Martin"),
        ("Oui bonjour, Marc Ferrand de chez Transports Ferrand.", "Marc Ferrand"),
        ("Je m'appelle Éloïse Dupont.", "Éloïse Dupont"),
        ("This is Diane in New Jersey.", "Diane"),
        ("And I'm Sheila and Texas originally from Chicago.", "Sheila"),
        ("Hi, my name is Jean-Marc.", "Jean-Marc"),
        ("Allô, ici Paul Girard.", "Paul Girard"),
        ("I'm originally from Chicago also.", None),
        ("I'm in New Jersey now though.", None),
        ("Je suis à Lyon demain.", None),
        ("This is Monday's plan.", None),
        ("Bon, je suis Désolé pour le retard.", None),
        ("Parfait, de chez nous ça part demain.", None),
    ],
)
def test_self_introduction(text: str, name: str | None) -> None:
    assert self_introduction(text) == name


def test_introductions_name_speakers_and_others_are_numbered() -> None:
    turns = [(0, "Bonjour, moi c'est Claire Martin."), (1, "Bonjour."), (2, "Oui, bonjour."), (1, "On commence ?")]
    assert name_speakers(turns) == {0: "Claire Martin", 1: "Locuteur 1", 2: "Locuteur 2"}
    assert name_speakers(turns, language="en")[1] == "Speaker 1"


def test_participants_give_full_names_and_the_last_one_by_elimination() -> None:
    turns = [(0, "Bonjour, moi c'est Claire."), (1, "Bonjour Claire."), (0, "On fait le point ?")]
    names = name_speakers(turns, ["Claire Martin", "Marc Ferrand"])
    assert names == {0: "Claire Martin", 1: "Marc Ferrand"}


def test_participants_without_evidence_name_nobody() -> None:
    turns = [(0, "Bonjour."), (1, "Bonjour, on commence ?")]
    assert name_speakers(turns, ["Claire Martin", "Marc Ferrand"]) == {0: "Locuteur 1", 1: "Locuteur 2"}
    # one speaker and one participant: that is who it is
    assert name_speakers([(0, "Bonjour.")], ["Claire Martin"]) == {0: "Claire Martin"}


def test_vocative_answered_by_the_next_speaker() -> None:
    turns = [
        (0, "Je vous présente Marc, notre DSI."),
        (0, "Marc, vous pouvez nous dire où vous en êtes ?"),
        (1, "Oui, bien sûr, on a fini la recette."),
    ]
    assert name_speakers(turns)[1] == "Marc"
    # the same with a participant: full name
    assert name_speakers(turns[1:], ["Marc Ferrand"])[1] == "Marc Ferrand"


def test_vocative_without_a_known_name_or_without_a_yes_names_nobody() -> None:
    unknown = [(0, "Parfait, vous pouvez envoyer le devis ?"), (1, "Oui, demain.")]
    assert name_speakers(unknown)[1] == "Locuteur 2"
    no_yes = [(0, "Je vous présente Marc."), (0, "Marc, vous validez ?"), (1, "Pas encore.")]
    assert name_speakers(no_yes)[1] == "Locuteur 2"


def test_a_name_goes_to_one_speaker_only() -> None:
    turns = [(0, "Moi c'est Claire."), (1, "Moi c'est Claire aussi, Claire Dubois."), (0, "Moi c'est Claire.")]
    names = name_speakers(turns)
    assert names[0] == "Claire" and names[1] != "Claire"
