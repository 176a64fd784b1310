"""Is this file a recording, and of which kind: one answer for the CLI, the batch and the web service.

By suffix first, then by the first bytes, for recordings saved without an extension
or with a wrong one (a phone's voice memo renamed ``appel``, a ``.txt`` that is an
MP3). Light on purpose: no decoder is imported here, so discovering a folder or
checking an upload never loads the ASR stack.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["AUDIO_SUFFIXES", "audio_kind", "is_audio"]

AUDIO_SUFFIXES: frozenset[str] = frozenset(
    {
        ".wav", ".wave", ".mp3", ".m4a", ".mp4", ".m4b", ".aac", ".ogg", ".oga", ".opus",
        ".webm", ".weba", ".mkv", ".mka", ".flac", ".wma", ".wmv", ".asf", ".amr", ".3gp",
        ".aif", ".aiff", ".mov", ".avi", ".caf",
    }
)

#: How many leading bytes :func:`audio_kind` reads.
HEAD_BYTES = 16


def audio_kind(head: bytes) -> str | None:
    """The usual suffix of the container or stream these first bytes open, else None."""
    if head[:4] in {b"RIFF", b"RF64"}:
        return {b"WAVE": ".wav", b"AVI ": ".avi"}.get(head[8:12])
    if head[:3] == b"ID3":
        return ".mp3"
    if head[:4] == b"OggS":
        return ".ogg"
    if head[:4] == b"fLaC":
        return ".flac"
    if head[4:8] == b"ftyp":
        return ".m4a" if head[8:12] in {b"M4A ", b"M4B "} else ".mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return ".webm"
    if head[:4] == b"\x30\x26\xb2\x75":  # ASF: wma/wmv
        return ".wma"
    if head[:4] == b"FORM" and head[8:12] in {b"AIFF", b"AIFC"}:
        return ".aiff"
    if head[:4] == b"caff":
        return ".caf"
    if head[:5] == b"#!AMR":
        return ".amr"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        layer = (head[1] >> 1) & 0x03
        if layer == 3:  # MPEG layer I: unused for calls, and FF FE is the UTF-16 byte-order mark
            return None
        return ".aac" if layer == 0 else ".mp3"
    return None


def is_audio(path: Path) -> bool:
    if path.suffix.lower() in AUDIO_SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            return audio_kind(fh.read(HEAD_BYTES)) is not None
    except OSError:
        return False
