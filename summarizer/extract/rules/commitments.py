"""Commitments: next steps and deliverables, each with its owner, side and due date.

The strategies (a marker of promise, a request accepted, a hand-over, the grammar of a turn, an
object named before) each yield candidates; one filter and one builder keep what is firm and
grounded, then the dates chain and duplicates merge.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

from rapidfuzz import fuzz

from summarizer.crc import Participant, Side
from summarizer.dates import DueMatch, chain_date, chained_delay, find_due, in_context
from summarizer.extract.base import ExtractContext
from summarizer.extract.rules import lexicon as lx
from summarizer.extract.rules.clause_model import cue_hits
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
from summarizer.extract.rules.participants import People, ascii_key, opposite_side
from summarizer.extract.rules.progress import AGREEING_LOOKBACK, object_from_lines_before, object_pronoun
from summarizer.extract.rules.register import quoted
from summarizer.lang import get_lang

#: a reply longer than this many words names the thing asked for, so the promise takes its words
_NAMING_REPLY_WORDS = 5
#: the recap's promise and an earlier one are one when this similar (rapidfuzz token set, 0-100)
_SAME_PROMISE_SIMILARITY = 80


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


#: a noun phrase with its determiner and nothing else: « Le prévisionnel », « Vos relevés de consommation »
_NAMED_THING = re.compile(r"^(?i:le|la|les|l'|votre|vos|notre|nos|ce|cet|cette|ces)\s*[\w'-]+(?:\s+[\w'-]+){0,5}$")
_DISLOCATED = re.compile(r"^(.{4,80}?),\s*(?:on|je|j'|nous|moi je)\s+(?:vous\s+|te\s+)?(?:la|le|les|l')\s*\S", re.I)


def _deliverable_what(c: Clause, due_text: str | None) -> str | None:
    d = _DISLOCATED.search(c.seg.text[max(0, c.offset - 90) : c.offset + len(c.text)].split(". ")[-1])
    if d and (lx.DELIVERABLE_NOUNS.search(normalized(d.group(1))) or _NAMED_THING.match(d.group(1))):
        return clean(d.group(1))  # « Le prévisionnel, je vous l'envoie … »: the thing set first, whatever its noun
    text = re.sub(rf"{re.escape(due_text)}(?:-ish\b|\s+itself\b)?", " ", c.text) if due_text else c.text  # "next week-ish"
    m = _OBJECT.search(re.sub(r"\s+", " ", text))
    if not m:
        return None
    what = m.group(1)
    what = re.split(r"\s+\b(?:d'ici|avant|sous|au plus tard|dès|by|before|within|tomorrow|demain|ce soir)(?![\w-])", what)[0]
    what = _PURPOSE.split(what)[0]  # « le plan … pour que vous puissiez lancer le câblage »: the thing only
    what = re.sub(r"\s+\b(?:pour|dans|à|for|in|to)\s*$", "", what)  # « une première version à [J+5] »
    what = re.sub(r"^(?:over|across|back|out)\s+", "", what.strip(" ,"), flags=re.I)
    if len(what) < 3 or not lx.DELIVERABLE_NOUNS.search(normalized(what)):
        return None
    return clean(what)


_MODALS = {"pouvoir", "vouloir", "devoir", "aller", "falloir", "savoir"}
#: verbs whose counterpart ("je vous envoie", "je vous rappelle") the action names: "Rappeler Transports Ferrand"
_TO_COUNTERPART = ("envoyer", "transmettre", "présenter", "montrer", "confirmer", "proposer", "partager", "adresser",
                   "faire parvenir", "renvoyer", "remontrer")
#: verbs whose direct object is the counterpart: "je vous rappelle lundi" -> "Rappeler Transports Ferrand"
_CALL_VERBS = ("rappeler", "appeler", "relancer", "recontacter", "inviter", "convier", "revoir", "recevoir", "accompagner")
_TAIL = re.compile(r"[\s,]*(?:\b(?:ça vous (?:va|irait|convient)|d'accord|ok|non|c'est bon|alors|donc|quoi)\b[\s?,.!]*)+$", re.I)


_COMMENT_TAIL = re.compile(r"(?:^|\s*,)\s*(?:c'est|c'était|ce n'est|ça|cela)\b.*$", re.I)


#: what hangs on a day and goes with it: "next week-ish", "today itself"
_HEDGED_DAY = re.compile(r"^(?:-ish|\s+itself)\b")


def _without_due(text: str, due_text: str | None) -> str:
    """The clause without its deadline words, unless they complement a noun (« au comité du 14 janvier »,
    « la réunion de lundi »): then they name the thing and stay whole, never « au comité du ».
    """
    at = text.find(due_text) if due_text else -1
    if at < 0 or due_text is None:
        return text
    if re.search(r"\b(?:du|de|des)$", text[:at].rstrip(), re.I):
        return text
    after = _HEDGED_DAY.sub("", text[at + len(due_text):])  # "next week-ish": the hedge goes with the day
    return f"{text[:at]} {after}"


def _action_text(c: Clause, due_text: str | None, language: str) -> str:
    """``je cale le comité pour le 3 décembre`` -> ``Caler le comité``: infinitive + object, no date."""
    text = _without_due(c.text, due_text)
    text = _TAIL.sub("", re.sub(r"\s+", " ", text)).strip(" ,")
    text = re.sub(r"\s+,", ",", text)
    register = get_lang(language).register
    m = register.action_verb.search(text)
    if m and m.group("verb").lower() not in {"ne", "n", "pas"}:
        verb = infinitive(m.group("verb").lower(), language)
        rest = text[m.end() :].strip(" ,")
        modal = re.match(r"(?:(?:vous|nous|me|m'|le|la|les|l'|lui|leur)\s*)*([a-zà-ÿ]+(?:er|ir|re))\b\s*", rest) if verb in _MODALS else None
        if modal:  # "vous pouvez organiser la visite" -> "Organiser la visite"
            verb, rest = modal.group(1).lower(), rest[modal.end():]
        obj = m.group("obj").lower().replace("'", "' ").split()
        if {"me", "m'"} & set(obj) and not verb.startswith(("s'", "se ")):  # « je m'engage à » -> « S'engager à »
            verb = ("s'" if re.match(r"[aeiouyéèêh]", verb) else "se ") + verb
        to_you = ("vous" in obj or "te" in obj) and not {"le", "la", "les", "l'", "en"} & set(obj)  # "je vous le remontre": its object is elsewhere
        if to_you and (not rest or verb in _CALL_VERBS):
            rest = f"vous {rest}"  # "je vous rappelle" -> "Rappeler vous" -> (written) "Rappeler Transports Ferrand"
        elif to_you and verb in _TO_COUNTERPART and "," not in rest and not re.search(r"\b(à|au|aux|avec)\b", rest):
            rest = f"{rest.rstrip('.!?… ')} à vous"
        rest = re.sub(r"\bet (?:je |j')(?:vous |lui |leur |le |la |les |l')*([a-zà-ÿ]+)",
                      lambda v: "et " + infinitive(v.group(1).lower(), language), rest)
        rest = re.sub(r"\s+(pour|d'ici|avant|sous|dans|le|au plus tard)$", "", rest)
        rest = re.sub(r"\s+à\s*[.!?…]*$", "", rest)  # « un premier jet à [J+10]. »: « à » never closes a sentence
        rest = _COMMENT_TAIL.split(rest)[0]  # "je vais les relancer, c'est pas normal": the comment is no action
        return clean(f"{verb} {rest}".strip())
    without = register.action_subject.sub("", text)
    return clean(register.action(without) if without != text else text)


def _states_an_action(c: Clause, language: str) -> bool:
    """Whether ``_action_text`` finds a subject and its verb in the clause (« je cale le comité »), rather than
    giving its words back as said (« Salle du conseil », « Fabrice est débordé, paraît-il »)."""
    register = get_lang(language).register
    m = register.action_verb.search(c.text)
    return bool(m and m.group("verb").lower() not in {"ne", "n", "pas"}) or bool(register.action_subject.search(c.text))


def _object_left_out(c: Clause, language: str) -> bool:
    """Whether the action's verb had a direct object pronoun (« je vous le renvoie signé », « je vous la fais
    passer ») whose noun the clause does not say before it: the infinitive drops the pronoun and would read
    « Renvoyer signé », « Faire passer », a verb with nothing to act on."""
    m = get_lang(language).register.action_verb.search(c.text)
    if m is None or not set(m.group("obj").lower().replace("'", "' ").split()) & set(_DIRECT_OBJECTS):
        return False
    return not re.search(r"(?:^|\b)(?:le|la|les|l'|ce|cette|ces|votre|vos|notre|nos)\s*\w", c.text[: m.start()], re.I)


#: what an action without its object still says: a noun phrase (« Transmettre …, le modèle ») or whom and when it
#: goes to (« Présenter au comité achats », « Planifier après la signature »)
_SAYS_SOMETHING = re.compile(r"(?<![\w'])(?:(?:le|la|les|un|une|des|du)\s+|l')[a-zà-ÿ]|(?<![\w'])(?:à|au|aux|auprès|chez|avec|après|"
                             r"avant|pour|to|with|after|before)\b", re.I)


def _reads_whole(action: str, ctx: ExtractContext) -> bool:
    """Whether an action whose object pronoun went still says something besides its verb, its dates left out."""
    due = find_due(action, ctx.meeting_date, ctx.language)
    rest = action.split(" ", 1)[1] if " " in action else ""
    if due is not None and due.text in rest:
        rest = rest.replace(due.text, " ")
    return bool(_SAYS_SOMETHING.search(rest))


#: the direct object pronouns a verb keeps when it is joined to the action that names their noun
_DIRECT_OBJECTS = ("le", "la", "les", "l'")


def _with_its_object(c: Clause, verb: str, language: str) -> str:
    """A lone verb joined to the action before it keeps its direct object pronoun: « Faire la restitution du POC et
    la présenter », never « … et présenter », a verb with no object."""
    m = get_lang(language).register.action_verb.search(c.text)
    pronouns = m.group("obj").lower().replace("'", "' ").split() if m else []
    direct = next((p for p in pronouns if p in _DIRECT_OBJECTS), None)
    low = verb[:1].lower() + verb[1:]
    if direct is None:
        return low
    elided = direct in ("le", "la") and re.match(r"[aeiouyéèêh]", low, re.I)
    return f"l'{low}" if direct == "l'" or elided else f"{direct} {low}"


#: the words before a promise quoted with it when they are this short (« Salle du conseil. Je vais la réserver. »)
_QUOTED_LEAD_WORDS = 8


def _words_said(previous: Clause, promise: Clause, language: str) -> str:
    """The speaker's words, quoted, when the clause before a lone verb states no action: glued to it the verb
    would read « Salle du conseil et réserver », « Fabrice est débordé et relancer ». A short lead names what
    the verb's pronoun stands for and is quoted with it, from the same segment as said."""
    said = promise.text
    if len(previous.text.split()) <= _QUOTED_LEAD_WORDS and previous.seg.index == promise.seg.index:
        said = previous.seg.text[previous.offset: promise.offset + len(promise.text)]
    return quoted(clean(said), language)


def _addressee(c: Clause, people: People, next_clauses: list[Clause]) -> tuple[str | None, bool]:
    """Who 'vous'/'tu' is: a named participant, else the next speaker who accepts. (name, accepted)"""
    speaker_name = people.name_of(c.speaker)
    lead_in = " ".join(normalized(c.seg.text[: c.offset]).split()[-2:])  # "François, | vous calez..."
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
#: the same with the thing said in an earlier sentence: « Vous l'aurez vendredi, sans faute. »
_HANDED_OVER = re.compile(r"^(?:(?:et|oui|alors|donc|bon)\W+)*vous\s+(?:l'|les\s|la\s|le\s)\s*(?:aurez|recevrez)\b")


def _handover(c: Clause, people: People, ctx: ExtractContext) -> Commitment | None:
    """"Le contrat signé, vous l'aurez lundi": the speaker hands something over."""
    handover = _HANDOVER.search(c.low)
    if not handover or c.question or is_trap(c):
        return None
    due_date, due_text = _due_of(_due_in_line(c, ctx), ctx.meeting_date)
    handed = clean(c.text[: handover.start()].strip(" ,")) or clean(c.text)
    return Commitment("deliverable", handed, people.name_of(c.speaker), people.side_of(c.speaker), due_date,
                      due_text, None, [c], speaker=c.speaker)


def _handed_over(clauses: list[Clause], i: int, people: People, ctx: ExtractContext) -> Commitment | None:
    """« Vous l'aurez vendredi, sans faute. »: the speaker hands over, by a day named, what the lines before named."""
    c = clauses[i]
    if not _HANDED_OVER.match(c.low) or c.question or is_trap(c) or not _dated(c, ctx):
        return None
    return _with_object_before(clauses, i, [c], people.name_of(c.speaker), people.side_of(c.speaker), ctx)


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
        side = opposite_side(people.side_of(c.speaker))
    return owner, side, evidence


def _promised(c: Clause, marker: re.Match[str], following: list[Clause], people: People, ctx: ExtractContext,
              tagged: bool) -> tuple[str | None, Side] | None:
    """A firm statement "je vous envoie…", "on cale…", "vous calez…", "Julien vous enverra…": who owns it."""
    low = c.low
    subject = marker.group(0).split()[0].lower()
    if not is_firm(c, ctx.language):
        return None
    speaker_name = people.name_of(c.speaker)
    if subject in {"vous", "tu", "you"}:
        owner, _ = _addressee(c, people, following)
        side = opposite_side(people.side_of(c.speaker))
        if owner:
            side = next((p.side for p in people.participants if p.name == owner), side)
        return owner, side
    third = people.mentioned(low, exclude=speaker_name)
    before = low[: marker.start()].split()[-2:]
    named_subject = third is not None and any(
        w.strip(",") in {normalized(third.name).split()[0], *normalized(third.name).split()} for w in before)
    if tagged and following and following[0].speaker != c.speaker and lx.REFUSE.search(following[0].low):
        return None
    if third and named_subject and subject in {"nous", "on"}:
        return third.name, third.side
    if third and re.search(rf"{re.escape(normalized(third.name).split()[0])}\w*\s+(vous |nous )?(va|vont|enverra|transmettra|s'occupe|se charge|calera|organisera|fera|reviendra|doit|will|'ll)\b", low):
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
                                             and lx.AUTHORITY.search(normalized(c.seg.text)))
    return bool(is_trap(c) or introduces or _INTRO.search(low) or _ASIDE.search(low) or authority
                or re.search(r"\b(déjà|already|d'habitude|toujours)\b", low))


#: a noun phrase set before the verb that takes it up as a pronoun ("l'export d'octobre, vous pouvez nous l'envoyer")
_DISLOCATED_OBJECT = re.compile(
    r"^(?:[A-ZÀ-Ý][\w-]+\s*,\s*)?(?P<obj>(?i:l'|le |la |les |ce |cette |ces |votre |vos |notre |nos )[^,?!.]{2,80})\s*,?$"
)


#: the verbs of taking charge (« je m'en occupe »), which say who acts but not what is done
_TAKING_CHARGE = frozenset({"s'occuper", "s'en occuper", "se charger", "s'en charger", "take care", "handle"})


def _deadline_after(last: Clause, following: Clause | None, ctx: ExtractContext) -> tuple[dt.date, str, Clause] | None:
    """The deadline the same speaker sets right after a promise, in a clause that says nothing else (« Mardi au
    plus tard. », « … mercredi 20, ça vous va ? »), in the same segment or the next, when that is the same
    speaker going on (a transcript cut « … baie par baie. » | « d'ici vendredi. » into two lines)."""
    if following is None or following.speaker != last.speaker or not 0 <= following.seg.index - last.seg.index <= 1:
        return None
    due = find_due(following.text, ctx.meeting_date, ctx.language)
    if due is None or not due.date or due.date < ctx.meeting_date:
        return None
    rest = lx.DEADLINE_WORDS.sub(" ", normalized(following.text.replace(due.text, " ")))
    return (due.date, due.text, following) if not re.findall(r"[a-zà-ÿ]{2,}", rest) else None


def _build(evidence: list[Clause], owner: str | None, side: Side, ctx: ExtractContext,
           previous: Clause | None = None, following: Clause | None = None, *, firm: bool = False,
           named_before: Callable[[str], Commitment | None] | None = None) -> Commitment | None:
    """Due date, wording (from the request or its acceptance, whichever names the thing) and kind.
    ``firm``: the grammar already says it is a promise (see :mod:`summarizer.lang.promise`), whatever its verb.
    ``named_before(verb)``: the promise with its pronoun object taken from the lines before, tried before a lone
    verb is joined to the clause before it (« j'ai eu la tête sous l'eau. Je vous les envoie lundi. »)."""
    lang = ctx.language
    due = None
    for cl in evidence:
        due = _due_in_line(cl, ctx)
        if due and due.date:
            break
    due_date, due_text = _due_of(due, ctx.meeting_date)
    deadline = _deadline_after(evidence[-1], following, ctx)
    if deadline is not None:  # « je vous le fais partir la semaine prochaine. Mardi au plus tard. »: the later words set it
        due_date, due_text, evidence = deadline[0], deadline[1], [*evidence, deadline[2]]
    if due is not None and due_date is None and chained_delay(due.text, lang) is not None:
        due_text = due.text  # counted from another event: dated by _chain_dates, or left null with the words kept
    text_clause = evidence[0]
    if len(evidence) > 1:  # a request and its acceptance: one promise, worded by whichever names the thing
        reply = evidence[-1]
        request_names_it = _deliverable_what(text_clause, due_text) is not None
        reply_promises = bool(lx.FIRST_SINGULAR.search(reply.low) and lx.STRONG_ACTION.search(reply.low)
                              and len(reply.text.split()) > _NAMING_REPLY_WORDS)
        if not request_names_it and (_deliverable_what(reply, due_text) or reply_promises):
            text_clause = reply
    what = _deliverable_what(text_clause, due_text)
    if what and lx.SEND_RX.search(text_clause.low):
        fmt_m = lx.FORMATS.search(" ".join(e.low for e in evidence))
        return Commitment("deliverable", what, owner, side, due_date, due_text, fmt_m.group(0) if fmt_m else None, evidence,
                          speaker=text_clause.speaker)
    if not firm and lx.WEAK_VERBS.search(text_clause.low) and not lx.STRONG_ACTION.search(text_clause.low):
        return None  # "je vais être honnête", "on va voir": not a next step
    if not firm and not due_text and len(evidence) == 1 and not lx.STRONG_ACTION.search(text_clause.low):
        return None  # an undated, unspecific promise is not a next step
    action = _action_text(text_clause, due_text, lang)
    if _nothing_to_check(action, lang):
        return None  # "We'll go back tomorrow", "Write some stuff down": no task one can check
    if len(action.split()) >= 2 and _object_left_out(text_clause, lang) and not _reads_whole(action, ctx):
        action = quoted(clean(text_clause.text), lang)  # « je vous le renvoie signé »: never « Renvoyer signé »
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
                # « Je m'en occupe. Je vous envoie l'extraction »: taking charge is no action of its own
                both = nxt if action.lower().strip() in _TAKING_CHARGE else f"{action} et {nxt[:1].lower()}{nxt[1:]}"
                return Commitment("next_step", both, owner, side, due_date,
                                  due_text, None, [*evidence, then], speaker=text_clause.speaker)
        joined = previous is not None and previous.seg.index == evidence[0].seg.index and not previous.question and not \
            previous.text.rstrip().endswith((".", "!", "?", "…"))  # « Je corrige X et je vous le remontre »: one sentence
        resolved = named_before(action.lower()) if named_before is not None and not joined else None
        if resolved is not None:
            return resolved
        if previous is None or previous.seg.index != evidence[0].seg.index:
            return None
        named = _DISLOCATED_OBJECT.match(previous.text.strip())
        if named:  # "Nadia, l'export des tournées, vous pouvez nous l'envoyer ?" -> "Envoyer l'export des tournées"
            obj = named.group("obj").strip(" ,")
            return Commitment("next_step", clean(f"{action} {_after_verb(obj)}"), owner, side, due_date,
                              due_text, None, [previous, *evidence], speaker=text_clause.speaker)
        before = _action_text(previous, None, lang)
        if previous.question or len(before.split()) < 2:
            return None  # « Voilà. On calera ça au kick-off. »: a verb alone, its object a pronoun nobody named
        action = (f"{before} et {_with_its_object(text_clause, action, lang)}" if _states_an_action(previous, lang)
                  else _words_said(previous, text_clause, lang))
        evidence = [previous, *evidence]
    return Commitment("next_step", action, owner, side, due_date, due_text, None, evidence, speaker=text_clause.speaker)


#: an English action that is only a move ("Go back", "Come back over"): where one goes, no task one can check
_EN_MOTION_ONLY = re.compile(r"^(?:go|come|head|move|walk|run)(?:\s+(?:back|out|up|on|over|away|home|there|here|along"
                             r"|around|ahead|in|off|down))+\W*$", re.I)
#: an English action whose object is only "stuff" or "things": "Fill in all this stuff", "Write some stuff down"
_EN_VAGUE_OBJECT = re.compile(r"^[a-z]+(?:\s+(?:in|out|up|down|through|over|about|on))?\s+(?:(?:all|some|this|that|these"
                              r"|those|the|other|more|any)\s+)*(?:stuff|things?|something|everything)"
                              r"(?:\s+(?:down|out|up|in|over))?\W*$", re.I)


#: a French action whose object is only « tout ça », « ça », « le reste »: « Envoyer tout cela » as one hangs up
_FR_VAGUE_OBJECT = re.compile(r"^[a-zà-ÿ']+\s+(?:tout\s+)?(?:ça|cela|ceci|le reste)\W*$", re.I)


def _nothing_to_check(action: str, language: str) -> bool:
    """An action, as it will be written (fillers and restarts out), that is only a move or only "stuff", "tout ça"
    (each language's words: no other language's action matches them)."""
    register = get_lang(language).register
    written = register.tidy(re.sub(r"\s+", " ", register.inner.sub(" ", action)).strip())
    return bool(_EN_MOTION_ONLY.match(written) or _EN_VAGUE_OBJECT.match(written) or _FR_VAGUE_OBJECT.match(written))


#: a promise whose object is a pronoun: « je vous l'envoie demain », « on vous les transmet »
_CLITIC_PROMISE = re.compile(r"\b(?:je|j'|on|nous|i|we)\s+(?:vous\s+|te\s+|lui\s+|leur\s+)?(?:l'|le\s|la\s|les\s)"
                             r"\s*(?:" + lx.SEND_VERBS + r")\w*")


_PURPOSE = re.compile(r"\s+(?:(?:pour|afin de|avant de|so that|in order to|to)\s+|(?:afin d'|avant d')\s*)(?=\w)", re.I)


def _with_object_before(clauses: list[Clause], i: int, evidence: list[Clause], owner: str | None, side: Side,
                        ctx: ExtractContext) -> Commitment | None:
    """« Il me manque l'attestation d'hébergement » … « je vous l'envoie demain »: the object from the lines
    before (the question or request it answers, else the nearest noun phrase), cited with the promise."""
    found = object_from_lines_before(clauses, i, object_pronoun(evidence[-1].low))
    if found is None:
        return None
    phrase, cited = found
    phrase = _PURPOSE.split(phrase)[0].strip(" ,")  # « l'attestation … pour boucler le dossier »: the thing only
    source = next((x for x in reversed(clauses[max(0, i - AGREEING_LOOKBACK):i])
                   if x.seg.index == cited.segment and normalized(phrase) in x.low), None)
    c = evidence[-1]
    if source is None or not (lx.SEND_RX.search(c.low) or _HANDED_OVER.match(c.low)):
        return None
    due_date, due_text = _due_of(_due_in_line(c, ctx), ctx.meeting_date)
    return Commitment("deliverable", phrase[:1].upper() + phrase[1:], owner, side, due_date,
                      due_text, None, [source, *evidence], speaker=source.speaker)


#: a hedge on what was just said, anywhere in the sentence: « …, mais je ne promets rien »
_HEDGE = re.compile(r"\bje\s+(?:ne\s+)?(?:vous\s+|te\s+)?promets\s+rien\b")
#: what the speaker does in the call by speaking, now: calling, coming back to a point or stepping away,
#: proposing, sharing a screen, saying what one is in charge of; and a hedge on what was just said
_SAID_NOW = re.compile(
    r"\b(?:je|j'|on)\s*(?:vais\s+|va\s+)?(?:vous\s+|te\s+)?(?:"
    r"r?appel\w*(?=\s*(?:,|pour\b|parce\b|\.|$))|reviens(?=\s+sur\b|\s+là-dessus\b|\s*[.!]?\s*$)|revenir\s+(?:sur|là-dessus)\b"
    r"|propose\s+(?:que|qu')|partag\w*\s+(?:mon|l')\s*écran|m'occupe\s+(?:de|du|des|d')\b)"
    r"|" + _HEDGE.pattern + r"|\bno promises\b|\bcan't promise\b")


#: a sentence that ends by leaving it open: « on vous fera un petit geste, on verra ça », "…, we'll see"
_LEFT_OPEN = re.compile(r",\s*(?:et\s+|and\s+)?(?:on verra|we'll see)(?:\s+(?:ça|bien|that))?\W*$")


def _said_now(c: Clause) -> bool:
    """The clause, or what follows it in its sentence, is talk about the call itself or a hedge."""
    rest = normalized(c.seg.text[c.offset:])
    sentence = re.split(r"(?<=[.!?])\s", rest, maxsplit=1)[0]
    return bool(_SAID_NOW.search(c.low) or _HEDGE.search(sentence) or _LEFT_OPEN.search(sentence))


#: the team's present tense, not to the listener: « on le partage », « on calcule le net »
_TEAM_PRESENT = re.compile(r"^(?:on|nous)\s+(?!(?:vous|te)\b)(?:(?:le|la|les|l'|en|y|lui|leur)\s*)*(?P<verb>[a-zà-ÿ]+)")


#: the marker is the verb of a time or purpose clause: « avant qu'on ouvre le flux », « pour que je vous l'envoie »
_SUBORDINATE = re.compile(r"\b(?:(?:avant|après|pour|sans|jusqu'à ce|dès|une fois|pendant) qu(?:e |')|before|until|so that)\s*$")


def _team_describes(marker: str) -> bool:
    m = _TEAM_PRESENT.match(marker.lower())
    return bool(m and m.group("verb") not in {"va", "allons", "vais"} and not m.group("verb").endswith(("ra", "rons")))


def _due_in_line(c: Clause, ctx: ExtractContext) -> DueMatch | None:
    """The clause's due expression read in its line (a corrected day, a day of a month said before); its words
    stay the clause's own when the line's reach past the clause, so the action text still loses them."""
    found = find_due(c.text, ctx.meeting_date, ctx.language)
    due = in_context(found, c.seg.text, ctx.meeting_date, ctx.language)
    if found is None or due is None or due is found or due.text in c.text:
        return due
    return DueMatch(found.text, found.start, found.end, due.date, due.time, due.latest)


def _due_of(due: DueMatch | None, meeting_date: dt.date) -> tuple[dt.date | None, str | None]:
    """The due date of a found expression, if ahead, and its words: kept also for a period ahead that names no
    day (« cette semaine »), which the item says without a date."""
    due_date = due.date if due and due.date and due.date >= meeting_date else None
    ahead = due_date is not None or bool(due and due.latest and due.latest >= meeting_date)
    return due_date, due.text if due and ahead else None


def _dated(c: Clause, ctx: ExtractContext) -> bool:
    """A day is named for it, other than « aujourd'hui », which speech uses as an adverb far more than as a deadline."""
    return _names_a_day(c.text, ctx.meeting_date, ctx.language)


@lru_cache(maxsize=4096)
def _names_a_day(text: str, meeting_date: dt.date, language: str) -> bool:
    """Asked several times of one clause (a condition, a promise, a slot): finding dates is the costly part.
    A period ahead (« je préviens les agences cette semaine ») dates a promise too, without giving it a day."""
    due = find_due(text, meeting_date, language)
    return bool(due and _due_of(due, meeting_date)[1] and not _TODAY.match(due.text))


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
                                                partial(infinitive, language=ctx.language))
    if found is None or not is_firm(c, ctx.language) or _not_a_commitment(c, people, tutoie):
        return None
    if found.subject in {"on", "nous", "we"}:
        owner, side = None, people.side_of(c.speaker)  # the team: no named owner
    else:
        owner, side = people.name_of(c.speaker), people.side_of(c.speaker)
    if _PRONOUN_OBJECT.search(c.low):  # « Je le change lundi »: the thing from the lines before
        named = _named_before(clauses, i, found.verb, owner=owner, side=side, ctx=ctx)
        if named is not None:
            return named
    following = clauses[i + 1] if i + 1 < len(clauses) else None
    return _build([c], owner, side, ctx, previous, following, firm=True)


def _after_verb(phrase: str) -> str:
    """A noun phrase moved after a verb, its determiner in lower case; a name's particle keeps its capital
    (« Prévenir Le Floch », « La Fontaine »)."""
    particle = re.match(r"(?:Le|La|Les|Du|Des|De)\s+[A-ZÀ-Ý][a-zà-ÿ]", phrase)  # « le CRM », « The Designer »: no particle
    return phrase if particle else phrase[:1].lower() + phrase[1:]


#: the prepositions of time: the noun after them says when something happens
_WHEN = r"(?:avant|après|d'ici|jusqu'à|dès|depuis|pendant|before|after|until|since|during)"


def _named_before(clauses: list[Clause], i: int, verb: str, *, owner: str | None, side: Side,
                  ctx: ExtractContext) -> Commitment | None:
    """« C'est la synchronisation à 4 h 30 ? » … « Je le change lundi »: verb + the object from the lines before."""
    pronoun = object_pronoun(clauses[i].low)
    found = object_from_lines_before(clauses, i, pronoun)
    if found is None:
        return None
    phrase, cited = found
    phrase = _PURPOSE.split(phrase)[0].strip(" ,")
    source = next((x for x in reversed(clauses[max(0, i - AGREEING_LOOKBACK):i])
                   if x.seg.index == cited.segment and normalized(phrase) in x.low), None)
    if source is None or len(phrase.split()) < 2 or phrase.split()[0].lower() in {"du", "de", "des", "à", "au", "aux", "d'"}:
        return None  # « du logiciel »: where from, not what
    c = clauses[i]
    due_date, due_text = _due_of(_due_in_line(c, ctx), ctx.meeting_date)
    if re.search(rf"\b{_WHEN}\s+{re.escape(normalized(phrase))}", source.low) or (
            pronoun and not get_lang(ctx.language).register.stands_for(pronoun, phrase)):
        # « je pose avant la Toussaint » … « je te la mets de côté »: a noun after « avant » says when; « on a
        # trouvé la cause » … « je vous le livre »: « le » is no « la cause ». The pronoun stands for something
        # else, and the promise stays in the speaker's words
        return Commitment("next_step", quoted(clean(c.text), ctx.language), owner, side, due_date,
                          due_text, None, [c], speaker=c.speaker)
    text = clean(f"{verb} {_after_verb(phrase)}")
    return Commitment("next_step", text, owner, side, due_date, due_text, None, [source, c], speaker=source.speaker)


def _pronoun_object(clauses: list[Clause], i: int, verb: str, *, owner: str | None, side: Side,
                    ctx: ExtractContext) -> Commitment | None:
    """A promise whose object is a pronoun, its object from the lines before: a deliverable when the verb hands
    something over (« je vous les envoie lundi »), else the verb and the thing (« je le change lundi »)."""
    handed = _with_object_before(clauses, i, [clauses[i]], owner, side, ctx) if _CLITIC_PROMISE.search(clauses[i].low) else None
    return handed or _named_before(clauses, i, verb, owner=owner, side=side, ctx=ctx)


#: a negation before the task cue takes it back: "I don't think we're supposed to…"
_NEGATED = re.compile(r"\b(?:not|never)\b|n't\b")
#: a task given to everyone (the cue's first word): the team owns it
_TEAM_WORDS = frozenset({"everyone", "everyone's", "everybody", "everybody's", "we", "we're", "we'll"})


#: the chair names whom the task is for in a short call just before it ("The Industrial Designer, …")
_VOCATIVE_WORDS = 5
_VOCATIVE_LOOKBACK = 5


def _vocative_before(clauses: list[Clause], i: int, people: People) -> Participant | None:
    """"Marketing, right. Um. So we'll be working on the user requirements": the participant the same speaker
    named in a short clause just before the task (other speakers' backchannels in between)."""
    c = clauses[i]
    for prev in reversed(clauses[max(0, i - _VOCATIVE_LOOKBACK):i]):
        if prev.speaker != c.speaker:
            continue
        words = prev.low.replace(",", " ").replace(".", " ").split()
        if len(words) > _VOCATIVE_WORDS:
            continue  # an aside ("what does that stand for, ID"), the name may come before it
        head = " ".join(w for w in words if w not in {"the", "and", "um", "uh", "so", "okay", "right", "yeah"})
        p = people.mentioned(head, exclude=people.name_of(c.speaker))
        if p is not None and head.startswith(normalized(p.name).split()[0]):
            return p
    return None


@lru_cache(maxsize=64)
def _named_task_rxs(names: tuple[str, ...]) -> tuple[tuple[int, str, re.Pattern[str]], ...]:
    """Per participant (by index): each way a call names them (full name, first name) and its task pattern."""
    out = []
    for k, name in enumerate(names):
        full = normalized(name)
        first = full.split()[0] if full.split() else full
        for said in (full, first) if len(first) > 2 and first != full else (full,):
            out.append((k, said, lx.rx(*(part.replace("<NAME>", rf"(?:the )?{re.escape(said)}") for part in lx.NAMED_TASK))))
    return tuple(out)


#: the named-task patterns with the name said in a call of its own just before ("The Industrial Designer," …
#: "um is going to be looking more into the working design"): the clause opens on the verb
_SUBJECTLESS_TASK = lx.rx(*(part.replace(r"\b<NAME>,? ", r"^(?:(?:um+|uh+|and|so|then|okay)\W+)*")
                            for part in lx.NAMED_TASK)) if lx.NAMED_TASK else None


def _named_task(low: str, people: People) -> tuple[str, Participant] | None:
    """"The Industrial Designer will take a look at the working design": (the cue, the participant named)."""
    for k, said, rx in _named_task_rxs(tuple(p.name for p in people.participants)):
        m = rx.search(low) if said in low else None
        if m is not None:
            return m.group(0), people.participants[k]
    return None


def _assigned(clauses: list[Clause], i: int, cue: str, people: People, ctx: ExtractContext,
              tutoie: frozenset[str], named: Participant | None = None) -> Commitment | None:
    """A task handed out (« you two will be working on the prototypes »): the addressee owns it; said in the
    first person (« I'm gonna take the minutes »), the speaker does; given to a participant ``named`` as its
    subject, that participant does."""
    c = clauses[i]
    if (c.question or lx.QUESTION_START.search(c.low.strip()) or lx.CUT_OFF.search(c.low)
            or not is_firm(c, ctx.language) or _not_a_commitment(c, people, tutoie)):
        return None  # a question, a clause cut off ("you can find them in the"), a wish, an introduction
    if _NEGATED.search(c.low[: c.low.find(cue)]):
        return None  # "I don't think we're supposed to be testing these microphones"
    owner: str | None
    named = named or _vocative_before(clauses, i, people)
    if named is not None:
        owner, side = named.name, named.side
    elif cue.split()[0] in {"i'm", "im", "i", "i'll"}:
        owner, side = people.name_of(c.speaker), people.side_of(c.speaker)
    elif cue.split()[0] in _TEAM_WORDS:  # "everyone's gonna go finish their questionnaire": the team, no named owner
        owner, side = None, people.side_of(c.speaker)
    else:
        owner, _ = _addressee(c, people, clauses[i + 1 : i + 6])
        side = next((p.side for p in people.participants if p.name == owner), opposite_side(people.side_of(c.speaker)))
    return _build([c], owner, side, ctx, clauses[i - 1] if i else None,
                  clauses[i + 1] if i + 1 < len(clauses) else None, firm=True)


#: what may stand beside a date said first: « Et d'ici vendredi, je vous envoie … », « Parfait, demain matin, je … »
_LEAD_WORDS = re.compile(r"^[\s,]*(?:(?:et|mais|puis|alors|donc|bon|oui|ok|parfait|très bien|and|then|so)\b[\s,]*)*$", re.I)
#: a date said first is a few words at most
_LEAD_MAX_WORDS = 6


def _dated_by_lead(clauses: list[Clause], i: int, ctx: ExtractContext) -> Clause:
    """« Et d'ici vendredi, | je vous envoie la proposition »: a clause that is only a date, said first in the
    sentence, belongs to the promise after it; one clause (one quote, its date kept), never « je vous envoie … »
    with the date cut off."""
    c = clauses[i]
    lead = clauses[i - 1] if i else None
    if lead is None or not sentence_before(clauses, i) or len(lead.text.split()) > _LEAD_MAX_WORDS:
        return c
    due = find_due(lead.text, ctx.meeting_date, ctx.language)
    at = lead.text.find(due.text) if due is not None else -1
    if due is None or at < 0 or not _LEAD_WORDS.match(lead.text[:at]) or lead.text[at + len(due.text):].strip(" ,.;"):
        return c  # « Jeudi 26, 11 heures, oui, je préviens … »: a slot accepted, not the promise's date
    text = c.seg.text[lead.offset: c.offset + len(c.text)]
    return Clause(c.seg, text, normalized(text), c.position, c.question, offset=lead.offset)


#: the invitation to a meeting: its day and its name are said before it (« Plutôt le mardi 21 avril, à dix heures ?
#: Je vous envoie l'invitation »)
_INVITATION = re.compile(r"\b(?:invitation|invite|convocation)\b", re.I)
#: what a slot is for: « la restitution du POC », « le kick-off », « l'atelier intégration »
_EVENT = re.compile(r"(?:\b(?:la|le|l'|un|une|au|du)\s*)(?:restitution|kick-off|lancement|réunion|atelier|comité|copil|"
                    r"démo|démonstration|visite|rendez-vous|présentation|session|formation|soutenance|revue|"
                    r"meeting|workshop|demo|review)\b(?:\s+(?:du|de|des|d')\s*[\w-]+)?", re.I)
#: how many clauses back the slot of an invitation may be said
_SLOT_LOOKBACK = 6


def _with_its_slot(item: Commitment, clauses: list[Clause], i: int, ctx: ExtractContext) -> Commitment:
    """« Donc la restitution le mardi 14 avril ? … Plutôt le mardi 21 avril, à dix heures ? Je vous envoie
    l'invitation. »: an undated invitation is for the last day the same speaker named just before; that quote
    joins it, the meeting's day is its date, and the meeting it is for is named."""
    c = clauses[i]
    if item.due_date is not None:
        return item
    window = [x for x in clauses[max(0, i - _SLOT_LOOKBACK):i] if x.speaker == c.speaker]
    slot = next((x for x in reversed(window) if _dated(x, ctx)), None)
    if slot is None or any(x.position == slot.position for x in item.clauses):
        return item  # no day said before, or the request that named it is already the item's quote
    due = find_due(slot.text, ctx.meeting_date, ctx.language)
    event = next((m.group(0) for x in reversed(window[:window.index(slot) + 1]) for m in [_EVENT.search(x.text)] if m), None)
    if event and not _EVENT.search(item.text):
        item.text = f"{item.text} pour {re.sub(r'^(?:au|du)', 'le', event.strip())}"
    item.clauses.insert(0, slot)
    if due is not None and due.date is not None:
        item.due_date, item.due_text = due.date, due.text
    return item

#: something done together on a day: a demonstration, a visit, a test (what a slot put up is for)
_OUTING = re.compile(r"\b(?:la|le|l'|un|une)\s*(?P<what>(?:démonstration|démo|visite|atelier|formation|essai|test|intervention|"
                     r"audit|restitution)\b[^,.;:?!]{0,40})", re.I)
#: a day put up as a question by the inclusive « on »: « On y va ensemble le jeudi 19 ? », « on passe chez eux le 12 ? »
_GOING = re.compile(r"^(?:(?:et|alors|donc|bon)\W+)*(?:on|nous)\s+(?:y\s+|s'y\s+)?(?:va|allons|passe|passons|retrouve|"
                    r"retrouvons|rend|rendons)\b", re.I)
#: the reply that takes the day: « Le 13, c'est bon pour moi », « Le samedi matin, oui »
_DAY_TAKEN = re.compile(r"^(?:[\w'-]+[\s,.!]+){0,4}?(?:oui|yes)\b", re.I)
#: the meeting itself (« on se revoit le 6 ? », « le prochain point »): the next meeting, not a promise to follow
_NEXT_MEETING = re.compile(r"\b(?:se (?:re)?voi\w*|se rappel\w*|s'appel\w*|se refai\w*|meet again)\b", re.I)
#: where « on y va » goes (French only, like ``_GOING``): « chez Constructions Biarnaises », or the firm a sentence
#: opens with (« Constructions Biarnaises l'utilise depuis l'an dernier. On y va ensemble … ? »)
_PLACE = re.compile(r"(?:\bchez\s+|^)((?:[A-ZÀ-Ö][\w'-]+)(?:\s+(?:de |du |des )?[A-ZÀ-Ö][\w'-]+)+)")
#: how many clauses back the outing a day is put up for may be named
_OUTING_LOOKBACK = 4


def _slot_taken(clauses: list[Clause], i: int, people: People, ctx: ExtractContext) -> Commitment | None:
    """« On peut venir faire une démonstration sur site. Je vous propose le mardi 13 octobre. » — « Le 13, c'est
    bon pour moi. »; « On y va ensemble le jeudi 19 novembre ? » — « Le 19, ça marche. »: a day put up for an
    outing and taken by the other side is the proposer's next step, dated. The next meeting's slot is not (the
    meeting itself), nor a day the reply turns down (« le 13 ça ne va pas être possible »)."""
    c = clauses[i]
    proposal = lx.PROPOSAL.search(c.low)
    going = c.question and _GOING.match(c.low.strip())
    if not (proposal or going) or not _dated(c, ctx) or _NEXT_MEETING.search(c.low) or lx.PROPOSAL_NOT_DECISION.search(c.low):
        return None
    put = c.text[proposal.end():].strip(" ,:") if proposal else c.text
    if proposal and len(re.findall(r"[a-zà-ÿ]{4,}", lx.SLOT_WORDS.sub(" ", re.sub(lx.MONTHS, " ", put.lower())))) >= 2:
        return None  # « je propose le 5 octobre pour la mise en production »: a decision put up, not only a day
    reply = next((x for x in clauses[i + 1:] if x.seg.index > c.seg.index and x.speaker and x.speaker != c.speaker), None)
    if reply is None or reply.seg.index > c.seg.index + 1 or reply.question:
        return None
    said = normalized(" ".join(SENTENCE_END.split(reply.seg.text[reply.offset:])[:2])).strip()
    if not (lx.AGREEMENT.search(said) or _DAY_TAKEN.match(said)) or lx.AGREEMENT_BUT.search(said) or lx.REFUSE.search(said):
        return None
    window = [x for x in clauses[max(0, i - _OUTING_LOOKBACK):i + 1] if x.seg.index >= c.seg.index - 1]
    named = next(((x, m) for x in reversed(window) for m in [_OUTING.search(x.text)] if m), None)
    if named is None and not going:
        return None  # « je vous propose le mardi 6 »: a day for nothing named, the next meeting's slot
    due = find_due(c.text, ctx.meeting_date, ctx.language)
    if due is None or due.date is None or due.date < ctx.meeting_date:
        return None
    if named is not None:
        what = named[1].group("what").strip()
        where = _without_due(put, due.text).strip(" ,.?!") if proposal else ""  # the day is the due date, not the text;
        where = where if re.match(r"(?:à|au|aux|chez|sur|at|in)\b", where, re.I) else ""  # a place stays, « du matin » goes
        text = f"{what[:1].upper()}{what[1:]}{' ' + where if where else ''}"
    else:  # going somewhere together: a visit to the place the sentence before names, else the words said
        place = next((m.group(1) for x in reversed(window) if x.seg.index == c.seg.index and x.position < c.position
                      for m in [_PLACE.search(x.text)] if m), None)
        place = re.sub(r"^(Les|La|Le) ", lambda m: f"{m.group(1).lower()} ", place) if place else None
        text = f"Visite chez {place}" if place else quoted(clean(c.text), ctx.language)
    evidence = [*([named[0]] if named is not None and named[0].position != c.position else []), c, reply]
    return Commitment("next_step", clean(text), people.name_of(c.speaker), people.side_of(c.speaker), due.date, due.text,
                      None, evidence, speaker=c.speaker)


#: a clause in a task's grammar that no cue took needs this multiple of the classifier's threshold
LEARNED_TASK_RELAX = 2.0
#: a task the classifier adds says at least this many words
_MIN_TASK_WORDS = 3


def _learned_tasks(clauses: list[Clause], taken: set[int], learned: Callable[[int], bool], people: People,
                   ctx: ExtractContext, tutoie: frozenset[str]) -> list[Commitment]:
    """Tasks the cues missed in a meeting ("so we'll be working on the user requirements"): a clause in the
    pack's task grammar (:data:`lx.TASK_FORM`) that the clause classifier, learned from annotated meetings and
    calls, takes for a commitment; the same filters as a task handed out apply."""
    out = []
    for i, c in enumerate(clauses):
        if c.seg.index in taken or not (task := lx.TASK_FORM.search(c.low)) or not learned(c.position):
            continue
        if (_said_now(c) or (lx.SAID_NOW.search(c.low) and not _dated(c, ctx)) or lx.SMALL_TALK.search(c.low)
                or _NEGATED.search(c.low) or lx.HEDGE.search(c.low)):
            continue  # the meeting itself, lunch, a task refused ("I'll never put him…") or only guessed at
        if get_lang(ctx.language).promise.conditional(c.low, sentence_before(clauses, i)):
            continue
        item = _assigned(clauses, i, task.group(0), people, ctx, tutoie)
        if item is not None and len(item.text.split()) >= _MIN_TASK_WORDS:
            out.append(item)  # "Bring two": a verb and a number is no task one can check
    return out


def _handed_out(clauses: list[Clause], i: int, people: People, ctx: ExtractContext,
                tutoie: frozenset[str]) -> Commitment | None:
    """A task the chair hands out (« you two will be working on… »), or one given to a participant named as its
    subject, by name or by a call of their name just before."""
    low = clauses[i].low
    assigned = lx.ASSIGNMENT.search(low)
    item = _assigned(clauses, i, assigned.group(0), people, ctx, tutoie) if assigned is not None else None
    if item is not None:
        return item
    named = _named_task(low, people) if lx.NAMED_TASK else None
    if named is None and _SUBJECTLESS_TASK is not None and (bare := _SUBJECTLESS_TASK.search(low)):
        called = _vocative_before(clauses, i, people)
        named = (bare.group(0), called) if called is not None else None
    return _assigned(clauses, i, named[0], people, ctx, tutoie, named[1]) if named is not None else None


def find_commitments(clauses: list[Clause], people: People, ctx: ExtractContext,
                     reported: set[int] | None = None,
                     learned: Callable[[int], bool] | None = None) -> tuple[list[Commitment], set[int]]:
    """Next steps and deliverables, and the positions of the clauses they consumed. ``reported``: the
    segments that report on an earlier promise (« pas encore pu le sortir, je m'y mets cette semaine »):
    what only the grammar reads there is that promise renewed, not a new one. ``learned(position)``: whether
    the clause classifier takes that clause for a commitment (see :func:`_learned_tasks`)."""
    reported = reported or set()
    out: list[Commitment] = []
    answered: set[int] = set()  # replies already folded into the request they accept
    tutoie = speakers_using_tu(clauses)
    clauses = [_dated_by_lead(clauses, i, ctx) for i in range(len(clauses))]
    for i, c in enumerate(clauses):
        if c.position in answered:
            continue
        handed = _handover(c, people, ctx) or _handed_over(clauses, i, people, ctx)
        if handed:
            out.append(handed)
            continue
        low = c.low
        if get_lang(ctx.language).promise.conditional(low, sentence_before(clauses, i)) and not _dated(c, ctx):
            continue  # « je vous appellerai si j'ai des questions »: hangs on a condition, no date to hold it
        if _said_now(c) or (lx.SAID_NOW.search(low) and not _dated(c, ctx)):
            continue  # « je vous rappelle, il me faut… », « je reviens sur ce qu'on a dit »: the talk itself
        handed_out = _handed_out(clauses, i, people, ctx, tutoie)
        if handed_out is None and (handed_out := _slot_taken(clauses, i, people, ctx)) is not None:
            answered.update(x.position for x in handed_out.clauses if x.position > c.position)  # the reply taking the day
        if handed_out is not None:
            out.append(handed_out)
            continue
        request = lx.REQUEST.search(low)
        marker = lx.COMMIT_MARKERS.search(low)
        if marker and not request and ((_team_describes(marker.group(0)) and not _dated(c, ctx))
                                       or _SUBORDINATE.search(low[:marker.start()])):
            continue  # « on le partage avec la salle du conseil »: how things are done; « avant qu'on ouvre »: a time
        if not marker and not request:
            clitic = _CLITIC_PROMISE.search(low)
            if clitic and not c.question and is_firm(c, ctx.language) and not _not_a_commitment(c, people, tutoie):
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
        if "decision" in cue_hits(low) and not lx.FIRST_SINGULAR.search(low):
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
            if lx.HEDGE.search(low[: marker.start()]):
                continue  # "I guess we'll have a shared folder": a guess at what will be, not a promise
            if (learned is not None and lx.TASK_FORM.search(low) and not lx.SEND_RX.search(low)
                    and not _names_a_day(c.text, ctx.meeting_date, "") and not learned(c.position)):
                continue  # "we'll come back in": no day named (in either language: a call may switch; "today" is an
                # adverb), nothing sent, in a meeting task's grammar: the classifier decides
            promised = _promised(c, marker, following, people, ctx, tagged)
            if promised is None:
                continue
            owner, side = promised
        pronoun = len(evidence) == 1 and object_pronoun(low) is not None
        item = _build(evidence, owner, side, ctx, clauses[i - 1] if i else None,
                      clauses[i + 1] if i + 1 < len(clauses) else None,
                      named_before=partial(_pronoun_object, clauses, i, owner=owner, side=side, ctx=ctx) if pronoun else None)
        if item is None and len(evidence) == 1 and _CLITIC_PROMISE.search(low):  # "je vous le transmets vendredi"
            item = _with_object_before(clauses, i, evidence, owner, side, ctx)
        if item is None and len(evidence) == 1 and not request and c.seg.index not in reported:  # "je vous fais l'extraction"
            item = _grammar_promise(clauses, i, people, ctx, tutoie)
        if item is not None:
            answered.update(e.position for e in evidence[1:])
            out.append(item)
    at = {cl.position: n for n, cl in enumerate(clauses)}
    out = [_with_its_slot(item, clauses, at[invited.position], ctx) if (invited := next(
        (cl for cl in item.clauses if _INVITATION.search(cl.low)), None)) is not None else item for item in out]

    if learned is not None:
        # a turn that already holds a commitment only details it ("I'll get you the history. I'll ask our BI team.")
        out.extend(_learned_tasks(clauses, {cl.seg.index for item in out for cl in item.clauses}, learned, people,
                                  ctx, tutoie))
        out.sort(key=lambda item: item.clauses[0].position)
    merged = _chain_dates(_taken_over(_merge_commitments(out), clauses), ctx.language)
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
        key = ascii_key(noun)[:6]
        anchors = [o for o in items if o is not item and o.due_date is not None and key in ascii_key(o.text)]
        if anchors:
            item.due_date = chain_date(anchors[0].due_date, chain)  # type: ignore[arg-type]
    return items


#: a colleague taking a promise over (« Attends, je l'ai déjà sorti, ce rapport. », « Alors envoie-le, toi »,
#: "leave it with me"): the task changes hands
_TAKE_OVER = re.compile(r"\b(?:je l'ai|je les ai|on l'a|on les a) déjà\b|\blaisse,? je\b|\b(?:envoie|envoyez|fais|faites)-(?:le|la|les)"
                        r"(?:-(?:lui|leur))?,? (?:directement,? )?(?:toi|vous)\b|\bc'est moi qui (?:l'|les |le |la )"
                        r"|\bi(?:'ve| have) already (?:got|done|pulled|prepared)\b|\bleave it (?:to|with) me\b")
#: turns within which a promise can change hands
_TAKE_OVER_TURNS = 4


def _taken_over(items: list[Commitment], clauses: list[Clause]) -> list[Commitment]:
    """A promise a colleague of the same side takes over (« Je vous enverrai le rapport d'ici vendredi. » — « Attends,
    je l'ai déjà sorti, ce rapport. Je vous l'envoie demain. »): only the last owner's promise stands, since the
    first will not be kept as said."""
    dropped: set[int] = set()
    for n, first in enumerate(items):
        start = first.clauses[0].seg.index
        for later in items[n + 1 :]:
            said = max(c.seg.index for c in later.clauses)  # its own words: the first may be the object's, said before
            gap = said - start
            if later.clauses[0].seg.index - start > _TAKE_OVER_TURNS:
                break
            if (not 0 < gap <= _TAKE_OVER_TURNS or not first.owner or not later.owner or later.owner == first.owner or later.side != first.side
                    or first.side == Side.unknown):
                continue
            between = [c for c in clauses if start < c.seg.index <= said]
            if any(_TAKE_OVER.search(c.low) for c in between) and (
                    content_words(first.text) & content_words(" ".join(c.text for c in between))):
                dropped.add(id(first))
                break
    return [item for item in items if id(item) not in dropped]


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
            shared = content_words(prev.text) & content_words(item.text)
            similar = fuzz.token_set_ratio(normalized(prev.text), normalized(item.text)) >= _SAME_PROMISE_SIMILARITY
            same_due = prev.due_date is not None and prev.due_date == item.due_date
            untimed = (prev.due_date is None and prev.due_text is None) or (item.due_date is None and item.due_text is None)
            if similar or (shared and (same_due or untimed)):  # « la semaine prochaine » is a time, if not a day
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


