"""French nouns' gender, infinitives, conjugations and agreement from Lexique 3.83, read once and then from the user's cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.lang.fr import lexique


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lexique._lexicon.cache_clear()
    lexique._agreement.cache_clear()
    yield tmp_path
    lexique._lexicon.cache_clear()
    lexique._agreement.cache_clear()


def test_genders_the_tagger_gets_wrong_come_from_the_lexicon(fresh: Path) -> None:
    assert lexique.noun_gender("disque") == "Masc" and lexique.noun_gender("cible") == "Fem"
    assert lexique.noun_gender("comité") == "Masc" and lexique.noun_gender("échéance") == "Fem"
    assert lexique.is_infinitive("porter") and not lexique.is_infinitive("dossier")
    assert lexique.is_infinitive("dire") and not lexique.is_infinitive("reviendra")  # Lexique tags this homophone « inf »


def test_the_table_is_cached_and_the_cache_reads_as_the_lexicon(fresh: Path) -> None:
    first = lexique._lexicon()
    cached = sorted(p.name.split("-")[1] for p in fresh.rglob("lexique-*.json"))
    assert cached == ["agreement", "core"]  # read once, both parts cached
    lexique._lexicon.cache_clear()
    assert lexique._lexicon() == first
    path = lexique._lexique_file()
    assert path is not None
    table = lexique._read(path)
    assert table[:4] == first[:4] and (table.adjective_lemma, table.inflection) == lexique._agreement()


def test_a_broken_cache_is_read_anew(fresh: Path) -> None:
    lexique._lexicon()
    cache = next(fresh.rglob("lexique-core-*.json"))
    cache.write_text("{not json", encoding="utf-8")
    lexique._lexicon.cache_clear()
    assert lexique.noun_gender("disque") == "Masc"


@pytest.mark.parametrize(("form", "person", "third"), [
    ("entendez", "2p", "entend"),  # the ending rule wrote « entende »
    ("imaginez", "2p", "imagine"),  # Lexique also tags the homophone « imaginer » as 2p: the frequent form wins
    ("enverrons", "1p", "enverra"),
    ("soyez", "2p", "soit"),
    ("suis", "1s", "est"),  # être, not suivre
    ("Avons", "1p", "A"),
    ("disiez", "2p", None),  # an imperfect or a subjunctive: the lexicon cannot tell which
    ("dossier", "1s", None),
])
def test_the_third_person_of_the_same_tense(form: str, person: str, third: str | None) -> None:
    assert lexique.third_person(form, person) == third


def test_an_adjective_agrees_with_a_gender() -> None:
    assert lexique.agreed("opposée", "Masc") == "opposé" and lexique.agreed("cohérent", "Fem") == "cohérente"
    assert lexique.agreed("hébergés", "Masc") == "hébergé" and lexique.agreed("opposés", "Fem", plural=True) == "opposées"
    assert lexique.agreed("prêts", "Masc") == "prêt"  # Lexique leaves this row ungendered
    assert lexique.agreed("dossier", "Fem") is None


def test_third_persons_are_read_from_the_conjugations() -> None:
    """An object pronoun before a third person (« X l'aura », « X la relit ») is told from an article."""
    assert lexique.is_third_person("aura") and lexique.is_third_person("relit") and lexique.is_third_person("a")
    assert not lexique.is_third_person("dossier") and not lexique.is_third_person("relire")
