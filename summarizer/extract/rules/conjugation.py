"""The infinitive of a conjugated French verb, by its form first and the tagger's lemma last.

Apart so a promise's action reads « Envoyer … » without loading spaCy's lemma tables for the
forms the endings already settle (cold start).
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.lang.fr.lexique import is_infinitive
from summarizer.lang.words import known_word
from summarizer.nlp import load_lemmatizer

_IRREGULAR = {"fais": "faire", "fait": "faire", "mets": "mettre", "met": "mettre", "transmets": "transmettre", "transmet": "transmettre",
              "reviens": "revenir", "revient": "revenir", "prends": "prendre", "prend": "prendre", "dis": "dire", "vois": "voir",
              "joins": "joindre", "rejoins": "rejoindre", "ouvre": "ouvrir", "envoie": "envoyer", "renvoie": "renvoyer",
              "occupe": "s'occuper", "charge": "se charger", "offre": "offrir", "couvre": "couvrir",
              "appelle": "appeler", "rappelle": "rappeler", "jette": "jeter", "soumets": "soumettre", "soumet": "soumettre",
              "remets": "remettre", "remet": "remettre", "permets": "permettre", "sais": "savoir", "sait": "savoir",
              "dois": "devoir", "doit": "devoir", "reçois": "recevoir", "reçoit": "recevoir", "vais": "aller", "va": "aller",
              "suis": "être", "est": "être", "ai": "avoir", "a": "avoir", "peux": "pouvoir", "peut": "pouvoir",
              "veux": "vouloir", "veut": "vouloir", "crois": "croire", "croit": "croire", "vient": "venir", "tient": "tenir"}


#: future stems of irregular verbs: "j'enverrai", "on fera", "je viendrai"
_FUTURE_STEMS = {"enverr": "envoyer", "renverr": "renvoyer", "fer": "faire", "ser": "être", "aur": "avoir",
                 "pourr": "pouvoir", "devr": "devoir", "ir": "aller", "verr": "voir", "reverr": "revoir",
                 "viendr": "venir", "reviendr": "revenir", "tiendr": "tenir", "prendr": "prendre",
                 "mettr": "mettre", "transmettr": "transmettre", "remettr": "remettre", "dir": "dire",
                 "faudr": "falloir", "saur": "savoir"}
#: "vous <verbe>" of the verbs outside the first group that calls use
_SECOND_PLURAL = {
    "prenez": "prendre", "mettez": "mettre", "transmettez": "transmettre", "remettez": "remettre",
    "venez": "venir", "revenez": "revenir", "tenez": "tenir", "voyez": "voir", "devez": "devoir",
    "pouvez": "pouvoir", "voulez": "vouloir", "savez": "savoir", "allez": "aller", "avez": "avoir",
    "recevez": "recevoir", "lisez": "lire", "écrivez": "écrire", "suivez": "suivre", "répondez": "répondre",
    "attendez": "attendre", "rendez": "rendre", "vendez": "vendre", "sortez": "sortir", "partez": "partir",
    "ouvrez": "ouvrir", "offrez": "offrir", "servez": "servir", "faites": "faire", "dites": "dire",
    "relisez": "relire", "revoyez": "revoir", "renvoyez": "renvoyer", "envoyez": "envoyer",
}
_FUTURE = re.compile(r"^(?P<stem>[a-zà-ÿ]+r)(?:ai|as|a|ons|ez|ont)$")


def _first_group(word: str) -> str:
    """The infinitive of a first-group present: the stem alternations (transfère -> transférer, achète ->
    acheter, appelle -> appeler, but travaille -> travailler) settled by the dictionary, not guessed."""
    candidates = []
    accent = re.match(r"^(.*)è([^aeiouyéèê]+)e$", word)
    if accent:
        candidates += [f"{accent[1]}é{accent[2]}er", f"{accent[1]}e{accent[2]}er"]
    doubled = re.match(r"^(.*)(ll|tt)e$", word)
    if doubled:
        candidates.append(f"{doubled[1]}{doubled[2][0]}er")
    plain = word + "r"
    return next((c for c in candidates if known_word(c, "fr")), plain)


def infinitive_by_form(word: str) -> str | None:
    """Infinitives the forms say by themselves (no tagger): irregular verbs, the first group, futures."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if (word.endswith(("er", "ir", "oir")) and len(word) > 3) or is_infinitive(word):
        return word  # already an infinitive ("je vais ouvrir" read as "ouvrir"; "vous dire", never "direr")
    if word.endswith("e") and not word.endswith(("oie", "vre", "fre")):
        return _first_group(word)  # cale -> caler, remontre -> remontrer
    if word.endswith("ez") and len(word) > 4:  # "vous calez", "vous envoyez", "vous choisissez"
        if word in _SECOND_PLURAL:
            return _SECOND_PLURAL[word]
        if word.endswith("issez"):
            return word[:-5] + "ir"
        if not _FUTURE.match(word):
            return word[:-2] + "er"
    future = _FUTURE.match(word)
    if future:
        stem = future.group("stem")
        if stem in _FUTURE_STEMS:
            return _FUTURE_STEMS[stem]
        if stem.endswith(("er", "ir")) and len(stem) > 3:
            return stem  # présenterai -> présenter, finirai -> finir
    return _other_groups(word)


#: (ending, what replaces it): the present of the second and third groups, each candidate checked in the dictionary
_OTHER_GROUPS = (("iens", ("enir",)), ("ient", ("enir",)), ("ds", ("dre",)), ("d", ("dre",)), ("ts", ("ttre",)),
                 ("ours", ("ourir",)), ("ourt", ("ourir",)), ("ors", ("ortir",)), ("ort", ("ortir",)), ("ars", ("artir",)),
                 ("art", ("artir",)), ("is", ("ir", "ire")), ("it", ("ir", "ire")))


def _other_groups(word: str) -> str | None:
    """« je préviens » -> prévenir, « j'attends » -> attendre, « je choisis » -> choisir, « j'écris » -> écrire:
    the ending's candidates that the dictionary knows, so the lemma tables load only for the rest."""
    for ending, replacements in _OTHER_GROUPS:
        if word.endswith(ending) and len(word) > len(ending):
            known = next((c for r in replacements if known_word(c := word[: -len(ending)] + r, "fr")), None)
            if known is not None:
                return known
    return None


@lru_cache(maxsize=4096)
def infinitive(word: str, language: str) -> str:
    """The infinitive of a conjugated French verb: by its form when that is enough, else the tagger's lemma
    (which loads spaCy's lemma tables, so only for the forms that need it), checked by its ending."""
    by_form = infinitive_by_form(word)
    if by_form is not None:
        return by_form
    doc = load_lemmatizer()(f"je {word}")
    lemma = doc[1].lemma_ if len(doc) > 1 else word
    if lemma.endswith(("er", "ir", "re", "oir")) and lemma != word:
        return lemma
    if word.endswith("oie"):
        return word[:-3] + "oyer"
    if word.endswith("e"):
        return word + "r"  # first group: cale -> caler, organise -> organiser
    return word

