"""Issue 21 item 1, second stage: the extractor's language rules come from the packs, so the test
pack "xx" (one folder, one registry line) is rewritten by its own rules, not French ones."""

from __future__ import annotations

import sys
import types
from dataclasses import replace

import pytest
from pydantic import BaseModel, ValidationError

from summarizer.extract.rules.register import (
    Voice,
    decision_text,
    numbers_in_digits,
    risk_text,
    strip_fillers,
    written,
)
from summarizer.lang import LANGUAGES, get_lang
from summarizer.lang.cues import Cues
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


def test_the_lexicon_joins_every_packs_cues_french_first() -> None:
    from summarizer.extract.rules import lexicon as lx

    fr, en = get_lang("fr").cues, get_lang("en").cues
    bodies = [p.removeprefix(r"\b") for p in (*fr.wish, *en.wish)]  # a shared leading \b is checked once
    places = [lx.WISH.pattern.index(b) for b in bodies]
    assert places == sorted(places)
    assert lx.WISH.search("ce serait bien d'avoir ça") and lx.WISH.search("it would be nice to have")
    assert lx.QUESTION_START.pattern == r"(?:^(" + "|".join((*fr.question_start_words, *en.question_start_words)) + r")\b)"
    assert "<SEND>" not in lx.COMMIT_MARKERS.pattern and lx.COMMIT_MARKERS.search("je vous envoie le devis")
    assert lx.COMMIT_MARKERS.search("we'll send the quote") and lx.REQUEST.search("merci de nous transmettre le fichier")
    assert next(iter(lx.MEETING_TYPE_CUES)).value == "discovery" and [r for r, _ in lx.DECISION_ROLE][-1] == "user"


def test_a_new_pack_brings_its_cues_to_the_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    """One folder and one registry line: the Spanish wish "ojalá" becomes a wish, no extractor change."""
    import importlib

    from summarizer.extract.rules import lexicon as lx

    pack = types.ModuleType("lang_es_test")
    pack.LANG = replace(get_lang("en"), code="es", cues=Cues(wish=(r"\bojalá\b",)))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lang_es_test", pack)
    monkeypatch.setitem(LANGUAGES, "es", "lang_es_test")
    assert not lx.WISH.search("ojalá podamos firmar")
    try:
        importlib.reload(lx)
        assert lx.WISH.search("ojalá podamos firmar") and lx.WISH.search("un jour peut-être")
    finally:
        monkeypatch.undo()
        importlib.reload(lx)
    assert not lx.WISH.search("ojalá podamos firmar")


def test_the_objective_and_subject_are_written_in_the_packs_words(xx: str) -> None:
    from summarizer.crc import MeetingType
    from summarizer.extract.rules.meeting import objective

    assert objective(MeetingType.qbr, "Northwind", [], [], "fr") == "QBR Northwind : faire le point et convenir de la suite."
    assert objective(MeetingType.renewal, None, [], [], "en") == "Renewal: discuss the needs and agree on the next steps."
    assert objective(MeetingType.other, "Northwind", [], [], xx) \
        == "⟦Sales meeting⟧ Northwind⟦:⟧ ⟦discuss the needs and agree on the next steps.⟧"


def test_an_objective_has_one_colon() -> None:
    """calls-dev w5-01: « Rendez-vous commercial Jurisnote : prochaine étape : rappeler … » had two."""
    import datetime as dt

    from summarizer.crc import MeetingType, Side
    from summarizer.extract.rules.commitments import Commitment
    from summarizer.extract.rules.meeting import objective

    step = Commitment(kind="next_step", text="Rappeler Anne-Sophie Quéré", owner=None, side=Side.vendor,
                      due_date=dt.date(2026, 6, 2), due_text="le 2 juin", fmt=None, clauses=[])
    text = objective(MeetingType.other, "Jurisnote", [], [step], "fr")
    assert text.count(":") == 1 and text.endswith("prochaine étape : rappeler Anne-Sophie Quéré (02/06).")
    assert objective(MeetingType.other, "Jurisnote", [], [step], "en").count(":") == 1


def test_messages_render_with_the_packs_texts_and_an_unknown_language_reads_french(xx: str) -> None:
    """"xx" borrows the English messages (its pack says so); a code no pack serves keeps French, as before."""
    from summarizer.errors import validation_summary
    from summarizer.messages import Message, size_label
    from summarizer.serve.messages import message, request_language, validation_details

    missing = Message("file_missing", path="a.vtt")
    assert missing.render(xx) == "a.vtt: file not found." == missing.render("en")
    assert missing.render("de") == missing.render("fr") == "a.vtt : fichier introuvable."
    assert Message("crc_invalid", problems=[Message("pydantic:missing")] * 2).render(xx).count("field required; ") == 1
    assert size_label(1536, lang=xx) == "1.5 KB" and size_label(1536, lang="de") == "1,5 Ko"
    assert request_language("xx-XX, fr;q=0.5") == xx and request_language("de, es") == "fr"
    assert message("not_found", xx) == "No such address on this service."
    assert validation_details([{"loc": ("body",), "type": "missing"}], xx)[0]["msg"] == "request body: field required"

    class Model(BaseModel):
        a: int
        b: int

    with pytest.raises(ValidationError) as caught:
        Model.model_validate({})
    assert validation_summary(caught.value, limit=2, lang=xx) == "a: field required; b: field required"


def test_an_objective_keeps_a_name_that_opens_a_decision() -> None:
    """calls-dev w9-08: « Rendez-vous commercial Nordet Santé, nordet Santé fait cela … » lowercased a name."""
    import datetime as dt

    from summarizer.crc import Decision, Evidence, MeetingType
    from summarizer.extract.rules.meeting import objective

    ev = [Evidence(segment=0, quote="x")]
    text = objective(MeetingType.other, "Nordet Santé", [Decision(text="Nordet Santé héberge à Paris", evidence=ev)], [], "fr")
    assert "Nordet Santé héberge à Paris" in text
    assert "Jean Luc Mélenchon voit" in objective(MeetingType.other, None, [Decision(text="Jean Luc Mélenchon voit", evidence=ev)], [], "fr")
    assert "Orkalis bascule" in objective(MeetingType.other, "X", [Decision(text="Orkalis bascule", evidence=ev)], [], "fr")
    assert ": que Centre hospitalier lance" in objective(MeetingType.other, "X", [Decision(text="Que Centre hospitalier lance", evidence=ev)], [], "fr")
    lower = objective(MeetingType.other, "Nordet", [Decision(text="Pilote à Lyon", evidence=ev)], [], "fr")
    assert lower.endswith(": pilote à Lyon.") and dt
