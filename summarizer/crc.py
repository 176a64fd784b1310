"""The CRC schema: pydantic v2 models, the one source of truth for the JSON contract.

Keys are English snake_case (see DESIGN.md); rendering is French by default.
Domain rules live here as validators so every backend and every edited file
obeys them: every item cites at least one evidence quote, quotes occur in the
cited segment (checked when a transcript is passed in the validation context),
due dates are never before the meeting, at most 7 facts (the 7-3-1 format),
owners and issuers are null or a known participant.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from enum import Enum
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

from summarizer import lang
from summarizer.grounding import quote_in_text
from summarizer.messages import Message, MessageError
from summarizer.names import ascii_fold, name_key

CRC_VERSION = "1.0"
MAX_FACTS = 7


class MeetingType(str, Enum):
    discovery = "discovery"
    demo_poc = "demo_poc"
    negotiation = "negotiation"
    qbr = "qbr"
    site_visit = "site_visit"
    renewal = "renewal"
    other = "other"


class Side(str, Enum):
    client = "client"
    vendor = "vendor"
    unknown = "unknown"


class RiskCategory(str, Enum):
    budget = "budget"
    legal = "legal"
    it_security = "it_security"
    planning = "planning"
    competition = "competition"
    other = "other"


class Severity(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


def _without_empty(data: dict[str, Any], key: str) -> dict[str, Any]:
    if data.get(key) in (None, [], {}):
        data.pop(key, None)
    return data


class Evidence(_Model):
    """A verbatim quote from one transcript segment."""

    segment: int = Field(ge=0, description="Index of the segment in the transcript (0-based).")
    start: float | None = Field(default=None, ge=0, description="Segment start in seconds, if known.")
    speaker: str | None = None
    quote: str = Field(min_length=1, description="Verbatim words of that segment.")


class _Evidenced(_Model):
    evidence: list[Evidence] = Field(min_length=1)


class Meeting(_Model):
    date: dt.date
    type: MeetingType = MeetingType.other
    subject: str
    client: str | None = None
    language: str = Field(default="fr", json_schema_extra={"pattern": lang.pattern()})
    rep: str | None = Field(
        default=None,
        description="The sales rep who owns this CRC (CRM owner): as given (option, batch metadata, upload form), "
        "else the vendor participant who speaks most; null when neither is known.",
    )

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        """A CRC is rendered in its language: only a code with a language pack (``summarizer.lang``) is accepted."""
        if not lang.is_known(value):
            raise MessageError(Message("pydantic:enum", expected=lang.choices()))
        return value


class Participant(_Model):
    name: str = Field(min_length=1)
    organization: str | None = None
    side: Side = Side.unknown
    role: str | None = None
    decision_role: str | None = Field(
        default=None, description="decision_maker, influencer, sponsor, user, buyer, legal, it..."
    )
    stance: str | None = Field(default=None, description="supportive, neutral, skeptical")
    attended: bool | None = Field(
        default=None, description="false: named in the call but not present (e.g. an absent colleague who owns an "
        "action); true or null: present (null when not stated)."
    )

    @model_serializer(mode="wrap")
    def _attended_when_said(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Written only when known, so a CRC without absent people reads the same to an older crc."""
        return _without_empty(handler(self), "attended")


class Fact(_Evidenced):
    text: str = Field(min_length=1)


class Decision(_Evidenced):
    text: str = Field(min_length=1)


class Risk(_Evidenced):
    text: str = Field(min_length=1)
    category: RiskCategory = RiskCategory.other
    severity: Severity = Severity.medium
    mitigation: str | None = None


class NextStep(_Evidenced):
    action: str = Field(min_length=1)
    owner: str | None = None
    side: Side = Side.unknown
    due_date: dt.date | None = None
    due_text: str | None = Field(default=None, description="The due date as spoken.")


class Deliverable(_Evidenced):
    what: str = Field(min_length=1)
    issuer: str | None = None
    side: Side = Side.unknown
    due_date: dt.date | None = None
    due_text: str | None = None
    format: str | None = None


class ProgressStatus(str, Enum):
    done = "done"
    late = "late"
    moved = "moved"
    dropped = "dropped"


class ProgressItem(_Evidenced):
    """What this call says about a commitment of an earlier call: done, still late, moved to a new date or
    dropped. The account ledger closes or moves the earlier promise from it (matched by object and owner)."""

    status: ProgressStatus
    what: str = Field(min_length=1, description="The object of the earlier commitment, e.g. « la proposition ».")
    who: str | None = Field(default=None, description="Who owed it (a participant's name), null when not said.")
    new_date: dt.date | None = Field(default=None, description="moved: the new due date.")
    new_date_text: str | None = Field(default=None, description="The new date as spoken.")


class Objection(_Evidenced):
    text: str = Field(min_length=1)
    response: str | None = None


class Qualification(_Model):
    """What was learnt about the opportunity (BANT-style); null when not said."""

    budget: str | None = None
    authority: str | None = None
    need: str | None = None
    timeline: str | None = None
    competition: list[str] = Field(default_factory=list)
    decision_criteria: list[str] = Field(default_factory=list)


class Crm(_Model):
    """Fields to align with the CRM (the CRC must match stage, probability, amount, close date)."""

    opportunity_id: str | None = None
    stage: str | None = None
    probability: int | None = Field(default=None, ge=0, le=100)
    amount: float | None = None
    currency: str | None = None
    close_date: dt.date | None = None
    keywords: list[str] = Field(default_factory=list)


class Attachment(_Model):
    """A document or proof referenced in the CRC (recording, deck, test script...)."""

    name: str
    kind: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Metadata(_Model):
    backend: str = "rules"
    generator: str = "crc"
    source: str | None = None
    source_sha256: str | None = None
    meeting_date_source: str | None = None
    created_at: dt.datetime | None = None
    model: str | None = None
    prompt_sha256: str | None = None
    usage: dict[str, int] = Field(default_factory=dict)
    attempts: int | None = None
    fallback_from: str | None = None
    notes: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(
        default_factory=list, description="What the backend repaired or dropped to keep the CRC (e.g. an LLM item "
        "whose field stayed invalid after every re-ask)."
    )
    rep_source: str | None = Field(default=None, description="Where meeting.rep comes from: given | transcript.")
    redaction: dict[str, int] = Field(
        default_factory=dict, description="What the llm backend pseudonymised before sending the call: distinct "
        "values per kind (person, email, phone, iban, card, address, client, vendor), never the values."
    )
    version_at: dt.datetime | None = Field(
        default=None, description="When this version was made by an edit: a reply dated before it answers an earlier one."
    )

    @model_serializer(mode="wrap")
    def _warnings_when_any(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Written only when there are some, so a CRC without repairs reads the same to an older crc."""
        return _without_empty(_without_empty(handler(self), "warnings"), "redaction")


class ValidationStatus(str, Enum):
    validated = "validated"
    changes_requested = "changes_requested"


class Validation(_Model):
    """The client's answer to the validation request, logged against the exact version it answers."""

    status: ValidationStatus
    by: str | None = Field(default=None, description="The reply's sender (From).")
    at: dt.datetime | None = Field(default=None, description="The reply's Date header.")
    message_id: str | None = Field(default=None, description="The reply's Message-ID.")
    version: str = Field(pattern=r"^\d+\.\d+$", description="The CRC version the reply answers.")
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 of that version's JSON without its validation block."
    )
    matched_by: str | None = Field(default=None, description="message_id (In-Reply-To/References) or subject.")
    message: str | None = Field(default=None, description="The reply's own text, above the quoted draft.")
    sender_known: bool | None = Field(
        default=None, description="The sender is a client participant or a recipient of the draft; false: someone "
        "else answered, and a VALIDÉ from them does not count until confirmed.",
    )


def client_slug(client: str | None) -> str:
    """``Transports Ferrand`` -> ``TransportsFerrand`` (ASCII, no spaces) for the CRC id."""
    if not client:
        return "Client"
    words = re.findall(r"[A-Za-z0-9]+", ascii_fold(client))
    return "".join(w[:1].upper() + w[1:] for w in words) or "Client"


#: ``CRC-<date>-<client>[-<tag>]-v<version>``; the tag (6 hex digits of the source file's SHA-256) tells apart two
#: calls with the same client and day, and stays the same when the same file is run again.
CRC_ID_RE = re.compile(r"^CRC-(\d{4}-\d{2}-\d{2})-([A-Za-z0-9]+)(?:-([0-9a-f]{6}))?-v(\d+\.\d+)$")
TAG_LENGTH = 6


def source_tag(sha256: str | None) -> str | None:
    """The id's distinguishing part: the start of the source's content hash (None when unknown)."""
    tag = (sha256 or "").lower()[:TAG_LENGTH]
    return tag if len(tag) == TAG_LENGTH and re.fullmatch(r"[0-9a-f]+", tag) else None


def make_crc_id(meeting_date: dt.date, client: str | None, version: str = CRC_VERSION, tag: str | None = None) -> str:
    """``CRC-2026-11-18-TransportsFerrand-3fa2c1-v1.0``: readable, and unique per source file with ``tag``."""
    middle = f"{client_slug(client)}-{tag}" if tag else client_slug(client)
    return f"CRC-{meeting_date.isoformat()}-{middle}-v{version}"


def id_tag(crc_id: str) -> str | None:
    """The tag of an id (None for an id written before tags existed)."""
    m = CRC_ID_RE.match(crc_id)
    return m.group(3) if m else None


def call_key(crc_id: str) -> str:
    """The id without its version: every version of one call shares it (outbox, account, replies)."""
    return crc_id.rsplit("-v", 1)[0]


def crc_id_for(crc: CRC, version: str | None = None) -> str:
    """The id ``crc`` should carry at ``version`` (default its own): its date and client, the tag it already has,
    else the tag of its source file's hash."""
    tag = id_tag(crc.id) or source_tag(crc.metadata.source_sha256)
    return make_crc_id(crc.meeting.date, crc.meeting.client, version or crc.version, tag)


class CRC(_Model):
    """A compte rendu commercial. Validate with ``context={"transcript": t}`` to check quotes."""

    id: str = Field(pattern=CRC_ID_RE.pattern)
    version: str = Field(default=CRC_VERSION, pattern=r"^\d+\.\d+$")
    meeting: Meeting
    participants: list[Participant] = Field(default_factory=list)
    objective: str | None = None
    facts: list[Fact] = Field(default_factory=list, max_length=MAX_FACTS)
    decisions: list[Decision] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    next_steps: list[NextStep] = Field(default_factory=list)
    deliverables: list[Deliverable] = Field(default_factory=list)
    progress: list[ProgressItem] = Field(
        default_factory=list, description="What this call says about earlier commitments (done, late, moved, dropped)."
    )
    objections: list[Objection] = Field(default_factory=list)
    qualification: Qualification = Field(default_factory=Qualification)
    crm: Crm = Field(default_factory=Crm)
    attachments: list[Attachment] = Field(default_factory=list)
    metadata: Metadata = Field(default_factory=Metadata)
    validation: Validation | None = None

    @model_serializer(mode="wrap")
    def _progress_when_any(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Written only when the call reports on earlier commitments, so an older CRC keeps its bytes (and the
        SHA-256 its validation answers)."""
        return _without_empty(handler(self), "progress")

    @field_validator("facts")
    @classmethod
    def _facts_731(cls, v: list[Fact]) -> list[Fact]:
        if len(v) > MAX_FACTS:
            raise MessageError(Message("too_many_facts", max=MAX_FACTS))
        return v

    @model_validator(mode="after")
    def _domain_rules(self, info: ValidationInfo) -> CRC:
        errors: list[Message] = []
        meeting_day = self.meeting.date
        known = {name_key(p.name) for p in self.participants}
        owed = (("next_steps", "owner", [(s.due_date, s.owner) for s in self.next_steps]),
                ("deliverables", "issuer", [(d.due_date, d.issuer) for d in self.deliverables]))
        for section, who, items in owed:
            for i, (due, owner) in enumerate(items):
                if due and due < meeting_day:
                    errors.append(Message("due_before_meeting", where=f"{section}[{i}].due_date", due=str(due),
                                          meeting=str(meeting_day)))
                if owner is not None and name_key(owner) not in known:
                    errors.append(Message("owner_not_participant", where=f"{section}[{i}].{who}", owner=owner))
        if self.crm.close_date and self.crm.close_date < meeting_day:
            errors.append(Message("close_before_meeting", date=str(self.crm.close_date)))
        context = info.context if isinstance(info.context, dict) else {}
        transcript = context.get("transcript")
        if transcript is not None:
            errors.extend(check_evidence(self, transcript))
        if errors:
            raise MessageError(Message("problems", items=errors))
        return self

    def evidenced_items(self) -> list[tuple[str, Any]]:
        """(section, item) for every item that must carry evidence."""
        out: list[tuple[str, Any]] = []
        for section in ("facts", "decisions", "risks", "next_steps", "deliverables", "progress", "objections"):
            out.extend((section, item) for item in getattr(self, section))
        return out

    def participant(self, name: str | None) -> Participant | None:
        if not name:
            return None
        key = name_key(name)
        return next((p for p in self.participants if name_key(p.name) == key), None)

    def owner_side(self, owner: str | None, side: Side) -> Side:
        """The owner's side: the participant's own side when known, else the item's (``side``)."""
        p = self.participant(owner)
        return p.side if p is not None and p.side != Side.unknown else side


def next_version(version: str) -> str:
    """``1.0`` -> ``1.1`` -> ... -> ``1.10``: an amended CRC keeps its major version."""
    major, _, minor = version.partition(".")
    return f"{int(major)}.{int(minor or 0) + 1}"


def content_sha256(crc: CRC) -> str:
    """SHA-256 of the CRC's JSON without its validation block: what the client validated."""
    return hashlib.sha256(crc.model_dump_json(exclude={"validation"}).encode("utf-8")).hexdigest()


def is_validated(crc: CRC) -> bool:
    """The client answered VALIDÉ to this very content (an edit since then voids it)."""
    v = crc.validation
    return (v is not None and v.status == ValidationStatus.validated and v.sha256 == content_sha256(crc)
            and v.sender_known is not False)


def check_evidence(crc: CRC, transcript: Any) -> list[Message]:
    """Every quote must occur in the segment it cites (fuzzy >= 90 for ASR noise)."""
    segments = transcript.segments
    problems: list[Message] = []
    for section, item in crc.evidenced_items():
        for ev in item.evidence:
            if ev.segment >= len(segments):
                problems.append(Message("evidence_no_segment", section=section, segment=ev.segment))
            elif not quote_in_text(ev.quote, segments[ev.segment].text):
                problems.append(Message("evidence_not_in_segment", section=section, segment=ev.segment, quote=ev.quote[:60]))
    return problems


def crc_json_schema() -> dict[str, Any]:
    """The JSON Schema exported to ``schemas/crc.schema.json``."""
    schema = CRC.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://crc.example/schemas/crc.schema.json"
    return schema
