"""Issue 22: a promise read from the grammar of the clause (lang/<code>/promise.py), whatever its verb.

The verbs below are in none of the lexicon's lists; each sentence is of the kind calls written by
others hold (calls-dev), and each refusal is a kind of sentence the grammar reading must not take.
"""

from __future__ import annotations

import pytest
from test_rules import DAY, call, run

from summarizer.extract.rules.clauses import split_clauses
from summarizer.extract.rules.commitments import speakers_using_tu
from summarizer.extract.rules.conjugation import infinitive
from summarizer.lang import get_lang


def promise(text: str, *, dated: bool = False, accepted: bool = False, language: str = "fr") -> str | None:
    found = get_lang(language).promise.read(text.lower(), text, lambda: dated, accepted, lambda w: infinitive(w, language))
    return None if found is None else f"{found.verb}/{found.anchor}"


@pytest.mark.parametrize(("text", "dated", "accepted", "expected"), [
    ("je vous crée des accès de test dès demain", True, False, "créer/dative"),
    ("Je vous fais l'extraction, d'ici vendredi c'est jouable.", True, False, "faire/dative"),
    ("je préviens les trois directeurs d'agence cette semaine", True, False, "prévenir/dated"),
    ("Je transfère vos documents à Madame Lagarde", False, True, "transférer/accepted"),
    ("on la met en place à partir de lundi", True, False, "mettre/dated"),
    ("je te passe le devis ce soir", True, False, "passer/dative"),
    ("Je le change lundi, en production.", True, False, "changer/dated"),  # the tagger reads « change » as a noun
    ("Je te dis ça sous huitaine.", True, False, "dire/dative"),  # an answer promised to the listener
    ("je leur envoie un mail demain", True, False, "envoyer/dative"),
])
def test_a_first_person_action_tied_to_the_listener_a_date_or_an_acceptance_is_a_promise(
        text: str, dated: bool, accepted: bool, expected: str) -> None:
    assert promise(text, dated=dated, accepted=accepted) == expected


@pytest.mark.parametrize(("text", "dated", "accepted"), [
    ("je vous ai envoyé la proposition", True, False),  # compound past: progress, not a promise
    ("je pense que c'est bien", False, True),  # a state of mind
    ("je pourrais vous envoyer ça demain", True, False),  # conditional
    ("je vous poserais deux questions", False, False),  # conditional by its ending, whatever the tagger says
    ("je vous montre", False, False),  # what happens in the meeting, now
    ("je vous propose un kick-off en présentiel", False, False),  # an offer
    ("je vous donne un exemple très concret", False, False),  # talk
    ("je viens dire à tous les Français ce soir", True, False),  # a verb of saying after the verb
    ("je vous préviens", False, False),  # a preface to what follows
    ("c'est le taux qui nous pose problème", False, True),  # « nous » is no subject: the verb does not agree
    ("on monte à 1 400 en pointe avant Noël", True, False),  # « on » + date, no object: a description
    ("je fais les commandes", False, False),  # nothing ties it to the listener or to a time
    ("je ne peux pas vous l'envoyer ce soir", True, False),  # a refusal
    ("je te promets rien, hein", False, False),  # spoken negation, no « ne »
    ("je te fais 25 % de remise", False, False),  # terms offered: a decision's matter
    ("je vous prends deux minutes, pas plus", False, False),  # time taken in the call
    ("je vous mets sur haut-parleur", False, False),  # done to the call itself
    ("on n'a que du soluble, hein, je vous préviens. (rires)", False, False),  # a preface at the end
    ("on leur tend des guet-apens en permanence", False, False),  # a third party, no date: a description
    ("je le dis avec beaucoup de gravité ce soir", True, False),  # saying, not to the listener
    ("je préparais le devis", True, False),  # imperfect
])
def test_what_the_grammar_does_not_take_for_a_promise(text: str, dated: bool, accepted: bool) -> None:
    assert promise(text, dated=dated, accepted=accepted) is None


def test_english_needs_a_date_and_no_condition() -> None:
    assert promise("then i set up the workspace by friday", dated=True, language="en") == "set/dated"
    assert promise("then i set up the workspace", language="en") is None
    assert promise("that if in a year's time we we get feedback", dated=True, language="en") is None
    assert promise("i don't think everyone's gonna buy it within a month", dated=True, language="en") is None


def test_a_condition_in_the_clause_or_just_before_it() -> None:
    grammar = get_lang("fr").promise
    assert grammar.conditional("je vous appellerai si j'ai des questions", "")
    assert grammar.conditional("je te fais le réassort au même prix", "et si ça arrive")
    assert grammar.conditional("sinon je donnerai un avis défavorable", "")
    assert not grammar.conditional("je vous envoie le devis ce soir", "très bien")


def test_first_group_infinitives_are_words_of_the_dictionary() -> None:
    assert [infinitive(w, "fr") for w in ("transfère", "achète", "appelle", "jette", "travaille", "complète")] == [
        "transférer", "acheter", "appeler", "jeter", "travailler", "compléter"]


def test_unlisted_verbs_become_next_steps_through_the_pipeline() -> None:
    crc = run(
        ("Claire Martin", "Parfait. Et de mon côté, je vous crée des accès de test dès demain."),
        ("Marc Ferrand", "Très bien. Je préviens les trois directeurs d'agence cette semaine."),
        ("Claire Martin", "Alors je vous montre. Là, je me connecte comme une agence."),
        ("Marc Ferrand", "Je vous appellerai si j'ai des questions."),
    )
    steps = {(s.owner, s.action) for s in crc.next_steps}
    assert ("Claire Martin", "Créer des accès de test") in {(o, a.split(" à ")[0]) for o, a in steps}, steps
    assert any(o == "Marc Ferrand" and a.startswith("Prévenir les 3 directeurs") for o, a in steps), steps
    assert not any("ontrer" in a or "ppeler" in a for _, a in steps), steps  # in-meeting talk, a condition


def test_a_pronoun_object_takes_the_thing_named_before() -> None:
    crc = run(
        ("Sonia Belkacem", "Il nous faudrait la synchronisation des prix à 4 h 30."),
        ("Thomas N'Diaye", "C'est noté. Je le change lundi, en production."),
    )
    found = [(s.owner, s.action, s.due_date) for s in crc.next_steps]
    assert any(owner == "Thomas N'Diaye" and "synchronisation des prix" in action.lower() for owner, action, _ in found), found


def test_je_te_speaks_to_the_other_party_when_the_call_is_in_tu() -> None:
    lines = (
        ("Gaëlle Le Bihan", "Tu as vu la nouvelle gamme ? Je te laisse regarder, tu me dis."),
        ("Yann", "Oui, elle est bien."),
        ("Gaëlle Le Bihan", "Parfait. Je te passe le bon de commande ce soir. Tu me le valides ?"),
    )
    clauses = [c for seg in call(*lines).segments for c in split_clauses(seg, 0)]
    assert speakers_using_tu(clauses) == frozenset({"Gaëlle Le Bihan"})
    crc = run(*lines)
    found = [(s.owner, s.action) for s in crc.next_steps] + [(d.issuer, d.what) for d in crc.deliverables]
    assert any(owner == "Gaëlle Le Bihan" and "bon de commande" in what.lower() for owner, what in found), found


def test_talk_about_the_call_itself_and_hedged_words_are_no_promise() -> None:
    crc = run(
        ("Claire Martin", "Bonjour Monsieur Ferrand. Je vous rappelle pour le devis que je vous ai envoyé lundi."),
        ("Marc Ferrand", "Alors je reviens sur ce qu'on a dit. Le pilote, ce sera Lyon."),
        ("Marc Ferrand", "Le badge, on le partage avec la salle du conseil."),
        ("Marc Ferrand", "Je vais essayer d'avoir la réponse avant mardi, mais je ne promets rien."),
        ("Claire Martin", "Très bien, je vous rappelle jeudi avec les chiffres."),
    )
    actions = [s.action for s in crc.next_steps] + [d.what for d in crc.deliverables]
    assert len(actions) == 1 and actions[0].startswith("Rappeler"), actions  # only the dated call back


def test_decisions_are_this_calls_final_and_unconditional_ones() -> None:
    """Issue 22 item 4: a decision reported from an earlier meeting, small talk, a proposal not yet taken,
    a condition or a meeting slot agreed are not this call's decisions; « on part sur » still is."""
    crc = run(
        ("Marc Ferrand", "Comme on avait décidé la dernière fois, on reste sur trois sites."),
        ("Claire Martin", "Bon, on valide la pause déjeuner à midi."),
        ("Claire Martin", "Ce que je vous propose, c'est qu'on valide le pilote sur Lyon."),
        ("Marc Ferrand", "Si c'est inclus, c'est validé pour nous."),
        ("Marc Ferrand", "Mardi 14 heures, c'est validé."),
        ("Marc Ferrand", "C'est validé : on part sur le pilote à Lyon avec 40 chauffeurs."),
    )
    texts = [d.text for d in crc.decisions]
    assert len(texts) == 1 and "Lyon" in texts[0], texts


def test_a_chair_handing_out_tasks_makes_commitments_owned_by_the_addressee() -> None:
    """Issue 22 item 4: "you two will be working on…" is an assignment; "you will be informed" is not."""
    from summarizer.extract.base import ExtractContext
    from summarizer.extract.rules.extractor import extract_rules

    transcript = call(
        ("Project Manager", "Okay. Marketing Expert, you will be working on the user requirements."),
        ("Marketing Expert", "Okay."),
        ("Project Manager", "And you will be informed via email. You will never get lost."),
    )
    crc = extract_rules(transcript, ExtractContext(meeting_date=DAY, language="en"))
    found = [(s.owner, s.action) for s in crc.next_steps]
    assert found == [("Marketing Expert", "Work on the user requirements")], found


def test_a_decision_taken_back_keeps_only_its_final_state() -> None:
    crc = run(
        ("Marc Ferrand", "C'est validé : on part sur le pilote auto à Lyon."),
        ("Claire Martin", "Très bien."),
        ("Marc Ferrand", "Finalement, on part sur le pilote habitation à Lyon, c'est validé."),
    )
    texts = [d.text for d in crc.decisions]
    assert len(texts) == 1 and "habitation" in texts[0], texts


def test_english_speakers_get_their_side_from_how_they_speak() -> None:
    """Issue 22: English calls had every participant's side unknown (no English cue fired). Who asks about
    the other's business sells; who says « we're a regional grocer », « our stores » buys."""
    from summarizer.extract.base import ExtractContext
    from summarizer.extract.rules.extractor import extract_rules

    transcript = call(
        ("Tanner Delgado", "Perfect. So, tell me a little about your process. What are you currently using?"),
        ("Gemma Thornbury", "So, we're a regional grocer, ninety-six stores. Our suppliers pay for end-caps."),
        ("Tanner Delgado", "Got it. I'll send you the deck and a case study."),
    )
    crc = extract_rules(transcript, ExtractContext(meeting_date=DAY, language="en"))
    sides = {p.name: p.side.value for p in crc.participants}
    assert sides == {"Tanner Delgado": "vendor", "Gemma Thornbury": "client"}, sides
