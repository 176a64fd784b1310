"""The response model the LLM fills, and the grounding validators instructor re-asks with.

It is smaller than the CRC: evidence is a segment index plus a quote (start and
speaker come from the transcript), items carry a ``commitment`` so wishes and
hypotheticals can be dropped, and dates come with the words that said them.
Validation errors are phrased for the model: they say what to fix and show the
cited line so the re-ask can correct a quote instead of guessing again. Each
comes with the repair crc applies when the re-asks run out, so one bad field
costs that field or its item, never the CRC.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from summarizer.crc import MAX_FACTS, MeetingType, ProgressStatus, Qualification, RiskCategory, Severity, Side
from summarizer.grounding import quote_in_text
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
    attended: bool | None = Field(default=None, description="false for a person named in the call but not present.")


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


class LlmProgress(_Evidenced):
    """What this call says of a commitment made in an earlier call (not a new promise)."""

    status: ProgressStatus = Field(description="done, late (still not done), moved (new date) or dropped.")
    what: str = Field(min_length=1, description="The object of the earlier commitment, e.g. « la proposition ».")
    who: str | None = Field(default=None, description="Who owed it: a participant's name, or null.")
    new_date_text: str | None = Field(default=None, description="moved: the new date exactly as spoken, or null.")
    new_date: dt.date | None = Field(default=None, description="moved: ISO date for new_date_text, or null.")


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
    progress: list[LlmProgress] = Field(default_factory=list, description="Earlier commitments reported on.")
    objections: list[LlmObjection] = Field(default_factory=list)
    qualification: LlmQualification = Field(default_factory=LlmQualification)

    def evidenced(self) -> list[tuple[str, int, _Evidenced]]:
        out: list[tuple[str, int, _Evidenced]] = []
        for section in ("facts", "decisions", "risks", "next_steps", "deliverables", "progress", "objections"):
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


_WORD = re.compile(r"[^\W_]+")
#: titles said before a name ("Maître Pons", "M. Guérin", "Dr Amrani"): not part of what must be spoken
_TITLES = frozenset(
    "monsieur madame mademoiselle m mme mlle mr mrs ms miss dr docteur doctor maitre me pr professeur prof".split()
)


def spoken_words(transcript: Transcript) -> str:
    """The transcript's words (speaker labels included), name-keyed and space-padded for whole-word search."""
    text = " ".join(f"{s.speaker or ''} {s.text}" for s in transcript.segments)
    return " " + " ".join(_WORD.findall(name_key(text))) + " "


def name_spoken(name: str, words: str) -> bool:
    """True when every part of ``name`` (titles aside) is said in the call as a whole word: a person named,
    present or not. The parts may be said apart ("Hervé, ..." then "Monsieur Combalot"); a part nobody said
    ("Estelle Girard" when only "Estelle" was said) is invented."""
    tokens = _WORD.findall(name_key(name))
    while tokens and tokens[0] in _TITLES:
        tokens = tokens[1:]
    return bool(tokens) and len("".join(tokens)) > 1 and all(f" {t} " in words for t in tokens)


@dataclass(frozen=True)
class Problem:
    """One reason an extraction is not grounded: what the re-ask tells the model, and what crc does when the
    re-asks ran out (``repair`` drops or clears the one bad part, ``note`` says so in the CRC metadata)."""

    text: str
    note: str
    repair: Callable[[], None]


def _without(ext: LlmExtraction, section: str, item: object) -> Callable[[], None]:
    return lambda: setattr(ext, section, [x for x in getattr(ext, section) if x is not item])


def _participant_problems(ext: LlmExtraction, names: list[str], words: str) -> list[Problem]:
    """Participants must be known or said in the call; a known one takes the known spelling."""
    problems = []
    for i, p in enumerate(ext.participants):
        known = resolve_name(p.name, names)
        if known:
            p.name = known
        elif name_spoken(p.name, words):
            names.append(p.name)
        else:
            problems.append(Problem(
                f"participants[{i}] « {p.name} » n'apparaît pas dans la transcription ; retirez-le",
                f"participant « {p.name} » jamais nommé dans l'appel : retiré", _without(ext, "participants", p)))
    return problems


def _evidence_problems(ext: LlmExtraction, transcript: Transcript) -> list[Problem]:
    """Every quote must be in the line it cites (same numbers); a bad quote is dropped, an item left without one too."""
    segments = transcript.segments
    problems = []
    for section, i, item in ext.evidenced():
        for j, ev in enumerate(item.evidence):
            where = f"{section}[{i}].evidence[{j}]"
            if ev.segment >= len(segments):
                text = f"{where} : la ligne [{ev.segment}] n'existe pas (0 à {len(segments) - 1})"
            elif not quote_in_text(ev.quote, segments[ev.segment].text) or not _same_numbers(
                ev.quote, segments[ev.segment].text
            ):
                text = (f"{where} : « {ev.quote[:80]} » n'est pas dans la ligne [{ev.segment}] qui dit : "
                        f"« {_line(transcript, ev.segment)} » ; citez mot pour mot ou changez de ligne")
            else:
                continue

            def drop(item: _Evidenced = item, ev: LlmEvidence = ev) -> None:
                item.evidence = [e for e in item.evidence if e is not ev]

            problems.append(Problem(text, f"{where} « {ev.quote[:60]} » introuvable dans la ligne citée : preuve retirée", drop))
    return problems


#: (section, who owes it, the date as spoken, its ISO date): every person and date a model may name
_OWED = (("next_steps", "owner", "due_text", "due_date"), ("deliverables", "issuer", "due_text", "due_date"),
         ("progress", "who", "new_date_text", "new_date"))


def _owner_problems(ext: LlmExtraction, names: list[str], words: str, transcript: Transcript) -> list[Problem]:
    """Owners, issuers and who owed a reported promise: a participant (« Claire » is Claire Martin, so the
    ledger matches her promises), or a person named in the call (recorded as absent); date words as said."""
    segments = transcript.segments
    problems = []
    for section, attr, text_attr, date_attr in _OWED:
        for i, item in enumerate(getattr(ext, section)):
            who = getattr(item, attr)
            if who is None or not str(who).strip():
                setattr(item, attr, None)
            elif (known := resolve_name(who, names)) is not None:
                setattr(item, attr, known)
            elif name_spoken(who, words):
                names.append(who)
                ext.participants.append(LlmParticipant(name=who, attended=False))
            else:
                def unset(item: _Evidenced = item, attr: str = attr) -> None:
                    setattr(item, attr, None)

                problems.append(Problem(
                    f"{section}[{i}].{attr} « {who} » n'est ni un participant ({', '.join(names) or 'aucun'}) ni une "
                    "personne nommée dans l'appel ; écrivez le nom tel qu'il a été prononcé, ou null",
                    f"{section}[{i}].{attr} « {who} » jamais nommé dans l'appel : mis à null",
                    unset))
            due_text = getattr(item, text_attr)
            if due_text and not any(
                ev.segment < len(segments) and quote_in_text(due_text, segments[ev.segment].text) for ev in item.evidence
            ):
                def clear(item: _Evidenced = item, text_attr: str = text_attr, date_attr: str = date_attr) -> None:
                    setattr(item, text_attr, None)
                    setattr(item, date_attr, None)

                problems.append(Problem(
                    f"{section}[{i}].{text_attr} « {due_text} » ne figure dans aucune ligne citée ; "
                    "recopiez les mots exacts de l'échéance ou mettez null",
                    f"{section}[{i}].{text_attr} « {due_text} » jamais prononcé dans les lignes citées : échéance retirée",
                    clear))
    return problems


def grounding_problems(ext: LlmExtraction, grounding: Grounding) -> list[Problem]:
    """Every reason the extraction is not grounded; also canonicalises names and records absent owners in place."""
    problems = []
    if len(ext.facts) > MAX_FACTS:
        problems.append(Problem(
            f"au plus {MAX_FACTS} faits (format 7-3-1), {len(ext.facts)} fournis",
            f"{len(ext.facts) - MAX_FACTS} fait(s) au-delà de {MAX_FACTS} retirés",
            lambda: setattr(ext, "facts", ext.facts[:MAX_FACTS])))
    words = spoken_words(grounding.transcript)
    names = list(grounding.known_names)
    problems += _participant_problems(ext, names, words)
    problems += _evidence_problems(ext, grounding.transcript)
    problems += _owner_problems(ext, names, words, grounding.transcript)
    return problems


def grounding_errors(ext: LlmExtraction, grounding: Grounding) -> list[str]:
    """The problems as the model reads them in a re-ask."""
    return [p.text for p in grounding_problems(ext, grounding)]


def repair_grounding(ext: LlmExtraction, grounding: Grounding) -> list[str]:
    """Drop or clear what stays ungrounded after the re-asks, so one bad field never loses the CRC.

    Returns what was repaired (for ``metadata.warnings``). An item whose every quote was dropped goes too.
    """
    notes: list[str] = []
    for _ in range(3):  # a dropped participant can leave an owner to clear on the next pass
        problems = grounding_problems(ext, grounding)
        if not problems:
            break
        for problem in problems:
            problem.repair()
            notes.append(problem.note)
        for section, i, item in reversed(ext.evidenced()):
            if not item.evidence:
                notes.append(f"{section}[{i}] « {_item_text(item)[:60]} » sans preuve valable : élément retiré")
                _without(ext, section, item)()
    return notes


def _item_text(item: _Evidenced) -> str:
    for attr in ("text", "action", "what"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    return ""


def grounded_model(grounding: Grounding) -> type[LlmExtraction]:
    """A subclass bound to one transcript, so instructor validates (and re-asks) against it.

    Passing the transcript as instructor ``context`` would make instructor
    render the messages as Jinja templates, which a transcript must never be.
    """
    return type("CRCExtraction", (LlmExtraction,), {"grounding": grounding, "__module__": __name__})


def parse_extraction(data: Any, grounding: Grounding | None = None) -> LlmExtraction:
    """Validate a dict (e.g. from a test or a cache) with the same rules the LLM faces."""
    return LlmExtraction.model_validate(data, context={"grounding": grounding} if grounding else None)


_SECTIONS: dict[str, type[BaseModel]] = {"facts": LlmFact, "decisions": LlmDecision, "risks": LlmRisk, "next_steps": LlmNextStep,
             "deliverables": LlmDeliverable, "progress": LlmProgress, "objections": LlmObjection, "participants": LlmParticipant}


def _prune(data: dict[str, Any], error: dict[str, Any]) -> str | None:
    """Remove the smallest part of ``data`` the ``error`` sits in: a field that has a default, else a bad
    quote, else the list item (a list too long is cut). None when nothing can be removed."""
    loc = tuple(error["loc"])
    section = loc[0] if loc else None
    if section in _SECTIONS and len(loc) == 1 and error["type"] == "too_long" and isinstance(data[section], list):
        limit = int(error.get("ctx", {}).get("max_length", len(data[section]) - 1))
        del data[section][limit:]
        return f"{section} : au-delà de {limit}, retirés"
    if section in _SECTIONS and len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data.get(section), list):
        items, i = data[section], loc[1]
        if i >= len(items):
            return None
        item, field_name = items[i], loc[2] if len(loc) >= 3 else None
        if (isinstance(item, dict) and field_name == "evidence" and len(loc) >= 4 and isinstance(loc[3], int)
                and isinstance(item.get("evidence"), list) and loc[3] < len(item["evidence"])):
            del item["evidence"][loc[3]]
            return f"{section}[{i}].evidence[{loc[3]}] illisible : preuve retirée"
        model_field = _SECTIONS[section].model_fields.get(str(field_name))
        if isinstance(item, dict) and field_name in item and model_field is not None and not model_field.is_required():
            del item[field_name]
            return f"{section}[{i}].{field_name} invalide : valeur par défaut"
        del items[i]
        return f"{section}[{i}] invalide : élément retiré"
    if section in data:
        inner = data[section]
        if len(loc) >= 2 and isinstance(inner, dict) and loc[1] in inner:
            del inner[loc[1]]
            return f"{section}.{loc[1]} invalide : valeur par défaut"
        del data[section]
        return f"{section} invalide : valeur par défaut"
    return None


def lenient_extraction(data: Any) -> tuple[LlmExtraction, list[str]] | None:
    """The model's last answer read field by field: what does not fit the schema is defaulted or dropped.

    None when the answer is not a JSON object at all. The grounding checks are left to :func:`repair_grounding`.
    """
    if not isinstance(data, dict):
        return None
    notes: list[str] = []
    for _ in range(200):
        try:
            return LlmExtraction.model_validate(data), notes
        except ValidationError as exc:
            note = _prune(data, dict(exc.errors()[0]))
            if note is None:
                return None
            notes.append(note)
    return None
