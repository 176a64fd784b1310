"""How crc compares the names of people and organisations.

A rep types "Helene Durand", Whisper writes "Hélène Durand", a Teams label says
"Hélène  DURAND" and the gold file "Hélène-Durand": all are the same person. Every
comparison of names (owners against participants, the LLM's names against the
transcript's, the eval's owners against the gold) goes through :func:`name_key`.
"""

from __future__ import annotations

import unicodedata

__all__ = ["ascii_fold", "name_key"]


def ascii_fold(text: str) -> str:
    """``Hélène`` -> ``Helene``: accents dropped, characters without an ASCII form removed."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def name_key(name: str) -> str:
    """Accent-, case-, hyphen- and spacing-insensitive form of a name."""
    return " ".join(ascii_fold(name).lower().replace("-", " ").split())
