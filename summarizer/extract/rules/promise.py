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
    "signaler", "insister", "invoquer", "revendiquer", "observer", "avertir", "annoncer", "accuser", "éditer", "importer", "fabriquer", "produire", "livrer",
})
#: ... unless a due date says when: « je passe en comité le 16 juin », « je vous confirme ça demain »
_FR_DATED_ONLY = frozenset({"passer", "confirmer", "dire", "présenter", "partager", "regarder", "rappeler",
                            "demander", "venir", "commencer", "répéter", "appeler", "montrer", "expliquer",
                            "livrer"})
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
#: infinitives of saying after the verb: « je viens dire », « je vais vous expliquer »
_SAYING = frozenset({"dire", "parler", "expliquer", "rappeler", "préciser", "répondre", "redire", "raconter"})
#: the conditional's endings, which no present or future form of a subject pronoun's verb has
_CONDITIONAL_ENDINGS = ("rais", "rait", "rions", "raient")
#: the object and the clitics that stand for a thing already named: « on la met en place lundi »
_OBJECT_CLITIC = re.compile(r"\b(?:le|la|les|en)\b|\bl'")


def _fr_promise(low: str, text: str, dated: bool, accepted: bool, infinitive: Infinitive,
                before: str = "") -> Promise | None:
    m = _FR_SUBJECT_VERB.search(low)
    if m is None:
        return None  # spare the tagger
    subject, word = m.group("subject").strip(), m.group("verb")
    if word in _AUXILIARY or not word.endswith(_AGREES[subject]) or word.endswith(_CONDITIONAL_ENDINGS):
        return None  # « qui nous pose problème »: « nous » is no subject there; « je poserais »: a conditional
    doc = load_nlp("fr")(text.replace("’", "'").replace("\u00a0", " "))
    token = next((t for t in doc if t.idx == m.start("verb")), None)
    if token is None or not _finite_present_or_future(token):
        return None
    verb = infinitive(word)
    if verb in _FR_STATIVE and not (dated and verb in _FR_DATED_ONLY):
        return None
    clitics = m.group("clitics")
    if re.search(r"\bse\b|\bs'", clitics) and not dated:
        return None  # « on se pose dix minutes »: what happens in the meeting
    after = low[m.end():]
    rest = after.split()
    if (re.match(r"\s*(?:[,:]|que\b|qu'|$)", after) or (rest and rest[0] in _SAYING)
            or (verb in {"faire", "donner", "poser"} and _MEETING_TALK.match(after) and not dated)):
        return None  # « je vous préviens, … », « je viens dire … », « je vous donne un exemple »: talk, not a task
    if _DATIVE.search(clitics):
        anchor = "dative"
    elif dated and (subject in {"je", "j'"} or _OBJECT_CLITIC.search(clitics)):
        anchor = "dated"  # « on monte à 1 400 en pointe avant Noël » describes; « on la met en place lundi » promises
    elif accepted and subject in {"je", "j'"} and rest:
        anchor = "accepted"
    else:
        return None
    return Promise(subject, verb, anchor)


def _finite_present_or_future(token: Any) -> bool:
    """The morphologizer reads an indicative verb in the present or future, not a compound past's auxiliary."""
    morph = token.morph
    if token.pos_ not in {"VERB", "AUX"} or {"Part", "Inf"} & set(morph.get("VerbForm")):
        return False
    mood, tense = morph.get("Mood"), morph.get("Tense")
    if (mood and "Ind" not in mood) or (tense and not {"Pres", "Fut"} & set(tense)):
        return False  # conditional, subjunctive, imperative; imperfect, simple past
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return not (following is not None and following.pos_ == "VERB" and "Part" in following.morph.get("VerbForm"))


def _en_promise(low: str, text: str, dated: bool, accepted: bool, infinitive: Infinitive,
                before: str = "") -> Promise | None:
    del text, accepted, infinitive, before  # English promises need a date: "I present it on the 26th"
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
    return pattern is not None and bool(pattern.search(low) or pattern.match(before))


_READERS: dict[str, Callable[..., Promise | None]] = {"fr": _fr_promise, "en": _en_promise}


def read_promise(low: str, text: str, language: str, infinitive: Infinitive, *, dated: bool,
                 accepted: bool, before: str = "") -> Promise | None:
    """The promise the clause makes by its grammar, or None. ``dated``: a due date was found in it;
    ``accepted``: it follows the speaker's own short acceptance (« Oui. », « Très bien. »); ``before``:
    the clause before it in the same sentence (lower case), where a condition may stand."""
    reader = _READERS.get(language)
    return reader(low, text, dated, accepted, infinitive, before) if reader is not None else None
