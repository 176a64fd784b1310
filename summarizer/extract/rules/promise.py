"""A promise read from the grammar of the clause, not from a list of verbs.

The verb lists of :mod:`lexicon` name what the samples' reps said ("j'envoie", "je cale"); calls
written by others promise with any verb: « je vous crée des accès dès demain », « je préviens les
directeurs cette semaine », « je te passe le devis ce soir », "I set up the workspace by Friday".
What they share is grammatical: a first-person subject, an action verb in the present or future
indicative (the morphologizer's reading, not a suffix rule), and something that makes the
statement a promise rather than a description: the listener as indirect object (« je *vous* fais
l'extraction »), a due date, or the acceptance it follows (« Oui. Je transfère
vos documents à l'architecte »). Mental and stative verbs (savoir, penser, comprendre…) never
promise, and neither do the compound past (« je vous ai envoyé », a report on progress) nor the
imperfect or the conditional.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from summarizer.nlp import load_nlp

#: subject, then the object and reflexive pronouns a French verb carries before it
_FR_SUBJECT_VERB = re.compile(
    r"(?:^|[\s,«(])(?P<subject>je\s+|j'\s*|on\s+|nous\s+)"
    r"(?P<clitics>(?:(?:vous|te|lui|leur|nous|me|le|la|les|en|y|se)\s+|[mtls]'\s*)*)"
    r"(?P<verb>[a-zà-ÿ]+)\b"
)
_EN_SUBJECT_VERB = re.compile(r"(?:^|[\s,])(?P<subject>i|we)\s+(?:(?:just|also|then|now|both)\s+)?(?P<verb>[a-z]+)\b(?!')")
#: pronouns naming the listener (or a third person) as the one the action is for
_DATIVE = re.compile(r"\b(?:vous|te|lui|leur)\b|\bt'")

#: verbs that describe a state of mind, an ability or a habit of speech: never a promise by themselves
_FR_STATIVE = frozenset({
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
_FR_DATED_ONLY = frozenset({"passer", "confirmer", "dire", "présenter", "partager", "regarder", "rappeler",
                            "demander", "venir", "commencer", "répéter", "appeler", "expliquer",
                            "livrer", "prendre"})
_EN_STATIVE = frozenset({
    "am", "are", "was", "were", "be", "been", "have", "had", "has", "do", "did", "don't", "didn't", "think",
    "know", "guess", "mean", "need", "want", "like", "love", "hope", "feel", "see", "understand", "believe",
    "agree", "must", "can", "could", "should", "would", "may", "might", "said", "told", "got", "get", "just",
    "really", "totally", "usually", "always", "never", "also", "heard", "wonder", "remember", "forgot",
    "appreciate", "thank", "thought", "knew", "saw", "use", "used", "work", "worked", "go", "went", "look",
    "looked", "try", "tried", "talk", "talked", "say", "wanted", "needed", "liked", "loved", "actually",
    "still", "only", "already", "probably", "definitely", "kind", "sort",
})


@dataclass(frozen=True)
class Promise:
    """What made the clause a promise: its subject, its verb's infinitive and the anchor found."""

    subject: str
    verb: str
    anchor: str  # dative | dated | accepted


#: forms of avoir and être: a compound past or a state, never a promise by themselves
_AUXILIARY = frozenset({"ai", "as", "a", "avons", "avez", "ont", "suis", "es", "est", "sommes", "êtes", "sont"})
#: (word) -> the infinitive of a conjugated verb
Infinitive = Callable[[str], str]


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


def _fr_promise(low: str, text: str, dated: bool, accepted: bool, infinitive: Infinitive) -> Promise | None:
    m = _FR_SUBJECT_VERB.search(low)
    if m is None:
        return None  # spare the tagger
    subject, word = m.group("subject").strip(), m.group("verb")
    if word in _AUXILIARY or not word.endswith(_AGREES[subject]) or word.endswith(_CONDITIONAL_ENDINGS):
        return None  # « qui nous pose problème »: « nous » is no subject there; « je poserais »: a conditional
    if _imperfect(word):
        return None
    doc = load_nlp("fr")(text.replace("’", "'").replace("\u00a0", " "))
    if _tagger_vetoes(next((t for t in doc if t.idx == m.start("verb")), None)):
        return None
    verb = infinitive(word)
    if verb in _FR_STATIVE and not (dated and verb in _FR_DATED_ONLY):
        return None
    if verb in _SAYING and not _TO_LISTENER.search(m.group("clitics")):
        return None  # « je le dis ce soir »: a verb of saying promises only an answer to the listener
    clitics = m.group("clitics")
    if re.search(r"\bse\b|\bs'", clitics) and not dated:
        return None  # « on se pose dix minutes »: what happens in the meeting
    after = low[m.end():]
    rest = after.split()
    if word in {"ne", "n"} or {"pas", "rien", "jamais", "personne"} & set(rest[:2]):
        return None  # « je ne peux pas vous l'envoyer », « je te promets rien »: a refusal or a hedge
    if rest and (rest[0][:1].isdigit() or rest[0] in _AMOUNTS):
        return None  # « je te fais 25 % de remise »: terms offered, a decision's matter
    if not re.sub(r"\([^)]*\)|[^\w]", "", after) or _IN_THE_MEETING.search(after):
        return None  # « …, je vous préviens. (rires) », « je vous mets sur haut-parleur »
    if (re.match(r"\s*(?:[,:]|que\b|qu'|$)", after) or (rest and rest[0] in _SAYING)
            or (verb in {"faire", "donner", "poser"} and _MEETING_TALK.match(after) and not dated)):
        return None  # « je vous préviens, … », « je viens dire … », « je vous donne un exemple »: talk, not a task
    if _TO_LISTENER.search(clitics) or (dated and _DATIVE.search(clitics)):
        anchor = "dative"  # « je te passe le devis »; « je leur envoie un mail demain »; not « on leur tend des guet-apens »
    elif dated and (subject in {"je", "j'"} or _OBJECT_CLITIC.search(clitics)):
        anchor = "dated"  # « on monte à 1 400 en pointe avant Noël » describes; « on la met en place lundi » promises
    elif accepted and subject in {"je", "j'"} and rest:
        anchor = "accepted"
    else:
        return None
    return Promise(subject, verb, anchor)


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


def _en_promise(low: str, text: str, dated: bool, accepted: bool, infinitive: Infinitive) -> Promise | None:
    del text, accepted, infinitive  # English promises need a date: "I present it on the 26th"
    m = _EN_SUBJECT_VERB.search(low)
    if m is None or not dated:
        return None
    verb = m.group("verb")
    if re.search(r"\bif\b", low) or verb in {"i", "we", "you", "they", "it", "uh", "um"}:
        return None  # a condition, or a stutter (« we we get »)
    if verb in _EN_STATIVE or verb.endswith(("ed", "ing", "n't")) or verb.endswith("'ll"):
        return None
    return Promise(m.group("subject"), verb, "dated")


_CONDITIONS = {"fr": _CONDITION, "en": re.compile(r"(?:^|[\s,])if\s+")}


def conditional(low: str, before: str, language: str) -> bool:
    """The clause, or the one before it in its sentence, sets a condition: « je vous appellerai si j'ai
    des questions », « si ça arrive, je te fais le réassort », "if you need it, I'll send it"."""
    pattern = _CONDITIONS.get(language)
    return pattern is not None and bool(pattern.search(low) or pattern.search(before))


_READERS: dict[str, Callable[[str, str, bool, bool, Infinitive], Promise | None]] = {"fr": _fr_promise, "en": _en_promise}


def read_promise(low: str, text: str, language: str, infinitive: Infinitive, *, dated: bool,
                 accepted: bool) -> Promise | None:
    """The promise the clause makes by its grammar, or None. ``dated``: a due date was found in it;
    ``accepted``: it follows the speaker's own short acceptance (« Oui. », « Très bien. »)."""
    reader = _READERS.get(language)
    return reader(low, text, dated, accepted, infinitive) if reader is not None else None
