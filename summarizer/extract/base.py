"""What every extraction backend receives besides the transcript, and shared helpers."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from pydantic import BaseModel, Field, field_validator

from summarizer.crc import CRC, Side
from summarizer.ingest.transcript import Transcript
from summarizer.lang import DEFAULT, choices, codes, get_lang, is_known
from summarizer.messages import Message, MessageError


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
    #: a language pack's code (``summarizer.lang``): the rules' words and the CRC's language
    language: str = "fr"

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if not is_known(value):
            raise MessageError(Message("pydantic:enum", expected=choices()))
        return value


class Extractor(Protocol):
    def __call__(self, transcript: Transcript, ctx: ExtractContext) -> CRC: ...


def detect_language(transcript: Transcript) -> str:
    """Stop-word vote: robust on a whole call, which is all we need to pick lexicons. Each pack counts its
    own function words; another language wins over French only with a fifth more of them."""
    text = " ".join(s.text for s in transcript.segments[:200])
    votes = {code: len(get_lang(code).function_words.findall(text)) for code in codes()}
    best = max((code for code in votes if code != DEFAULT), key=lambda code: votes[code], default=DEFAULT)
    return best if votes[best] > votes[DEFAULT] * 1.2 else DEFAULT
