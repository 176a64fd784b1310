"""English written register: fillers, decision and risk leads, and persons in the third ("I'll" -> "X will")."""

from __future__ import annotations

import re

from summarizer.lang.register import Register, Speakers
from summarizer.lang.words import QUOTED

_KEEP = {"will", "can", "could", "would", "should", "must", "might", "may", "shall", "also", "just", "currently", "already",
         "really", "still", "only", "then", "always", "never", "usually", "probably", "definitely", "all", "both"}
_IRREGULAR = {"have": "has", "are": "is", "am": "is", "were": "was", "do": "does", "don't": "doesn't", "go": "goes",
              "haven't": "hasn't", "aren't": "isn't"}


#: irregular simple pasts, the same in every person ("I found" -> "X found", never "X founds")
_PAST = frozenset("""
    arose awoke bore beat became began bent bit bled blew broke brought built burnt bought caught chose clung came
    crept dealt dug did drew dreamt drank drove ate fell fed felt fought found fled flew forbade forgot forgave froze
    got gave went ground grew hung had heard hid held kept knelt knew laid led leant leapt learnt left lent lit
    lost made meant met paid proved rode rang rose ran said saw sought sold sent shook shone shot showed shrank sang
    sank sat slept slid spoke spent spun split spoilt stood stole stuck stung struck swore swept swam swung took
    taught tore told thought threw understood woke wore wove wept won wrote
""".split())


def third(verb: str) -> str:
    """The third person singular of a verb said in the first: "send" -> "sends", "have" -> "has"; a simple past
    stays as it is ("found", "sent")."""
    low = verb.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low in _KEEP or low in _PAST or not low.isalpha() or (low.endswith("ed") and not low.endswith("eed")):
        return verb
    if low.endswith(("s", "sh", "ch", "x", "o")):
        return verb + "es"
    if low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


_FULL_FORMS = {"gonna": "going to", "wanna": "want to", "gotta": "have to", "kinda": "kind of", "sorta": "sort of"}
_SPOKEN_FORMS = re.compile(r"\b(?:" + "|".join(_FULL_FORMS) + r")\b", re.I)


_YOU_ALL = re.compile(r"\b(you) (?:guys|two|both|all)\b", re.I)
#: short words that may begin the next one and are no broken-off start ("in inside", "a about")
_SHORT_WORDS = frozenset("a i an in on at to of is it be we he me my no so do go up us or as by if am".split())


def _without_fragments(text: str) -> str:
    """"I'm gonna wri write some stuff down" -> "… write some stuff down": a start of the next word that is
    no word itself (two letters or fewer but a short word, or not in the dictionary) was broken off."""
    from summarizer.lang.words import known_word

    words = text.split(" ")
    kept: list[str] = []
    for k, word in enumerate(words):
        low, following = word.lower(), (words[k + 1].lower() if k + 1 < len(words) else "")
        broken = low.isalpha() and following.isalpha() and (
            (len(following) > len(low) and following.startswith(low)
             and ((len(low) <= 2 and low not in _SHORT_WORDS) or not known_word(low, "en")))
            # "protu product": a non-word that begins as the next word does, said again differently
            or (len(low) >= _RESTART_PREFIX and low[:_RESTART_PREFIX] == following[:_RESTART_PREFIX] and low != following
                and not known_word(low, "en") and known_word(following, "en")))
        if broken and kept and k + 1 < len(words) and kept[-1].lower() == following:
            words[k + 1] = ""  # "some s some notes": the word said again after the broken start goes too
        if not broken and word:
            kept.append(word)
    return _SAID_TWICE.sub(r"\1", _ABANDONED_ARTICLE.sub("", " ".join(kept)))


#: a short word said twice in a row ("on on two prototypes", "we we get"); never "that that" or "had had"
_SAID_TWICE = re.compile(r"\b(on|in|at|of|for|with|to|from|a|an|the|we|i|you|it|is|and|or|but)\s+\1\b", re.I)
#: the letters a broken start shares with the word said again ("protu product")
_RESTART_PREFIX = 3
#: an article left for a restart: "working on a on two prototypes", "the of the" -> the article goes
_ABANDONED_ARTICLE = re.compile(r"\b(?:a|an|the)\s+(?=(?:a|an|the|on|in|at|of|for|with|to|from|about)\b)", re.I)


#: an adverb said between "be" and the -ing form ("you two will be together working on…")
_BEFORE_THE_VERB = frozenset({"together", "also", "just", "really", "all", "both", "still", "then", "now"})


#: a contraction after a word that is no pronoun: what a pronoun rewritten alone leaves ("the other party've")
_NAME_CONTRACTED = re.compile(r"(?<![\w'])(?!(?:i|you|we|they|he|she|it|who|that|there|what|where|how|here|this)')"
                              r"[\w-]+'(?:ve|re|ll|d)\b", re.I)
#: the last word needs another after it; "in", "on", "up", "that", "about" may close a sentence ("log in", "do that"),
#: not after a comma ("a session with the specialist, in")
_UNFINISHED_EN = re.compile(r"(?:\b(?:the|a|an|to|of|for|with|from|by|and|or|but|if|because|into)|,\s*(?:in|on|at))\W*$", re.I)
#: an opening verb whose object is a pronoun: "Get it to …", "Send them over", "Get him to look at it"; or a name's
_OPENING_OBJECT = re.compile(r"(?!(?:is|was|are|were|does|did|do|can|could|will|would|should|has|had|have|must|may|might)\b)"
                             r"[A-Za-z]+\s+(?:it|them|him)\b(?!')"
                             # or a name and its verb: "Marcus Bell presents it"
                             r"|(?-i:(?:[A-Z][\w'-]*\s+){1,3})[a-z]+s\s+(?:it|them|him)\b(?!')", re.I)
#: "your time", "on your side": where the other party stands, which the item's owner already says
_YOUR_SIDE = re.compile(r"[\s,]*\b(?:your time|on your (?:side|end))\b[\s,]*", re.I)
#: "myself", "ourselves": after "by" they say "alone", elsewhere in apposition they only insist; after another
#: preposition they are the person ("for myself")
_INSISTING = re.compile(r"[\s,]*\b(?:by\s+)?(?:myself|ourselves|yourself|yourselves)\b", re.I)
_REFLEXIVE_OBJECT = re.compile(r"\b(to|for|with|about|of|from)\s+(?:myself|ourselves|yourself|yourselves)\b", re.I)
_OBJECT_OF = {"myself": "me", "ourselves": "us"}


def _without_insistence(text: str) -> str:
    """"I'll send it tomorrow, your time" -> "… tomorrow"; "I'll call them myself" -> "… call them"."""
    t = _REFLEXIVE_OBJECT.sub(lambda m: f"{m.group(1)} {_OBJECT_OF.get(m.group(0).split()[-1].lower(), 'you')}", text)
    t = _INSISTING.sub("", t)
    return _YOUR_SIDE.sub(lambda m: "" if m.start() == 0 or m.end() == len(t) else " ", t)


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


class English(Register):
    lead = re.compile(
        r"^(?:(?:um+|uh+|well|so|okay|ok|yeah|yes|right|great|perfect|sure|and|but|because|honestly|frankly|(?:look|listen)(?=\s*,)|"
        r"to be (?:honest|transparent|frank)|what i(?:'d| would) suggest is|i(?:'d| would) suggest(?: that)?|let me be (?:honest|clear)|"
        r"i promise(?: you)?(?=\s*[,:]|\s+that\b)(?:\s+that)?)(?![\w'])[\s,.:;!-]*)+",
        re.I,
    )
    inner = re.compile(r"(?:,\s*)?\b(?:um+|uh+|you know|i mean|like(?=,))\b(?:\s*,)?", re.I)
    #: "…, I promise": the speaker vouches for the sentence, which the item states anyway
    tail = re.compile(r"[\s,]*(?:\b(?:right|ok|okay|then|so|you know|I promise|I swear|promise)\b[\s?,.!]*)+$", re.I)
    decided = re.compile(r"^it's (?:decided|agreed),\s+(?=\w+\s+\w+)", re.I)
    decision_lead = re.compile(
        r"^(?:we(?:'ll| will)? go with|we(?:'re| are) going with|let's go (?:with|for)|let's (?:do|book|schedule|set up)(?= (?:the|a|an)\b)|we(?:'ll| will)? go ahead with|"
        r"we(?:'ll| will) move forward with|agreed,?|we confirm|approved:?)\s+", re.I)
    risk_lead = re.compile(r"^(?:(?:the (?:only |real )?(?:risk|issue|problem|concern|worry) is(?: that)?|my concern is(?: that)?|"
                           r"however|that said)(?![\w'])[,:]?\s*)+", re.I)
    action_subject = re.compile(
        r"^(?:[\w' -]{1,30},\s*)?(?:(?:and|so|then|yes|sure|ok|okay|oh|well|uh|um|maybe|perhaps|i think|i guess|[a-z]),?\s+)*"
        r"(?:(?:i|we)(?:'ll| will| can| am going to| are going to| shall|'m gonna|'m going to| have to| gotta| got to)"
        r"|we(?:'re| are) (?:all (?:gonna|going to)|supposed to)|(?:everyone|everybody)(?:'s| is) (?:gonna|going to)"
        r"|you(?: two| guys| both| all)?(?:'ll| will| are going to|'re going to|'re gonna| are gonna| gonna| can)(?!\s+(?:have|receive)\b)"
        r"|(?:is|are) (?:going to|gonna)|will)\s+"
        r"(?:be\s+|go\s+(?!back\b|ahead\b|on\b|out\b|for\b|with\b|to\b|through\b|over\b|off\b))?",
        re.I)

    def tidy(self, text: str) -> str:
        """Spoken contractions in full ("it's gonna look" -> "it's going to look", "we gotta" -> "we have to"),
        and the start of a word broken off and said again ("wri write", "w working") out."""
        text = _YOU_ALL.sub(lambda m: m.group(1), text)  # "tell you guys about…": the other party, whoever they are
        return _without_fragments(_SPOKEN_FORMS.sub(lambda m: _FULL_FORMS[m.group(0).lower()], text))

    def action(self, text: str) -> str:
        """"working on the design" -> "work on the design": the base form, checked in the dictionary."""
        from summarizer.lang.words import known_word

        first, _, rest = _without_fragments(text).partition(" ")  # "together w working": the restart first
        low = first.lower()
        adverb, _, after = rest.partition(" ")
        if low in _BEFORE_THE_VERB and adverb.lower().endswith("ing"):  # "together working on…" -> "work together on…"
            verb, _, tail = self.action(rest).partition(" ")
            return f"{verb} {low} {tail}".strip() if low == "together" else self.action(rest)
        del adverb, after
        if not low.endswith("ing") or len(low) < 5:  # "doing" -> "do"
            return text
        stem = low[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
            candidates = [stem[:-1], stem]  # "putting" -> "put", never the golfer's "putt"
        elif len(stem) > 1 and stem[-1] not in "aeiouwxy" and stem[-2] in "aeiou":
            candidates = [stem + "e", stem]  # "using" -> "use", never "us"
        else:
            candidates = [stem, stem + "e"]
        base = next((c for c in candidates if known_word(c, "en")), None)
        return f"{base} {rest}".strip() if base else text

    def broken(self, text: str) -> bool:
        """"the other party've got", "X'd have": a contraction belongs to its pronoun; after the name the pronoun
        became it is no English, and the speaker's words serve better. So is a text cut after an article, a
        preposition that needs its noun or a conjunction ("Put the sheet in the")."""
        unquoted = QUOTED.sub("«»", text)
        return bool(_NAME_CONTRACTED.search(unquoted) or _UNFINISHED_EN.search(unquoted))

    def dangling(self, text: str) -> bool:
        """"Get it to X by March": the object pronoun of the opening verb names what was said before the item;
        read alone in a CRC it names nothing."""
        return bool(_OPENING_OBJECT.match(QUOTED.sub("«»", text)))

    def persons(self, text: str, voice: Speakers) -> str:
        me, us, you = voice.me, voice.us, voice.you
        t = _without_insistence(text)
        t = re.sub(r"\bI'm\b", f"{me} is", t)
        t = re.sub(r"\bI'll\b", f"{me} will", t)
        t = re.sub(r"\bI've\b", f"{me} has", t)
        t = re.sub(r"\bI'd\b", f"{me} would", t)
        t = re.sub(r"\bwe're\b", f"{us} is", t, flags=re.I)
        t = re.sub(r"\bwe'll\b", f"{us} will", t, flags=re.I)
        t = re.sub(r"\bwe've\b", f"{us} has", t, flags=re.I)
        t = re.sub(r"\byou're\b", f"{you} is", t, flags=re.I)
        t = re.sub(r"\byou'll\b", f"{you} will", t, flags=re.I)
        t = re.sub(r"\byou've\b", f"{you} has", t, flags=re.I)
        # "you'd have" is "would"; "you'd decided", "you'd better" may be "had": those stay, and ``broken`` sends the
        # item back to the speaker's words
        t = re.sub(r"\b(you|we)'d\s+(?!(?:rather|better|[a-z]+(?<!e)ed|" + "|".join(_PAST) + r")\b)",
                   lambda m: f"{you if m.group(1).lower() == 'you' else us} would ", t, flags=re.I)
        t = re.sub(r"\b(can|could|will|would|should|shall|may|might|must|to|let|did|does|do)\s+(I|we|you)\b",
                   lambda m: m.group(1) + " " + {"i": me, "we": us, "you": you}[m.group(2).lower()], t, flags=re.I)
        t = re.sub(r"\b(I|we)\s+([A-Za-z']+)", lambda m: (
            {"i": me, "we": us}[m.group(1).lower()] + " " + third(m.group(2))), t, flags=re.I)
        # "you" is a subject only where a clause starts; elsewhere ("get you the data") it is an object
        t = re.sub(r"(^|[,;:]\s*|\b(?:if|when|so|that|and|but|once|then|because|as|until|before|after)\s+)you\s+([A-Za-z']+)",
                   lambda m: f"{m.group(1)}{you} {third(m.group(2))}", t, flags=re.I)
        t = re.sub(r"\b(?:my|mine)\b", _possessive(me), t, flags=re.I)
        t = re.sub(r"\b(?:our|ours)\b", _possessive(us), t, flags=re.I)
        t = re.sub(r"\b(?:your|yours)\b", _possessive(you), t, flags=re.I)
        t = re.sub(r"\b(?:me|I)\b", me, t)
        t = re.sub(r"\b(?<!U\.)(?:us|we)\b(?!\.)", us, t)
        t = re.sub(r"\byou\b", you, t, flags=re.I)
        return re.sub(r"'s?'s\b", "'s", t)


REGISTER = English()
