"""The response model the LLM fills, and the grounding validators instructor re-asks with.

It is smaller than the CRC: evidence is a segment index plus a quote (start and
speaker come from the transcript), items carry a ``commitment`` so wishes and
hypotheticals can be dropped, and dates come with the words that said them.
Validation errors are phrased for the model: they say what to fix and show the
cited line so the re-ask can correct a quote instead of guessing again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from summarizer.crc import MAX_FACTS, MeetingType, Qualification, RiskCategory, Severity, Side
from summarizer.extract.grounding import normalize, quote_in_text
from summarizer.ingest.transcript import Transcript
from summarizer.names import name_key

Commitment = Literal["firm", "wish", "hypothetical"]


class _M(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LlmEvidence(_M):
    segment: int = Field(ge=0, description="The [index] of the numbered transcript line.")
    quote: str = Field(min_length=1, description="Words copied verbatim from that line.")


class _Evidenced(_M):
    evidence: list[LlmEvidence] = Field(min_length=1, description="At least one verbatim quote.")


class LlmParticipant(_M):
    name: str = Field(min_length=1, description="As spoken or as the speaker label; never invented.")
    organization: str | None = None
    side: Side = Side.unknown
    role: str | None = None
    decision_role: str | None = None
    stance: str | None = None


class LlmFact(_Evidenced):
    text: str = Field(min_length=1)


class LlmDecision(_Evidenced):
    text: str = Field(min_length=1)
    commitment: Commitment = Field(default="firm", description="wish/hypothetical if only wished or conditional.")


class LlmRisk(_Evidenced):
    text: str = Field(min_length=1)
    category: RiskCategory = RiskCategory.other
    severity: Severity = Severity.medium
    mitigation: str | None = None


class LlmNextStep(_Evidenced):
    action: str = Field(min_length=1)
    owner: str | None = Field(default=None, description="A participant's name, or null if nobody was named.")
    side: Side = Side.unknown
    due_text: str | None = Field(default=None, description="The due date exactly as spoken, or null.")
    due_date: dt.date | None = Field(default=None, description="ISO date for due_text, or null.")
    commitment: Commitment = "firm"


class LlmDeliverable(_Evidenced):
    what: str = Field(min_length=1)
    issuer: str | None = Field(default=None, description="Who sends it: a participant's name, or null.")
    side: Side = Side.unknown
    due_text: str | None = None
    due_date: dt.date | None = None
    format: str | None = None
    commitment: Commitment = "firm"


class LlmObjection(_Evidenced):
    text: str = Field(min_length=1)
    response: str | None = None


class LlmQualification(Qualification):
    """The CRC's qualification fields, read leniently: unknown keys from the model are ignored."""

    model_config = ConfigDict(extra="ignore")


@dataclass
class Grounding:
    """What the validators check against: the transcript and the names that may own an action."""

    transcript: Transcript
    known_names: list[str] = field(default_factory=list)


def resolve_name(name: str, names: list[str]) -> str | None:
    """The known name ``name`` designates: exact (accent/case-insensitive), else one unique token match."""
    key = name_key(name)
    for known in names:
        if name_key(known) == key:
            return known
    tokens = set(key.split())
    hits = [known for known in names if tokens and tokens <= set(name_key(known).split())]
    return hits[0] if len(hits) == 1 else None


class LlmExtraction(_M):
    """What was said, decided and promised in the call, each item with verbatim evidence."""

    model_config = ConfigDict(extra="ignore", title="CRCExtraction")
    grounding: ClassVar[Grounding | None] = None

    meeting_type: MeetingType = MeetingType.other
    subject: str | None = Field(default=None, description="Short subject of the meeting.")
    objective: str | None = Field(default=None, description="The outcome of the call in one sentence.")
    participants: list[LlmParticipant] = Field(default_factory=list)
    facts: list[LlmFact] = Field(default_factory=list, max_length=MAX_FACTS)
    decisions: list[LlmDecision] = Field(default_factory=list)
    risks: list[LlmRisk] = Field(default_factory=list)
    next_steps: list[LlmNextStep] = Field(default_factory=list)
    deliverables: list[LlmDeliverable] = Field(default_factory=list)
    objections: list[LlmObjection] = Field(default_factory=list)
    qualification: LlmQualification = Field(default_factory=LlmQualification)

    def evidenced(self) -> list[tuple[str, int, _Evidenced]]:
        out: list[tuple[str, int, _Evidenced]] = []
        for section in ("facts", "decisions", "risks", "next_steps", "deliverables", "objections"):
            out.extend((section, i, item) for i, item in enumerate(getattr(self, section)))
        return out

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> LlmExtraction:
        context = info.context if isinstance(info.context, dict) else {}
        grounding = context.get("grounding") or type(self).grounding
        if grounding is None:
            return self
        errors = grounding_errors(self, grounding)
        if errors:
            shown = errors[:12]
            more = f" (+{len(errors) - 12} autres)" if len(errors) > 12 else ""
            raise ValueError("Corrigez ces erreurs d'ancrage : " + " | ".join(shown) + more)
        return self


def _line(transcript: Transcript, index: int) -> str:
    text = transcript.segments[index].text
    return text if len(text) <= 240 else text[:240] + "…"


_NUMBER = re.compile(r"\d+")
_NUMBER_RUN = re.compile(r"\d+(?:[ \u00a0\u202f.]\d{3})+")


def _numbers(text: str) -> set[str]:
    """Digit groups, plus thousands runs joined (``50 000`` -> ``50000``)."""
    found = set(_NUMBER.findall(text))
    found |= {re.sub(r"\D", "", run) for run in _NUMBER_RUN.findall(text)}
    return found


def _same_numbers(quote: str, text: str) -> bool:
    """Fuzzy matching tolerates one changed digit; a quote must not change an amount or a date."""
    return _numbers(quote) <= _numbers(text)


def grounding_errors(ext: LlmExtraction, grounding: Grounding) -> list[str]:
    """Every reason the extraction is not grounded; also canonicalises owner/issuer names in place."""
    segments = grounding.transcript.segments
    errors: list[str] = []
    if len(ext.facts) > MAX_FACTS:
        errors.append(f"au plus {MAX_FACTS} faits (format 7-3-1), {len(ext.facts)} fournis")
    whole = normalize(" ".join(f"{s.speaker or ''} {s.text}" for s in segments))
    names = list(grounding.known_names)
    for i, p in enumerate(ext.participants):
        known = resolve_name(p.name, names)
        if known:
            p.name = known
        elif normalize(p.name) in whole:
            names.append(p.name)
        else:
            errors.append(f"participants[{i}] « {p.name} » n'apparaît pas dans la transcription ; retirez-le")
    for section, i, item in ext.evidenced():
        for j, ev in enumerate(item.evidence):
            where = f"{section}[{i}].evidence[{j}]"
            if ev.segment >= len(segments):
                errors.append(f"{where} : la ligne [{ev.segment}] n'existe pas (0 à {len(segments) - 1})")
            elif not quote_in_text(ev.quote, segments[ev.segment].text) or not _same_numbers(
                ev.quote, segments[ev.segment].text
            ):
                errors.append(
                    f"{where} : « {ev.quote[:80]} » n'est pas dans la ligne [{ev.segment}] qui dit : "
                    f"« {_line(grounding.transcript, ev.segment)} » ; citez mot pour mot ou changez de ligne"
                )
    for section, attr in (("next_steps", "owner"), ("deliverables", "issuer")):
        for i, item in enumerate(getattr(ext, section)):
            who = getattr(item, attr)
            if who is None or not str(who).strip():
                setattr(item, attr, None)
                continue
            known = resolve_name(who, names)
            if known is None:
                allowed = ", ".join(names) or "aucun"
                errors.append(
                    f"{section}[{i}].{attr} « {who} » n'est pas un participant ({allowed}) ; mettez null si personne n'a été nommé"
                )
            else:
                setattr(item, attr, known)
            due_text = item.due_text
            if due_text and not any(
                ev.segment < len(segments) and quote_in_text(due_text, segments[ev.segment].text) for ev in item.evidence
            ):
                errors.append(
                    f"{section}[{i}].due_text « {due_text} » ne figure dans aucune ligne citée ; "
                    "recopiez les mots exacts de l'échéance ou mettez null"
                )
    return errors


def grounded_model(grounding: Grounding) -> type[LlmExtraction]:
    """A subclass bound to one transcript, so instructor validates (and re-asks) against it.

    Passing the transcript as instructor ``context`` would make instructor
    render the messages as Jinja templates, which a transcript must never be.
    """
    return type("CRCExtraction", (LlmExtraction,), {"grounding": grounding, "__module__": __name__})


def parse_extraction(data: Any, grounding: Grounding | None = None) -> LlmExtraction:
    """Validate a dict (e.g. from a test or a cache) with the same rules the LLM faces."""
    return LlmExtraction.model_validate(data, context={"grounding": grounding} if grounding else None)
