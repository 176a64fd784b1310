"""One answer to "is this a recording?" for the CLI, the batch and the web service."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.ingest.media import audio_kind, is_audio


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"RIFF\x24\x08\x00\x00WAVEfmt ", ".wav"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", ".mp3"),
        (b"\xff\xfb\x90\x64\x00\x00", ".mp3"),
        (b"\xff\xf1\x50\x80\x00\x1f", ".aac"),
        (b"OggS\x00\x02\x00\x00", ".ogg"),
        (b"fLaC\x00\x00\x00\x22", ".flac"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", ".m4a"),
        (b"\x00\x00\x00\x18ftypisom\x00\x00", ".mp4"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", ".webm"),
        (b"#!AMR\n", ".amr"),
        (b"\xff\xfeW\x00E\x00B\x00", None),  # UTF-16 text, not MPEG layer I
        (b"WEBVTT\n\n00:00", None),
        (b"PK\x03\x04\x14\x00", None),  # a .docx
        (b"", None),
    ],
)
def test_audio_kind_by_first_bytes(head: bytes, kind: str | None) -> None:
    assert audio_kind(head) == kind


def test_is_audio_by_suffix_then_by_content(tmp_path: Path) -> None:
    named = tmp_path / "appel.MP3"
    named.write_bytes(b"not even audio")
    renamed = tmp_path / "memo-vocal"
    renamed.write_bytes(b"RIFF\x24\x08\x00\x00WAVEfmt " + bytes(32))
    text = tmp_path / "appel.txt"
    text.write_text("Claire Martin : Bonjour.\n", encoding="utf-8")
    assert is_audio(named) and is_audio(renamed)
    assert not is_audio(text) and not is_audio(tmp_path / "absent.bin")
