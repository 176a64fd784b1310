"""French written register: fillers, persons in the third ("je vous envoie" -> "X envoie"), spoken syntax.

What is rewritten, and why, is documented in ``docs/rules.md``; the order of the steps is
``extract/rules/register.py``'s.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.lang.fr.lexique import (
    Gender,
    agreed,
    is_infinitive,
    is_third_person,
    noun_gender,
    reads_person,
    third_person,
)
from summarizer.lang.register import Register, Speakers
from summarizer.lang.words import QUOTED

# --- fillers and spoken lead-ins ---------------------------------------------------

_LEAD_FR = re.compile(
    r"^(?:(?:euh+|heu+|hum|hm+|bon|alors|donc|ben|bah|voilà|d'accord(?!\s+(?:sur|pour|avec))|ok|okay|oui|ouais|non|écoutez|écoute|du coup|en fait|"
    r"bref|enfin|et|mais|puis|pis|faque|aussi|après(?=,)|c'est bon(?=\s*[,:!.])|c'est clair(?=\s*[,:!.])|sur ce point(?:-là)?(?=\s*[,:])|parfait|très bien|super|ah|oh|tout à fait|exactement|effectivement|attention(?=\s*[,:!])|"
    r"honnêtement|franchement|clairement|juste|en tout cas|de toute façon|voilà|"
    r"ce que je (?:vous )?propose,? c'est(?: que)?|ce que je peux vous proposer,? c'est|je vous propose(?: que| de)?|"
    r"je préfère être (?:transparente?|honnête|franc|franche)|je vais être (?:honnête|franc|franche|transparente?)|"
    r"je vous préviens|je vous rappelle que|pour être (?:transparente?|honnête|franc|franche)|"
    r"je (?:vous |te )?(?:le )?promets(?:\s+que|(?=\s*[,:]))|c'est promis(?=\s*[,:])|promis(?=\s*[,:])|"
    r"(?:moi )?je (?:voulais|veux) (?:juste )?(?:dire|préciser|signaler)(?: aussi)?(?: que)?|"
    r"il faut savoir que|sachez que|vous savez|vous (?:imaginez|voyez|comprenez) bien (?:que|qu')|ce qu'il faut retenir,? c'est(?: que)?|le point,? c'est que|"
    r"parce que|car|puisque|"  # « Parce que nous avons 120 bureaux… »: the reason's main clause is elsewhere, the fact stands
    r"en gros|globalement|du coup|pour (?:lever|régler|résoudre|limiter|contourner|traiter) (?:ça|cela|ce risque|ce point|le problème))"
    r"(?![\w'])[\s,.:;!-]*)+",
    re.I,
)
_INNER_FR = re.compile(r"(?:,\s*)?\b(?:euh+|heu+|hum|ben|bah|du coup|en fait|voilà|quoi(?=\s*[,.;!?]|\s*$))\b(?:\s*,)?", re.I)
#: a tail is a word said after the sentence, not the attribute of « être » nor a clause after « que »
#: (« l'interlocuteur est d'accord », « convaincu que ça marche », « se mettre d'accord »); « je vous le
#: promets » only vouches for the sentence, which the item states anyway
_TAIL_FR = re.compile(
    r"[\s,]*(?:\b(?<!\best )(?<!\bsuis )(?<!\bsommes )(?<!\bêtes )(?<!\bsont )(?<!\bêtre )(?<!\bque )(?<!\bsi )(?<!\bpas )(?<!\bplus )"
    r"(?<!\bmettre )(?<!\bmettra )(?<!\bmettent )(?<!\bmis )(?<!\btomber )(?<!\btombé )(?<!\btombera )"
    r"(?:d'accord|ok|non|hein|quoi|voilà|alors|donc|enfin|bon|c'est bon|ça vous va|ça marche|en gros|(?:enfin )?je (?:crois|pense)|il me semble"
    r"|je (?:vous |te )?(?:le )?promets|c'est promis|(?<!\bcomme )promis)\b[\s?,.!]*)+$", re.I)
#: a spoken justification tacked on after a comma: ", c'est le plus représentatif", ", ça commence à faire";
#: « donc vous imaginez la fiabilité »: the listener asked to picture it, no one's doing
_ASIDE_FR = re.compile(
    r",\s*(?:c'est (?:le|la) plus \w+|ça commence à faire|c'est (?:important|essentiel|clair|sûr|normal|logique)|"
    r"comme ça (?:vous|on|tu) pourr\w+ \w+|bien sûr|"
    r"(?:donc |alors |et )?(?:vous|tu) (?:imaginez|imagines|voyez|vois|devinez|devines)(?: bien)?(?: [\w']+){0,4})[\s.!?…]*$", re.I)


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


def _third_from_first(verb: str, person: str = "1s") -> str:
    """The third person of a first-person (or « tu », ``person`` "2s") verb: the table (clitic phrases), the
    lexicon's conjugation, then the ending for a verb the lexicon lacks."""
    low = verb.lower()
    if low in _FIRST_TO_THIRD:
        return _FIRST_TO_THIRD[low]
    conjugated = third_person(verb, person)
    if conjugated:
        return conjugated
    if low.endswith("rai"):
        return verb[:-1]  # enverrai -> enverra
    if low.endswith("x"):
        return verb[:-1] + "t"  # peux -> peut
    if low.endswith(("ds", "ts")):
        return verb[:-1]  # prends -> prend
    if low.endswith("s") and len(low) > 3:
        return verb[:-1] + "t"  # finis -> finit
    return verb  # first group: envoie, valide, cale


def _third_from_plural(verb: str, table: dict[str, str], ending: str) -> str | None:
    """The third person of a « nous » or « vous » verb: as ``_third_from_first`` (« entendez » -> « entend »,
    where the ending rule below wrote « entende »). None for a form the lexicon reads in two tenses
    (« partiez »: imperfect or subjunctive), which the ending rule would turn into another word (« partie »)."""
    low = verb.lower()
    if low in table:
        return table[low]
    person = "1p" if ending == "ons" else "2p"
    conjugated = third_person(verb, person)
    if conjugated:
        return conjugated
    if reads_person(verb, person):
        return None
    if low.endswith(tuple(f"{stem}r{ending}" for stem in ("e", "i", "er", "our", "u"))):
        return verb[: -len(ending)] + "a"  # enverrons, préparerez -> enverra, préparera
    if low.endswith("y" + ending):
        return verb[: -len(ending) - 1] + "ie"  # envoyons -> envoie
    if low.endswith("uis" + ending):
        return verb[: -len(ending) - 1] + "t"  # produisons -> produit, construisez -> construit
    if low.endswith("iss" + ending):
        return verb[: -len(ending) - 2] + "t"  # finissons -> finit
    if low.endswith(ending):  # validons -> valide, calez -> cale; paramétrez -> paramètre, as « céder » -> « cède »
        return re.sub(r"é([^aeiouyéèêàâîôû]+)$", r"è\1", verb[: -len(ending)]) + "e"
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
    """The article a possessive becomes. "notre"/"votre" do not say the noun's gender: the words the tagger
    misreads first, then the lexicon (Lexique 3.83), then the tagger's reading of a noun the lexicon lacks
    (« notre comité » is masculine whatever its ending), then the ending when neither knows."""
    if plural:
        return "les "
    if re.match(r"[aeiouyàâéèêëîïôöûü]", noun, re.I) or (noun[:1].lower() == "h" and not _ASPIRATED.match(noun)):
        return "l'"
    words = noun.split()
    head = next((w.lower() for w in words if not re.fullmatch(_BEFORE_NOUN, w, re.I)), words[0].lower() if words else noun)
    if fem or head in _FEMININE_WORDS:
        return "la "
    if noun.split()[0].isupper():
        return "le "  # an acronym the list does not make feminine: « le CRM », « le SI »
    gender = noun_gender(head) or _tagged_gender(head)
    if gender is not None:
        return "la " if gender == "Fem" else "le "
    return "la " if head.endswith(_FEMININE_ENDINGS) else "le "


@lru_cache(maxsize=2048)
def _tagged_gender(noun: str) -> str | None:
    from summarizer.nlp import load_nlp

    readings = set()
    for doc in load_nlp("fr").pipe([f"notre {noun}", f"votre {noun}"]):  # the tagger guesses: two contexts must agree
        token = next((t for t in doc if t.pos_ in {"NOUN", "PROPN"}), None)
        genders = token.morph.get("Gender") if token is not None else []
        readings.add(genders[0] if len(genders) == 1 else None)
    return readings.pop() if len(readings) == 1 else None


#: a name (or « l'interlocuteur », « l'équipe … ») right after « ne » or a subject pronoun: a clitic slot
_NAME_IN_CLITIC_SLOT = re.compile(r"\b(?i:n(?:e\s+|')|(?:il|elle|ils|elles|on)\s+(?:ne\s+)?)"
                                  r"(?:l'(?:interlocuteur|équipe)\b|(?:[A-ZÀ-Þ][\w'-]+\s+)+[a-zà-ÿ])")


#: where « nous »/« vous » is a stressed pronoun, which a name may replace: after a preposition, a
#: conjunction, « c'est » or a next step's opening infinitive (« Rappeler vous » as ``_action_text`` writes it)
#: (group 1), or before a pause or « et » (« -même » went before: ``_without_insistence``). Anywhere else it is a clitic
#: object in front of its verb (« il vous tend », « ils nous ont dit »), where French allows no name:
#: it stays, and ``French.broken`` sends the item back to the speaker's words.
_STRESSED = (r"((?:à|de|d'|pour|avec|chez|sans|par|entre|contre|envers|selon|sur|sous|vers|devant|derrière|après|avant|"
             r"comme|que|qu'|et|ou|ni|c'est|ce sont|sauf|moins|plus|même|toutes?|tous|^[a-zà-ÿ]+(?:er|ir|re))\s+|d')")
_AFTER_STRESSED = r"\s*(?:[,.;:!?)]|$)|\s+(?:et|ou|aussi|non plus|seule?s?|tous|toutes|autres)\b"
#: « à vous mettre d'accord »: after a preposition, a pronoun before an infinitive is the infinitive's clitic
_INFINITIVE_NEXT = r"(?:(?:le|la|les|en|y)\s+|l')?[a-zà-ÿ]+(?:er|ir|re)\b"
#: a first or second person the rewriting could not place: the sentence is not the CRC's to rewrite
_PERSON_LEFT = re.compile(r"(?<![\w'-])(?:je|j'|tu|nous|vous|me|te)(?![\w'-])|-(?:vous|nous|moi|toi)\b"
                          r"|^(?!(?:chez|assez|nez)\b)[a-zà-ÿ]+(?:ez|ons)\b(?!\s+(?:de|d'|du|des|à)\b)", re.I)

#: words whose h is aspirated (and numbers): no elision before them, « de huit semaines », « le hasard »
_ASPIRATED = re.compile(r"(?i)(?:huit|onze|hors|haut|hausse|hasard|handicap|hangar|hall|halte|hâte|héros|honte|hockey|"
                        r"hublot|housse|hiérarchi|harc[eè]l|hardware|hamea|hain|haï|hargn|hach|hamac|hanche|hant|happ|harass|"
                        r"harnais|haricot|hargne|hennir|hernie|héron|hibou|hiss|hoquet|homard|hongr|hooligan|houle|hurl|hutte|"
                        r"hold|holding|hotline|hub\b|hack|oui\b)")


#: the possessed noun: optional figure, adjectives said before it, one word, an optional complement ("de production"), adjective
#: and its complement (« conditions générales d'achat »),
#: acronym or product name (« votre annexe DORA » -> « l'annexe DORA de … », never « l'annexe de … DORA »;
#: « notre contrat AutoContact ») or the noun that makes a compound with it (« notre clause type » -> « la clause
#: type de … », « notre contrat cadre »)
#: the adjectives said before a noun (« nos bonnes pratiques », « votre ancienne adresse »)
_BEFORE_NOUN = ("autres?|propres?|nouveaux|nouvelles?|nouvel|premiers?|premières?|derniers?|dernières?|principaux|principales?|"
                "seule?s?|vrais?|vraies?|grands?|grandes?|petits?|petites?|deux|trois|bons?|bonnes?|anciens?|anciennes?|"
                "meilleurs?|meilleures?|prochains?|prochaines?|futurs?|futures?|gros|grosses?|vieux|vieilles?|vieil")
_COMPLEMENT = r"\s*(?:de |d'|du |des )[a-zà-ÿ'-]+"
#: where a complement after the adjective must end the noun phrase: « conditions générales d'achat et … », never
#: « relevés de TRS papier des trois | derniers mois »
_NOUN_ENDS = r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:et|ou|à|au|aux|pour|avec|sur|dans|chez|qui|que|qu'|est|sont|a|ont)\b)"
_NOUN = (rf"((?:\d[\d\s\u202f]*\s+)?(?:(?:{_BEFORE_NOUN})\s+){{0,2}}[a-zà-ÿ'-]+(?:{_COMPLEMENT}){{0,2}}"
         r"(?:\s+(?!(?:aux|les|des)?quel)(?:[a-zà-ÿ-]+(?:ique|iques|al|ale|ales|aux|el|elle|elles|els|ier|ière|iers|ières|if|ifs|ive"
         r"|ives|aire|aires|é|ée|és|ées|eur|eurs|rice|rices)|internes?|externes?"
         rf"|(?:type|standard|cadre|pilote|mère|témoin|modèle|cyber)s?|(?-i:[A-ZÀ-Ý][A-Z0-9À-Ý]+|[A-Z][a-zà-ÿ]+[A-Z][\w-]*))\b"
         rf"(?:{_COMPLEMENT}{_NOUN_ENDS})?)?)")
_STOP_NOUN = re.compile(r"\s+(?:de |d'|du |des )?(?:qui|que|pour|avec|sur|dans|chez|et|ou|est|sont|a|ont|va|vont|en|au|aux|à)$", re.I)

def _possessive(text: str, words: tuple[str, str, str], owner: str) -> str:
    """"notre juriste" -> "le juriste de Groupe Altéa"; "nos équipes" -> "les équipes de Logivia"."""
    sing_m, sing_f, plural = words

    def sub(m: re.Match[str]) -> str:
        det = m.group(1).lower()
        noun = re.sub(r"^propres?\s+", "", m.group(2), flags=re.I)  # « notre propre chronologie »: « propre » only insists
        stop = _STOP_NOUN.search(noun)
        tail = ""
        if stop:
            noun, tail = noun[: stop.start()], noun[stop.start():]
        art = _article(noun, det == plural, det == sing_f and sing_f != sing_m)
        out = f"{art}{noun} {_de(owner)}{tail}"
        return out[0].upper() + out[1:] if m.group(0)[0].isupper() else out

    return re.sub(rf"\b({sing_m}|{sing_f}|{plural})\s+{_NOUN}", sub, text, flags=re.I)


def _subject_named(m: re.Match[str], name: str, table: dict[str, str], ending: str) -> str:
    """« vous (clitics) verbe » -> « name (clitics) verbe à la 3e personne »; the words as said when the verb's
    tense is not known (« vous partiez »), so the pronoun left sends the item to its quote."""
    third = _third_from_plural(m.group(3), table, ending)
    return f"{name} {m.group(1) or ''}{m.group(2) or ''}{third}" if third else m.group(0)


def _cleft_agreed(t: str, pronoun: str, name: str, table: dict[str, str], ending: str) -> str:
    """« c'est vous qui avez fait la proposition » -> « c'est X qui a fait … »: the verb after « qui » agrees
    with the name the pronoun becomes."""
    def sub(m: re.Match[str]) -> str:
        third = _third_from_plural(m.group(3), table, ending)
        return f"{m.group(1)} {name} qui {m.group(2)}{third}" if third else m.group(0)

    return re.sub(rf"(?<!-)\b(c'est|ce sont) {pronoun} qui ((?:ne |n')?(?:(?:le|la|les|en|y|lui|leur) |l')?)"
                  rf"([a-zà-ÿ]+{ending}|êtes|faites|dites|sommes)\b", sub, t, flags=re.I)


def _stressed_named(t: str, pronoun: str, name: str, ending: str) -> str:
    """« nous »/« vous » where it is stressed (``_STRESSED``, ``_AFTER_STRESSED``) becomes the name it stands for;
    never the subject of its own verb (« avant que vous partiez »: a tense the rewriting could not place)."""
    own_verb = rf"(?:(?:le|la|les|en|y|lui|leur)\s+|l')?[a-zà-ÿ]+{ending}\b"
    return re.sub(rf"(?<!-)\b{_STRESSED}{pronoun}\b(?!\s+{_INFINITIVE_NEXT})(?!\s+{own_verb})|(?<!-)\b{pronoun}(?={_AFTER_STRESSED})",
                  lambda m: f"{m.group(1) or ''}{name}", t, flags=re.I)


#: « de votre côté »: where the other party stands, which the item's owner already says
_YOUR_SIDE = re.compile(r"[\s,]*(?<![\w'-])de (?:votre|ton) côté\b[\s,]*", re.I)


def _without_insistence(t: str) -> str:
    """« moi-même », « nous-mêmes » and « de votre côté » only insist on who acts, which the item names already.
    After a preposition or « c'est » the pronoun is needed and stays, to be named (« par nous-mêmes » -> « par
    l'équipe », « c'est vous-même qui » -> « c'est X qui »); in apposition it goes (« je préviens nos clients
    moi-même » -> « X prévient les clients de … », never « … X-même », a word French does not have)."""
    t = re.sub(rf"(?<!-)\b{_STRESSED}(moi|toi|nous|vous)-mêmes?\b", r"\1\2", t, flags=re.I)
    t = re.sub(r"[\s,]*(?<![\w'-])(?:moi|toi|nous|vous)-mêmes?\b", "", t, flags=re.I)
    return _YOUR_SIDE.sub(lambda m: "" if m.start() == 0 or m.end() == len(t) else " ", t)


def _persons(text: str, v: Speakers) -> str:
    t = re.sub(r"\b([Ll])'on\b", lambda m: "On" if m.group(1) == "L" else "on", text)  # « si l'on veut »: « on » is the subject
    me, us, you = v.me, v.us, v.you
    t = re.sub(r"(?<!-)\bmoi,?\s+(?=je\b|j')", "", t, flags=re.I)  # "moi je valide" -> "je valide"
    if v.speaker:  # a self-introduction: "Moi c'est Éric Vidal, je suis acheteur" -> "Éric Vidal, acheteur"
        t = re.sub(rf"^(?:moi,?\s+c'est\s+)?{re.escape(v.speaker)},?\s+je suis\s+", f"{v.speaker}, ", t, flags=re.I)
        t = re.sub(rf"^moi,?\s+c'est\s+(?={re.escape(v.speaker)})", "", t, flags=re.I)
    t = re.sub(r"^moi,\s+(?=(?-i:[A-ZÀ-Þ]))", "", t, flags=re.I)  # "Moi, Isabelle Moreau, directrice des achats"
    t = _without_insistence(t)
    t = re.sub(r"\bnous,?\s+(?=on\b|nous\b)", "", t, flags=re.I)
    t = re.sub(r"\bvous,?\s+(?=vous\b)", "", t, flags=re.I)
    # an object pronoun after a third-person subject goes: "ça nous a coûté" -> "ça a coûté"
    t = re.sub(r"(?<!-)\b(ça|cela|il|elle|ils|elles|qui|ce qui)\s+(?:(?:nous|vous|me|te)\s+|[mt]')(?=[a-zà-ÿ])"
               r"(?!(?:(?:le|la|les|en|y)\s+|l')?[a-zà-ÿ]+(?:ez|ons)\b)",
               r"\1 ", t, flags=re.I)
    t = re.sub(r"(?<!-)\bmoi qui\s+((?:les |le |la |l'|en |y )?)([a-zà-ÿ]+)", lambda m: f"{me} qui {m.group(1)}{_third_from_first(m.group(2))}",
               t, flags=re.I)
    # fixed phrases first
    t = re.sub(r"(?<!-)\bchez nous\b", f"chez {us}", t, flags=re.I)
    t = re.sub(rf"(?<!-)\bde notre côté\b|\bde mon côté\b|\bpour (?:nous|moi)\b(?!\s+{_INFINITIVE_NEXT})", f"pour {us}", t,
               flags=re.I)
    t = re.sub(r"(?<!-)\bchez vous\b", f"chez {you}", t, flags=re.I)
    t = re.sub(rf"(?<!-)\b(avec|pour|à|par|de|sans|envers|auprès de) vous\b(?!\s+{_INFINITIVE_NEXT})",
               lambda m: f"{m.group(1)} {you}", t, flags=re.I)
    t = re.sub(rf"(?<!-)\b(avec|pour|à|par|sans|envers|auprès de) (?:nous|moi)\b(?!\s+{_INFINITIVE_NEXT})",
               lambda m: f"{m.group(1)} {us}", t, flags=re.I)
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
    ne, direct = r"(ne\s+|n')?", r"((?:se\s+|s')(?:en\s+|y\s+)?|(?:(?:le|la|les|en|y)\s+|l')(?:lui\s+|leur\s+)?)?"
    t = re.sub(rf"(?<!-)\bje\s+{ne}(m'en occupe|me charge|m'engage|m'occupe)",
               lambda m: f"{me} {m.group(1) or ''}{_third_from_first(m.group(2))}", t, flags=re.I)
    t = re.sub(rf"(?<!-)\bje\s+{ne}{obj}?{direct}([a-zà-ÿ]+)",
               lambda m: f"{me} {m.group(1) or ''}{m.group(2) or ''}{_third_from_first(m.group(3))}", t, flags=re.I)
    t = re.sub(r"(?<!-)\bj'(?:(en|y)\s+)?([a-zà-ÿ]+)",
               lambda m: f"{me} {m.group(1) + ' ' if m.group(1) else ''}{_third_from_first(m.group(2))}", t, flags=re.I)
    t = re.sub(rf"(?<!-)\bnous\s+{ne}(?:{obj})?{direct}(nous engageons|nous occupons|nous chargeons|sommes|[a-zà-ÿ]+ons)\b",
               lambda m: _subject_named(m, us, _NOUS_TO_THIRD, "ons"), t, flags=re.I)
    t = re.sub(r"(?<!-)\bil (?:nous|me) faut\b", f"{us} a besoin de", t, flags=re.I)
    t = re.sub(r"(?<!-)\bil vous faut\b", f"{you} a besoin de", t, flags=re.I)
    t = re.sub(r"(?<!-)\bon (?:nous|me) ([a-zà-ÿ]+)", lambda m: f"{you} {m.group(1)} à {us}", t, flags=re.I)
    t = re.sub(rf"(?<!-)\bon\s+{ne}{obj}?", lambda m: f"{us} {m.group(1) or ''}", t, flags=re.I)
    # an elided « qu' » (« lorsqu'on ») before the name « on » became, when the name opens on a consonant
    t = re.sub(r"\b(\w*qu)'(?=(?:[b-df-gj-np-tv-zç]|l')(?-i:[\w']*)\s)", r"\1e ", t, flags=re.I)
    t = re.sub(rf"(?<!-)\bvous\s+(?:{obj})?{ne}(?:{obj})?{direct}"
               r"(vous engagez|vous occupez|vous chargez|(?!chez\b)[a-zà-ÿ]+ez|êtes|faites|dites)\b",
               lambda m: _subject_named(m, you, _VOUS_TO_THIRD, "ez"), t, flags=re.I)
    t = re.sub(rf"(?<!-)\btu\s+{ne}(?:te\s+|me\s+|m')?{direct}([a-zà-ÿ]+)",
               lambda m: f"{you} {m.group(1) or ''}{m.group(2) or ''}{_third_from_first(m.group(3), '2s')}", t, flags=re.I)
    # what is left: object pronouns and stressed forms
    t = re.sub(r"(?<!-)\bmoi\b", me, t, flags=re.I)
    for pronoun, name, table, ending in (("vous", you, _VOUS_TO_THIRD, "ez"), ("nous", us, _NOUS_TO_THIRD, "ons")):
        t = _stressed_named(_cleft_agreed(t, pronoun, name, table, ending), pronoun, name, ending)
    t = re.sub(r"(?<!-)\btoi\b", you, t, flags=re.I)
    # a clitic object left (« va vous parler », « Marc vous l'a dit ») goes, as « me » and « te » do; a subject
    # whose verb the tables did not know (« vous disiez ») stays, and the item keeps the speaker's words
    t = re.sub(r"(?<![-\w])(?:nous|vous)\s+(?=(?:(?:le|la|les|en|y|lui|leur)\s+|l')?(?![a-zà-ÿ]+(?:ons|ez|ommes|êtes|faites|dites)\b)"
               r"[a-zà-ÿ])", "", t, flags=re.I)
    t = re.sub(r"(?<!-)\b(?:te|me)\s+(?=[a-zà-ÿ])|\b[mt]'(?=[a-zà-ÿ])", "", t, flags=re.I)
    t = re.sub(r"\bque\s+(?=[aeiouyhàâéèêëîïôöûü])(?!" + _ASPIRATED.pattern[4:] + ")", "qu'", t, flags=re.I)
    t = re.sub(r"\b([NnSs])e\s+(?=[aeiouyhàâéèêëîïôöûü])(?!" + _ASPIRATED.pattern[4:] + ")", r"\1'", t)  # « ne est » -> « n'est »
    t = re.sub(r"\bde\s+(?=[aeiouyhàâéèêëîïôöûüAEIOUÉÈ])(?!" + _ASPIRATED.pattern[4:] + ")", "d'", t)
    for name in {me, us, you} - {""}:  # « les clients de Cirrhus nous imposent » -> never « Cirrhus Cirrhus »
        t = re.sub(rf"\b({re.escape(name)})(?:\s+{re.escape(name)}\b)+", r"\1", t)
    return t


#: a copula and the adverbs before its attribute: « est aussi », « veut être », « n'est pas très »
_ADVERBS = (r"(?:(?:pas|plus|bien|déjà|encore|très|trop|aussi|si|assez|toujours|jamais|tout|dorénavant|désormais|"
            r"maintenant|[a-zà-ÿ]+ment) )*")
_COPULA = (rf"(?:ne |n')?(?:s')?(?:en |y )?(?:est|soit|sera|serait|était|reste|restera|semble|paraît|devient|a été|avait été|sera|"
           rf"(?:veut|doit|peut|va|pourra|devra|voudrait|devrait|pourrait|souhaite|tient à) {_ADVERBS}être) {_ADVERBS}")


#: « nous nous mettrons », « vous vous engagez »: the second pronoun is the subject's reflexive
_REFLEXIVE_VERB = re.compile(r"(?<![-\w])(nous|vous)(\s+(?:ne\s+|n')?)\1\s+(?=[a-zà-ÿ]+(?:ons|ez)\b|sommes\b|êtes\b)", re.I)
#: « je me dépêche », « tu te charges », « je m'y engage »: always the subject's reflexive
_REFLEXIVE_SINGULAR = re.compile(r"(?<![-\w])(?:(je)\s+(ne\s+|n')?(?:me\s+|m')|(tu)\s+(ne\s+|n')?(?:te\s+|t'))(?=[a-zà-ÿ])",
                                  re.I)
#: « on n'arrivera pas à nous mettre d'accord », « nous allons nous organiser »: a « nous » before an infinitive,
#: in a clause whose subject is « nous » or « on »
_REFLEXIVE_INFINITIVE = re.compile(r"((?:^|[,;:]\s*|\b(?:que|qu'|et|mais|si|quand|où)\s+)(?:(?:nous|on)\s+[^,.;:]*?(?<![-\w])nous"
                                   r"|vous\s+[^,.;:]*?(?<![-\w])vous)\s+)([a-zà-ÿ]+(?:er|ir|re|oir))\b", re.I)


def _se(verb: str) -> str:
    return "s'" if re.match(r"[aeiouyàâéèêëîïôöûü]", verb, re.I) or (verb[:1].lower() == "h" and not _ASPIRATED.match(verb)) \
        else "se "


def _reflexive(text: str) -> str:
    """A reflexive pronoun becomes « se », which the third person needs: « nous ne nous mettrons pas
    d'accord » -> « X ne se mettra pas d'accord », « je me dépêche » -> « X se dépêche », where dropping it,
    as an object pronoun, wrote « X ne mettra pas d'accord », « X dépêche »."""
    t = _REFLEXIVE_VERB.sub(lambda m: f"{m.group(1)}{m.group(2)}{_se(text[m.end():])}", text)
    t = _REFLEXIVE_SINGULAR.sub(lambda m: f"{m.group(1) or m.group(3)} {m.group(2) or m.group(4) or ''}{_se(t[m.end():])}", t)
    def sub(m: re.Match[str]) -> str:
        head = m.group(1).rstrip()
        return f"{head[: -len('nous')]}{_se(m.group(2))}{m.group(2)}" if is_infinitive(m.group(2)) else m.group(0)

    return _REFLEXIVE_INFINITIVE.sub(sub, t)


def _singular_attribute(text: str, us: str) -> str:
    """« on est hébergés » -> « Cirrhus est hébergé »: « on » (or « vous ») meant a team, the name it became is one
    (« l'équipe » is feminine: « nous sommes attachés » -> « l'équipe est attachée »). The singular comes
    from the lexicon, so « mis », « assis », « surpris » stay whole; a word it does not know stays."""
    team = us.lower().startswith(French.team)

    def sub(m: re.Match[str]) -> str:
        word = m.group(2)
        said: Gender = "Fem" if agreed(word, "Fem", plural=True) == word.lower() else "Masc"
        form = agreed(word, "Fem" if team else said)
        return m.group(1) + (form if form and word.islower() and agreed(word, said, plural=True) == word else word)

    return re.sub(rf"((?<![\w-]){re.escape(us)} {_COPULA})([a-zà-ÿ]+s)\b", sub, text, flags=re.I)


#: a clause boundary: a possessive past it may name someone else
_CLAUSE_BREAK = re.compile(r"[,;:«»]|\b(?:que|qu'|qui|mais|et|où|si|quand|parce|alors|dont|lequel|laquelle)\b", re.I)
_POSSESSIVE_OF = {"le ": "son ", "la ": "sa ", "les ": "ses ", "l'": "son "}


def _own_possessive(text: str, name: str) -> str:
    """« Solignac a l'assurance de Solignac » -> « Solignac a son assurance »: a possessive that became « le X
    de <name> » goes back to « son »/« sa »/« ses » when the same name is the clause's subject before it."""
    if not name:
        return text
    of = re.escape(_de(name))
    pattern = re.compile(rf"(?<![\w'-])({re.escape(name)}\s)(.*?)(?<![\w'-])(le |la |les |l')((?:[\w-]+\s){{0,2}}?[\w-]+)\s{of}\b",
                         re.I)

    def sub(m: re.Match[str]) -> str:
        if _CLAUSE_BREAK.search(m.group(2)) or _CLAUSE_BREAK.search(m.group(4)) or " de " in f" {m.group(4)} ":
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}{_POSSESSIVE_OF[m.group(3).lower()]}{m.group(4)}"

    return pattern.sub(sub, text)


def _agreed_with_names(text: str, voice: Speakers) -> str:
    """An attribute agrees with the generic name its subject became: « vous êtes opposée » said to a woman
    -> « l'interlocuteur est opposé »; « nous voulons être cohérents » -> « l'équipe veut être cohérente ».
    A person's or an organisation's own name is left as said (the speaker knew its gender). The
    adjective's forms come from the lexicon; a word it does not know as an adjective stays."""
    for name in {voice.us, voice.you} - {""}:
        # « nous sommes tous d'accord » -> « l'équipe est d'accord »: a team named once has no « tous »
        text = re.sub(rf"((?<![\w-]){re.escape(name)} {_COPULA})(?:tous|toutes)\s+", r"\1", text, flags=re.I)
        text = _singular_attribute(text, name)
    for name in {voice.me, voice.us, voice.you} - {""}:
        text = _own_possessive(text, name)
    generic: dict[str, Gender] = {}
    for name in {voice.me, voice.us, voice.you}:
        low = name.lower()
        if low == French.speaker or low == French.other_party:
            generic[name] = "Masc"
        elif low.startswith(French.team):
            generic[name] = "Fem"
    for name, gender in generic.items():
        def sub(m: re.Match[str], gender: Gender = gender) -> str:
            form = agreed(m.group(2), gender)
            return m.group(1) + (form if form and m.group(2).islower() else m.group(2))

        text = re.sub(rf"((?<![\w'-]){re.escape(name)} {_COPULA})([a-zà-ÿ-]+)\b", sub, text, flags=re.I)
    return text


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
    rf"(?<![\w'-])(?<!\bne )(?<!\bn')(?<!\by )((?:y en\s+|(?:le|les|en|y|lui|leur)\s+|l')?)({_NEG_VERBS_FR})\s+"
    r"((?:toujours|encore|vraiment|forcément)\s+)?(pas|jamais)(?![\w'])", re.I)
_CEST_PAS = re.compile(r"\bc'est\s+(pas|jamais)\b", re.I)
_Y_A_PAS = re.compile(r"\b(?:il\s+)?(?<!n')(?<!n’)y\s+a\s+(pas|jamais)\b", re.I)
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
        clitic, verb = m.group(1) or "", m.group(2)  # « l'aura pas » -> « ne l'aura pas », « en a pas » -> « n'en a pas »
        ne = "n'" if (clitic or verb)[0].lower() in "aeiouyéèêh" else "ne "
        return f"{ne}{clitic}{verb} {m.group(3) or ''}{m.group(4)}"

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
    m = re.search(r"(?:\s*,)?\s+(?:(?:ça|cela),?\s+)?c'(?:est|était)\s+", t, re.I)
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
    # « S'il fallait bouger, la fenêtre, ce serait avant fin juin » -> « …, la fenêtre : avant fin juin »
    t = re.sub(r",\s+((?:le|la|les|l')\s?[^,;:]{1,40}?),\s+(?:ce|ça|cela)\s+(?:serait|sera)\s+(?!(?:que|qu')\b)", r", \1 : ", t,
               flags=re.I)
    # « Madame Lagarde, l'architecte, c'est elle qui fait le cahier des charges » -> « …, qui fait le cahier des charges »
    t = re.sub(r",\s+c'est\s+(?:lui|elle|eux|elles)\s+qui\s+", ", qui ", t, flags=re.I)
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


# --- the whole rewrite -------------------------------------------------------------------

#: « je ne suis pas pour autant, moi, je ne suis pas d'accord »: the same subject and verb said again, a few
#: words later, start the clause anew; the first start goes. A clitic is no verb: « je vous envoie le devis, je
#: vous rappelle » is two clauses
_REPEATED_START = re.compile(r"(?<![\w'-])((?:je|j'|nous|vous|on|il|elle|ils|elles)\s*(?:ne\s+|n')?"
                             r"(?!(?:vous|nous|le|la|les|lui|leur|me|te|se)\b)[a-zà-ÿ]+)\b"
                             r"(?:\s+[\w'-]+){0,4}\s*,\s+(?:moi,?\s+|nous,?\s+)?(?=\1\b)", re.I)
#: « rien n'est voté, hein, c'est indicatif »: a tag closing a clause; the punctuation after it stays
_HEIN = re.compile(r",?\s*\bhein\b(?=\s*[,.;:!?])", re.I)
_SUBJECT_FR = r"(?:(?:il|ils|elle|elles|on|je|nous|vous|ça|ce|cela)\s+|c'|j')"
#: a clause abandoned for another: subject and verb, then « euh », « enfin » or « pardon », then a new subject
#: (« ils sont euh on leur tend des guet-apens », « c'est, enfin c'était »): the first start goes
_RESTART = re.compile(
    rf"(?<![\w'-]){_SUBJECT_FR}(?:ne\s+|n')?[a-zà-ÿ]+(?:\s+[a-zà-ÿ]+)?"  # a start: subject, verb (and one word)
    rf"(?:\s*,?\s+(?:euh+|heu+|enfin|pardon)\s*,?\s+(?={_SUBJECT_FR}|(?:il|ils|elle|elles|on|je|nous|vous)\b)"  # a new subject
    r"(?!(?:je\s+|j')(?:crois|pense|espère|suppose|imagine)\b|il me semble)"  # « enfin je crois »: a hedge, no restart
    r"|\s*(?:\.\.\.|…)\s*(?:euh+|heu+|enfin|pardon)\s*,?\s+)", re.I)  # or cut by an ellipsis and a corrector

_JARGON_FR = [(re.compile(r"\bun call\b", re.I), "un appel"), (re.compile(r"\ble call\b", re.I), "l'appel")]


#: « de le » and « à le » contract when « le » is an article; before an infinitive it is a pronoun
#: (« il projette de le porter »), and nothing contracts
_CONTRACTIBLE = re.compile(r"\b(de|à) (le|les) (\w+)")
_CONTRACTED = {("de", "le"): "du", ("à", "le"): "au", ("de", "les"): "des", ("à", "les"): "aux"}


_DECISION_LEAD_FR = re.compile(
    r"^(?:c'est (?:décidé|acté|validé),?\s+)?(?:(?:c'est|it's)\s+)?(?:on part sur|on partirait sur|on retient|nous retenons|je retiens|on opte pour|on choisit|go pour|"
    r"on y va (?:pour|avec)|c'est validé pour|validé pour|c'est ok pour|c'est bon pour|c'est entendu pour|on valide|je valide|"
    r"nous validons|on confirme|je confirme|on garde|on prend|on reste sur|on maintient|d'accord (?:sur|pour)|"
    r"on est d'accord (?:sur|pour)|feu vert pour)\s+", re.I)
#: the leads that say a validation: the decision reads "Validation de …" rather than a bare noun
_VALIDATED_FR = re.compile(r"^(?:c'est (?:décidé|acté|validé),?\s+)?(?:c'est validé pour|validé pour|c'est ok pour|c'est bon pour|"
                           r"c'est entendu pour|on valide|je valide|nous validons|feu vert pour)\s", re.I)
_DECISION_TAIL_FR = re.compile(r",?\s*\b(?:c'est (?:acté|validé|décidé|ok)|c'est acté aussi de \w+ côté|aussi)\s*$", re.I)

_RISK_LEAD_FR = re.compile(
    r"^(?:(?:par contre|en revanche|après|cela dit|le seul souci|le souci|le problème|le risque|le vrai risque|le point d'attention|"
    r"le seul point d'attention|ce qui (?:nous |m')?inquiète|ce qui bloque|ma crainte|notre crainte|la difficulté)"
    r"(?:\s*,\s*(?:c'est\s+(?:que\s+|qu')?)?|\s*:\s*|\s+c'est\s+(?:que\s+|qu')?))+", re.I)


#: a personal subject pronoun opening an item, and the impersonal « il » that is none
_DANGLING = re.compile(r"(?:ils?|elles?)\b", re.I)
_IMPERSONAL = re.compile(
    r"il\s+(?:ne\s+|n')?(?:y\s+(?:en\s+)?(?:a|avait|aura|aurait|ait)|fa(?:ut|udra|udrait|llait|llu|ille)|rest(?:e|ait|era)|"
    r"manqu(?:e|ait|era)|s'agi(?:t|ssait|ra)|sembl(?:e|ait)|suffi(?:t|ra|rait)|va(?:ut|udrait|udra)|existe|arrive|paraît|"
    r"convient|importe|se peut|se pourrait|(?:est|était|sera|serait)\s+(?:(?:pas|plus|très|trop|bien|déjà|encore)\s+)*"
    r"[a-zà-ÿ]+\s+(?:de|d'|que|qu')|(?:est|était|sera)\s+(?:temps|question|prévu|convenu|entendu))\b", re.I)


#: an object pronoun and the verb after it: after a subject (a name, a pronoun, « qui »), « ne » or « pas » a
#: finite verb may follow (« Maison X l'aura »); anywhere else only an infinitive (« pourra la regarder »)
_CLITIC_OBJECT = re.compile(r"(?<![\w'-])(?:(la|le|les)\s+|(l)')([a-zà-ÿ]+)\b", re.I)
_AFTER_SUBJECT = re.compile(r"(?:(?-i:[A-ZÀ-Þ])[\w'-]*|il|elle|on|ils|elles|qui|ne|n'|pas|jamais|plus)\s*$", re.I)
_AUXILIARIES = frozenset({"a", "ont", "aura", "auront", "avait", "avaient", "est", "sont", "font", "peuvent", "doivent"})
#: the forms of « avoir » no noun shares: before them « l' », « les » is a pronoun whatever precedes (« Certains
#: économistes l'ont évalué »)
_ONLY_VERBS = frozenset({"a", "ont", "avait", "avaient", "auront", "aurait", "auraient"})
#: a noun and what its determiner says of it: gender (None: not said) and number
_NOUN_BEFORE = re.compile(r"(?<![\w'-])(?:(le|la|les|un|une|des|du|au|aux|ce|cet|cette|ces|son|sa|ses|leur|leurs|mon|ma|mes|"
                          r"notre|votre|nos|vos)\s+|(l'))([a-zà-ÿA-ZÀ-Þ][\w-]*)", re.I)
_DETERMINER_SAYS: dict[str, tuple[Gender | None, bool]] = {
    "le": ("Masc", False), "du": ("Masc", False), "au": ("Masc", False), "un": ("Masc", False), "ce": ("Masc", False),
    "cet": ("Masc", False), "la": ("Fem", False), "une": ("Fem", False), "cette": ("Fem", False), "sa": ("Fem", False),
    "ma": ("Fem", False), "son": (None, False), "mon": (None, False), "l'": (None, False), "leur": (None, False),
    "notre": (None, False), "votre": (None, False)}


def _clitic_verb(m: re.Match[str], text: str) -> bool:
    """Whether ``m`` (« la », « l' » and the word after it) is an object pronoun before its verb, not an article."""
    word = m.group(3).lower()
    after_subject = bool(_AFTER_SUBJECT.search(text[: m.start()]))
    if word in _ONLY_VERBS or (after_subject and word in _AUXILIARIES):
        return True  # « X l'aura », « X l'a fait »
    if noun_gender(word) is not None:
        return False  # « le devoir », « la porte »: a noun reads first
    return is_infinitive(word) or (after_subject and is_third_person(word))


def _refers_to_a_noun(pronoun: str, before: str) -> bool:
    """Whether a noun said before the pronoun, in the same text, agrees with it: « la » a feminine singular,
    « le » a masculine singular, « l' » a singular, « les » a plural."""
    for det, elided, noun in _NOUN_BEFORE.findall(before):
        said, plural = _DETERMINER_SAYS.get((det or elided).lower(), (None, True))
        if pronoun == "les":
            if plural:
                return True
            continue
        if plural:
            continue
        gender = said or noun_gender(noun.lower())
        if pronoun == "l" or gender is None or gender == ("Fem" if pronoun == "la" else "Masc"):
            return True
    return False


#: the noun phrase right before an object pronoun is its verb's subject, never what the pronoun stands for
#: (« L'équipe l'inclut »: « l' » is not « l'équipe »)
_SUBJECT_BEFORE = re.compile(r"(?:(?<![\w'-])(?:le|la|les|un|une|ce|cet|cette|ces|son|sa|ses|leur|leurs|du|des|au|aux)\s+|"
                             r"(?<![\w'-])l')[\w-]+(?:\s+(?:de\s+|d'|du\s+|des\s+)[\w-]+)?\s*(?:ne\s+|n')?$", re.I)


def _object_without_noun(text: str) -> bool:
    """« Le juridique de X pourra la regarder », « Maison X l'aura »: an object pronoun whose noun the item does not
    say; read alone in a CRC it names nothing."""
    return any(_clitic_verb(m, text)
               and not _refers_to_a_noun((m.group(1) or m.group(2)).lower(), _SUBJECT_BEFORE.sub("", text[: m.start()]))
               for m in _CLITIC_OBJECT.finditer(text))


#: a determiner, a preposition or a conjunction last: the sentence was cut before its noun or its clause
_UNFINISHED_FR = re.compile(r"(?<![\w'-])(?:de|d'|à|au|aux|du|des|le|la|les|un|une|et|ou|que|qu'|pour|avec|sur|dans|par|chez|"
                            r"sans|mais|car|si|quand|lorsque)\W*$", re.I)


class French(Register):
    speaker = "l'interlocuteur"
    team = "l'équipe"
    team_of = "l'équipe de {lead}"
    other_party = "l'interlocuteur"

    def broken(self, text: str) -> bool:
        """« il ne l'interlocuteur a pas interrompu », « on Transports Ferrand envoie »: between « ne » (or a
        subject pronoun) and its verb French allows only clitic pronouns, never the name a pronoun became. So
        is a text ending on a word that needs another after it (« Le contrat de »)."""
        unquoted = QUOTED.sub("«»", text)
        return bool(_NAME_IN_CLITIC_SLOT.search(unquoted) or _PERSON_LEFT.search(unquoted) or _UNFINISHED_FR.search(unquoted))

    def stands_for(self, pronoun: str, phrase: str) -> bool:
        """« la » stands for a feminine singular, « l' » and « le » for a singular (« le » may also stand for what
        was said: « la synchronisation à 4 h 30 ? » … « je le change »), « les » for a plural. The phrase's first
        noun is its head."""
        head = _NOUN_BEFORE.search(phrase)
        said = pronoun.lower().rstrip("'")
        return head is None or _refers_to_a_noun("l" if said == "le" else said, head.group(0))

    def dangling(self, text: str) -> bool:
        """« Il se renouvelle en septembre », « Ils ont pris 8 % »: a personal « il(s) »/« elle(s) » opening the
        text; an impersonal « il » (« il faut », « il y a », « il est possible de ») names no one and stays. So
        does an object pronoun whose noun the text does not say (``_object_without_noun``)."""
        unquoted = QUOTED.sub("«»", text)
        return (bool(_DANGLING.match(unquoted)) and not _IMPERSONAL.match(text)) or _object_without_noun(unquoted)

    reflexive = frozenset({"nous ", "vous "})
    numbers = "fr"
    percent = r"\1 %"
    thousands = "\u202f"
    lead = _LEAD_FR
    inner = _INNER_FR
    tail = _TAIL_FR
    #: « c'est décidé, … » and a reversal's announcement (« on inverse : », « finalement, ») before what is decided
    decided = re.compile(r"^(?:c'est (?:décidé|acté|validé),|(?:alors |donc )?(?:on inverse|on change|changement de plan)\s*:|"
                         r"(?:alors |donc )?finalement,)\s+(?=\w+\s+\w+)", re.I)
    decision_lead = _DECISION_LEAD_FR
    decision_tail = _DECISION_TAIL_FR
    risk_lead = _RISK_LEAD_FR
    action_verb = re.compile(
        r"\b(?:je|j'|on|nous|vous|tu|moi je)\s+(?:vais\s+|va\s+|allons\s+|allez\s+)?"
        r"(?P<obj>(?:(?:vous|te|lui|leur|nous|me|le|la|les|en|y)\s+|m'|l'|t')*)(?P<verb>[a-zà-ÿ]+)", re.I)

    def before_fillers(self, text: str) -> str:
        """A proposal keeps its author: "ce que je propose, c'est de voir" -> "je propose de voir"; a restart
        keeps what the speaker said in its place (``_RESTART``)."""
        t = _HEIN.sub("", _REPEATED_START.sub("", _RESTART.sub("", text)))
        return re.sub(r"\bce que je (?:vous )?(propose|suggère|recommande),? c'est (de |d')", r"je \1 \2", t, flags=re.I)

    def tidy(self, text: str) -> str:
        """Asides and jargon out; « sa » before a verb or a clitic is the transcript's « ça » (« sa nous a pris »);
        « t'es », « t'as » are « tu es », « tu as », whose « t' » is no object pronoun to drop."""
        t = _ASIDE_FR.sub("", text) if len(text.split()) > 6 else text
        t = re.sub(r"(?<![\w'-])([Tt])'(es|as)\b", lambda m: ("Tu " if m.group(1) == "T" else "tu ") + m.group(2), t)
        t = re.sub(r"\b([Ss])a\s+(?=(?:nous|vous|me|m'|te|lui|leur|ne|n'|a|est|va|fait|peut|marche|dépend|coûte|prend)\b)",
                   lambda m: ("Ç" if m.group(1) == "S" else "ç") + "a ", t)
        for rx, word in _JARGON_FR:
            t = rx.sub(word, t)
        return t

    def persons(self, text: str, voice: Speakers) -> str:
        return _agreed_with_names(_persons(_reflexive(text), voice), voice)

    def syntax(self, text: str) -> str:
        return spoken_syntax(text)

    def contract(self, text: str) -> str:
        return _CONTRACTIBLE.sub(lambda m: m.group(0) if is_infinitive(m.group(3))
                                 else f"{_CONTRACTED[(m.group(1), m.group(2))]} {m.group(3)}", text)

    def after_decision_lead(self, rest: str, lead: str) -> str:
        if _VALIDATED_FR.match(lead) and re.match(r"(?:le|la|les|l')(?:\s|(?<=')\S)", rest, re.I):
            return "Validation de " + rest[0].lower() + rest[1:]  # "C'est validé pour l'atelier" -> "Validation de l'atelier"
        return rest

    def risk(self, text: str) -> str:
        watch = re.match(r"^(?:attention|vigilance)\s+(à la|à l'|aux|au|à)\s*", text, re.I)
        if watch:  # "attention au calendrier" -> "Point d'attention : le calendrier"
            article = {"à la": "la ", "à l'": "l'", "aux": "les ", "au": "le ", "à": ""}[watch.group(1).lower()]
            return f"Point d'attention : {article}{text[watch.end():]}"
        return text


REGISTER = French()
