"""The cue lexicons match whole words: positive cases, and the near-misses they must not catch."""

from __future__ import annotations

import re

import pytest

from summarizer.crc import MeetingType
from summarizer.extract.rules import lexicon as lx


@pytest.mark.parametrize("text", ["livraison en mai", "pas avant septembre", "fin décembre c'est plein"])
def test_month_names_tag_planning_risks(text: str) -> None:
    assert lx.RISK_CATEGORIES["planning"].search(text)


@pytest.mark.parametrize("text", ["maintenant on verra", "c'est un outil maison", "les marsupiaux", "juinior", "novembres"])
def test_words_starting_or_ending_like_a_month_are_not_months(text: str) -> None:
    assert not lx.RISK_CATEGORIES["planning"].search(text)


def test_month_pattern_binds_word_boundaries_to_every_month() -> None:
    import re

    rx = re.compile(lx.MONTHS)
    assert rx.search("en avril")
    assert not rx.search("avrils") and not rx.search("maints") and not rx.search("xjanvier")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("on va vous faire une démo du module", MeetingType.demo_poc), ("la remise et les pénalités", MeetingType.negotiation),
     ("le renouvellement du contrat", MeetingType.renewal)],
)
def test_meeting_type_cues_live_in_the_lexicon(text: str, kind: MeetingType) -> None:
    assert lx.MEETING_TYPE_CUES[kind].search(text)


@pytest.mark.parametrize("text", ["on a démolli le mur", "une visiteuse", "le bilanx"])
def test_meeting_type_cues_reject_near_misses(text: str) -> None:
    hits = [k for k, rx in lx.MEETING_TYPE_CUES.items() if k != MeetingType.demo_poc and rx.search(text)]
    assert hits == []


@pytest.mark.parametrize("text", ["je vous envoie le devis", "on vous transmet le contrat"])
def test_commit_markers_catch_first_person_sending(text: str) -> None:
    assert lx.COMMIT_MARKERS.search(text)


@pytest.mark.parametrize("text", ["ce serait bien un jour", "si jamais vous pouviez", "on verra à l'occasion"])
def test_wishes_hypotheses_and_vague_talk_are_recognised(text: str) -> None:
    assert lx.WISH.search(text) or lx.HYPOTHETICAL.search(text) or lx.VAGUE.search(text)


@pytest.mark.parametrize("text", ["je vous envoie le devis vendredi", "on part sur le pilote"])
def test_firm_statements_are_not_traps(text: str) -> None:
    assert not (lx.WISH.search(text) or lx.HYPOTHETICAL.search(text) or lx.VAGUE.search(text))


def test_rx_sharing_the_word_boundary_finds_what_the_plain_alternation_finds() -> None:
    """``rx`` factors the ``\\b`` its fragments open on: same alternatives, same order, same matches and groups;
    a fragment with a bare ``|`` (« \\bfoo|bar »: bar anywhere) or a ``|`` in a class keeps its own."""
    parts = (r"\bva (pour)\b", r"\bon (part|opte) sur\b", r"(?<!\bit )\bdepend\w*", r"\bok|kay", r"\b[|a]b(c)?",
             r"\bpour", r"(?!)", r"\bsur\b(?! le)")
    plain = re.compile("|".join(f"(?:{p})" for p in parts))
    factored = lx.rx(*parts)
    assert factored.pattern != plain.pattern
    for text in ("va pour le mardi, on part sur ça", "it depends, okay ? depending", "tokay |bc ab", "pour sur",
                 "sur le toit, sur", "surpour", ""):
        assert [(m.span(), m.groups()) for m in factored.finditer(text)] == \
            [(m.span(), m.groups()) for m in plain.finditer(text)]
