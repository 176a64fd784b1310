"""French, the product's first language: the base rules of :class:`~summarizer.lang.base.Lang`."""

import re

from summarizer.lang.base import Lang, Prompts
from summarizer.lang.fr.cues import CUES
from summarizer.lang.fr.messages import MESSAGES
from summarizer.lang.fr.promise import PROMISE
from summarizer.lang.fr.register import REGISTER
from summarizer.lang.fr.spoken import SPOKEN
from summarizer.lang.fr.strings import STRINGS
from summarizer.lang.wordrules import WordRules

LANG = Lang(
    code="fr",
    locale="fr-FR",
    strings=STRINGS,
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"),
    register=REGISTER,
    cues=CUES,
    promise=PROMISE,
    messages=MESSAGES,
    spoken=SPOKEN,
    words=WordRules("fr", elision=re.compile(r"^(?:l|d|j|m|t|s|n|c|ç|qu|jusqu|lorsqu|puisqu|presqu|quoiqu)'(?=\w)", re.I),
                    verb_endings=("eraient", "erions", "eriez", "eront", "erait", "erons", "erez", "erai", "era", "ent",
                                  "ée", "ées", "és", "é", "e", "es", "ons", "ez", "iront", "irait", "iraient", "ira",
                                  "it", "issent", "issait", "is", "ie", "ies"),
                    other="en"),
    function_words=re.compile(r"\b(le|la|les|des|est|et|une|pour|vous|nous|on|pas|que|qui|dans|avec|c'est|je|sur)\b", re.I),
    prompts=Prompts(
        call_with="Appel commercial avec {client}.",
        call="Appel commercial.",
        participants="Participants : {names}.",
        chunk="Ceci est la partie {part} sur {parts} d'un long appel : n'extrais que ce qui figure dans ces lignes.",
        type_hints=(
            "Repères par type de réunion : découverte = douleur, critères, décideurs, budget ; "
            "démo/POC = cas d'usage validés, écarts, plan de remédiation ; négociation = prix, SLA, calendrier, clauses, "
            "revue juridique ; QBR = KPI, valeur livrée, expansion ; renouvellement = échéance du contrat, conditions."
        ),
        unknown="non précisé",
        weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    ),
    grammar_check=True,
)
