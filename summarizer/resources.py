"""Package data (prompts, schemas) that must work from a wheel as well as a checkout."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable


def resource(*parts: str) -> Traversable:
    """``resource("schemas", "crc.schema.json")``: inside the installed package first."""
    node = resources.files("summarizer")
    for part in parts:
        node = node / part
    return node


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")
