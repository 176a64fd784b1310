"""The gold annotation of one sample call, its loader, and the skeleton written by ``crc eval --init``.

A gold file sits next to its transcript (``STEM.gold.json``) and says what a
perfect CRC would contain. Evidence strings are verbatim substrings of one
transcript segment; :func:`resolve_gold` turns them into segment indexes, the
key the matcher uses, so a gold quote that cannot be found makes the case
invalid rather than silently unmatched.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.crc import MeetingType, RiskCategory
from summarizer.errors import InputError, validation_summary
from summarizer.files import atomic_write_text
from summarizer.grounding import normalize, quote_in_text
from summarizer.ingest.transcript import Transcript
from summarizer.lang import code_of

GoldSide = Literal["vendor", "client"]


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldParticipant(_Gold):
    name: str = Field(min_length=1)
    side: GoldSide | None = None
    organization: str | None = None
    role: str | None = None


class GoldItem(_Gold):
    """A fact or a decision."""

    text: str = Field(min_length=1)
    evidence: list[str] = Field(default_factory=list, description="Verbatim substrings of transcript segments.")


class GoldRisk(GoldItem):
    category: RiskCategory | None = None


class GoldCommitment(GoldItem):
    """A next step or a deliverable: someone promised to do or send something."""

    kind: Literal["next_step", "deliverable"]
    owner: str | None = Field(default=None, description="Full name as in participants; null when never said.")
    side: GoldSide | None = None
    due_date: dt.date | None = Field(default=None, description="Exact day; null when no date was said.")


class GoldTrap(_Gold):
    """Something that sounds like a commitment or a decision but is not one."""

    kind: Literal["wish", "hypothetical", "question", "vague"]
    evidence: list[str] = Field(min_length=1)
    note: str | None = None


class Gold(_Gold):
    """What a perfect CRC of this call contains."""

    transcript: str = Field(description="Transcript or audio file name, relative to this gold file.")
    reference_transcript: str | None = Field(
        default=None, description="Audio cases only: plain-text reference for WER, relative to this file."
    )
    meeting_date: dt.date | None = None
    language: Literal["fr", "en"] = "fr"
    client: str | None = None
    vendor: str | None = None
    meeting_type: MeetingType | None = None
    participants: list[GoldParticipant] = Field(default_factory=list)
    facts: list[GoldItem] = Field(default_factory=list)
    decisions: list[GoldItem] = Field(default_factory=list)
    risks: list[GoldRisk] = Field(default_factory=list)
    commitments: list[GoldCommitment] = Field(default_factory=list)
    traps: list[GoldTrap] = Field(default_factory=list)
    score: float | None = Field(default=None, ge=0, le=10, description="Expected rubric score, if annotated.")


def gold_json_schema() -> dict[str, Any]:
    """The JSON Schema exported to ``eval/gold.schema.json``."""
    schema = Gold.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://crc.example/schemas/gold.schema.json"
    schema["title"] = "CRC eval gold annotation"
    return schema


def load_gold(path: Path) -> Gold:
    """Parse and validate a gold file; one clear :class:`InputError` line otherwise."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path.name} : lecture impossible ({exc.strerror}).") from exc
    try:
        return Gold.model_validate_json(data)
    except ValidationError as exc:
        raise InputError(
            f"{path.name} : gold invalide ({validation_summary(exc)}) ; {exc.error_count()} erreur(s), "
            "voir eval/README.md.",
            source=path,
        ) from exc


def locate(quote: str, transcript: Transcript) -> list[int]:
    """Indexes of the segments containing ``quote`` (normalised, tolerant to ASR punctuation).

    Gold quotes are verbatim: where some segment holds the quote exactly (after normalisation),
    only those count, so a near miss elsewhere (a backchannel, a similar line) is not added. A
    segment shorter than the quote never contains it (see :func:`quote_in_text`).
    """
    q = normalize(quote)
    exact = [s.index for s in transcript.segments if q and q in normalize(s.text)]
    if exact:
        return exact
    return [s.index for s in transcript.segments if quote_in_text(quote, s.text)]


class ResolvedGold(BaseModel):
    """Segment indexes of every gold item, in the same order as the gold lists."""

    facts: list[set[int]]
    decisions: list[set[int]]
    risks: list[set[int]]
    commitments: list[set[int]]
    traps: list[set[int]]
    #: quotes found nowhere (lenient mode only): those items fall back to text matching
    unresolved: list[str] = Field(default_factory=list)


def resolve_gold(gold: Gold, transcript: Transcript, name: str = "gold", strict: bool = True) -> ResolvedGold:
    """Map evidence strings to segments; a quote found nowhere is an annotation error.

    ``strict=False`` is for audio cases, where the gold quotes were written from
    the conversation and the ASR text may differ: unfound quotes are recorded
    and the item is matched on wording instead.
    """
    missing: list[str] = []

    def segs(section: str, evidence: list[str]) -> set[int]:
        out: set[int] = set()
        for quote in evidence:
            found = locate(quote, transcript)
            if not found:
                missing.append(f"{section} « {quote[:60]} »")
            out.update(found)
        return out

    resolved = ResolvedGold(
        facts=[segs("facts", i.evidence) for i in gold.facts],
        decisions=[segs("decisions", i.evidence) for i in gold.decisions],
        risks=[segs("risks", i.evidence) for i in gold.risks],
        commitments=[segs("commitments", i.evidence) for i in gold.commitments],
        traps=[segs("traps", t.evidence) for t in gold.traps],
    )
    if missing and not strict:
        resolved.unresolved = missing
    elif missing:
        raise InputError(
            f"{name} : {len(missing)} citation(s) introuvable(s) dans la transcription, "
            f"dont {missing[0]} ; corrigez le gold (citations verbatim d'un segment)."
        )
    return resolved


def gold_path_for(transcript_path: Path) -> Path:
    """``calls/01-x.vtt`` -> ``calls/01-x.gold.json``."""
    return transcript_path.with_name(f"{transcript_path.stem}.gold.json")


def gold_skeleton(transcript_path: Path, transcript: Transcript) -> Gold:
    """A gold to start annotating: file metadata and speakers filled, every list empty."""
    return Gold(
        transcript=transcript_path.name,
        meeting_date=transcript.meeting_date,
        language=code_of(transcript.language),  # type: ignore[arg-type]  # a pack code, as the schema lists
        participants=[GoldParticipant(name=name) for name in transcript.speakers],
    )


def write_gold_skeleton(transcript_path: Path) -> Path:
    """Write ``STEM.gold.json`` beside the transcript; never overwrite an annotation."""
    from summarizer.ingest.transcript import read_transcript

    target = gold_path_for(transcript_path)
    if target.exists():
        raise InputError(f"{target} existe déjà ; supprimez-le ou renommez-le pour repartir d'un squelette.")
    transcript = read_transcript(transcript_path)
    gold = gold_skeleton(transcript_path, transcript)
    text = json.dumps(gold.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    atomic_write_text(target, text)
    return target
