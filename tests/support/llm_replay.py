"""Recorded model answers (``tests/data/llm-replay``) replayed through the scripted OpenAI server.

:func:`replay_step` answers each extraction request with the part of a call's recorded answer that the
request's numbered lines contain, so a long call sent in chunks gets, per chunk, what the model saw
there. :func:`answer_crc` reads a recorded answer as a CRC exactly as the model wrote it (no
validation, no repair, no date re-derivation): the figures a strong model's answer scores by itself.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openai_server import Reply, completion_body

from summarizer.crc import (
    CRC,
    Decision,
    Deliverable,
    Evidence,
    Fact,
    Meeting,
    MeetingType,
    Metadata,
    NextStep,
    Participant,
    Risk,
    Side,
)
from summarizer.evaluation.gold import Gold
from summarizer.grounding import quote_in_text

REPLAY = Path(__file__).resolve().parents[1] / "data" / "llm-replay"
CALLS_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "calls-dev"
_SECTIONS = ("facts", "decisions", "risks", "next_steps", "deliverables", "objections")
#: a numbered transcript line of the request: ``[index] hh:mm:ss Speaker: text``
_LINE = re.compile(r"^\[(\d+)\] \S+ [^:\n]*: (.*)$", re.M)


def recorded(name: str) -> dict[str, Any]:
    return json.loads((REPLAY / f"{name}.answer.json").read_text(encoding="utf-8"))


def part_seen(answer: dict[str, Any], lines: dict[int, str]) -> dict[str, Any]:
    """The items of ``answer`` with evidence in ``lines`` (index -> text), keeping only that evidence, and a
    due date only where its words are in those lines: what a model shown only these lines can say."""
    part = copy.deepcopy(answer)
    for section in _SECTIONS:
        kept = []
        for item in part.get(section, []):
            item["evidence"] = [e for e in item["evidence"] if e["segment"] in lines]
            due = item.get("due_text")
            if due and not any(quote_in_text(due, lines[e["segment"]]) for e in item["evidence"]):
                item["due_text"] = item["due_date"] = None
            if item["evidence"]:
                kept.append(item)
        part[section] = kept
    return part


def replay_step(answer: dict[str, Any]) -> Callable[[dict[str, Any]], Reply]:
    """A server step answering every request (re-asks included) with the recorded answer for its lines."""

    def step(request: dict[str, Any]) -> Reply:
        user = next(m["content"] for m in request["messages"] if m["role"] == "user")
        lines = {int(n): text for n, text in _LINE.findall(user)}
        content = json.dumps(part_seen(answer, lines), ensure_ascii=False)
        return Reply(200, completion_body(request, content))

    return step


def _evidence(item: dict[str, Any]) -> list[Evidence]:
    return [Evidence.model_construct(segment=e["segment"], quote=e["quote"], start=None, speaker=None)
            for e in item["evidence"]]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def answer_crc(answer: dict[str, Any], gold: Gold) -> CRC:
    """The recorded answer taken as it is, as a CRC (constructed, not validated: bad fields stay)."""
    people = [Participant.model_construct(name=p["name"], side=Side(p.get("side") or "unknown"), organization=None,
                                          role=None, decision_role=None, stance=None, attended=None)
              for p in answer["participants"]]
    steps = [NextStep.model_construct(action=s["action"], owner=s.get("owner"), side=Side(s.get("side") or "unknown"),
                                      due_date=_date(s.get("due_date")), due_text=s.get("due_text"), evidence=_evidence(s))
             for s in answer["next_steps"]]
    deliverables = [Deliverable.model_construct(what=d["what"], issuer=d.get("issuer"), side=Side(d.get("side") or "unknown"),
                                                due_date=_date(d.get("due_date")), due_text=d.get("due_text"), format=None,
                                                evidence=_evidence(d))
                    for d in answer["deliverables"]]
    return CRC.model_construct(
        id="CRC-answer", meeting=Meeting.model_construct(date=gold.meeting_date, type=MeetingType(answer["meeting_type"]),
                                                         subject="", client=gold.client, language=gold.language, rep=None),
        participants=people,
        facts=[Fact.model_construct(text=f["text"], evidence=_evidence(f)) for f in answer["facts"]],
        decisions=[Decision.model_construct(text=d["text"], evidence=_evidence(d)) for d in answer["decisions"]],
        risks=[Risk.model_construct(text=r["text"], mitigation=None, evidence=_evidence(r)) for r in answer["risks"]],
        next_steps=steps, deliverables=deliverables, objections=[],
        metadata=Metadata.model_construct(backend="answer", attempts=None, usage={}, notes=[], warnings=[]),
    )
