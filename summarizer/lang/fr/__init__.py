"""French, the product's first language: the base rules of :class:`~summarizer.lang.base.Lang`."""

from summarizer.lang.base import Lang
from summarizer.lang.fr.cues import CUES
from summarizer.lang.fr.messages import MESSAGES
from summarizer.lang.fr.register import REGISTER
from summarizer.lang.fr.strings import STRINGS

LANG = Lang(
    code="fr",
    locale="fr-FR",
    strings=STRINGS,
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"),
    register=REGISTER,
    cues=CUES,
    messages=MESSAGES,
)
