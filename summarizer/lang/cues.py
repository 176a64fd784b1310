"""What a language pack says the rules backend should listen for: its cue words, as regex parts.

Each field is a tuple of regex fragments over a lower-cased sentence with straight apostrophes.
``extract/rules/lexicon.py`` joins every pack's fragments, French first, into the patterns the
extractor uses, so a call mixing languages ("on fait un call") is read with all of them. Fields named
``*_words`` are alternatives inside one group of a pattern the lexicon shapes; the others are whole
patterns (``<SEND>`` and ``<ACTION>`` stand for every pack's send and action verbs).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, eq=False)
class Cues:
    """One language's cues; a pack leaves empty what its language does not say."""

    # things that must never become decisions or commitments
    wish: tuple[str, ...] = ()
    hypothetical: tuple[str, ...] = ()
    vague: tuple[str, ...] = ()
    question_start_words: tuple[str, ...] = ()
    accept_words: tuple[str, ...] = ()
    question_tag_words: tuple[str, ...] = ()
    #: a vague verb after a subject: "je vais regarder" (subjects, auxiliaries, objects, verbs)
    weak_subject_words: tuple[str, ...] = ()
    weak_auxiliary_words: tuple[str, ...] = ()
    weak_object_words: tuple[str, ...] = ()
    weak_verb_words: tuple[str, ...] = ()
    refuse_words: tuple[str, ...] = ()
    # decisions and commitments
    decision: tuple[str, ...] = ()
    #: the buyer's order in the imperative, at the head of a turn (« Oui, posez l'option. »): a decision, said in
    #: the speaker's words, since an order has no third-person form a CRC could use
    order: tuple[str, ...] = ()
    #: a task handed to the listener by whoever chairs: "you two will be working on the prototypes"
    assignment: tuple[str, ...] = ()
    #: a task handed to a participant named as its subject; ``<NAME>`` stands for the participant's name:
    #: "the Industrial Designer will take a look at the working design"
    named_task: tuple[str, ...] = ()
    #: the grammar of a task taken or given (first or second person, future): what the clause classifier's
    #: confidence may make a commitment when no cue does
    task_form: tuple[str, ...] = ()
    #: what makes a task only guessed at: "maybe we'll discuss them next meeting", "someone'll probably…"
    hedge: tuple[str, ...] = ()
    #: a clause cut off by the next speaker, on a word that needs another: "you can find them in the"
    cut_off: tuple[str, ...] = ()
    #: a decision that takes back an earlier one: « finalement », « on inverse », "actually, let's"
    reversal: tuple[str, ...] = ()
    #: a decision reported, made before this call: "we decided last meeting", « on avait décidé »
    decision_reported: tuple[str, ...] = ()
    #: what a meeting's small talk settles: lunch, a break, coffee
    small_talk: tuple[str, ...] = ()
    #: a clause that puts something up for agreement (« je propose le 5 octobre », "how about Monday"), and
    #: the words of a reply that take it (« va pour le 5 », « ça me va », "let's do it")
    proposal: tuple[str, ...] = ()
    #: a proposal that the group do something (« ce que je vous propose, c'est qu'on teste d'abord », "I suggest we
    #: start with two sites"): what follows is the decision once the other party takes it
    proposal_action: tuple[str, ...] = ()
    agreement: tuple[str, ...] = ()
    #: a condition said with a decision (« si le comité l'accepte », « à condition que »), and a recap
    #: (« je résume »): the decision hangs on it, or restates one
    decision_condition: tuple[str, ...] = ()
    #: a condition said after a decision that only names what could still stop it (« … Si le CPPT ne bloque
    #: pas. », "unless legal objects"): a reservation, the decision is taken
    reservation: tuple[str, ...] = ()
    recap: tuple[str, ...] = ()
    #: what makes a proposal an agenda or a meeting's slot, which no agreement makes a decision
    proposal_not_decision: tuple[str, ...] = ()
    slot_words: tuple[str, ...] = ()
    #: a concern conceded in the same breath (« c'est serré, mais ça se fait »): the clause after « mais »
    #: prevails, and no risk is left
    concession_ok: tuple[str, ...] = ()
    #: what happened before the call (« il y a eu des problèmes »): a warning that frames it reports history, not a risk
    past_event: tuple[str, ...] = ()
    #: a decision that points at what was said instead of naming it (« on fait comme ça », « on part
    #: là-dessus », "let's do it"): its text is what it points at
    decision_anaphor: tuple[str, ...] = ()
    #: what may stand beside a date that only sets a deadline (« Mardi au plus tard. », "Friday at the latest.")
    deadline_words: tuple[str, ...] = ()
    #: the speaker's warning that bad news follows (« je vais être franc », « je ne vais pas vous mentir », "full
    #: disclosure"): what it frames, a competitor, a budget, a deadline, is a risk whatever its words
    candour: tuple[str, ...] = ()
    #: after an agreement, the words that take it back or make it conditional (« mais », "unless")
    agreement_but: tuple[str, ...] = ()
    #: what the speaker does in the meeting itself, by saying it (the agenda, a slide, "see you"): no promise
    #: unless a day is named for it
    said_now: tuple[str, ...] = ()
    first_singular_words: tuple[str, ...] = ()
    send_verb_words: tuple[str, ...] = ()
    action_verb_words: tuple[str, ...] = ()
    commit_markers: tuple[str, ...] = ()
    request_words: tuple[str, ...] = ()
    request: tuple[str, ...] = ()
    #: a concrete action: subject, auxiliary, object and verb (the send verbs come first)
    strong_subject_words: tuple[str, ...] = ()
    strong_auxiliary_words: tuple[str, ...] = ()
    strong_object_words: tuple[str, ...] = ()
    strong_verb_words: tuple[str, ...] = ()
    deliverable_nouns: tuple[str, ...] = ()
    meeting_noun_words: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    # risks
    risk: tuple[str, ...] = ()
    risk_categories: dict[str, tuple[str, ...]] = field(default_factory=dict)
    mitigation: tuple[str, ...] = ()
    severity_high: tuple[str, ...] = ()
    severity_low: tuple[str, ...] = ()
    # facts
    figure_unit_words: tuple[str, ...] = ()
    pain: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    decision_process: tuple[str, ...] = ()
    result: tuple[str, ...] = ()
    # objections, attachments, participants
    objection: tuple[str, ...] = ()
    attachment_words: tuple[str, ...] = ()
    attachment_noun_words: tuple[str, ...] = ()
    vendor_speech: tuple[str, ...] = ()
    client_speech: tuple[str, ...] = ()
    role_words: tuple[str, ...] = ()
    #: words around a speaker's name that make them the speaker's teammate: before the name (« je vous
    #: présente », "this is") and after it (« X, notre directeur », "X is with me")
    teammate_before_words: tuple[str, ...] = ()
    teammate_after_words: tuple[str, ...] = ()
    #: decision role (``DecisionRole`` value) -> the words of a title that hold it
    decision_roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    filler_words: tuple[str, ...] = ()
    inner_filler_words: tuple[str, ...] = ()
    # meeting type
    #: ``MeetingType`` value -> its cues
    meeting_types: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cold_call: tuple[str, ...] = ()
    progress_report: tuple[str, ...] = ()
    progress_negation_words: tuple[str, ...] = ()
    authority: tuple[str, ...] = ()
    first_person_authority: tuple[str, ...] = ()
