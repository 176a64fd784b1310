"""The ``llm`` backend: structured CRC extraction through any OpenAI-compatible endpoint.

openai + instructor produce an :class:`LlmExtraction` validated against the
transcript (quotes must be in the cited line, owners must be participants or
people named in the call); instructor re-asks with the validation errors, and an
answer still invalid after the last re-ask is repaired item by item rather than
lost (each repair in ``metadata.warnings``). Transport failures are retried
in :mod:`llm_transport`, long calls are chunked and merged in :mod:`llm_chunks`; requests to an
endpoint off this machine leave pseudonymised and answers come back restored (:mod:`redact`).
The result is post-processed deterministically (due dates re-derived with
:mod:`summarizer.dates`, wishes dropped) and returned as a validated CRC whose
metadata records the model, the prompt's SHA-256, token usage and attempts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.resources
import json
import logging
import string
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai
from pydantic import ValidationError
from rapidfuzz import fuzz

from summarizer.crc import CRC, MeetingType, Side, make_crc_id
from summarizer.errors import BackendError, ConfigError
from summarizer.extract.base import ExtractContext
from summarizer.extract.llm.chunks import (
    count_tokens,
    estimate_tokens,
    merge_extractions,
    numbered_line,
    numbered_lines,
    run_chunks,
    split_chunks,
)
from summarizer.extract.llm.models import (
    Grounding,
    LlmDeliverable,
    LlmExtraction,
    LlmNextStep,
    grounded_model,
    lenient_extraction,
    repair_grounding,
    resolve_name,
)
from summarizer.extract.llm.redact import call_pseudonyms
from summarizer.extract.llm.settings import LlmSettings, load_settings
from summarizer.extract.llm.transport import (
    CallStats,
    DeadlineExceeded,
    describe_error,
    make_client,
    robust_create,
    translate_error,
)
from summarizer.grounding import quote_in_text
from summarizer.ingest.transcript import Segment, Transcript
from summarizer.lang import get_lang
from summarizer.messages import Message, problem_of

log = logging.getLogger(__name__)

__all__ = ["LlmSettings", "extract_llm", "load_prompt", "load_settings", "prompt_sha256", "render_prompt"]

USER_MARKER = "=== USER ==="
_REPO_PROMPTS = Path(__file__).resolve().parents[2] / "prompts"

# --- prompts -----------------------------------------------------------------------


def load_prompt(name: str) -> str:
    """A prompt file from the installed package (``summarizer/prompts``), else the checkout's ``prompts/``."""
    try:
        resource = importlib.resources.files("summarizer") / "prompts" / name
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        pass
    path = _REPO_PROMPTS / name
    if path.is_file():
        return path.read_text(encoding="utf-8")
    raise ConfigError(Message("llm_prompt_missing", name=name))


def prompt_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render_prompt(template: str, **values: str) -> tuple[str, str]:
    """(system, user) messages: ``$name`` placeholders filled, split at the ``=== USER ===`` line.

    ``string.Template`` only parses the template, so braces or dollars in a
    transcript are never interpreted.
    """
    text = string.Template(template).safe_substitute(values)
    system, sep, user = text.partition(USER_MARKER)
    if not sep:
        return "", system.strip()
    return system.strip(), user.strip()


def known_names(transcript: Transcript, ctx: ExtractContext) -> list[str]:
    """Names an owner may take: participants given up front, then speakers."""
    names = [p.name for p in ctx.participants]
    for speaker in transcript.speakers:
        if resolve_name(speaker, names) is None:
            names.append(speaker)
    return names


def _participants_line(transcript: Transcript, ctx: ExtractContext) -> str:
    sides = {p.name: p.side.value for p in ctx.participants}
    names = known_names(transcript, ctx)
    if not names:
        return get_lang(ctx.language).prompts.unknown
    return ", ".join(f"{n} ({sides[n]})" if sides.get(n, "unknown") != "unknown" else n for n in names)


def extraction_messages(
    template: str, transcript: Transcript, ctx: ExtractContext, segments: list[Segment], chunk: tuple[int, int] | None
) -> list[dict[str, str]]:
    lang = ctx.language
    prompts = get_lang(lang).prompts
    chunk_note = "" if chunk is None else prompts.chunk.format(part=chunk[0], parts=chunk[1])
    system, user = render_prompt(
        template,
        meeting_date=ctx.meeting_date.isoformat(),
        meeting_weekday=prompts.weekdays[ctx.meeting_date.weekday()],
        client=ctx.client or prompts.unknown,
        vendor=ctx.vendor or prompts.unknown,
        participants=_participants_line(transcript, ctx),
        meeting_type_hints=prompts.type_hints,
        chunk_note=chunk_note,
        transcript=numbered_lines(segments),
    )
    messages = [{"role": "system", "content": system}] if system else []
    messages.append({"role": "user", "content": user})
    return messages


# --- structured calls ----------------------------------------------------------------

_INSTRUCTOR_MODES = {"json_schema": "JSON_SCHEMA", "tools": "TOOLS", "json": "JSON"}
#: the order ``auto`` tries when a server refuses a structured-output flavour (HTTP 400)
_AUTO_ORDER = ["json_schema", "tools", "json"]


@dataclass
class Session:
    """One extraction's shared state: client, accounting, and the mode that works."""

    settings: LlmSettings
    create: Any
    stats: CallStats
    mode: str
    attempts: int = 0
    notes: list[str] = field(default_factory=list)
    #: what was repaired or dropped from answers still invalid after every re-ask (``metadata.warnings``)
    warnings: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, text: str) -> None:
        log.info("LLM: %s", text)
        with self.lock:
            self.notes.append(text)

    def warn(self, texts: list[str]) -> None:
        for text in texts:
            log.warning("LLM: %s", text)
        with self.lock:
            self.warnings.extend(texts)


def _structured_once(session: Session, mode: str, response_model: type[LlmExtraction], messages: list[dict[str, str]],
                     salvage: str | None = None) -> LlmExtraction:
    import instructor
    from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

    settings = session.settings
    count = [0]

    def counted(*args: Any, **kwargs: Any) -> Any:
        response = session.create(*args, **kwargs)
        count[0] += 1
        return response

    patched = instructor.patch(create=counted, mode=getattr(instructor.Mode, _INSTRUCTOR_MODES[mode]))
    try:
        result = patched(
            response_model=response_model,
            messages=messages,
            model=settings.model,
            temperature=settings.temperature,
            max_tokens=settings.max_output_tokens,
            max_retries=settings.max_attempts - 1,
            strict=False,
        )
    except InstructorRetryException as exc:
        cause = exc.__cause__
        if isinstance(cause, (openai.APIError, DeadlineExceeded)):
            raise translate_error(cause, settings) from cause
        kept = _salvage(session, response_model, exc, salvage) if salvage is not None else None
        if kept is not None:
            return kept
        first = _first_error(cause or exc)
        raise BackendError(
            Message("llm_invalid_output", model=settings.model, count=count[0], max=settings.max_attempts, first=first)
        ) from exc
    except IncompleteOutputException as exc:
        raise BackendError(Message("llm_truncated", model=settings.model, tokens=settings.max_output_tokens)) from exc
    except (openai.APIError, DeadlineExceeded) as exc:
        raise translate_error(exc, settings) from exc
    finally:
        with session.lock:
            session.attempts += count[0]
    if count[0] > 1:
        session.note(f"{count[0] - 1} relance(s) du modèle après erreurs de validation")
    assert isinstance(result, LlmExtraction)
    return result


def completion_text(completion: Any) -> str | None:
    """The JSON text of a chat completion: the tool call's arguments, else the message content (fences aside)."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    text = calls[0].function.arguments if calls else message.content
    if not isinstance(text, str):
        return None
    start, end = text.find("{"), text.rfind("}")
    return text[start:end + 1] if 0 <= start < end else None


def _salvage(session: Session, response_model: type[LlmExtraction], exc: Exception, where: str) -> LlmExtraction | None:
    """The last answer, repaired: after every re-ask, one bad field costs its item, never the call.

    Fields that do not fit the schema take their default (or their item goes), then ungrounded quotes, owners
    and due words are dropped by :func:`repair_grounding`; each repair is a warning. None when the last answer
    is not a JSON object (nothing to keep).
    """
    text = completion_text(getattr(exc, "last_completion", None))
    try:
        data = json.loads(text) if text else None
    except json.JSONDecodeError:
        return None
    read = lenient_extraction(data)
    grounding = response_model.grounding
    if read is None or grounding is None:
        return None
    ext, repairs = read
    repairs += repair_grounding(ext, grounding)
    session.warn([f"{where}{r}" for r in repairs])
    session.note(f"{where}réponse encore invalide après {session.settings.max_attempts} tentative(s) : "
                 f"{len(repairs)} réparation(s), le reste gardé")
    return ext


def _first_error(exc: BaseException) -> Message:
    if isinstance(exc, ValidationError):
        return problem_of(dict(exc.errors()[0]))
    return Message("verbatim", text=(str(exc).strip().splitlines() or [type(exc).__name__])[0][:300])


def structured_call(session: Session, response_model: type[LlmExtraction], messages: list[dict[str, str]],
                    salvage: str | None = None) -> LlmExtraction:
    """One extraction, walking json_schema -> tools -> json in ``auto`` mode when the server says 400.

    With ``salvage`` (a prefix for the warnings, "" for none), an answer still invalid after every re-ask is
    repaired item by item instead of failing the call.
    """
    while True:
        mode = session.mode
        try:
            return _structured_once(session, mode, response_model, messages, salvage)
        except BackendError as exc:
            cause = exc.__cause__
            refused = isinstance(cause, openai.BadRequestError)
            if not (session.settings.mode == "auto" and refused and mode != _AUTO_ORDER[-1]):
                raise
            with session.lock:
                if session.mode == mode:
                    session.mode = _AUTO_ORDER[_AUTO_ORDER.index(mode) + 1]
            session.note(f"mode {mode} refusé par le serveur ({describe_error(cause, session.settings)}) ; essai en mode {session.mode}")  # type: ignore[arg-type]


# --- post-processing -----------------------------------------------------------------


def _resolve_due(text: str, meeting_date: dt.date, language: str) -> dt.date | None:
    from summarizer.dates import resolve_due

    return resolve_due(text, meeting_date, language=language)


def settle_due_dates(ext: LlmExtraction, meeting_date: dt.date, language: str, notes: list[str]) -> None:
    """Dates come from the spoken words: the deterministic resolver wins any disagreement (a moved promise's
    new date too, which the ledger takes as its due date)."""
    items: list[tuple[str, LlmNextStep | LlmDeliverable]] = [(f"next_steps[{i}]", s) for i, s in enumerate(ext.next_steps)]
    items += [(f"deliverables[{i}]", d) for i, d in enumerate(ext.deliverables)]
    for where, item in items:
        _settle_date(where, item, "due_text", "due_date", meeting_date, language, notes)
    for i, p in enumerate(ext.progress):
        _settle_date(f"progress[{i}]", p, "new_date_text", "new_date", meeting_date, language, notes)
    _chain_due_dates(items, meeting_date, language, notes)


def _settle_date(where: str, item: object, text_attr: str, date_attr: str, meeting_date: dt.date, language: str,
                 notes: list[str]) -> None:
    text, date = getattr(item, text_attr), getattr(item, date_attr)
    if date and not text:
        notes.append(f"{where} : date {date} sans échéance prononcée, retirée")
        log.warning("LLM %s: %s %s without %s dropped", where, date_attr, date, text_attr)
        date = None
    if text:
        resolved = _resolve_due(text, meeting_date, language)
        if resolved is not None and resolved != date:
            if date is not None:
                notes.append(f"{where} : « {text} » = {resolved} (le modèle proposait {date}) ; date recalculée retenue")
                log.warning("LLM %s: %r -> %s, model said %s; keeping %s", where, text, resolved, date, resolved)
            date = resolved
    if date and date < meeting_date:
        notes.append(f"{where} : échéance {date} antérieure à la réunion, retirée")
        date = None
    setattr(item, date_attr, date)


def _chain_due_dates(items: list[tuple[str, LlmNextStep | LlmDeliverable]], meeting_date: dt.date, language: str,
                     notes: list[str]) -> None:
    """"Sous 48 heures après réception du contrat": the contract's due date plus the delay. The model's date is
    kept when no dated item matches, unless it is the meeting date plus the delay (the one wrong reading)."""
    from summarizer.dates import chain_date, chained_delay
    from summarizer.extract.rules.lexicon import DELIVERABLE_NOUNS

    def text_of(item: LlmNextStep | LlmDeliverable) -> str:
        return item.what if isinstance(item, LlmDeliverable) else item.action

    for where, item in items:
        chain = chained_delay(item.due_text, language) if item.due_text else None
        if chain is None:
            continue
        thing = DELIVERABLE_NOUNS.search(text_of(item).lower())
        noun = (chain.anchor or (thing.group(0) if thing else "")).lower()[:6]
        anchors = [o for _, o in items if noun and o is not item and o.due_date is not None and noun in text_of(o).lower()
                   and not (o.due_text and chained_delay(o.due_text, language))]
        if anchors:
            chained = chain_date(anchors[0].due_date, chain)  # type: ignore[arg-type]
            if item.due_date != chained:
                notes.append(f"{where} : « {item.due_text} » = {chained} (après l'échéance de « {text_of(anchors[0])} »)")
            item.due_date = chained
        elif item.due_date is not None and item.due_date == chain_date(meeting_date, chain):
            notes.append(f"{where} : « {item.due_text} » ne se compte pas depuis la réunion ; date retirée")
            item.due_date = None


def drop_wishes(ext: LlmExtraction, notes: list[str]) -> None:
    """Wishes and hypotheticals are not commitments: they leave decisions, next steps and deliverables."""
    for section in ("decisions", "next_steps", "deliverables"):
        items = getattr(ext, section)
        kept = [x for x in items if x.commitment == "firm"]
        if len(kept) != len(items):
            notes.append(f"{section} : {len(items) - len(kept)} souhait(s)/hypothèse(s) écarté(s)")
            setattr(ext, section, kept)


# --- to the CRC ----------------------------------------------------------------------


def exact_quote(quote: str, text: str) -> str:
    """The words of ``text`` the (fuzzily matched) quote stands for, so the CRC quotes the transcript itself."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return quote
    align = fuzz.partial_ratio_alignment(quote.lower(), lowered)
    if align is None or align.score < 90:
        return quote
    start, end = align.dest_start, align.dest_end
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    candidate = text[start:end].strip(" ,;:")
    return candidate if candidate and quote_in_text(candidate, text) else quote


def _evidence(items: Any, transcript: Transcript) -> list[dict[str, Any]]:
    out = []
    for ev in items:
        seg = transcript.segments[ev.segment]
        out.append({"segment": seg.index, "start": seg.start, "speaker": seg.speaker, "quote": exact_quote(ev.quote, seg.text)})
    return out


def _participants(ext: LlmExtraction, transcript: Transcript, ctx: ExtractContext) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = [{"name": h.name, "side": h.side} for h in ctx.participants]
    for p in ext.participants:
        same = resolve_name(p.name, [x["name"] for x in people])
        if same is None:
            people.append(p.model_dump())
            continue
        target = next(x for x in people if x["name"] == same)
        for key, value in p.model_dump(exclude={"name"}).items():
            if value is not None and target.get(key) in (None, Side.unknown):
                target[key] = value
    for speaker in transcript.speakers:
        if resolve_name(speaker, [x["name"] for x in people]) is None:
            people.append({"name": speaker, "side": Side.unknown})
    return people


def _side(item: Any, who: str | None, people: list[dict[str, Any]]) -> Side:
    if item.side != Side.unknown or who is None:
        return Side(item.side)
    person = next((p for p in people if p["name"] == who), None)
    return Side(person.get("side", Side.unknown)) if person else Side.unknown


def to_crc(
    ext: LlmExtraction, transcript: Transcript, ctx: ExtractContext, metadata: dict[str, Any]
) -> CRC:
    people = _participants(ext, transcript, ctx)
    default_subject = get_lang(ctx.language).strings.objective.meeting + (f" {ctx.client}" if ctx.client else "")
    data: dict[str, Any] = {
        "id": make_crc_id(ctx.meeting_date, ctx.client),
        "meeting": {
            "date": ctx.meeting_date,
            "type": ext.meeting_type if isinstance(ext.meeting_type, MeetingType) else MeetingType.other,
            "subject": ext.subject or transcript.title or default_subject,
            "client": ctx.client,
            "language": ctx.language,
        },
        "participants": people,
        "objective": ext.objective,
        "facts": [{"text": f.text, "evidence": _evidence(f.evidence, transcript)} for f in ext.facts],
        "decisions": [{"text": d.text, "evidence": _evidence(d.evidence, transcript)} for d in ext.decisions],
        "risks": [
            {**r.model_dump(exclude={"evidence"}), "evidence": _evidence(r.evidence, transcript)} for r in ext.risks
        ],
        "next_steps": [
            {
                **s.model_dump(exclude={"evidence", "commitment"}),
                "side": _side(s, s.owner, people),
                "evidence": _evidence(s.evidence, transcript),
            }
            for s in ext.next_steps
        ],
        "deliverables": [
            {
                **d.model_dump(exclude={"evidence", "commitment"}),
                "side": _side(d, d.issuer, people),
                "evidence": _evidence(d.evidence, transcript),
            }
            for d in ext.deliverables
        ],
        "progress": [{**p.model_dump(exclude={"evidence"}), "evidence": _evidence(p.evidence, transcript)} for p in ext.progress],
        "objections": [
            {**o.model_dump(exclude={"evidence"}), "evidence": _evidence(o.evidence, transcript)} for o in ext.objections
        ],
        "qualification": ext.qualification.model_dump(),
        "metadata": metadata,
    }
    try:
        return CRC.model_validate(data, context={"transcript": transcript})
    except ValidationError as exc:
        raise BackendError(Message("llm_incoherent", first=_first_error(exc))) from exc


# --- entry point ---------------------------------------------------------------------

#: tokens kept free for the chat template and the re-ask messages
_SAFETY_TOKENS = 256


def chunk_budget(settings: LlmSettings, overhead_tokens: int) -> int:
    budget = settings.context_tokens - settings.max_output_tokens - overhead_tokens - _SAFETY_TOKENS
    if budget < 200:
        raise ConfigError(Message(
            "llm_context_small", context=settings.context_tokens, overhead=overhead_tokens,
            output=settings.max_output_tokens,
        ))
    return budget


def extract_llm(transcript: Transcript, ctx: ExtractContext, settings: LlmSettings | None = None) -> CRC:
    """The CRC of ``transcript`` by the configured LLM; ConfigError/BackendError say what to fix."""
    settings = (settings or load_settings()).require()
    template_name = f"{settings.prompt}.{ctx.language}.md"
    template = load_prompt(template_name)
    grounding = Grounding(transcript=transcript, known_names=known_names(transcript, ctx))
    response_model = grounded_model(grounding)
    schema_tokens = estimate_tokens(json.dumps(response_model.model_json_schema()))
    empty = extraction_messages(template, transcript, ctx, [], None)
    overhead = schema_tokens + sum(count_tokens(m["content"], settings.model) for m in empty)
    pseudo = call_pseudonyms(settings, [s.text for s in transcript.segments], ctx.language,
                             known_names(transcript, ctx), ctx.client, ctx.vendor, template)
    line_of = (lambda s: pseudo.redact(numbered_line(s))) if pseudo else numbered_line
    chunks = split_chunks(transcript, chunk_budget(settings, overhead), settings.chunk_overlap, settings.model, line_of)

    stats = CallStats()
    client = make_client(settings)
    first_mode = _AUTO_ORDER[0] if settings.mode == "auto" else settings.mode
    create = robust_create(client, settings, stats)
    session = Session(settings=settings, create=pseudo.wrap(create) if pseudo else create, stats=stats, mode=first_mode)
    try:
        def work(i: int, segments: list[Segment]) -> LlmExtraction:
            info = (i + 1, len(chunks)) if len(chunks) > 1 else None
            where = f"partie {info[0]}/{info[1]} : " if info else ""
            messages = extraction_messages(template, transcript, ctx, segments, info)
            return structured_call(session, response_model, messages, salvage=where)

        # the first chunk alone settles the mode (auto) before the others run in parallel
        parts = [work(0, chunks[0])]
        parts += run_chunks(chunks[1:], lambda i, c: work(i + 1, c), settings.max_concurrency)
        notes: list[str] = []
        merged = merge_extractions(parts, notes)
        if len(chunks) > 1:
            notes.insert(0, f"transcription longue : {len(chunks)} parties extraites puis fusionnées")
            if settings.consolidate:
                merged = _consolidate(session, merged, response_model, transcript, ctx)
    finally:
        client.close()
    drop_wishes(merged, notes)
    settle_due_dates(merged, ctx.meeting_date, ctx.language, notes)
    usage = dict(stats.usage)
    usage.update(requests=stats.requests, responses=stats.responses, transport_retries=stats.transport_retries, chunks=len(chunks))
    metadata = {
        "backend": "llm",
        "model": settings.model,
        "prompt_sha256": prompt_sha256(template),
        "usage": usage,
        "attempts": session.attempts,
        "created_at": dt.datetime.now(dt.timezone.utc),
        "notes": [f"prompt {template_name}, mode {session.mode}", *session.notes, *notes],
        "warnings": session.warnings,
        "redaction": pseudo.counts() if pseudo else {},
    }
    if session.warnings:
        transcript.warnings.append(str(Message(
            "llm_repaired", count=len(session.warnings), attempts=settings.max_attempts, first=session.warnings[0])))
    return to_crc(merged, transcript, ctx, metadata)


def _consolidate(
    session: Session, merged: LlmExtraction, response_model: type[LlmExtraction], transcript: Transcript, ctx: ExtractContext
) -> LlmExtraction:
    """One optional LLM pass over the merged result; its output faces the same grounding checks."""
    template = load_prompt(f"crc_consolidate.{ctx.language}.md")
    system, user = render_prompt(
        template,
        meeting_date=ctx.meeting_date.isoformat(),
        client=ctx.client or get_lang(ctx.language).prompts.unknown,
        participants=_participants_line(transcript, ctx),
        extraction=merged.model_dump_json(exclude_defaults=True),
    )
    try:
        result = structured_call(session, response_model, [{"role": "system", "content": system}, {"role": "user", "content": user}])
    except BackendError as exc:
        session.note(f"consolidation LLM abandonnée ({exc}) ; fusion déterministe conservée")
        return merged
    session.note("consolidation LLM appliquée")
    return result
