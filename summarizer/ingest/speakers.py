"""Real names for diarized speakers, only from what was given or said; never a guess.

Evidence, in order: ``--participants`` (a participant's name heard in a
speaker's self-introduction or vocative gives that participant's full name; the
last participant left goes to the last speaker left), self-introductions ("moi
c'est Claire Martin", "Claire Martin, de chez Logivia", "This is Diane", "I'm
Sheila"), vocatives answered by the next speaker ("Marc, vous pouvez … ?" then
"Oui …") when the name is a participant or was introduced ("je vous présente
Marc"). Anyone left is "Locuteur 1", "Locuteur 2" ("Speaker 1" in English).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

#: one capitalised name word (Claire, Jean-Marc, O'Neil, Éloïse)
_WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:[-'’][A-ZÀ-ÖØ-Þ]?[a-zà-öø-ÿ]+)*"
_NAME = rf"(?P<name>{_WORD}(?:\s+(?:de\s+|van\s+|von\s+|le\s+|la\s+)?{_WORD})?)"

#: "moi c'est Claire", "je suis Claire Martin", "je m'appelle …", "allô, ici Claire", "This is Diane", "I'm Sheila"
#: (cue words in any case via ``(?i:…)``; the name itself must be capitalised)
_SELF_INTRO = [
    re.compile(rf"\b(?i:moi,?\s+c['’]est|je\s+m['’]appelle|mon\s+nom\s+est|allô,?\s+ici|je\s+suis)\s+{_NAME}"),
    re.compile(rf"\b(?:(?i:this\s+is|my\s+name\s+is|my\s+name['’]s)|I['’]m|I\s+am)\s+{_NAME}"),
    # "Claire Martin, de chez Logivia" / "Diane from Acme" at the start of a turn
    re.compile(
        rf"^(?:(?i:bonjour|bonsoir|hello|hi|oui|alors|allô)[,.!]?\s+){{0,2}}{_NAME},?\s+(?i:de\s+chez|de\s+la\s+société|from)\s+\S"
    ),
    re.compile(rf"^{_NAME}\s+(?i:à\s+l['’]appareil|here)\b"),
]
#: someone presenting a third person: names the vocatives may use
_PRESENTS = re.compile(
    rf"\b(?i:je\s+vous\s+présente|voici|avec\s+moi|with\s+me\s+is|let\s+me\s+introduce|here['’]s)\s+{_NAME}"
)
#: "Marc, vous pouvez … ?" / "… Marc ?"
_VOCATIVE_START = re.compile(rf"^(?:(?i:alors|et|donc|so|and)\s+)?{_NAME}\s*,")
_VOCATIVE_END = re.compile(rf",\s*{_NAME}\s*\?\s*$")
_YES = re.compile(
    r"^\W*(?:oui|ouais|bien\s+sûr|tout\s+à\s+fait|absolument|d['’]accord|volontiers|exactement|"
    r"yes|yeah|yep|sure|of\s+course|absolutely|certainly|okay|ok)\b",
    re.I,
)
#: capitalised words that start sentences or follow "I'm"/"c'est" without being names
_NOT_NAMES_RAW = (
    """
    alors bon bien bonjour bonsoir bref ça cela ce cette ceci donc eh ah oh euh hum merci oui non ok okay
    parfait super très tout toute voilà écoutez attendez justement exactement effectivement madame monsieur
    désolé désolée ravi ravie content contente enchanté enchantée là ici votre notre mon ma mes nous vous il elle on
    hello hi hey well so yes no yeah sorry sure thanks thank okay right good great fine glad happy just
    here there this that the a an not also now still really actually originally calling going done back
    sales support manager director lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday
    wednesday thursday friday saturday sunday french english american canadian français française
    """
)


def _key(name: str) -> str:
    """Accent- and case-free form for comparing names."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


_NOT_NAMES = frozenset(_key(w) for w in _NOT_NAMES_RAW.split())


def _valid(name: str) -> bool:
    words = name.split()
    return (
        bool(words)
        and _key(words[0]) not in _NOT_NAMES
        and all(len(w) > 1 and not re.search(r"['’]s$", w) for w in words)  # "Monday's" is no name
    )


def _clean_name(raw: str) -> str | None:
    """Drop trailing words that are not names ("Diane In" cannot happen, "Sheila Texas" can)."""
    words = raw.split()
    while words and _key(words[-1]) in _NOT_NAMES:
        words.pop()
    name = " ".join(words)
    return name if name and _valid(name) else None


def self_introduction(text: str) -> str | None:
    """The name a speaker gives for themself in this utterance, if any."""
    for pattern in _SELF_INTRO:
        m = pattern.search(text.strip())
        if m:
            name = _clean_name(m.group("name"))
            if name:
                return name
    return None


def _match_participant(name: str, participants: Sequence[str]) -> str | None:
    """The participant this (possibly partial) name designates, when exactly one fits."""
    key = _key(name)
    words = set(key.split())
    hits = [p for p in participants if _key(p) == key or words <= set(_key(p).split())]
    return hits[0] if len(hits) == 1 else None


def name_speakers(
    turns: Sequence[tuple[int, str]], participants: Sequence[str] = (), language: str | None = "fr"
) -> dict[int, str]:
    """A display name for every speaker id in ``turns`` (speaker id, text), in speaking order."""
    participants = [p.strip() for p in participants if p and p.strip()]
    ids: list[int] = []
    for speaker, _ in turns:
        if speaker not in ids:
            ids.append(speaker)
    claims: dict[int, Counter[str]] = {s: Counter() for s in ids}
    introduced: set[str] = set()
    for speaker, text in turns:
        name = self_introduction(text)
        if name:
            full = _match_participant(name, participants) or name
            claims[speaker][full] += 2
            introduced.add(full)
        for m in _PRESENTS.finditer(text):
            presented = _clean_name(m.group("name"))
            if presented:
                introduced.add(_match_participant(presented, participants) or presented)
    known = list(participants) + sorted(introduced - set(participants))
    for (asker, question), (answerer, reply) in itertools.pairwise(turns):
        if answerer == asker or "?" not in question or not _YES.search(reply):
            continue
        vocative = _VOCATIVE_START.search(question.strip()) or _VOCATIVE_END.search(question.strip())
        if vocative is None:
            continue
        called = _match_participant(vocative.group("name"), known)
        if called:
            claims[answerer][called] += 1
    names: dict[int, str] = {}
    taken: set[str] = set()
    # strongest claims first; a name goes to one speaker only
    ranked = sorted(((count, s, n) for s, c in claims.items() for n, count in c.items()), key=lambda x: -x[0])
    for _, speaker, name in ranked:
        if speaker not in names and name not in taken:
            names[speaker] = name
            taken.add(name)
    left_ids = [s for s in ids if s not in names]
    left_people = [p for p in participants if p not in taken]
    if len(left_ids) == 1 and len(left_people) == 1 and len(ids) == len(participants):
        names[left_ids[0]] = left_people[0]
    label = "Speaker" if (language or "fr").startswith("en") else "Locuteur"
    n = 0
    for s in ids:
        if s not in names:
            n += 1
            names[s] = f"{label} {n}"
    return names
