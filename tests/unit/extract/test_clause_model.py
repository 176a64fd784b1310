"""The clause classifier's features of where a clause stands in the exchange."""

from __future__ import annotations

from summarizer.extract.rules.clause_model import clause_features
from summarizer.extract.rules.clauses import Clause, split_clauses
from summarizer.ingest.transcript import Segment


def _clauses(*turns: tuple[str | None, str]) -> list[Clause]:
    out: list[Clause] = []
    for index, (speaker, text) in enumerate(turns):
        out.extend(split_clauses(Segment(index=index, start=float(index), speaker=speaker, text=text), len(out)))
    return out


def _dialogue(clauses: list[Clause], i: int) -> set[str]:
    return {name for name in clause_features(clauses, i, {}) if name.startswith("ctx:")}


def test_a_clause_said_back_after_a_proposal_and_agreed_to_shows_it() -> None:
    clauses = _clauses(("Claire", "Je vous propose la validation par le siège pour les flyers."),
                       ("Marc", "D'accord. Donc validation par le siège pour les flyers."),
                       ("Claire", "Parfait, je le paramètre."))
    said_back = next(i for i, c in enumerate(clauses) if c.low.startswith("donc"))
    assert _dialogue(clauses, said_back) == {"ctx:echoes_before", "ctx:after_proposal", "ctx:agreed_after", "ctx:turn_agrees"}


def test_unlabelled_turns_still_answer_each_other() -> None:
    """A transcript without speaker labels changes speaker at each turn."""
    clauses = _clauses((None, "On garde les modèles avec la charte actuelle."), (None, "Les modèles avec la charte actuelle, parfait."))
    assert "ctx:echoed_after" in _dialogue(clauses, 0) and "ctx:echoes_before" in _dialogue(clauses, 1)


def test_a_turn_far_away_or_by_the_same_speaker_is_no_answer() -> None:
    clauses = _clauses(("Claire", "On garde les modèles avec la charte actuelle."),
                       ("Claire", "Les modèles avec la charte actuelle, parfait."),
                       ("Marc", "Bonjour."), ("Claire", "Bien."), ("Marc", "Oui."),
                       ("Marc", "Les modèles avec la charte actuelle, d'accord."))
    assert _dialogue(clauses, 0) == set()
