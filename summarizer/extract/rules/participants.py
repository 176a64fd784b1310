"""Who is in the call and on which side: names from the speaker labels, roles and organisations
from how people introduce themselves, sides from cues, introductions and the side model.

Apart from the finders because every finder asks it (who owns a promise, whose voice a text takes).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarizer.crc import Participant, Side
from summarizer.extract.base import ExtractContext
from summarizer.extract.rules import lexicon as lx
from summarizer.extract.rules.clause_model import load_side_model, logistic, speaker_features
from summarizer.extract.rules.clauses import Clause, normalized
from summarizer.extract.rules.register import Voice
from summarizer.ingest.speakers import people_in_turn, same_person
from summarizer.ingest.transcript import Transcript

_GENERIC_SPEAKERS = {"vendeur": Side.vendor, "client": Side.client, "vendor": Side.vendor, "customer": Side.client}
_LABEL_ORG = re.compile(r"^(.*?)\s*[\(\[]([^)\]]+)[\)\]]\s*$")


def ascii_key(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


@dataclass
class People:
    participants: list[Participant]
    by_speaker: dict[str, Participant]

    def side_of(self, speaker: str | None) -> Side:
        p = self.by_speaker.get(speaker or "")
        return p.side if p else Side.unknown

    def name_of(self, speaker: str | None) -> str | None:
        p = self.by_speaker.get(speaker or "")
        return p.name if p else None

    def mentioned(self, low: str, exclude: str | None = None) -> Participant | None:
        """A participant named in the clause (full name or first name), other than ``exclude``."""
        for p in self.participants:
            if exclude and p.name == exclude:
                continue
            full = normalized(p.name)
            first = full.split()[0] if full.split() else full
            if re.search(rf"\b{re.escape(full)}\b", low) or (
                len(first) > 2 and re.search(rf"(^|[\s,]){re.escape(first)}\b(?!-)", low)
                and first not in {"client", "vendeur"}
            ):
                return p
        return None


_VENDOR_ROLE = re.compile(
    r"\b(account|commercial\w*|chargée? d'affaires|avant-vente|customer success|consultant\w*|ingénieur d'affaires|key account|"
    r"direct(eur|rice) de compte|responsable de compte|responsable grands comptes|solutions? engineer|sales|chargée? de développement|"
    r"business developer|interlocut\w+ commercial\w*|service delivery|directeur des services)\b", re.I)
_CO_INTRO = r"(?:je suis avec|j'ai avec moi|accompagnée? de|joined by|\bet|\band|with me,?)\s+"
_ROLE_STOP = re.compile(r"\s+(?:chez|at|de la société|à la|au|du groupe|pour ceux|so|donc|et je|and i)\b|[,.;!?]|$", re.I)
_ROLE_LEAD = re.compile(r"^(?:je suis |qui est |who is |i'm |i am |c'est |moi c'est )?(?:le |la |l'|un |une |a |an |the |votre |notre |our |your )?", re.I)


def _role_after(text: str, start: int) -> str | None:
    """The role phrase that follows a name: "Claire Martin, responsable grands comptes chez Logivia"."""
    rest = text[start:]
    m = re.match(r"\s*,\s*", rest)
    if not m:
        return None
    rest = rest[m.end():]
    stop = _ROLE_STOP.search(rest)
    role = _ROLE_LEAD.sub("", rest[: stop.start() if stop else len(rest)].strip())
    if not role or len(role.split()) > 7 or not (lx.ROLE_WORDS.search(role.lower()) or _VENDOR_ROLE.search(role)
                                                 or re.fullmatch(r"[A-Z]{2,5}", role)):
        return None
    return role[:1].upper() + role[1:]


_ORG_NAME = re.compile(r"\b(?:chez|at|de la société|à la|au|du groupe|from)\s+((?:[A-Z][\w&'’-]*)(?:\s+(?:de |du |des )?[A-Z][\w&'’-]*){0,3})")


def _org_after(text: str, start: int, ctx: ExtractContext) -> tuple[str | None, Side]:
    """"chez Logivia", "at Quantera", "de Nexalis", "à la Mutuelle Horizon" after a self-introduction.
    An organisation not given by the user is returned with an unknown side."""
    said = text[start : start + 160]
    said = said[: _sentence_end(said, 0)]  # « …, Vincent Lhomme. Deux visiteurs de Delta » : not his house
    window = ascii_key(said).replace("’", "'")
    for name, side in ((ctx.vendor, Side.vendor), (ctx.client, Side.client)):
        if not name or not ascii_key(name):  # a name in another script has no ASCII key to look for
            continue
        key = ascii_key(name)
        first = key.split()[0]
        # « le CTO d'Opaline »: "de" elided before a vowel
        if re.search(rf"\b(?:(?:chez|at|de la societe|a la|du|de|from|pour|for)\s+(le |la |l')?|d')({re.escape(key)}|{re.escape(first)})\b",
                     window):
            return name, side
    m = _ORG_NAME.search(said)
    return (m.group(1).strip(), Side.unknown) if m else (None, Side.unknown)


def _most_common(values: list[str]) -> str | None:
    """The most frequent value; a tie goes to the one said first (never to set order, which varies per run)."""
    return max(values, key=values.count) if values else None


_TITLE_SPLIT = re.compile(r"\s+(?:[-—–|/:x×]|&|<>|avec|with|chez)\s+|\s*[:|]\s*", re.I)
_TITLE_GENERIC = re.compile(
    r"^(?:réunion|rendez-vous|rdv|point|call|appel|visio|meeting|découverte|démo|demo|poc|qbr|bilan|revue|négociation|"
    r"renouvellement|visite|kick-?off|atelier|suivi|discovery|review|renewal|negotiation|sync|weekly|comité|\d[\d/.-]*)\b", re.I)


def client_from_title(title: str | None, vendor: str | None) -> str | None:
    """"Logivia x Transports Ferrand — découverte" (a Teams or Zoom title): the named party that is not the vendor."""
    if not title:
        return None
    # "Verdier Emballages, ligne 2": what follows a comma details the meeting, not the name
    parts = [p.split(",")[0].strip(" ()[]") for p in _TITLE_SPLIT.split(title) if p and p.split(",")[0].strip(" ()[]")]
    names = [p for p in parts if re.match(r"[A-ZÀ-Þ]", p) and not _TITLE_GENERIC.match(p) and len(p.split()) <= 5
             and not (vendor and ascii_key(vendor) in ascii_key(p))]
    return names[0] if len(names) == 1 else None


def client_name(people: People, ctx: ExtractContext, title: str | None = None) -> str | None:
    """The client as the user gave it, else the organisation client-side speakers introduced themselves with,
    else the one organisation the file's own title names besides the vendor. Never the file name."""
    if ctx.client:
        return ctx.client
    introduced = _most_common([p.organization for p in people.participants if p.side == Side.client and p.organization])
    if introduced:
        return introduced
    vendor = ctx.vendor or _most_common([p.organization for p in people.participants if p.side == Side.vendor and p.organization])
    return client_from_title(title, vendor)


Voices = Callable[[str | None], Voice]


def voices(people: People, ctx: ExtractContext, title: str | None = None) -> Voices:
    """Who "je", "nous" and "vous" are for each speaker: the speaker, their organisation, the other party."""
    orgs: dict[Side, str | None] = {
        Side.vendor: ctx.vendor or _most_common([p.organization for p in people.participants if p.side == Side.vendor and p.organization]),
        Side.client: client_name(people, ctx, title),
    }

    leads: dict[Side, str] = {}
    for person in people.participants:  # the first named on each side
        if person.side != Side.unknown:
            leads.setdefault(person.side, person.name)

    def voice(speaker: str | None) -> Voice:
        p = people.by_speaker.get(speaker or "")
        side = p.side if p else Side.unknown
        own = (p.organization if p else None) or orgs.get(side)
        other_side = opposite_side(side)
        other = orgs.get(other_side)
        if other is None:
            others = [q.name for q in people.participants if q.side == other_side] if other_side != Side.unknown else []
            other = others[0] if len(others) == 1 else None
        return Voice(speaker=p.name if p else speaker, own=own, other=other, language=ctx.language,
                     own_lead=leads.get(side), other_lead=leads.get(other_side))

    return voice


#: an organisation's name: capitalised words, joined by « de », « de la », « du »…
_ORG_WORDS = r"[A-ZÀ-Ý][\w'’&-]+(?:\s+(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|des\s+|d['’])?[A-ZÀ-Ý][\w'’&-]+){0,3}"
#: "Cabinet Dumas, bonjour", "Pharmacie de la Ville Close, bonjour", "Sextant Ingénierie, Aurélie Mercadier
#: bonjour": an organisation answering the phone, with the name of who answers
_PHONE_GREETING = re.compile(r"^\s*(?P<org>" + _ORG_WORDS + r")\s*,?\s+(?:[A-ZÀ-Ý][\w'’-]+\s+){0,3}bonjour\b")


_NOT_AN_ORG = frozenset(
    "alors allo ah ben bon bah bonjour bonsoir coucou donc eh madame merci monsieur oui ok okay parfait re rebonjour salut "
    "super tres voila hello hi yes well so".split()
)


#: how far from even the side model must be to settle a speaker the cues and introductions left open
_SIDE_MODEL_MARGIN = 0.2


#: votes for the vendor side (negative: the client's): a generic speaker label (« Vendeur », « Client »),
#: an organisation named in one's own introduction, a role (« je suis votre … », a sales title)
_LABEL_VOTE = 10
_ORG_VOTE = 5
_ROLE_VOTE = 3
#: the votes that settle a speaker on the vendor side, and on the client side
_VENDOR_VOTES = 2
_CLIENT_VOTES = -1
#: a speaker with this many votes either way keeps their side when introduced with someone else
_SETTLED_VOTES = 5
#: who answers the phone names their organisation in the first turns
_GREETING_TURNS = 3
#: introductions are read in the call's first turns only
_INTRODUCTION_TURNS = 60
#: a speaker says an organisation's name when this similar to it (rapidfuzz partial ratio, 0-100)
_SAYS_NAME_SIMILARITY = 85


def speaker_side_features(transcript: Transcript, clauses: list[Clause], ctx: ExtractContext) -> dict[str, dict[str, float]]:
    """The vendor-side model's features of every speaker (see ``clause_model.speaker_features``)."""
    lows: dict[str, list[str]] = {}
    for c in clauses:
        if c.speaker:
            lows.setdefault(c.speaker, []).append(c.low)
    said: dict[str, list[str]] = {}
    for seg in transcript.segments:
        if seg.speaker:
            said.setdefault(seg.speaker, []).append(" " + ascii_key(seg.text))
    spoken = {sp: "".join(parts) for sp, parts in said.items()}  # joined once: adding turn by turn was quadratic
    total = sum(len(t) for t in spoken.values()) or 1
    first = next((seg.speaker for seg in transcript.segments if seg.speaker and seg.text.strip()), None)

    def says(name: str | None, text: str) -> bool:
        key = ascii_key(name or "")
        return bool(key) and fuzz.partial_ratio(key, text) >= _SAYS_NAME_SIMILARITY

    return {sp: speaker_features(lows.get(sp, []), len(spoken[sp]) / total, sp == first,
                                 says(ctx.vendor, spoken[sp]), says(ctx.client, spoken[sp]))
            for sp in spoken}


def _side_probabilities(transcript: Transcript, clauses: list[Clause], ctx: ExtractContext,
                        speakers: list[str]) -> dict[str, float]:
    """The probability that each speaker sells, by the side model learned from the corpora (none without one)."""
    side_weights = load_side_model(ctx.language)
    if not side_weights:
        return {}
    return {sp: logistic(side_weights, feats) for sp, feats in speaker_side_features(transcript, clauses, ctx).items()
            if sp in speakers}


def _speech_shares(transcript: Transcript) -> dict[str, float]:
    """How much of the call each speaker says (characters)."""
    said: dict[str, float] = {}
    for seg in transcript.segments:
        if seg.speaker:
            said[seg.speaker] = said.get(seg.speaker, 0.0) + len(seg.text)
    return said


def _model_sides(probabilities: dict[str, float]) -> dict[str, Side]:
    """The speakers the side model is sure of."""
    return {sp: Side.vendor if p > 0.5 else Side.client
            for sp, p in probabilities.items() if abs(p - 0.5) >= _SIDE_MODEL_MARGIN}


def _last_resort(resolved: dict[str, Side], votes: dict[str, float], speakers: list[str],
                 probabilities: dict[str, float], share: dict[str, float], sale: bool) -> dict[str, Side]:
    """Everyone on a sales call (``sale``: the client or the vendor named) sells or buys: when nobody
    is known to sell, the speaker left open who is most like a seller (the side model's probability, else the
    cues, else who speaks most: the seller leads the call) sells, if the model leans so or the client is
    known; then the others are the client."""
    open_ = [sp for sp in speakers if sp not in resolved]
    if not sale or not open_ or any(v == Side.vendor for v in resolved.values()):
        return resolved
    best = max(open_, key=lambda sp: (probabilities.get(sp, 0.5), votes[sp], share.get(sp, 0.0)))
    if not probabilities or probabilities[best] > 0.5 or Side.client in resolved.values():
        return _fill_sides({**resolved, best: Side.vendor}, votes, speakers)
    return resolved


def _fill_sides(resolved: dict[str, Side], votes: dict[str, float], speakers: list[str],
                model: dict[str, Side] | None = None) -> dict[str, Side]:
    """Once one side is known, the others: who speaks like the seller sells, or whom the side model is sure
    sells; the rest is the client."""
    if any(v == Side.client for v in resolved.values()) and not any(v == Side.vendor for v in resolved.values()):
        for sp in speakers:  # the client is known: whoever speaks like the seller sells
            if sp not in resolved and votes[sp] > 0:
                resolved[sp] = Side.vendor
    if any(v == Side.vendor for v in resolved.values()):
        for sp in speakers:  # the vendor team introduces itself; whoever else speaks is the client
            if sp not in resolved and (model or {}).get(sp) == Side.vendor:
                continue  # left to the side model: a host who never names their house still sells
            resolved.setdefault(sp, Side.client)
    return resolved


#: "bienvenue chez Lambertin": the host names their organisation
_WELCOME = re.compile(r"\b(?i:bienvenue (?:chez|à|au sein de))\s+(?P<org>" + _ORG_WORDS + r")")
#: "je cherche à joindre Monsieur Baptiste de Solignac Construction": the caller names the callee's organisation
_ASKING_FOR = re.compile(r"\b(?i:joindre|parler à|avoir)\s+(?:(?i:monsieur|madame|mme|m\.)\s+)?(?:[A-ZÀ-Ý][\w'’-]+\s+){1,2}"
                         r"(?:de|chez|d['’])\s*(?P<org>" + _ORG_WORDS + r")")


def _sentence_end(text: str, start: int) -> int:
    m = re.compile(r"[.;!?]").search(text, start)
    return m.start() if m else len(text)


def _presented_org(text: str, start: int, p: Participant, ctx: ExtractContext) -> float:
    """The organisation said in a colleague's presentation, kept as theirs; the vote it gives their side."""
    org, side = _org_after(text, start, ctx)
    if org:
        p.organization = p.organization or org
    return 0.0 if side == Side.unknown else (_ORG_VOTE if side == Side.vendor else -_ORG_VOTE)


def _orgs_from_greetings(transcript: Transcript, by_speaker: dict[str, Participant]) -> None:
    """The organisations the opening turns name by convention: who answers the phone says theirs (« Cabinet
    Dumas, bonjour »), a host welcomes visitors to theirs, a caller asks for someone of the callee's."""
    opening = [seg for seg in transcript.segments[:_GREETING_TURNS] if seg.speaker in by_speaker]
    for k, seg in enumerate(opening):
        p = by_speaker[seg.speaker or ""]
        named = [(m, p) for m in (_PHONE_GREETING.match(seg.text), _WELCOME.search(seg.text)) if m]
        asked = _ASKING_FOR.search(seg.text)
        callee = next((by_speaker[o.speaker or ""] for o in opening[k + 1:] if o.speaker != seg.speaker), None)
        if asked and callee is not None:
            named.append((asked, callee))
        for m, who in named:
            org = m.group("org").strip()
            if ascii_key(org).split()[0] not in _NOT_AN_ORG and ascii_key(org) != ascii_key(who.name):
                who.organization = who.organization or org


def _names_teammate(text: str, name: str) -> bool:
    """Whether ``text`` presents ``name`` (a full name or its first name) as the speaker's colleague."""
    parts = name.split()
    if not parts or ascii_key(name) in _GENERIC_SPEAKERS:
        return False
    names = re.escape(name) + (f"|{re.escape(parts[0])}" if len(parts[0]) > 2 else "")
    return bool(re.search(lx.TEAMMATE_BEFORE.replace("{name}", names), text, re.I)
                or re.search(lx.TEAMMATE_AFTER.replace("{name}", names), text, re.I))


def _teammates_follow(resolved: dict[str, Side], teammates: list[tuple[str, str]], votes: dict[str, float],
                      hinted: set[str]) -> dict[str, Side]:
    """A colleague presented by a speaker (« je vous présente Yann, notre formateur ») is on that speaker's
    side, whatever their way of speaking suggested; only a hint or their own organisation outweighs it.
    Of the two, the one whose side rests on firmer evidence anchors the other."""
    out = dict(resolved)
    for _ in range(2):
        for a, b in teammates:
            anchor, follower = sorted((a, b), key=lambda sp: (sp in hinted, abs(votes[sp])), reverse=True)
            if anchor in out and follower not in hinted and abs(votes[follower]) < _ORG_VOTE:
                out[follower] = out[anchor]
    return out


def _others_presented(text: str, sp: str, self_intro: bool, by_speaker: dict[str, Participant], votes: dict[str, float],
                      ctx: ExtractContext, co_intro: list[tuple[str, str, bool]], teammates: list[tuple[str, str]]) -> None:
    """What one introduction turn says of the other speakers: introduced together (« je suis avec Sonia »),
    presented as a colleague, their role and house (« Arnaud Ribes, notre responsable déploiement chez Planéo »)."""
    for other_sp, other in by_speaker.items():
        if other_sp == sp:
            continue
        first = re.escape(other.name.split()[0]) if other.name.split() else None
        if not first:
            continue
        m2 = re.search(rf"{_CO_INTRO}(?:{re.escape(other.name)}|{first})\b", text, re.I)
        if m2 and self_intro:
            co_intro.append((sp, other_sp, not re.match(r"(?i)\s*(?:et|and)\b", m2.group(0))))
        colleague = _names_teammate(text, other.name)
        if colleague:
            teammates.append((sp, other_sp))
        m3 = re.search(rf"\b(?:{re.escape(other.name)}|{first})(?=\s*,)", text)
        if m3 and other.role is None and (m2 or self_intro or colleague):
            other.role = _role_after(text, m3.end())
        if m3 and colleague:  # « Arnaud Ribes, notre responsable déploiement chez Planéo »: the colleague's house
            votes[other_sp] += _presented_org(text[:_sentence_end(text, m3.end())], m3.end(), other, ctx)


def _unlabelled_people(transcript: Transcript, ctx: ExtractContext) -> People:
    """A transcript that labels no turn still says who is on the call: who introduces themself (their side
    from the house they name: « Manon Roy, de chez Logivia »), whom a turn presents or greets with a title.
    Forms of one name are one person (the one said in fewest words: ASR splits a surname, never joins one);
    once the vendor is known, the others are the client."""
    forms: list[tuple[str, str | None, Side, str | None]] = []  # (name, organisation, side, role)
    for seg in transcript.segments:
        own, others = people_in_turn(seg.text)
        if own:
            end = seg.text.find(own) + len(own)
            org, side = _org_after(seg.text, end, ctx) if end >= len(own) else (None, Side.unknown)
            forms.append((own, org, side, _role_after(seg.text, end)))
        forms.extend((name, None, Side.unknown, None) for name in others)
    people: list[list[tuple[str, str | None, Side, str | None]]] = []
    houses = {w for o in (ctx.client, ctx.vendor) if o for w in ascii_key(o).split()}
    for form in forms:
        if set(ascii_key(form[0]).split()) & houses:  # « Opaline Software, qui … » is no one
            continue
        home = next((p for p in people if any(same_person(form[0], f[0]) for f in p)), None)
        if home is None:
            people.append([form])
        else:
            home.append(form)
    participants = []
    for group in people:
        name = min((f[0] for f in group), key=lambda n: (len(n.split()) < 2, len(n.split())))
        side = next((f[2] for f in group if f[2] != Side.unknown), Side.unknown)
        participants.append(Participant(name=name, side=side, organization=next((f[1] for f in group if f[1]), None),
                                        role=next((f[3] for f in group if f[3]), None)))
    if any(p.side == Side.vendor for p in participants):
        for p in participants:
            p.side = Side.client if p.side == Side.unknown else p.side
    for p in participants:
        if p.organization is None and p.side != Side.unknown:
            p.organization = ctx.vendor if p.side == Side.vendor else ctx.client
    return People(participants, {})


def infer_participants(transcript: Transcript, clauses: list[Clause], ctx: ExtractContext) -> People:
    """Names from speaker labels; roles, organisations and sides from how people introduce themselves
    and each other, then from how they speak ("nos camions" vs "notre solution"); a transcript without
    speaker labels from what its turns say of who is there."""
    if not transcript.speakers:
        return _unlabelled_people(transcript, ctx)
    by_speaker: dict[str, Participant] = {}
    hints = {ascii_key(h.name): h for h in ctx.participants}
    votes: dict[str, float] = {}
    for speaker in transcript.speakers:
        name, org = speaker, None
        m = _LABEL_ORG.match(speaker)
        if m:
            name, org = m.group(1).strip(), m.group(2).strip()
        by_speaker[speaker] = Participant(name=name, organization=org)
        votes[speaker] = 0.0
        if ascii_key(name) in _GENERIC_SPEAKERS:
            votes[speaker] += _LABEL_VOTE if _GENERIC_SPEAKERS[ascii_key(name)] == Side.vendor else -_LABEL_VOTE
    co_intro: list[tuple[str, str, bool]] = []  # (introducer, introduced, said as one team: « je suis avec »)
    teammates: list[tuple[str, str]] = []  # (speaker, the colleague they present: « je vous présente X », "X, our …")
    _orgs_from_greetings(transcript, by_speaker)
    for seg in transcript.segments[:_INTRODUCTION_TURNS]:
        sp = seg.speaker
        if sp not in by_speaker:
            continue
        p = by_speaker[sp]
        text = seg.text
        own = re.search(re.escape(p.name), text) or (
            re.search(r"\b(moi c'est|je suis|i'm|i am|my name is)\b", text, re.I) and None)
        if own:
            p.role = p.role or _role_after(text, own.end())
            org, side = _org_after(text, own.end(), ctx)
            if org:
                p.organization = p.organization or org
                if side != Side.unknown:
                    votes[sp] += _ORG_VOTE if side == Side.vendor else -_ORG_VOTE
        self_intro = own is not None or re.search(r"\b(moi c'est|je suis|i'm)\b", text, re.I)
        _others_presented(text, sp, bool(self_intro), by_speaker, votes, ctx, co_intro, teammates)
    for c in clauses:
        sp = c.speaker
        if sp not in by_speaker:
            continue
        votes[sp] += len(lx.VENDOR_SPEECH.findall(c.low)) - len(lx.CLIENT_SPEECH.findall(c.low))
        if re.search(r"\bje suis (votre|ton) \w+", c.low):
            votes[sp] += _ROLE_VOTE
    for sp, p in by_speaker.items():
        if p.role and _VENDOR_ROLE.search(p.role):
            votes[sp] += _ROLE_VOTE
    resolved: dict[str, Side] = {}
    hinted: set[str] = set()
    for sp, p in by_speaker.items():
        hint = hints.get(ascii_key(p.name))
        if hint and hint.side != Side.unknown:
            resolved[sp] = hint.side
            hinted.add(sp)
        elif votes[sp] >= _VENDOR_VOTES:
            resolved[sp] = Side.vendor
        elif votes[sp] <= _CLIENT_VOTES:
            resolved[sp] = Side.client
    for _ in range(2):  # « je suis avec Sonia »: one team, whichever of the two the evidence settled more firmly
        for introducer, introduced, one_team in co_intro:
            if not one_team:  # « … avec Madame Guérin et Jérôme »: only an open speaker follows
                if introduced not in resolved and introducer in resolved and abs(votes[introduced]) < _SETTLED_VOTES:
                    resolved[introduced] = resolved[introducer]
                continue
            strong, weak = sorted((introducer, introduced), key=lambda sp: (sp in hinted, abs(votes[sp])), reverse=True)
            if strong in resolved and abs(votes[weak]) < _SETTLED_VOTES and weak not in hinted:
                resolved[weak] = resolved[strong]
    probabilities = _side_probabilities(transcript, clauses, ctx, list(by_speaker))
    model = _model_sides(probabilities)
    by_evidence = _fill_sides(resolved, votes, list(by_speaker), model)
    # the side model settles only whom it is sure of: no side is inferred from its guesses in turn
    resolved = {**model, **by_evidence}
    resolved = _teammates_follow(resolved, teammates, votes, hinted)
    sale = bool(ctx.client or ctx.vendor)  # a design meeting or a debate names no party: nobody need sell
    resolved = _last_resort(resolved, votes, list(by_speaker), probabilities, _speech_shares(transcript), sale)
    guessed = {sp for sp in resolved if sp not in by_evidence}
    for sp, p in by_speaker.items():
        p.side = resolved.get(sp, Side.unknown)
    orgs = {side: _most_common([p.organization for p in by_speaker.values() if p.side == side and p.organization])
            for side in (Side.vendor, Side.client)}
    for sp, p in by_speaker.items():
        if p.organization is None and p.side in orgs and sp not in guessed:
            p.organization = (ctx.vendor if p.side == Side.vendor else ctx.client) or orgs[p.side]
        if p.role:
            for label, rx in lx.DECISION_ROLE:
                if rx.search(p.role.lower()):
                    p.decision_role = label
                    break
    for key, hint in hints.items():  # named by the user but silent in the transcript
        if not any(ascii_key(p.name) == key for p in by_speaker.values()):
            by_speaker[f"__hint_{key}"] = Participant(name=hint.name, side=hint.side)
    participants = list({id(p): p for p in by_speaker.values()}.values())
    return People(participants, by_speaker)


def opposite_side(side: Side) -> Side:
    """The other party: whom « vous » addresses; unknown stays unknown."""
    return Side.client if side == Side.vendor else Side.vendor if side == Side.client else Side.unknown


