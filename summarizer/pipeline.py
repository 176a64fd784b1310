"""input file -> Transcript -> CRC -> ScoreReport -> rendered files.

Every stage is a pure function of its input plus settings. :func:`run_file` is
the one orchestrator: ``crc run``, the batch workers, the web service's jobs
and the eval runner all call it, and follow it through its ``on_stage`` hook
(progress bars, job progress, timings, cancellation).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

from pydantic import BaseModel, Field, field_validator

from summarizer.crc import CRC, Side, crc_id_for
from summarizer.dates import date_in_name
from summarizer.errors import BackendError, CrcError, InputError, naming_file
from summarizer.extract import BACKENDS, Backend
from summarizer.extract.base import ExtractContext, ParticipantHint, detect_language
from summarizer.files import atomic_write_bytes, atomic_write_text, sha256_file
from summarizer.ingest.media import is_audio
from summarizer.ingest.metadata import apply_call_metadata
from summarizer.ingest.speaker_labels import name_placeholder_speakers
from summarizer.ingest.transcript import (
    Transcript,
    read_transcript,
    write_transcript_json,
    write_transcript_vtt,
)
from summarizer.lang import DEFAULT, choices, is_known
from summarizer.messages import Message, MessageError
from summarizer.score import ScoreReport, score_crc


@dataclass(frozen=True)
class Rendering:
    """What a renderer gets: the CRC, its score and the date by which the client should validate it."""

    crc: CRC
    report: ScoreReport
    deadline: dt.datetime


@dataclass(frozen=True)
class Output:
    """One file a run writes beside the input: the download's ``kind``, the file suffix, its media type,
    how it is rendered, and how the upload page offers it (``page``: None for API only)."""

    kind: str
    suffix: str
    media_type: str
    render: Callable[[Rendering], bytes]
    page: Literal["primary", "secondary"] | None = "secondary"


def _crc_json(r: Rendering) -> bytes:
    return r.crc.model_dump_json(indent=2).encode()


def _score_json(r: Rendering) -> bytes:
    return r.report.model_dump_json(indent=2).encode()


def _eml(r: Rendering) -> bytes:
    from summarizer.render import render_eml

    return render_eml(r.crc, r.report, deadline=r.deadline)


def _markdown(r: Rendering) -> bytes:
    from summarizer.render import render_markdown

    return render_markdown(r.crc, r.report, deadline=r.deadline).encode()


def _docx(r: Rendering) -> bytes:
    from summarizer.render import render_docx

    return render_docx(r.crc, r.report)


def _ics(r: Rendering) -> bytes:
    from summarizer.render import render_ics

    return render_ics(r.crc)


#: Every output, in writing order: the one list the pipeline's files, ``OUTPUT_SUFFIXES``, the service's
#: artifacts, its download route and the page's buttons are built from (:func:`register_output` adds one).
OUTPUTS: list[Output] = [
    Output("json", ".crc.json", "application/json", _crc_json),
    Output("score", ".score.json", "application/json", _score_json, page=None),
    Output("eml", ".email.eml", "message/rfc822", _eml),
    Output("md", ".email.md", "text/markdown; charset=utf-8", _markdown),
    Output("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx,
           page="primary"),
    Output("ics", ".ics", "text/calendar; charset=utf-8", _ics),
]


def register_output(output: Output) -> None:
    """Add an output kind (a PDF, say): ``crc run``, batches, the service's downloads and the page offer it."""
    if any(o.kind == output.kind or o.suffix == output.suffix for o in OUTPUTS):
        raise ValueError(f"output {output.kind} ({output.suffix}) is registered already")
    OUTPUTS.append(output)


def output_for(kind: str) -> Output | None:
    return next((o for o in OUTPUTS if o.kind == kind), None)


def output_suffixes() -> tuple[str, ...]:
    """The suffix of every registered output (what a complete run leaves beside each input)."""
    return tuple(o.suffix for o in OUTPUTS)


#: the built-in outputs' suffixes (a registered extra one is in :func:`output_suffixes`)
OUTPUT_SUFFIXES = output_suffixes()

#: the stages of one run, in order ("reading" for a transcript, "transcribing" for a recording)
Stage = Literal["reading", "transcribing", "extracting", "scoring", "rendering", "done"]
#: ``on_stage(stage, fraction)``: called on entering each stage with 0.0 (and within a stage with its
#: progress when known); an exception it raises stops the run there (cooperative cancellation).
StageHook: TypeAlias = Callable[[Stage, float], None]
Extractor: TypeAlias = Callable[[Transcript, ExtractContext], CRC]


class RunOptions(BaseModel):
    backend: Backend = "rules"
    fallback: Literal["rules"] | None = None
    meeting_date: dt.date | None = None
    client: str | None = None
    vendor: str | None = None
    #: a language pack's code; None: transcripts are detected, recordings are transcribed as French;
    #: "auto": detect both
    language: str | None = None
    participants: list[str] = Field(default_factory=list)
    #: from the sales system (batch --metadata, run --rep/--opportunity, upload form); None: not given
    rep: str | None = None
    opportunity_id: str | None = None
    crm_stage: str | None = None
    # audio only
    asr_model: str | None = None
    channels: tuple[str, str] | None = None
    word_timestamps: bool = False
    #: mono recordings: who speaks when (extra ``[diarize]``); ``speakers`` fixes their number
    diarize: bool = True
    speakers: int | None = Field(default=None, ge=1, le=8)
    #: where transcriptions are cached (None: the per-user cache); the web service keeps them in the job dir
    asr_cache_dir: Path | None = None
    progress: bool = True
    #: last resort for the meeting date: "today" for a single run, "mtime" for batches
    date_fallback: Literal["today", "mtime"] = "today"

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        """A pack's code or "auto", checked against the registry when the options are made (a test adds a pack)."""
        if value is not None and value != "auto" and not is_known(value):
            raise MessageError(Message("pydantic:enum", expected=choices("auto")))
        return value


class RunResult(BaseModel):
    source: Path
    transcript: Transcript
    crc: CRC
    report: ScoreReport
    from_audio: bool = False


PARTICIPANT_SIDES = {"vendor": Side.vendor, "vendeur": Side.vendor, "client": Side.client}


def participant_problem(values: list[str]) -> tuple[str, str] | None:
    """The first ``Nom:côté`` that cannot be read, and why (``"name"``: no name before the colon,
    ``"side"``: a side crc does not know); a bad side is refused, never silently dropped."""
    for value in values:
        for part in value.split(","):
            name, colon, side = part.strip().partition(":")
            if colon and not name.strip():
                return part.strip(), "name"
            if colon and side.strip().lower() not in PARTICIPANT_SIDES:
                return part.strip(), "side"
    return None


def parse_participants(values: list[str]) -> list[ParticipantHint]:
    """``"Claire Martin:vendor"`` or ``"Marc Ferrand"`` (side unknown); commas separate several."""
    hints: list[ParticipantHint] = []
    for value in values:
        for part in value.split(","):
            name, _, side = part.strip().partition(":")
            if not name.strip():
                continue
            side_value = side.strip().lower()
            side_enum = PARTICIPANT_SIDES.get(side_value, Side.unknown)
            hints.append(ParticipantHint(name=name.strip(), side=side_enum))
    return hints


def load_transcript(
    path: Path, options: RunOptions, *, sha256: str | None = None,
    on_progress: Callable[[float, float], None] | None = None,
) -> tuple[Transcript, bool]:
    """Read a transcript, or transcribe a recording. Returns (transcript, from_audio).
    ``sha256`` spares the ASR cache a second hash of the recording; ``on_progress(done, total)``
    follows the transcription (seconds of audio)."""
    if not path.exists():
        raise InputError(Message("file_missing", path=path))
    if path.is_file() and is_audio(path):
        from summarizer.ingest.asr import AsrOptions, transcribe_audio

        asr_language = options.language or "fr"
        names = [h.name for h in parse_participants(options.participants)]
        asr = AsrOptions(
            model=options.asr_model, language=asr_language, channels=options.channels,
            participants=names, client=options.client, word_timestamps=options.word_timestamps,
            cache_dir=options.asr_cache_dir,
            diarize=options.diarize, speakers=options.speakers,
        )
        return transcribe_audio(path, asr, sha256=sha256, on_progress=on_progress), True
    return read_transcript(path), False


def name_speakers(transcript: Transcript, options: RunOptions) -> tuple[Transcript, RunOptions]:
    """Speakers labelled "Locuteur 2", "SPEAKER_01" or "Vendeur" take the names said in the call, before
    extraction, so that owners and sides follow; a side label ("Vendeur") passes its side on as a
    participant hint."""
    named = name_placeholder_speakers(
        transcript, [h.name for h in parse_participants(options.participants)],
        options.language if is_known(options.language) else None,
    )
    hints = named.side_hints()
    if hints:
        options = options.model_copy(update={"participants": [*options.participants, *hints]})
    return named.transcript, options


def meeting_date_for(
    path: Path, transcript: Transcript, options: RunOptions, name: str | None = None
) -> tuple[dt.date, str]:
    """The option, else the file's own metadata, else a date in its name (``name``: the name the user
    knows the file by, default the path's), else mtime/today; says which."""
    if options.meeting_date:
        return options.meeting_date, "option"
    if transcript.meeting_date:
        return transcript.meeting_date, "metadata"
    from_name = date_in_name(name or path.name)
    if from_name:
        return from_name, "filename"
    if options.date_fallback == "mtime":
        return dt.date.fromtimestamp(path.stat().st_mtime), "mtime"
    return dt.date.today(), "today"


def build_context(path: Path, transcript: Transcript, options: RunOptions, name: str | None = None) -> ExtractContext:
    meeting_date, source = meeting_date_for(path, transcript, options, name)
    language: str | None = options.language
    if language in {None, "auto"}:
        language = transcript.language if is_known(transcript.language) else detect_language(transcript)
    return ExtractContext(
        meeting_date=meeting_date, meeting_date_source=source, client=options.client, vendor=options.vendor,
        participants=parse_participants(options.participants), language=language or DEFAULT,
    )


def _backend(name: str) -> Extractor:
    if name == "rules":
        from summarizer.extract.rules import extract_rules

        return extract_rules
    if name == "llm":
        from summarizer.extract.llm import extract_llm

        return extract_llm
    raise InputError(Message("backend_unknown", name=name, choices=list(BACKENDS)))


def extract(transcript: Transcript, ctx: ExtractContext, backend: str = "rules", fallback: str | None = None) -> CRC:
    """Run one backend; on a backend failure, use ``fallback`` and mark the CRC as such."""
    try:
        crc = _backend(backend)(transcript, ctx)
    except BackendError as exc:
        if not fallback or fallback == backend:
            raise
        crc = _backend(fallback)(transcript, ctx)
        crc.metadata.fallback_from = backend
        crc.metadata.notes.append(f"{backend} indisponible : {exc}")
    crc.metadata.meeting_date_source = ctx.meeting_date_source
    return crc


def render_outputs(result: RunResult, today: dt.date | None = None) -> dict[str, bytes]:
    """Every output file's bytes, keyed by suffix; nothing is written here."""
    return render_crc_files(result.crc, result.report, today)


def render_crc_files(crc: CRC, report: ScoreReport, today: dt.date | None = None) -> dict[str, bytes]:
    """:func:`render_outputs` from the CRC alone (a validation or a new version re-renders them beside it)."""
    from summarizer.render import validation_deadline

    rendering = Rendering(crc, report, validation_deadline(crc.meeting.date, today or dt.date.today()))
    return {o.suffix: o.render(rendering) for o in OUTPUTS}


def write_outputs(result: RunResult, out_dir: Path, stem: str | None = None) -> list[Path]:
    """Render everything first, then write each file atomically: a failure writes nothing."""
    stem = stem or output_stem(result.source)
    files = render_outputs(result)
    written = []
    for suffix, data in files.items():
        target = out_dir / f"{stem}{suffix}"
        atomic_write_bytes(target, data)
        written.append(target)
    return written


def write_transcript_files(transcript: Transcript, out_dir: Path, stem: str) -> None:
    """Written before extraction so an LLM failure never loses a transcription."""
    atomic_write_text(out_dir / f"{stem}.transcript.json", write_transcript_json(transcript))
    atomic_write_text(out_dir / f"{stem}.transcript.vtt", write_transcript_vtt(transcript))


def output_stem(path: Path) -> str:
    name = path.name
    for suffix in (".transcript.json", ".transcript.vtt"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def distinct_stems(paths: Iterable[Path]) -> dict[Path, str]:
    """path -> output stem, distinct (case-insensitively) among ``paths`` written to one folder.

    ``call.vtt`` -> ``call``; two inputs sharing a stem keep their suffix (``call.vtt``, ``call.srt``);
    the same name from two folders takes its folder's name (``c1-call``, ``c2-call``); a number last.
    """
    paths = list(dict.fromkeys(paths))
    stems = {p: output_stem(p) for p in paths}
    renames = (lambda p: p.name, lambda p: f"{p.parent.name}-{output_stem(p)}" if p.parent.name else p.name)
    for rename in renames:
        counts: dict[str, int] = {}
        for p in paths:
            counts[stems[p].lower()] = counts.get(stems[p].lower(), 0) + 1
        stems = {p: rename(p) if counts[s.lower()] > 1 else s for p, s in stems.items()}
    taken: set[str] = set()
    for p in paths:
        stem, n = stems[p], 1
        while stem.lower() in taken:
            n += 1
            stem = f"{stems[p]}-{n}"
        taken.add(stem.lower())
        stems[p] = stem
    return stems


def _no_hook(stage: Stage, fraction: float) -> None:
    pass


def run_file(
    path: Path,
    out_dir: Path | None,
    options: RunOptions,
    stem: str | None = None,
    *,
    on_stage: StageHook | None = None,
    sha256: str | None = None,
    name: str | None = None,
    extractor: Extractor | None = None,
    transcript_stem: str | None = None,
) -> tuple[RunResult, list[Path]]:
    """The whole job for one input; raises :class:`CrcError` subclasses with one-line messages.

    ``stem`` overrides the output name (a batch with two inputs of the same name); ``out_dir=None``
    writes nothing (eval). ``on_stage`` follows the run (see :data:`StageHook`). ``sha256`` is the
    content hash when the caller already has it (batch), so a file is hashed once. ``name`` is the
    name the user knows the file by (a web upload is stored as ``input.EXT``). ``extractor``
    replaces the backend (eval, tests). ``transcript_stem`` writes the transcript files under that
    stem for a transcript too (the web service re-validates edits against them); a recording's
    transcription is always written, before extraction, so an LLM failure never loses it.
    """
    hook = on_stage or _no_hook
    stem = stem or output_stem(path)
    audio = path.is_file() and is_audio(path)
    if audio and sha256 is None:
        sha256 = sha256_file(path)
    hook("transcribing" if audio else "reading", 0.0)
    try:
        transcript, from_audio = load_transcript(
            path, options, sha256=sha256,
            on_progress=lambda done, total: hook("transcribing", done / total if total else 0.0),
        )
    except CrcError as exc:
        if name is not None and name != path.name:
            raise naming_file(exc, path, name) from exc
        raise
    if sha256 is None:
        sha256 = sha256_file(path)
    transcript, options = name_speakers(transcript, options)
    if out_dir is not None and (from_audio or transcript_stem):
        write_transcript_files(transcript, out_dir, transcript_stem or stem)
    hook("extracting", 0.0)
    ctx = build_context(path, transcript, options, name)
    if extractor is None:
        crc = extract(transcript, ctx, options.backend, options.fallback)
    else:
        crc = extractor(transcript, ctx)
        crc.metadata.meeting_date_source = ctx.meeting_date_source
    crc.metadata.source = name or path.name
    crc.metadata.source_sha256 = sha256
    crc.id = crc_id_for(crc)  # unique per source file, the same on every re-run of it
    apply_call_metadata(crc, transcript, options.model_dump(include={"rep", "opportunity_id", "crm_stage"}))
    hook("scoring", 0.0)
    result = RunResult(source=path, transcript=transcript, crc=crc, report=score_crc(crc), from_audio=from_audio)
    written: list[Path] = []
    if out_dir is not None:
        hook("rendering", 0.0)
        written = write_outputs(result, out_dir, stem)
    hook("done", 1.0)
    return result, written


__all__ = [
    "OUTPUTS",
    "OUTPUT_SUFFIXES",
    "CrcError",
    "Output",
    "Rendering",
    "RunOptions",
    "RunResult",
    "Stage",
    "StageHook",
    "build_context",
    "extract",
    "load_transcript",
    "output_for",
    "output_suffixes",
    "register_output",
    "run_file",
    "sha256_file",
    "write_outputs",
]
