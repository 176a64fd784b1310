"""The rules' spaCy pipeline loads only what the rules read, and never builds TOKEN_MATCH."""

from __future__ import annotations

import re
from typing import Any

import pytest

from summarizer import nlp as nlp_module
from summarizer.nlp import load_nlp


def test_only_the_components_the_rules_read() -> None:
    nlp = load_nlp("fr")
    assert nlp.pipe_names == ["tok2vec", "morphologizer", "attribute_ruler"]
    from summarizer.nlp import load_lemmatizer

    assert load_lemmatizer()("je transmets")[1].lemma_ == "transmettre"
    assert nlp.pipe_names == ["tok2vec", "morphologizer", "attribute_ruler"], "the lemmatizer runs apart"
    assert load_nlp("en") is nlp, "one pipeline for the process, loaded once"


def test_the_lemmatizer_does_not_load_the_model_again() -> None:
    """Lemmas are one component after the rules' pipeline: the model is read once (a second load cost 0.2 s)."""
    from summarizer.nlp import load_lemmatizer

    nlp_module._french.cache_clear()
    load_lemmatizer.cache_clear()
    load_nlp("fr")
    loads = nlp_module._french.cache_info().misses
    doc = load_lemmatizer()("je vous envoie le devis")
    assert nlp_module._french.cache_info().misses == loads
    assert [t.lemma_ for t in doc][:3] == ["je", "vous", "envoyer"]


def test_spacy_command_line_is_not_imported_by_a_run() -> None:
    """spaCy's ``import`` pulls its command line (requests, jinja2, weasel): deferred until asked for."""
    _in_a_new_process(
        "assert 'spacy.cli.download' not in sys.modules and 'requests' not in sys.modules, 'spacy.cli imported';"
        "import spacy, spacy.cli; assert callable(spacy.cli.download) and callable(spacy.info)"
    )


def _in_a_new_process(after_load: str) -> None:
    """Run ``after_load`` in a fresh interpreter once the rules' pipeline is loaded; it must exit 0."""
    import subprocess
    import sys

    code = "import sys; from summarizer.nlp import load_nlp; load_nlp('fr');" + after_load
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_french_token_match_is_never_compiled() -> None:
    import spacy.lang.fr.tokenizer_exceptions as exceptions

    from summarizer.nlp import load_lemmatizer

    doc = load_lemmatizer()("Je pourrais vous l'envoyer peut-être aujourd'hui, est-ce que ça vous va ?")
    assert [t.text for t in doc][:8] == ["Je", "pourrais", "vous", "l'", "envoyer", "peut-être", "aujourd'hui", ","]
    assert "Cnd" in doc[1].morph.get("Mood") and doc[1].lemma_ == "pouvoir"
    deferred = exceptions.TOKEN_MATCH.func.__self__  # ``.match`` of the stand-in pattern
    assert isinstance(deferred, nlp_module._DeferredPattern) and deferred._compiled is None


def test_a_deferred_pattern_still_works_when_used() -> None:
    with nlp_module._huge_patterns_deferred():
        pattern = re.compile("(?:" + "|".join(f"mot{i}" for i in range(20_000)) + ")")
        small = re.compile("abc")
    assert isinstance(pattern, nlp_module._DeferredPattern) and isinstance(small, re.Pattern)
    assert pattern.fullmatch("mot19999") is not None and pattern.search("zzz") is None
    assert re.compile is not None and re.compile("x").pattern == "x", "re.compile restored"


def test_account_ner_shares_the_fast_french_load() -> None:
    """The account view's entity pipeline goes through the same loader: still no TOKEN_MATCH."""
    import spacy.lang.fr.tokenizer_exceptions as exceptions

    from summarizer.nlp import load_ner

    ner = load_ner("fr")
    assert "ner" in ner.pipe_names and "parser" not in ner.pipe_names
    assert [e.text for e in ner("Je vous présente Sophie Garnier, notre juriste.").ents] == ["Sophie Garnier"]
    assert exceptions.TOKEN_MATCH.func.__self__._compiled is None


def test_loading_spacy_does_not_import_torch() -> None:
    """With the diarization extra installed, thinc would import torch (seconds) for nothing."""
    _in_a_new_process(
        "assert 'torch' not in sys.modules, 'torch imported';"
        "import importlib.util; print(importlib.util.find_spec('torch') is not None)"
    )


def test_the_vocabulary_strings_are_not_read_and_nothing_reads_differently() -> None:
    """``vocab/strings.json`` (148,000 strings, a third of the load) is skipped: the tags, features, lemmas and
    entities of a bundled call are those of the model loaded with it."""
    from pathlib import Path

    import spacy

    from summarizer.nlp import load_lemmatizer

    assert len(load_nlp("fr").vocab.strings) < 10_000, "the model's string table was read"
    sample = Path(__file__).resolve().parents[2] / "samples" / "03-negociation-groupe-altea.txt"
    lines = [line.split(":", 3)[-1].strip() for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    full = spacy.load("fr_core_news_sm", exclude=["parser", "tokenizer"],  # the same tokenizer, strings read
                      config={"nlp": {"tokenizer": {"@tokenizers": nlp_module._TOKENIZER}}})
    lemmatize, ner = load_lemmatizer(), nlp_module.load_ner("fr")
    for line, reference in zip(lines, full.pipe(lines), strict=True):
        doc, entities = lemmatize(line), ner(line)
        assert [(t.text, t.pos_, str(t.morph), t.lemma_) for t in doc] == [
            (t.text, t.pos_, str(t.morph), t.lemma_) for t in reference], line
        assert [(e.text, e.label_) for e in entities.ents] == [(e.text, e.label_) for e in reference.ents], line


def test_the_load_reads_no_entry_point_and_the_decoders_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other packages' entry points are neither imported nor looked up while the model loads, and srsly's
    decoders are listed once (each weight array listed them again, entry points and all: a quarter of the
    load); afterwards the registries are as they were."""
    import catalogue
    from spacy.util import registry
    from srsly.msgpack import msgpack_decoders

    lookups: list[str] = []
    decoder_lists = 0
    real_entry_points, real_get_all = catalogue.Registry._get_entry_points, catalogue.Registry.get_all

    def entry_points(self: catalogue.Registry) -> Any:
        lookups.append(self.entry_point_namespace)
        return real_entry_points(self)

    def get_all(self: catalogue.Registry) -> Any:
        nonlocal decoder_lists
        decoder_lists += self is msgpack_decoders
        return real_get_all(self)

    monkeypatch.setattr(catalogue.Registry, "_get_entry_points", entry_points)
    monkeypatch.setattr(catalogue.Registry, "get_all", get_all)
    nlp_module._french.cache_clear()
    assert load_nlp("fr")("Je pourrais vous l'envoyer.")[1].morph.get("Mood") == ["Cnd"]
    assert lookups == [] and decoder_lists == 1
    assert "_get_entry_points" not in vars(registry.architectures) and "get_all" not in vars(msgpack_decoders)
