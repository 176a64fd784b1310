"""The account plan (plan de compte): every CRC of one client joined into one view.

A CRC covers one call; an account is the sum of its calls. This module reads
CRCs only (never transcripts) and builds, as of a given day:

- stakeholders: each person as last stated, the calls they attended, and the
  people named in a quote by someone else but never met;
- the commitments ledger: every next step and deliverable, ``done`` only when a
  later call's verbatim quote reports it done (a completion cue such as « comme
  promis », « bien reçu », « a eu lieu » plus the same object, matched with
  rapidfuzz), ``overdue`` when its due date has passed, ``open`` otherwise;
- the risk register (the same risk raised twice is one line) and the decisions
  as a dated timeline;
- the calls by date with their score, golden rule and validation status.

Calls dated after ``as_of`` are left out: the account is what was known that day.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz

from summarizer.crc import (
    CRC,
    Evidence,
    MeetingType,
    Participant,
    ProgressItem,
    ProgressStatus,
    RiskCategory,
    Severity,
    Side,
    call_key,
)
from summarizer.dates import find_due
from summarizer.downstream.crcfiles import crc_files_in
from summarizer.errors import InputError
from summarizer.extract.named import named_people
from summarizer.lang import get_lang
from summarizer.names import name_key
from summarizer.score import score_crc

if TYPE_CHECKING:
    from summarizer.lang.strings import AccountStrings

ACCOUNT_VERSION = "1.0"
#: object similarity (rapidfuzz token_set_ratio on content words) for a report to close a commitment
DONE_THRESHOLD = 60.0
#: a promise said again in a later call (« vous l'aurez vendredi, sans faute ») shares this many content words
#: with the first one, same owner: the report that closes one closes both
RESTATED_WORDS = 2
#: two risks of the same category with this similarity are the same risk
RISK_THRESHOLD = 55.0
#: ... and of two categories (the extractor may file one risk under two), this one
RISK_OTHER_CATEGORY = 80.0


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommitmentStatus(str, Enum):
    open = "open"
    done = "done"
    overdue = "overdue"
    dropped = "dropped"


class AccountEvidence(_Model):
    """A verbatim quote of one call, with the CRC it comes from."""

    crc_id: str
    segment: int = Field(ge=0)
    start: float | None = None
    speaker: str | None = None
    quote: str = Field(min_length=1)


class Stakeholder(_Model):
    name: str = Field(min_length=1)
    organization: str | None = None
    side: Side = Side.unknown
    role: str | None = None
    decision_role: str | None = None
    stance: str | None = None
    calls: list[str] = Field(default_factory=list, description="CRC ids of the calls attended.")
    first_seen: dt.date | None = Field(default=None, description="First call attended; null when never met.")
    last_seen: dt.date | None = None
    named_in: list[str] = Field(default_factory=list, description="CRC ids where someone else named this person.")
    evidence: list[AccountEvidence] = Field(default_factory=list, description="Quotes naming a person not met.")
    conflicts: list[str] = Field(default_factory=list, description="Side or organisation stated differently by "
                                 "two calls: every value with its call, shown rather than silently settled.")


class LedgerCommitment(_Model):
    kind: str = Field(pattern=r"^(next_step|deliverable)$")
    text: str = Field(min_length=1)
    owner: str | None = None
    side: Side = Side.unknown
    due_date: dt.date | None = None
    due_text: str | None = None
    deadline: dt.date | None = Field(default=None, description="The last day of a period said with no day "
                                     "(« cette semaine »): when it becomes overdue, never shown as its date.")
    status: CommitmentStatus
    source: str = Field(description="CRC id of the call where it was promised.")
    done_in: str | None = Field(default=None, description="CRC id of the call that reported it done.")
    progress: list[str] = Field(default_factory=list, description="What later calls said of it: 'late in <id>', "
                                "'moved in <id>', 'dropped in <id>' (from each CRC's progress section).")
    evidence: list[AccountEvidence] = Field(min_length=1, description="The promise, then the report of completion.")


class RiskLine(_Model):
    text: str = Field(min_length=1)
    category: RiskCategory = RiskCategory.other
    severity: Severity = Severity.medium
    mitigation: str | None = None
    seen_in: list[str] = Field(min_length=1, description="CRC ids of every call that raised it.")
    first_seen: dt.date
    last_seen: dt.date
    evidence: list[AccountEvidence] = Field(min_length=1)


class DecisionEntry(_Model):
    date: dt.date
    crc_id: str
    text: str = Field(min_length=1)
    evidence: list[AccountEvidence] = Field(min_length=1)


class CallEntry(_Model):
    crc_id: str
    date: dt.date
    type: MeetingType
    subject: str
    score: float
    meets_target: bool
    golden_rule: bool
    golden_rule_reason: str
    validation: str | None = Field(default=None, description="validated, changes_requested... ; null when none logged.")
    participants: list[str] = Field(default_factory=list)
    source: str | None = Field(default=None, description="CRC file, relative to the folder read.")


class Account(_Model):
    """The account plan of one client, as of one day."""

    version: str = ACCOUNT_VERSION
    client: str = Field(min_length=1)
    as_of: dt.date
    calls: list[CallEntry] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    commitments: list[LedgerCommitment] = Field(default_factory=list)
    risks: list[RiskLine] = Field(default_factory=list)
    decisions: list[DecisionEntry] = Field(default_factory=list)
    next_step: LedgerCommitment | None = Field(default=None, description="The next dated open commitment.")
    skipped: list[str] = Field(default_factory=list, description="Files or calls left out, with the reason.")

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in CommitmentStatus}
        for c in self.commitments:
            out[c.status.value] += 1
        return out


#: the language of the plan's notes (``skipped``), French as before the packs
ACCOUNT_LANGUAGE = "fr"


def _words() -> AccountStrings:
    return get_lang(ACCOUNT_LANGUAGE).strings.account


def account_json_schema() -> dict[str, Any]:
    """The JSON Schema exported to ``schemas/account.schema.json``."""
    schema = Account.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://crc.example/schemas/account.schema.json"
    return schema


# --------------------------------------------------------------------------- reading CRCs


class LoadedCrc(_Model):
    crc: CRC
    source: str | None = None


def client_key(name: str | None) -> str:
    """Case-, accent-, space- and punctuation-insensitive, in any script (two clients in Cyrillic stay two)."""
    return "".join(re.findall(r"\w+", name_key(name or ""))) or "client"


def crc_client(crc: CRC) -> str | None:
    """The meeting's client, else the organization of a client-side participant."""
    if crc.meeting.client:
        return crc.meeting.client
    return next((p.organization for p in crc.participants if p.side == Side.client and p.organization), None)


def _version_key(crc: CRC) -> tuple[int, ...]:
    return tuple(int(x) for x in crc.version.split("."))


def _call_key(crc: CRC) -> str:
    """The id without its version: v1.0 and v1.1 of one call share it."""
    return call_key(crc.id)


def latest_versions(crcs: Iterable[LoadedCrc]) -> list[LoadedCrc]:
    """One CRC per call (the highest version), oldest call first."""
    best: dict[str, LoadedCrc] = {}
    for item in crcs:
        key = _call_key(item.crc)
        if key not in best or _version_key(item.crc) > _version_key(best[key].crc):
            best[key] = item
    return sorted(best.values(), key=lambda i: (i.crc.meeting.date, i.crc.id))


def read_crcs(folder: Path) -> tuple[list[LoadedCrc], list[str]]:
    """Every CRC file under ``folder`` (``crcfiles.crc_files_in``); unreadable ones are reported, not fatal."""
    if not folder.is_dir():
        raise InputError(f"{folder} : dossier introuvable ; indiquez le dossier des CRC (sortie de crc run ou crc batch).")
    loaded, skipped = [], []
    for path in crc_files_in(folder):
        rel = path.relative_to(folder).as_posix()
        try:
            loaded.append(LoadedCrc(crc=CRC.model_validate_json(path.read_bytes()), source=rel))
        except (ValidationError, OSError, ValueError) as exc:
            skipped.append(_words().skipped_unreadable.format(file=rel, error=type(exc).__name__))
    return loaded, skipped


def clients_of(crcs: Iterable[LoadedCrc]) -> list[str]:
    names: dict[str, str] = {}
    for item in crcs:
        name = crc_client(item.crc)
        if name:
            names.setdefault(client_key(name), name)
    return sorted(names.values(), key=str.lower)


def select_client(crcs: Iterable[LoadedCrc], client: str) -> list[LoadedCrc]:
    key = client_key(client)
    return [i for i in crcs if client_key(crc_client(i.crc)) == key and crc_client(i.crc)]


# --------------------------------------------------------------------------- text helpers

_STOP = frozenset(
    "le la les l un une des du de d au aux et ou à a en pour par sur avec sans dans ce cet cette ces "
    "je tu il elle on nous vous ils elles me te se lui leur leurs mon ma mes ton ta tes son sa ses notre nos "
    "votre vos qui que quoi dont y ne pas plus est sont été être avoir ai as avons avez ont bien aussi "
    "alors donc oui non très tout tous toute toutes comme promis fait faite faits the a an of to for and "
    "we you i it is was our your d'ici ici avant après jour semaine mois".split()
)
#: action verbs (whole folded words, not prefixes: « lancement », « planning » are objects)
_VERBS = re.compile(
    r"^(?:r?envo[iy]\w*|transm(?:ettre|ets|et|is|ise|ises|ettons|ettez)|organi[sz]\w*|pr[eé]par\w*|redig\w*|partag\w*|"
    r"(?:cal|lanc|valid|programm|planifi|relanc)(?:er|e|es|ez|ons|ee|ees)|fai(?:re|s|sons|tes)|fourn(?:ir|is|it|issons)|"
    r"recu[es]*|recev\w*|send\w*|sent|shar\w*|schedul\w*)$",
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'")).encode("ascii", "ignore").decode()
    return text.lower()


_STOP_FOLDED = frozenset(_fold(w) for w in _STOP)


def content_words(text: str) -> list[str]:
    """Nouns and names that carry the object of a sentence (no stop words, no action verbs)."""
    words = re.findall(r"[a-z0-9]+", _fold(text).replace("'", " "))
    return [w for w in words if len(w) > 2 and w not in _STOP_FOLDED and not _VERBS.match(w) and not w.isdigit()]


def object_similarity(a: str, b: str) -> float:
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return float(fuzz.token_set_ratio(" ".join(wa), " ".join(wb)))


#: a pronoun subject and its clitics before the auxiliary: « je vous l'ai », « on les a », « nous avons »
_SUBJECT = (r"(?:j'|je |on |nous |vous |il |elle |ils |elles )(?:(?:l'|les |vous |lui |leur |nous |me |te )){0,2}"
            r"(?:ai|a|avons|avez|ont|avais|avait|avions|aviez|avaient)")  # « comme promis, je vous avais envoyé »
#: delivery verbs whose past participle reports a promise kept
_DONE_VERB = (r"(?:bien |déjà |finalement |donc )?(?:r?envoy|transmis|fait|organis|calé|partag|relanc|appel|"
              r"présent|sign|valid|reçu|livr|prépar|finalis|rappel|tenu|eu lieu)\w*")
#: "it was done" in French and English; each match is checked for a negation in the same clause
COMPLETION = re.compile(
    rf"\b(comme promis|comme convenu|comme prévu|bien reçue?s?|{_SUBJECT} {_DONE_VERB}|"
    r"(?:a|ont) (?:bien )?eu lieu|c'est fait|est fait|sont faits?|a été (?:\w+ )?(?:fait|r?envoyé|transmis|organisé|livré|signé|validé|présenté|tenu)e?s?|"
    r"s'est (?:bien )?(?:tenue?|déroulée?|passée?)|est (?:bien )?(?:arrivée?|r?envoyée?|livrée?|partie?)|"
    r"déjà (?:r?envoyée?|transmise?|reçue?)|"
    r"as promised|as agreed|(?:i|we)(?:'ve| have)? (?:already )?(?:sent|received|shared|signed|held|done)|"
    r"(?:has|have) been (?:sent|done|delivered|held|signed|shared)|took place|(?:is|it's) done)", re.I,
)
NEGATION = re.compile(
    r"\b(pas encore|toujours pas|n'(?:a|ont|ai|avons|avez|est|sont)\s+(?:\w+\s+)?pas|ne \w+ pas|jamais reçu|"
    r"rien reçu|not yet|still not|haven't|hasn't|didn't|never)\b", re.I,
)
_CLAUSE_SPLIT = re.compile(r"(?<=[.;!?])\s+|,\s+(?:et|mais|and|but)\s+|\s+et\s+(?=(?:le|la|les|l'|j'|je|on)\b)")


def completion_clauses(quote: str) -> list[str]:
    """The clauses of a quote that report something done (a cue, no negation)."""
    return [c for c in _CLAUSE_SPLIT.split(quote) if c and COMPLETION.search(c) and not NEGATION.search(c)]


def _evidence(crc_id: str, items: Sequence[Evidence]) -> list[AccountEvidence]:
    return [AccountEvidence(crc_id=crc_id, segment=e.segment, start=e.start, speaker=e.speaker, quote=e.quote)
            for e in items]


# --------------------------------------------------------------------------- stakeholders

class _Said(_Model):
    """One call's value for one field of one person; ``explicit`` when the call states it (an organisation
    that tells the side: the meeting's client, or the rep of the CRC)."""

    value: str
    crc_id: str
    explicit: bool = False


def _settle(said: Sequence[_Said]) -> tuple[str | None, list[_Said]]:
    """The value of a field across calls: explicit statements first, then the majority, the latest on a tie;
    the values that disagree with it are returned so the plan shows the contradiction."""
    if not said:
        return None, []
    pool = [x for x in said if x.explicit] or list(said)
    counts: dict[str, int] = {}
    for x in pool:
        counts[x.value] = counts.get(x.value, 0) + 1
    latest = {x.value: i for i, x in enumerate(pool)}
    value = max(counts, key=lambda v: (counts[v], latest[v]))
    return value, [x for x in said if x.value != value]


def _side_said(crc: CRC, p: Participant) -> _Said | None:
    """The side a call gives a participant; explicit when its organisation or the CRC's rep settles it."""
    if p.side == Side.unknown:
        return None
    client = client_key(crc_client(crc)) if crc_client(crc) else None
    org = client_key(p.organization) if p.organization else None
    explicit = (org is not None and client is not None and (org == client) == (p.side == Side.client)) or (
        p.side == Side.vendor and bool(crc.meeting.rep) and name_key(crc.meeting.rep or "") == name_key(p.name))
    return _Said(value=p.side.value, crc_id=crc.id, explicit=explicit)


def _met(calls: Sequence[CRC]) -> dict[str, Stakeholder]:
    """Every participant who attended, each field settled across calls, contradictions kept in ``conflicts``."""
    people: dict[str, Stakeholder] = {}
    said: dict[tuple[str, str], list[_Said]] = {}
    for crc in calls:
        for p in crc.participants:
            if p.attended is False:  # named in the call, not there: a person not met
                continue
            key = name_key(p.name)
            s = people.setdefault(key, Stakeholder(name=p.name))
            side = _side_said(crc, p)
            if side is not None:
                said.setdefault((key, "side"), []).append(side)
            for field in ("organization", "role", "decision_role", "stance"):
                if getattr(p, field):
                    said.setdefault((key, field), []).append(_Said(value=getattr(p, field), crc_id=crc.id))
            if crc.id not in s.calls:
                s.calls.append(crc.id)
            s.first_seen = s.first_seen or crc.meeting.date
            s.last_seen = crc.meeting.date
    words = _words()
    for key, s in people.items():
        stance = said.get((key, "stance"))
        s.stance = stance[-1].value if stance else None  # a stance changes over calls: the latest is the one
        for field in ("side", "organization", "role", "decision_role"):
            value, others = _settle(said.get((key, field), []))
            if value is None:
                continue
            setattr(s, field, Side(value) if field == "side" else value)
            if others and field in {"side", "organization"}:  # a role said two ways is wording, not a contradiction
                values = ", ".join(f"{x.value} ({x.crc_id})" for x in said[(key, field)])
                s.conflicts.append(words.conflict.format(values=values))
    return people


def build_stakeholders(calls: Sequence[CRC]) -> list[Stakeholder]:
    """Participants settled across calls, then people only named (in any quote, or listed as not attending)."""
    people = _met(calls)
    known = set(people)
    first_names = {k.split()[0] for k in known if k.split()}
    orgs = {client_key(o) for crc in calls for o in (crc_client(crc), *(p.organization for p in crc.participants)) if o}
    named: dict[str, Stakeholder] = {}
    for crc in calls:
        by_name = {name_key(p.name): p for p in crc.participants}
        for p in crc.participants:  # « attended: false »: the CRC itself says this person was not there
            key = name_key(p.name)
            if p.attended is False and key not in known:
                s = named.setdefault(key, Stakeholder(name=p.name))
                s.organization = p.organization or s.organization
                s.role = p.role or s.role
                s.side = p.side if p.side != Side.unknown else s.side
                if crc.id not in s.named_in:
                    s.named_in.append(crc.id)
        for _, item in crc.evidenced_items():
            for ev in item.evidence:
                for full, role, own in named_people(ev.quote, crc.meeting.language):
                    key = name_key(full)
                    if key in known or (ev.speaker and name_key(ev.speaker) == key) or client_key(full) in orgs:
                        continue  # a participant, the speaker, or an organisation (« chez Plastiques Sauvaire »)
                    if key.split()[0] in first_names and len(key.split()) == 1:
                        continue
                    s = named.setdefault(key, Stakeholder(name=full))
                    speaker = by_name.get(name_key(ev.speaker or ""))
                    if role:
                        s.role = role
                    if own and speaker is not None:  # « notre directrice financière »: the speaker's side
                        s.side = speaker.side
                        s.organization = speaker.organization or s.organization
                    if crc.id not in s.named_in:
                        s.named_in.append(crc.id)
                    if all(e.quote != ev.quote for e in s.evidence):
                        s.evidence.extend(_evidence(crc.id, [ev]))
    order = {Side.client: 0, Side.unknown: 1, Side.vendor: 2}
    met = sorted(people.values(), key=lambda s: (order[s.side], s.first_seen or dt.date.max, s.name))
    return met + sorted(_one_per_person(named).values(), key=lambda s: (order[s.side], s.name))


def _one_per_person(named: dict[str, Stakeholder]) -> dict[str, Stakeholder]:
    """« notre DAF, Mme Rouquier » in one call, « Françoise Rouquier » in the next: one person, under the fuller
    name, when exactly one fuller name holds all the words of the shorter."""
    out = dict(named)
    for key in sorted(named, key=lambda k: len(k.split())):
        fuller = [k for k in out if k != key and set(key.split()) < set(k.split())]
        if len(fuller) != 1:
            continue
        short, full = out.pop(key), out[fuller[0]]
        full.named_in = sorted({*full.named_in, *short.named_in}, key=[*full.named_in, *short.named_in].index)
        full.evidence.extend(e for e in short.evidence if all(e.quote != x.quote for x in full.evidence))
        full.role, full.organization = full.role or short.role, full.organization or short.organization
        full.side = full.side if full.side != Side.unknown else short.side
    return out


# --------------------------------------------------------------------------- commitments


def commitments_of(crc: CRC) -> list[LedgerCommitment]:
    out = []

    def deadline(due_text: str | None) -> dt.date | None:
        found = find_due(due_text, crc.meeting.date, crc.meeting.language) if due_text else None
        return found.latest if found else None

    for step in crc.next_steps:
        out.append(LedgerCommitment(
            kind="next_step", text=step.action, owner=step.owner, side=_side(crc, step.owner, step.side),
            due_date=step.due_date, due_text=step.due_text, status=CommitmentStatus.open, source=crc.id,
            evidence=_evidence(crc.id, step.evidence), deadline=None if step.due_date else deadline(step.due_text),
        ))
    for d in crc.deliverables:
        out.append(LedgerCommitment(
            kind="deliverable", text=d.what, owner=d.issuer, side=_side(crc, d.issuer, d.side),
            due_date=d.due_date, due_text=d.due_text, status=CommitmentStatus.open, source=crc.id,
            evidence=_evidence(crc.id, d.evidence), deadline=None if d.due_date else deadline(d.due_text),
        ))
    return out


def _side(crc: CRC, owner: str | None, side: Side) -> Side:
    p = crc.participant(owner)
    return p.side if p is not None and p.side != Side.unknown else side


def _reports(crc: CRC, used: Collection[tuple[str, int, str]] = ()) -> list[tuple[str, Evidence]]:
    """(clause, evidence) for every clause of the call's quotes that reports something done (``used``: quotes
    the progress section already settled)."""
    seen: set[tuple[int, str]] = {(segment, quote) for crc_id, segment, quote in used if crc_id == crc.id}
    out: list[tuple[str, Evidence]] = []
    for _, item in crc.evidenced_items():
        for ev in item.evidence:
            if (ev.segment, ev.quote) in seen:
                continue
            seen.add((ev.segment, ev.quote))
            out.extend((clause, ev) for clause in completion_clauses(ev.quote))
    return out


def _promise_text(c: LedgerCommitment) -> str:
    return " ".join([c.text, *(e.quote for e in c.evidence if e.crc_id == c.source)])


#: between two matching promises, the one of the progress item's owner wins
SAME_OWNER_BONUS = 15.0
#: ... and, between two, the one no report has closed yet
OPEN_BONUS = 5.0


def _progress_match(item: ProgressItem, ledger: list[LedgerCommitment], crc: CRC,
                    dates: dict[str, tuple[dt.date, int]]) -> LedgerCommitment | None:
    """The earlier promise a progress item speaks of: same object (content words, rapidfuzz), never another
    owner's (nor, for a promise owned by a team, the other side's); the owner's own promise wins a tie, then
    the one whose own text names the object (« Le devis » over « Chiffrer le module … » quoting « le même devis »)."""
    best: tuple[float, float, int, LedgerCommitment] | None = None
    for i, c in enumerate(ledger):
        if dates[c.source][0] >= dates[crc.id][0] or c.done_in not in (None, crc.id) or c.status == CommitmentStatus.dropped:
            continue
        same_owner = bool(item.who and c.owner) and name_key(item.who or "") == name_key(c.owner or "")
        if item.who and c.owner and not same_owner:
            continue
        who = crc.participant(item.who) if item.who and not c.owner else None  # « on vous le retourne »: no name,
        if who is not None and Side.unknown not in (who.side, c.side) and who.side != c.side:  # but a side
            continue
        own = object_similarity(item.what, c.text)
        score = max(own, object_similarity(item.what, _promise_text(c)))
        if score < DONE_THRESHOLD:
            continue
        score += SAME_OWNER_BONUS if same_owner else 0.0  # ranks; never lets a weaker match through
        score += OPEN_BONUS if c.done_in is None else 0.0  # a second report goes to a promise still open
        if best is None or (score, own, -i) > best[:3]:
            best = (score, own, -i, c)
    return best[3] if best else None


#: « je les ai relancés », « je vous l'ai envoyée »: a report in the first person whose object is a pronoun, and its verb
_PRONOUN_REPORT = re.compile(r"\b(?:j'|je |on |nous )(?:vous |lui |leur )?(?:l'|les |le |la )\s*"
                             r"(?:ai|a|avons|avais|avait|avions) (?:bien |déjà |donc )?(?P<verb>[a-zà-ÿ]+)", re.I)
#: « je les relance », « je vous l'envoie »: the verb a promise is made with, after its subject and clitics
_PROMISE_VERB = re.compile(r"\b(?:je|j'|on|nous)\s*(?:(?:vous|te|lui|leur|l'|le|la|les|en|y)\s*)*(?P<verb>[a-zà-ÿ]+)", re.I)
#: how many letters of two verb forms must agree to be one verb (« relanc(é) », « relanc(e) »)
_VERB_STEM = 5


def _stem(word: str) -> str:
    return _fold(word)[:_VERB_STEM]


def _same_act(item: ProgressItem, ledger: Sequence[LedgerCommitment], crc: CRC,
              dates: dict[str, tuple[dt.date, int]]) -> LedgerCommitment | None:
    """« je les ai relancés le lundi comme promis »: the object is a pronoun and the lines before may name it in other
    words; the report of the act the owner promised (« je les relance lundi ») closes that promise when it is the
    owner's only open promise made with that verb."""
    reports = [m for e in item.evidence if item.who and name_key(e.speaker or "") == name_key(item.who)
               for m in [_PRONOUN_REPORT.search(e.quote)] if m]
    if not reports or item.status != ProgressStatus.done:
        return None
    stem = _stem(reports[0].group("verb"))
    same = [c for c in ledger if c.owner and name_key(c.owner) == name_key(item.who or "") and c.done_in is None
            and c.status != CommitmentStatus.dropped and dates[c.source][0] < dates[crc.id][0]
            and (_stem(c.text.split()[0]) == stem or any(
                _stem(m.group("verb")) == stem for e in c.evidence if e.crc_id == c.source
                for m in _PROMISE_VERB.finditer(e.quote)))]
    return same[0] if len(same) == 1 else None


#: a promise to ask someone else and come back: « je leur demande s'ils acceptent », « I'll check with them whether »,
#: « je reviens vers vous », "I'll get back to you"
_ASK_PROMISE = re.compile(r"\b(?:(?:je |j'|on |nous )(?:leur |lui )?demande\w*|demander (?:à|aux?)\b|(?:i'll|i will|we'll|we will) "
                          r"(?:ask|check with)|(?:reviens|reviendr\w*|revenir) vers|(?:get|come) back to you|let you know)\b", re.I)
#: the answer of the one asked, reported by the owner: « ils sont d'accord », « je vous ai transféré sa réponse »,
#: "they agreed", "I forwarded you their contact"
_ANSWER_REPORT = re.compile(r"\b(?:(?:sa|leur) réponse|(?:ses|leurs) coordonnées|(?:his|her|their) (?:answer|reply|contact|details)"
                            r"|(?:sont|est) d'accord|ont accepté|a accepté|(?:have|has|'ve) agreed|agreed to)\b", re.I)


def _answer_of_ask(item: ProgressItem, ledger: Sequence[LedgerCommitment], crc: CRC,
                   dates: dict[str, tuple[dt.date, int]]) -> LedgerCommitment | None:
    """« je leur demande s'ils acceptent une visite et je reviens vers vous » … « ils sont d'accord, je vous ai
    transféré sa réponse »: what the owner brings back is the answer of the one asked, never the object of the
    promise; the owner's report of that answer keeps the owner's only open promise to ask and come back."""
    if item.status != ProgressStatus.done or not item.who or not any(
            name_key(e.speaker or "") == name_key(item.who) and _ANSWER_REPORT.search(e.quote) for e in item.evidence):
        return None
    asks = [c for c in ledger if c.owner and name_key(c.owner) == name_key(item.who) and c.done_in is None
            and c.status != CommitmentStatus.dropped and dates[c.source][0] < dates[crc.id][0]
            and any(e.crc_id == c.source and _ASK_PROMISE.search(e.quote) for e in c.evidence)]
    return asks[0] if len(asks) == 1 else None


#: the receiver's word that a thing came: « merci pour la documentation, bien reçue », "thanks for the file, it arrived"
_RECEIVED = re.compile(r"\b(?:thanks? (?:you )?for|merci pour|bien reçue?s?|(?:it|they|il|elle) (?:has |have |est |sont )?"
                       r"(?:arrived|arrivée?s?)|received)\b", re.I)


def _received_from_owner(item: ProgressItem, ledger: Sequence[LedgerCommitment], crc: CRC,
                         dates: dict[str, tuple[dt.date, int]]) -> LedgerCommitment | None:
    """« Aisha, thanks for the sales history, it arrived on the Friday » when Aisha promised « the export »: the
    receiver names the thing in other words than the promise did, and names who sent it; when that owner promised one
    thing to send, still open, it is the one received (two such promises: which one? none is closed)."""
    if item.status != ProgressStatus.done or not item.who or not any(
            name_key(e.speaker or "") != name_key(item.who) and _RECEIVED.search(e.quote) for e in item.evidence):
        return None
    sent = [c for c in ledger if c.kind == "deliverable" and c.owner and name_key(c.owner) == name_key(item.who)
            and c.status != CommitmentStatus.dropped and dates[c.source][0] < dates[crc.id][0]]
    return sent[0] if len(sent) == 1 and sent[0].done_in is None else None


def apply_progress(ledger: list[LedgerCommitment], calls: Sequence[CRC]) -> set[tuple[str, int, str]]:
    """Close, move or drop earlier promises from what each later call's ``progress`` section says of them:
    it is read before the fact-based closing, which only sees what a CRC kept as a quote. Returns the quotes
    (call, segment, quote) that closing must not read again: those of an item that matched, or that names
    its owner (the owner rule decided)."""
    dates = {crc.id: (crc.meeting.date, i) for i, crc in enumerate(calls)}
    used: set[tuple[str, int, str]] = set()
    for crc in calls:
        for item in crc.progress:
            c = (_progress_match(item, ledger, crc, dates) or _same_act(item, ledger, crc, dates)
                 or _answer_of_ask(item, ledger, crc, dates) or _received_from_owner(item, ledger, crc, dates))
            if c is not None or item.who:
                used.update((crc.id, e.segment, e.quote) for e in item.evidence)
            if c is None:
                continue
            if item.status == ProgressStatus.done and f"late in {crc.id}" not in c.progress:
                c.status, c.done_in = CommitmentStatus.done, crc.id
            elif item.status == ProgressStatus.late and c.done_in == crc.id:
                c.status, c.done_in = CommitmentStatus.open, None  # « relancés… mais toujours pas ouvert »: not done
            elif item.status == ProgressStatus.dropped:
                c.status = CommitmentStatus.dropped
            elif item.status == ProgressStatus.moved and item.new_date is not None:
                c.due_date, c.due_text = item.new_date, item.new_date_text
            note = f"{item.status.value} in {crc.id}"
            if item.status != ProgressStatus.done and note not in c.progress:
                c.progress.append(note)
            c.evidence.extend(e for e in _evidence(crc.id, item.evidence) if all(x.quote != e.quote for x in c.evidence))
    return used


def close_commitments(ledger: list[LedgerCommitment], calls: Sequence[CRC],
                      used: set[tuple[str, int, str]] | None = None) -> None:
    """Mark ``done`` what a later call reports done; each report closes its best-matching commitment."""
    dates = {crc.id: (crc.meeting.date, i) for i, crc in enumerate(calls)}
    for crc in calls:
        later_than = dates[crc.id]
        for clause, ev in _reports(crc, used or ()):
            candidates = [  # still open, or closed by this same call (a second quote is more evidence)
                (object_similarity(clause, _promise_text(c)), -i, c) for i, c in enumerate(ledger)
                if dates[c.source] < later_than and c.done_in in (None, crc.id) and c.status != CommitmentStatus.dropped
            ]
            if not candidates:
                continue
            score, _, best = max(candidates, key=lambda t: (t[0], t[1]))
            if score < DONE_THRESHOLD:
                continue
            best.status = CommitmentStatus.done
            best.done_in = crc.id
            if all(e.quote != ev.quote for e in best.evidence):
                best.evidence.extend(_evidence(crc.id, [ev]))


def close_restated(ledger: list[LedgerCommitment], calls: Sequence[CRC]) -> None:
    """A promise the owner said again before it was reported done (« je vous envoie le dossier sécurité » then,
    a call later, « le schéma d'architecture … vous l'aurez vendredi ») is kept by the same report: one
    delivery, promised twice. Same owner, at least ``RESTATED_WORDS`` content words in common, both said
    before the report."""
    order = {crc.id: (crc.meeting.date, i) for i, crc in enumerate(calls)}
    for done in [c for c in ledger if c.status == CommitmentStatus.done and c.done_in and c.owner]:
        words = set(content_words(done.text))
        for c in ledger:
            if (c.status in (CommitmentStatus.done, CommitmentStatus.dropped) or c.owner is None
                    or name_key(c.owner) != name_key(done.owner or "") or c.source == done.source
                    or order[c.source] >= order[done.done_in or ""]):
                continue
            if len(words & set(content_words(c.text))) >= RESTATED_WORDS:
                c.status, c.done_in = CommitmentStatus.done, done.done_in
                c.evidence.extend(e for e in done.evidence if e.crc_id == done.done_in
                                  and all(x.quote != e.quote for x in c.evidence))


def is_report(c: LedgerCommitment) -> bool:
    """An item whose every quote only tells what was already done (« je vous ai envoyé la proposition »):
    an extractor may file it as a deliverable, but it promises nothing."""
    quotes = [e.quote for e in c.evidence if e.crc_id == c.source]
    return bool(quotes) and all(
        all(COMPLETION.search(part) and not NEGATION.search(part) for part in _CLAUSE_SPLIT.split(q) if part.strip())
        for q in quotes
    )


def build_ledger(calls: Sequence[CRC], as_of: dt.date, people: Sequence[Stakeholder] = (),
                 notes: list[str] | None = None) -> list[LedgerCommitment]:
    """Every promise of every call, closed by later reports; reports filed as promises are noted, not listed."""
    ledger = []
    for c in (c for crc in calls for c in commitments_of(crc)):
        if is_report(c):
            if notes is not None:
                notes.append(_words().skipped_report.format(source=c.source, quote=get_lang(ACCOUNT_LANGUAGE).quote(c.text)))
            continue
        ledger.append(c)
    sides = {name_key(p.name): p.side for p in people if p.side != Side.unknown}
    for c in ledger:  # a call without introductions: the owner's side as stated in another call
        if c.side == Side.unknown and c.owner:
            c.side = sides.get(name_key(c.owner), Side.unknown)
    used = apply_progress(ledger, calls)
    close_commitments(ledger, calls, used)
    close_restated(ledger, calls)
    for c in ledger:
        if c.status == CommitmentStatus.open and (c.due_date or c.deadline or as_of) < as_of:
            c.status = CommitmentStatus.overdue
    order = {CommitmentStatus.overdue: 0, CommitmentStatus.open: 1, CommitmentStatus.done: 2, CommitmentStatus.dropped: 3}
    return sorted(ledger, key=lambda c: (order[c.status], c.due_date or dt.date.max))


# --------------------------------------------------------------------------- risks and decisions

_SEVERITY = {Severity.low: 0, Severity.medium: 1, Severity.high: 2}


def build_risks(calls: Sequence[CRC]) -> list[RiskLine]:
    lines: list[RiskLine] = []
    for crc in calls:
        for r in crc.risks:
            text = " ".join([r.text, *(e.quote for e in r.evidence)])
            scored = [
                (object_similarity(text, " ".join([line.text, *(e.quote for e in line.evidence)])), line)
                for line in lines if crc.id not in line.seen_in
            ]
            same = [(s, line) for s, line in scored
                    if s >= (RISK_THRESHOLD if line.category == r.category else RISK_OTHER_CATEGORY)]
            line = max(same, key=lambda t: t[0])[1] if same else None
            if line is None:
                lines.append(RiskLine(
                    text=r.text, category=r.category, severity=r.severity, mitigation=r.mitigation,
                    seen_in=[crc.id], first_seen=crc.meeting.date, last_seen=crc.meeting.date,
                    evidence=_evidence(crc.id, r.evidence),
                ))
                continue
            line.text = r.text  # as last stated
            line.severity = max(line.severity, r.severity, key=lambda s: _SEVERITY[s])
            line.mitigation = r.mitigation or line.mitigation
            line.seen_in.append(crc.id)
            line.last_seen = crc.meeting.date
            line.evidence.extend(_evidence(crc.id, r.evidence))
    return sorted(lines, key=lambda x: (-len(x.seen_in), -_SEVERITY[x.severity], x.first_seen))


def build_decisions(calls: Sequence[CRC]) -> list[DecisionEntry]:
    return [DecisionEntry(date=crc.meeting.date, crc_id=crc.id, text=d.text, evidence=_evidence(crc.id, d.evidence))
            for crc in calls for d in crc.decisions]


# --------------------------------------------------------------------------- calls and the whole account


def validation_status(crc: CRC) -> str | None:
    """The client's logged validation, when the CRC carries one (``validation.status``)."""
    block = getattr(crc, "validation", None)
    status = getattr(block, "status", None) if block is not None else None
    if status is None and isinstance(block, dict):
        status = block.get("status")
    return str(getattr(status, "value", status)) if status is not None else None


def call_entry(item: LoadedCrc) -> CallEntry:
    crc = item.crc
    report = score_crc(crc)
    return CallEntry(
        crc_id=crc.id, date=crc.meeting.date, type=crc.meeting.type, subject=crc.meeting.subject,
        score=report.total, meets_target=report.meets_target, golden_rule=report.golden_rule.ok,
        golden_rule_reason=report.golden_rule.reason, validation=validation_status(crc),
        participants=[p.name for p in crc.participants], source=item.source,
    )


def build_account(crcs: Iterable[LoadedCrc], client: str, as_of: dt.date, skipped: Sequence[str] = ()) -> Account:
    """The account of ``client`` from the CRCs given (any client; filtered here), as of ``as_of``."""
    chosen = latest_versions(select_client(crcs, client))
    later = [i for i in chosen if i.crc.meeting.date > as_of]
    chosen = [i for i in chosen if i.crc.meeting.date <= as_of]
    notes = list(skipped) + [_words().skipped_later.format(crc_id=i.crc.id, date=as_of.isoformat()) for i in later]
    calls = [i.crc for i in chosen]
    name = next((crc_client(c) for c in reversed(calls) if crc_client(c)), client)
    people = build_stakeholders(calls)
    ledger = build_ledger(calls, as_of, people, notes)
    upcoming = [c for c in ledger if c.status == CommitmentStatus.open and c.due_date is not None and c.due_date >= as_of]
    return Account(
        client=name or client, as_of=as_of, calls=[call_entry(i) for i in chosen],
        stakeholders=people, commitments=ledger, risks=build_risks(calls),
        decisions=build_decisions(calls), next_step=min(upcoming, key=lambda c: c.due_date or dt.date.max, default=None),
        skipped=notes,
    )


def account_from_folder(folder: Path, client: str, as_of: dt.date) -> Account:
    """``crc account DIR --client NAME``: one clear line when the client has no CRC there."""
    crcs, skipped = read_crcs(folder)
    if not select_client(crcs, client):
        known = clients_of(crcs)
        hint = f" Clients trouvés : {', '.join(known)}." if known else " Aucun CRC lisible dans ce dossier."
        raise InputError(f"aucun CRC du client « {client} » sous {folder}.{hint}")
    return build_account(crcs, client, as_of, skipped)


if __name__ == "__main__":  # python -m summarizer.downstream.account > schemas/account.schema.json
    import json
    import sys

    sys.stdout.write(json.dumps(account_json_schema(), ensure_ascii=False, indent=2) + "\n")
