"""The embedded default backend: cue lexicons + spaCy + dates.py, no network.

Grounded by construction: every item is built from one or more clauses of the
transcript, and the clause itself (a verbatim slice of its segment) is the
evidence quote. Wishes, hypotheticals, unanswered requests and questions are
filtered before anything becomes a decision or a commitment.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from rapidfuzz import fuzz

from summarizer.crc import (
    CRC,
    MAX_FACTS,
    Attachment,
    Crm,
    Decision,
    Deliverable,
    Evidence,
    Fact,
    Meeting,
    MeetingType,
    Metadata,
    NextStep,
    Objection,
    Participant,
    Qualification,
    Risk,
    RiskCategory,
    Severity,
    Side,
    make_crc_id,
)
from summarizer.dates import chain_date, chained_delay, find_due
from summarizer.extract.base import ExtractContext
from summarizer.extract.rules import lexicon as lx
from summarizer.extract.rules.clause_model import (
    LinearModel,
    load_model,
    load_side_model,
    logistic,
    speaker_features,
)
from summarizer.extract.rules.progress import LOOKBACK, find_progress, object_from_lines_before
from summarizer.extract.rules.register import Voice, decision_text, guarded, is_fragment, risk_text, written
from summarizer.ingest.transcript import Segment, Transcript
from summarizer.lang import get_lang
from summarizer.lang.words import CallWords, known_word
from summarizer.nlp import load_lemmatizer, load_nlp

# --- clauses ---------------------------------------------------------------------


@dataclass
class Clause:
    """A sentence or sub-clause of one segment; ``text`` is a verbatim slice of it."""

    seg: Segment
    text: str
    low: str
    position: int  # order in the whole call
    question: bool = False
    offset: int = 0  # where the clause starts in its segment

    @property
    def speaker(self) -> str | None:
        return self.seg.speaker

    def evidence(self) -> Evidence:
        return Evidence(segment=self.seg.index, start=self.seg.start, speaker=self.seg.speaker, quote=self.text)


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«\"0-9a-zà-ÿ])")
_CLAUSE_SPLIT = re.compile(
    r"(?:,|;|\s+-\s+)\s*(?:et\s+|puis\s+|mais\s+|and\s+|then\s+)?(?=(?:et\s+)?(?:je|j'|on|nous|vous|tu|moi|i|we|you)\b)"
    r"|\s+et\s+(?=(?:je|j'|on|nous|vous|moi)\s)|\s+and\s+(?=(?:i|we|you)\s)",
    re.I,
)


def _norm(text: str) -> str:
    return text.replace("’", "'").replace("\u00a0", " ").lower()


def split_clauses(seg: Segment, start_position: int) -> list[Clause]:
    """Sentences, then clauses where a new subject starts; a short lead-in (a vocative
    "François," or a filler "Oui,") stays glued to the clause it introduces."""
    text = seg.text
    clauses: list[Clause] = []
    sent_start = 0
    sentences = []
    for m in _SENTENCE_END.finditer(text):
        sentences.append((sent_start, m.start()))
        sent_start = m.end()
    sentences.append((sent_start, len(text)))
    for s0, s1 in sentences:
        sentence = text[s0:s1]
        if not sentence.strip():
            continue
        question = sentence.rstrip().endswith("?")
        spans: list[list[int]] = []
        pos = 0
        for m in _CLAUSE_SPLIT.finditer(sentence):
            spans.append([pos, m.start()])
            pos = m.end()
        spans.append([pos, len(sentence)])
        merged: list[list[int]] = []
        for span in spans:
            words = len(sentence[span[0] : span[1]].split())
            if merged and (words < 3 or len(sentence[merged[-1][0] : merged[-1][1]].split()) < 3):
                merged[-1][1] = span[1]
            else:
                merged.append(span)
        for a, b in merged:
            part = sentence[a:b].strip(" ,;-")
            if len(part) > 2 and part in text:
                clauses.append(Clause(seg, part, _norm(part), start_position + len(clauses), question,
                                      offset=text.find(part, s0)))
    return clauses


def clean(text: str) -> str:
    """Drop the spoken fillers so an item reads like written French."""
    text = lx.INNER_FILLERS.sub("", text)
    text = lx.FILLERS.sub("", text.strip())
    text = re.sub(r"\s+", " ", text).strip(" ,;:-…")
    text = text.rstrip(".?!")
    return text[:1].upper() + text[1:] if text else text


# --- spaCy -----------------------------------------------------------------------


_CND_ENDINGS = ("rais", "rait", "raient", "rions", "riez")


def _conditional(doc: Any) -> bool:
    """Conditional mood per spaCy, confirmed by the verb's ending (the tagger errs on some presents)."""
    return any(
        "Cnd" in tok.morph.get("Mood") and tok.text.lower().endswith(_CND_ENDINGS)
        for tok in doc if tok.pos_ in {"VERB", "AUX"}
    )


# --- participants ----------------------------------------------------------------

_GENERIC_SPEAKERS = {"vendeur": Side.vendor, "client": Side.client, "vendor": Side.vendor, "customer": Side.client}
_LABEL_ORG = re.compile(r"^(.*?)\s*[\(\[]([^)\]]+)[\)\]]\s*$")


def _key(text: str) -> str:
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
            full = _norm(p.name)
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
    window = _key(text[start : start + 160])
    for name, side in ((ctx.vendor, Side.vendor), (ctx.client, Side.client)):
        if not name or not _key(name):  # a name in another script has no ASCII key to look for
            continue
        key = _key(name)
        first = key.split()[0]
        if re.search(rf"\b(chez|at|de la societe|a la|du|de|from|pour|for)\s+(le |la |l')?({re.escape(key)}|{re.escape(first)})\b", window):
            return name, side
    m = _ORG_NAME.search(text[start : start + 160])
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
             and not (vendor and _key(vendor) in _key(p))]
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
        other_side = _other_side(side)
        other = orgs.get(other_side)
        if other is None:
            others = [q.name for q in people.participants if q.side == other_side] if other_side != Side.unknown else []
            other = others[0] if len(others) == 1 else None
        return Voice(speaker=p.name if p else speaker, own=own, other=other, language=ctx.language,
                     own_lead=leads.get(side), other_lead=leads.get(other_side))

    return voice


#: "Cabinet Dumas, bonjour", "Groupe Altéa bonjour": an organisation answering the phone
_PHONE_GREETING = re.compile(
    r"^\s*(?P<org>[A-ZÀ-Ý][\w'’&-]+(?:\s+(?:de\s+|du\s+|des\s+|d['’])?[A-ZÀ-Ý][\w'’&-]+){0,3})\s*,?\s+bonjour\b"
)


_NOT_AN_ORG = frozenset(
    "alors allo ah ben bon bah bonjour bonsoir coucou donc eh madame merci monsieur oui ok okay parfait re rebonjour salut "
    "super tres voila hello hi yes well so".split()
)


#: how far from even the side model must be to settle a speaker the cues and introductions left open
_SIDE_MODEL_MARGIN = 0.2


def speaker_side_features(transcript: Transcript, clauses: list[Clause], ctx: ExtractContext) -> dict[str, dict[str, float]]:
    """The vendor-side model's features of every speaker (see ``clause_model.speaker_features``)."""
    lows: dict[str, list[str]] = {}
    for c in clauses:
        if c.speaker:
            lows.setdefault(c.speaker, []).append(c.low)
    spoken: dict[str, str] = {}
    for seg in transcript.segments:
        if seg.speaker:
            spoken[seg.speaker] = spoken.get(seg.speaker, "") + " " + _key(seg.text)
    total = sum(len(t) for t in spoken.values()) or 1
    first = next((seg.speaker for seg in transcript.segments if seg.speaker and seg.text.strip()), None)

    def says(name: str | None, text: str) -> bool:
        key = _key(name or "")
        return bool(key) and fuzz.partial_ratio(key, text) >= 85

    return {sp: speaker_features(lows.get(sp, []), len(spoken[sp]) / total, sp == first,
                                 says(ctx.vendor, spoken[sp]), says(ctx.client, spoken[sp]))
            for sp in spoken}


def _model_sides(transcript: Transcript, clauses: list[Clause], ctx: ExtractContext, resolved: dict[str, Side],
                 speakers: list[str]) -> dict[str, Side]:
    """``resolved`` plus the speakers the side model, learned from the corpora, is sure of."""
    out = dict(resolved)
    side_weights = load_side_model(ctx.language)
    if side_weights:
        for sp, feats in speaker_side_features(transcript, clauses, ctx).items():
            if sp in speakers and sp not in out:
                vendor = logistic(side_weights, feats)
                if abs(vendor - 0.5) >= _SIDE_MODEL_MARGIN:
                    out[sp] = Side.vendor if vendor > 0.5 else Side.client
    return out


def _fill_sides(resolved: dict[str, Side], votes: dict[str, float], speakers: list[str]) -> dict[str, Side]:
    """Once one side is known, the others: who speaks like the seller sells; the rest is the client."""
    if any(v == Side.client for v in resolved.values()) and not any(v == Side.vendor for v in resolved.values()):
        for sp in speakers:  # the client is known: whoever speaks like the seller sells
            if sp not in resolved and votes[sp] > 0:
                resolved[sp] = Side.vendor
    if any(v == Side.vendor for v in resolved.values()):
        for sp in speakers:  # the vendor team introduces itself; whoever else speaks is the client
            resolved.setdefault(sp, Side.client)
    return resolved


def infer_participants(transcript: Transcript, clauses: list[Clause], ctx: ExtractContext) -> People:
    """Names from speaker labels; roles, organisations and sides from how people introduce themselves
    and each other, then from how they speak ("chez nous" vs "notre solution")."""
    by_speaker: dict[str, Participant] = {}
    hints = {_key(h.name): h for h in ctx.participants}
    votes: dict[str, float] = {}
    for speaker in transcript.speakers:
        name, org = speaker, None
        m = _LABEL_ORG.match(speaker)
        if m:
            name, org = m.group(1).strip(), m.group(2).strip()
        by_speaker[speaker] = Participant(name=name, organization=org)
        votes[speaker] = 0.0
        if _key(name) in _GENERIC_SPEAKERS:
            votes[speaker] += 10 if _GENERIC_SPEAKERS[_key(name)] == Side.vendor else -10
    co_intro: list[tuple[str, str, bool]] = []  # (introducer, introduced, said as one team: « je suis avec »)
    for seg in transcript.segments[:3]:  # who answers the phone names their organisation
        greeting = _PHONE_GREETING.match(seg.text)
        if (greeting and seg.speaker in by_speaker and _key(greeting.group("org")).split()[0] not in _NOT_AN_ORG
                and _key(greeting.group("org")) != _key(by_speaker[seg.speaker].name)):
            by_speaker[seg.speaker].organization = by_speaker[seg.speaker].organization or greeting.group("org")
    for seg in transcript.segments[:60]:
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
                    votes[sp] += 5 if side == Side.vendor else -5
        self_intro = own is not None or re.search(r"\b(moi c'est|je suis|i'm)\b", text, re.I)
        for other_sp, other in by_speaker.items():
            if other_sp == sp:
                continue
            first = re.escape(other.name.split()[0]) if other.name.split() else None
            if not first:
                continue
            m2 = re.search(rf"{_CO_INTRO}(?:{re.escape(other.name)}|{first})\b", text, re.I)
            if m2 and self_intro:
                co_intro.append((sp, other_sp, not re.match(r"(?i)\s*(?:et|and)\b", m2.group(0))))
            m3 = re.search(rf"\b(?:{re.escape(other.name)}|{first})(?=\s*,)", text)
            if m3 and other.role is None and (m2 or self_intro):
                other.role = _role_after(text, m3.end())
    for c in clauses:
        sp = c.speaker
        if sp not in by_speaker:
            continue
        votes[sp] += len(lx.VENDOR_SPEECH.findall(c.low)) - len(lx.CLIENT_SPEECH.findall(c.low))
        if re.search(r"\bje suis (votre|ton) \w+", c.low):
            votes[sp] += 3
    for sp, p in by_speaker.items():
        if p.role and _VENDOR_ROLE.search(p.role):
            votes[sp] += 3
    resolved: dict[str, Side] = {}
    hinted: set[str] = set()
    for sp, p in by_speaker.items():
        hint = hints.get(_key(p.name))
        if hint and hint.side != Side.unknown:
            resolved[sp] = hint.side
            hinted.add(sp)
        elif votes[sp] >= 2:
            resolved[sp] = Side.vendor
        elif votes[sp] <= -1:
            resolved[sp] = Side.client
    for _ in range(2):  # « je suis avec Sonia »: one team, whichever of the two the evidence settled more firmly
        for introducer, introduced, one_team in co_intro:
            if not one_team:  # « … avec Madame Guérin et Jérôme »: only an open speaker follows
                if introduced not in resolved and introducer in resolved and abs(votes[introduced]) < 5:
                    resolved[introduced] = resolved[introducer]
                continue
            strong, weak = sorted((introducer, introduced), key=lambda sp: (sp in hinted, abs(votes[sp])), reverse=True)
            if strong in resolved and abs(votes[weak]) < 5 and weak not in hinted:
                resolved[weak] = resolved[strong]
    by_evidence = _fill_sides(resolved, votes, list(by_speaker))
    # the side model settles only whom it is sure of: no side is inferred from its guesses in turn
    resolved = _model_sides(transcript, clauses, ctx, by_evidence, list(by_speaker))
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
        if not any(_key(p.name) == key for p in by_speaker.values()):
            by_speaker[f"__hint_{key}"] = Participant(name=hint.name, side=hint.side)
    participants = list({id(p): p for p in by_speaker.values()}.values())
    return People(participants, by_speaker)


# --- filters ----------------------------------------------------------------------


def is_trap(c: Clause) -> bool:
    return bool(lx.WISH.search(c.low) or lx.HYPOTHETICAL.search(c.low) or lx.VAGUE.search(c.low))


def _firm(c: Clause, language: str) -> bool:
    """Not a wish, not a hypothesis, not in the conditional mood, not cut off ("je vous l'envoie ce soir...")."""
    if is_trap(c) or c.text.rstrip().endswith(("...", "…")):
        return False
    # only a word with a conditional ending can be a conditional: spare the tagger otherwise
    maybe_conditional = any(w.endswith(_CND_ENDINGS) for w in re.findall(r"[a-zà-ÿ]+", c.low))
    if maybe_conditional and _conditional(load_nlp(language)(c.text)) and not re.search(r"\bje voudrais (juste )?(confirmer|vous)\b", c.low):
        return False
    return not re.search(r"\b(would|could|might)\b", c.low)


# --- commitments ------------------------------------------------------------------


@dataclass
class Commitment:
    kind: str  # next_step | deliverable
    text: str
    owner: str | None
    side: Side
    due_date: dt.date | None
    due_text: str | None
    fmt: str | None
    clauses: list[Clause]
    speaker: str | None = None  # who said the words the text is made of


_SUBJECT_FIRST = {"je", "j'", "on", "nous", "moi", "i", "i'll", "we", "we'll", "de"}
_OBJECT = re.compile(
    r"\b(?:" + lx.SEND_VERBS + r")\b\s+(?:(?:vous|nous|te|lui|leur|me|m'|you|us|them)\s+)?((?:(?:le|la|les|l'|un|une|des|du|notre|nos|votre|vos|mon|ma|mes|the|a|an|our|your|my)\s*)?[^,.;?!]+)",
    re.I,
)


_DISLOCATED = re.compile(r"^(.{4,80}?),\s*(?:on|je|j'|nous|moi je)\s+(?:vous\s+|te\s+)?(?:la|le|les|l')\s*\S", re.I)


def _deliverable_what(c: Clause, due_text: str | None) -> str | None:
    d = _DISLOCATED.search(c.seg.text[max(0, c.offset - 90) : c.offset + len(c.text)].split(". ")[-1])
    if d and lx.DELIVERABLE_NOUNS.search(_norm(d.group(1))):
        return clean(d.group(1))
    text = c.text.replace(due_text, " ") if due_text else c.text
    m = _OBJECT.search(re.sub(r"\s+", " ", text))
    if not m:
        return None
    what = m.group(1)
    what = re.split(r"\s+\b(?:d'ici|avant|sous|au plus tard|dès|by|before|within|tomorrow|demain|ce soir)\b", what)[0]
    what = re.sub(r"\s+\b(?:pour|dans|for|in)\s*$", "", what)
    what = re.sub(r"^(?:over|across|back|out)\s+", "", what.strip(" ,"), flags=re.I)
    if len(what) < 3 or not lx.DELIVERABLE_NOUNS.search(_norm(what)):
        return None
    return clean(what)


_MODALS = {"pouvoir", "vouloir", "devoir", "aller", "falloir", "savoir"}
#: verbs whose counterpart ("je vous envoie", "je vous rappelle") the action names: "Rappeler Transports Ferrand"
_TO_COUNTERPART = ("envoyer", "transmettre", "présenter", "montrer", "confirmer", "proposer", "partager", "adresser",
                   "faire parvenir", "renvoyer", "remontrer")
#: verbs whose direct object is the counterpart: "je vous rappelle lundi" -> "Rappeler Transports Ferrand"
_CALL_VERBS = ("rappeler", "appeler", "relancer", "recontacter", "inviter", "convier", "revoir", "recevoir", "accompagner")
_TAIL = re.compile(r"[\s,]*(?:\b(?:ça vous (?:va|irait|convient)|d'accord|ok|non|c'est bon|alors|donc|quoi)\b[\s?,.!]*)+$", re.I)


_IRREGULAR = {"fais": "faire", "fait": "faire", "mets": "mettre", "met": "mettre", "transmets": "transmettre", "transmet": "transmettre",
              "reviens": "revenir", "revient": "revenir", "prends": "prendre", "prend": "prendre", "dis": "dire", "vois": "voir",
              "joins": "joindre", "rejoins": "rejoindre", "ouvre": "ouvrir", "envoie": "envoyer", "renvoie": "renvoyer",
              "occupe": "s'occuper", "charge": "se charger", "offre": "offrir", "couvre": "couvrir",
              "appelle": "appeler", "rappelle": "rappeler", "jette": "jeter", "soumets": "soumettre", "soumet": "soumettre",
              "remets": "remettre", "remet": "remettre", "permets": "permettre", "sais": "savoir", "sait": "savoir",
              "dois": "devoir", "doit": "devoir", "reçois": "recevoir", "reçoit": "recevoir", "vais": "aller", "va": "aller",
              "suis": "être", "est": "être", "ai": "avoir", "a": "avoir", "peux": "pouvoir", "peut": "pouvoir",
              "veux": "vouloir", "veut": "vouloir", "crois": "croire", "croit": "croire", "vient": "venir", "tient": "tenir"}


#: future stems of irregular verbs: "j'enverrai", "on fera", "je viendrai"
_FUTURE_STEMS = {"enverr": "envoyer", "renverr": "renvoyer", "fer": "faire", "ser": "être", "aur": "avoir",
                 "pourr": "pouvoir", "devr": "devoir", "ir": "aller", "verr": "voir", "reverr": "revoir",
                 "viendr": "venir", "reviendr": "revenir", "tiendr": "tenir", "prendr": "prendre",
                 "mettr": "mettre", "transmettr": "transmettre", "remettr": "remettre", "dir": "dire",
                 "faudr": "falloir", "saur": "savoir"}
#: "vous <verbe>" of the verbs outside the first group that calls use
_SECOND_PLURAL = {
    "prenez": "prendre", "mettez": "mettre", "transmettez": "transmettre", "remettez": "remettre",
    "venez": "venir", "revenez": "revenir", "tenez": "tenir", "voyez": "voir", "devez": "devoir",
    "pouvez": "pouvoir", "voulez": "vouloir", "savez": "savoir", "allez": "aller", "avez": "avoir",
    "recevez": "recevoir", "lisez": "lire", "écrivez": "écrire", "suivez": "suivre", "répondez": "répondre",
    "attendez": "attendre", "rendez": "rendre", "vendez": "vendre", "sortez": "sortir", "partez": "partir",
    "ouvrez": "ouvrir", "offrez": "offrir", "servez": "servir", "faites": "faire", "dites": "dire",
    "relisez": "relire", "revoyez": "revoir", "renvoyez": "renvoyer", "envoyez": "envoyer",
}
_FUTURE = re.compile(r"^(?P<stem>[a-zà-ÿ]+r)(?:ai|as|a|ons|ez|ont)$")


def _first_group(word: str) -> str:
    """The infinitive of a first-group present: the stem alternations (transfère -> transférer, achète ->
    acheter, appelle -> appeler, but travaille -> travailler) settled by the dictionary, not guessed."""
    candidates = []
    accent = re.match(r"^(.*)è([^aeiouyéèê]+)e$", word)
    if accent:
        candidates += [f"{accent[1]}é{accent[2]}er", f"{accent[1]}e{accent[2]}er"]
    doubled = re.match(r"^(.*)(ll|tt)e$", word)
    if doubled:
        candidates.append(f"{doubled[1]}{doubled[2][0]}er")
    plain = word + "r"
    return next((c for c in candidates if known_word(c, "fr")), plain)


def _infinitive_by_form(word: str) -> str | None:
    """Infinitives the forms say by themselves (no tagger): irregular verbs, the first group, futures."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith(("er", "ir", "oir")) and len(word) > 3:
        return word  # already an infinitive ("je vais ouvrir" read as "ouvrir")
    if word.endswith("e") and not word.endswith(("oie", "vre", "fre")):
        return _first_group(word)  # cale -> caler, remontre -> remontrer
    if word.endswith("ez") and len(word) > 4:  # "vous calez", "vous envoyez", "vous choisissez"
        if word in _SECOND_PLURAL:
            return _SECOND_PLURAL[word]
        if word.endswith("issez"):
            return word[:-5] + "ir"
        if not _FUTURE.match(word):
            return word[:-2] + "er"
    future = _FUTURE.match(word)
    if future:
        stem = future.group("stem")
        if stem in _FUTURE_STEMS:
            return _FUTURE_STEMS[stem]
        if stem.endswith(("er", "ir")) and len(stem) > 3:
            return stem  # présenterai -> présenter, finirai -> finir
    return _other_groups(word)


#: (ending, what replaces it): the present of the second and third groups, each candidate checked in the dictionary
_OTHER_GROUPS = (("iens", ("enir",)), ("ient", ("enir",)), ("ds", ("dre",)), ("d", ("dre",)), ("ts", ("ttre",)),
                 ("ours", ("ourir",)), ("ourt", ("ourir",)), ("ors", ("ortir",)), ("ort", ("ortir",)), ("ars", ("artir",)),
                 ("art", ("artir",)), ("is", ("ir", "ire")), ("it", ("ir", "ire")))


def _other_groups(word: str) -> str | None:
    """« je préviens » -> prévenir, « j'attends » -> attendre, « je choisis » -> choisir, « j'écris » -> écrire:
    the ending's candidates that the dictionary knows, so the lemma tables load only for the rest."""
    for ending, replacements in _OTHER_GROUPS:
        if word.endswith(ending) and len(word) > len(ending):
            known = next((c for r in replacements if known_word(c := word[: -len(ending)] + r, "fr")), None)
            if known is not None:
                return known
    return None


@lru_cache(maxsize=4096)
def _infinitive(word: str, language: str) -> str:
    """The infinitive of a conjugated French verb: by its form when that is enough, else the tagger's lemma
    (which loads spaCy's lemma tables, so only for the forms that need it), checked by its ending."""
    by_form = _infinitive_by_form(word)
    if by_form is not None:
        return by_form
    doc = load_lemmatizer()(f"je {word}")
    lemma = doc[1].lemma_ if len(doc) > 1 else word
    if lemma.endswith(("er", "ir", "re", "oir")) and lemma != word:
        return lemma
    if word.endswith("oie"):
        return word[:-3] + "oyer"
    if word.endswith("e"):
        return word + "r"  # first group: cale -> caler, organise -> organiser
    return word


_COMMENT_TAIL = re.compile(r"(?:^|\s*,)\s*(?:c'est|c'était|ce n'est|ça|cela)\b.*$", re.I)


def _without_due(text: str, due_text: str | None) -> str:
    """The clause without its deadline words, unless they complement a noun (« au comité du 14 janvier »,
    « la réunion de lundi »): then they name the thing and stay whole, never « au comité du ».
    """
    at = text.find(due_text) if due_text else -1
    if at < 0 or due_text is None:
        return text
    if re.search(r"\b(?:du|de|des)$", text[:at].rstrip(), re.I):
        return text
    return f"{text[:at]} {text[at + len(due_text):]}"


def _action_text(c: Clause, due_text: str | None, language: str) -> str:
    """``je cale le comité pour le 3 décembre`` -> ``Caler le comité``: infinitive + object, no date."""
    text = _without_due(c.text, due_text)
    text = _TAIL.sub("", re.sub(r"\s+", " ", text)).strip(" ,")
    text = re.sub(r"\s+,", ",", text)
    register = get_lang(language).register
    m = register.action_verb.search(text)
    if m and m.group("verb").lower() not in {"ne", "n", "pas"}:
        verb = _infinitive(m.group("verb").lower(), language)
        rest = text[m.end() :].strip(" ,")
        modal = re.match(r"(?:(?:vous|nous|me|m'|le|la|les|l'|lui|leur)\s*)*([a-zà-ÿ]+(?:er|ir|re))\b\s*", rest) if verb in _MODALS else None
        if modal:  # "vous pouvez organiser la visite" -> "Organiser la visite"
            verb, rest = modal.group(1).lower(), rest[modal.end():]
        obj = m.group("obj").lower().replace("'", "' ").split()
        to_you = ("vous" in obj or "te" in obj) and not {"le", "la", "les", "l'", "en"} & set(obj)  # "je vous le remontre": its object is elsewhere
        if to_you and (not rest or verb in _CALL_VERBS):
            rest = f"vous {rest}"  # "je vous rappelle" -> "Rappeler vous" -> (written) "Rappeler Transports Ferrand"
        elif to_you and verb in _TO_COUNTERPART and "," not in rest and not re.search(r"\b(à|au|aux|avec)\b", rest):
            rest = f"{rest.rstrip('.!?… ')} à vous"
        rest = re.sub(r"\bet (?:je |j')(?:vous |lui |leur |le |la |les |l')*([a-zà-ÿ]+)",
                      lambda v: "et " + _infinitive(v.group(1).lower(), language), rest)
        rest = re.sub(r"\s+(pour|d'ici|avant|sous|dans|le|au plus tard)$", "", rest)
        rest = _COMMENT_TAIL.split(rest)[0]  # "je vais les relancer, c'est pas normal": the comment is no action
        return clean(f"{verb} {rest}".strip())
    without = register.action_subject.sub("", text)
    return clean(register.action(without) if without != text else text)


def _addressee(c: Clause, people: People, next_clauses: list[Clause]) -> tuple[str | None, bool]:
    """Who 'vous'/'tu' is: a named participant, else the next speaker who accepts. (name, accepted)"""
    speaker_name = people.name_of(c.speaker)
    lead_in = " ".join(_norm(c.seg.text[: c.offset]).split()[-2:])  # "François, | vous calez..."
    named = people.mentioned(c.low, exclude=speaker_name) or people.mentioned(lead_in, exclude=speaker_name)
    reply = next((n for n in next_clauses if n.speaker and n.speaker != c.speaker), None)
    accepted = bool(reply and lx.ACCEPT.search(reply.low.strip()) and not lx.REFUSE.search(reply.low.strip()))
    if named:
        return named.name, accepted
    if accepted and reply is not None:
        return people.name_of(reply.speaker), True
    others = [p for p in people.participants if p.name != speaker_name and p.side != people.side_of(c.speaker)
              and p.side != Side.unknown]
    if len(others) == 1:
        return others[0].name, accepted
    return None, accepted


_INTRO = re.compile(r"\b(les présentations|tour de table|je me présente|let me introduce|je m'occupe (de la région|du secteur|des comptes|de la partie)|"
                    r"je vous présente (ma|mon|notre) (collègue|associée?)|c'est moi qui (ai|suis)|je (vous )?partage (mon |l')?écran|^(alors,? )?je partage\W*$|(je|on) (vous |te )?rappelle (que|:|qu'))")
#: an aside to a colleague ("je te fais le point après") or a greeting: not a promise to the other party
_ASIDE = re.compile(r"\b(on se (fait|refait|cale|voit) (un point |le point )?(après|ensuite|tout à l'heure)|"
                    r"bonne (journée|soirée|fin de journée)|have a (good|nice) (day|one))\b")
#: « je te … »: to a colleague, unless the one who answers is on the other side (a call in « tu »)
_TO_YOU_SINGULAR = re.compile(r"\b(je te|j'te|je t')")
_HANDOVER = re.compile(r",\s*vous (l'|les |la |le )?(aurez|recevrez)\b")
_NOT_FIRM_DECISION = re.compile(
    r"\b(à condition|pas encore|encore (en discussion|ouvert|à négocier)|qui est encore|provided that|isn't|aren't|not|n'est pas|"
    r"ne sont pas|c'est bon pour (moi|nous))\b")
_SHORT_DECISION = re.compile(r"^(c'est|it's)?\s*(validé|acté|décidé|ok|agreed|approved|d'accord)\b", re.I)


def _handover(c: Clause, people: People, ctx: ExtractContext) -> Commitment | None:
    """"Le contrat signé, vous l'aurez lundi": the speaker hands something over."""
    handover = _HANDOVER.search(c.low)
    if not handover or c.question or is_trap(c):
        return None
    due = find_due(c.text, ctx.meeting_date, ctx.language)
    due_date = due.date if due and due.date and due.date >= ctx.meeting_date else None
    handed = clean(c.text[: handover.start()].strip(" ,")) or clean(c.text)
    return Commitment("deliverable", handed, people.name_of(c.speaker), people.side_of(c.speaker), due_date,
                      due.text if due and due_date else None, None, [c], speaker=c.speaker)


def _other_side(side: Side) -> Side:
    return Side.client if side == Side.vendor else Side.vendor if side == Side.client else Side.unknown


def _requested(c: Clause, following: list[Clause], people: People, ctx: ExtractContext, question: bool,
               ) -> tuple[str | None, Side, list[Clause]] | None:
    """A request to the other party ("vous pouvez nous transmettre…") that was accepted: the addressee owns it."""
    low = c.low
    owner, accepted = _addressee(c, people, following)
    if not accepted and (question or (lx.REQUEST.search(low) and not re.search(r"\b(je vous laisse|merci de|je compte sur vous)\b", low))):
        return None  # an unanswered request is not a commitment
    evidence = [c]
    reply = next((n for n in following if n.speaker and n.speaker != c.speaker), None)
    if accepted and reply is not None:
        evidence.append(reply)
    if not (find_due(c.text, ctx.meeting_date, ctx.language) or lx.DELIVERABLE_NOUNS.search(low) or lx.MEETING_NOUNS.search(low)):
        return None  # "could you give me some context?": a question in the meeting, not a promise
    side = people.side_of(next((s for s, p in people.by_speaker.items() if p.name == owner), None))
    if side == Side.unknown:
        side = _other_side(people.side_of(c.speaker))
    return owner, side, evidence


def _promised(c: Clause, marker: re.Match[str], following: list[Clause], people: People, ctx: ExtractContext,
              tagged: bool) -> tuple[str | None, Side] | None:
    """A firm statement "je vous envoie…", "on cale…", "vous calez…", "Julien vous enverra…": who owns it."""
    low = c.low
    subject = marker.group(0).split()[0].lower()
    if not _firm(c, ctx.language):
        return None
    speaker_name = people.name_of(c.speaker)
    if subject in {"vous", "tu", "you"}:
        owner, _ = _addressee(c, people, following)
        side = _other_side(people.side_of(c.speaker))
        if owner:
            side = next((p.side for p in people.participants if p.name == owner), side)
        return owner, side
    third = people.mentioned(low, exclude=speaker_name)
    before = low[: marker.start()].split()[-2:]
    named_subject = third is not None and any(
        w.strip(",") in {_norm(third.name).split()[0], *_norm(third.name).split()} for w in before)
    if tagged and following and following[0].speaker != c.speaker and lx.REFUSE.search(following[0].low):
        return None
    if third and named_subject and subject in {"nous", "on"}:
        return third.name, third.side
    if third and re.search(rf"{re.escape(_norm(third.name).split()[0])}\w*\s+(vous |nous )?(va|vont|enverra|transmettra|s'occupe|se charge|calera|organisera|fera|reviendra|doit|will|'ll)\b", low):
        return third.name, third.side
    if subject in {"on", "nous", "we", "we'll"}:
        return None, people.side_of(c.speaker)  # the team: no named owner
    if subject in _SUBJECT_FIRST or subject.startswith("j'"):
        return speaker_name, people.side_of(c.speaker)
    return None


#: "je vous présente Sophie", "je vous présente ma collègue": an introduction, not a presentation to give
_INTRODUCES = re.compile(r"\b(?i:je (?:vous |te )?présente|let me introduce|i'd like to introduce)\s+"
                         r"(?:[A-ZÀ-Þ]|(?i:ma|mon|notre|my|our) (?i:collègue|colleague))")


def speakers_using_tu(clauses: list[Clause]) -> frozenset[str]:
    """Who says « tu » more than « vous » in the call: their « je te … » speaks to the other party,
    not an aside to a colleague (a baker and her miller, a rep and a pharmacist of twenty years)."""
    counts: dict[str, list[int]] = {}
    for c in clauses:
        if c.speaker:
            tally = counts.setdefault(c.speaker, [0, 0])
            tally[0] += len(_TU.findall(c.low))
            tally[1] += len(_VOUS.findall(c.low))
    return frozenset(speaker for speaker, (tu, vous) in counts.items() if tu > max(vous, 1))


_TU = re.compile(r"\b(?:tu|te|toi|ton|ta|tes)\b|\bt'")
_VOUS = re.compile(r"\b(?:vous|votre|vos)\b")


def _not_a_commitment(c: Clause, people: People, tutoie: frozenset[str] = frozenset()) -> bool:
    """Wishes, introductions, greetings, asides to a colleague, habits, who signs what: never a promise.
    ``tutoie``: the speakers whose « je te … » speaks to the other party (:func:`speakers_using_tu`)."""
    low = c.low
    if _TO_YOU_SINGULAR.search(low) and c.speaker not in tutoie:
        return True
    introduces = _INTRODUCES.search(c.text.replace("’", "'")) or (
        re.search(r"\b(je (vous |te )?présente|let me introduce)\b", low)
        and people.mentioned(low, exclude=people.name_of(c.speaker)) is not None)
    authority = lx.AUTHORITY.search(low) or (lx.FIRST_PERSON_AUTHORITY.search(low)
                                             and lx.AUTHORITY.search(_norm(c.seg.text)))
    return bool(is_trap(c) or introduces or _INTRO.search(low) or _ASIDE.search(low) or authority
                or re.search(r"\b(déjà|already|d'habitude|toujours)\b", low))


#: a noun phrase set before the verb that takes it up as a pronoun ("l'export d'octobre, vous pouvez nous l'envoyer")
_DISLOCATED_OBJECT = re.compile(
    r"^(?:[A-ZÀ-Ý][\w-]+\s*,\s*)?(?P<obj>(?i:l'|le |la |les |ce |cette |ces |votre |vos |notre |nos )[^,?!.]{2,80})\s*,?$"
)


def _build(evidence: list[Clause], owner: str | None, side: Side, ctx: ExtractContext,
           previous: Clause | None = None, following: Clause | None = None, *, firm: bool = False) -> Commitment | None:
    """Due date, wording (from the request or its acceptance, whichever names the thing) and kind.
    ``firm``: the grammar already says it is a promise (see :mod:`summarizer.lang.promise`), whatever its verb."""
    lang = ctx.language
    due = None
    for cl in evidence:
        due = find_due(cl.text, ctx.meeting_date, lang)
        if due and due.date:
            break
    due_date = due.date if due and due.date and due.date >= ctx.meeting_date else None
    due_text = due.text if due and due_date else None
    if due is not None and due_date is None and chained_delay(due.text, lang) is not None:
        due_text = due.text  # counted from another event: dated by _chain_dates, or left null with the words kept
    text_clause = evidence[0]
    if len(evidence) > 1:  # a request and its acceptance: one promise, worded by whichever names the thing
        reply = evidence[-1]
        request_names_it = _deliverable_what(text_clause, due_text) is not None
        reply_promises = bool(lx.FIRST_SINGULAR.search(reply.low) and lx.STRONG_ACTION.search(reply.low)
                              and len(reply.text.split()) > 5)
        if not request_names_it and (_deliverable_what(reply, due_text) or reply_promises):
            text_clause = reply
    what = _deliverable_what(text_clause, due_text)
    if what and lx.SEND_RX.search(text_clause.low):
        fmt_m = lx.FORMATS.search(" ".join(e.low for e in evidence))
        return Commitment("deliverable", what, owner, side, due_date, due_text, fmt_m.group(0) if fmt_m else None, evidence,
                          speaker=text_clause.speaker)
    if not firm and lx.WEAK_VERBS.search(text_clause.low) and not lx.STRONG_ACTION.search(text_clause.low):
        return None  # "je vais être honnête", "on va voir": not a next step
    if not firm and not due_date and len(evidence) == 1 and not lx.STRONG_ACTION.search(text_clause.low):
        return None  # an undated, unspecific promise is not a next step
    action = _action_text(text_clause, due_text, lang)
    if len(action.split()) < 2:  # "Remontrer": a verb alone is no action; its object is in the clause before
        then = following if (following is not None and following.seg.index == evidence[-1].seg.index
                             and following.speaker == text_clause.speaker and not following.question) else None
        if then is not None and (previous is None or previous.seg.index != evidence[0].seg.index or previous.question):
            # "Je vais les relancer. Je leur envoie un mail dès cet après-midi." -> one action, both quotes
            then_due = find_due(then.text, ctx.meeting_date, lang)
            nxt = _action_text(then, then_due.text if then_due else None, lang)
            if due_date is None and then_due is not None and then_due.date and then_due.date >= ctx.meeting_date:
                due_date, due_text = then_due.date, then_due.text
            if len(nxt.split()) >= 2:
                return Commitment("next_step", f"{action} et {nxt[:1].lower()}{nxt[1:]}", owner, side, due_date,
                                  due_text, None, [*evidence, then], speaker=text_clause.speaker)
        if previous is None or previous.seg.index != evidence[0].seg.index:
            return None
        named = _DISLOCATED_OBJECT.match(previous.text.strip())
        if named:  # "Nadia, l'export des tournées, vous pouvez nous l'envoyer ?" -> "Envoyer l'export des tournées"
            obj = named.group("obj").strip(" ,")
            return Commitment("next_step", clean(f"{action} {obj[:1].lower()}{obj[1:]}"), owner, side, due_date,
                              due_text, None, [previous, *evidence], speaker=text_clause.speaker)
        if previous.question:
            return None
        action = f"{_action_text(previous, None, lang)} et {action.lower()}"
        evidence = [previous, *evidence]
    return Commitment("next_step", action, owner, side, due_date, due_text, None, evidence, speaker=text_clause.speaker)


#: a promise whose object is a pronoun: « je vous l'envoie demain », « on vous les transmet »
_CLITIC_PROMISE = re.compile(r"\b(?:je|j'|on|nous|i|we)\s+(?:vous\s+|te\s+|lui\s+|leur\s+)?(?:l'|le\s|la\s|les\s)"
                             r"\s*(?:" + lx.SEND_VERBS + r")\w*")


_PURPOSE = re.compile(r"\s+(?:pour|afin de|afin d'|so that|in order to|to)\s+(?=\w)", re.I)


def _with_object_before(clauses: list[Clause], i: int, evidence: list[Clause], owner: str | None, side: Side,
                        ctx: ExtractContext) -> Commitment | None:
    """« Il me manque l'attestation d'hébergement » … « je vous l'envoie demain »: the object from the lines
    before (the question or request it answers, else the nearest noun phrase), cited with the promise."""
    found = object_from_lines_before(clauses, i)
    if found is None:
        return None
    phrase, cited = found
    phrase = _PURPOSE.split(phrase)[0].strip(" ,")  # « l'attestation … pour boucler le dossier »: the thing only
    source = next((x for x in reversed(clauses[max(0, i - LOOKBACK):i])
                   if x.seg.index == cited.segment and _norm(phrase) in x.low), None)
    c = evidence[-1]
    if source is None or not lx.SEND_RX.search(c.low):
        return None
    due = find_due(c.text, ctx.meeting_date, ctx.language)
    due_date = due.date if due and due.date and due.date >= ctx.meeting_date else None
    return Commitment("deliverable", phrase[:1].upper() + phrase[1:], owner, side, due_date,
                      due.text if due and due_date else None, None, [source, *evidence], speaker=source.speaker)


#: what the speaker does in the call by speaking, now: calling, coming back to a point or stepping away,
#: proposing, sharing a screen, saying what one is in charge of; and a hedge on what was just said
_SAID_NOW = re.compile(
    r"\b(?:je|j'|on)\s*(?:vais\s+|va\s+)?(?:vous\s+|te\s+)?(?:"
    r"r?appel\w*(?=\s*(?:,|pour\b|parce\b|\.|$))|reviens(?=\s+sur\b|\s*[.!]?\s*$)|revenir\s+sur\b"
    r"|propose\s+(?:que|qu')|partag\w*\s+(?:mon|l')\s*écran|m'occupe\s+(?:de|du|des|d')\b)"
    r"|\bje\s+(?:ne\s+)?(?:vous\s+|te\s+)?promets\s+rien\b|\bno promises\b|\bcan't promise\b")


def _said_now(c: Clause) -> bool:
    """The clause, or what follows it in its sentence, is talk about the call itself or a hedge."""
    rest = _norm(c.seg.text[c.offset:])
    sentence = re.split(r"(?<=[.!?])\s", rest, maxsplit=1)[0]
    return bool(_SAID_NOW.search(c.low) or re.search(r"\bje\s+(?:ne\s+)?(?:vous\s+|te\s+)?promets\s+rien\b", sentence))


#: the team's present tense, not to the listener: « on le partage », « on calcule le net »
_TEAM_PRESENT = re.compile(r"^(?:on|nous)\s+(?!(?:vous|te)\b)(?:(?:le|la|les|l'|en|y|lui|leur)\s*)*(?P<verb>[a-zà-ÿ]+)")


def _team_describes(marker: str) -> bool:
    m = _TEAM_PRESENT.match(marker.lower())
    return bool(m and m.group("verb") not in {"va", "allons", "vais"} and not m.group("verb").endswith(("ra", "rons")))


def _sentence_before(clauses: list[Clause], i: int) -> str:
    """The clause before this one when both are in one sentence of one turn (lower case), else ""."""
    previous = clauses[i - 1] if i else None
    if previous is None or previous.seg.index != clauses[i].seg.index or previous.text.rstrip().endswith((".", "!", "?", "…")):
        return ""
    return previous.low.strip()


def _dated(c: Clause, ctx: ExtractContext) -> bool:
    """A day is named for it, other than « aujourd'hui », which speech uses as an adverb far more than as a deadline."""
    return _names_a_day(c.text, ctx.meeting_date, ctx.language)


@lru_cache(maxsize=4096)
def _names_a_day(text: str, meeting_date: dt.date, language: str) -> bool:
    """Asked several times of one clause (a condition, a promise, a slot): finding dates is the costly part."""
    due = find_due(text, meeting_date, language)
    return bool(due and due.date and due.date >= meeting_date and not _TODAY.match(due.text))


_TODAY = re.compile(r"(?i)aujourd|today")


#: a short yes that makes the present that follows a promise: « Génial. Je préviens les chefs de rayon. »
_SHORT_YES = re.compile(r"^(?:et\s+)?(?:oui|ouais|d'accord|ok|okay|entendu|parfait|très bien|super|génial|excellent|"
                        r"c'est noté|noté|ça marche|pas de souci|bien sûr|volontiers|yes|sure|great|perfect)\W*$")
#: the object is a pronoun or « ça »: what is promised was named before
_PRONOUN_OBJECT = re.compile(r"\b(?:je|j'|on|nous)\s+(?:vous\s+|te\s+|lui\s+|leur\s+)?(?:l'|le\s|la\s|les\s)"
                             r"|\b(?:je|on|nous)\s+(?:vous\s+|te\s+)?\w+\s+(?:ça|cela)\b")


def _grammar_promise(clauses: list[Clause], i: int, people: People, ctx: ExtractContext,
                     tutoie: frozenset[str]) -> Commitment | None:
    """A first-person promise the verb lists do not know, read from the clause's grammar (the pack's :mod:`~summarizer.lang.promise`)."""
    c = clauses[i]
    if c.question:
        return None
    previous = clauses[i - 1] if i else None
    accepted = bool(previous is not None and previous.seg.index == c.seg.index and _SHORT_YES.match(previous.low.strip()))
    found = get_lang(ctx.language).promise.read(c.low, c.text, partial(_dated, c, ctx), accepted,
                                                partial(_infinitive, language=ctx.language))
    if found is None or not _firm(c, ctx.language) or _not_a_commitment(c, people, tutoie):
        return None
    if found.subject in {"on", "nous", "we"}:
        owner, side = None, people.side_of(c.speaker)  # the team: no named owner
    else:
        owner, side = people.name_of(c.speaker), people.side_of(c.speaker)
    if _PRONOUN_OBJECT.search(c.low):  # « Je le change lundi »: the thing from the lines before
        named = _named_before(clauses, i, found.verb, owner, side, ctx)
        if named is not None:
            return named
    following = clauses[i + 1] if i + 1 < len(clauses) else None
    return _build([c], owner, side, ctx, previous, following, firm=True)


def _named_before(clauses: list[Clause], i: int, verb: str, owner: str | None, side: Side,
                  ctx: ExtractContext) -> Commitment | None:
    """« C'est la synchronisation à 4 h 30 ? » … « Je le change lundi »: verb + the object from the lines before."""
    found = object_from_lines_before(clauses, i)
    if found is None:
        return None
    phrase, cited = found
    phrase = _PURPOSE.split(phrase)[0].strip(" ,")
    source = next((x for x in reversed(clauses[max(0, i - LOOKBACK):i])
                   if x.seg.index == cited.segment and _norm(phrase) in x.low), None)
    if source is None or len(phrase.split()) < 2 or phrase.split()[0].lower() in {"du", "de", "des", "à", "au", "aux", "d'"}:
        return None  # « du logiciel »: where from, not what
    c = clauses[i]
    due = find_due(c.text, ctx.meeting_date, ctx.language)
    due_date = due.date if due and due.date and due.date >= ctx.meeting_date else None
    text = clean(f"{verb} {phrase[:1].lower()}{phrase[1:]}")
    return Commitment("next_step", text, owner, side, due_date, due.text if due and due_date else None, None,
                      [source, c], speaker=source.speaker)


def _assigned(clauses: list[Clause], i: int, cue: str, people: People, ctx: ExtractContext,
              tutoie: frozenset[str]) -> Commitment | None:
    """A task handed out (« you two will be working on the prototypes »): the addressee owns it; said in the
    first person (« I'm gonna take the minutes »), the speaker does."""
    c = clauses[i]
    if c.question or not _firm(c, ctx.language) or _not_a_commitment(c, people, tutoie):
        return None
    if cue.split()[0] in {"i'm", "i"}:
        owner, side = people.name_of(c.speaker), people.side_of(c.speaker)
    else:
        owner, _ = _addressee(c, people, clauses[i + 1 : i + 6])
        side = next((p.side for p in people.participants if p.name == owner), _other_side(people.side_of(c.speaker)))
    return _build([c], owner, side, ctx, clauses[i - 1] if i else None,
                  clauses[i + 1] if i + 1 < len(clauses) else None, firm=True)


def find_commitments(clauses: list[Clause], people: People, ctx: ExtractContext,
                     reported: set[int] | None = None) -> tuple[list[Commitment], set[int]]:
    """Next steps and deliverables, and the positions of the clauses they consumed. ``reported``: the
    segments that report on an earlier promise (« pas encore pu le sortir, je m'y mets cette semaine »):
    what only the grammar reads there is that promise renewed, not a new one."""
    reported = reported or set()
    out: list[Commitment] = []
    answered: set[int] = set()  # replies already folded into the request they accept
    tutoie = speakers_using_tu(clauses)
    for i, c in enumerate(clauses):
        if c.position in answered:
            continue
        handed = _handover(c, people, ctx)
        if handed:
            out.append(handed)
            continue
        low = c.low
        if get_lang(ctx.language).promise.conditional(low, _sentence_before(clauses, i)) and not _dated(c, ctx):
            continue  # « je vous appellerai si j'ai des questions »: hangs on a condition, no date to hold it
        if _said_now(c):
            continue  # « je vous rappelle, il me faut… », « je reviens sur ce qu'on a dit »: the talk itself
        assigned = lx.ASSIGNMENT.search(low)
        if assigned is not None:
            item = _assigned(clauses, i, assigned.group(0), people, ctx, tutoie)
            if item is not None:
                out.append(item)
                continue
        request = lx.REQUEST.search(low)
        marker = lx.COMMIT_MARKERS.search(low)
        if marker and not request and _team_describes(marker.group(0)) and not _dated(c, ctx):
            continue  # « on le partage avec la salle du conseil », « on calcule le net »: how things are done
        if not marker and not request:
            clitic = _CLITIC_PROMISE.search(low)
            if clitic and not c.question and _firm(c, ctx.language) and not _not_a_commitment(c, people, tutoie):
                first = clitic.group(0).split()[0] in {"je", "j'", "i"}
                item = _with_object_before(clauses, i, [c], people.name_of(c.speaker) if first else None,
                                           people.side_of(c.speaker), ctx)
                if item is not None:
                    out.append(item)
                    continue
            item = None if c.seg.index in reported else _grammar_promise(clauses, i, people, ctx, tutoie)
            if item is not None:
                out.append(item)
            continue
        if lx.DECISION.search(low) and not lx.FIRST_SINGULAR.search(low):
            continue  # "on valide la reprise": a decision, recorded as such
        if _not_a_commitment(c, people, tutoie):
            continue
        tagged = c.question and bool(lx.QUESTION_TAG.search(low))
        question = (c.question and not tagged) or bool(lx.QUESTION_START.search(low.strip()))
        following = clauses[i + 1 : i + 6]
        evidence = [c]
        if request or (question and marker and marker.group(0).split()[0] in {"vous", "tu", "you"}):
            got = _requested(c, following, people, ctx, question)
            if got is None:
                continue
            owner, side, evidence = got
        else:
            if question or marker is None:
                continue
            promised = _promised(c, marker, following, people, ctx, tagged)
            if promised is None:
                continue
            owner, side = promised
        item = _build(evidence, owner, side, ctx, clauses[i - 1] if i else None,
                      clauses[i + 1] if i + 1 < len(clauses) else None)
        if item is None and len(evidence) == 1 and _CLITIC_PROMISE.search(low):  # "je vous le transmets vendredi"
            item = _with_object_before(clauses, i, evidence, owner, side, ctx)
        if item is None and len(evidence) == 1 and not request and c.seg.index not in reported:  # "je vous fais l'extraction"
            item = _grammar_promise(clauses, i, people, ctx, tutoie)
        if item is not None:
            answered.update(e.position for e in evidence[1:])
            out.append(item)
    merged = _chain_dates(_merge_commitments(out), ctx.language)
    return merged, {cl.position for item in merged for cl in item.clauses}


def _chain_dates(items: list[Commitment], language: str) -> list[Commitment]:
    """"Sous 48 heures après réception (du contrat)": the awaited item's due date plus the delay, never the
    meeting date plus the delay; without a dated item to hang on, the date stays null and the words stay."""
    for item in items:
        chain = chained_delay(item.due_text, language) if item.due_text and item.due_date is None else None
        if chain is None:
            continue
        noun = chain.anchor or next((m.group(0) for cl in item.clauses if (m := lx.DELIVERABLE_NOUNS.search(cl.low))), None)
        if not noun:
            continue
        key = _key(noun)[:6]
        anchors = [o for o in items if o is not item and o.due_date is not None and key in _key(o.text)]
        if anchors:
            item.due_date = chain_date(anchors[0].due_date, chain)  # type: ignore[arg-type]
    return items


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zà-ÿ]{5,}", _norm(text))} - {"envoyer", "transmettre", "caler", "faire", "vous", "notre", "votre"}


def _merge_commitments(items: list[Commitment]) -> list[Commitment]:
    """The closing recap repeats earlier promises: one item, evidence from both places."""
    merged: list[Commitment] = []
    for item in items:
        twin = None
        last = merged[-1] if merged else None
        if (last is not None and last.clauses[0].seg.index == item.clauses[0].seg.index and last.owner == item.owner
                and (item.due_date is None or last.due_date is None or item.due_date == last.due_date)):
            twin = last
        for prev in [] if twin else merged:
            if prev.owner and item.owner and prev.owner != item.owner:
                continue
            shared = _content_words(prev.text) & _content_words(item.text)
            similar = fuzz.token_set_ratio(_norm(prev.text), _norm(item.text)) >= 80
            same_due = prev.due_date is not None and prev.due_date == item.due_date
            if similar or (shared and (same_due or prev.due_date is None or item.due_date is None)):
                twin = prev
                break
        if twin is None:
            merged.append(item)
            continue
        known = {id(c) for c in twin.clauses}  # identity: comparing dataclasses field by field is quadratic
        twin.clauses.extend(c for c in item.clauses if id(c) not in known)
        if twin.kind == "next_step" and item.kind == "deliverable":
            twin.kind, twin.text, twin.fmt = "deliverable", item.text, item.fmt
        twin.owner = twin.owner or item.owner
        if twin.side == Side.unknown:
            twin.side = item.side
        if twin.due_date is None and item.due_date is not None:
            twin.due_date, twin.due_text = item.due_date, item.due_text
        twin.fmt = twin.fmt or item.fmt
    return merged


# --- decisions, risks, facts, objections ------------------------------------------

#: a clause a cue already points at needs this share of the classifier's threshold
_CUE_RELAX = 0.6
#: a decision no cue points at needs this multiple of the threshold (the French decision model is weak alone)
_NO_CUE_DECISION = 2.0


@dataclass
class Learned:
    """The clause classifier's probabilities for one call (empty when no model ships for its language)."""

    model: LinearModel | None
    probs: dict[str, list[float]]
    by_segment: dict[str, dict[int, float]]

    @classmethod
    def none(cls) -> Learned:
        return cls(None, {}, {})

    @classmethod
    def of(cls, clauses: list[Clause], people: People, language: str) -> Learned:
        model = load_model(language)
        if model is None:
            return cls.none()
        sides = {speaker: p.side.value for speaker, p in people.by_speaker.items() if p.side != Side.unknown}
        probs = model.scores(clauses, sides)
        by_segment: dict[str, dict[int, float]] = {}
        for cat, values in probs.items():
            best = by_segment.setdefault(cat, {})
            for c, value in zip(clauses, values, strict=True):
                best[c.seg.index] = max(best.get(c.seg.index, 0.0), value)
        return cls(model, probs, by_segment)

    def has(self, category: str) -> bool:
        """Whether a model of this category ships for the call's language (else the cues decide alone)."""
        return self.model is not None and category in self.probs

    def passes(self, category: str, position: int, relax: float = 1.0) -> bool:
        return (self.has(category) and self.model is not None
                and self.probs[category][position] >= self.model.thresholds[category] * relax)

    def score(self, category: str, segment: int) -> float:
        return self.by_segment.get(category, {}).get(segment, 0.0)


#: a proposal not yet taken, or what someone else said
_PROPOSED_OR_REPORTED = re.compile(r"\b(?:je|on) (?:vous |te )?propose\b|\bce que je (?:vous )?propose\b|\b(?:m'|nous |lui )?a dit qu|"
                                   r"\bi (?:would )?(?:suggest|propose)\b|\b(?:said|told me) (?:that|he|she)\b")
_SLOT_WORDS = re.compile(r"\b(?:ça|cela|me|nous|va|vont|c'est|parfait|très bien|bien|ok|d'accord|pour|le|la|les|à|validé|noté|entendu|"
                         r"heures?|h|oui|alors|donc|et|that|works|for|me|us|fine|perfect|good|is|at|on)\b")


def _only_a_slot(c: Clause, ctx: ExtractContext) -> bool:
    """The clause says a day or an hour and agrees to it, nothing more."""
    due = find_due(c.text, ctx.meeting_date, ctx.language)
    if due is None or not due.text:
        return False
    rest = _SLOT_WORDS.sub(" ", _norm(c.text.replace(due.text, " ")))
    return len(re.findall(r"[a-zà-ÿ]{3,}", rest)) == 0


def _decision_candidate(c: Clause, ctx: ExtractContext, learned: Learned, before: str = "") -> bool:
    """A firm clause the cues or the classifier take for a decision (the classifier alone must be sure).
    ``before``: the clause before it in its sentence, where a condition may stand."""
    if c.question or _NOT_FIRM_DECISION.search(c.low):
        return False
    if not (lx.DECISION.search(c.low) or learned.passes("decision", c.position, relax=_NO_CUE_DECISION)):
        return False  # a cue decision stands; the classifier only adds the ones no cue points at
    if (lx.DECISION_REPORTED.search(c.low) or lx.DECISION_REPORTED.search(before) or lx.SMALL_TALK.search(c.low)
            or _PROPOSED_OR_REPORTED.search(c.low)):
        return False  # made before this call (« on avait décidé »), lunch, a proposal or someone else's words
    if get_lang(ctx.language).promise.conditional(c.low, before):
        return False  # « si c'est inclus, ça me va »: hangs on a condition
    return _firm(c, ctx.language) and not _only_a_slot(c, ctx)  # « Mardi 14 heures, ça me va »: a slot, not a decision


def find_decisions(clauses: list[Clause], ctx: ExtractContext,
                   learned: Learned | None = None) -> tuple[list[Decision], set[int]]:
    """Firm decisions, and the positions of the clauses they consumed."""
    learned = learned or Learned.none()
    out: list[tuple[str, list[Clause]]] = []
    for i, c in enumerate(clauses):
        if not _decision_candidate(c, ctx, learned, _sentence_before(clauses, i)):
            continue
        if lx.QUESTION_START.search(c.low.strip()):
            continue
        support = [c]
        if len(c.text.split()) < 5:
            prev = clauses[c.position - 1] if c.position > 0 else None
            if not (_SHORT_DECISION.search(clean(c.text)) and prev is not None and len(prev.text.split()) >= 4
                    and prev.seg.index >= c.seg.index - 1 and not prev.question):
                continue  # "C'est bon pour moi." agrees, but to what is said elsewhere
            support = [prev, c]
        text = clean(support[0].text)
        twin = None if lx.REVERSAL.search(c.low) else next(
            (o for o in out if fuzz.token_set_ratio(_norm(o[0]), _norm(text)) >= 85), None)  # a reversal is no twin
        if twin:
            known = {id(x) for x in twin[1]}
            twin[1].extend(x for x in support if id(x) not in known)
        else:
            out.append((text, support))
    out = _final_states(out)
    return [Decision(text=t, evidence=[c.evidence() for c in cs]) for t, cs in out], {x.position for _, cs in out for x in cs}


def _final_states(decisions: list[tuple[str, list[Clause]]]) -> list[tuple[str, list[Clause]]]:
    """A decision taken back later in the call (« finalement, … », "actually, let's…") keeps only its final
    state: the earlier decision on the same thing (a content word in common) goes."""
    kept = list(decisions)
    for later_text, later in decisions:
        if not any(lx.REVERSAL.search(c.low) for c in later):
            continue
        words = _content_words(later_text)
        kept = [(t, cs) for t, cs in kept
                if cs is later or cs[0].position > later[0].position or not (words & _content_words(t))]
    return kept


MAX_RISKS = 3
# the patterns below match lower-cased clauses (``Clause.low``): case-sensitive is faster than re.I
_RISK_STRONG = re.compile(r"\b(risque|bloquant|dépend|on ne sait pas|point d'attention|risk|blocker|depends)")
_RISK_RECAP = re.compile(r"\b(points? d'attention|côté risques|les risques|risques|watch-outs?|risks)\s*:")


def _risk_category(c: Clause, learned: Learned) -> str | None:
    """The risk category of a clause the cues or the classifier take for a risk, else None."""
    if is_trap(c) or c.question or len(c.text.split()) < 5 or re.match(r"(donc |alors )?l'objectif", c.low):
        return None
    cue = bool(lx.RISK_CUES.search(c.low))
    if learned.has("risk"):
        if not learned.passes("risk", c.position, relax=_CUE_RELAX if cue else 1.0):
            return None
    elif not cue:
        return None
    category = next((name for name, rx in lx.RISK_CATEGORIES.items() if rx.search(c.low)), None)
    if category is None and not learned.has("risk") and not _RISK_STRONG.search(c.low):
        return None
    return category or "other"


def find_risks(clauses: list[Clause], ctx: ExtractContext,
               learned: Learned | None = None) -> tuple[list[Risk], dict[int, str | None]]:
    """The prioritised risks, and who said each mitigation (by ``id`` of the risk) for the written register."""
    learned = learned or Learned.none()
    risks: list[Risk] = []
    in_risk: set[int] = set()  # positions of the clauses a risk already covers
    mitigated_by: dict[int, str | None] = {}
    for i, c in enumerate(clauses):
        category = _risk_category(c, learned)
        if category is None:
            continue
        if _RISK_RECAP.search(c.low):
            for r in risks:  # a recap adds evidence to the risks it repeats, never a new one
                if _content_words(r.text) & _content_words(c.text):
                    r.evidence.append(c.evidence())
            in_risk.add(c.position)
            continue
        if risks and 0 <= c.seg.index - risks[-1].evidence[-1].segment <= 1 and (c.position - 1) in in_risk:
            risks[-1].evidence.append(c.evidence())  # the same utterance goes on about the same risk
            in_risk.add(c.position)
            continue
        mitigation, mitigator = None, None
        for n in [c, *clauses[i + 1 : i + 5]]:
            if lx.MITIGATION.search(n.low) and n.seg.index - c.seg.index <= 3:
                rest = n.seg.text[n.offset :]
                end = _SENTENCE_END.search(rest)
                mitigation = clean(rest[: end.start()] if end else rest)  # "Pour lever ça, on peut ..." whole
                mitigator = n.speaker
                break
        severity = Severity.high if lx.SEVERITY_HIGH.search(c.low) else Severity.low if lx.SEVERITY_LOW.search(c.low) else Severity.medium
        text = clean(c.text)
        twin = next((r for r in risks if r.category.value == category and (
            fuzz.token_set_ratio(_norm(r.text), _norm(text)) >= 85
            or len(_content_words(r.text + " " + (r.mitigation or "")) & _content_words(text)) >= 2
            )), None)
        if twin is not None:
            twin.evidence.append(c.evidence())
            if twin.mitigation is None and mitigation:
                twin.mitigation, mitigated_by[id(twin)] = mitigation, mitigator
            in_risk.add(c.position)
            continue
        evidence = [c.evidence()]
        risks.append(Risk(text=text, category=RiskCategory(category), severity=severity, mitigation=mitigation, evidence=evidence))
        mitigated_by[id(risks[-1])] = mitigator
        in_risk.add(c.position)
    order = {Severity.high: 0, Severity.medium: 1, Severity.low: 2}
    priority = {RiskCategory.it_security: 0, RiskCategory.legal: 1, RiskCategory.budget: 2, RiskCategory.planning: 3,
                RiskCategory.competition: 4, RiskCategory.other: 5}
    if learned.has("risk"):  # the classifier's confidence ranks: categories are the cues' guess
        first = {id(r): max(learned.score("risk", e.segment) for e in r.evidence) for r in risks}
        risks.sort(key=lambda r: -first[id(r)])
    else:
        risks.sort(key=lambda r: (r.category == RiskCategory.other, order[r.severity], r.mitigation is None,
                                  priority[r.category]))
    return risks[:MAX_RISKS], mitigated_by  # the method: a short, prioritised list, not every worry


_TOOLS = re.compile(r"\b(excel|outil maison|on utilise|actuellement|aujourd'hui on|we use|currently)\b")
_VAGUE_START = re.compile(r"^(et |mais |alors |bon |donc )*(c'est|ça|voilà|oui|non|bien sûr|exactement)\b")


_RECAP_START = re.compile(r"\b(récap\w*|pour résumer|si je résume|je résume|côté décisions|les actions\s*:|to recap|to sum up|"
                          r"let me summari[sz]e|points? d'attention\s*:|watch-outs?\s*:)")
_NUMBER_WORDS = re.compile(r"\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|quarante|cinquante|cent|mille|"
                           r"two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|hundred|thousand)\s+\w+")


def _fact_score(c: Clause, people: People, recap_from: int) -> float:
    """Figures, pains, criteria, decision process and competition score; chit-chat, self-introductions
    and the closing recap (which repeats what was said earlier) do not."""
    if c.question or is_trap(c) or len(c.text.split()) < 5:
        return 0.0
    name = people.name_of(c.speaker)
    if name and _norm(name) in c.low:
        return 0.0  # "Isabelle Moreau, directrice des achats": an introduction
    score = 0.0
    if lx.FIGURE.search(c.low):
        score += 2
    elif _NUMBER_WORDS.search(c.low) and re.search(r"\b(tickets?|sites?|salles?|lignes?|personnes?|jours?|semaines?|mois|ans|clients?|camions?|dépôts?)\b", c.low):
        score += 1.5
    if "%" in c.low:
        score += 0.5
    if lx.PAIN.search(c.low):
        score += 1.5
    if lx.CRITERIA.search(c.low) or re.search(r"\bnon négociable\b|\bnon-negotiable\b", c.low):
        score += 1.5
    if lx.DECISION_PROCESS.search(c.low):
        score += 1.5
    if lx.RISK_CATEGORIES["competition"].search(c.low):
        score += 1.5
    if _TOOLS.search(c.low):
        score += 1
    if lx.RESULT.search(c.low) and lx.FIGURE.search(c.low):
        score += 1
    if score and people.side_of(c.speaker) == Side.client:
        score += 0.5
    if _VAGUE_START.search(c.low) and not lx.FIGURE.search(c.low):
        score -= 1.5
    if len(c.text.split()) < 7:
        score -= 0.5
    if c.position >= recap_from:
        score -= 2
    return score


def _progress_report(c: Clause) -> float:
    """1 for "comme promis, je vous ai envoyé…": what the account plan needs to close a promise."""
    return 1.0 if lx.PROGRESS_REPORT.search(c.low) and not lx.PROGRESS_NEGATION.search(c.low) else 0.0


def find_facts(clauses: list[Clause], people: People, taken: set[int], learned: Learned | None = None) -> list[Fact]:
    """The key figures and statements; ``taken`` are clauses already a commitment or a decision."""
    learned = learned or Learned.none()
    recap_from = next((c.position for c in clauses if c.position > len(clauses) * 0.6 and _RECAP_START.search(c.low)),
                      len(clauses))
    if learned.has("fact"):
        scored = [(learned.probs["fact"][c.position] + progress, c) for c in clauses
                  if c.position not in taken and not c.question and not is_trap(c) and len(c.text.split()) >= 5
                  and ((progress := _progress_report(c)) or learned.passes("fact", c.position))]
    else:
        scored = [(s, c) for c in clauses if c.position not in taken
                  and (s := _fact_score(c, people, recap_from)) >= 2]
    scored.sort(key=lambda sc: (-sc[0], sc[1].position))
    chosen: list[Clause] = []
    for _, c in scored:
        if any(fuzz.token_set_ratio(o.low, c.low) >= 80 for o in chosen):
            continue
        chosen.append(c)
        if len(chosen) == MAX_FACTS:
            break
    chosen.sort(key=lambda c: c.position)
    return [Fact(text=clean(c.text), evidence=[c.evidence()]) for c in chosen]


def find_objections(clauses: list[Clause], people: People, voice: Voices) -> list[Objection]:
    out: list[Objection] = []
    for i, c in enumerate(clauses):
        if not lx.OBJECTION.search(c.low) or people.side_of(c.speaker) == Side.vendor or c.question:
            continue
        reply = next((n for n in clauses[i + 1 : i + 4] if n.speaker != c.speaker and people.side_of(n.speaker) != Side.client), None)
        out.append(Objection(text=written(clean(c.text), voice(c.speaker)),
                             response=written(clean(reply.text), voice(reply.speaker)) if reply else None, evidence=[c.evidence()]))
    return out[:5]


_JOINED = re.compile(r"(?:le|la|l'|les|un|une|mon|ma|notre)\s*([\w'’ -]{3,40}?)\s+en pièce jointe", re.I)


def find_attachments(clauses: list[Clause]) -> list[Attachment]:
    out: dict[str, Attachment] = {}
    for c in clauses:
        if not lx.ATTACHMENT.search(c.text) or is_trap(c) or c.question:
            continue
        joined = _JOINED.search(c.text)
        noun = lx.ATTACHMENT_NOUN.search(c.text)
        if joined:
            name = clean(joined.group(1))
        elif noun:
            name = clean(noun.group(0))
        else:
            continue
        out.setdefault(_key(name), Attachment(name=name, kind="document", evidence=[c.evidence()]))
    return list(out.values())


# --- meeting type, objective, qualification, CRM -----------------------------------


def meeting_type(clauses: list[Clause]) -> MeetingType:
    votes = dict.fromkeys(lx.MEETING_TYPE_CUES, 0.0)
    for c in clauses:
        weight = 3.0 if c.position < 15 else 1.0
        for t, rx in lx.MEETING_TYPE_CUES.items():
            votes[t] += weight * len(rx.findall(c.low))
    if any(lx.COLD_CALL.search(c.low) for c in clauses[:12]):
        return MeetingType.other  # a cold call is none of the rubric's meeting types
    best = max(votes, key=lambda t: votes[t])
    return best if votes[best] >= 2 else MeetingType.other


def objective(mtype: MeetingType, client: str | None, decisions: list[Decision], steps: list[Commitment], lang: str) -> str:
    """One sentence: what the call achieved, from its own decisions and next step."""
    strings = get_lang(lang).strings
    label = strings.objective.meeting_types.of(mtype)
    who = f" {client}" if client else ""
    colon = strings.common.colon  # French typography puts a space before the colon
    parts = []
    if decisions:
        first = re.split(r",\s+(?:c'est|et|mais|parce)\b", decisions[0].text)[0]
        parts.append(first[0].lower() + first[1:])
    dated = next((s for s in steps if s.due_date), None)
    if dated:
        step = dated.text[0].lower() + dated.text[1:]
        parts.append(f"{strings.objective.next_step}{colon} {step} ({dated.due_date:%d/%m})")
    if not parts:
        return f"{label}{who}{colon} " + strings.objective.no_step
    return f"{label}{who}{colon} " + strings.objective.separator.join(parts).rstrip(".") + "."


def qualification(clauses: list[Clause], voice: Voices) -> Qualification:
    """BANT and criteria, each in the written register of whoever said it."""
    q = Qualification()
    for c in clauses:
        if c.question or is_trap(c):
            continue
        if q.budget is None and re.search(r"\b(budget|enveloppe)\b", c.low) and lx.FIGURE.search(c.low):
            q.budget = written(clean(c.text), voice(c.speaker))
        if q.authority is None and lx.DECISION_PROCESS.search(c.low):
            q.authority = written(clean(c.text), voice(c.speaker))
        if q.need is None and lx.PAIN.search(c.low):
            q.need = written(clean(c.text), voice(c.speaker))
        if q.timeline is None and re.search(r"\b(go-live|mise en (production|service)|démarrage|déploiement|avant l'été|d'ici (l'été|la fin de l'année)|go live|rollout)\b", c.low):
            q.timeline = written(clean(c.text), voice(c.speaker))
        comp = re.search(r"\b(?:concurrent|on regarde aussi|on consulte aussi|également|aussi)\s+(?:chez\s+)?([A-Z][\w-]+)", c.text)
        if comp and lx.RISK_CATEGORIES["competition"].search(c.low) and comp.group(1) not in q.competition:
            q.competition.append(comp.group(1))
        if lx.CRITERIA.search(c.low) and len(q.decision_criteria) < 5:
            q.decision_criteria.append(written(clean(c.text), voice(c.speaker)))
    return q


_AMOUNT = re.compile(r"(\d[\d  .]*(?:,\d+)?)\s?(k€|k euros|m€|€|euros)", re.I)


def crm_fields(mtype: MeetingType, clauses: list[Clause], lang: str, keywords: list[str]) -> Crm:
    amount = None
    for c in clauses:
        if c.question or is_trap(c):
            continue
        if re.search(r"\b(total|montant|prix|proposition|offre|contrat|annuel|par an|tarif)\b", c.low):
            m = _AMOUNT.search(c.text)
            if m:
                raw = m.group(1).replace(" ", "").replace("\u202f", "").replace(" ", "").replace(".", "").replace(",", ".")
                try:
                    value = float(raw)
                except ValueError:
                    continue
                unit = m.group(2).lower()
                amount = value * (1000 if unit.startswith("k") else 1_000_000 if unit.startswith("m") else 1)
    return Crm(stage=get_lang(lang).strings.objective.stages.of(mtype), amount=amount, currency="EUR" if amount is not None else None, keywords=keywords)


_KEYWORDS = ["SLA", "SSO", "POC", "RGPD", "API", "ERP", "DPA", "ROI", "NPS", "SaaS", "HDS"]


# --- assembly ----------------------------------------------------------------------


def extract_rules(transcript: Transcript, ctx: ExtractContext) -> CRC:
    """The embedded default backend. Pure: same transcript and context, same CRC."""
    clauses: list[Clause] = []
    for seg in transcript.segments:
        clauses.extend(split_clauses(seg, len(clauses)))
    people = infer_participants(transcript, clauses, ctx)
    voice = voices(people, ctx, transcript.title)
    learned = Learned.of(clauses, people, ctx.language)
    progress = find_progress(clauses, people, ctx.meeting_date, ctx.language)
    reported = {e.segment for item in progress for e in item.evidence}
    commitments, in_commitments = find_commitments(clauses, people, ctx, reported)
    decisions, in_decisions = find_decisions(clauses, ctx, learned)
    risks, mitigated_by = find_risks(clauses, ctx, learned)
    facts = find_facts(clauses, people, in_commitments | in_decisions, learned)
    # the written register: item texts as a CRC states them; evidence quotes stay verbatim, and a
    # rewriting that makes a word in neither the call nor the dictionary gives way to the quote
    call = CallWords.of_texts((seg.text for seg in transcript.segments),
                              [ctx.client, ctx.vendor, *(p.name for p in people.participants)])

    def said(rewritten: str, spoken: str) -> str:
        return guarded(rewritten, clean(spoken), ctx.language, call)

    facts = [f.model_copy(update={"text": said(written(f.text, voice(f.evidence[0].speaker)), f.evidence[0].quote)})
             for f in facts]
    facts = [f for f in facts if not is_fragment(f.text)]  # "45 € fois 140": a computation, not a fact
    decisions = [d.model_copy(update={"text": said(decision_text(d.text, voice(d.evidence[0].speaker)),
                                                   d.evidence[0].quote)}) for d in decisions]
    risks = [r.model_copy(update={
        "text": said(risk_text(r.text, voice(r.evidence[0].speaker)), r.evidence[0].quote),
        "mitigation": said(written(r.mitigation, voice(mitigated_by.get(id(r)))), r.mitigation) if r.mitigation else None})
        for r in risks]
    for cm in commitments:
        cm.text = said(written(cm.text, voice(cm.speaker or cm.clauses[0].speaker)), cm.clauses[0].text)
    mtype = meeting_type(clauses)
    lang = ctx.language
    whole = " ".join(c.text for c in clauses)
    keywords = [k for k in _KEYWORDS if re.search(rf"\b{k}\b", whole)]

    client = client_name(people, ctx, transcript.title)
    steps = [c for c in commitments if c.kind == "next_step"]
    deliverables = [c for c in commitments if c.kind == "deliverable"]
    label = get_lang(lang).strings.objective.meeting_types.of(mtype)
    subject = transcript.title or label
    return CRC(
        id=make_crc_id(ctx.meeting_date, client),
        meeting=Meeting(date=ctx.meeting_date, type=mtype, subject=subject, client=client, language=lang),
        participants=people.participants,
        objective=objective(mtype, client, decisions, steps, lang),
        facts=facts,
        decisions=decisions,
        risks=risks,
        next_steps=[
            NextStep(action=s.text, owner=s.owner, side=s.side, due_date=s.due_date, due_text=s.due_text,
                     evidence=[c.evidence() for c in s.clauses])
            for s in steps
        ],
        deliverables=[
            Deliverable(what=d.text, issuer=d.owner, side=d.side, due_date=d.due_date, due_text=d.due_text, format=d.fmt,
                        evidence=[c.evidence() for c in d.clauses])
            for d in deliverables
        ],
        progress=progress,
        objections=find_objections(clauses, people, voice),
        qualification=qualification(clauses, voice),
        crm=crm_fields(mtype, clauses, lang, keywords),
        attachments=find_attachments(clauses),
        metadata=Metadata(backend="rules", generator="crc-rules"),
    )
