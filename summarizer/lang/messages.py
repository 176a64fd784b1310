"""What a language pack says to a user outside a CRC: its messages and the words their formatter needs.

``summarizer.messages.Message`` renders a key with the pack of the language asked for; the
templates live in ``lang/<code>/messages.py``, one mapping per pack with the same keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, eq=False, repr=False)
class Messages:
    """One language's messages by key, and how it joins, counts and places them."""

    #: the pipeline's messages: command line, batch, the service's failed jobs
    catalog: Mapping[str, str]
    #: the web service's own messages
    service: Mapping[str, str]
    #: the words that join a list: " ou ", " et "; an empty list; an empty pydantic location
    or_: str
    and_: str
    none: str
    root: str
    #: before an optional detail (" : "), and between the items of a list (" ; ")
    colon: str
    separator: str
    #: where a validation error is when it names no field
    whole_body: str
    #: byte units and how a number is written
    kb: str
    mb: str
    byte: str
    decimal: str
    thousands: str
