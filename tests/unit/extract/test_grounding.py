"""Quote checks: tolerant of ASR punctuation, strict on words and numbers."""

from __future__ import annotations

import pytest

from summarizer.extract.grounding import normalize, quote_in_text

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
