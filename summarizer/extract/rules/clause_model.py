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

    @property
    def turn(self) -> int: ...


def _bucket(value: int, edges: Sequence[int]) -> int:
    return next((i for i, edge in enumerate(edges) if value < edge), len(edges))


@lru_cache(maxsize=8192)
def cue_hits(low: str) -> tuple[str, ...]:
    """The cue lexicons a clause's text fires, once per text: the clause and the speaker features both read
    them, and so do the finders (a decision or a risk cue), and scanning twenty lexicons is most of a long call's
    feature cost."""
    return tuple(name for name, rx in _CUES.items() if rx.search(low))


def clause_features(clauses: Sequence[ClauseLike], i: int, sides: dict[str, str],
                    dialogue: Dialogue | None = None) -> dict[str, float]:
    """Sparse features of clause ``i`` in its call; ``sides`` maps a speaker label to vendor/client;
    ``dialogue``: the call's :class:`Dialogue`, shared by all its clauses (a fresh one when None)."""
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
    feats.update(_dialogue_features(clauses, i, dialogue or Dialogue(clauses)))
    return feats


#: long words every turn shares, which say nothing of what two turns have in common
_COMMON = frozenset(("alors", "cette", "votre", "notre", "comme", "aussi", "parce", "quand", "c'est", "était", "faire",
                     "there", "would", "about", "think", "that's", "really", "going", "their", "these", "those"))
#: how many turns away the turn answered, or answering, may stand
_NEAR_TURNS = 2


def _content(low: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(low) if len(w) >= 5) - _COMMON


class Dialogue:
    """What the dialogue features read around the clauses of one call, each found once per call: where a
    turn ends (walking it again for each of its clauses was quadratic in the turn's length), the turn that
    answers it or that it answers, and that turn's words and cues. Holds one call's clauses: never share
    it between calls."""

    def __init__(self, clauses: Sequence[ClauseLike]) -> None:
        self.clauses = clauses
        self._turns = [c.turn for c in clauses]
        self._edge: dict[tuple[int, int], int] = {}
        self._near: dict[tuple[int, int, int, str | None], int | None] = {}
        self._turn: dict[int, tuple[frozenset[str], bool, bool]] = {}
        self._words: dict[int, frozenset[str]] = {}
        self._proposes: dict[int, bool] = {}

    def edge(self, i: int, step: int) -> int:
        """The first index past clause ``i``'s turn, walking by ``step``."""
        if (i, step) not in self._edge:
            turns, walked, j = self._turns, [], i
            while 0 <= j < len(turns) and turns[j] == turns[i]:
                if (j, step) in self._edge:  # a clause of the same turn walked before: its edge is this one's
                    j = self._edge[(j, step)]
                    break
                walked.append(j)
                j += step
            self._edge.update(((k, step), j) for k in walked)
        return self._edge[(i, step)]

    def near(self, i: int, step: int) -> int | None:
        """A clause of the nearest turn before (``step`` -1) or after (+1) clause ``i``'s turn by another speaker
        (or by an unnamed one: an unlabelled transcript changes speaker at each turn), if one is that near."""
        clauses, c = self.clauses, self.clauses[i]
        j = self.edge(i, step)
        key = (j, step, c.turn, c.speaker)
        if key not in self._near:
            self._near[key] = None
            while 0 <= j < len(clauses) and abs(self._turns[j] - c.turn) <= _NEAR_TURNS:
                if clauses[j].speaker is None or clauses[j].speaker != c.speaker:
                    self._near[key] = j
                    break
                j += step
        return self._near[key]

    def words(self, k: int) -> frozenset[str]:
        """The long words of clause ``k``."""
        if k not in self._words:
            self._words[k] = _content(self.clauses[k].low)
        return self._words[k]

    def turn(self, j: int) -> tuple[frozenset[str], bool, bool]:
        """Of the turn clause ``j`` opens or closes (the clauses within 40 of it): its long words (no word
        spans two clauses, so they are those of its clauses), whether it proposes, and whether its first clause
        agrees (and asks nothing)."""
        if j not in self._turn:
            turns = self._turns
            out = [k for k in range(max(j - 40, 0), min(j + 40, len(turns))) if turns[k] == turns[j]]
            for k in out:
                if k not in self._proposes:
                    self._proposes[k] = bool(lx.PROPOSAL.search(self.clauses[k].low))
            first = self.clauses[out[0]]
            self._turn[j] = (frozenset().union(*(self.words(k) for k in out)), any(self._proposes[k] for k in out),
                             bool(lx.AGREEMENT.search(first.low.strip())) and not first.question)
        return self._turn[j]


def _dialogue_features(clauses: Sequence[ClauseLike], i: int, dialogue: Dialogue) -> dict[str, float]:
    """Where the clause stands in the exchange: a decision is mostly said back (« Donc validation siège sur
    les flyers ») or answered (« Va pour le mardi »), which the clause's own words do not show."""
    c = clauses[i]
    feats: dict[str, float] = {}
    before, after = dialogue.near(i, -1), dialogue.near(i, 1)
    mine = dialogue.words(i)
    if before is not None:
        words, proposes, _ = dialogue.turn(before)
        if len(mine & words) >= 2:
            feats["ctx:echoes_before"] = 1.0
        if proposes:
            feats["ctx:after_proposal"] = 1.0
    if after is not None:
        words, _, agrees = dialogue.turn(after)
        if len(mine & words) >= 2:
            feats["ctx:echoed_after"] = 1.0
        if agrees:
            feats["ctx:agreed_after"] = 1.0
    first = next((x for x in clauses[max(i - 12, 0): i] if x.turn == c.turn), None)
    if first is not None and lx.ACCEPT.search(first.low.strip()):
        feats["ctx:turn_agrees"] = 1.0
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
        dialogue = Dialogue(clauses)
        feats = [clause_features(clauses, i, sides, dialogue) for i in range(len(clauses))]
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
