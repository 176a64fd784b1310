"""Cue lexicons of the rules backend, built from every language pack's cues, French first.

Patterns are compiled regexes over a lower-cased sentence with straight
apostrophes. The words live in the packs (``summarizer/lang/<code>/cues.py``), apart
from the logic, so a sales team tunes vocabulary without touching the extractor;
here they are joined into one pattern per cue, every language at once, since a
French call borrows English words ("on fait un call") and the reverse.
"""

from __future__ import annotations

import re

from summarizer.crc import MeetingType
from summarizer.lang import codes, get_lang
from summarizer.lang.cues import Cues

_PACKS: tuple[Cues, ...] = tuple(get_lang(code).cues for code in codes())


def _bar_outside_groups(part: str) -> bool:
    """Whether a fragment holds a ``|`` outside any group or character class (« \\bfoo|bar »)."""
    depth, i, in_class = 0, 0, False
    while i < len(part):
        ch = part[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 1 + (part[i + 1: i + 2] == "^")
            i += part[i: i + 1] == "]"  # « []…] », « [^]…] »: a leading ] is a member
            continue
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            return True
        i += 1
    return False


def _at_word_start(part: str) -> bool:
    return part.startswith("\\b") and part[2:3] not in ("", "*", "+", "?", "{") and not _bar_outside_groups(part)


def rx(*parts: str) -> re.Pattern[str]:
    """One alternation over lower-cased text: case-sensitive matching is three times faster than ``re.I``.
    Consecutive fragments that open on ``\\b`` share it (``\\b(?:(?:a)|(?:b))`` for ``(?:\\ba)|(?:\\bb)``): the
    same alternatives in the same order, so the same matches and groups, but inside a word the engine fails
    once where it tried every fragment (a lexicon of a hundred fragments is ten times faster)."""
    alternatives: list[str] = []
    run: list[str] = []
    for p in parts:
        if _at_word_start(p):
            run.append(f"(?:{p[2:]})")
            continue
        if run:
            alternatives.append("\\b(?:" + "|".join(run) + ")")
            run = []
        alternatives.append(f"(?:{p})")
    if run:
        alternatives.append("\\b(?:" + "|".join(run) + ")")
    return re.compile("|".join(alternatives))


def _all(name: str) -> tuple[str, ...]:
    """Every pack's fragments of one cue, in the registry's order."""
    return tuple(part for cues in _PACKS for part in getattr(cues, name))


def _words(name: str) -> str:
    """Every pack's alternatives of one cue, as the inside of a group: "oui|ouais|yes"."""
    return "|".join(_all(name))


def _by_key(name: str) -> dict[str, tuple[str, ...]]:
    """A keyed cue (risk category, role, meeting type): each key's fragments from every pack, keys in first-seen order."""
    out: dict[str, tuple[str, ...]] = {}
    for cues in _PACKS:
        for key, parts in getattr(cues, name).items():
            out[key] = (*out.get(key, ()), *parts)
    return out


def _verbs(parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p.replace("<SEND>", SEND_VERBS).replace("<ACTION>", ACTION_VERBS) for p in parts)


#: a month name as a whole word ("mai", never the start of "maintenant" or "maison")
MONTHS = r"\b(?:" + "|".join(month.lower() for code in codes() for month in get_lang(code).months) + r")\b"

# --- things that must never become decisions or commitments ------------------

WISH = rx(*_all("wish"))
HYPOTHETICAL = rx(*_all("hypothetical"))
VAGUE = rx(*_all("vague"))
QUESTION_START = rx(r"^(" + _words("question_start_words") + r")\b")
ACCEPT = rx(r"^(" + _words("accept_words") + r")\b")
#: "..., ça vous va ?": a proposal, not a real question
QUESTION_TAG = re.compile(r"[,.]\s*(" + _words("question_tag_words") + r")\s*\?\s*$")
#: verbs too vague to make an undated next step
WEAK_VERBS = re.compile(r"\b(" + _words("weak_subject_words") + r")\s+(" + _words("weak_auxiliary_words") + r")?("
                        + _words("weak_object_words") + r")?(" + _words("weak_verb_words") + r")\b")
REFUSE = rx(r"^(" + _words("refuse_words") + ")")

# --- decisions ----------------------------------------------------------------

DECISION = rx(*_all("decision"))
ORDER = rx(*(_all("order") or (r"(?!)",)))
DECISION_REPORTED = rx(*_all("decision_reported"))
ASSIGNMENT = rx(*_all("assignment"))
#: the packs' named-task patterns, ``<NAME>`` still in them (a call's participants fill it)
NAMED_TASK: tuple[str, ...] = _all("named_task")
#: a task's grammar, for the clause classifier to confirm; never matches when no pack says one
TASK_FORM = rx(*(_all("task_form") or (r"(?!)",)))
#: a task only guessed at; never matches when no pack says one
HEDGE = rx(*(_all("hedge") or (r"(?!)",)))
#: a clause cut off on a word that needs another; never matches when no pack says one
CUT_OFF = rx(*(_all("cut_off") or (r"(?!)",)))
REVERSAL = rx(*_all("reversal"))
SMALL_TALK = rx(*_all("small_talk"))
PROPOSAL = rx(*_all("proposal"))
PROPOSAL_ACTION = rx(*_all("proposal_action"))
#: an agreement among a reply's first words (« Le 5 octobre. Va pour le 5 octobre. »)
AGREEMENT = rx(r"^(?:[\w'-]+[\s,.!]+){0,6}?(?:" + _words("agreement") + ")")
AGREEMENT_BUT = rx(*_all("agreement_but"))
PROPOSAL_NOT_DECISION = rx(*_all("proposal_not_decision"))
CONCESSION_OK = rx(*_all("concession_ok"))
CANDOUR = rx(*_all("candour"))
DECISION_ANAPHOR = rx(*_all("decision_anaphor"))
PAST_EVENT = rx(*_all("past_event"))
#: the words beside a date that only sets a deadline, whole words
DEADLINE_WORDS = re.compile(r"\b(?:" + "|".join(_all("deadline_words")) + "|" + "|".join(_all("slot_words")) + r")\b")
DECISION_CONDITION = rx(*_all("decision_condition"))
RESERVATION = rx(*_all("reservation"))
RECAP = rx(*_all("recap"))
SLOT_WORDS = rx(r"\b(?:" + _words("slot_words") + r")\b")
#: talk about the meeting itself ("today we'll talk about…", "I'll call that slide back up"); never matches when no pack says any
SAID_NOW = rx(*(_all("said_now") or (r"(?!)",)))

# --- commitments ---------------------------------------------------------------

#: first person doing something: the speaker owns it
FIRST_SINGULAR = rx(r"\b(" + _words("first_singular_words") + r")\b")

SEND_VERBS = _words("send_verb_words")
ACTION_VERBS = _words("action_verb_words")
COMMIT_MARKERS = rx(*_verbs(_all("commit_markers")))
REQUEST = rx(r"\b(" + _words("request_words") + r")\b" + "".join("|" + p for p in _verbs(_all("request"))))
#: actions concrete enough to stand as a next step without a date
STRONG_ACTION = re.compile(
    r"\b(" + _words("strong_subject_words") + r")\s+(" + _words("strong_auxiliary_words") + r")?("
    + _words("strong_object_words") + r")?(" + SEND_VERBS + "|" + _words("strong_verb_words") + r")\b",
)
SEND_RX = re.compile(r"\b(" + SEND_VERBS + r")\b")

#: nouns that make a commitment a deliverable (someone sends a thing)
DELIVERABLE_NOUNS = rx(*_all("deliverable_nouns"))
MEETING_NOUNS = rx(r"\b(" + _words("meeting_noun_words") + r")\b")
FORMATS = rx(r"\bpdf\b", r"\bexcel\b", r"\bxlsx?\b", r"\bpowerpoint\b", r"\bppt\b", r"\bword\b", r"\bcsv\b", *_all("formats"))

# --- risks -----------------------------------------------------------------------

RISK_CUES = rx(*_all("risk"))
RISK_CATEGORIES: dict[str, re.Pattern[str]] = {key: rx(*parts) for key, parts in _by_key("risk_categories").items()}
MITIGATION = rx(*_all("mitigation"))
SEVERITY_HIGH = rx(*_all("severity_high"))
SEVERITY_LOW = rx(*_all("severity_low"))

# --- facts ----------------------------------------------------------------------

FIGURE = re.compile(r"\b\d[\d  .,]*\s?(%|€|k€|m€|" + _words("figure_unit_words") + r")\b", re.I)
PAIN = rx(*_all("pain"))
CRITERIA = rx(*_all("criteria"))
DECISION_PROCESS = rx(*_all("decision_process"))
RESULT = rx(*_all("result"))

# --- objections, attachments, participants ---------------------------------------

OBJECTION = rx(*_all("objection"))
ATTACHMENT = re.compile(r"\b(" + _words("attachment_words") + ")", re.I)
ATTACHMENT_NOUN = re.compile("(" + _words("attachment_noun_words") + ")", re.I)

VENDOR_SPEECH = rx(*_all("vendor_speech"))
CLIENT_SPEECH = rx(*_all("client_speech"))
ROLE_WORDS = rx(*_all("role_words"))
#: a teammate named: the cue, at most three words, then the name (``{name}``), or the name then its cue
TEAMMATE_BEFORE = r"\b(?:" + _words("teammate_before_words") + r")(?:[\s,]+[\w'-]+){0,3}?[\s,]+(?:{name})\b"
TEAMMATE_AFTER = r"\b(?:{name})(?:" + _words("teammate_after_words") + r")"
DECISION_ROLE = [(role, rx(*parts)) for role, parts in _by_key("decision_roles").items()]

FILLERS = re.compile(r"^(?:(?:" + _words("filler_words") + r")[,.!:]?\s+)+", re.I)
INNER_FILLERS = re.compile(r",?\s*\b(" + _words("inner_filler_words") + r")\b,?", re.I)

# --- meeting type -----------------------------------------------------------------

MEETING_TYPE_CUES: dict[MeetingType, re.Pattern[str]] = {
    kind: rx(*parts) for kind, parts in ((MeetingType(key), parts) for key, parts in _by_key("meeting_types").items())
}
#: a cold call is none of the rubric's meeting types
COLD_CALL = rx(*_all("cold_call"))

#: a report that an earlier promise was kept: kept as a fact so the account plan can close that promise
PROGRESS_REPORT = rx(*_all("progress_report"))
PROGRESS_NEGATION = rx(r"\b(" + _words("progress_negation_words") + r")\b")

#: who decides what, said as a rule ("c'est moi qui signe", "le président signe au-delà de 50 000 €"):
#: a decision role, not a promise
AUTHORITY = rx(*_all("authority"))
#: the first person deciding in the present: a role when the same turn states the rule above
FIRST_PERSON_AUTHORITY = rx(*_all("first_person_authority"))
