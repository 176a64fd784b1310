"""The embedded default backend: cue lexicons + spaCy + dates.py, no network.

Grounded by construction: every item is built from one or more clauses of the
transcript, and the clause itself (a verbatim slice of its segment) is the
evidence quote. Wishes, hypotheticals, unanswered requests and questions are
filtered before anything becomes a decision or a commitment.

This module assembles the CRC; each finder has its own module (``clauses``, ``participants``,
``conjugation``, ``commitments``, ``findings``, ``meeting``).
"""

from __future__ import annotations

import re
from functools import partial

from summarizer.crc import CRC, Deliverable, Meeting, Metadata, NextStep, make_crc_id
from summarizer.extract.base import ExtractContext
from summarizer.extract.rules.absent import absent_people
from summarizer.extract.rules.clauses import Clause, clean, split_clauses
from summarizer.extract.rules.commitments import LEARNED_TASK_RELAX, find_commitments
from summarizer.extract.rules.findings import (
    Learned,
    find_attachments,
    find_decisions,
    find_facts,
    find_objections,
    find_risks,
)
from summarizer.extract.rules.meeting import CRM_KEYWORDS, crm_fields, meeting_type, objective, qualification
from summarizer.extract.rules.participants import client_name, infer_participants, voices
from summarizer.extract.rules.progress import find_progress
from summarizer.extract.rules.register import decision_text, guarded, is_fragment, risk_text, written
from summarizer.ingest.transcript import Transcript
from summarizer.lang import get_lang
from summarizer.lang.words import CallWords


def extract_rules(transcript: Transcript, ctx: ExtractContext) -> CRC:
    """The embedded default backend. Pure: same transcript and context, same CRC."""
    clauses: list[Clause] = []
    for seg in transcript.segments:
        clauses.extend(split_clauses(seg, len(clauses)))
    people = infer_participants(transcript, clauses, ctx)
    people.participants.extend(absent_people(transcript, people, ctx))  # owners may be named, not present
    voice = voices(people, ctx, transcript.title)
    learned = Learned.of(clauses, people, ctx.language)
    progress = find_progress(clauses, people, ctx.meeting_date, ctx.language)
    reported = {e.segment for item in progress for e in item.evidence}
    commitments, in_commitments = find_commitments(
        clauses, people, ctx, reported,
        learned=partial(learned.passes, "commitment", relax=LEARNED_TASK_RELAX) if learned.has("commitment") else None)
    decisions, in_decisions = find_decisions(clauses, ctx, learned, in_commitments)
    risks, mitigated_by = find_risks(clauses, ctx, learned)
    facts = find_facts(clauses, people, in_commitments | in_decisions, learned)
    # the written register: item texts as a CRC states them; evidence quotes stay verbatim, and a
    # rewriting that makes a word in neither the call nor the dictionary gives way to the quote
    names = [n for n in {ctx.client, ctx.vendor, *(p.name for p in people.participants),
                         *(p.organization for p in people.participants)} if n]
    call = CallWords.of_texts((seg.text for seg in transcript.segments), names)

    def said(rewritten: str, spoken: str) -> str:
        return guarded(rewritten, clean(spoken), ctx.language, call, names)

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
    keywords = [k for k in CRM_KEYWORDS if k in whole and re.search(rf"\b{k}\b", whole)]  # a \b first scans slowly

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
