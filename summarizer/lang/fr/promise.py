"""French promises read from the grammar of the clause (see :mod:`summarizer.lang.promise`).

A first-person subject (je, on, nous), the clitics a French verb carries before it, then a verb
that agrees with the subject: its form says present, future or imperfect, and the morphologizer
may veto a mood or tense it reads (it often takes « je le change lundi » for a noun). Mental and
stative verbs never promise, verbs of saying only an answer to the listener; the compound past
(« je vous ai envoyé ») is progress, not a promise. What makes a present a promise: the listener
as indirect object (« je *vous* fais l'extraction »), a day named, or the short yes it follows
(« Génial. Je préviens les chefs de rayon. »).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from summarizer.lang.promise import Infinitive, Promise, PromiseGrammar
from summarizer.nlp import load_nlp

#: subject, then the object and reflexive pronouns a French verb carries before it
_SUBJECT_VERB = re.compile(
    r"(?:^|[\s,«(])(?P<subject>je\s+|j'\s*|on\s+|nous\s+)"
    r"(?P<clitics>(?:(?:vous|te|lui|leur|nous|me|le|la|les|en|y|se)\s+|[mtls]'\s*)*)"
    r"(?P<verb>[a-zà-ÿ]+)\b"
)
#: pronouns naming the listener (or a third person) as the one the action is for
_DATIVE = re.compile(r"\b(?:vous|te|lui|leur)\b|\bt'")

#: verbs that describe a state of mind, an ability or a habit of speech: never a promise by themselves
_STATIVE = frozenset({
    "être", "avoir", "savoir", "croire", "penser", "comprendre", "vouloir", "pouvoir", "devoir", "falloir",
    "aimer", "adorer", "trouver", "connaître", "voir", "entendre", "imaginer", "espérer", "souhaiter",
    "sentir", "préférer", "attendre", "remercier", "excuser", "permettre", "rappeler", "dire", "parler",
    "demander", "aller", "venir", "sembler", "paraître", "rester", "tenir", "compter", "supposer",
    "douter", "ignorer", "noter", "retenir", "reconnaître", "avouer", "admettre", "confirmer", "répéter",
    "écouter", "regarder", "partager", "présenter", "laisser", "agir", "travailler", "utiliser",
    "payer", "coûter", "gérer", "perdre", "passer", "arrêter", "commencer", "continuer", "essayer", "chercher",
    "proposer", "montrer", "expliquer", "raccompagner", "redonner", "apprendre", "envier", "rêver", "partir",
    "rejoindre", "appeler", "vendre", "récapituler", "résumer",
    # verbs of saying: what the speaker does by speaking, now
    "lire", "indiquer", "citer", "évoquer", "souligner", "préciser", "ajouter", "répondre", "affirmer",
    "signaler", "insister", "invoquer", "revendiquer", "observer", "avertir", "annoncer", "accuser",
    "promettre", "offrir", "prier", "prendre", "courir", "éditer", "importer", "fabriquer", "produire", "livrer",
})
#: ... unless a due date says when: « je passe en comité le 16 juin », « je vous confirme ça demain »
_DATED_ONLY = frozenset({"passer", "confirmer", "dire", "présenter", "partager", "regarder", "rappeler",
                            "demander", "venir", "commencer", "répéter", "appeler", "expliquer",
                            "livrer", "prendre", "répondre"})
#: forms of avoir and être: a compound past or a state, never a promise by themselves
_AUXILIARY = frozenset({"ai", "as", "a", "avons", "avez", "ont", "suis", "es", "est", "sommes", "êtes", "sont"})


#: the endings a finite verb takes after each subject (the tagger reads « je te passe » as a third person)
_AGREES = {"je": ("e", "s", "x", "ai"), "j'": ("e", "s", "x", "ai"), "on": ("e", "a", "t", "d"), "nous": ("ons",)}
#: a condition makes the promise hang on it: « si j'ai cinq minutes », « si ça arrive, je te fais… »
_CONDITION = re.compile(r"(?:^|[\s,])(?:si\s+(?:j'|je|on|nous|vous|tu|ça|cela|il|elle|ils|elles|c'|le|la|les|l')|sinon\b)")
#: what the talk itself does: « je récapitule », « je fais le point », « je vous préviens, … »
_MEETING_TALK = re.compile(r"^\s*(?:(?:un|une|le|la|les|mon|ma|notre|petit|petite|rapide|rapidement|deux|trois|\d+(?:-\d+)?)\s+)*"
                           r"(?:point|récapitulatif|récap|résumé|synthèse|tour|topo|exemples?|mot|questions?)\b")
#: the listener as indirect object
_TO_LISTENER = re.compile(r"\b(?:vous|te)\b|\bt'")
#: an amount first: terms offered (« je te fais 25 % »), or time taken (« je vous prends deux minutes »)
_AMOUNTS = frozenset({"plus", "moins", "deux", "trois", "quatre", "cinq", "six", "dix", "quelques", "cent", "mille"})
#: what is done to the call itself
_IN_THE_MEETING = re.compile(r"\b(?:haut-parleur|en attente|mon écran|l'écran)\b")
#: infinitives of saying after the verb: « je viens dire », « je vais vous expliquer »
_SAYING = frozenset({"dire", "parler", "expliquer", "rappeler", "préciser", "répondre", "redire", "raconter",
                     "confirmer", "répéter"})
#: the conditional's endings, which no present or future form of a subject pronoun's verb has
_CONDITIONAL_ENDINGS = ("rais", "rait", "rions", "raient")
#: the object and the clitics that stand for a thing already named: « on la met en place lundi »
_OBJECT_CLITIC = re.compile(r"\b(?:le|la|les|en)\b|\bl'")


#: telling someone named, in the future: « je vais en parler à Hervé », « j'en parlerai à notre DAF »; not the
#: present without a day (« j'en parle à Olivier » describes a habit) nor a need (« il faut que j'en parle »)
_TELL = re.compile(
    r"(?:^|[\s,])(?:(?i:je vais|on va|nous allons)\s+(?i:(?:lui |leur )?en\s+)?(?i:parler|toucher un mot)"
    r"|(?i:j'en|je lui en|on en|nous en)\s+(?i:parlerai|parlera|parlerons))\s+(?:à|au)\s+"
    r"(?:[A-ZÀ-Ý][\w-]+|(?i:notre|mon|ma|nos)\s+\w+)")

#: ... and in the present when a day is named: « j'en parle à Olivier à son retour, le 15 »
_TELL_DATED = re.compile(r"(?:^|[\s,])(?i:j'en|je lui en|on en|nous en)\s+(?i:parle|parlons)\s+(?:à|au)\s+"
                         r"(?:[A-ZÀ-Ý][\w-]+|(?i:notre|mon|ma|nos)\s+\w+)")


def _fr_promise(low: str, text: str, dated: Callable[[], bool], accepted: bool, infinitive: Infinitive) -> Promise | None:
    """The cheap readings first; the date (``dated()``) and the tagger only when the rest holds."""
    said = text.replace("’", "'")
    told = _TELL.search(said) or (_TELL_DATED.search(said) if "parle" in low else None)
    if told is not None and (told.re is _TELL or dated()):
        subject = told.group(0).split()[0].lower()
        return Promise("je" if subject.startswith("j") else subject, "parler", "told")
    m = _SUBJECT_VERB.search(low)
    if m is None:
        return None
    subject, word, clitics = m.group("subject").strip(), m.group("verb"), m.group("clitics")
    if word in _AUXILIARY or not word.endswith(_AGREES[subject]) or word.endswith(_CONDITIONAL_ENDINGS) or _imperfect(word):
        return None  # « qui nous pose problème »: « nous » is no subject there; « je poserais », « je préparais »
    after = low[m.end():]
    rest = after.split()
    if word in {"ne", "n"} or {"pas", "rien", "jamais", "personne"} & set(rest[:2]):
        return None  # « je ne peux pas vous l'envoyer », « je te promets rien »: a refusal or a hedge
    if rest and (rest[0][:1].isdigit() or rest[0] in _AMOUNTS):
        return None  # « je te fais 25 % de remise »: terms offered, a decision's matter
    if not re.sub(r"\([^)]*\)|[^\w]", "", after) or _IN_THE_MEETING.search(after):
        return None  # « …, je vous préviens. (rires) », « je vous mets sur haut-parleur »
    if re.match(r"\s*(?:[,:]|que\b|qu'|$)", after) or (rest and rest[0] in _SAYING):
        return None  # « je vous préviens, … », « je viens dire … »: talk, not a task
    verb = infinitive(word)
    if verb in _SAYING and not _TO_LISTENER.search(clitics):
        return None  # « je le dis ce soir »: a verb of saying promises only an answer to the listener
    anchor = _anchor(subject, verb, clitics, after, dated, accepted)
    if anchor is None:
        return None
    doc = load_nlp("fr")(text.replace("’", "'").replace("\u00a0", " "))
    if _tagger_vetoes(next((t for t in doc if t.idx == m.start("verb")), None)):
        return None
    return Promise(subject, verb, anchor)


def _anchor(subject: str, verb: str, clitics: str, after: str, dated: Callable[[], bool], accepted: bool) -> str | None:
    """What ties the action to the listener or to a time, if anything; a stative verb needs a date."""
    if verb in _STATIVE and not (verb in _DATED_ONLY and dated()):
        return None
    if (re.search(r"\bse\b|\bs'", clitics) or (verb in {"faire", "donner", "poser"} and _MEETING_TALK.match(after))) and not dated():
        return None  # « on se pose dix minutes », « je vous donne un exemple »: what happens in the meeting
    if _TO_LISTENER.search(clitics) or (_DATIVE.search(clitics) and dated()):
        return "dative"  # « je te passe le devis »; « je leur envoie un mail demain »; not « on leur tend des guet-apens »
    if (subject in {"je", "j'"} or _OBJECT_CLITIC.search(clitics)) and dated():
        return "dated"  # « on monte à 1 400 en pointe avant Noël » describes; « on la met en place lundi » promises
    if accepted and subject in {"je", "j'"} and after.split():
        return "accepted"
    return None


def _tagger_vetoes(token: Any) -> bool:
    """The morphologizer reads the word as a finite verb in another mood or tense. Only a veto: after a
    subject pronoun and its clitics French has a verb, and the small model often reads one there as
    a noun (« je le change lundi ») or an adjective (« je vous fais ça »); its moods and tenses it reads well."""
    if token is None or token.pos_ not in {"VERB", "AUX"} or "Fin" not in token.morph.get("VerbForm"):
        return False
    mood, tense = token.morph.get("Mood"), token.morph.get("Tense")
    return bool({"Cnd", "Sub", "Imp"} & set(mood) or {"Imp", "Past"} & set(tense))


#: presents that end like an imperfect
_PRESENT_IN_AIS = frozenset({"refais", "refait", "satisfais", "satisfait", "défais", "défait", "connais", "connait",
                             "connaît", "parais", "parait", "paraît", "reconnais", "reconnaît", "complais"})


def _imperfect(word: str) -> bool:
    """« je préparais », « on envoyait »: the imperfect by its form (« je fais », « je sais » are presents)."""
    return word.endswith(("aient", "ais", "ait")) and len(word) > 5 and word not in _PRESENT_IN_AIS


#: the words that close a discussion before the group says what it does: « Alors on… », « Allez, on… »
_CONCLUSION = re.compile(r"^(?:(?:alors|donc|bon|allez|ok|okay|bah|ben|eh bien|très bien|parfait|d'accord|voilà|"
                         r"écoutez|écoute|bref|entendu|c'est bon|ça marche)\s*[,.!:]?\s+)+(?=on\b|nous\b)")
#: what the group does in the meeting or to describe itself, not what it settles: « alors on passe au point
#: suivant », « donc on a un souci », « bon, on se rappelle »
_NOT_SETTLING = frozenset(_STATIVE - {"prendre", "passer", "garder", "partir", "retenir", "rester", "tenir", "arrêter",
                                       "continuer", "payer", "livrer", "utiliser", "perdre", "produire", "fabriquer"}
                          | {"caler", "revenir", "reprendre", "enchaîner", "attaquer", "avancer", "discuter", "finir",
                             "terminer", "retrouver", "voir", "noter", "dérouler", "arriver", "reparler",
                             "rediscuter", "revoir", "réfléchir", "recontacter", "récapituler", "résumer", "galérer"})
#: « on passe au point suivant », « on passe à la démo »: the meeting's own agenda
_AGENDA = re.compile(r"^\s*(?:(?:à|au|aux)\s+(?:la suite|l'ordre|la question|la démo|la partie|l'étape|la prochaine|la "
                     r"dernière|(?:autre chose|point|points|sujet|sujets|chapitre|volet|questions?|suivant|prochain)\b))")


def _fr_decides(low: str, infinitive: Infinitive) -> bool:
    """« Alors on passe à quatre heures et demie », « Allez, on part là-dessus », « Donc on démarre le 19 »:
    a conclusion word, then the group (on, nous) doing something in the present, affirmatively. The
    listener as object makes it a promise (« donc on vous envoie… »), a mental or meeting verb a description."""
    opened = _CONCLUSION.match(low.strip())
    if opened is None:
        return False
    m = _SUBJECT_VERB.match(low.strip(), opened.end() - 1 if opened.end() else 0)
    if m is None:
        return False
    subject, word, clitics = m.group("subject").strip(), m.group("verb"), m.group("clitics")
    after = low.strip()[m.end():]
    if (word in _AUXILIARY or word in {"ne", "n"} or not word.endswith(_AGREES[subject]) or _imperfect(word)
            or word.endswith(_CONDITIONAL_ENDINGS) or _TO_LISTENER.search(clitics) or re.search(r"\b(?:lui|leur)\b", clitics)
            or {"pas", "plus", "jamais", "rien"} & set(after.split()[:3])):
        return False
    if word.endswith("ra") or (re.search(r"\bse\b|\bs'", clitics) and not re.search(r"\ben\b", clitics)):
        return False  # « on le chiffrera »: a promise; « on se remet en salle »: the group moves, « on s'en tient à » settles
    if re.match(r"\s*(?:du|des|de la|de l')\s", after):
        return False  # « alors, on génère du PDF balisé »: what the group does as a rule, not what it settles now
    verb = infinitive(word)
    if verb == "aller":  # « alors on y va »: taken; « donc on va voir »: a future, not a decision
        return "y" in clitics.split() and not re.match(r"\s*[a-zà-ÿ]+(?:er|ir|re)\b", after)
    if not re.sub(r"[^\w]", "", after) and not _OBJECT_CLITIC.search(clitics):
        return False  # « bon, on continue. »: the meeting goes on; « alors on le généralise. » settles a thing named
    return verb not in _NOT_SETTLING and not _AGENDA.match(after) and not _IN_THE_MEETING.search(after)


PROMISE = PromiseGrammar(read=_fr_promise, condition=_CONDITION, decides=_fr_decides)
