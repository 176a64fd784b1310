"""Long calls: count tokens, number the transcript, split it into overlapping chunks, merge results.

A 90-minute call is ~20k tokens; an 8k-context model gets it in chunks cut on
segment boundaries (never inside an utterance), each repeating the last few
segments of the previous one. Per-chunk extractions are merged
deterministically: items citing the same segment with similar wording, or
worded almost identically, are one item.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from rapidfuzz import fuzz

from summarizer.crc import MAX_FACTS, MeetingType
from summarizer.extract.llm.models import LlmExtraction, LlmParticipant, LlmQualification, resolve_name
from summarizer.ingest.transcript import Segment, Transcript

log = logging.getLogger(__name__)

#: characters per token when no tokenizer is available (French text, BPE-style vocabularies)
CHARS_PER_TOKEN = 3.5


@functools.lru_cache(maxsize=32)
def _encoder(model: str | None) -> Any:
    """tiktoken's encoding for a known model, or None (unknown model, BPE file not downloadable)."""
    if not model:
        return None
    try:
        import tiktoken

        return tiktoken.encoding_for_model(model)
    except Exception as exc:  # unknown model, offline cache miss, ...
        log.debug("tiktoken indisponible pour %s (%s) ; estimation par caractères", model, type(exc).__name__)
        return None


def count_tokens(text: str, model: str | None = None) -> int:
    """Exact with tiktoken when it knows the model and has its BPE file, else ``len / 3.5`` rounded up."""
    enc = _encoder(model)
    if enc is not None:
        return len(enc.encode(text, disallowed_special=()))
    return estimate_tokens(text)


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def _hms(seconds: float | None) -> str:
    if seconds is None:
        return "--:--:--"
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def numbered_line(seg: Segment) -> str:
    """``[index] hh:mm:ss Speaker: text``, the form every evidence index refers to."""
    speaker = seg.speaker or "?"
    return f"[{seg.index}] {_hms(seg.start)} {speaker}: {seg.text}"


def numbered_lines(segments: Sequence[Segment]) -> str:
    return "\n".join(numbered_line(s) for s in segments)


def split_chunks(
    transcript: Transcript, budget_tokens: int, overlap: int = 3, model: str | None = None,
    line_of: Callable[[Segment], str] = numbered_line,
) -> list[list[Segment]]:
    """Consecutive segment runs whose numbered lines fit ``budget_tokens`` each, overlapping by ``overlap``.

    A single segment longer than the budget still forms its own chunk (it is
    never cut: evidence must point at whole segments). ``line_of`` is the line as sent (pseudonymised
    lines are longer: "[PERSONNE_1]" costs more tokens than "Marc").
    """
    segs = transcript.segments
    costs = [count_tokens(line_of(s), model) + 1 for s in segs]
    if sum(costs) <= budget_tokens:
        return [list(segs)]
    chunks: list[list[Segment]] = []
    start = 0
    while start < len(segs):
        end, used = start, 0
        while end < len(segs) and (end == start or used + costs[end] <= budget_tokens):
            used += costs[end]
            end += 1
        chunks.append(list(segs[start:end]))
        if end >= len(segs):
            break
        # the next chunk restarts `overlap` segments back, but always moves forward
        start = max(end - overlap, start + 1)
    return chunks


# --- merge -------------------------------------------------------------------------

T = TypeVar("T")

#: wording similarity (token_set_ratio) above which two items citing a common segment are one
SAME_SEGMENT_SIMILARITY = 60.0
#: wording similarity above which two items are one whatever they cite
SAME_TEXT_SIMILARITY = 92.0
_DIGITS = re.compile(r"\d+")


def _text(item: Any) -> str:
    for attr in ("text", "action", "what"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    return ""


def _segments(item: Any) -> set[int]:
    return {ev.segment for ev in item.evidence}


def _filled(item: Any) -> int:
    return sum(1 for v in item.model_dump().values() if v not in (None, "", [], "unknown"))


def is_duplicate(a: Any, b: Any) -> bool:
    """Same cited segment and related wording, or the same wording with the same numbers anywhere."""
    ta, tb = _text(a).lower(), _text(b).lower()
    if _segments(a) & _segments(b) and fuzz.token_set_ratio(ta, tb) >= SAME_SEGMENT_SIMILARITY:
        return True
    if _DIGITS.findall(ta) != _DIGITS.findall(tb):  # "point 3" is not "point 4"
        return False
    return fuzz.token_sort_ratio(ta, tb) >= SAME_TEXT_SIMILARITY


def dedupe(items: list[Any]) -> list[Any]:
    """Keep the first of each duplicate group, upgraded with the richer version's fields and all evidence."""
    kept: list[Any] = []
    for item in items:
        twin = next((k for k in kept if is_duplicate(k, item)), None)
        if twin is None:
            kept.append(item.model_copy(deep=True))
            continue
        best = item if _filled(item) > _filled(twin) else twin
        evidence = list(twin.evidence)
        seen = {(e.segment, e.quote) for e in evidence}
        evidence += [e for e in item.evidence if (e.segment, e.quote) not in seen]
        merged = best.model_copy(deep=True, update={"evidence": evidence})
        kept[kept.index(twin)] = merged
    return sorted(kept, key=lambda x: min(_segments(x)))


def _merge_participants(groups: list[list[LlmParticipant]]) -> list[LlmParticipant]:
    out: list[LlmParticipant] = []
    for group in groups:
        for p in group:
            same = resolve_name(p.name, [q.name for q in out])
            if same is None:
                out.append(p.model_copy())
                continue
            target = next(q for q in out if q.name == same)
            for attr in ("organization", "role", "decision_role", "stance"):
                if getattr(target, attr) is None and getattr(p, attr) is not None:
                    setattr(target, attr, getattr(p, attr))
            if target.side.value == "unknown":
                target.side = p.side
            if p.attended is not False:  # present in one part: present
                target.attended = p.attended if target.attended is False else target.attended
    return out


def _first(values: list[T | None]) -> T | None:
    return next((v for v in values if v), None)


def _union(lists: list[list[str]]) -> list[str]:
    seen: dict[str, str] = {}
    for values in lists:
        for v in values:
            seen.setdefault(v.strip().lower(), v)
    return list(seen.values())


def merge_extractions(parts: list[LlmExtraction], notes: list[str] | None = None) -> LlmExtraction:
    """One extraction from per-chunk ones, deterministic (same inputs, same output)."""
    if len(parts) == 1:
        return parts[0]
    types: list[MeetingType] = [p.meeting_type for p in parts if p.meeting_type != MeetingType.other]
    meeting_type = max(set(types), key=lambda t: (types.count(t), -types.index(t))) if types else MeetingType.other
    facts = dedupe([f for p in parts for f in p.facts])
    if len(facts) > MAX_FACTS:
        if notes is not None:
            notes.append(f"{len(facts) - MAX_FACTS} fait(s) au-delà de 7 écartés à la fusion des segments")
        facts = facts[:MAX_FACTS]
    quals = [p.qualification for p in parts]
    qualification = LlmQualification(
        budget=_first([q.budget for q in quals]),
        authority=_first([q.authority for q in quals]),
        need=_first([q.need for q in quals]),
        timeline=_first([q.timeline for q in quals]),
        competition=_union([q.competition for q in quals]),
        decision_criteria=_union([q.decision_criteria for q in quals]),
    )
    return LlmExtraction.model_construct(
        meeting_type=meeting_type,
        subject=_first([p.subject for p in parts]),
        objective=_first([p.objective for p in parts]),
        participants=_merge_participants([p.participants for p in parts]),
        facts=facts,
        decisions=dedupe([d for p in parts for d in p.decisions]),
        risks=dedupe([r for p in parts for r in p.risks]),
        next_steps=dedupe([s for p in parts for s in p.next_steps]),
        deliverables=dedupe([d for p in parts for d in p.deliverables]),
        progress=dedupe([g for p in parts for g in p.progress]),
        objections=dedupe([o for p in parts for o in p.objections]),
        qualification=qualification,
    )


def run_chunks(chunks: list[list[Segment]], work: Callable[[int, list[Segment]], T], concurrency: int) -> list[T]:
    """``work`` on every chunk, at most ``concurrency`` at a time, results in chunk order."""
    if concurrency <= 1 or len(chunks) == 1:
        return [work(i, c) for i, c in enumerate(chunks)]
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=concurrency)
    try:
        futures = [pool.submit(work, i, c) for i, c in enumerate(chunks)]
        return [f.result() for f in futures]
    finally:  # on the first failure, chunks not started yet are not sent
        pool.shutdown(wait=True, cancel_futures=True)
