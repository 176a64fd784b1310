"""French spoken markers: persons, fillers, a dislocated "c'est", a negation without "ne"."""

from __future__ import annotations

import re

from summarizer.lang.spoken import Spoken, spoken_words

#: first and second person (pronouns and possessives): a CRC speaks of people in the third person
_PERSONS = r"je|moi|me|mon|ma|mes|nous|notre|nos|on|vous|votre|vos|tu|te|toi|ton|ta|tes"
#: spoken fillers and lead-ins; "bon", "alors", "donc", "oui" only where they open the text; "d'accord" not
#: after "être" nor before what is agreed ("X est d'accord pour signer" is written French)
_FILLERS = (r"euh+|heu+|hum|ben|bah|hein|voilà|(?<!\best )(?<!\bétait )(?<!\bsont )(?<!\bêtre )(?<!\bsera )(?<!\bsoit )"
            r"d'accord(?!\s+(?:sur|pour|avec)\b)|du coup|en fait|ça|"
            r"quoi(?=\W*$)|(?<=,\s)quoi(?=\s*[,.;!?])|^bon(?! de\b)|(?<=[,;:]\s)bon(?=\s*[,.;!?])|"
            r"(?<!\bce )(?<!\ble )(?<!\bun )(?<!\bdu )(?<!\bmême )genre(?!\s+(?:de|d')\b)|"
            r"^alors|^donc|^ok|^oui|ouais|okay|hmm+|^écoutez")
#: elided French persons: j'ai, m'envoie, t'appelle
_ELIDED = r"[jmt]'(?=\w)"

#: "c'est" after a subject already said is a dislocation ("Décembre, c'est impossible", "ce que X propose, c'est");
#: it is written French where it opens a clause ("C'est le comité qui valide", "mais c'est", "si c'est")
_CEST = re.compile(r"c'(?:est|était)\b(?!-à-dire)", re.I)  # « c'est-à-dire » is written French
_CLAUSE_OPENERS = {"mais", "et", "car", "donc", "si", "que", "qu'", "quand", "lorsque", "où", "puisque", "comme", "ou", "ni",
                   "parce", "alors"}
#: a verb a negation without "ne" hangs on: "ils sont pas", "Logivia a pas", "ça marche pas"
_NEG = re.compile(r"(?<![\w'])(?:pas|jamais)(?![\w'])", re.I)
_NEG_VERBS = {"est", "sont", "a", "ont", "peut", "peuvent", "va", "vont", "fait", "font", "sait", "savent", "veut", "veulent",
              "doit", "doivent", "était", "étaient", "avait", "avaient", "faut", "marche", "marchent", "passe", "connaît",
              "connaissent", "vient", "viennent", "prend", "prennent", "aura", "auront", "sera", "seront", "pourra",
              "pourront", "faudra", "avons", "avez", "sommes", "êtes", "ai", "suis", "sais", "peux", "veux", "dois", "vais"}
_NEG_SKIP = {"toujours", "encore", "vraiment", "forcément", "trop", "du", "tout", "non", "plus", "y", "en"}


def _dislocated_cest(text: str) -> str | None:
    if re.match(r"(?:si|s'il|s'ils|quand|lorsque|lorsqu'|dès que|dès qu')\b", text, re.I):
        return None  # "S'il y a une erreur, c'est un risque": the clause before is a condition, not a subject
    for m in _CEST.finditer(text):
        before = re.findall(r"[\w']+|[,;:]", text[: m.start()].lower())
        words = [w for w in before if w not in {",", ";", ":"}]
        if not words:
            continue  # opens the text
        prev = words[-1]
        if prev in _CLAUSE_OPENERS or (before[-1] in {";", ":"} and prev not in {"ça", "cela"}):
            continue
        return m.group(0)
    return None


def _negation_without_ne(text: str) -> str | None:
    for m in _NEG.finditer(text):
        clause = re.split(r"[,;:.!?]", text[: m.start()])[-1].lower()
        words = re.findall(r"[\w]+'?|'", clause)
        if any(w in {"ne", "n'"} for w in words[-5:]) or re.search(r"(?<![\w])n'\w", clause):
            continue
        rest = [w for w in words if w not in _NEG_SKIP]
        if rest and rest[-1] in _NEG_VERBS:
            return f"{rest[-1]} {m.group(0)}"
    return None


class French(Spoken):
    words = spoken_words(_PERSONS, _FILLERS, _ELIDED)

    def syntax(self, text: str) -> str | None:
        return _dislocated_cest(text) or _negation_without_ne(text)


SPOKEN = French()
