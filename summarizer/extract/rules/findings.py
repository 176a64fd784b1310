"""Decisions, risks, facts, objections and attachments: what the call settled, feared and stated.

Cues and the clause classifier (``Learned``) vote together; a cue relaxes the classifier's
threshold, the classifier alone must clear a higher one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from itertools import product

from rapidfuzz import fuzz

from summarizer.crc import (
    MAX_FACTS,
    Attachment,
    Decision,
    Fact,
    Objection,
    Risk,
    RiskCategory,
    Severity,
    Side,
)
from summarizer.dates import find_due
from summarizer.extract.base import ExtractContext
from summarizer.extract.rules import lexicon as lx
from summarizer.extract.rules.clause_model import LinearModel, cue_hits, load_model
from summarizer.extract.rules.clauses import (
    SENTENCE_END,
    Clause,
    clean,
    content_words,
    is_firm,
    is_trap,
    normalized,
    sentence_before,
)
from summarizer.extract.rules.conjugation import infinitive
from summarizer.extract.rules.participants import People, Voices, ascii_key
from summarizer.extract.rules.register import quoted, written
from summarizer.lang import get_lang

#: what keeps a clause from being a decision: a condition, a negation, a personal agreement only
_NOT_FIRM_DECISION = re.compile(
    r"\b(à condition|pas encore|encore (en discussion|ouvert|à négocier)|qui est encore|provided that|isn't|aren't|not|n'est pas|"
    r"hasn't|haven't|hadn't|didn't|don't|doesn't|won't|wasn't|weren't|never|"
    r"ne sont pas|c'est bon pour (moi|nous)|"
    r"c'est (?:pour (?:ça|cela)|pourquoi|la raison pour laquelle) (?:qu'|que )?(?:on|nous)|parce qu'on|parce que nous|"
    r"that's why we|which is why we|because we)\b")  # the reason for what is done, not a decision taken
#: « validé », « ok »: a decision only when the clause before says what
_SHORT_DECISION = re.compile(r"^(c'est|it's)?\s*(validé|acté|décidé|ok|agreed|approved|d'accord)\b", re.I)

#: a clause a cue already points at needs this share of the classifier's threshold
_CUE_RELAX = 0.6
#: a decision no cue points at needs this multiple of the threshold (the French decision model is weak alone)
_NO_CUE_DECISION = 2.0


#: fewer words than this is no decision, risk or fact on its own (« C'est bon pour moi. »)
_MIN_WORDS = 5
#: a proposal is answered within this many turns, and puts up at least this many words
_PROPOSAL_ANSWER_TURNS = 2
_PROPOSAL_WORDS = 4
#: a short agreement is a decision only if the clause before it has at least this many words
_AGREED_TO_WORDS = 4
#: a risk's mitigation is looked for in this many clauses after it ...
_MITIGATION_CLAUSES = 4
#: ... said at most this many turns later
_MITIGATION_TURNS = 3
#: two risks of one category are one when their texts are this similar (rapidfuzz token set, 0-100) ...
_SAME_RISK_SIMILARITY = 85
#: ... or share this many content words
_SAME_RISK_WORDS = 2
#: a fact shorter than this many words loses half a point
_SHORT_FACT_WORDS = 7
#: the closing recap is looked for after this share of the call
_RECAP_AFTER = 0.6
#: the cue score a clause needs to be a fact when no classifier ships for the language
_FACT_SCORE = 2
#: a fact this similar to one already chosen (rapidfuzz token set, 0-100) repeats it
_SAME_FACT_SIMILARITY = 80
#: the vendor's reply to an objection is looked for in this many clauses after it
_REPLY_CLAUSES = 3
MAX_OBJECTIONS = 5


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
    rest = _SLOT_WORDS.sub(" ", normalized(c.text.replace(due.text, " ")))
    return len(re.findall(r"[a-zà-ÿ]{3,}", rest)) == 0


def _reserved(c: Clause, after: Clause | None) -> bool:
    """The decision is a condition or a recap, carries a condition, or the same speaker's next words add one.
    A reservation (« sous réserve du comité », « … Si le CPPT ne bloque pas. ») is no condition: the decision
    is taken, its text keeps it."""
    if lx.DECISION_CONDITION.search(c.low) or lx.RECAP.search(c.low):
        return True
    return (after is not None and after.speaker == c.speaker and after.seg.index - c.seg.index <= 1
            and bool(lx.DECISION_CONDITION.match(after.low)) and not lx.RESERVATION.match(after.low))


def _settles(c: Clause, ctx: ExtractContext) -> bool:
    """A decision cue, the grammar of a group settling what it does (« Alors on le généralise »), or a change
    announced before a colon (« On inverse : le pilote, ce sera l'habitation »)."""
    if "decision" in cue_hits(c.low) or lx.ORDER.search(c.low) or ((m := lx.REVERSAL.search(c.low)) and re.match(r"[^:]{0,12}:\s*(?:\S+\s+){3}", c.low[m.end():])):
        return True
    return get_lang(ctx.language).promise.decides(c.low, partial(infinitive, language=ctx.language))


def _decision_candidate(c: Clause, ctx: ExtractContext, learned: Learned, settles: bool, before: str = "",
                        after: Clause | None = None) -> bool:
    """A firm clause the cues or the classifier take for a decision (the classifier alone must be sure).
    ``settles``: what ``_settles`` says of it; ``before``: the clause before it in its sentence, where a
    condition may stand; ``after``: the next clause, where the speaker may add one."""
    if c.question or _NOT_FIRM_DECISION.search(c.low) or _reserved(c, after):
        return False
    if not (settles or learned.passes("decision", c.position, relax=_NO_CUE_DECISION)):
        return False  # a cue or the grammar's decision stands; the classifier only adds the ones neither points at
    if (lx.DECISION_REPORTED.search(c.low) or lx.DECISION_REPORTED.search(before) or lx.SMALL_TALK.search(c.low)
            or _PROPOSED_OR_REPORTED.search(c.low)):
        return False  # made before this call (« on avait décidé »), lunch, a proposal or someone else's words
    if get_lang(ctx.language).promise.conditional(c.low, before):
        return False  # « si c'est inclus, ça me va »: hangs on a condition
    return is_firm(c, ctx.language) and not _only_a_slot(c, ctx)  # « Mardi 14 heures, ça me va »: a slot, not a decision


def _reply_to(clauses: list[Clause], i: int) -> Clause | None:
    """The first clause of the next turn by someone else, if it comes within ``_PROPOSAL_ANSWER_TURNS``."""
    c = clauses[i]
    for x in clauses[i + 1:]:
        if x.seg.index > c.seg.index + _PROPOSAL_ANSWER_TURNS:
            return None
        if x.seg.index > c.seg.index and x.speaker and x.speaker != c.speaker:
            return x
    return None


#: a cadence, not one meeting: « chaque mardi », « toutes les deux semaines », "every Monday", "weekly"
_RECURRING = re.compile(r"\b(?:chaque|tous les|toutes les|every|each|weekly|hebdomadaires?|bimensuels?|mensuels?|biweekly)\b")


def _agenda_or_slot(c: Clause, put: str) -> bool:
    """A proposal of how the meeting runs (its opening, « pour le déroulé, je vous propose … ») or of a
    meeting's slot (« je propose le mardi à 9 heures »): next steps at most, never a decision."""
    if _RECURRING.search(normalized(put)):
        return False  # « un point d'une demi-heure chaque mardi à 14 heures »: how the project runs, a decision
    sentence = normalized(next((s for s in SENTENCE_END.split(c.seg.text) if c.text[:20] in s), c.text))
    if lx.PROPOSAL_NOT_DECISION.search(sentence) or lx.PROPOSAL_NOT_DECISION.search(normalized(put)):
        return True
    rest = re.sub(r"\d+", " ", re.sub(lx.MONTHS, " ", lx.SLOT_WORDS.sub(" ", normalized(put))))
    return len(re.findall(r"[a-zà-ÿ]{4,}", rest)) < 2  # « le mardi 13 octobre, à Condat »: nothing but a slot


def _accepted_proposal(clauses: list[Clause], i: int, taken: set[int]) -> tuple[str, list[Clause]] | None:
    """« Je propose le 5 octobre pour la mise en production » answered « Va pour le 5 octobre »: what the
    proposal put up, decided by the reply that takes it. A proposal alone, or met with « mais »,
    « si » or a question, decides nothing."""
    c = clauses[i]
    m = lx.PROPOSAL.search(c.low) or lx.PROPOSAL_ACTION.search(c.low)
    if (m is None or c.position in taken or c.question or lx.SMALL_TALK.search(c.low)
            or lx.DECISION_REPORTED.search(c.low)):
        return None
    put = c.text[m.end():].strip(" ,")
    reply = _reply_to(clauses, i)
    if len(put.split()) < _PROPOSAL_WORDS or reply is None or reply.question or _agenda_or_slot(c, put):
        return None
    said = normalized(" ".join(SENTENCE_END.split(reply.seg.text[reply.offset:])[:2]))
    agreed = lx.AGREEMENT.search(said.strip())
    if agreed is None or lx.AGREEMENT_BUT.search(said) or lx.REFUSE.search(said.strip()):
        return None
    put = put.lstrip(" :")
    return put[:1].upper() + put[1:], [c, reply]


def find_decisions(clauses: list[Clause], ctx: ExtractContext, learned: Learned | None = None,
                   taken: set[int] | None = None) -> tuple[list[Decision], set[int]]:
    """Firm decisions, and the positions of the clauses they consumed. ``taken``: clauses a commitment
    already holds, which no proposal turns into a decision."""
    learned = learned or Learned.none()
    out: list[tuple[str, list[Clause]]] = []
    answered: set[int] = set()  # the turns that took a proposal: decided with it, not apart
    for i, c in enumerate(clauses):
        accepted = _accepted_proposal(clauses, i, taken or set())
        if accepted is not None:
            out.append(accepted)
            answered.add(accepted[1][-1].seg.index)
            continue
        if c.seg.index in answered:
            continue
        settles = _settles(c, ctx)
        if not _decision_candidate(c, ctx, learned, settles, sentence_before(clauses, i),
                                   clauses[i + 1] if i + 1 < len(clauses) else None):
            continue
        if lx.QUESTION_START.search(c.low.strip()):
            continue
        last = out[-1][1][-1] if out else None
        if last is not None and last.position == c.position - 1 and last.seg.index == c.seg.index and not settles:
            out[-1][1].append(c)  # « on garde le paramétrage, on ne touche à rien »: the same decision, said again
            continue
        support, text = [c], clean(c.text)
        order = lx.ORDER.search(c.low) is not None
        if order:  # « Oui, posez l'option. »: in the buyer's words, with what they bear on
            text = _order_text(clauses, c, ctx)
        elif len(c.text.split()) < _MIN_WORDS or _points_back(c):
            short = _short_decision(clauses, c, settles, ctx)
            if short is None:
                continue  # "C'est bon pour moi." agrees, but to what is said elsewhere
            support, text = short
        twin = None if lx.REVERSAL.search(c.low) else next((o for o in out if _same_decision(o[0], text) or (
            order and c.seg.index - o[1][-1].seg.index <= 2 and content_words(o[0]) & content_words(text))),
            None)  # a reversal is no twin; an order takes what was just decided (« je peux poser une option » — « posez l'option »)
        if twin:
            known = {id(x) for x in twin[1]}
            twin[1].extend(x for x in support if id(x) not in known)
        else:
            out.append((text, support))
    out = _final_states(out)
    return [Decision(text=t, evidence=[c.evidence() for c in cs]) for t, cs in out], {x.position for _, cs in out for x in cs}


#: the acceptance that closes what a short decision takes (« Une tablette par baraque, ça, ça va »)
_ACCEPTED_TAIL = re.compile(r"[,\s]*(?:(?:ça|cela),\s*)?(?:ça|cela) (?:me |nous )?(?:va|ira|convient)(?: très bien)?[\s.!]*$", re.I)


def _order_text(clauses: list[Clause], c: Clause, ctx: ExtractContext) -> str:
    """An order quoted from the start of its turn's sentence before it (« Oui, les pastilles, ça part. Mets-en
    60. »): the imperative alone does not say what is ordered."""
    turn = [x for x in clauses[max(0, c.position - 3) : c.position + 1] if x.seg.index == c.seg.index]
    said = c.seg.text[turn[0].offset : c.offset + len(c.text)]
    return quoted(clean(said), ctx.language)


def _points_back(c: Clause) -> bool:
    """« Oui, on fait comme ça. »: a decision that names nothing but what was said (not "with the pilot on two
    sites, we're in")."""
    m = lx.DECISION_ANAPHOR.search(c.low.strip())
    rest = c.low.strip()[: m.start()] if m else ""
    return m is not None and len(re.findall(r"[a-zà-ÿ0-9]{3,}", rest)) < _AGREED_TO_WORDS


def _same_decision(a: str, b: str) -> bool:
    """Two wordings of one decision: close, or naming the same figure with most words of the shorter in the
    longer (« trois ans avec le plafond à 3 % » and « on renouvelle pour trois ans avec l'indexation plafonnée à 3 % »)."""
    if fuzz.token_set_ratio(normalized(a), normalized(b)) >= 85:
        return True
    words_a, words_b = (re.findall(r"[\wà-ÿ%]+", normalized(x)) for x in (a, b))
    shorter, longer = sorted((words_a, words_b), key=len)
    in_longer = set(longer)
    shared = sum(w in in_longer for w in shorter)
    return bool(set(re.findall(r"\d+", a)) & set(re.findall(r"\d+", b))) and shared >= 0.7 * len(shorter)


def _firm_statement(c: Clause, ctx: ExtractContext) -> bool:
    """What may spell a decision out: asserted now, by the speaker (no question, condition, report or
    conditional mood: « Hansa a dit qu'ils enverraient… »)."""
    return not (c.question or lx.DECISION_CONDITION.match(c.low) or lx.QUESTION_START.search(c.low.strip())
                or lx.DECISION_REPORTED.search(c.low) or _PROPOSED_OR_REPORTED.search(c.low)
                or "risk" in cue_hits(c.low)) and is_firm(c, ctx.language)  # « On est d'accord. Le SSO ne marche pas »: a problem


def _short_decision(clauses: list[Clause], c: Clause, settles: bool, ctx: ExtractContext) -> tuple[list[Clause], str] | None:
    """What a short decision (« Alors on y va. », "C'est validé.") settles, and the clauses that say it: the
    same speaker spelling it out right after (« … Pesée systématique sur le multi-produits. »), else what the
    speaker said just before in the same turn (« Une tablette par baraque, ça va. On fait comme ça. »), or
    the words a validation takes (« C'est validé. »); None when none says it.
    ``settles``: a cue or the grammar, not the classifier alone, took the clause for a decision."""
    if lx.PROPOSAL_NOT_DECISION.search(c.low):
        return None  # « Ensuite on valide »: a step of how things run, told in order
    nxt = clauses[c.position + 1] if c.position + 1 < len(clauses) else None
    if (nxt is not None and nxt.seg.index == c.seg.index and len(nxt.text.split()) >= _AGREED_TO_WORDS and _firm_statement(nxt, ctx)):
        return [c, nxt], clean(nxt.text)
    prev = clauses[c.position - 1] if c.position > 0 else None
    if prev is None or prev.question or len(prev.text.split()) < _AGREED_TO_WORDS or prev.seg.index < c.seg.index - 1:
        return None
    validation = bool(_SHORT_DECISION.search(clean(c.text)))  # « C'est validé. »: the words just before, whoever said them
    if validation or (settles and prev.seg.index == c.seg.index):
        return [prev, c], clean(_ACCEPTED_TAIL.sub("", prev.text))
    return None


def _final_states(decisions: list[tuple[str, list[Clause]]]) -> list[tuple[str, list[Clause]]]:
    """A decision taken back later in the call (« finalement, … », "actually, let's…") keeps only its final
    state: the earlier decision on the same thing (a content word in common) goes."""
    kept = list(decisions)
    for later_text, later in decisions:
        if not any(lx.REVERSAL.search(c.low) for c in later):
            continue
        words = content_words(later_text)
        kept = [(t, cs) for t, cs in kept
                if cs is later or cs[0].position > later[0].position or not (words & content_words(t))]
    return kept


MAX_RISKS = 3
#: what a warning's own clause must say, the warning out, to be the risk it frames (« ça, c'est serré »)
_CANDID_WORDS = 3
# the patterns below match lower-cased clauses (``Clause.low``): case-sensitive is faster than re.I
_RISK_STRONG = re.compile(r"\b(risque|bloquant|dépend|on ne sait pas|point d'attention|risk|blocker|depends)")
#: a risk named by pointing back at what was just said (« Alors ça, c'est un point d'attention. », "That's a
#: problem."): the risk said before, by whoever said it
_RISK_ANAPHOR = re.compile(r"^\W*(?:(?:alors|et|mais|ah|oui|bon|ok|okay|so|well|yeah|hmm)\W+)*(?:ça|cela|ceci|that|this)\W*"
                           r"(?:,\s*)?(?:c'est|ce sera|ça reste|reste|is|'s|will be|would be)\b(?:\W+\w+){0,6}\W*$")
_RISK_RECAP = re.compile(r"\b(points? d'attention|côté risques|les risques|risques|watch-outs?|risks)\s*:")


#: what a warning announces without saying it yet (« Par contre, je veux que vous sachiez une chose. »): the next
#: clause says it
_ANNOUNCING = re.compile(r"^(?:(?:par contre|mais|et|alors|bon|but|and|so|now)\W+)*(?:une|un|deux|quelque|one|a|another|two)\s*"
                         r"(?:petite |petit |last |more )?(?:chose|truc|point|thing)s?\W*$")


def _candid(clauses: list[Clause]) -> tuple[dict[int, str], set[int]]:
    """The clauses a warning of bad news frames, by position, with what they say without it, and the warnings
    that frame another clause (no risk of their own). The warning's own clause when something is left once
    the warning is out (« ça, on ne va pas se mentir, c'est serré » -> « ça, c'est serré »), else the next
    clause of the turn (« je vais être franc avec toi, | le délégué de Dunevia est passé lundi »), else the
    one before (« je les ai moins cher. | Je ne vais pas vous mentir. »)."""
    out: dict[int, str] = {}
    markers: set[int] = set()
    for i, c in enumerate(clauses):
        m = lx.CANDOUR.search(c.low)
        if m is None or lx.OBJECTION.search(c.low):
            continue  # « je vais être directe : le prix, ça ne va pas »: an objection to the offer, answered as one
        after = re.sub(r"^\W*(?:avec (?:toi|vous)|with you)?\W*", "", c.text[m.end():])
        before = re.sub(r"^\W*(?:(?:et|mais|and|but|alors|so|bon|well)\W+)*", "", c.text[: m.start()]).rstrip(" ,:;")
        if re.fullmatch(r"(?i)(?:ça|cela|ceci|that|this)", before):
            before = ""  # « Ça, on ne va pas se mentir, c'est serré »: the « ça » the rest says again
        said = f"{before}, {after}" if before and after else before or after
        if len(re.findall(r"\w+", said)) >= _CANDID_WORDS and not _ANNOUNCING.match(said.lower()):
            if not lx.PAST_EVENT.search(normalized(said)):  # « il y a eu des problèmes, soyons honnêtes »: history
                out[c.position] = said
            continue
        markers.add(c.position)
        for j in (i + 1, i - 1):
            if 0 <= j < len(clauses) and clauses[j].seg.index == c.seg.index and not clauses[j].question:
                if not lx.PAST_EVENT.search(clauses[j].low):
                    out[clauses[j].position] = clauses[j].text
                break
    return out, markers


def _risk_category(c: Clause, learned: Learned, candid: bool = False) -> str | None:
    """The risk category of a clause the cues or the classifier take for a risk, or a warning frames, else None."""
    if is_trap(c) or c.question or len(c.text.split()) < _MIN_WORDS or re.match(r"(donc |alors )?l'objectif", c.low):
        return None
    if lx.CONCESSION_OK.search(normalized(c.seg.text[c.offset:].split(".")[0])):
        return None  # « c'est serré, mais ça se fait », « je suis convaincue »: conceded or denied in the same sentence
    if candid:
        return next((name for name, rx in lx.RISK_CATEGORIES.items() if rx.search(c.low)), "other")
    cue = "risk" in cue_hits(c.low)  # the classifier's features scanned the clause for it already
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
    candid, markers = _candid(clauses)
    warned_risks: set[int] = set()  # ``id`` of the risks a warning framed: the rest of its turn explains them
    for i, c in enumerate(clauses):
        if c.position in markers:
            continue  # « Je te préviens, » frames the clause after it, which says the risk
        if (risks and _RISK_ANAPHOR.match(c.low) and "risk" in cue_hits(c.low)
                and 0 < c.seg.index - risks[-1].evidence[-1].segment <= 2):
            risks[-1].evidence.append(c.evidence())  # « Alors ça, c'est un point d'attention. »: the risk just said
            in_risk.add(c.position)
            continue
        category = _risk_category(c, learned, c.position in candid)
        if category is None:
            continue
        if _RISK_RECAP.search(c.low):
            for r in risks:  # a recap adds evidence to the risks it repeats, never a new one
                if content_words(r.text) & content_words(c.text):
                    r.evidence.append(c.evidence())
            in_risk.add(c.position)
            continue
        if risks and ((0 <= c.seg.index - risks[-1].evidence[-1].segment <= 1 and (c.position - 1) in in_risk)
                      or (risks[-1].evidence[0].segment == c.seg.index and id(risks[-1]) in warned_risks)):
            risks[-1].evidence.append(c.evidence())  # the same utterance goes on about the same risk, or the turn a warning opened
            in_risk.add(c.position)
            continue
        mitigation, mitigator = None, None
        for n in [c, *clauses[i + 1 : i + 1 + _MITIGATION_CLAUSES]]:
            if lx.MITIGATION.search(n.low) and n.seg.index - c.seg.index <= _MITIGATION_TURNS:
                rest = n.seg.text[n.offset :]
                end = SENTENCE_END.search(rest)
                mitigation = clean(rest[: end.start()] if end else rest)  # "Pour lever ça, on peut ..." whole
                mitigator = n.speaker
                break
        severity = Severity.high if lx.SEVERITY_HIGH.search(c.low) else Severity.low if lx.SEVERITY_LOW.search(c.low) else Severity.medium
        text = clean(candid.get(c.position, c.text))
        twin = next((r for r in risks if r.category.value == category and (
            fuzz.token_set_ratio(normalized(r.text), normalized(text)) >= _SAME_RISK_SIMILARITY
            or len(content_words(r.text + " " + (r.mitigation or "")) & content_words(text)) >= _SAME_RISK_WORDS
            )), None)
        if twin is not None:
            twin.evidence.append(c.evidence())
            if twin.mitigation is None and mitigation:
                twin.mitigation, mitigated_by[id(twin)] = mitigation, mitigator
            in_risk.add(c.position)
            continue
        evidence = [c.evidence()]
        risks.append(Risk(text=text, category=RiskCategory(category), severity=severity, mitigation=mitigation, evidence=evidence))
        if c.position in candid:
            warned_risks.add(id(risks[-1]))
        mitigated_by[id(risks[-1])] = mitigator
        in_risk.add(c.position)
    order = {Severity.high: 0, Severity.medium: 1, Severity.low: 2}
    priority = {RiskCategory.it_security: 0, RiskCategory.legal: 1, RiskCategory.budget: 2, RiskCategory.planning: 3,
                RiskCategory.competition: 4, RiskCategory.other: 5}
    warned = {c.seg.index for c in clauses if c.position in candid}
    if learned.has("risk"):  # a warning first, then the classifier's confidence: categories are the cues' guess
        first = {id(r): max(learned.score("risk", e.segment) for e in r.evidence) for r in risks}
        risks.sort(key=lambda r: (not any(e.segment in warned for e in r.evidence), -first[id(r)]))
    else:
        risks.sort(key=lambda r: (r.category == RiskCategory.other, order[r.severity], r.mitigation is None,
                                  priority[r.category]))
    return risks[:MAX_RISKS], mitigated_by  # the method: a short, prioritised list, not every worry


_TOOLS = re.compile(r"\b(excel|outil maison|on utilise|actuellement|aujourd'hui on|we use|currently)\b")
_VAGUE_START = re.compile(r"^(et |mais |alors |bon |donc )*(c'est|ça|voilà|oui|non|bien sûr|exactement)\b")


_RECAP_START = re.compile(r"\b(récap\w*|pour résumer|si je résume|je résume|côté décisions|les actions\s*:|to recap|to sum up|"
                          r"let me summari[sz]e|points? d'attention\s*:|watch-outs?\s*:)")
_NUMBER_WORDS = re.compile(r"\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|quarante|cinquante|cent|mille|"
                           r"two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|"
                           r"eighty|ninety|hundred|thousand|million)(?:-\w+)?\s+\w+")


#: what a spelled-out number counts in a fact (« trois dépôts », "ninety-six stores", "one point four million a year")
_COUNTED = re.compile(r"\b(tickets?|sites?|salles?|lignes?|personnes?|jours?|semaines?|mois|ans|clients?|camions?|dépôts?|"
                      r"magasins?|utilisateurs?|salariés?|millions?|milliards?|euros?|stores?|people|users?|customers?|"
                      r"trucks?|warehouses?|days?|weeks?|months?|years?|employees?|staff|billions?|pounds?|dollars?|"
                      r"percent|containers?|suppliers?)\b")


def _fact_score(c: Clause, people: People, recap_from: int) -> float:
    """Figures, pains, criteria, decision process and competition score; chit-chat, self-introductions
    and the closing recap (which repeats what was said earlier) do not."""
    if c.question or is_trap(c) or len(c.text.split()) < _MIN_WORDS:
        return 0.0
    name = people.name_of(c.speaker)
    if name and normalized(name) in c.low:
        return 0.0  # "Isabelle Moreau, directrice des achats": an introduction
    score = 0.0
    if lx.FIGURE.search(c.low):
        score += 2
    elif _NUMBER_WORDS.search(c.low) and _COUNTED.search(c.low):
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
    if len(c.text.split()) < _SHORT_FACT_WORDS:
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
    recap_from = next((c.position for c in clauses if c.position > len(clauses) * _RECAP_AFTER and _RECAP_START.search(c.low)),
                      len(clauses))
    if learned.has("fact"):
        scored = [(learned.probs["fact"][c.position] + progress, c) for c in clauses
                  if c.position not in taken and not c.question and not is_trap(c) and len(c.text.split()) >= _MIN_WORDS
                  and ((progress := _progress_report(c)) or learned.passes("fact", c.position))]
    else:
        scored = [(s, c) for c in clauses if c.position not in taken
                  and (s := _fact_score(c, people, recap_from)) >= _FACT_SCORE]
    scored.sort(key=lambda sc: (-sc[0], sc[1].position))
    chosen: list[Clause] = []
    # the best point of each line first; a line's second point if room is left
    for one_per_line, (_, c) in product((True, False), scored):
        if c in chosen or any(fuzz.token_set_ratio(o.low, c.low) >= _SAME_FACT_SIMILARITY
                              or (one_per_line and o.seg.index == c.seg.index) for o in chosen):
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
        reply = next((n for n in clauses[i + 1 : i + 1 + _REPLY_CLAUSES] if n.speaker != c.speaker and people.side_of(n.speaker) != Side.client), None)
        out.append(Objection(text=written(clean(c.text), voice(c.speaker)),
                             response=written(clean(reply.text), voice(reply.speaker)) if reply else None, evidence=[c.evidence()]))
    return out[:MAX_OBJECTIONS]


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
        out.setdefault(ascii_key(name), Attachment(name=name, kind="document", evidence=[c.evidence()]))
    return list(out.values())


