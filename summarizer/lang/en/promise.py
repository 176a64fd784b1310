"""English promises read from the grammar of the clause (see :mod:`summarizer.lang.promise`): "I"
or "we", an action verb, and a day named ("then I set up the workspace by Friday"); no condition,
no stutter ("we we get"). English has no morphology to read a present from a past in "I set", so
the date is what makes it a promise."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.lang.promise import Infinitive, Promise, PromiseGrammar

_SUBJECT_VERB = _EN_SUBJECT_VERB = re.compile(r"(?:^|[\s,])(?P<subject>i|we)\s+(?:(?:just|also|then|now|both)\s+)?(?P<verb>[a-z]+)\b(?!')")
_STATIVE = frozenset({
    "am", "are", "was", "were", "be", "been", "have", "had", "has", "do", "did", "don't", "didn't", "think",
    "know", "guess", "mean", "need", "want", "like", "love", "hope", "feel", "see", "understand", "believe",
    "agree", "must", "can", "could", "should", "would", "may", "might", "said", "told", "got", "get", "just",
    "really", "totally", "usually", "always", "never", "also", "heard", "wonder", "remember", "forgot",
    "appreciate", "thank", "thought", "knew", "saw", "use", "used", "work", "worked", "go", "went", "look",
    "looked", "try", "tried", "talk", "talked", "say", "wanted", "needed", "liked", "loved", "actually",
    "still", "only", "already", "probably", "definitely", "kind", "sort",
})


def _en_promise(low: str, text: str, dated: Callable[[], bool], accepted: bool, infinitive: Infinitive) -> Promise | None:
    del text, accepted, infinitive  # English promises need a date: "I present it on the 26th"
    m = _SUBJECT_VERB.search(low)
    if m is None:
        return None
    verb = m.group("verb")
    if re.search(r"\bif\b", low) or verb in {"i", "we", "you", "they", "it", "uh", "um"}:
        return None  # a condition, or a stutter (« we we get »)
    if verb in _STATIVE or verb.endswith(("ed", "ing", "n't")) or verb.endswith("'ll") or not dated():
        return None
    return Promise(m.group("subject"), verb, "dated")


PROMISE = PromiseGrammar(read=_en_promise, condition=re.compile(r"(?:^|[\s,])(?:if\s+|once\s+we\b)"))
