"""Issue 23: promises a ledger can follow across calls — their object, their date and their quote whole.

Sentences of the kinds a follow-up call holds (written for these tests; the calls of
``../shared/corpora/calls-dev/account-plastiques-sauvaire`` hold the same kinds).
"""

from __future__ import annotations

import datetime as dt

from test_rules import run

from summarizer.crc import CRC


def _items(crc: CRC) -> list[tuple[str | None, str, dt.date | None, list[str]]]:
    return [(s.owner, s.action, s.due_date, [e.quote for e in s.evidence]) for s in crc.next_steps] + [
        (d.issuer, d.what, d.due_date, [e.quote for e in d.evidence]) for d in crc.deliverables]


def test_a_pronoun_takes_the_noun_phrase_that_agrees_with_it() -> None:
    """« les » is plural: not « la tête sous l'eau » said just before, but « les relevés » of the other turn."""
    crc = run(
        ("Claire Martin", "Par contre, Marc, les relevés de consommation des trois derniers mois, on ne les a toujours "
                          "pas reçus. C'est dommage, on aurait aimé comparer. Enfin, ce n'est pas grave."),
        ("Marc Ferrand", "Oui... Désolé, ça a glissé. On a eu un audit début novembre, j'ai eu la tête sous l'eau. "
                         "Je vous les envoie lundi."),
    )
    found = [(o, what, due) for o, what, due, _ in _items(crc) if o == "Marc Ferrand"]
    assert found and "relevés de consommation" in found[0][1] and "tête" not in found[0][1], found
    assert found[0][2] == dt.date(2026, 11, 23)


def test_a_date_said_first_stays_with_its_promise() -> None:
    """« Et d'ici vendredi, | je vous envoie … »: one quote, the date in it and in the due date."""
    crc = run(("Claire Martin", "Parfait. Et d'ici vendredi, je vous envoie la proposition de pilote, avec le planning."))
    ((owner, what, due, quotes),) = _items(crc)
    assert owner == "Claire Martin" and "proposition de pilote" in what.lower() and due == dt.date(2026, 11, 20)
    assert quotes == ["Et d'ici vendredi, je vous envoie la proposition de pilote, avec le planning."]


def test_a_slot_accepted_first_is_not_the_date_of_what_follows() -> None:
    """« Jeudi 26, 11 heures, oui, je préviens … »: the meeting's slot, said yes to; no date for « prévenir »."""
    crc = run(("Marc Ferrand", "Jeudi 26, 11 heures, oui, je préviens Maître Hamon, notre juriste."))
    assert not any("Hamon" in what for _, what, _, _ in _items(crc)), _items(crc)


def test_an_answer_promised_to_the_listener_by_a_date_is_a_promise() -> None:
    """« je vous réponds sous huitaine »: a verb of saying, to the listener, dated; undated it is talk."""
    crc = run(("Marc Ferrand", "C'est une exigence de notre groupe."),
              ("Claire Martin", "J'entends. Je fais valider par notre juridique et je vous réponds sous huitaine."))
    assert any(o == "Claire Martin" and "répondre" in what.lower() and due == dt.date(2026, 11, 26)
               for o, what, due, _ in _items(crc)), _items(crc)
    assert not _items(run(("Claire Martin", "Oui, je vous réponds : le pilote, c'est Lyon.")))


def test_a_handover_said_after_the_thing_takes_it_from_the_sentence_before() -> None:
    """« Vous l'aurez vendredi, sans faute. »: the speaker's deliverable, what the lines before named, by that day."""
    crc = run(("Marc Ferrand", "Votre dossier sécurité, je ne l'ai toujours pas reçu."),
              ("Claire Martin", "Vous avez raison. Désolée, ça a glissé : notre RSSI a voulu mettre à jour le schéma "
                                "d'architecture avant de l'envoyer. Vous l'aurez vendredi, sans faute."))
    (d,) = crc.deliverables
    assert (d.issuer, d.what, d.due_date) == ("Claire Martin", "Le schéma d'architecture", dt.date(2026, 11, 20))
    assert d.evidence[-1].quote == "Vous l'aurez vendredi, sans faute."
    assert not run(("Claire Martin", "Le schéma d'architecture est prêt. Vous l'aurez bientôt.")).deliverables  # no day


def test_telling_someone_named_in_the_future_is_a_promise() -> None:
    """« je vais en parler à Hervé » (future, someone named) promises; « je vais vous parler de … » is talk."""
    crc = run(("Marc Ferrand", "Je vais en parler à Hervé pendant le pilote, pour qu'il ne découvre pas le sujet à la fin."))
    assert [(o, what.split(" pendant")[0]) for o, what, _, _ in _items(crc)] == [("Marc Ferrand", "Parler à Hervé")]
    assert not _items(run(("Claire Martin", "Je vais vous parler de notre solution.")))
    assert not _items(run(("Marc Ferrand", "J'en parle à Hervé tous les jours.")))  # a habit
    dated = _items(run(("Marc Ferrand", "Et j'en parle à Olivier lundi, à son retour.")))  # the present, a day named
    assert [(o, due) for o, _, due, _ in dated] == [("Marc Ferrand", dt.date(2026, 11, 23))], dated


def _progress(crc: CRC) -> list[tuple[str, str | None, str]]:
    return [(p.status.value, p.who, p.what) for p in crc.progress]


def test_reports_of_promises_kept_in_the_pluperfect_by_a_first_name_or_by_a_yes() -> None:
    """« je vous avais envoyé », « Julien vous a envoyé », « c'est envoyé », « Oui. » to « vous l'avez envoyé ? »."""
    assert _progress(run(("Claire Martin", "Comme promis, je vous avais envoyé la proposition de pilote le 13."))) == [
        ("done", "Claire Martin", "La proposition de pilote")]
    assert _progress(run(("Claire Martin", "Comme promis, Julien vous a envoyé le rapport de visite."))) == [
        ("done", None, "Le rapport de visite")]
    assert _progress(run(("Claire Martin", "Le devis, c'est envoyé depuis lundi."))) == [("done", None, "Le devis")]
    assert _progress(run(("Marc Ferrand", "Et le contrat de maintenance, vous l'avez envoyé ?"), ("Claire Martin", "Oui."))) == [
        ("done", None, "Le contrat de maintenance")]
    assert _progress(run(("Marc Ferrand", "Vous venez de Lyon ?"), ("Claire Martin", "Oui."))) == []  # nothing done asked


def test_a_receipt_names_the_receiver_not_the_one_who_owed_it() -> None:
    """« je l'ai bien reçu »: the client speaks, the rep owed it; who stays unsaid so the ledger can close hers."""
    crc = run(("Marc Ferrand", "Le planning de formation, je l'ai bien reçu, merci."))
    assert _progress(crc) == [("done", None, "Le planning de formation")], _progress(crc)


def test_a_relative_clause_in_the_past_is_no_report() -> None:
    """« je vous fais remonter ce qu'on a commandé l'an dernier »: a promise, not a report of « commandé »."""
    crc = run(("Marc Ferrand", "Moi, je vous fais remonter ce qu'on a commandé l'an dernier à Angers d'ici vendredi."))
    assert _progress(crc) == [] and _items(crc), (_progress(crc), _items(crc))


def test_the_thing_set_first_is_the_object_whatever_its_noun_and_a_purpose_is_left_out() -> None:
    """« Le prévisionnel, je vous l'envoie … »: « prévisionnel » is in no list of deliverables; « pour que vous
    puissiez … » says why, not what."""
    (d,) = run(("Marc Ferrand", "Le prévisionnel, je vous l'envoie d'ici le 4 décembre.")).deliverables
    assert (d.issuer, d.what, d.due_date) == ("Marc Ferrand", "Le prévisionnel", dt.date(2026, 12, 4))
    (d,) = run(("Claire Martin", "Je vous envoie le plan d'implantation des bornes pour que vous puissiez lancer le câblage.")).deliverables
    assert d.what == "Le plan d'implantation des bornes"


def test_an_invitation_takes_the_day_and_the_meeting_said_before_it() -> None:
    """« Donc la restitution le 1er ? Ah non… » … « Plutôt le jeudi 3 décembre, à dix heures ? Je vous envoie
    l'invitation. »: the slot's quote joins the promise, its day is the date, the meeting is named."""
    crc = run(("Claire Martin", "Je vous propose qu'on fixe la restitution du pilote. Donc la restitution le mardi 1er "
                                "décembre ? Ah non, pardon, je suis en congé."),
              ("Marc Ferrand", "(rires) Ça commence bien."),
              ("Claire Martin", "Plutôt le jeudi 3 décembre, à dix heures ? Je vous envoie l'invitation dans la foulée."),
              ("Marc Ferrand", "Le 3 à dix heures, ça me va."))
    ((owner, what, due, quotes),) = [i for i in _items(crc) if "invitation" in i[1]]
    assert owner == "Claire Martin" and due == dt.date(2026, 12, 3) and what.endswith("pour la restitution"), what
    assert quotes == ["Plutôt le jeudi 3 décembre, à dix heures ?", "Je vous envoie l'invitation dans la foulée."]


def test_as_agreed_then_the_report_in_the_next_clause() -> None:
    """« Alors comme convenu, | on fait aujourd'hui la restitution du pilote »: the cue, then what was kept."""
    crc = run(("Claire Martin", "Alors comme convenu, on fait aujourd'hui la restitution du pilote. On a une heure."))
    assert _progress(crc) == [("done", None, "La restitution du pilote")]


def test_writing_a_document_up_and_pricing_an_item_are_deliverables_in_english() -> None:
    """"I'll write up a brief note …", "I'll price the archive option …": a document produced for the client, like
    « je vous rédige une note », « je vous chiffre l'option »; "I'll include it in the note" adds to one; "the price"
    as a noun takes no promise through."""
    from test_rules import run_en

    crc = run_en(("Dana Pike", "Hi, Dana Pike from Tallis Analytics, with our engineer Sam Ortiz."),
                 ("Lena Cho", "Lena Cho, operations manager at Brightwater Foods."),
                 ("Sam Ortiz", "I'll write up a brief note on the label printer integration, with the formats we read."),
                 ("Dana Pike", "And I'll price the archive option for the three depots as well."),
                 ("Lena Cho", "Fine, and I'll check the price of our current contract."),
                 ("Lena Cho", "We'll discuss the price with the team."))
    got = {(o, what.lower()) for o, what, _, _ in _items(crc)}
    assert any(o == "Sam Ortiz" and "note" in what for o, what in got), got
    assert any(o == "Dana Pike" and "archive option" in what for o, what in got), got
    assert not any(o == "Lena Cho" for o, _ in got), got
    added = run_en(("Lena Cho", "We run Navision for the depots."),
                   ("Sam Ortiz", "Good, we have a plug-in for Navision. I'll include it in the handover pack."))
    assert [o for o, _, _, _ in _items(added)] == ["Sam Ortiz"], _items(added)  # added to a document: promised


def test_a_day_put_up_for_an_outing_and_taken_is_the_proposers_next_step() -> None:
    """« On peut vous faire un atelier de paramétrage. Je vous propose le jeudi 26 novembre, à Roanne. » — « Le 26,
    ça me va. »: the proposer's next step on that day; « on y passe ensemble le 3 décembre ? » goes to the firm named
    before it. A day turned down, or the next meeting's slot, is no promise."""
    crc = run(("Claire Martin", "On peut vous faire un atelier de paramétrage avec vos chefs d'équipe. "
                                "Je vous propose le jeudi 26 novembre, à Roanne."),
              ("Marc Ferrand", "Le 26, ça me va."))
    ((owner, what, due, quotes),) = _items(crc)
    assert owner == "Claire Martin" and what.startswith("Atelier de paramétrage") and "Roanne" in what
    assert due == dt.date(2026, 11, 26) and "26 novembre" not in what
    assert any("Je vous propose le jeudi 26 novembre" in q for q in quotes), quotes
    crc = run(("Claire Martin", "Les Cartonneries Dubreuil utilisent l'outil depuis un an. On y passe ensemble le jeudi 3 décembre ?"),
              ("Marc Ferrand", "Le 3 décembre, parfait."))
    assert [(o, w, d) for o, w, d, _ in _items(crc)] == [("Claire Martin", "Visite chez les Cartonneries Dubreuil",
                                                         dt.date(2026, 12, 3))]
    refused = run(("Claire Martin", "On peut vous faire un atelier de paramétrage. Je vous propose le jeudi 26 novembre."),
                  ("Marc Ferrand", "Le 26, ce n'est pas possible pour nous."))
    assert not _items(refused)
    meeting = run(("Claire Martin", "On se revoit le mardi 1er décembre ?"), ("Marc Ferrand", "Le 1er, ça me va."))
    assert not _items(meeting)


def test_a_promise_left_open_at_the_end_of_its_sentence_or_a_point_taken_back_is_no_promise() -> None:
    """« on vous offrira quelque chose sur la maintenance, on verra ça »: left open by its own sentence; « Je reviens
    là-dessus. »: the speaker goes back on what was said, like « je reviens sur ce point ». « …, et on verra ensuite
    pour la formation » leaves the promise before it whole."""
    assert not _items(run(("Claire Martin", "Pour la première année, on vous offrira quelque chose sur la maintenance, on verra ça.")))
    assert not _items(run(("Claire Martin", "J'avais parlé d'un démarrage en janvier. Je reviens là-dessus, ce sera février.")))
    kept = _items(run(("Claire Martin", "Je vous envoie le devis vendredi, et on verra ensuite pour la formation.")))
    assert any("devis" in what.lower() for _, what, _, _ in kept), kept


def test_the_verb_of_a_time_or_purpose_clause_is_no_promise() -> None:
    """« … la recette doit être signée avant qu'on ouvre l'accès aux agences »: the opening is when, not a promise;
    « dès que vous nous envoyez les codes » is what the promise waits for. The promise of the main clause stays."""
    assert not _items(run(("Marc Ferrand", "Notre DSI veut une recette signée avant qu'on ouvre l'accès aux agences le 3 décembre.")))
    kept = _items(run(("Claire Martin", "Avant qu'on lance la formation, je vous envoie le planning vendredi.")))
    assert any("planning" in what.lower() for _, what, _, _ in kept), kept
