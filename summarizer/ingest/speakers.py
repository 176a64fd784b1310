"""Real names for speakers, only from what was given or said; never a guess.

Evidence, weighed per speaker and per person (a person is every form of a name that
shares a word, give or take one letter of ASR spelling: "Olivier Gasnier", "Monsieur
Gasnier", "Olivier"; a full name said anywhere links its first and last names):

- a self-introduction, +3 ("moi c'est Claire Martin", "Claire Martin, de chez Logivia",
  "Bonjour à tous, Lucie Chabanel.", "Rémi à l'appareil", "c'est Fabien, d'Alpibureau",
  "This is Diane", "I'm Sheila");
- a vocative: a question to someone by name goes to the next speaker, +2 when they say yes
  ("Marc, vous pouvez … ?" then "Oui …"), else +1; a greeting or thanks by name goes to the
  speaker before and after it (+1, +1.5 with a title: "Bonjour Madame Leroy"), else half to
  each, as a name in a statement does; in a call of two, every vocative names the other one;
- someone just presented ("je suis avec Isabelle") whose next turn is a bare "Bonjour.", +1;
- naming someone is evidence of not being them: −2 for a vocative, −1 for a title or a
  presentation ("Madame Chavanel est sur la route"); "c'est Bastien qui a les plans" names nobody.

A speaker takes a person when the sum reaches 1.5 (one greeting or unanswered question is not
enough) and 1.5 times anyone else's; a person goes to one speaker only (the strongest; a tie names
nobody). A vocative name must be a person: given (``--participants``), introduced, presented, said
with a title, or a PER entity of spaCy's recogniser (``is_person``). The name shown is the participant
given, else the full name introduced, each word in the spelling the call uses most. With
``--participants``, the last participant left goes to the last speaker left.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from summarizer.lang import code_of, get_lang
from summarizer.names import name_key

S = TypeVar("S", bound=Hashable)

#: one capitalised name word (Claire, Jean-Marc, O'Neil, Éloïse, N'Diaye)
_WORD = r"(?:[A-Z]['’])?[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:[-'’][A-ZÀ-ÖØ-Þ]?[a-zà-öø-ÿ]+)*"
_PART = r"(?:de\s+|van\s+|von\s+|le\s+|la\s+|Le\s+|La\s+|De\s+)"
_NAME = rf"(?P<name>{_WORD}(?:\s+{_PART}?{_WORD})?)"
#: a full name: first and last (the form people introduce themselves with)
_FULL = rf"(?P<name>{_WORD}(?:\s+{_PART}?{_WORD}){{1,2}})"
_TITLE = r"(?:Monsieur|Madame|Mademoiselle|M\.|Mme|Mr\.?|Mrs\.?|Ms\.?|Miss|Maître|Docteur|Dr\.?)"
_GREET = (
    r"(?:bonjour|bonsoir|rebonjour|allô|allo|salut|coucou|hello|hi|hey|good\s+morning|good\s+afternoon)"
    r"(?:\s+(?:à\s+tous(?:\s+les\s+deux)?|tout\s+le\s+monde|everyone|all))?"
)
_LEAD = rf"(?:(?i:{_GREET}|oui|ouais|alors|ah|bon|très\s+bien|yes|well|so)\s*[,.!?]?\s*)"
_ORG_AFTER = (
    r"(?:de\s+chez|de\s+la\s+société|du\s+cabinet|du\s+groupe|des\s+laboratoires|de\s+la|du|des|d['’]|de|from|at|with|here)"
)

#: the speaker's own name (cue words in any case via ``(?i:…)``; the name itself must be capitalised)
_SELF_INTRO = [
    re.compile(
        rf"\b(?i:moi,?\s+c['’]est|c['’]est\s+moi,?|et\s+moi,?|je\s+m['’]appelle|mon\s+nom\s+est|allô,?\s+ici|je\s+suis)\s+{_NAME}"
    ),
    # (never "Megan, this is Hélène, she's our account manager": that presents someone)
    re.compile(
        rf"\b(?:(?i:this\s+is|my\s+name\s+is|my\s+name['’]s)|I['’]m|I\s+am)\s+(?>{_NAME})"
        rf"(?!\s*,?\s*(?i:she|he|who|our|my|his|her|is|will|qui|notre|votre)\b)"
    ),
    # "Claire Martin, de chez Logivia", "Diane from Acme", "Karima Saïdi, je suis …": at a turn's or clause's start
    re.compile(rf"(?:^|[,.!?]\s*){_LEAD}{{0,3}}{_NAME},?\s+(?:(?i:de\s+chez|de\s+la\s+société)\s+\S|from\s+[A-ZÀ-Þ])"),
    re.compile(rf"(?:^|[,.!?]\s*){_LEAD}{{0,3}}{_FULL},\s+(?i:je\s+suis|I['’]m|I\s+am|{_ORG_AFTER})\s+\S"),
    # "ils sont avec moi, Vincent Lhomme."
    re.compile(rf"\b(?i:moi),\s+{_FULL}\s*(?:[.!,]|$)"),
    # "Bonjour à tous, Lucie Chabanel." / "Oui bonjour, Mélanie Rigal, Arverne Location": a full name after a greeting
    re.compile(rf"^(?:{_LEAD}){{0,2}}(?i:{_GREET})\s*[,.!?]?\s*(?:{_LEAD}){{0,2}}{_FULL}\s*(?:[.!]|,\s+[A-ZÀ-Þ]|$)"),
    # "Rémi à l'appareil", "Sextant Ingénierie, Aurélie Mercadier bonjour", "Diane here", "Diane speaking"
    re.compile(rf"(?:^|[,.!?]\s*){_LEAD}{{0,2}}{_NAME}\s+(?i:à\s+l['’]appareil|here|speaking|bonjour)\b"),
    # "c'est Fabien, d'Alpibureau", "Ah, Gaëlle, c'est Soizic !" (never "c'est Bastien qui a les plans")
    re.compile(rf"\b(?i:c['’]est)\s+{_NAME}\s*(?:!|,\s*(?i:{_ORG_AFTER})\s*[A-ZÀ-Þ]|\s+(?i:de\s+chez|à\s+l['’]appareil))"),
]
#: someone presenting a third person: names the vocatives may use
_PRESENTS = re.compile(
    rf"\b(?i:je\s+vous\s+présente|voici|avec\s+moi|je\s+suis\s+avec|il\s+y\s+a|avec|with\s+me\s+is|let\s+me\s+introduce|here['’]s)\s+{_NAME}"
)
#: "Claire Vasseur est souscriptrice", "Agnès Morvan, directrice administrative", "et Mehdi Zerrouki, directeur"
_PRESENTED = re.compile(rf"(?:^|[,.]\s+|\bet\s+){_FULL}(?:,?\s+(?:est|notre|votre|qui|is|our|your)\b|,\s+[a-zà-ÿ])")
#: "Et Sami, qui gère toute notre infra.", "and Nick, our loyalty lead", "Lucie, qui fera la démo"
_PRESENTED_FIRST = re.compile(rf"(?:^|[.!?,]\s+)(?i:et|and)\s+{_NAME},\s+(?:qui|notre|votre|mon|ma|our|my|who)\b")
_PRESENTED_WHO = re.compile(rf"(?:^|[.!?,]\s+){_NAME},\s+(?:qui|who)\b")
#: "Bonjour.", "Bonjour à tous." : the whole turn of someone just presented
_BARE_GREETING = re.compile(rf"^\W*(?i:{_GREET})\W*$")
_TITLED = re.compile(rf"\b{_TITLE}\s+{_NAME}")
#: "Marc, vous pouvez … ?" / "Patrice tu es là ?" / "… Marc ?" / "Agnès ?"
_VOCATIVE_START = re.compile(
    rf"^(?:(?i:alors|et|donc|bon|oui|ah|so|and|well|ok|okay)\s*,?\s+)?(?:{_TITLE}\s+)?{_NAME}\s*(?:,|\?|\s+(?=(?i:tu|vous|you)\b))"
)
#: "Agnès, Mehdi, vous êtes sur place ?": two people asked at once; the second name of the pair
_VOCATIVE_PAIR = re.compile(
    rf"^(?:(?i:alors|et|donc|bon|oui|ah|so|and|well|ok|okay)\s*,?\s+)?{_NAME}\s*(?:,|\s+(?i:et|and))\s+"
    rf"(?P<second>{_WORD})\s*,\s*(?=(?i:tu|vous|you)\b)"
)
_VOCATIVE_END = re.compile(rf",\s*(?:(?i:hein|non|oui)\s*,?\s*)?(?:{_TITLE}\s+)?{_NAME}\s*[?.!]*\s*$")
#: "Pour le paramétrage, Madame Fournié, il me faudrait …": a title between commas
_VOCATIVE_TITLED = re.compile(rf",\s*{_TITLE}\s+{_NAME}\s*,")
#: "Bonjour Madame Leroy", "Merci Fabien", "Salut Yann", "Bonne route, Hélène", "À lundi, Hélène"
_GREETING = re.compile(
    rf"(?:^|[,.!?]\s*)(?i:{_GREET}|merci(?:\s+beaucoup)?|adieu|kenavo|au\s+revoir|bonne\s+(?:journée|soirée|route)|"
    rf"à\s+(?:lundi|mardi|mercredi|jeudi|vendredi|demain|bientôt|plus)|thanks|thank\s+you|bye)"
    rf"(?:\s+|,\s+(?=(?:{_TITLE}\s+)?[A-ZÀ-Þ][^,.!?]*[.!?]?\s*$)|,\s+(?={_TITLE}))(?P<title>{_TITLE}\s+)?{_NAME}\s*(?=[,.!?]|$)"
)
_YES = re.compile(
    r"^\W*(?:oui|ouais|bien\s+sûr|tout\s+à\s+fait|absolument|d['’]accord|volontiers|exactement|très\s+bien|"
    r"parfaitement|entendu|je\s+confirme|c['’]est\s+noté|ça\s+marche|je\s+vous\s+entends|je\s+t['’]entends|"
    r"yes|yeah|yep|sure|of\s+course|absolutely|certainly|okay|ok)\b",
    re.I,
)
#: capitalised words that start sentences or follow "I'm"/"c'est" without being names
_NOT_NAMES_RAW = (
    """
    alors bon bien bonjour bonsoir bref ça cela ce cette ceci donc eh ah oh euh hum merci oui non ok okay
    parfait super très tout toute voilà écoutez attendez justement exactement effectivement madame monsieur
    désolé désolée ravi ravie content contente enchanté enchantée là ici votre notre mon ma mes nous vous il elle on
    hello hi hey well so yes no yeah sorry sure thanks thank okay right good great fine glad happy just
    here there this that the a an not also now still really actually originally calling going done back
    sales support manager director lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday
    wednesday thursday friday saturday sunday french english american canadian français française
    allô allo salut coucou adieu kenavo quarante mm hein pardon deux trois quatre cinq six sept huit neuf dix
    je tu ils elles moi toi lui leur et mais ou car puis sinon enfin aussi comme quand pour avec sans
    le la les un une des du de au aux cabinet pharmacie groupe société laboratoires clinique collège
    actions action point merci rebonjour excusez pas comment combien pourquoi est
    and but or with then also please let welcome apologies can like cool totally
    attends attendez écoute écoutez regarde regardez tiens tenez dis dites allez allons vas voyons
    """
)


#: the evidence a name needs: a self-introduction (3), an answered question (2), a greeting and a vocative
_MIN_WEIGHT = 1.5
#: and this many times the evidence for anyone else (a surname misheard is "someone else" too)
_MARGIN = 1.5


_NOT_NAMES = frozenset(name_key(w) for w in _NOT_NAMES_RAW.split())
_PARTICLES = frozenset({"de", "van", "von", "le", "la"})


def _valid(name: str) -> bool:
    words = name.split()
    return (
        bool(words)
        and name_key(words[0]) not in _NOT_NAMES
        and all(len(w) > 1 and not re.search(r"['’]s$", w) for w in words)  # "Monday's" is no name
    )


def _clean_name(raw: str) -> str | None:
    """Drop trailing words that are not names ("Diane In" cannot happen, "Sheila Texas" can)."""
    words = raw.split()
    while words and (name_key(words[-1]) in _NOT_NAMES or name_key(words[-1]) in _PARTICLES):
        words.pop()
    name = " ".join(words)
    return name if name and _valid(name) else None


def self_introduction(text: str) -> str | None:
    """The name a speaker gives for themself in this utterance, if any."""
    for pattern in _SELF_INTRO:
        m = pattern.search(text.strip())
        if m:
            name = _clean_name(m.group("name"))
            if name:
                return name
    return None


def people_in_turn(text: str) -> tuple[str | None, list[str]]:
    """Who one turn says is on the call: the speaker's own name (a self-introduction), and the people it
    presents by their full name (« je suis avec Paul Vidal », « Inès Caro, notre DSI ») or greets with a
    title (« bonjour Madame Roy »); what a transcript without speaker labels still says of its participants."""
    own = self_introduction(text)
    own_words = _name_words(own) if own else set()
    others: list[str] = []
    for pattern in (_PRESENTS, _PRESENTED):
        for m in pattern.finditer(text):
            name = _clean_name(m.group("name"))
            if name and len(name.split()) > 1 and not _name_words(name) & own_words:
                others.append(name)
    for m in _GREETING.finditer(text.strip()):
        name = _clean_name(m.group("name"))
        if m.group("title") and name and not _name_words(name) & own_words:
            others.append(name)
    return own, list(dict.fromkeys(others))


def same_person(a: str, b: str) -> bool:
    """Two forms of one person's name: a name word in common, give or take one letter of ASR spelling."""
    return _same_person(a, b)


def _match_participant(name: str, participants: Sequence[str]) -> str | None:
    """The participant this (possibly partial) name designates, when exactly one fits."""
    key = name_key(name)
    words = set(key.split())
    hits = [p for p in participants if name_key(p) == key or words <= set(name_key(p).split())]
    return hits[0] if len(hits) == 1 else None


def _name_words(name: str) -> set[str]:
    return {w for w in re.split(r"[\s\-'’]+", name_key(name)) if len(w) > 2 and w not in _PARTICLES}


@dataclass
class _Call:
    """What the turns say about who is who."""

    #: (speaker, name) -> weight of the evidence that the speaker is that person
    weights: defaultdict[tuple[Hashable, str], float] = field(default_factory=lambda: defaultdict(float))
    #: (speaker, name) -> weight of the evidence that they are not: the speaker named that person
    denials: defaultdict[tuple[Hashable, str], float] = field(default_factory=lambda: defaultdict(float))
    #: names whose person is certain (given, introduced, presented, titled)
    known: set[str] = field(default_factory=set)
    #: (speaker, name, weight) from vocatives: counted only when the name is a person
    vocatives: list[tuple[Hashable, str, float]] = field(default_factory=list)
    #: for a vocative shared between the speakers before and after it: (addressee, name) -> the other one
    shared: dict[tuple[Hashable, str], Hashable] = field(default_factory=dict)
    #: self-introduced forms, preferred as display names
    introduced: Counter[str] = field(default_factory=Counter)
    #: (speaker, name) of every self-introduction
    own: set[tuple[Hashable, str]] = field(default_factory=set)


def _vocatives(text: str) -> list[tuple[str, str, bool]]:
    """(name, kind, titled) of everyone addressed by name: kind "question" (the next speaker answers),
    "pair" (the second of two asked at once: one of the next two speakers answers), "greeting" (hello,
    thanks, goodbye) or "aside" (a name between commas in a statement)."""
    found: dict[str, tuple[str, bool]] = {}
    stripped = text.strip()
    for m in _GREETING.finditer(stripped):
        found.setdefault(m.group("name"), ("greeting", bool(m.group("title"))))
    for sentence in re.findall(r"[^.!?]+[.!?]*", stripped):
        sentence = sentence.strip()
        kind = "question" if sentence.endswith("?") else "aside"
        for m in _VOCATIVE_TITLED.finditer(sentence):
            found.setdefault(m.group("name"), (kind, True))
        for pattern in (_VOCATIVE_START, _VOCATIVE_END):
            hit = pattern.search(sentence)
            if hit:
                found.setdefault(hit.group("name"), (kind, False))
        pair = _VOCATIVE_PAIR.search(sentence) if kind == "question" else None
        if pair:
            found.setdefault(pair.group("second"), ("pair", False))
    out = []
    for raw, (kind, titled) in found.items():
        name = _clean_name(raw)
        if name:
            out.append((name, kind, titled))
    return out


def _addressee(turns: Sequence[tuple[S, str]], i: int, kind: str, ids: Sequence[S]) -> list[tuple[S, float]]:
    """Who a vocative in turn ``i`` speaks to, and how sure: the next speaker answers a question (2 when
    they say yes); a greeting goes to the speaker before and after it; a name in a statement half to
    each; in a call of two, the other one."""
    speaker = turns[i][0]
    before = next((s for s, _ in reversed(turns[:i]) if s != speaker), None)
    after = next((s for s, _ in turns[i + 1 :] if s != speaker), None)
    reply = turns[i + 1] if i + 1 < len(turns) and turns[i + 1][0] != speaker else None
    yes = 2.0 if kind == "question" and reply is not None and _YES.search(reply[1]) else 1.0
    if len(ids) == 2:
        return [(ids[1] if ids[0] == speaker else ids[0], yes)]
    if kind == "pair":  # one of the next two to answer, before the asker speaks again; half each
        answers: dict[S, float] = {}
        for s, text in itertools.takewhile(lambda t: t[0] != speaker, turns[i + 1 :]):
            answers.setdefault(s, 2.0 if _YES.search(text) else 1.0)
        return [(s, w / 2) for s, w in list(answers.items())[:2]] if len(answers) >= 2 else []
    if kind == "question":
        return [(reply[0], yes)] if reply is not None else []
    if after is not None and (before is None or before == after):
        return [(after, 1.0)]
    return [(s, 0.5) for s in (before, after) if s is not None]


def _collect(turns: Sequence[tuple[S, str]], ids: Sequence[S], participants: Sequence[str]) -> _Call:
    call = _Call(known=set(participants))

    def full(name: str) -> str:
        return _match_participant(name, participants) or name

    for i, (speaker, text) in enumerate(turns):
        own = self_introduction(text)
        if own:
            call.weights[(speaker, full(own))] += 3
            call.known.add(full(own))
            call.introduced[full(own)] += 1
            call.own.add((speaker, full(own)))
        own_words = _name_words(own) if own else set()
        presented: set[str] = set()
        mentioned: set[str] = set()
        for pattern in (_PRESENTS, _PRESENTED, _PRESENTED_FIRST, _PRESENTED_WHO, _TITLED):
            for m in pattern.finditer(text):
                name = _clean_name(m.group("name"))
                if name and not _name_words(name) & own_words:
                    call.known.add(full(name))
                    mentioned.add(full(name))
                    if pattern is not _TITLED:
                        presented.add(full(name))
        for name, kind, titled in _vocatives(text):
            if _name_words(name) & own_words or full(name) in presented:
                continue  # "Et Sami, qui gère notre infra" presents Sami, it does not call him
            if titled:
                call.known.add(full(name))
            call.vocatives.append((speaker, full(name), -1.0))  # the speaker is someone else
            mentioned.discard(full(name))
            addressees = _addressee(turns, i, kind, ids)
            for addressee, weight in addressees:
                # "Bonjour Madame Leroy" to the one person there: a title is said to someone, never of oneself
                sure = titled and kind == "greeting" and weight >= 1
                call.vocatives.append((addressee, full(name), weight + 0.5 * sure))
            if len(addressees) == 2:
                (a, _), (b, _) = addressees
                call.shared[(a, full(name))], call.shared[(b, full(name))] = b, a
        for name in mentioned:
            call.denials[(speaker, name)] += 1
        nxt = turns[i + 1] if i + 1 < len(turns) else None
        if len(presented) == 1 and nxt is not None and nxt[0] != speaker and _BARE_GREETING.match(nxt[1]):
            call.weights[(nxt[0], next(iter(presented)))] += 1  # "je suis avec Isabelle" / "Bonjour."
    return call


def _close(a: str, b: str) -> bool:
    """The same name word, or one ASR spelling away from it ("Fournié"/"Fournier", "Perry Chon"/"Perrichon"):
    at most one letter added, dropped or changed in words of five letters or more, never a final "e"
    ("Martin" is not "Martine")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if min(len(a), len(b)) == 5 and (a[0], a[-1]) != (b[0], b[-1]):
        return False  # short words: inside only ("Pérac"/"Peyrac", never "Julie"/"Julien")
    short, long_ = sorted((a, b), key=len)
    if long_.endswith("e") and long_[:-1] == short:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _forms_of(name: str) -> set[str]:
    """Name words plus two neighbours joined (an ASR split: "Perry Chon", "Del Val")."""
    words = [w for w in re.split(r"[\s\-'’]+", name_key(name)) if w]
    return _name_words(name) | {a + b for a, b in itertools.pairwise(words) if len(a + b) > 4}


def _same_person(a: str, b: str) -> bool:
    return any(_close(x, y) for x in _forms_of(a) for y in _forms_of(b))


def _people(names: Iterable[str]) -> dict[str, str]:
    """Each name form -> one representative of its person (forms sharing a name word, give or take
    one letter of ASR spelling)."""
    forms = sorted(set(names), key=lambda n: (-len(n.split()), n))
    root: dict[str, str] = {}
    for form in forms:
        home = next((r for r in dict.fromkeys(root.values()) if _same_person(form, r)), None)
        root[form] = home or form
    return root


def _display(forms: Sequence[str], call: _Call, participants: Sequence[str], spellings: dict[str, tuple[int, str]]) -> str:
    """The participant, else the full name the person introduced themself with, else the longest form;
    each word in the spelling the call uses most for it ("Adrien Pérac" once, "Monsieur Peyrac" twice:
    "Adrien Peyrac")."""
    given = [f for f in forms if f in participants]
    if given:
        return given[0]
    introduced = sorted((f for f in forms if call.introduced[f]), key=lambda f: (-len(f.split()), -call.introduced[f]))
    name = introduced[0] if introduced else max(forms, key=lambda f: (len(f.split()), len(f)))
    words = name.split()
    for i in range(len(words)):
        for width in (2, 1):
            part = " ".join(words[i : i + width])
            if len(part.split()) < width:
                continue
            own = re.sub(r"\s+", "", name_key(part))
            rivals = [w for w, (_, key) in spellings.items() if w != part and abs(len(key) - len(own)) <= 1 and _close(key, own)]
            best = max(rivals, key=lambda w: spellings[w][0], default=None)
            if best and spellings[best][0] > spellings.get(part, (0, ""))[0]:
                return " ".join([*words[:i], best, *words[i + width :]])
    return name


def _spellings(turns: Sequence[tuple[S, str]]) -> dict[str, tuple[int, str]]:
    """How often the call writes each capitalised word (and each pair, for names split in two), with its
    comparison key."""
    counts: Counter[str] = Counter()
    for _, text in turns:
        words = re.findall(_WORD, text)
        counts.update(words)
        counts.update(f"{a} {b}" for a, b in itertools.pairwise(words))
        counts.update(a + b.lower() for a, b in itertools.pairwise(words))
    return {w: (n, re.sub(r"\s+", "", name_key(w))) for w, n in counts.items()}


def speaker_names(
    turns: Sequence[tuple[S, str]],
    participants: Sequence[str] = (),
    is_person: Callable[[str], bool] | None = None,
) -> dict[S, str]:
    """The speakers ``turns`` (speaker, text) show a name for; the others are left out.

    A greeting shared between the speakers before and after it goes whole to one of them when the other
    is named someone else (« Oui, bonjour Madame Leroy » then « Bonjour. » from a colleague just presented)."""
    participants = [p.strip() for p in participants if p and p.strip()]
    ids: list[S] = list(dict.fromkeys(s for s, _ in turns))
    call = _collect(turns, ids, participants)
    known_words = set().union(*(_name_words(n) for n in call.known))
    vocatives = [(a, n, w) for a, n, w in call.vocatives
                 if _name_words(n) & known_words or (is_person is not None and is_person(n))]
    names = _assign(turns, ids, _weighed(call, vocatives, set()), participants)
    named: dict[Hashable, str] = {s: n for s, n in names.items()}
    whole = {(a, n) for a, n, w in vocatives if w > 0 and call.shared.get((a, n)) in named
             and not _same_person(named[call.shared[(a, n)]], n)}  # the other one is someone else
    return _assign(turns, ids, _weighed(call, vocatives, whole), participants) if whole else names


def _weighed(call: _Call, vocatives: Iterable[tuple[Hashable, str, float]], whole: set[tuple[Hashable, str]]) -> _Call:
    """``call`` with the vocatives' evidence added: naming someone denies being them; ``whole``: the shared
    greetings that go whole to one addressee."""
    weights, denials = defaultdict(float, call.weights), defaultdict(float, call.denials)
    for addressee, name, weight in vocatives:
        if weight < 0:
            denials[(addressee, name)] -= 2 * weight
        else:
            weights[(addressee, name)] += 2 * weight if (addressee, name) in whole else weight
    return dataclasses.replace(call, weights=weights, denials=denials)


def _assign(turns: Sequence[tuple[S, str]], ids: Sequence[S], call: _Call, participants: Sequence[str]) -> dict[S, str]:
    """Each speaker's name from the evidence weighed in ``call``."""
    person = _people([*(n for _, n in call.weights), *(n for _, n in call.denials), *call.known])  # a full name said anywhere links its parts
    score: dict[S, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
    forms: dict[str, list[str]] = defaultdict(list)
    introduced_by = {(s, person[n]) for s, n in call.own}
    for (speaker, name), weight in call.weights.items():
        forms[person[name]].append(name)
        score[speaker][person[name]] += weight  # type: ignore[index]
    for name in {n for _, n in call.denials} | call.known:
        forms[person[name]].append(name)  # "Claire Vasseur est souscriptrice …": the full name of "Claire"
    for (speaker, name), weight in call.denials.items():
        if (speaker, person[name]) not in introduced_by:  # one's own name in a turn diarized under one's label
            score[speaker][person[name]] -= weight  # type: ignore[index]
    candidates: list[tuple[float, S, str]] = []
    for speaker, people in score.items():
        ranked = sorted(people.items(), key=lambda kv: -kv[1])
        best, top = ranked[0] if ranked else ("", 0)
        second = max((w for n, w in ranked[1:] if w > 0), default=0)
        if top >= _MIN_WEIGHT and top >= _MARGIN * second:
            candidates.append((top, speaker, best))
    names: dict[S, str] = {}
    spellings = _spellings(turns)
    for top, speaker, who in sorted(candidates, key=lambda c: -c[0]):
        rivals = [c for c in candidates if c[2] == who and c[1] != speaker]
        if any(r[0] == top for r in rivals) or who in {person.get(n, n) for n in names.values()}:
            continue  # a person goes to one speaker only; a tie names nobody
        names[speaker] = _display(forms[who], call, participants, spellings)
    left_ids = [s for s in ids if s not in names]
    left_people = [p for p in participants if p not in names.values()]
    if len(left_ids) == 1 and len(left_people) == 1 and len(ids) == len(participants):
        names[left_ids[0]] = left_people[0]
    return names


def name_speakers(
    turns: Sequence[tuple[int, str]], participants: Sequence[str] = (), language: str | None = "fr",
    is_person: Callable[[str], bool] | None = None,
) -> dict[int, str]:
    """A display name for every speaker id in ``turns`` (speaker id, text), in speaking order:
    the name shown by :func:`speaker_names`, else "Locuteur 1", "Locuteur 2" ("Speaker N" in English)."""
    names = speaker_names(turns, participants, is_person)
    label = get_lang(code_of(language)).strings.common.speaker_n
    n = 0
    for s in dict.fromkeys(s for s, _ in turns):
        if s not in names:
            n += 1
            names[s] = label.format(n=n)
    return names


__all__ = ["name_speakers", "people_in_turn", "same_person", "self_introduction", "speaker_names"]
