"""input file -> Transcript -> CRC -> ScoreReport -> rendered files.

Every stage is a pure function of its input plus settings; the CLI, the batch
runner and the web service only call what is here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from summarizer.crc import CRC, Side
from summarizer.errors import BackendError, CrcError, InputError
from summarizer.extract import BACKENDS, Backend
from summarizer.extract.base import ExtractContext, ParticipantHint, detect_language
from summarizer.files import atomic_write_bytes, atomic_write_text
from summarizer.ingest.transcript import (
    Transcript,
    read_transcript,
    write_transcript_json,
    write_transcript_vtt,
)
from summarizer.score import ScoreReport, score_crc

Language = Literal["fr", "en", "auto"]

OUTPUT_SUFFIXES = (".crc.json", ".score.json", ".email.eml", ".email.md", ".docx", ".ics")


class RunOptions(BaseModel):
    backend: Backend = "rules"
    fallback: Literal["rules"] | None = None
    meeting_date: dt.date | None = None
    client: str | None = None
    vendor: str | None = None
    #: None: transcripts are detected, recordings are transcribed as French; "auto": detect both
    language: Language | None = None
    participants: list[str] = Field(default_factory=list)
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


class RunResult(BaseModel):
    source: Path
    transcript: Transcript
    crc: CRC
    report: ScoreReport
    from_audio: bool = False


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def parse_participants(values: list[str]) -> list[ParticipantHint]:
    """``"Claire Martin:vendor"`` or ``"Marc Ferrand"`` (side unknown); commas separate several."""
    hints: list[ParticipantHint] = []
    for value in values:
        for part in value.split(","):
            name, _, side = part.strip().partition(":")
            if not name.strip():
                continue
            side_value = side.strip().lower()
            side_enum = {"vendor": Side.vendor, "vendeur": Side.vendor, "client": Side.client}.get(side_value, Side.unknown)
            hints.append(ParticipantHint(name=name.strip(), side=side_enum))
    return hints


def _is_audio(path: Path) -> bool:
    from summarizer.ingest.asr import is_audio

    return is_audio(path)


def load_transcript(path: Path, options: RunOptions) -> tuple[Transcript, bool]:
    """Read a transcript, or transcribe a recording. Returns (transcript, from_audio)."""
    if not path.exists():
        raise InputError(f"{path} : fichier introuvable.")
    if path.is_file() and _is_audio(path):
        from summarizer.ingest.asr import AsrOptions, transcribe_audio

        asr_language = options.language or "fr"
        names = [h.name for h in parse_participants(options.participants)]
        asr = AsrOptions(
            model=options.asr_model, language=asr_language, channels=options.channels,
            participants=names, client=options.client, word_timestamps=options.word_timestamps,
            cache_dir=options.asr_cache_dir,
            diarize=options.diarize, speakers=options.speakers,
        )
        return transcribe_audio(path, asr, progress=options.progress), True
    return read_transcript(path), False


_NAME_DATE = re.compile(r"(20\d{2})[-_.]?(\d{2})[-_.]?(\d{2})")


def meeting_date_for(path: Path, transcript: Transcript, options: RunOptions) -> tuple[dt.date, str]:
    """The option, else the file's own metadata, else a date in its name, else mtime/today; says which."""
    if options.meeting_date:
        return options.meeting_date, "option"
    if transcript.meeting_date:
        return transcript.meeting_date, "metadata"
    m = _NAME_DATE.search(path.name)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "filename"
        except ValueError:
            pass
    if options.date_fallback == "mtime":
        return dt.date.fromtimestamp(path.stat().st_mtime), "mtime"
    return dt.date.today(), "today"


def build_context(path: Path, transcript: Transcript, options: RunOptions, sha256: str | None = None) -> ExtractContext:
    meeting_date, source = meeting_date_for(path, transcript, options)
    language = options.language
    if language in {None, "auto"}:
        language = transcript.language if transcript.language in {"fr", "en"} else detect_language(transcript)  # type: ignore[assignment]
    return ExtractContext(
        meeting_date=meeting_date, meeting_date_source=source, client=options.client, vendor=options.vendor,
        participants=parse_participants(options.participants), language=language,  # type: ignore[arg-type]
        source=path.name, source_sha256=sha256,
    )


def _backend(name: str) -> Callable[[Transcript, ExtractContext], CRC]:
    if name == "rules":
        from summarizer.extract.rules import extract_rules

        return extract_rules
    if name == "llm":
        from summarizer.extract.llm import extract_llm

        return extract_llm
    raise InputError(f"backend « {name} » inconnu ; choisir {' ou '.join(BACKENDS)}.")


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
    crc.metadata.source = ctx.source
    crc.metadata.source_sha256 = ctx.source_sha256
    crc.metadata.meeting_date_source = ctx.meeting_date_source
    return crc



def render_outputs(result: RunResult, today: dt.date | None = None) -> dict[str, bytes]:
    """Every output file's bytes, keyed by suffix; nothing is written here."""
    from summarizer.render import render_docx, render_eml, render_ics, render_markdown, validation_deadline

    crc, report = result.crc, result.report
    deadline = validation_deadline(crc.meeting.date, today or dt.date.today())
    files = {
        ".crc.json": crc.model_dump_json(indent=2).encode(),
        ".score.json": report.model_dump_json(indent=2).encode(),
        ".email.eml": render_eml(crc, report, deadline=deadline),
        ".email.md": render_markdown(crc, report, deadline=deadline).encode(),
        ".docx": render_docx(crc, report),
        ".ics": render_ics(crc),
    }
    return files


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


def run_file(path: Path, out_dir: Path, options: RunOptions, stem: str | None = None) -> tuple[RunResult, list[Path]]:
    """The whole job for one input; raises :class:`CrcError` subclasses with one-line messages.
    ``stem`` overrides the output name (a batch with two inputs of the same name)."""
    stem = stem or output_stem(path)
    transcript, from_audio = load_transcript(path, options)
    if from_audio:
        write_transcript_files(transcript, out_dir, stem)
    ctx = build_context(path, transcript, options, sha256=sha256_file(path))
    crc = extract(transcript, ctx, options.backend, options.fallback)
    result = RunResult(source=path, transcript=transcript, crc=crc, report=score_crc(crc), from_audio=from_audio)
    return result, write_outputs(result, out_dir, stem)


__all__ = [
    "OUTPUT_SUFFIXES",
    "CrcError",
    "RunOptions",
    "RunResult",
    "build_context",
    "extract",
    "load_transcript",
    "run_file",
    "write_outputs",
]
