"""Evidence checks: is a quote really in the transcript segment it cites?

Used by the CRC validators (strict, every backend) and by the LLM backend's
response validators. Kept free of any schema import so both can use it.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00a0": " ", "\u202f": " "})
_QUOTES = re.compile(r"[\"«»“”„]")
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+(?:[ .,]\d+)*")

#: rapidfuzz score (0-100) above which a quote counts as found; tolerates ASR
#: punctuation and apostrophe variants, not different words.
FUZZY_THRESHOLD = 90.0


def normalize(text: str) -> str:
    """Case-, accent-width- and punctuation-spacing-insensitive form for matching."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    text = _QUOTES.sub("", text)
    text = re.sub(r"\s*([,;:!?.…])\s*", r"\1 ", text)
    return _SPACES.sub(" ", text).strip().lower().rstrip(" .,;:!?…")


def quote_in_text(quote: str, text: str, threshold: float = FUZZY_THRESHOLD) -> bool:
    """True when ``quote`` occurs in ``text``: exactly after normalisation, else fuzzily.

    The fuzzy path uses rapidfuzz's ``partial_ratio`` so a quote may be any
    contiguous part of the segment, with small transcription differences. A quote longer
    than the segment is compared whole (``ratio``): ``partial_ratio`` would align the
    segment inside the quote, so a backchannel ("Oui.", "Yeah") would "contain" any long
    quote that has its words.
    """
    q, t = normalize(quote), normalize(text)
    if not q:
        return False
    if q in t:
        return True
    if len(q) < 12:  # too short for a fuzzy match to mean anything
        return False
    if not set(_NUMBER.findall(q)) <= set(_NUMBER.findall(t)):
        return False  # "80 000" is not "50 000", however close the rest is
    if len(q) > len(t):
        return fuzz.ratio(q, t) >= threshold
    return fuzz.partial_ratio(q, t) >= threshold
