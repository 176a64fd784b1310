"""What every extraction backend receives besides the transcript, and shared helpers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from summarizer.crc import CRC, Side
from summarizer.ingest.transcript import Transcript


class ParticipantHint(BaseModel):
    """A participant the user named up front (``--participants "Claire Martin:vendor"``)."""

    name: str
    side: Side = Side.unknown


class ExtractContext(BaseModel):
    meeting_date: dt.date
    meeting_date_source: str = "option"
    client: str | None = None
    vendor: str | None = None
    participants: list[ParticipantHint] = Field(default_factory=list)
    language: Literal["fr", "en"] = "fr"


class Extractor(Protocol):
    def __call__(self, transcript: Transcript, ctx: ExtractContext) -> CRC: ...


_FR_WORDS = re.compile(r"\b(le|la|les|des|est|et|une|pour|vous|nous|on|pas|que|qui|dans|avec|c'est|je|sur)\b", re.I)
_EN_WORDS = re.compile(r"\b(the|and|is|are|you|we|to|of|for|with|that|this|it's|i|on|not|will)\b", re.I)


def detect_language(transcript: Transcript) -> Literal["fr", "en"]:
    """Stop-word vote: robust on a whole call, which is all we need to pick lexicons."""
    text = " ".join(s.text for s in transcript.segments[:200])
    fr = len(_FR_WORDS.findall(text))
    en = len(_EN_WORDS.findall(text))
    return "en" if en > fr * 1.2 else "fr"
