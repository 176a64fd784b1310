"""What a promise is to the rules backend, and the grammar each language pack reads it with.

Calls written by others promise with any verb (« je vous crée des accès dès demain », "I set up the
workspace by Friday"), so the rules read a promise from the clause's grammar, not from a verb
list: a first-person subject, an action verb in the present or future, and what ties it to the
listener or to a time. Each pack holds its own reading (``lang/<code>/promise.py``); a pack without
one reads no promise from grammar, and its cues alone find commitments.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

#: (word) -> the infinitive of a conjugated verb
Infinitive = Callable[[str], str]
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class Promise:
    """What made the clause a promise: its subject, its verb's infinitive and the anchor found."""

    subject: str
    verb: str
    anchor: str  # dative | dated | accepted | told (someone named is told)


def _reads_none(low: str, text: str, dated: Callable[[], bool], accepted: bool, infinitive: Infinitive) -> Promise | None:
    del low, text, dated, accepted, infinitive
    return None


def _decides_never(low: str, infinitive: Infinitive) -> bool:
    del low, infinitive
    return False


@dataclass(frozen=True)
class PromiseGrammar:
    """``read(low, text, dated, accepted, infinitive)``: the promise a clause makes, or None. ``dated()``:
    whether a day is named in it (asked only when needed: finding dates costs); ``accepted``: it follows
    the speaker's own short yes. ``condition``: what makes
    a clause (or the one before it in its sentence) hang on a condition. ``decides(low, infinitive)``: the
    clause concludes with what the group does from now on (« Alors on le généralise »), a decision
    whatever its verb."""

    read: Callable[[str, str, Callable[[], bool], bool, Infinitive], Promise | None] = _reads_none
    condition: re.Pattern[str] = field(default=_NEVER)
    decides: Callable[[str, Infinitive], bool] = _decides_never

    def conditional(self, low: str, before: str) -> bool:
        """« je vous appellerai si j'ai des questions », « si ça arrive, je te fais le réassort »."""
        return bool(self.condition.search(low) or self.condition.search(before))
