"""Invented words, grammar errors and spoken fillers in item texts: the eval's written-language checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval_fixtures import fixed, good_crc, write_case

from summarizer.evaluation.gold import load_gold, resolve_gold
from summarizer.evaluation.language_checks import (
    CallWords,
    check_item,
    crc_made,
    grammar_available,
    grammar_errors,
    grammar_report,
    invented_words,
    spoken_register,
)
from summarizer.evaluation.metrics import aggregate, evaluate_crc
from summarizer.ingest.transcript import read_transcript

CALL = CallWords.of_texts(
    ["Bonjour Claire, je vous recontacte vendredi pour le POC chez Ferrand-Logistique.",
     "Ce que vous disiez, ça ne nous convient pas."],
    names=["Transports Ferrand", "Logivia"],
)
needs_grammalecte = pytest.mark.skipif(not grammar_available(), reason="python3-grammalecte absent (.ci/install-grammalecte.sh)")


@pytest.mark.parametrize(("text", "word"), [
    ("L'interlocuteur étie d'accord", "étie"),
    ("Il avie dit que le budget est validé", "avie"),
    ("Le comité validie le devis", "validie"),
    ("Pour que le client puissie signer", "puissie"),
    ("Revenir sur ce que l'interlocuteur disie", "disie"),  # "disiez" was said: not a form of an -er verb
    ("Puisser déclarer les expéditions en ligne", "Puisser"),
])
def test_french_non_words_are_invented(text: str, word: str) -> None:
    assert invented_words(text, "fr", CALL) == [word]


@pytest.mark.parametrize(("text", "word"), [
    ("The team agreeds to ship in May", "agreeds"),
    ("She dids the demo", "dids"),
    ("He oughts to call the buyer", "oughts"),
    ("Everyone understoods the plan", "understoods"),
])
def test_english_non_words_are_invented(text: str, word: str) -> None:
    assert invented_words(text, "en", CALL) == [word]


@pytest.mark.parametrize("text", [
    "Claire recontactera Transports Ferrand vendredi",  # the future of a verb said in the present
    "Organiser l'atelier de cadrage jusqu'au 3 décembre",  # elisions, digits
    "Relancer Logivia pour le POC T3 chez Ferrand-Logistique",  # names from the call, acronyms, references
    "Le sous-traitant enverra le planning qu'il a reçu",  # hyphens, conjugated forms in the dictionary
    "ORGANISER UN ATELIER",  # case
    "Envoyer le deck au CFO",  # English in French (franglais)
])
def test_written_french_has_no_invented_word(text: str) -> None:
    assert invented_words(text, "fr", CALL) == []


def test_written_english_has_no_invented_word() -> None:
    assert invented_words("Jim won't send the client's follow-up quote to Logivia", "en", CALL) == []


@needs_grammalecte
def test_grammar_errors_are_found_and_typography_is_not() -> None:
    errors = grammar_errors("La comité ne est pas prête")
    assert errors is not None and len(errors) == 2
    assert grammar_errors("M. Dupont enverra le devis - vendredi !") == []  # dash and spacing: typography
    assert grammar_errors("Envoyer la proposition avant le 20 novembre.") == []
    assert grammar_errors("Le client a dit « la comité ne est pas prête »") == []  # the speaker's own words
    assert grammar_errors("Mutuelle Horizon ajoute le périmètre cloud", ["Mutuelle Horizon"]) == []  # a name
    assert grammar_errors("Mutuelle Horizon ajoute le périmètre cloud")  # what Grammalecte says without the name


@pytest.mark.parametrize(("text", "language", "word"), [
    ("Send the the deck by Friday", "en", "the the"),
    ("We're gonna send the deck", "en", "We're"),
    ("The buyer is gonna sign", "en", "gonna"),
    ("The buyer said okay to the price", "en", "okay"),
    ("Proposition de de prix", "fr", "de de"),
    ("Le client dit ouais pour le pilote", "fr", "ouais"),
])
def test_fillers_and_stutters_are_spoken(text: str, language: str, word: str) -> None:
    assert spoken_register(text, language) == word


@pytest.mark.parametrize(("text", "word"), [
    ("D'accord, le devis part lundi", "D'accord"),
    ("Le devis part lundi, d'accord", "d'accord"),
    ("Jacques Chirac voulait être sûr que l'interlocuteur était d'accord pour la faire", None),  # written French
    ("Le comité est d'accord sur le pilote", None),
    ("Une baisse de 4 points des prélèvements, c'est-à-dire 72 milliards", None),  # « c'est-à-dire » is no dislocation
    ("Le budget, c'est 72 milliards", "c'est"),
])
def test_agreeing_is_written_french_a_bare_d_accord_is_spoken(text: str, word: str | None) -> None:
    assert spoken_register(text, "fr") == word


def test_check_item_gathers_every_check() -> None:
    check = check_item("Le comité validie le devis", "fr", CALL)
    assert check.invented == ["validie"] and check.spoken is None and not check.ok
    assert check_item("The team agreed on the price", "en", CALL).ok


def test_eval_counts_invented_words_grammar_and_adverbial_due_dates(tmp_path: Path) -> None:
    import datetime as dt

    gold_path = write_case(tmp_path)
    gold = load_gold(gold_path)
    transcript = read_transcript(tmp_path / gold.transcript)
    transcript.segments[4].text = "Je vous envoie la proposition vendredi 20 novembre, aujourd'hui on est le 18."
    transcript.segments[2].text = "Le budget 2027 n'est pas encore arbitré, il faut réparer leur maisons."
    crc = good_crc()
    crc.facts[0].text = "Marc Ferrand avie 140 camions"
    crc.decisions[0].text = "La comité valide le pilote à Lyon"  # crc's error: the segment says no « comité »
    crc.risks[0].text = "Budget 2027 non arbitré : réparer leur maisons"  # the speaker's, kept from segment 2
    crc.deliverables[0].due_date = dt.date(2026, 11, 18)  # "aujourd'hui" read as the deadline
    gold = gold.model_copy(update={"commitments": [c.model_copy(update={"evidence": ["Je vous envoie la proposition"]})
                                                   if c.kind == "deliverable" else c for c in gold.commitments]})
    r = evaluate_crc(crc, gold, resolve_gold(gold, transcript), transcript)
    assert (r.invented.correct, r.invented.total) == (1, 5)
    assert r.adverbial_due_dates == 1
    kinds = {f.kind for f in r.findings}
    assert {"invented_word", "adverbial_due_date"} <= kinds
    overall = aggregate([r])
    assert overall["invented_word_share"] == 0.2 and overall["adverbial_due_dates"] == 1
    if grammar_available():
        assert (r.grammar.correct, r.grammar.total) == (1, 5) and overall["grammar_error_share"] == 0.2
        assert (r.grammar_all.correct, r.grammar_all.total) == (2, 5) and overall["grammar_error_share_all"] == 0.4
        assert [f.text for f in r.findings if f.kind == "grammar"] == ["La comité valide le pilote à Lyon"]
    else:
        assert r.grammar.total == 0 and overall["grammar_error_share"] is None
        assert overall["grammar_error_share_all"] is None


@needs_grammalecte
def test_an_error_the_speaker_said_is_not_crcs_making() -> None:
    """Issue 22: « leur maisons », « 7 Française sur 10 » are the speaker's; « la comité » from « le comité » is crc's."""
    said = ["Il faut réparer leur maisons et le comité décide.", "Sept Française sur 10 l'ont compris."]
    kept = grammar_report("Réparer leur maisons")
    assert kept and crc_made(kept, said) == []
    digits = grammar_report("7 Française sur 10 l'ont compris")  # the CRC writes the figure: the noun is still the speaker's
    assert digits and crc_made(digits, said) == []
    made = grammar_report("La comité décide")
    assert made and crc_made(made, said) == made
    assert crc_made(made, []) == made  # an item citing nothing owns its errors
    check = check_item("La comité répare leur maisons", "fr", CALL, said=said)
    assert check.grammar is not None and len(check.grammar) == 1 and "comité" in check.grammar[0]


def test_invented_words_and_grammar_rises_are_gated() -> None:
    from summarizer.evaluation.baseline import compare

    base = {"rules": {"invented_word_share": 0.0, "grammar_error_share": 0.02, "adverbial_due_dates": 0.0}}
    cmp = compare({"rules": {"invented_word_share": 0.05, "grammar_error_share": 0.10, "adverbial_due_dates": 1.0}}, base, 0.02)
    assert {d.metric for d in cmp.deltas if d.regression} == {"invented_word_share", "grammar_error_share",
                                                              "adverbial_due_dates"}


def test_without_grammalecte_the_grammar_metric_is_skipped_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.evaluation.language_checks as checks
    from summarizer.evaluation.runner import run_eval

    monkeypatch.setattr(checks, "_grammalecte", lambda: None)
    assert checks.grammar_errors("La comité ne est pas prête") is None
    write_case(tmp_path / "cases")
    report = run_eval(tmp_path / "cases", ["rules"], {"rules": fixed(good_crc())})
    assert report.overall["rules"]["grammar_error_share"] is None
    assert report.overall["rules"]["invented_word_share"] == 0.0
    assert any("Grammalecte absent" in n for n in report.notes)
