"""Promises the cue lists missed (``extract/rules/promises.py``), through the real rules backend: a dated act
for the addressee, a dated check with someone, telling someone named, a pronoun object handed back or over,
a date said before its clause; and what stays no promise (thanks, warnings, needs, confirmations)."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.crc import CRC, Side
from summarizer.extract.base import ExtractContext, ParticipantHint
from summarizer.extract.rules.extractor import extract_rules
from summarizer.ingest.transcript import Segment, Transcript

DAY = dt.date(2026, 11, 18)  # a Wednesday
CTX = ExtractContext(
    meeting_date=DAY, client="Transports Ferrand", vendor="Logivia",
    participants=[ParticipantHint(name="Claire Martin", side=Side.vendor), ParticipantHint(name="Marc Ferrand", side=Side.client)],
)


def run(*lines: tuple[str, str]) -> CRC:
    t = Transcript(segments=[Segment(index=i, start=float(i * 5), speaker=who, text=text)
                             for i, (who, text) in enumerate(lines)])
    crc = extract_rules(t, CTX)
    CRC.model_validate(crc.model_dump(), context={"transcript": t})  # grounded by construction
    return crc


def promises(crc: CRC) -> list[tuple[str | None, dt.date | None, list[str]]]:
    items = [(s.owner, s.due_date, [e.quote for e in s.evidence]) for s in crc.next_steps]
    return items + [(d.issuer, d.due_date, [e.quote for e in d.evidence]) for d in crc.deliverables]


@pytest.mark.parametrize(("said", "due"), [
    ("Je vous signe le bon de commande avant le 30 novembre.", dt.date(2026, 11, 30)),
    ("Je vous fais un chiffrage de la reprise des données sous quinze jours.", dt.date(2026, 12, 2)),
    ("Oui, je vois avec la logistique cette semaine.", dt.date(2026, 11, 20)),
    ("Je vais en parler à Sophie Garnier avant le comité du 14 janvier.", dt.date(2027, 1, 14)),
])
def test_an_act_owed_without_a_delivery_verb(said: str, due: dt.date) -> None:
    [(owner, date, quotes)] = promises(run(("Claire Martin", "Et de votre côté ?"), ("Marc Ferrand", said)))
    assert (owner, date) == ("Marc Ferrand", due)
    assert quotes == [said]


def test_a_second_act_joins_the_first_it_follows() -> None:
    """« Je fais valider … et je vous réponds sous huitaine »: one promise, both quotes, dated by the second."""
    [(owner, date, quotes)] = promises(run(
        ("Marc Ferrand", "Je fais valider par notre service achats et je vous réponds sous huitaine.")))
    assert (owner, date) == ("Marc Ferrand", dt.date(2026, 11, 25))
    assert quotes[-1] == "je vous réponds sous huitaine."


def test_a_pronoun_object_handed_back_or_over_comes_from_the_lines_before() -> None:
    crc = run(
        ("Claire Martin", "Je vous envoie le questionnaire de cadrage demain."),
        ("Marc Ferrand", "Parfait. Et on vous le retourne complété sous huitaine."),
        ("Claire Martin", "Désolée, notre équipe a voulu revoir le planning de déploiement."),
        ("Claire Martin", "Vous l'aurez vendredi, sans faute."),
    )
    back = next(d for d in crc.deliverables if any("retourne" in e.quote for e in d.evidence))
    assert "questionnaire" in back.what.lower()  # kept with the promise it answers (the recap rule merges them)
    over = next(d for d in crc.deliverables if any("Vous l'aurez" in e.quote for e in d.evidence))
    assert over.issuer == "Claire Martin" and over.due_date == dt.date(2026, 11, 20)
    assert "planning de déploiement" in over.what


def test_a_date_said_first_stays_with_its_clause() -> None:
    said = "Parfait. Et d'ici vendredi, je vous envoie la grille tarifaire, avec les remises."
    (d,) = run(("Claire Martin", said)).deliverables
    assert d.due_date == dt.date(2026, 11, 20) and d.due_text == "d'ici vendredi"
    assert d.evidence[0].quote.startswith("Et d'ici vendredi, je vous envoie la grille tarifaire")


@pytest.mark.parametrize("said", [
    "Je vous remercie, on se parle demain alors.",
    "Je vous préviens, le budget est encore à valider mi-décembre.",
    "Et je vous le redis : je ne veux pas revivre un lundi comme celui-là.",
    "Mais ça, il faut que j'en parle à Olivier, il rentre le 15.",
    "Vos données vous appartiennent, vous l'aurez compris.",
])
def test_no_promise(said: str) -> None:
    assert promises(run(("Marc Ferrand", said))) == []
