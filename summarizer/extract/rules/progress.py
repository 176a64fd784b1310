"""What a call says about the commitments of earlier calls: done, still late, moved or dropped.

A follow-up call opens with « comme promis, je vous ai envoyé la proposition », « on l'a bien reçue »,
« le point technique, c'est fait », « toujours pas reçu », « on décale au 12 », « on laisse tomber ».
Those sentences are not new promises; they are the progress of old ones, and the account ledger closes
or moves the earlier promise from them (``downstream.account``). Each item keeps its clause as the
quote; the object is the noun phrase the cue is about (before a passive cue, after an active one); a
bare « non, pas encore » takes its object from the question it answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from rapidfuzz import fuzz

from summarizer.crc import Evidence, ProgressItem, ProgressStatus
from summarizer.dates import DueMatch, find_due

if TYPE_CHECKING:
    import datetime as dt

    from summarizer.crc import Participant


class ClauseLike(Protocol):
    text: str
    low: str
    question: bool

    @property
    def speaker(self) -> str | None: ...

    def evidence(self) -> Evidence: ...


class PeopleLike(Protocol):
    def name_of(self, speaker: str | None) -> str | None: ...

    def mentioned(self, low: str, exclude: str | None = None) -> Participant | None: ...


_CLITICS = r"(?:(?:l'|les |vous |lui |leur |nous |me |te |y |en )){0,2}"
#: « je vous l'ai envoyé », « on l'a bien reçue », « nous avons signé »: the subject, then a delivery verb
#: the compound past and the pluperfect (« comme promis, je vous avais envoyé … »), a pronoun or a first name as
#: subject (« Yanis vous a envoyé le rapport »); not in a relative clause (« ce qu'on a commandé l'an dernier »)
_ACTIVE_DONE = re.compile(
    rf"(?<!qu')(?<!que )\b(?P<subj>j'|je |on |nous |il |elle |ils |elles |(?!(?:ça|cela|qui|ce|tout|rien|personne)\b)(?-i:[A-ZÀ-Ý][a-zà-ÿ-]+ )){_CLITICS}"
    r"(?:ai|a|avons|avez|ont|avais|avait|avions|aviez|avaient) "
    r"(?:bien |déjà |finalement |donc )?(?:r?envoy|transmis|fait|organis|calé|partag|relanc|appel|présent|sign|"
    r"valid|reçu|livr|prépar|finalis|rappel|répondu|relu|sorti|ouvert|retourn|parl|install|mis |créé|corrig|vérifi|"
    r"contact|prévenu|chiffr|planifi|programm|réserv|command|rédig|complét|dépos|ajout|activ|configur|transf[ée]r)\w*"
    r"|\b(?P<esubj>i|we)(?:'ve| have)? (?:already |just )?(?:sent|received|shared|signed|held|done|delivered|forwarded|"
    r"emailed|submitted|completed|finished|booked|scheduled|called|spoke|talked|wrote)\b",
    re.I,
)
#: « c'est fait », « a bien eu lieu », « bien reçue », « comme promis »: the object is said before the cue
_PASSIVE_DONE = re.compile(
    r"\b(?:c'est fait|c'est (?:bien )?(?:r?envoyée?s?|partie?s?|réglée?s?|calée?s?|signée?s?|livrée?s?|corrigée?s?|installée?s?)\b|"
    r"(?:a|ont) (?:bien )?eu lieu|s'est (?:très |bien |très bien )?(?:tenue?|déroulée?|passée?)|est (?:bien )?(?:arrivée?|"
    r"reçue?|signée?|livrée?)|(?:a|ont) été (?:r?envoyée?s?|transmise?s?|signée?s?|livrée?s?|faite?s?)|"
    r"bien reçue?s?|it's done|took place|(?:has|have) been (?:sent|done|delivered|held|signed|shared)|"
    # what the receiver holds was delivered: « vous l'avez dans votre boîte », « je l'ai vu passer », « reçue, merci »
    r"(?:vous|je|on|nous) l'(?:avez|ai|a|avons) (?:bien |déjà )?(?:dans (?:votre|ma|notre|vos|mes|nos) (?:boîte|mails?|messagerie)|"
    r"vue? passer)|(?:^|[,:]\s*)(?:reçue?s?|received)(?=\W*(?:merci|thanks?|$))|"
    # "Got it." alone is "understood": a receipt needs its receiver, "we got it", "I've got it here"
    r"went out|(?:has|have) gone out|arrived|came through|in your inbox|\b(?:i|we)(?:'ve| have)? got it)", re.I,
)
#: « quand un artisan se décale, … », « si on repousse, … »: what happens as a rule or might, not what became of a
#: promise
_SUPPOSED = re.compile(r"\b(?:quand|lorsque|lorsqu'|si|s'ils?|dès que|chaque fois que|when|whenever|if)\b", re.I)
_KEPT = re.compile(r"\b(?:comme promis|comme convenu|comme prévu|as promised|as agreed)\b", re.I)
_NEGATION = re.compile(
    r"\b(?:pas encore|toujours pas|n'(?:a|ont|ai|avons|avez|est|sont)\s+(?:\w+\s+)?pas|ne \w+ pas|jamais reçu|"
    r"rien reçu|not yet|still not|haven't|hasn't|didn't|never)\b", re.I,
)
_LATE = re.compile(r"\b(?:pas encore|toujours pas|jamais reçu|rien reçu|not yet|still not|still haven't)\b", re.I)
#: what a late item must be about (a delivery, not « le budget n'est toujours pas arbitré »)
_DELIVERY = re.compile(
    r"\b(?:r?envoy\w*|reçu\w*|transmis\w*|transmettre|sorti\w*|sortir|fait|faite|ouvert\w*|ouvrir|sign[ée]\w*|"
    r"signer|livr\w*|eu|eue|relanc\w*|appel[ée]\w*|received|sent|done|delivered|signed)\b", re.I,
)
_MOVED = re.compile(
    r"\b(?:décal\w+|report\w+|repouss\w+|déplac\w+|postpone\w*|push(?:ed)? (?:(?:it|this|that|them) )?back|"
    r"mov(?:e|ed|ing) (?:(?:it|this|that|them) )?to|rescheduled?)\b", re.I,
)
_DROPPED = re.compile(
    r"\b(?:laiss\w* tomber|abandonn\w+|annul(?:é|ée|és|ées|er|ons|ez)\b|on oublie|plus besoin|renon[cç]\w+|drop(?:ped)? it|"
    r"cancel(?:l?ed)?|no longer needed)\b", re.I,
)
#: « Oui. », « Oui, tout à fait. » answering « vous l'avez reçu ? », « c'est fait ? »: the question's object is done
_BARE_YES = re.compile(r"^\W*(?:oui|yes|tout à fait|absolument|exactement|voilà)\b(?:\W+(?:tout à fait|merci|c'est ça|voilà))*\W*$", re.I)
#: a question that asks whether something was done: a compound past, « c'est fait »
_ASKS_DONE = re.compile(r"\b(?:avez|as|a|ont|avons)\s+(?:bien\s+|pu\s+|déjà\s+)?(?:\w+\s+)?(?:r?envoy|reçu|eu\b|eue|transmis|"
                        r"sorti|fait|sign|valid|livr|fini|finalis|pass)\w*|\bc'est fait\b|\b(?:did you|have you)\b", re.I)
_BARE_NO = re.compile(r"^\W*(?:\w+\W+){0,2}(?:non|no|pas encore|not yet)\b", re.I)
#: discourse openers kept out of the object: « Alors, premier point : », « Oui, », « Et de mon côté, »
_LEAD = re.compile(r"^(?:\W|et|alors|donc|oui|non|ah|bon|d'abord|ensuite|enfin|so|yes|well)+(?:\s|$)", re.I)
#: a noun phrase: an article or a possessive, then words up to the next punctuation
_NP = re.compile(r"(?<![\w'-])(?:le |la |les |l'|un |une |des |du |votre |vos |the |your )[^,:;.?!]+", re.I)
#: a noun phrase that is a date, not an object: « le 13 au matin », « le lundi »
_DATEY = re.compile(r"^(?:le |la |l'|the )?(?:\d|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|semaine|mois|"
                    r"matin|soir|lendemain|monday|tuesday|wednesday|thursday|friday|week|month|morning|evening)", re.I)
#: where a delivery lands, not what it is: « dans votre boîte », "in your inbox"
_PLACE = re.compile(r"^(?:votre|vos|ma|mes|notre|nos|your|my|our) (?:boîte|mails?|messagerie|inbox|e-?mails?)\b", re.I)
#: a date said after the object: « la proposition pour le cadrage le vendredi 20 novembre » stops before it
_DATE_TAIL = re.compile(r"\s+(?:le |d'ici |avant le |pour le )(?:\d|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
                        r"dimanche|lendemain).*$|\s+(?:la semaine|le mois|hier|avant-hier|ce matin)\b.*$", re.I)
_FIRST_PERSON = re.compile(r"^(?:\W|et|alors|donc|oui)*(?:j'|je |moi|de mon côté|i |i'|me\b)", re.I)
_SPLIT = re.compile(r"\s*[,:;]\s*")
#: an object said with a possessive, « sa réponse », "their contact" (no article for ``_NP`` to find)
_POSSESSED = re.compile(r"(?<=^)(?:sa|son|ses|leur|leurs|mon|ma|mes|notre|nos|their|his|her|its|our|my)\s+[^\W\d][\w'-]*"
                        r"(?:\s+(?!(?:on|le|la|à|au|en|hier|yesterday|last|this|ce|cette|lundi|mardi|mercredi|jeudi|"
                        r"vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday)\b)[^\W\d][\w'-]*){0,3}", re.I)
_TO_SOMEONE = re.compile(r"^(?:à|au|aux|avec|to|with)\s+[A-ZÀ-Ý]")
#: an object counted or indefinite after a done verb (« deux projets », « des dizaines de », "several", "a lot of")
_COUNTED_OBJECT = re.compile(r"\s*(?:(?:déjà|already)\s+)?(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|vingt|cent|plusieurs|"
                             r"quelques|beaucoup|pas mal|des|de nombreux|de nombreuses|two|three|four|five|several|many|a lot|"
                             r"lots|dozens|hundreds)\b", re.I)
#: "got it": a receipt only in reply to a delivery just reported, else "understood"
_GOT_IT = re.compile(r"\bgot it\b", re.I)
#: a receipt confirms the delivery said before it (« je vous ai envoyé… » / « on l'a bien reçue »)
_RECEIPT = re.compile(r"\b(?:reçue?s?|eue?s?|received|got it|arrived|in your inbox|vue? passer|dans (?:votre|ma|notre|vos|mes|nos) (?:boîte|mails?|messagerie))\b", re.I)
MERGE_SIMILARITY = 80.0
#: how many clauses back a pronoun (« on l'a bien reçue », « je n'ai pas pu le sortir ») looks for its object
LOOKBACK = 4


def _tidy(text: str) -> str:
    text = _DATE_TAIL.sub("", _LEAD.sub("", text.strip())).strip(" ,;:.-")
    return text[:1].upper() + text[1:] if text else text


#: « je vous l'ai », « on les a », « pu le sortir »: a clitic pronoun, not an article
_TITLE_BEFORE = re.compile(r"\b(?:madame|monsieur|mme|mr|mrs|ms|dr|docteur|maître|me)\.?\s+$", re.I)
_CLITIC_BEFORE = re.compile(r"(?:\b(?:je|tu|il|elle|on|nous|vous|ils|elles|ne|me|te|se|pu|va|vais)\s+|\b[jnms]')$", re.I)
#: where a noun phrase stops: its verb (« les accès à l'API ne sont toujours pas ouverts »)
_VERB_TAIL = re.compile(r"\s+(?:ne|n'|est|sont|a|ont|qui|que|qu'|va|vont|avez|avons)(?:\s|\b).*$", re.I)


def _phrases(text: str, objects_only: bool = False) -> list[str]:
    """The noun phrases of a text (dates and clitic pronouns left out), in order; ``objects_only`` leaves out
    the subject of another verb (« la personne est revenue »), which a pronoun never stands for."""
    out = []
    for m in _NP.finditer(text):
        if _DATEY.match(m.group(0)) or _PLACE.match(m.group(0)) or _CLITIC_BEFORE.search(text[:m.start()]) \
                or _TITLE_BEFORE.search(text[:m.start()]):
            continue  # a date, a pronoun, or a name's particle (« Madame Le Gall »)
        if objects_only and _VERB_TAIL.search(m.group(0)):
            continue
        phrase = _tidy(_VERB_TAIL.sub("", m.group(0)))
        if len(phrase.split()) > 1 or "'" in phrase:
            out.append(phrase)
    return out


def _object(text: str, match: re.Match[str], active: bool) -> str:
    """The object of the cue: after an active verb (« je vous ai envoyé la proposition »), before a passive
    cue (« le point technique, c'est fait »), else the other side."""
    rest = _SPLIT.split(text[match.end():].lstrip(" ,:;"))[0]
    rest = re.sub(r"^(?:(?:vous|nous|you|us|me|him|her|them)\s+)", "", rest, flags=re.I) if active else rest
    after, before = _phrases(rest), _phrases(text[:match.start()])
    owned = _POSSESSED.search(rest) if active and not after else None
    if owned:  # « je vous ai transféré sa réponse », "I forwarded you their contact": the object is said, not one of
        return _tidy(owned.group(0))  # the lines before
    if active and not after and _TO_SOMEONE.match(rest):  # « j'en ai parlé à Hervé »: the act is the object
        verb = match.group(0).split()[-1]
        return _tidy(_DATE_TAIL.sub("", f"{verb} {rest}"))
    if active:
        return (after or before[-1:] or [""])[0]
    return (before[-1:] or after or [""])[0]


#: a pronoun object that says its number (and gender): « je vous *les* envoie » stands for a plural noun phrase
_OBJECT_PRONOUN = re.compile(r"\b(?:je|j'|on|nous|vous|tu)\s+(?:(?:vous|te|lui|leur|nous|me)\s+)?(?P<pronoun>les\b|la\b|le\b|l')(?=\s|\w)")
#: the determiners a noun phrase may start with for each pronoun: its number, not its gender (« le » also stands
#: for what was said: « la synchronisation à 4 h 30 ? » / « je le change lundi »)
#: what « le », « la », « l' » stand for: a definite or specific thing, never a partitive or a « de + le »
#: complement (« je te sors ça du logiciel et je te l'envoie »: « l' » is « ça », not « du logiciel »)
_SINGULAR = ("le ", "la ", "l'", "un ", "une ", "votre ", "the ", "your ")
_AGREES_WITH = {"les": ("les ", "des ", "vos ", "the ", "your "), "la": _SINGULAR, "le": _SINGULAR, "l'": _SINGULAR}
#: how far back a pronoun that says its number looks: far enough to cross the other party's whole turn
AGREEING_LOOKBACK = 8


def object_pronoun(low: str) -> str | None:
    """« je vous les envoie » -> « les »; « vous l'aurez » -> « l' »; None when the object is no pronoun (« on
    laisse tomber »: « la » is no word there)."""
    m = _OBJECT_PRONOUN.search(low)
    return m.group("pronoun") if m else None


def object_from_lines_before(clauses: Sequence[ClauseLike], i: int, pronoun: str | None = None,
                             follow: bool = False) -> tuple[str, Evidence] | None:
    """A pronoun's object from the lines before: the nearest question by someone else about a delivery, else
    the nearest noun phrase (« la proposition révisée : je vous l'ai renvoyée » then « bien reçue »).
    ``pronoun`` (« les », « la », « le », « l' »): only a noun phrase of its number, looked for further back
    (« les relevés de TRS … on ne les a toujours pas reçus » / « j'ai eu la tête sous l'eau. Je vous les envoie »).
    ``follow`` (a report): the question's turn is its whole segment (« For the workshop, | is that still fine? »),
    and a question that only says « it » (« Could we push it back? » / « let's move it to the 16th ») stands for
    what was said before it, looked for from there once."""
    agrees = _AGREES_WITH.get(pronoun or "")

    def phrases(text: str, objects_only: bool = False) -> list[str]:
        found = _phrases(text, objects_only)
        return [p for p in found if p.lower().startswith(agrees)] if agrees else found

    window = list(range(i - 1, max(-1, i - 1 - (AGREEING_LOOKBACK if agrees else LOOKBACK)), -1))
    here = clauses[i].evidence().segment
    lead = [c for c in clauses[max(0, i - 2):i] if c.evidence().segment == here and not c.question]
    if lead and phrases(lead[-1].text, objects_only=True):  # « Pour l'atelier de Lyon, | on décale au 15 »
        return phrases(lead[-1].text, objects_only=True)[-1], lead[-1].evidence()
    for j in window:  # the question it answers, read back to the start of that turn
        if not clauses[j].question or clauses[j].speaker == clauses[i].speaker:
            continue
        k = j
        while k > 0 and clauses[k - 1].speaker == clauses[j].speaker and (clauses[k - 1].question or (
                follow and clauses[k - 1].evidence().segment == clauses[j].evidence().segment)):
            k -= 1
        for c in clauses[k:j + 1]:
            found = phrases(c.text) or [p for p in (_tidy(_SPLIT.split(_LEAD.sub("", c.text))[0]),)
                                        if c.question and p[:1].isupper() and not _CLITIC_BEFORE.search(p) and len(p.split()) <= 4
                                        and not _DELIVERY.search(p) and not agrees and not _ASKING.match(p)]
            if found:
                return found[0], c.evidence()
        if follow and _IT.search(clauses[j].low):
            return object_from_lines_before(clauses, k, pronoun)
        break
    for j in window:
        found = phrases(clauses[j].text, objects_only=True)
        if found:
            return found[0], clauses[j].evidence()
    return None


#: how a question starts when it is no noun phrase (« Is that still fine », « Est-ce bon »)
_ASKING = re.compile(r"^(?:is|are|was|were|do|does|did|can|could|would|will|shall|should|est-ce)\b", re.I)
#: a question about « it », « le », « la »: what it is about was said before it
_IT = re.compile(r"\b(?:it|them|(?:on|vous|nous|tu)\s+(?:pu\s+)?(?:le|la|les|l'))\b", re.I)
#: a clause that is only a noun phrase set first: « Pour le devis, », « Et pour la visite chez X, », « Le planning type, »
_TOPIC = re.compile(r"^(?:\W|et|alors|donc|oui|bon|ah|par contre|sinon|and|so|yes)*"
                    r"(?:pour |quant à |concernant |côté |sur |about |as for |regarding |on |for )?"
                    r"(?:le |la |les |l'|votre |vos |notre |nos |the |your |our )[^,:;.?!]+$", re.I)


def topic_before(clauses: Sequence[ClauseLike], i: int) -> tuple[str, Evidence] | None:
    """The noun phrase a speaker sets first, alone, before saying what became of it (« Pour le devis, | il a
    pris du retard, mais c'est parti hier soir », « Et pour la visite, | on a dû la décaler »): what the clause
    after it is about, whatever other noun its own words hold."""
    if i == 0:
        return None
    lead, here = clauses[i - 1], clauses[i]
    if lead.question or lead.evidence().segment != here.evidence().segment or not _TOPIC.match(lead.text.strip()):
        return None
    found = _phrases(lead.text, objects_only=True)
    return (found[-1], lead.evidence()) if found else None


def _after_receipt(clauses: Sequence[ClauseLike], i: int) -> bool:
    """« je l'ai vu passer ce matin, | je ne l'ai pas encore ouvert »: the same turn said it arrived, so what is
    not done yet is the reader's own reading, not a late delivery."""
    if i == 0 or clauses[i - 1].evidence().segment != clauses[i].evidence().segment:
        return False
    before = clauses[i - 1].text
    return not _NEGATION.search(before) and bool(_RECEIPT.search(before) and (
        _PASSIVE_DONE.search(before) or _ACTIVE_DONE.search(before)))


def _who(clause: ClauseLike, people: PeopleLike, first_person: bool) -> str | None:
    """The speaker for « je … », else a participant named in the clause, else unknown."""
    if first_person:
        return people.name_of(clause.speaker)
    named = people.mentioned(clause.low)
    return named.name if named is not None else None


def _classify(clauses: Sequence[ClauseLike], i: int) -> tuple[ProgressStatus, re.Match[str]] | None:
    """(status, the cue) of one clause; None when it reports nothing."""
    text = clauses[i].text
    for status, rx in ((ProgressStatus.dropped, _DROPPED), (ProgressStatus.moved, _MOVED)):
        m = rx.search(text)
        if m and not _SUPPOSED.search(_SPLIT.split(text[:m.start()])[-1]):
            return status, m
    late = None if _after_receipt(clauses, i) else _LATE.search(text)
    if late and (_DELIVERY.search(text) or (_BARE_NO.match(text) and i > 0 and clauses[i - 1].question
                                            and _DELIVERY.search(clauses[i - 1].text))):
        return ProgressStatus.late, late
    if _NEGATION.search(text):
        return None
    yes = _BARE_YES.match(text)
    if yes and i > 0 and clauses[i - 1].question and clauses[i - 1].speaker != clauses[i].speaker \
            and _ASKS_DONE.search(clauses[i - 1].text):
        return ProgressStatus.done, yes
    got = _GOT_IT.search(text)
    if got and any(c.speaker != clauses[i].speaker and (_ACTIVE_DONE.search(c.text) or _PASSIVE_DONE.search(c.text))
                   for c in clauses[max(0, i - 2):i]):
        return ProgressStatus.done, got  # "It's in your inbox." — "Yes, got it, thanks.": a receipt
    done = _ACTIVE_DONE.search(text) or _PASSIVE_DONE.search(text) or _KEPT.search(text)
    if done is not None and done.re is _ACTIVE_DONE and _COUNTED_OBJECT.match(text[done.end():]):
        return None  # « on a fait deux projets avec eux »: experience told, not a promise kept
    return (ProgressStatus.done, done) if done else None


def _item(clauses: Sequence[ClauseLike], i: int, people: PeopleLike, meeting_date: dt.date,
          language: str) -> ProgressItem | None:
    found = _classify(clauses, i)
    if found is None:
        return None
    status, cue = found
    clause = clauses[i]
    active = status == ProgressStatus.done and cue.re is _ACTIVE_DONE
    bare_no = status == ProgressStatus.late and bool(_BARE_NO.match(clause.text))
    bare_yes = cue.re is _BARE_YES
    what = "" if bare_no or bare_yes else _object(clause.text, cue, active)
    evidence = [clause.evidence()]
    topic = topic_before(clauses, i)
    if topic is not None and not (active and what and _phrases(clause.text[cue.end():])):
        what = topic[0]  # the thing set first, unless an active report names its own object after its verb
    if not what and cue.re is _KEPT:  # « Alors comme convenu, | on fait aujourd'hui la restitution du POC »
        then = clauses[i + 1] if i + 1 < len(clauses) else None  # the report is the next clause of the sentence
        if then is None or then.question or then.evidence().segment != clause.evidence().segment \
                or clause.text.rstrip().endswith((".", "!", "?", "…")) or not _phrases(then.text, objects_only=True):
            return None
        what = _phrases(then.text, objects_only=True)[0]
        evidence.append(then.evidence())
    if not what:  # a pronoun (« je vous l'ai renvoyée », « bien reçue »): the object said just before
        before = object_from_lines_before(clauses, i, object_pronoun(clause.low), follow=True)
        if before is None:
            return None
        what = before[0]
        if before[1].speaker != clause.speaker:
            evidence.insert(0, before[1])
    subject = (cue.group("subj") or cue.group("esubj") or "") if cue.re is _ACTIVE_DONE else ""
    first_person = subject.strip().lower() in {"j'", "je", "i"} or bool(_FIRST_PERSON.match(clause.text)) or (status == ProgressStatus.late and len(evidence) > 1)
    if bare_yes or _RECEIPT.search(cue.group(0)):  # « oui » to « vous l'avez reçu ? », « je l'ai bien reçue »: the
        first_person = False  # one who speaks received it; who owed it is not said
    who = people.name_of(clause.speaker) if first_person else None
    if who is None and not first_person:
        named = people.mentioned(clause.low)
        who = named.name if named is not None else None
    due = find_due(clause.text, meeting_date, language) if status == ProgressStatus.moved else None
    if status == ProgressStatus.moved and (due is None or due.date is None or due.date < meeting_date):
        later = _new_day_after(clauses, i, meeting_date, language)  # « on a dû la décaler » — « on repousse au 3 ? »
        due = later[0] if later is not None else None
        evidence.extend([later[1].evidence()] if later is not None else [])
    return ProgressItem(status=status, what=what, who=who, new_date=due.date if due else None,
                        new_date_text=due.text if due else None, evidence=evidence)


#: how many turns after « on a dû la décaler » the new day may be said (« on repousse au jeudi 3 ? » — « C'est ça »)
_NEW_DAY_TURNS = 2
#: a turn that confirms the day it says: « C'est ça, le jeudi 3 décembre », « Oui, le 12 »
_CONFIRMS = re.compile(r"^\W*(?:oui|c'est ça|exactement|voilà|d'accord|parfait|yes|exactly|right)\b", re.I)


def _new_day_after(clauses: Sequence[ClauseLike], i: int, meeting_date: dt.date, language: str) -> tuple[DueMatch, ClauseLike] | None:
    """The new day of a promise said moved without one, in the next turns: a clause that moves it again with a day
    (« on repousse au jeudi 3 décembre ») or confirms a day (« C'est ça, le jeudi 3 décembre »); a day to come."""
    segment = clauses[i].evidence().segment
    for x in clauses[i + 1:]:
        if x.evidence().segment > segment + _NEW_DAY_TURNS:
            return None
        due = find_due(x.text, meeting_date, language) if _MOVED.search(x.text) or _CONFIRMS.match(x.text) else None
        if due is not None and due.date is not None and due.date >= meeting_date:
            return due, x
    return None


def _act(text: str) -> str:
    """The delivery verb of an active report (its first five letters), "" for a receipt or a passive one."""
    m = _ACTIVE_DONE.search(text)
    if m is None or _RECEIPT.search(text):
        return ""
    return m.group(0).split()[-1].lower()[:5]


def find_progress(clauses: Sequence[ClauseLike], people: PeopleLike, meeting_date: dt.date,
                  language: str = "fr") -> list[ProgressItem]:
    """Every clause that reports on an earlier commitment; the same object and status said twice (the recap)
    is one item with every quote."""
    items: list[ProgressItem] = []
    acts: list[str] = []  # per item: the delivery verb, "" for a receipt or a passive report
    for i, clause in enumerate(clauses):
        if clause.question:
            continue
        item = _item(clauses, i, people, meeting_date, language)
        if item is None:
            continue
        act = _act(clause.text)
        same = next((p for p, a in zip(items, acts, strict=True) if p.status == item.status
                     and fuzz.token_set_ratio(p.what.lower(), item.what.lower()) >= MERGE_SIMILARITY
                     and (not act or act == a)), None)  # « reçu » then « retourné »: two acts, two items
        if same is None:
            items.append(item)
            acts.append(act)
        else:
            same.evidence.extend(e for e in item.evidence if e not in same.evidence)
            same.who = same.who or item.who
    return items
