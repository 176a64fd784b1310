"""One-to-one matching of predicted CRC items to gold items, by evidence first.

Two items match when the predicted quotes and the gold quotes fall in a common
transcript segment; among several candidates the closer wording wins. Items
without evidence on either side fall back to text similarity alone. Greedy
assignment on (evidence overlap, similarity) is enough here: lists are short
and overlaps rare, so it agrees with an optimal assignment in practice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from summarizer import names
from summarizer.crc import CRC, Side
from summarizer.evaluation.gold import Gold, ResolvedGold
from summarizer.grounding import normalize

#: token_set_ratio (0-100) needed to match two items on wording alone
TEXT_FALLBACK_THRESHOLD = 70.0

CATEGORIES = ("facts", "decisions", "risks", "commitments")


@dataclass(frozen=True)
class Item:
    """A predicted or gold item reduced to what the metrics compare."""

    text: str
    segments: frozenset[int] = field(default_factory=frozenset)
    kind: str | None = None
    owner: str | None = None
    side: str | None = None
    due_date: dt.date | None = None


@dataclass(frozen=True)
class Match:
    pred: int
    gold: int
    similarity: float
    by_evidence: bool


def name_key(name: str | None) -> str | None:
    """Accent-, case- and spacing-insensitive form of a person's name; None stays None."""
    if name is None or not name.strip():
        return None
    return names.name_key(name)


def similarity(a: str, b: str) -> float:
    return float(fuzz.token_set_ratio(normalize(a), normalize(b)))


def match_items(
    pred: Sequence[Item], gold: Sequence[Item], threshold: float = TEXT_FALLBACK_THRESHOLD
) -> list[Match]:
    """Greedy one-to-one assignment: evidence-overlapping pairs first, then by similarity."""
    candidates: list[Match] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            sim = similarity(p.text, g.text)
            if p.segments and g.segments:
                if p.segments & g.segments:
                    candidates.append(Match(i, j, sim, True))
            elif sim >= threshold:
                candidates.append(Match(i, j, sim, False))
    candidates.sort(key=lambda m: (m.by_evidence, m.similarity), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: list[Match] = []
    for m in candidates:
        if m.pred in used_p or m.gold in used_g:
            continue
        used_p.add(m.pred)
        used_g.add(m.gold)
        out.append(m)
    return sorted(out, key=lambda m: m.gold)


def _side(side: Side | str | None) -> str | None:
    value = side.value if isinstance(side, Side) else side
    return None if value in (None, "unknown") else value


def crc_items(crc: CRC) -> dict[str, list[Item]]:
    """The predicted items per category; commitments are next steps then deliverables."""

    def segs(evidence: Sequence[object]) -> frozenset[int]:
        return frozenset(e.segment for e in evidence)  # type: ignore[attr-defined]

    commitments = [
        Item(s.action, segs(s.evidence), "next_step", s.owner, _side(s.side), s.due_date) for s in crc.next_steps
    ] + [Item(d.what, segs(d.evidence), "deliverable", d.issuer, _side(d.side), d.due_date) for d in crc.deliverables]
    return {
        "facts": [Item(f.text, segs(f.evidence)) for f in crc.facts],
        "decisions": [Item(d.text, segs(d.evidence)) for d in crc.decisions],
        "risks": [Item(r.text, segs(r.evidence)) for r in crc.risks],
        "commitments": commitments,
    }


def gold_items(gold: Gold, resolved: ResolvedGold) -> dict[str, list[Item]]:
    return {
        "facts": [Item(g.text, frozenset(s)) for g, s in zip(gold.facts, resolved.facts, strict=True)],
        "decisions": [Item(g.text, frozenset(s)) for g, s in zip(gold.decisions, resolved.decisions, strict=True)],
        "risks": [Item(g.text, frozenset(s)) for g, s in zip(gold.risks, resolved.risks, strict=True)],
        "commitments": [
            Item(g.text, frozenset(s), g.kind, g.owner, g.side, g.due_date)
            for g, s in zip(gold.commitments, resolved.commitments, strict=True)
        ],
    }
