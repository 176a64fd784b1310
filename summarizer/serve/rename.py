"""Rename a speaker once: every segment, participant, owner, issuer and quote follows.

Diarization names who it can and calls the others "Locuteur 1", "Locuteur 2";
the rep, who was on the call, knows who they were. The transcript files are
rewritten and the CRC goes through the same edit path as a manual edit
(:func:`summarizer.serve.jobs.apply_edit`): validated against the renamed
transcript, version bumped, re-scored, re-rendered.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.files import atomic_write_text
from summarizer.ingest.transcript import Transcript, write_transcript_json, write_transcript_vtt
from summarizer.messages import Message
from summarizer.pipeline import RunResult
from summarizer.score import validate_crc
from summarizer.serve import jobs as jobs_mod

_MAX_NAME = 80
#: Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned characters.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def _same(a: str | None, b: str) -> bool:
    return a is not None and a.strip().casefold() == b.strip().casefold()


def renamed_transcript(transcript: Transcript, old: str, new: str) -> Transcript:
    segments = [s.model_copy(update={"speaker": new}) if s.speaker == old else s for s in transcript.segments]
    return transcript.model_copy(update={"segments": segments})


def renamed_crc(data: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """The CRC's JSON with ``old`` replaced by ``new`` wherever it names a person."""

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(x) for x in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key in {"speaker", "owner", "issuer"} and isinstance(value, str) and _same(value, old):
                out[key] = new
            else:
                out[key] = walk(value)
        return out

    result = walk(data)
    for person in result.get("participants", []):
        if isinstance(person, dict) and _same(person.get("name"), old):
            person["name"] = new
    return result


def rename_speaker(directory: Path, old: str, new: str, version: str, *, from_audio: bool) -> RunResult:
    """Rename ``old`` to ``new`` in the job's transcript and CRC; one-line InputError when not possible."""
    new = " ".join(new.split())
    if not new or len(new) > _MAX_NAME:
        raise InputError(Message("rename_invalid", max=_MAX_NAME))
    if any(unicodedata.category(c) in _INVISIBLE for c in new):  # NUL, U+202E that reverses the page text...
        raise InputError(Message("rename_control_char"))
    transcript = jobs_mod.load_transcript_of(directory)
    speakers = transcript.speakers
    if old not in speakers:
        raise InputError(Message("rename_absent", old=old[:_MAX_NAME], speakers=list(speakers)))
    if new != old and any(_same(s, new) for s in speakers):
        raise InputError(Message("rename_taken", new=new))
    current = jobs_mod.load_crc(directory)
    if version != current.version:
        raise jobs_mod.EditConflict(current.version)
    transcript = renamed_transcript(transcript, old, new)
    data = renamed_crc(current.model_dump(mode="json"), old, new)
    validate_crc(data, transcript)  # checked before anything is written: a refused rename changes nothing
    json_path = directory / jobs_mod.TRANSCRIPT_JSON
    atomic_write_text(json_path, write_transcript_json(transcript))
    vtt = json_path.with_name(json_path.name.replace(".json", ".vtt"))
    if vtt.is_file():
        atomic_write_text(vtt, write_transcript_vtt(transcript))
    return jobs_mod.apply_edit(directory, data, from_audio=from_audio)
