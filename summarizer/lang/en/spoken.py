"""English spoken markers: persons and fillers ("US" the country aside)."""

from __future__ import annotations

import re

from summarizer.lang.spoken import Spoken, spoken_words

#: first and second person (pronouns and possessives): a CRC speaks of people in the third person
_PERSONS = r"i|i'm|i'll|i've|i'd|me|my|mine|we|we'll|we're|we've|us|our|ours|you|you'll|you're|your|yours"
_FILLERS = r"um+|uh+|erm|hmm+|^well|^so|okay|^ok|yeah|^right|you know|i mean|gonna|wanna|gotta|kinda|sorta"


class English(Spoken):
    words = spoken_words(_PERSONS, _FILLERS)

    def normal(self, text: str) -> str:
        return re.sub(r"\bUS\b", "U.S.", text)  # the country, not "us"


SPOKEN = English()
