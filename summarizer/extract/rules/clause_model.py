"""A linear clause classifier learned from annotated calls, shipped as JSON and read without scikit-learn.

Why: cue regexes written for the samples did not hold on calls other people wrote (decisions F1 0.24,
risks 0.16). The classifier learns which clauses the annotators cited as a decision, a risk, a
commitment or a fact, from the corpora's tune halves (``eval/train_clause_model.py`` trains it and
writes ``clause_model.json``); the extractor's rules still decide what an item says, who owns it and
when it is due. Features are words, word pairs, the clause's opening words, the cue lexicons that fire,
and where and how the clause sits in the conversation, so the weights stay readable.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any, Protocol

from summarizer.extract.rules import lexicon as lx

CATEGORIES = ("decision", "risk", "commitment", "fact")

_WORD = re.compile(r"[a-zà-ÿœæ0-9]+(?:'|’)?", re.I)
_CUES: dict[str, re.Pattern[str]] = {
    "wish": lx.WISH, "hypothetical": lx.HYPOTHETICAL, "vague": lx.VAGUE, "question_start": lx.QUESTION_START,
    "accept": lx.ACCEPT, "decision": lx.DECISION, "first_singular": lx.FIRST_SINGULAR,
    "commit": lx.COMMIT_MARKERS, "request": lx.REQUEST, "deliverable": lx.DELIVERABLE_NOUNS,
    "meeting": lx.MEETING_NOUNS, "risk": lx.RISK_CUES, "mitigation": lx.MITIGATION, "figure": lx.FIGURE,
    "pain": lx.PAIN, "criteria": lx.CRITERIA, "process": lx.DECISION_PROCESS, "result": lx.RESULT,
    "objection": lx.OBJECTION, "weak_verb": lx.WEAK_VERBS,
}


class ClauseLike(Protocol):
    """What the features read of a clause (``clauses.Clause`` has it)."""

    low: str
    question: bool
    position: int

    @property
    def speaker(self) -> str | None: ...


def _bucket(value: int, edges: Sequence[int]) -> int:
    return next((i for i, edge in enumerate(edges) if value < edge), len(edges))


@lru_cache(maxsize=8192)
def cue_hits(low: str) -> tuple[str, ...]:
    """The cue lexicons a clause's text fires, once per text: the clause and the speaker features both read
    them, and so do the finders (a decision or a risk cue), and scanning twenty lexicons is most of a long call's
    feature cost."""
    return tuple(name for name, rx in _CUES.items() if rx.search(low))


def clause_features(clauses: Sequence[ClauseLike], i: int, sides: dict[str, str]) -> dict[str, float]:
    """Sparse features of clause ``i`` in its call; ``sides`` maps a speaker label to vendor/client."""
    c = clauses[i]
    words = [w.rstrip("'’") + ("'" if w[-1] in "'’" else "") for w in _WORD.findall(c.low)]
    feats: dict[str, float] = {"bias": 1.0}
    for w in words:
        feats[f"w:{w}"] = 1.0
    for a, b in pairwise(words):
        feats[f"b:{a}_{b}"] = 1.0
    for w in words[:3]:
        feats[f"s:{w}"] = 1.0
    for name in cue_hits(c.low):
        feats[f"cue:{name}"] = 1.0
    feats[f"len:{_bucket(len(words), (4, 8, 14, 24))}"] = 1.0
    feats[f"pos:{_bucket(10 * c.position // max(len(clauses), 1), (1, 3, 7, 9))}"] = 1.0
    feats[f"side:{sides.get(c.speaker or '', 'unknown')}"] = 1.0
    if c.question:
        feats["question"] = 1.0
    if any(ch.isdigit() for ch in c.low):
        feats["digit"] = 1.0
    prev = clauses[i - 1] if i > 0 else None
    nxt = clauses[i + 1] if i + 1 < len(clauses) else None
    if prev is not None and prev.question and prev.speaker != c.speaker:
        feats["after_question"] = 1.0
    if nxt is not None and nxt.speaker != c.speaker and lx.ACCEPT.search(nxt.low.strip()):
        feats["answered_yes"] = 1.0
    return feats


def speaker_features(lows: Sequence[str], share: float, first: bool, says_vendor: bool,
                     says_client: bool) -> dict[str, float]:
    """Features of one speaker's whole talk (``lows``: their clauses, lower-cased) for the vendor-side model:
    the words they use (capped counts), the cue lexicons, how much and whether first they speak, and
    whether they say the vendor's or the client's name."""
    counts: dict[str, int] = {}
    for low in lows:
        words = [w.rstrip("'’") for w in _WORD.findall(low)]
        for key in {*(f"w:{w}" for w in words), *(f"b:{a}_{b}" for a, b in pairwise(words))}:
            counts[key] = counts.get(key, 0) + 1
        for name in cue_hits(low):
            counts[f"cue:{name}"] = counts.get(f"cue:{name}", 0) + 1
    feats = {key: min(n, 3) / 3 for key, n in counts.items()}
    feats.update({"bias": 1.0, f"share:{_bucket(int(share * 10), (2, 4, 6))}": 1.0})
    for flag, on in (("first", first), ("says_vendor", says_vendor), ("says_client", says_client)):
        if on:
            feats[flag] = 1.0
    return feats


def logistic(weights: dict[str, float], feats: dict[str, float]) -> float:
    """The probability a logistic regression with ``weights`` gives to sparse ``feats``."""
    z = sum(weights.get(name, 0.0) * value for name, value in feats.items())
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@dataclass(frozen=True)
class LinearModel:
    """One logistic regression per category: ``weights`` by feature name, plus the decision threshold."""

    weights: dict[str, dict[str, float]]
    thresholds: dict[str, float]

    def probability(self, category: str, feats: dict[str, float]) -> float:
        return logistic(self.weights[category], feats)

    def scores(self, clauses: Sequence[ClauseLike], sides: dict[str, str]) -> dict[str, list[float]]:
        feats = [clause_features(clauses, i, sides) for i in range(len(clauses))]
        return {cat: [self.probability(cat, f) for f in feats] for cat in CATEGORIES if cat in self.weights}


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    """``clause_model.json``, read and parsed once for both models of every language (about 1 MB)."""
    text = resources.files("summarizer.extract.rules").joinpath("clause_model.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=4)
def load_model(language: str) -> LinearModel | None:
    """The shipped clause model of a language, or None when none was trained for it."""
    data = _shipped().get(language)
    if not data:
        return None
    return LinearModel(weights=data["weights"], thresholds=data["thresholds"])


def load_side_model(language: str) -> dict[str, float] | None:
    """The weights of the vendor-side model of a language (probability that a speaker sells), or None."""
    weights: dict[str, float] | None = (_shipped().get(language) or {}).get("side")
    return weights
