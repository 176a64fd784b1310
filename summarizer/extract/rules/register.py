"""From what was said to what a CRC writes: third person, no fillers, figures in digits.

The evidence quote keeps the speaker's verbatim words; the item text is what a
careful rep would write in the compte rendu. Pure functions of a text and the
:class:`Voice` it was said in (who spoke, for which organisation, to whom), so
the same rewriting serves every section and can be tested line by line.
What is rewritten, and how, is documented in ``docs/rules.md``.
"""


from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import alpha2digit

from summarizer.lang import get_lang, is_known
from summarizer.lang.register import Register
from summarizer.lang.words import QUOTED, CallWords, invented_words


def _register(language: str) -> Register:
    """The pack's register rules; a language no pack serves is read as French, as it always was."""
    return get_lang(language if is_known(language) else None).register


@dataclass(frozen=True)
class Voice:
    """Who says a sentence: ``je`` is ``speaker``, ``nous``/``on`` is ``own``, ``vous`` is ``other``."""

    speaker: str | None = None
    own: str | None = None  # the speaker's organisation
    other: str | None = None  # the other party's organisation, or the addressee's name
    language: str = "fr"
    #: first person named on each side, whose team stands for an organisation nobody named
    own_lead: str | None = None
    other_lead: str | None = None

    @property
    def me(self) -> str:
        return self.speaker or _register(self.language).speaker

    @property
    def us(self) -> str:
        if self.own:
            return self.own
        lead = self.own_lead  # a speaker on no known side speaks for the meeting: "the team", not "X's team"
        register = _register(self.language)
        return register.team_named(lead) if lead else register.team

    @property
    def you(self) -> str:
        if self.other:
            return self.other
        register = _register(self.language)
        return register.team_named(self.other_lead) if self.other_lead else register.other_party


# --- fillers, stutters -------------------------------------------------------------------

#: one to three words said twice in a row ("il n'il n'y a", "la la révolution", "the the"); a pack's
#: reflexive pronouns ("nous nous engageons") are not stutters
_STUTTER = re.compile(r"\b((?:[a-zà-ÿ]+(?:'|\s+)){1,3})\1", re.I)


def strip_fillers(text: str, language: str = "fr") -> str:
    """Fillers, lead-ins ("ce que je propose, c'est") and tails ("…, d'accord ?") out."""
    register = _register(language)
    t = register.before_fillers(re.sub(r"\s+", " ", text.replace("’", "'")).strip())
    t = register.inner.sub("", t)
    for _ in range(3):  # "le le le devis"
        t = _STUTTER.sub(lambda m: m.group(0) if m.group(1).lower() in register.reflexive else m.group(1), t)
    for _ in range(2):
        t = register.lead.sub("", t).strip()
        t = register.tail.sub("", t).strip()
    return t


# --- numbers -------------------------------------------------------------------------

_EUROS = re.compile(r"(\d)\s*(?:euros?|EUR)\b", re.I)
_K_EUROS = re.compile(r"(\d)\s*k(?:ilo)?\s*(?:euros?|€)", re.I)
_PERCENT = re.compile(r"\s*(?:pour ?cent|pourcents?|percent|per cent)\b", re.I)
_BIG = re.compile(r"(?<![\d,.])(\d{5,})(?![\d,])")


def _group(m: re.Match[str], sep: str = "\u202f") -> str:
    digits = m.group(1)
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sep.join(groups)


#: "4,2 millions" stays as said: text2num would read "millions" alone as 1 000 000
_SCALE = {"millions": "\ue000", "million": "\ue001", "milliards": "\ue002", "milliard": "\ue003", "mille": "\ue004",
          "billions": "\ue005", "billion": "\ue006"}
_AFTER_DIGITS = re.compile(r"(?<=\d)(\s+)(millions|million|milliards|milliard|mille)\b", re.I)
#: « deux virgule quatre millions », "one point four million": the decimal said in words, which text2num reads as
#: « 2,4000000 » ("1.4 1000000")
_AFTER_DECIMAL = re.compile(r"(?:(?<=\bvirgule\s)|(?<=\bpoint\s))([a-zà-ÿ-]+)(\s+)(millions|million|milliards|milliard|billions?)\b",
                            re.I)


def numbers_in_digits(text: str, language: str = "fr") -> str:
    """"dix pour cent" -> "10 %", "quarante-cinq euros" -> "45 €", 2400000 -> "2 400 000" (English "2,400,000"; years stay)."""
    register = _register(language)
    t = _PERCENT.sub(" %", text)
    t = _AFTER_DIGITS.sub(lambda m: m.group(1) + _SCALE[m.group(2).lower()], t)
    t = _AFTER_DECIMAL.sub(lambda m: m.group(1) + m.group(2) + _SCALE[m.group(3).lower()], t)
    t = alpha2digit(t, register.numbers)
    for word, mark in _SCALE.items():
        t = t.replace(mark, word)
    t = re.sub(r"(\d)\s*%", register.percent, t)
    t = _K_EUROS.sub(r"\1 k€", t)
    t = _EUROS.sub(r"\1 €", t)
    return _BIG.sub(lambda m: _group(m, register.thousands), t)


#: a figure said while computing ("45 € fois 140"): no fact on its own
_ARITHMETIC = re.compile(r"^[\d\s\u202f.,€%k]+\s+(?:fois|x|×|divisé par|multiplié par)\s+[\d\s\u202f.,]+[€%]?$", re.I)


def is_fragment(text: str) -> bool:
    """A text that says nothing once written: a bare computation."""
    return bool(_ARITHMETIC.match(text.strip()))



# --- the whole rewrite ---------------------------------------------------------------------


def _finish(text: str, language: str = "fr") -> str:
    t = re.sub(r"[ \t\r\n]+", " ", text).strip(" ,;:-…")  # the narrow no-break space inside figures stays
    t = _register(language).contract(t)
    t = re.sub(r"\s+([,.])", r"\1", t)
    t = t.rstrip(".?! ")
    return t[:1].upper() + t[1:] if t else t


@lru_cache(maxsize=8192)
def _written(text: str, voice: Voice) -> str:
    if QUOTED.fullmatch(text.strip()):
        return text.strip()  # the speaker's words, quoted where no rewriting would read whole: they stay as said
    register = _register(voice.language)
    t = register.tidy(strip_fillers(text, voice.language))
    t = register.syntax(register.persons(t, voice))
    t = numbers_in_digits(t, voice.language)
    return _finish(t, voice.language) or _finish(text, voice.language)


def written(text: str, voice: Voice) -> str:
    """The item text as a CRC writes it; the verbatim stays in the evidence quote."""
    return _written(text, voice)


def decision_text(text: str, voice: Voice) -> str:
    """A decision as a CRC states it, in the present: "On part sur un pilote à Valence" -> "Pilote à Valence"."""
    register = _register(voice.language)
    t = register.decided.sub("", strip_fillers(text, voice.language))
    lead = register.decision_lead.match(t)
    if lead and len(t[lead.end():].split()) >= 2:
        t = register.after_decision_lead(t[lead.end():], lead.group(0))
    return written(register.decision_tail.sub("", t), voice)


def risk_text(text: str, voice: Voice) -> str:
    """A risk as a short label: "Le risque, c'est que la DSI ne valide pas à temps" -> "La DSI ne valide pas à temps"."""
    register = _register(voice.language)
    t = strip_fillers(text, voice.language)
    lead = register.risk_lead.match(t)
    if lead and len(t[lead.end():].split()) >= 3:
        t = t[lead.end():]
    return written(register.risk(t), voice)


def _names_collide(rewritten: str, spoken: str, names: Sequence[str]) -> bool:
    """Two names back to back that the speaker did not say so (« La proposition de Sillon Software Coopérative du
    Haut-Perche est à… », from « Votre proposition on est à… »): a possessive and a pronoun both became names."""
    for a in names:
        for b in names:
            pair = f"{a} {b}"
            if a != b and pair in rewritten and pair not in spoken:
                return True
    return False


def guarded(rewritten: str, spoken: str, language: str, call: CallWords, names: Sequence[str] = ()) -> str:
    """The rewritten text, unless the rewriting made a word in neither the call nor the dictionary
    ("validie", "agreeds"), put a name where the grammar allows only a pronoun, set two names side by side,
    or left a pronoun whose noun is not in the item ("Ils ont pris 8 %"): then the speaker's own words,
    quoted, which a CRC may always cite."""
    register = get_lang(language).register
    if (not invented_words(rewritten, language, call) and not register.broken(rewritten) and not register.dangling(rewritten)
            and not _names_collide(rewritten, spoken, names)):
        return rewritten
    return quoted(spoken, language) or rewritten


def quoted(spoken: str, language: str) -> str:
    """The speaker's words as an item quotes them: capital first, no closing stop; empty for no words."""
    words = spoken.strip().rstrip(".?!…").strip()
    return get_lang(language).quote(words[:1].upper() + words[1:]) if words else ""
