"""Issue 21 item 1, second stage: the extractor's language rules come from the packs, so the test
pack "xx" (one folder, one registry line) is rewritten by its own rules, not French ones."""

from __future__ import annotations

from summarizer.extract.rules.register import Voice, decision_text, numbers_in_digits, risk_text, strip_fillers, written
from summarizer.lang import get_lang
from summarizer.lang.register import Register


def test_each_pack_holds_its_register_rules() -> None:
    fr, en = get_lang("fr").register, get_lang("en").register
    assert isinstance(fr, Register) and isinstance(en, Register) and fr is not en
    assert fr.speaker == "l'interlocuteur" and en.team_named("Ana") == "Ana's team"


def test_the_extra_pack_is_written_by_its_own_register(xx: str) -> None:
    """"xx" takes the English rules (its pack says so): a code French rules used to serve is now the pack's."""
    anna = Voice(speaker="Anna", own="Quantera", other="Northwind", language=xx)
    assert written("Um, I'll send you the deck, right?", anna) == "Anna will send Northwind the deck"
    assert decision_text("We'll go with the pilot in Leeds", anna) == "The pilot in Leeds"
    assert risk_text("The risk is that the board says no", anna) == "The board says no"
    assert strip_fillers("so, you know, the the price", xx) == "the price"
    assert numbers_in_digits("ten percent of 2400000", xx) == "10% of 2,400,000"
    assert Voice(language=xx).me == "the speaker" and Voice(language=xx, own_lead="Bo").us == "Bo's team"


def test_a_code_no_pack_serves_is_read_as_french() -> None:
    assert Voice(language="de").me == "l'interlocuteur"
    assert written("je vous envoie le devis", Voice(speaker="Marc", other="Logivia", language="de")) \
        == "Marc envoie le devis"
