"""Issue 22 item 4, English real speech (AMI): tasks handed out or taken at a meeting's close are commitments;
the meeting's own talk (agenda, slides, "see you"), refusals and guesses are not.

Each sentence is of the kind the tune half of ``ami-en`` holds; none is copied from its measure half.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_rules import DAY, call

from summarizer.crc import CRC
from summarizer.extract.base import ExtractContext
from summarizer.extract.rules.clauses import Clause, split_clauses
from summarizer.extract.rules.commitments import find_commitments
from summarizer.extract.rules.extractor import extract_rules
from summarizer.extract.rules.participants import infer_participants

CTX = ExtractContext(meeting_date=DAY, language="en")
ROLES = ("Project Manager", "Marketing Expert", "Industrial Designer", "User Interface Designer")


def meeting(*lines: tuple[str, str]) -> CRC:
    return extract_rules(call(*lines), CTX)


def steps(crc: CRC) -> list[tuple[str | None, str]]:
    return [(s.owner, s.action) for s in crc.next_steps]


@pytest.mark.parametrize(("said", "owner", "action"), [
    ("And uh maybe you can look at what trends are in this type of market.", "Marketing Expert",
     "Look at what trends are in this type of market"),
    ("Um so everyone's gonna go finish their questionnaire,", None, "Finish their questionnaire"),
    ("So I guess we're supposed to write final reports.", None, "Write final reports"),
    ("I'm gonna make some minutes.", "Project Manager", "Make some minutes"),
    ("Look, you two are going to be working on the prototype.", "Marketing Expert", "Work on the prototype"),
])
def test_a_task_handed_out_or_taken_is_a_commitment_in_written_english(said: str, owner: str | None,
                                                                        action: str) -> None:
    crc = meeting(("Project Manager", said), ("Marketing Expert", "Sure."))
    assert steps(crc) == [(owner, action)]


def test_a_participant_named_as_the_subject_of_a_task_owns_it() -> None:
    crc = meeting(
        ("Project Manager", "Okay."),
        ("Industrial Designer", "Okay."),
        ("Project Manager", "The Industrial Designer will take a look at the working design."),
    )
    assert steps(crc) == [("Industrial Designer", "The Industrial Designer will take a look at the working design")]


@pytest.mark.parametrize("said", [
    "Today uh we will uh talk about uh conceptual design.",  # the agenda
    "I'll call that slide back up.",  # done in the meeting
    "I'll see you all in thirty minutes.",  # small talk
    "Right, so um I will talk about the working design.",  # a presentation in the meeting
    "But I don't think we're supposed to be testing these microphones.",  # negated
    "Is it everybody is going to evaluate, or just the Marketing Expert",  # a question without its mark
    "What we can do is we can program a function to find the remote.",  # a proposal
])
def test_the_meetings_own_talk_refusals_questions_and_proposals_are_no_commitment(said: str) -> None:
    assert steps(meeting(("Project Manager", said), ("Marketing Expert", "Okay."))) == []


def _find(learned: Callable[[int], bool] | None, *lines: tuple[str, str]) -> list[tuple[str | None, str]]:
    transcript = call(*lines)
    clauses: list[Clause] = []
    for seg in transcript.segments:
        clauses.extend(split_clauses(seg, len(clauses)))
    people = infer_participants(transcript, clauses, CTX)
    found, _ = find_commitments(clauses, people, CTX, learned=learned)
    return [(c.owner, c.text) for c in found]


def test_the_classifier_makes_a_task_of_a_future_no_cue_reads_and_only_that() -> None:
    """A clause in the task grammar that the classifier takes for a commitment becomes one; without the
    classifier's yes it stays out; a refusal or a guess stays out whatever the classifier says."""
    lines = (
        ("Project Manager", "So we'll be working on the user requirements."),
        ("Marketing Expert", "I'll never put him in the recharger."),
        ("Industrial Designer", "Maybe we'll discuss them in the next meeting."),
    )
    assert _find(None, *lines) == []
    assert _find(lambda position: True, *lines) == [(None, "Work on the user requirements")]


def test_the_classifier_adds_no_second_task_to_a_turn_that_already_holds_one() -> None:
    """"I'll get you the history by Friday. I'll ask our BI team.": the second clause only details the first."""
    found = _find(lambda position: True,
                  ("Project Manager", "Yes, I'll send you the sales history by Friday. I'll ask our BI team."))
    assert len(found) == 1 and "sales history" in found[0][1], found


def test_a_task_cut_off_by_the_next_speaker_is_no_commitment() -> None:
    """"Well, you will read the minutes in the you can find them in the": no task one can write or check."""
    assert steps(meeting(("Project Manager", "Well, you will be reading the minutes in the"),
                         ("Marketing Expert", "In the shared folder."))) == []


@pytest.mark.parametrize(("spoken", "written"), [
    ("it's gonna look different", "it's going to look different"),
    ("we gotta fill out another questionnaire", "we have to fill out another questionnaire"),
    ("I just wanna mention the requirements", "I just want to mention the requirements"),
])
def test_spoken_contractions_are_written_in_full(spoken: str, written: str) -> None:
    from summarizer.lang.en.register import REGISTER

    assert REGISTER.tidy(spoken) == written


@pytest.mark.parametrize("said", [
    "Well, we're in some European country.",  # where, not a yes
    "Six, let's go for six.",  # a rating given, not a decision
])
def test_a_place_or_a_rating_is_no_decision(said: str) -> None:
    assert meeting(("Industrial Designer", said), ("Project Manager", "Okay.")).decisions == []


def test_a_yes_to_the_deal_is_still_a_decision() -> None:
    crc = meeting(("Project Manager", "Alright, with the pilot on two sites, we're in."), ("Industrial Designer", "Great."))
    assert len(crc.decisions) == 1


def test_the_participant_the_chair_names_just_before_a_task_owns_it() -> None:
    """"Marketing, right. Um." … "So we'll be working on the user requirements": Marketing's task, backchannels
    of others in between."""
    crc = meeting(
        ("Industrial Designer", "Okay."),
        ("Project Manager", "Marketing, right. Um."),
        ("Marketing Expert", "Marketing."),
        ("Project Manager", "So you will be working on the user requirements, um"),
        ("Marketing Expert", "Okay."),
        ("User Interface Designer", "Okay."),
    )
    assert steps(crc) == [("Marketing Expert", "Work on the user requirements")]


def test_the_shared_folder_is_a_place_not_a_thing_sent() -> None:
    """"I'll be putting them in the shared documents folder": "shared" is an adjective there, no deliverable."""
    crc = meeting(("Project Manager", "And I'll be putting them in the shared documents folder."),
                  ("Marketing Expert", "Okay."))
    assert crc.deliverables == []


def test_a_task_said_after_the_name_in_a_call_of_its_own_is_that_participants() -> None:
    """"The Industrial Designer" … "what does that stand for, ID" … "um is going to be looking more into the
    working design": the chair named whom the verb's subject is, in its own call."""
    crc = meeting(
        ("Project Manager", "The Industrial Designer"),
        ("Project Manager", "what does that stand for, ID"),
        ("Industrial Designer", "Yeah I think so."),
        ("Project Manager", "um is going to be looking more into the working design."),
    )
    assert steps(crc) == [("Industrial Designer", "Look more into the working design")]


@pytest.mark.parametrize(("verb", "third_person"), [("found", "found"), ("sent", "sent"), ("said", "said"),
                                                    ("send", "sends"), ("have", "has"), ("fix", "fixes")])
def test_a_simple_past_stays_in_the_third_person(verb: str, third_person: str) -> None:
    """"So I found two very good prototypes" -> "X found…", never the invented "X founds…"."""
    from summarizer.lang.en.register import third

    assert third(verb) == third_person


def test_it_depends_is_no_risk_by_itself() -> None:
    crc = meeting(("Marketing Expert", "I think it depends on the role of the user in the household."),
                  ("Project Manager", "Okay."))
    assert crc.risks == []


@pytest.mark.parametrize(("spoken", "written"), [
    ("I'm gonna wri write some stuff down", "I'm going to write some stuff down"),
    ("you two will be together w working on two prototypes", "you will be together working on two prototypes"),
    ("take some s some notes", "take some notes"),
    ("in inside the box", "in inside the box"),  # a short word that begins the next one is no broken start
])
def test_a_word_broken_off_and_said_again_is_written_once(spoken: str, written: str) -> None:
    from summarizer.lang.en.register import REGISTER

    assert REGISTER.tidy(spoken) == written


def test_doing_becomes_do_in_an_action() -> None:
    from summarizer.lang.en.register import REGISTER

    assert REGISTER.action("doing the product evaluation") == "do the product evaluation"


@pytest.mark.parametrize(("ing", "base"), [("putting", "put"), ("using", "use"), ("calling", "call"), ("being", "be"),
                                           ("evaluating", "evaluate"), ("opening", "open"), ("fixing", "fix")])
def test_an_ing_form_takes_its_own_base(ing: str, base: str) -> None:
    """"I'll be putting them in the folder" -> "Put them…", never the golfer's "putt"; "using" is "use", not "us"."""
    from summarizer.lang.en.register import REGISTER

    assert REGISTER.action(f"{ing} the thing") == f"{base} the thing"


def test_an_agreement_not_reached_is_no_decision() -> None:
    crc = meeting(("Project Manager", "It seems the only thing we haven't really finally agreed on is its image."),
                  ("Marketing Expert", "Yeah."))
    assert crc.decisions == []


def test_the_meetings_agenda_is_no_decision() -> None:
    crc = meeting(("Project Manager", "Okay, let's go with the three presentations right now."),
                  ("Marketing Expert", "Okay."))
    assert crc.decisions == []


def test_you_guys_is_the_other_party_not_its_guys() -> None:
    from summarizer.lang.en.register import REGISTER

    assert REGISTER.tidy("tell you guys about the user requirements") == "tell you about the user requirements"


@pytest.mark.parametrize("said", [
    "I guess we'll have a shared folder with documents that we can share.",  # a guess at what will be
    "But once we come up with a design we'll send it to the circuit people.",  # hangs on work not yet done
    "We'll go back uh tomorrow.",  # where one goes, no task
    "Okay we have to fill in all this stuff.",  # "stuff": nothing one can check
    "I'm gonna wri uh write some stuff down",
])
def test_a_guess_a_condition_a_move_or_stuff_is_no_commitment(said: str) -> None:
    assert steps(meeting(("Industrial Designer", said), ("Project Manager", "Okay."))) == []


def test_a_dated_task_said_firmly_is_still_a_commitment() -> None:
    crc = meeting(("Industrial Designer", "I'll send you the component list tomorrow."), ("Project Manager", "Okay."))
    assert len(crc.next_steps) + len(crc.deliverables) == 1


@pytest.mark.parametrize(("spoken", "written"), [
    ("you two will be together w working on a o on two prototypes", "you will be together working on two prototypes"),
    ("you're gonna be doing protu product evaluation", "you're going to be doing product evaluation"),
    ("on on Monday", "on Monday"),
    ("the theme of the product", "the theme of the product"),  # a word that begins as the next one, and a word
])
def test_a_restart_leaves_no_broken_word_nor_abandoned_article(spoken: str, written: str) -> None:
    from summarizer.lang.en.register import REGISTER

    assert REGISTER.tidy(spoken) == written


def test_an_adverb_before_the_ing_form_follows_the_verb() -> None:
    from summarizer.lang.en.register import REGISTER

    assert REGISTER.action("together working on two prototypes") == "work together on two prototypes"


def test_a_task_handed_out_with_restarts_is_written_whole() -> None:
    """"you two will be together w working on a o on two prototypes" (the classifier's task), "doing protu
    product evaluation" (a cue's): the restarts go, the adverb follows the verb."""
    found = _find(lambda position: True,
                  ("Project Manager", "Look, you two will be together w working on a o on two prototypes."))
    assert [text for _, text in found] == ["Work together on two prototypes"]
    found = _find(lambda position: True, ("Project Manager", "And you're gonna be doing protu product evaluation."))
    assert [text for _, text in found] == ["Do product evaluation"]


def test_an_undated_we_will_with_nothing_sent_needs_the_classifiers_yes() -> None:
    """The sales-promise path on meeting talk: an undated "we'll" that sends nothing is a task only when the
    clause classifier takes it for one; a thing sent stays a promise whatever it says."""
    said = ("Industrial Designer", "And then we'll organize a meeting with the engineers.")
    assert _find(lambda position: False, said) == []
    assert _find(lambda position: True, said) != []
    assert _find(lambda position: False, ("Industrial Designer", "I'll send you the component list.")) != []


def test_a_promise_with_its_time_said_needs_no_classifier() -> None:
    """Whatever the call's language (a French call's classifier reads an English clause badly)."""
    assert _find(lambda position: False, ("Industrial Designer", "I'll call you tomorrow.")) != []
    transcript = call(("Industrial Designer", "I'll call you tomorrow."))
    clauses: list[Clause] = []
    for seg in transcript.segments:
        clauses.extend(split_clauses(seg, len(clauses)))
    fr = ExtractContext(meeting_date=DAY, language="fr")
    found, _ = find_commitments(clauses, infer_participants(transcript, clauses, fr), fr, learned=lambda position: False)
    assert len(found) == 1


def test_today_names_no_day_that_spares_a_task_the_classifier() -> None:
    """"Today we'll put together the first prototype": "today" is an adverb, not the day a task is due."""
    assert _find(lambda position: False, ("Industrial Designer", "Today we'll put together the first prototype.")) == []


def test_a_task_hanging_on_the_speakers_own_work_not_done_is_no_commitment() -> None:
    """"We'll send it to the factory once we come up with a design": on the team's work not yet done; "I'll
    complete your questionnaire once I've read it" (the speaker's own next step) stays a promise (sample 08)."""
    assert steps(meeting(("Industrial Designer", "We'll send it to the factory once we come up with a design."),
                         ("Project Manager", "Okay."))) == []
