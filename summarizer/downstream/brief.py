"""The brief before the next call: one page for the rep, from the account plan of the same CRCs.

It answers what the rep must know walking into the next call (the plan de compte's « qui décide quoi,
risques, plan d'action avec responsables et dates »): open and overdue promises by owner (ours first),
risks no later call lifted, decisions still waiting for a committee, people named but never met, the last
call's next step, and the questions those lead to. Nothing is written that the CRCs do not say: every line
carries the quote (and the call) it comes from, and a question is only asked about a line of the brief.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from summarizer.crc import CRC, Evidence, ProgressStatus, Side
from summarizer.downstream.account import (
    RISK_THRESHOLD,
    Account,
    AccountEvidence,
    CallEntry,
    CommitmentStatus,
    LedgerCommitment,
    LoadedCrc,
    RiskLine,
    Stakeholder,
    account_from_folder,
    build_account,
    completion_clauses,
    latest_versions,
    object_similarity,
    read_crcs,
    select_client,
)
from summarizer.lang import get_lang

BRIEF_LANGUAGE = "fr"
#: a committee, a board: the bodies a decision waits for
_COMMITTEE = re.compile(r"\b(?:comit[ée]s?|conseil|codir|comex|board|committee|steering)\b", re.I)
#: ... and the words that say it has not decided yet (or when it will)
_PENDING = re.compile(
    r"\b(?:si (?:le|la|il|elle)|sous réserve|tranch\w*|arbitr\w*|valider?a?|décider?a?|présenter\w*|passer?a|"
    r"attend\w*|if the|pending|will decide|approv\w*)\b", re.I,
)
#: a committee that has decided: « ils ont donné leur accord », « le comité a validé »
_DECIDED = re.compile(r"\b(?:ont donné leur accord|a (?:validé|tranché|approuvé|décidé)|approved|signed off)\b", re.I)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BriefItem(_Model):
    """One line of the brief with the quote(s) it stands on."""

    text: str = Field(min_length=1)
    evidence: list[AccountEvidence] = Field(min_length=1)


class Brief(_Model):
    client: str
    as_of: dt.date
    language: str = BRIEF_LANGUAGE
    calls: int = Field(default=0, ge=0, description="Calls read (as of the brief's day).")
    last_call: CallEntry | None = None
    next_step: BriefItem | None = Field(default=None, description="The last call's next step (dated first).")
    ours: list[LedgerCommitment] = Field(default_factory=list, description="Open and overdue, vendor side.")
    theirs: list[LedgerCommitment] = Field(default_factory=list, description="Open and overdue, client side or unsaid.")
    risks: list[RiskLine] = Field(default_factory=list, description="Risks no later call reported lifted.")
    pending: list[BriefItem] = Field(default_factory=list, description="Decisions still waiting for a committee.")
    not_met: list[Stakeholder] = Field(default_factory=list)
    questions: list[BriefItem] = Field(default_factory=list)


def _ev(crc: CRC, items: Iterable[Evidence]) -> list[AccountEvidence]:
    return [AccountEvidence(crc_id=crc.id, segment=e.segment, start=e.start, speaker=e.speaker, quote=e.quote)
            for e in items]


def _open(account: Account) -> tuple[list[LedgerCommitment], list[LedgerCommitment]]:
    """Open and overdue promises, ours (vendor) then theirs, overdue first, then by owner and date."""
    live = [c for c in account.commitments if c.status in (CommitmentStatus.overdue, CommitmentStatus.open)]
    live.sort(key=lambda c: (c.status != CommitmentStatus.overdue, c.owner or "~", c.due_date or dt.date.max))
    return [c for c in live if c.side == Side.vendor], [c for c in live if c.side != Side.vendor]


def _lifted(risk: RiskLine, calls: Sequence[CRC]) -> bool:
    """A later call than the last one raising it reports its object done (a progress item or a quote)."""
    said = " ".join([risk.text, *(e.quote for e in risk.evidence)])
    for crc in calls:
        if crc.meeting.date <= risk.last_seen:
            continue
        reports = [p.what for p in crc.progress if p.status == ProgressStatus.done]
        reports += [c for _, item in crc.evidenced_items() for e in item.evidence for c in completion_clauses(e.quote)]
        if any(object_similarity(r, said) >= RISK_THRESHOLD for r in reports):
            return True
    return False


def _pending(calls: Sequence[CRC]) -> list[BriefItem]:
    """Quotes that put a decision before a committee, unless a later call says a committee decided."""
    found: list[tuple[dt.date, BriefItem]] = []
    decided: list[dt.date] = []
    seen: set[str] = set()
    for crc in calls:
        for _, item in crc.evidenced_items():
            text = str(getattr(item, "text", None) or getattr(item, "action", None) or getattr(item, "what", ""))
            for e in item.evidence:
                if not _COMMITTEE.search(e.quote) or e.quote in seen:
                    continue
                seen.add(e.quote)
                if _DECIDED.search(e.quote):
                    decided.append(crc.meeting.date)
                elif _PENDING.search(e.quote):
                    found.append((crc.meeting.date, BriefItem(text=text, evidence=_ev(crc, [e]))))
    return [item for day, item in found if not any(d > day for d in decided)]


def _next_step(calls: Sequence[CRC], as_of: dt.date) -> BriefItem | None:
    if not calls:
        return None
    last = calls[-1]
    steps = sorted(last.next_steps, key=lambda s: (s.due_date is None or s.due_date < as_of, s.due_date or dt.date.max))
    if not steps:
        return None
    s = steps[0]
    owner = f" ({s.owner})" if s.owner else ""
    when = f" — {s.due_date:%d/%m/%Y}" if s.due_date else (f" — {s.due_text}" if s.due_text else "")
    return BriefItem(text=f"{s.action}{owner}{when}", evidence=_ev(last, s.evidence))


def _questions(brief: Brief) -> list[BriefItem]:
    """Each question stands on one line of the brief (and its quote): theirs late or due, risks, committees, people."""
    w = get_lang(brief.language).strings.brief
    out: list[BriefItem] = []
    for c in brief.theirs:
        owner = c.owner or w.unknown_owner
        if c.status == CommitmentStatus.overdue and c.due_date:
            out.append(BriefItem(text=w.ask_overdue.format(what=c.text, owner=owner, date=f"{c.due_date:%d/%m/%Y}"),
                                 evidence=c.evidence[:1]))
        elif c.due_date:
            out.append(BriefItem(text=w.ask_open.format(what=c.text, owner=owner, date=f"{c.due_date:%d/%m/%Y}"),
                                 evidence=c.evidence[:1]))
    out += [BriefItem(text=w.ask_risk.format(what=r.text), evidence=r.evidence[-1:]) for r in brief.risks]
    out += [BriefItem(text=w.ask_pending.format(what=p.text), evidence=p.evidence) for p in brief.pending]
    for s in brief.not_met:
        if s.side != Side.vendor and s.evidence:
            role = f" ({s.role})" if s.role else ""
            out.append(BriefItem(text=w.ask_meet.format(name=s.name, role=role), evidence=s.evidence[:1]))
    return out


def build_brief(crcs: Iterable[LoadedCrc], client: str, as_of: dt.date, language: str = BRIEF_LANGUAGE) -> Brief:
    """The brief of ``client`` as of ``as_of`` from the CRCs given (calls after ``as_of`` left out)."""
    crcs = list(crcs)
    account = build_account(crcs, client, as_of)
    calls = [i.crc for i in latest_versions(select_client(crcs, client)) if i.crc.meeting.date <= as_of]
    return brief_of(account, calls, language)


def brief_of(account: Account, calls: Sequence[CRC], language: str = BRIEF_LANGUAGE) -> Brief:
    ours, theirs = _open(account)
    brief = Brief(
        client=account.client, as_of=account.as_of, language=language, calls=len(account.calls),
        last_call=account.calls[-1] if account.calls else None, next_step=_next_step(calls, account.as_of),
        ours=ours, theirs=theirs, risks=[r for r in account.risks if not _lifted(r, calls)],
        pending=_pending(calls), not_met=[s for s in account.stakeholders if not s.calls],
    )
    brief.questions = _questions(brief)
    return brief


def brief_from_folder(folder: Path, client: str, as_of: dt.date) -> Brief:
    """``crc brief DIR --client NAME``: the same one-line errors as ``crc account``."""
    crcs, _ = read_crcs(folder)
    if not select_client(crcs, client):
        account_from_folder(folder, client, as_of)  # raises its one clear line (clients found, or none)
    return build_brief(crcs, client, as_of)
