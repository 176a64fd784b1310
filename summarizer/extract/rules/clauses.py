"""A call cut into clauses, and the filters that read one clause alone.

Every finder builds its items from these clauses, so the clause (a verbatim slice of its segment)
is the evidence quote; wishes, hypotheticals and conditionals are told apart here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from summarizer.crc import Evidence
from summarizer.extract.rules import lexicon as lx
from summarizer.extract.rules.clause_model import cue_hits
from summarizer.ingest.transcript import Segment
from summarizer.nlp import load_nlp


@dataclass
class Clause:
    """A sentence or sub-clause of one segment; ``text`` is a verbatim slice of it."""

    seg: Segment
    text: str
    low: str
    position: int  # order in the whole call
    question: bool = False
    offset: int = 0  # where the clause starts in its segment

    @property
    def speaker(self) -> str | None:
        return self.seg.speaker

    def evidence(self) -> Evidence:
        return Evidence(segment=self.seg.index, start=self.seg.start, speaker=self.seg.speaker, quote=self.text)


SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«\"0-9a-zà-ÿ])")
_CLAUSE_SPLIT = re.compile(
    r"(?:,|;|\s+-\s+)\s*(?:et\s+|puis\s+|pis\s+|mais\s+|and\s+|then\s+)?(?=(?:et\s+)?(?:je|j'|on|nous|vous|tu|moi|i|we|you)\b)"
    r"|\s+et\s+(?=(?:je|j'|on|nous|vous|moi)\s)|\s+and\s+(?=(?:i|we|you)\s)",
    re.I,
)


def normalized(text: str) -> str:
    return text.replace("’", "'").replace("\u00a0", " ").lower()


def split_clauses(seg: Segment, start_position: int) -> list[Clause]:
    """Sentences, then clauses where a new subject starts; a short lead-in (a vocative
    "François," or a filler "Oui,") stays glued to the clause it introduces."""
    text = seg.text
    clauses: list[Clause] = []
    sent_start = 0
    sentences = []
    for m in SENTENCE_END.finditer(text):
        sentences.append((sent_start, m.start()))
        sent_start = m.end()
    sentences.append((sent_start, len(text)))
    for s0, s1 in sentences:
        sentence = text[s0:s1]
        if not sentence.strip():
            continue
        question = sentence.rstrip().endswith("?")
        spans: list[list[int]] = []
        pos = 0
        for m in _CLAUSE_SPLIT.finditer(sentence):
            spans.append([pos, m.start()])
            pos = m.end()
        spans.append([pos, len(sentence)])
        merged: list[list[int]] = []
        for span in spans:
            words = len(sentence[span[0] : span[1]].split())
            if merged and (words < 3 or len(sentence[merged[-1][0] : merged[-1][1]].split()) < 3):
                merged[-1][1] = span[1]
            else:
                merged.append(span)
        for a, b in merged:
            part = sentence[a:b].strip(" ,;-")
            if len(part) > 2 and part in text:
                clauses.append(Clause(seg, part, normalized(part), start_position + len(clauses), question,
                                      offset=text.find(part, s0)))
    return clauses


def clean(text: str) -> str:
    """Drop the spoken fillers so an item reads like written French."""
    text = lx.INNER_FILLERS.sub("", text)
    text = lx.FILLERS.sub("", text.strip())
    text = re.sub(r"\s+", " ", text).strip(" ,;:-…")
    text = text.rstrip(".?!")
    return text[:1].upper() + text[1:] if text else text


# --- spaCy -----------------------------------------------------------------------


_CND_ENDINGS = ("rais", "rait", "raient", "rions", "riez")


def _conditional(doc: Any) -> bool:
    """Conditional mood per spaCy, confirmed by the verb's ending (the tagger errs on some presents)."""
    return any(
        "Cnd" in tok.morph.get("Mood") and tok.text.lower().endswith(_CND_ENDINGS)
        for tok in doc if tok.pos_ in {"VERB", "AUX"}
    )


# --- filters ----------------------------------------------------------------------


def is_trap(c: Clause) -> bool:
    """A wish, a hypothesis or a vague intention (asked of a clause by several finders: the classifier's
    cue scan of its text answers)."""
    hits = cue_hits(c.low)
    return "wish" in hits or "hypothetical" in hits or "vague" in hits


def is_firm(c: Clause, language: str) -> bool:
    """Not a wish, not a hypothesis, not in the conditional mood, not cut off ("je vous l'envoie ce soir...")."""
    if is_trap(c) or c.text.rstrip().endswith(("...", "…")):
        return False
    # only a word with a conditional ending can be a conditional: spare the tagger otherwise
    maybe_conditional = any(w.endswith(_CND_ENDINGS) for w in re.findall(r"[a-zà-ÿ]+", c.low))
    if maybe_conditional and _conditional(load_nlp(language)(c.text)) and not re.search(r"\bje voudrais (juste )?(confirmer|vous)\b", c.low):
        return False
    return not re.search(r"\b(would|could|might)\b", c.low)


def sentence_before(clauses: list[Clause], i: int) -> str:
    """The clause before this one when both are in one sentence of one turn (lower case), else ""."""
    previous = clauses[i - 1] if i else None
    if previous is None or previous.seg.index != clauses[i].seg.index or previous.text.rstrip().endswith((".", "!", "?", "…")):
        return ""
    return previous.low.strip()


def content_words(text: str) -> set[str]:
    """The long words of a text, but the verbs every promise shares: what two items must share to be one."""
    return {w for w in re.findall(r"[a-zà-ÿ]{5,}", normalized(text))} - {"envoyer", "transmettre", "caler", "faire", "vous", "notre", "votre"}


