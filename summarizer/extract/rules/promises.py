"""Promises the cue lists miss, read by the commitment finder (``extractor.find_commitments``).

The cues know delivery and scheduling verbs (« je vous envoie », « je cale »). A rep's follow-up also holds
promises made with any verb, which a ledger then never sees:

- a dated act for the other party, the speaker acting for « vous »: « je vous réponds sous huitaine »,
  « je vous signe ça avant le 30 juin », « je vous fais un devis … sous quinze jours »;
- checking with someone by a date: « je vois avec l'outillage cette semaine »;
- telling someone named: « je vais en parler à Hervé pendant le POC »;
- a promise whose object is a pronoun, with a verb of handing back or a handover: « on vous le retourne
  complété sous huitaine », « vous l'aurez vendredi, sans faute » (the object comes from the lines before);
- a date said first, its own clause split off by the comma: « et d'ici vendredi, je vous envoie … ».

Wishes, conditionals, questions and statements of authority are filtered by the finder before these.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from summarizer.extract.rules.lexicon import SEND_VERBS

#: verbs after « je vous » that speak, feel, thank or explain in the moment: no act owed to the addressee
_NOT_AN_ACT = (
    r"remerci|dois|devons|avoue|avouons|écout|entend|compren|propos|présent|rappel|confirm|assur|garanti|souhait|"
    r"prie|prévien|conseill|recommand|demand|laiss|pos|dis|disons|suis|sommes|ai|avons|avais|avions|trouv|vois|voyons|sens|"
    r"crois|croyons|pens|connai|connais|attend|félicit|embêt|dérang|interromp|coup|pass|explique|expliquons|"
    r"écris que|parle|parlons|cite|citons|répète|répétons|redi|promets|promettons|jure|donne raison|accord"
)
#: « je vous réponds », « on vous signe ça », « je vous fais un devis »: the speaker acts for the addressee
_FOR_YOU = re.compile(
    rf"\b(?:je|j'|on|nous)\s+vous\s+(?:l'|le |la |les |en )?(?!(?:{_NOT_AN_ACT})\w*\b)[a-zà-ÿ]{{3,}}\b(?!\s*[:,]|\s+qu)", re.I,
)
#: « je vois avec l'outillage », « je regarde ça avec Kevin »: checking with someone, when dated
_SEE_WITH = re.compile(r"\b(?i:je|on|nous)\s+(?i:vois|regarde|verrai|regarderai|voit|regardons|voyons)\s+(?i:ça\s+|cela\s+)?"
                       r"avec\s+(?:(?i:l'|le |la |les |mon |ma |mes |notre |nos )|[A-ZÀ-Ý])")
#: « je vais en parler à Hervé », « j'en parlerai à notre DAF »: telling someone named or a role of one's side (the
#: future only: « il faut que j'en parle à Olivier » is a need, not a promise)
_TELL = re.compile(r"\b(?:(?i:je vais|on va|nous allons)\s+(?i:en |lui en |leur en )?(?i:parler)|(?i:j'en|je lui en|on en)\s+"
                   r"(?i:parlerai|parlera))\s+à\s+(?:[A-ZÀ-Ý][\w-]+|(?i:notre|mon|ma|nos) \w+)")
#: a pronoun object before a verb of delivery or of handing back: « on vous le retourne », « je vous la dépose »
_PRONOUN_ACT = re.compile(
    r"\b(?P<subj>je|j'|on|nous)\s+(?:vous\s+|te\s+|lui\s+|leur\s+)?(?:l'|le\s|la\s|les\s)\s*"
    rf"(?:{SEND_VERBS}|retourn\w*|remet\w*|dépos\w*)", re.I,
)
#: « vous l'aurez vendredi », « vous les recevrez lundi »: the speaker hands it over (object said before), by a
#: date said right after (« vous l'aurez avant » is no date)
_HANDOVER = re.compile(r"(?:^|[,;:]\s*|\b(?:et|oui|alors|donc)\s+)vous\s+(?:l'|les\s|la\s|le\s)\s*(?:aurez|recevrez)\s+"
                       r"(?=d'ici|avant le|demain|après-demain|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|ce soir|"
                       r"cet après-midi|la semaine|en fin de|fin de|dans|sous|le \d|au plus tard)", re.I)
#: a clause that is only a date said first: « Et d'ici vendredi », « Mardi prochain »
_DATE_LEAD = re.compile(
    r"^(?:(?:et|mais|puis|alors|donc|bon)\s+)*(?:d'ici|avant|pour|dès|au plus tard|sous)?\s*(?:le |la |l')?"
    r"(?:demain|après-demain|ce soir|cet après-midi|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"la semaine prochaine|fin (?:de )?(?:la )?(?:semaine|mois)|huitaine|quinze jours)"
    r"(?:\s+(?:prochain|matin|soir|au plus tard|\d{1,2}(?:er)?(?:\s+\w+)?))?$", re.I,
)


class PronounPromise(NamedTuple):
    """A promise whose object is a pronoun; ``speaker_owns``: « je … » or a handover, not « on »/« nous »."""

    speaker_owns: bool


def pronoun_promise(low: str) -> PronounPromise | None:
    """« je vous l'envoie demain », « on vous le retourne complété », « vous l'aurez vendredi »."""
    if _HANDOVER.search(low):
        return PronounPromise(True)
    m = _PRONOUN_ACT.search(low)
    return PronounPromise(m.group("subj") in {"je", "j'"}) if m else None


def act_owed(text: str, dated: bool) -> bool:
    """A firm act owed to someone even without a delivery verb: dated for the addressee, a dated check
    with someone, or telling someone named (``text`` as said: names keep their capitals)."""
    low = text.replace("\u2019", "'").lower()
    if dated and (_FOR_YOU.search(low) or _SEE_WITH.search(text.replace("\u2019", "'"))):
        return True
    return bool(_TELL.search(text.replace("\u2019", "'")))


def is_date_lead(part: str) -> bool:
    """« Et d'ici vendredi »: a date said before the clause it dates, which stays glued to it."""
    return bool(_DATE_LEAD.match(part.strip(" ,;-").replace("\u2019", "'")))
