"""How crc compares the names of people and organisations.

A rep types "Helene Durand", Whisper writes "Hélène Durand", a Teams label says
"Hélène  DURAND" and the gold file "Hélène-Durand": all are the same person. Every
comparison of names (owners against participants, the LLM's names against the
transcript's, the eval's owners against the gold) goes through :func:`name_key`.
"""

from __future__ import annotations

import unicodedata

__all__ = ["ascii_fold", "name_key"]

#: typographic apostrophes read as the typed one ("D’Almeida" is "D'Almeida")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def ascii_fold(text: str) -> str:
    """``Hélène`` -> ``Helene``: accents dropped, characters without an ASCII form removed."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _fold_char(char: str) -> str:
    """A character's ASCII form; a letter or digit without one (日, в, ø) is kept as it is, never dropped."""
    folded = ascii_fold(char)
    if folded or not unicodedata.category(char).startswith(("L", "N")):
        return folded
    return char


def name_key(name: str) -> str:
    """Accent-, case-, hyphen-, apostrophe- and spacing-insensitive form of a name, in any script ("日本電気", "Вымпелком" keep
    their letters: two such names never share the empty key)."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    kept = "".join(_fold_char(c) for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.lower().replace("-", " ").split())
