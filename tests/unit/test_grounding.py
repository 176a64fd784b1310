"""Quote checks: tolerant of ASR punctuation, strict on words and numbers."""

from __future__ import annotations

import pytest

from summarizer.grounding import normalize, quote_in_text

SEG = "Alors, euh, on a 140 camions sur trois dépôts : Clermont, Lyon et Saint-Étienne."


@pytest.mark.parametrize(
    "quote",
    [
        "on a 140 camions",
        "On a 140 camions sur trois dépôts",
        "on a 140 camions sur trois dépôts: Clermont, Lyon",  # spacing before the colon
        "Clermont, Lyon et Saint-Étienne.",
        "on a 140 camions sur trois depots : Clermont",  # one missing accent (ASR), fuzzy >= 90
    ],
)
def test_found(quote: str) -> None:
    assert quote_in_text(quote, SEG)


@pytest.mark.parametrize(
    "quote",
    [
        "on a 180 camions sur trois dépôts",  # a changed number is never close enough
        "on a 140 camions sur quatre dépôts : Clermont, Lyon et Paris",
        "on a des camions",
        "",
    ],
)
def test_not_found(quote: str) -> None:
    assert not quote_in_text(quote, SEG)


def test_apostrophes_and_quotes() -> None:
    assert quote_in_text("c'est validé", "Oui, c’est validé pour l’atelier.")
    assert normalize("« OK »  d’accord ") == "ok d'accord"


@pytest.mark.parametrize("segment", ["Oui.", "Mm.", "Yeah", "Oui, d'accord.", "on a 140 camions"])
def test_a_short_segment_does_not_contain_a_longer_quote(segment: str) -> None:
    """A backchannel cited with a long quote from elsewhere is not grounded (rapidfuzz's
    partial_ratio aligns the shorter string inside the longer one)."""
    assert not quote_in_text("oui on a 140 camions sur trois dépôts", segment)
    assert not quote_in_text("oui je vous envoie la proposition vendredi", segment)
    assert not quote_in_text("yeah we'll send you the proposal by Friday", segment)


def test_a_quote_slightly_longer_than_its_segment_still_matches() -> None:
    """ASR punctuation can make the quote a few characters longer than the segment's text."""
    assert quote_in_text("on a 140 camions, sur trois dépôts !", "on a 140 camions sur trois depots")
