"""The clause classifier's features of where a clause stands in the exchange."""

from __future__ import annotations

from summarizer.extract.rules.clause_model import Dialogue, clause_features, load_model
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


def _call() -> list[Clause]:
    return _clauses(("Claire", "Je vous propose la validation par le siège pour les flyers. On garde la charte actuelle."),
                    ("Marc", "D'accord. Donc validation par le siège pour les flyers, et je préviens l'imprimeur."),
                    ("Marc", "On garde aussi la charte actuelle, parfait."), (None, "Bonjour."),
                    ("Claire", "Parfait, je le paramètre. Je vous envoie la maquette des flyers."),
                    ("Marc", "Va pour la maquette des flyers."))


def test_one_dialogue_shared_by_a_call_gives_each_clause_what_a_fresh_one_gives() -> None:
    """The call's turns are walked once and shared by its clauses: never a different feature for it."""
    clauses = _call()
    dialogue = Dialogue(clauses)
    shared = [clause_features(clauses, i, {}, dialogue) for i in range(len(clauses))]
    assert shared == [clause_features(clauses, i, {}, Dialogue(clauses)) for i in range(len(clauses))]
    assert shared == [clause_features(clauses, i, {}) for i in range(len(clauses))]


def test_scores_of_a_call_do_not_depend_on_the_call_scored_before() -> None:
    model = load_model("fr")
    assert model is not None
    other = _clauses(("Marc", "Les modèles avec la charte actuelle, d'accord."), ("Claire", "On part sur le pilote."))
    alone = model.scores(_call(), {})
    model.scores(other, {"Marc": "client"})
    assert model.scores(_call(), {}) == alone
