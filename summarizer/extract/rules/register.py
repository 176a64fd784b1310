"""From what was said to what a CRC writes: third person, no fillers, figures in digits.

The evidence quote keeps the speaker's verbatim words; the item text is what a
careful rep would write in the compte rendu. Pure functions of a text and the
:class:`Voice` it was said in (who spoke, for which organisation, to whom), so
the same rewriting serves every section and can be tested line by line.
What is rewritten, and how, is documented in ``docs/rules.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import alpha2digit

from summarizer.lang import get_lang
from summarizer.lang.words import CallWords, invented_words


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
        return self.speaker or ("the speaker" if self.language == "en" else "l'interlocuteur")

    @property
    def us(self) -> str:
        if self.own:
            return self.own
        lead = self.own_lead  # a speaker on no known side speaks for the meeting: "the team", not "X's team"
        if lead:
            return f"{lead}'s team" if self.language == "en" else f"l'équipe de {lead}"
        return "the team" if self.language == "en" else "l'équipe"

    @property
    def you(self) -> str:
        if self.other:
            return self.other
        if self.other_lead:
            return f"{self.other_lead}'s team" if self.language == "en" else f"l'équipe de {self.other_lead}"
        return "the other party" if self.language == "en" else "l'interlocuteur"


# --- fillers and spoken lead-ins ---------------------------------------------------

_LEAD_FR = re.compile(
    r"^(?:(?:euh+|heu+|hum|hm+|bon|alors|donc|ben|bah|voilà|d'accord(?!\s+(?:sur|pour|avec))|ok|okay|oui|ouais|non|écoutez|écoute|du coup|en fait|"
    r"bref|enfin|et|mais|puis|aussi|après(?=,)|c'est bon(?=\s*[,:!.])|c'est clair(?=\s*[,:!.])|sur ce point(?:-là)?(?=\s*[,:])|parfait|très bien|super|ah|oh|tout à fait|exactement|effectivement|attention(?=\s*[,:!])|"
    r"honnêtement|franchement|clairement|juste|en tout cas|de toute façon|voilà|"
    r"ce que je (?:vous )?propose,? c'est(?: que)?|ce que je peux vous proposer,? c'est|je vous propose(?: que| de)?|"
    r"je préfère être (?:transparente?|honnête|franc|franche)|je vais être (?:honnête|franc|franche|transparente?)|"
    r"je vous préviens|je vous rappelle que|pour être (?:transparente?|honnête|franc|franche)|"
    r"(?:moi )?je (?:voulais|veux) (?:juste )?(?:dire|préciser|signaler)(?: aussi)?(?: que)?|"
    r"il faut savoir que|sachez que|vous savez|ce qu'il faut retenir,? c'est(?: que)?|le point,? c'est que|"
    r"en gros|globalement|du coup|pour (?:lever|régler|résoudre|limiter|contourner|traiter) (?:ça|cela|ce risque|ce point|le problème))"
    r"(?![\w'])[\s,.:;!-]*)+",
    re.I,
)
_LEAD_EN = re.compile(
    r"^(?:(?:um+|uh+|well|so|okay|ok|yeah|yes|right|great|perfect|sure|and|but|honestly|frankly|look|listen|"
    r"to be (?:honest|transparent|frank)|what i(?:'d| would) suggest is|i(?:'d| would) suggest(?: that)?|let me be (?:honest|clear))(?![\w'])[\s,.:;!-]*)+",
    re.I,
)
_INNER_FR = re.compile(r"(?:,\s*)?\b(?:euh+|heu+|hum|ben|bah|du coup|en fait|voilà|quoi(?=\s*[,.;!?]|\s*$))\b(?:\s*,)?", re.I)
_INNER_EN = re.compile(r"(?:,\s*)?\b(?:um+|uh+|you know|i mean|like(?=,))\b(?:\s*,)?", re.I)
_TAIL_FR = re.compile(
    r"[\s,]*(?:\b(?:d'accord|ok|non|hein|quoi|voilà|alors|donc|enfin|bon|c'est bon|ça vous va|ça marche)\b[\s?,.!]*)+$", re.I)
_TAIL_EN = re.compile(r"[\s,]*(?:\b(?:right|ok|okay|then|so|you know)\b[\s?,.!]*)+$", re.I)
#: a spoken justification tacked on after a comma: ", c'est le plus représentatif", ", ça commence à faire"
_ASIDE_FR = re.compile(
    r",\s*(?:c'est (?:le|la) plus \w+|ça commence à faire|c'est (?:important|essentiel|clair|sûr|normal|logique)|"
    r"comme ça (?:vous|on|tu) pourr\w+ \w+|bien sûr)\s*$", re.I)


#: one to three words said twice in a row ("il n'il n'y a", "la la révolution", "the the"); "nous nous
#: engageons", "vous vous" are reflexive, not stutters
_STUTTER = re.compile(r"\b((?:[a-zà-ÿ]+(?:'|\s+)){1,3})\1", re.I)
_REFLEXIVE = {"nous ", "vous "}


def _unstutter(m: re.Match[str]) -> str:
    return m.group(0) if m.group(1).lower() in _REFLEXIVE else m.group(1)


def strip_fillers(text: str, language: str = "fr") -> str:
    """Fillers, lead-ins ("ce que je propose, c'est") and tails ("…, d'accord ?") out."""
    en = language == "en"
    t = re.sub(r"\s+", " ", text.replace("’", "'")).strip()
    if not en:  # a proposal keeps its author: "ce que je propose, c'est de voir" -> "je propose de voir"
        t = re.sub(r"\bce que je (?:vous )?(propose|suggère|recommande),? c'est (de |d')", r"je \1 \2", t, flags=re.I)
    t = (_INNER_EN if en else _INNER_FR).sub("", t)
    for _ in range(3):  # "le le le devis"
        t = _STUTTER.sub(_unstutter, t)
    for _ in range(2):
        t = (_LEAD_EN if en else _LEAD_FR).sub("", t).strip()
        t = (_TAIL_EN if en else _TAIL_FR).sub("", t).strip()
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
_SCALE = {"millions": "\ue000", "million": "\ue001", "milliards": "\ue002", "milliard": "\ue003", "mille": "\ue004"}
_AFTER_DIGITS = re.compile(r"(?<=\d)(\s+)(millions|million|milliards|milliard|mille)\b", re.I)


def numbers_in_digits(text: str, language: str = "fr") -> str:
    """"dix pour cent" -> "10 %", "quarante-cinq euros" -> "45 €", 2400000 -> "2 400 000" (English "2,400,000"; years stay)."""
    t = _PERCENT.sub(" %", text)
    t = _AFTER_DIGITS.sub(lambda m: m.group(1) + _SCALE[m.group(2).lower()], t)
    t = alpha2digit(t, "en" if language == "en" else "fr")
    for word, mark in _SCALE.items():
        t = t.replace(mark, word)
    t = re.sub(r"(\d)\s*%", r"\1 %" if language != "en" else r"\1%", t)
    t = _K_EUROS.sub(r"\1 k€", t)
    t = _EUROS.sub(r"\1 €", t)
    return _BIG.sub(lambda m: _group(m, "," if language == "en" else "\u202f"), t)


# --- persons: French -------------------------------------------------------------------

_FIRST_TO_THIRD = {
    "ai": "a", "suis": "est", "vais": "va", "peux": "peut", "veux": "veut", "dois": "doit", "fais": "fait", "sais": "sait",
    "vois": "voit", "crois": "croit", "prends": "prend", "mets": "met", "reviens": "revient", "viens": "vient", "tiens": "tient",
    "dis": "dit", "pars": "part", "sors": "sort", "écris": "écrit", "transmets": "transmet", "joins": "joint", "reçois": "reçoit",
    "m'engage": "s'engage", "m'occupe": "s'occupe", "me charge": "se charge", "m'en occupe": "s'en occupe",
}
_NOUS_TO_THIRD = {
    "avons": "a", "sommes": "est", "allons": "va", "pouvons": "peut", "voulons": "veut", "devons": "doit", "faisons": "fait",
    "savons": "sait", "voyons": "voit", "prenons": "prend", "mettons": "met", "revenons": "revient", "venons": "vient",
    "disons": "dit", "partons": "part", "transmettons": "transmet", "recevons": "reçoit", "envoyons": "envoie",
    "renvoyons": "renvoie", "nous engageons": "s'engage", "nous occupons": "s'occupe", "nous chargeons": "se charge",
}
_VOUS_TO_THIRD = {
    "avez": "a", "êtes": "est", "allez": "va", "pouvez": "peut", "voulez": "veut", "devez": "doit", "faites": "fait",
    "savez": "sait", "voyez": "voit", "prenez": "prend", "mettez": "met", "revenez": "revient", "venez": "vient",
    "dites": "dit", "partez": "part", "transmettez": "transmet", "recevez": "reçoit", "envoyez": "envoie",
    "vous engagez": "s'engage", "vous occupez": "s'occupe", "vous chargez": "se charge",
}


def _third_from_first(verb: str) -> str:
    low = verb.lower()
    if low in _FIRST_TO_THIRD:
        return _FIRST_TO_THIRD[low]
    if low.endswith("rai"):
        return verb[:-1]  # enverrai -> enverra
    if low.endswith("x"):
        return verb[:-1] + "t"  # peux -> peut
    if low.endswith(("ds", "ts")):
        return verb[:-1]  # prends -> prend
    if low.endswith("s") and len(low) > 3:
        return verb[:-1] + "t"  # finis -> finit
    return verb  # first group: envoie, valide, cale


def _third_from_plural(verb: str, table: dict[str, str], ending: str) -> str:
    low = verb.lower()
    if low in table:
        return table[low]
    if low.endswith(tuple(f"{stem}r{ending}" for stem in ("e", "i", "er", "our", "u"))):
        return verb[: -len(ending)] + "a"  # enverrons, préparerez -> enverra, préparera
    if low.endswith("y" + ending):
        return verb[: -len(ending) - 1] + "ie"  # envoyons -> envoie
    if low.endswith("uis" + ending):
        return verb[: -len(ending) - 1] + "t"  # produisons -> produit, construisez -> construit
    if low.endswith("iss" + ending):
        return verb[: -len(ending) - 2] + "t"  # finissons -> finit
    if low.endswith(ending):
        return verb[: -len(ending)] + "e"  # validons -> valide, calez -> cale
    return verb


def _de(owner: str) -> str:
    """"de Logivia", "d'Altéa", "du client" for a generic owner."""
    if owner.startswith(("le ", "Le ")):
        return "du " + owner[3:]
    if owner.startswith(("les ", "Les ")):
        return "des " + owner[4:]
    if re.match(r"[aeiouyhàâéèêëîïôöûüAEIOUYHÀÂÉÈÊÎÔ]", owner):
        return "d'" + owner
    return "de " + owner


_FEMININE_ENDINGS = ("ion", "té", "ure", "ance", "ence", "ise", "ie", "ette", "elle", "ille", "ade", "aille", "ipe", "ine",
                     "ière", "euse", "rice", "ée", "ode", "ète", "ole", "use", "ale", "che")


#: feminine nouns the ending does not tell (acronyms of "direction", "commission")
_FEMININE_WORDS = {"dsi", "drh", "cme", "daf", "dg", "équipe", "offre", "clientèle", "flotte", "usine"}


def _article(noun: str, plural: bool, fem: bool) -> str:
    """The article a possessive becomes; the gender of "notre"/"votre" is guessed from the noun's ending."""
    if plural:
        return "les "
    if re.match(r"[aeiouyhàâéèêëîïôöûü]", noun, re.I):
        return "l'"
    head = noun.split()[0].lower() if noun.split() else noun
    return "la " if fem or head.endswith(_FEMININE_ENDINGS) or head in _FEMININE_WORDS else "le "


#: the possessed noun: optional figure, one word, an optional complement ("de production") or adjective
_NOUN = (r"((?:\d[\d\s\u202f]*\s+)?[a-zà-ÿ'-]+(?:\s*(?:de |d'|du |des )[a-zà-ÿ'-]+){0,2}"
         r"(?:\s+(?:[a-zà-ÿ-]+(?:ique|iques|al|ale|aux|el|elle|els|ier|ière|if|ive|aire|aires|é|ée|és|ées|eur|rice)|internes?|externes?)\b)?)")
_STOP_NOUN = re.compile(r"\s+(?:de |d'|du |des )?(?:qui|que|pour|avec|sur|dans|chez|et|ou|est|sont|a|ont|va|vont|en|au|aux|à)$", re.I)

def _possessive(text: str, words: tuple[str, str, str], owner: str) -> str:
    """"notre juriste" -> "le juriste de Groupe Altéa"; "nos équipes" -> "les équipes de Logivia"."""
    sing_m, sing_f, plural = words

    def sub(m: re.Match[str]) -> str:
        det = m.group(1).lower()
        noun = m.group(2)
        stop = _STOP_NOUN.search(noun)
        tail = ""
        if stop:
            noun, tail = noun[: stop.start()], noun[stop.start():]
        art = _article(noun, det == plural, det == sing_f and sing_f != sing_m)
        out = f"{art}{noun} {_de(owner)}{tail}"
        return out[0].upper() + out[1:] if m.group(0)[0].isupper() else out

    return re.sub(rf"\b({sing_m}|{sing_f}|{plural})\s+{_NOUN}", sub, text, flags=re.I)


def _persons_fr(text: str, v: Voice) -> str:
    t = text
    me, us, you = v.me, v.us, v.you
    t = re.sub(r"(?<!-)\bmoi,?\s+(?=je\b|j')", "", t, flags=re.I)  # "moi je valide" -> "je valide"
    if v.speaker:  # a self-introduction: "Moi c'est Éric Vidal, je suis acheteur" -> "Éric Vidal, acheteur"
        t = re.sub(rf"^(?:moi,?\s+c'est\s+)?{re.escape(v.speaker)},?\s+je suis\s+", f"{v.speaker}, ", t, flags=re.I)
        t = re.sub(rf"^moi,?\s+c'est\s+(?={re.escape(v.speaker)})", "", t, flags=re.I)
    t = re.sub(r"^moi,\s+(?=(?-i:[A-ZÀ-Þ]))", "", t, flags=re.I)  # "Moi, Isabelle Moreau, directrice des achats"
    t = re.sub(r"\bnous,?\s+(?=on\b|nous\b)", "", t, flags=re.I)
    t = re.sub(r"\bvous,?\s+(?=vous\b)", "", t, flags=re.I)
    # an object pronoun after a third-person subject goes: "ça nous a coûté" -> "ça a coûté"
    t = re.sub(r"(?<!-)\b(ça|cela|il|elle|ils|elles|qui|ce qui)\s+(?:(?:nous|vous|me|te)\s+|[mt]')(?=[a-zà-ÿ])(?![a-zà-ÿ]+(?:ez|ons)\b)",
               r"\1 ", t, flags=re.I)
    t = re.sub(r"(?<!-)\bmoi qui\s+((?:les |le |la |l'|en |y )?)([a-zà-ÿ]+)", lambda m: f"{me} qui {m.group(1)}{_third_from_first(m.group(2))}",
               t, flags=re.I)
    # fixed phrases first
    t = re.sub(r"(?<!-)\bchez nous\b", f"chez {us}", t, flags=re.I)
    t = re.sub(r"(?<!-)\bde notre côté\b|\bde mon côté\b|\bpour nous\b|\bpour moi\b", f"pour {us}", t, flags=re.I)
    t = re.sub(r"(?<!-)\bchez vous\b", f"chez {you}", t, flags=re.I)
    t = re.sub(r"(?<!-)\b(avec|pour|à|par|de|sans|envers|auprès de) vous\b", lambda m: f"{m.group(1)} {you}", t, flags=re.I)
    t = re.sub(r"(?<!-)\b(avec|pour|à|par|sans|envers|auprès de) (?:nous|moi)\b", lambda m: f"{m.group(1)} {us}", t, flags=re.I)
    # possessives
    t = _possessive(t, ("mon", "ma", "mes"), me)
    t = _possessive(t, ("notre", "notre", "nos"), us)
    t = _possessive(t, ("votre", "votre", "vos"), you)
    t = _possessive(t, ("ton", "ta", "tes"), you)
    # object pronouns in front of the verb: the counterpart is named by the item, the pronoun goes
    obj = r"(?:(?:vous|nous|te|me|lui|leur)\s+|m')"
    # subjects
    # subject, "ne", the indirect object (it goes) and the direct one (it stays: "je le présenterai" ->
    # "X le présentera", never "X le présenterai"), then the verb in the third person
    ne, direct = r"(ne\s+|n')?", r"((?:(?:le|la|les|en|y)\s+|l')(?:lui\s+|leur\s+)?)?"
    t = re.sub(rf"(?<!-)\bje\s+{ne}(m'en occupe|me charge|m'engage|m'occupe)",
               lambda m: f"{me} {m.group(1) or ''}{_third_from_first(m.group(2))}", t, flags=re.I)
    t = re.sub(rf"(?<!-)\bje\s+{ne}{obj}?{direct}([a-zà-ÿ]+)",
               lambda m: f"{me} {m.group(1) or ''}{m.group(2) or ''}{_third_from_first(m.group(3))}", t, flags=re.I)
    t = re.sub(r"(?<!-)\bj'(?:(en|y)\s+)?([a-zà-ÿ]+)",
               lambda m: f"{me} {m.group(1) + ' ' if m.group(1) else ''}{_third_from_first(m.group(2))}", t, flags=re.I)
    t = re.sub(rf"(?<!-)\bnous\s+{ne}(?:{obj})?{direct}(nous engageons|nous occupons|nous chargeons|[a-zà-ÿ]+ons)\b",
               lambda m: f"{us} {m.group(1) or ''}{m.group(2) or ''}"
                         f"{_third_from_plural(m.group(3), _NOUS_TO_THIRD, 'ons')}", t, flags=re.I)
    t = re.sub(r"(?<!-)\bil (?:nous|me) faut\b", f"{us} a besoin de", t, flags=re.I)
    t = re.sub(r"(?<!-)\bil vous faut\b", f"{you} a besoin de", t, flags=re.I)
    t = re.sub(r"(?<!-)\bon (?:nous|me) ([a-zà-ÿ]+)", lambda m: f"{you} {m.group(1)} à {us}", t, flags=re.I)
    t = re.sub(rf"(?<!-)\bon\s+{ne}{obj}?", lambda m: f"{us} {m.group(1) or ''}", t, flags=re.I)
    t = re.sub(r"\bqu'(?=" + re.escape(us) + ")", "que ", t)
    t = re.sub(rf"(?<!-)\bvous\s+(?:{obj})?{ne}(?:{obj})?{direct}"
               r"(vous engagez|vous occupez|vous chargez|(?!chez\b)[a-zà-ÿ]+ez|êtes|faites|dites)\b",
               lambda m: f"{you} {m.group(1) or ''}{m.group(2) or ''}"
                         f"{_third_from_plural(m.group(3), _VOUS_TO_THIRD, 'ez')}", t, flags=re.I)
    t = re.sub(rf"(?<!-)\btu\s+{ne}(?:te\s+|m')?{direct}([a-zà-ÿ]+)",
               lambda m: f"{you} {m.group(1) or ''}{m.group(2) or ''}{_third_from_first(m.group(3))}", t, flags=re.I)
    # what is left: object pronouns and stressed forms
    t = re.sub(r"(?<!-)\b(?:je|moi)\b", me, t, flags=re.I)
    t = re.sub(r"(?<!-)\b(?:nous)\b", us, t, flags=re.I)
    t = re.sub(r"(?<!-)\b(?:vous|toi|tu)\b", you, t, flags=re.I)
    t = re.sub(r"(?<!-)\b(?:te|me)\s+(?=[a-zà-ÿ])|\b[mt]'(?=[a-zà-ÿ])", "", t, flags=re.I)
    t = re.sub(r"\bque\s+(?=[aeiouyhàâéèêëîïôöûü])", "qu'", t, flags=re.I)
    t = re.sub(r"\bde\s+(?=[aeiouyhàâéèêëîïôöûüAEIOUÉÈ])", "d'", t)
    return t


# --- persons: English -------------------------------------------------------------------

_EN_KEEP = {"will", "can", "could", "would", "should", "must", "might", "may", "shall", "also", "just", "currently", "already",
            "really", "still", "only", "then", "always", "never", "usually", "probably", "definitely", "all", "both"}
_EN_IRREGULAR = {"have": "has", "are": "is", "am": "is", "were": "was", "do": "does", "don't": "doesn't", "go": "goes",
                 "haven't": "hasn't", "aren't": "isn't"}


def _en_third(verb: str) -> str:
    low = verb.lower()
    if low in _EN_IRREGULAR:
        return _EN_IRREGULAR[low]
    if low in _EN_KEEP or not low.isalpha() or (low.endswith("ed") and not low.endswith("eed")):
        return verb
    if low.endswith(("s", "sh", "ch", "x", "o")):
        return verb + "es"
    if low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _en_possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _persons_en(text: str, v: Voice) -> str:
    me, us, you = v.me, v.us, v.you
    t = re.sub(r"\bI'm\b", f"{me} is", text)
    t = re.sub(r"\bI'll\b", f"{me} will", t)
    t = re.sub(r"\bI've\b", f"{me} has", t)
    t = re.sub(r"\bI'd\b", f"{me} would", t)
    t = re.sub(r"\bwe're\b", f"{us} is", t, flags=re.I)
    t = re.sub(r"\bwe'll\b", f"{us} will", t, flags=re.I)
    t = re.sub(r"\bwe've\b", f"{us} has", t, flags=re.I)
    t = re.sub(r"\byou're\b", f"{you} is", t, flags=re.I)
    t = re.sub(r"\byou'll\b", f"{you} will", t, flags=re.I)
    t = re.sub(r"\b(can|could|will|would|should|shall|may|might|must|to|let|did|does|do)\s+(I|we|you)\b",
               lambda m: m.group(1) + " " + {"i": me, "we": us, "you": you}[m.group(2).lower()], t, flags=re.I)
    t = re.sub(r"\b(I|we)\s+([A-Za-z']+)", lambda m: (
        {"i": me, "we": us}[m.group(1).lower()] + " " + _en_third(m.group(2))), t, flags=re.I)
    # "you" is a subject only where a clause starts; elsewhere ("get you the data") it is an object
    t = re.sub(r"(^|[,;:]\s*|\b(?:if|when|so|that|and|but|once|then|because|as|until|before|after)\s+)you\s+([A-Za-z']+)",
               lambda m: f"{m.group(1)}{you} {_en_third(m.group(2))}", t, flags=re.I)
    t = re.sub(r"\b(?:my|mine)\b", _en_possessive(me), t, flags=re.I)
    t = re.sub(r"\b(?:our|ours)\b", _en_possessive(us), t, flags=re.I)
    t = re.sub(r"\b(?:your|yours)\b", _en_possessive(you), t, flags=re.I)
    t = re.sub(r"\b(?:me|I)\b", me, t)
    t = re.sub(r"\b(?<!U\.)(?:us|we)\b(?!\.)", us, t)
    t = re.sub(r"\byou\b", you, t, flags=re.I)
    return re.sub(r"'s?'s\b", "'s", t)


# --- spoken syntax: dislocations, bare negations, "ça" -------------------------------------

#: "que ça se connecte à X" -> "connexion à X": the requirements said as a clause, named as a noun
_NOMINAL_FR = {
    "se connecte": "connexion", "se connecter": "connexion", "s'intègre": "intégration", "s'intégrer": "intégration",
    "se synchronise": "synchronisation", "soit compatible": "compatibilité", "soit compatible avec": "compatibilité avec",
    "soit hébergé": "hébergement", "soit hébergée": "hébergement", "soit intégré": "intégration", "soit intégrée": "intégration",
    "soit conforme": "conformité", "fonctionne": "fonctionnement",
}
_REQUIREMENT_FR = re.compile(
    r"^que (?:ça|cela|le logiciel|l'outil|la solution|le système) (" + "|".join(sorted(map(re.escape, _NOMINAL_FR), key=len, reverse=True))
    + r")\b\s*", re.I)
#: the conjugated verbs a negation without "ne" hangs on: "ils sont pas" -> "ils ne sont pas"
_NEG_VERBS_FR = ("est|sont|a|ont|peut|peuvent|va|vont|fait|font|sait|savent|veut|veulent|doit|doivent|était|étaient|avait|"
                 "avaient|marche|marchent|passe|connaît|connaissent|vient|viennent|prend|prennent|aura|auront|sera|seront|"
                 "pourra|pourront")
_BARE_NEG_FR = re.compile(
    rf"(?<![\w'-])(?<!\bne )(?<!\bn')({_NEG_VERBS_FR})\s+((?:toujours|encore|vraiment|forcément)\s+)?(pas|jamais)(?![\w'])", re.I)
_CEST_PAS = re.compile(r"\bc'est\s+(pas|jamais)\b", re.I)
_Y_A_PAS = re.compile(r"\b(?:il\s+)?y\s+a\s+(pas|jamais)\b", re.I)
#: "X propose, c'est de voir" -> "X propose de voir"
_WHAT_X_SAYS = re.compile(
    r"\bce que (.{2,60}?) (propose|suggère|recommande|veut|souhaite|demande|préfère|attend|prévoit)\s*,?\s*c'est\s+(de |d'|que |qu')?",
    re.I)
_BLOCKING = re.compile(r"^(?:ça|cela) (?:peut|pourrait|risque de) (?:devenir |être )?(?:bloquant|bloquer|coincer)\b\s*", re.I)
_CLAUSE_OPENERS_FR = {"mais", "et", "car", "donc", "si", "que", "qu'", "quand", "lorsque", "où", "puisque", "comme", "ou", "ni",
                      "parce", "alors"}


_DETERMINER = r"(?:le|la|les|un|une|des|ce|cette|ces|chaque)\s|l'"
_PREPOSITION = r"(?:au-dessus|au-dessous|en dessous|en deçà|au-delà|à partir|pour|sur|dans|avant|après|en|chez|entre)\b"


def _restore_ne(t: str) -> str:
    def sub(m: re.Match[str]) -> str:
        clause = re.split(r"[,;:.!?]", t[: m.start()])[-1]
        if re.search(r"(?<![\w])(?:ne\s|n')", clause, re.I) or not clause.strip():
            return m.group(0)  # a "ne" already there, or no subject before the verb ("pas encore", "est pas" alone)
        verb = m.group(1)
        ne = "n'" if verb[0].lower() in "aeiouéèêh" else "ne "
        return f"{ne}{verb} {m.group(2) or ''}{m.group(3)}"

    t = _CEST_PAS.sub(lambda m: f"ce n'est {m.group(1)}", t)
    t = _Y_A_PAS.sub(lambda m: f"il n'y a {m.group(1)}", t)
    return _BARE_NEG_FR.sub(sub, t)


def _undislocate(t: str) -> str:
    """"X, ça c'est non négociable" -> "X : non négociable"; "La requalification, c'est ce qui coûte" -> "La requalification coûte".

    Left alone: "c'est" opening the text or a clause ("mais c'est le comité qui valide"), after a condition
    ("S'il y a une erreur, c'est un risque"), and clefts ("c'est le groupe qui valide") a colon would garble.
    """
    if re.match(r"(?:si|s'il|s'ils|quand|lorsque|lorsqu'|dès que|dès qu')\b", t, re.I):
        return t
    m = re.search(r"(?:\s*,)?\s+(?:(?:ça|cela)\s+)?c'est\s+", t, re.I)
    if not m or m.start() == 0:
        return t
    before, after = t[: m.start()].rstrip(" ,"), t[m.end():]
    words = re.findall(r"[\w']+", before.lower())
    if not words or words[-1] in _CLAUSE_OPENERS_FR or len(words) > 12 or ":" in before or ";" in before:
        return t
    if re.match(r"ce qui\s+\S+\s+(?:le|la|les)\s+(?:plus|moins)\b", after, re.I):  # "…, c'est ce qui coûte le plus cher"
        return f"{before} {after[len('ce qui '):].lstrip()}"
    cleft = re.match(r"((?:le|la|les|l'|un|une|des|(?-i:[A-ZÀ-Þ]))[^,;:]{0,50}?)\s+qui\s+(?:(la|le|les)\s+|(l'))?(?=[a-zà-ÿ])", after, re.I)
    if cleft and re.match(_DETERMINER, before, re.I) and (cleft.group(2) or cleft.group(3)):
        # "La décision, c'est la direction qui la prend, en comité" -> "La direction prend la décision, en comité"
        verb = re.match(r"([a-zà-ÿ]+)(.*)", after[cleft.end():], re.S)
        if verb:
            return f"{cleft.group(1)[:1].upper()}{cleft.group(1)[1:]} {verb.group(1)} {before[:1].lower()}{before[1:]}{verb.group(2)}"
    if (cleft and not (cleft.group(2) or cleft.group(3)) and re.match(_PREPOSITION, before, re.I)
            and re.search(r",\s+(?:et\s+)?pas\s", after[cleft.end():])):
        # "Au-dessus de 150 000, c'est le groupe qui valide, pas X" -> "Au-dessus de 150 000, le groupe valide, pas X":
        # the contrast keeps the focus the cleft gave; without it ("c'est le prix qui compte") the focus would be lost
        return f"{before}, {cleft.group(1)[:1].lower() if re.match(_DETERMINER, cleft.group(1), re.I) else cleft.group(1)[:1]}" \
               f"{cleft.group(1)[1:]} {after[cleft.end():]}"
    clause = re.split(r"[,;:]", after)[0]
    if re.search(r"\b(?:qui|que|qu')\b", clause, re.I) or len(after.split()) < 1:
        return t
    return f"{before} : {after}"


def spoken_syntax(text: str) -> str:
    """Spoken French constructions in written form; a pattern applies only where it is unambiguous."""
    t = _BLOCKING.sub("Blocage possible ", text)
    t = _WHAT_X_SAYS.sub(lambda m: f"{m.group(1)} {m.group(2)} {m.group(3) or ''}", t)
    req = _REQUIREMENT_FR.match(t)
    if req:
        t = _NOMINAL_FR[req.group(1).lower()] + " " + t[req.end():]
    t = _undislocate(t)
    # "La conformité, ça dépend des règles" -> "La conformité dépend des règles" (a short subject with its determiner)
    t = re.sub(r"^((?:le|la|l'|les|un|une|des|ce|cette|ces|chaque)\s*[^,;:]{2,60}?),\s+(?:ça|cela)\s+(?!c'|n'|ne\b|est\b)(?=[a-zà-ÿ])",
               r"\1 ", t, flags=re.I)
    t = _restore_ne(t)
    t = re.sub(r"\best sur (\S+) (dépôts|sites|agences|usines|entrepôts|plateformes)\b", r"compte \1 \2", t)  # "X est sur 3 dépôts"
    t = re.sub(r"\bil y a bien\b", "il y a", t, flags=re.I)  # "il y a bien six ou sept ans"
    t = re.sub(r"^([A-ZÀ-Þ][\w-]+) plus (un|une|des|le|la|les) ", r"\1 et \2 ", t)  # "Excel plus un outil maison"
    # "un outil qu'un ancien stagiaire avait développé" -> "un outil développé par un ancien stagiaire"
    t = re.sub(r"\bqu'(un|une)\s+((?:[a-zà-ÿ-]+\s+){0,2}[a-zà-ÿ-]+)\s+(?:avait|a)\s+([a-zà-ÿ]+é(?:e|s|es)?)\b",
               r"\3 par \1 \2", t)
    t = re.sub(r"(?<![\w'-])ça(?![\w'])", "cela", t)
    return re.sub(r"(?<![\w'-])Ça(?![\w'])", "Cela", t)


#: a figure said while computing ("45 € fois 140"): no fact on its own
_ARITHMETIC = re.compile(r"^[\d\s\u202f.,€%k]+\s+(?:fois|x|×|divisé par|multiplié par)\s+[\d\s\u202f.,]+[€%]?$", re.I)


def is_fragment(text: str) -> bool:
    """A text that says nothing once written: a bare computation."""
    return bool(_ARITHMETIC.match(text.strip()))


# --- the whole rewrite ---------------------------------------------------------------------

_JARGON_FR = [(re.compile(r"\bun call\b", re.I), "un appel"), (re.compile(r"\ble call\b", re.I), "l'appel")]


_CONTRACTIONS = [(re.compile(r"\bde le\b"), "du"), (re.compile(r"\bà le\b"), "au"), (re.compile(r"\bde les\b"), "des"),
                 (re.compile(r"\bà les\b"), "aux")]


def _finish(text: str, language: str = "fr") -> str:
    t = re.sub(r"[ \t\r\n]+", " ", text).strip(" ,;:-…")  # the narrow no-break space inside figures stays
    if language != "en":
        for rx, word in _CONTRACTIONS:
            t = rx.sub(word, t)
    t = re.sub(r"\s+([,.])", r"\1", t)
    t = t.rstrip(".?! ")
    return t[:1].upper() + t[1:] if t else t


@lru_cache(maxsize=8192)
def _written(text: str, voice: Voice) -> str:
    en = voice.language == "en"
    t = strip_fillers(text, voice.language)
    if not en:
        t = _ASIDE_FR.sub("", t) if len(t.split()) > 6 else t
        for rx, word in _JARGON_FR:
            t = rx.sub(word, t)
    t = _persons_en(t, voice) if en else spoken_syntax(_persons_fr(t, voice))
    t = numbers_in_digits(t, voice.language)
    return _finish(t, voice.language) or _finish(text, voice.language)


def written(text: str, voice: Voice) -> str:
    """The item text as a CRC writes it; the verbatim stays in the evidence quote."""
    return _written(text, voice)


_DECISION_LEAD_FR = re.compile(
    r"^(?:c'est (?:décidé|acté|validé),?\s+)?(?:(?:c'est|it's)\s+)?(?:on part sur|on partirait sur|on retient|nous retenons|je retiens|on opte pour|on choisit|go pour|"
    r"on y va (?:pour|avec)|c'est validé pour|validé pour|c'est ok pour|c'est bon pour|c'est entendu pour|on valide|je valide|"
    r"nous validons|on confirme|je confirme|on garde|on prend|on reste sur|on maintient|d'accord (?:sur|pour)|"
    r"on est d'accord (?:sur|pour)|feu vert pour)\s+", re.I)
#: the leads that say a validation: the decision reads "Validation de …" rather than a bare noun
_VALIDATED_FR = re.compile(r"^(?:c'est (?:décidé|acté|validé),?\s+)?(?:c'est validé pour|validé pour|c'est ok pour|c'est bon pour|"
                           r"c'est entendu pour|on valide|je valide|nous validons|feu vert pour)\s", re.I)
_DECISION_TAIL_FR = re.compile(r",?\s*\b(?:c'est (?:acté|validé|décidé|ok)|c'est acté aussi de \w+ côté|aussi)\s*$", re.I)
_DECISION_LEAD_EN = re.compile(
    r"^(?:we(?:'ll| will)? go with|we(?:'re| are) going with|let's go (?:with|for)|we(?:'ll| will)? go ahead with|"
    r"we(?:'ll| will) move forward with|agreed,?|we confirm|approved:?)\s+", re.I)


def decision_text(text: str, voice: Voice) -> str:
    """A decision as a CRC states it, in the present: "On part sur un pilote à Valence" -> "Pilote à Valence"."""
    t = strip_fillers(text, voice.language)
    t = re.sub(r"^(?:c'est (?:décidé|acté|validé)|it's (?:decided|agreed)),\s+(?=\w+\s+\w+)", "", t, flags=re.I)
    lead = (_DECISION_LEAD_EN if voice.language == "en" else _DECISION_LEAD_FR).match(t)
    if lead and len(t[lead.end():].split()) >= 2:
        t = t[lead.end():]
        if voice.language != "en" and _VALIDATED_FR.match(lead.group(0)) and re.match(r"(?:le|la|les|l')(?:\s|(?<=')\S)", t, re.I):
            t = "Validation de " + t[0].lower() + t[1:]  # "C'est validé pour l'atelier" -> "Validation de l'atelier"
    if voice.language != "en":
        t = _DECISION_TAIL_FR.sub("", t)
    return written(t, voice)


_RISK_LEAD_FR = re.compile(
    r"^(?:(?:par contre|en revanche|après|cela dit|le seul souci|le souci|le problème|le risque|le vrai risque|le point d'attention|"
    r"le seul point d'attention|ce qui (?:nous |m')?inquiète|ce qui bloque|ma crainte|notre crainte|la difficulté)"
    r"(?:\s*,\s*(?:c'est\s+(?:que\s+|qu')?)?|\s*:\s*|\s+c'est\s+(?:que\s+|qu')?))+", re.I)
_RISK_LEAD_EN = re.compile(r"^(?:(?:the (?:only |real )?(?:risk|issue|problem|concern|worry) is(?: that)?|my concern is(?: that)?|"
                           r"however|that said)(?![\w'])[,:]?\s*)+", re.I)


def risk_text(text: str, voice: Voice) -> str:
    """A risk as a short label: "Le risque, c'est que la DSI ne valide pas à temps" -> "La DSI ne valide pas à temps"."""
    t = strip_fillers(text, voice.language)
    lead = (_RISK_LEAD_EN if voice.language == "en" else _RISK_LEAD_FR).match(t)
    if lead and len(t[lead.end():].split()) >= 3:
        t = t[lead.end():]
    watch = re.match(r"^(?:attention|vigilance)\s+(à la|à l'|aux|au|à)\s*", t, re.I)
    if watch:  # "attention au calendrier" -> "Point d'attention : le calendrier"
        article = {"à la": "la ", "à l'": "l'", "aux": "les ", "au": "le ", "à": ""}[watch.group(1).lower()]
        t = f"Point d'attention : {article}{t[watch.end():]}"
    return written(t, voice)


def guarded(rewritten: str, spoken: str, language: str, call: CallWords) -> str:
    """The rewritten text, unless the rewriting made a word in neither the call nor the dictionary
    ("validie", "agreeds"): then the speaker's own words, quoted, which a CRC may always cite."""
    if not invented_words(rewritten, language, call):
        return rewritten
    words = spoken.strip().rstrip(".?!…").strip()
    return get_lang(language).quote(words[:1].upper() + words[1:]) if words else rewritten
