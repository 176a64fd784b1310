"""Extraction backends: ``rules`` (embedded, offline) and ``llm`` (any OpenAI-compatible endpoint)."""

from typing import Literal, get_args

Backend = Literal["rules", "llm"]
#: The one list of backend names (CLI choices, eval, web settings).
BACKENDS: tuple[str, ...] = get_args(Backend)
