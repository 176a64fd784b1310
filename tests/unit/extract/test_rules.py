"""The rules backend: the issue's quality bar on the bundled samples, and the traps one by one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizer.crc import CRC, Side
from summarizer.extract.base import ExtractContext, ParticipantHint
from summarizer.extract.rules.extractor import extract_rules
from summarizer.ingest.transcript import Segment, Transcript

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
DAY = dt.date(2026, 11, 18)  # a Wednesday


@pytest.fixture(scope="module")
def overall() -> dict[str, float | None]:
    from summarizer.evaluation.runner import run_eval

    report = run_eval(SAMPLES, ["rules"])
    assert not [c for c in report.cases if c.error], "a sample failed to run"
    return report.overall["rules"]


def test_samples_meet_the_issue_bar(overall: dict[str, float | None]) -> None:
    """Issue #2: commitments F1 >= 0.8, owner and due accuracy >= 0.9, decisions and risks F1 >= 0.7."""
    figures = {k: overall[k] for k in ("commitments.f1", "owner_accuracy", "due_date_accuracy", "decisions.f1", "risks.f1")}
    print(figures)
    assert (overall["commitments.f1"] or 0) >= 0.8
    assert (overall["owner_accuracy"] or 0) >= 0.9
    assert (overall["due_date_accuracy"] or 0) >= 0.9
    assert (overall["decisions.f1"] or 0) >= 0.7
    assert (overall["risks.f1"] or 0) >= 0.7


def test_samples_no_trap_and_fully_grounded(overall: dict[str, float | None]) -> None:
    assert overall["traps_extracted"] == 0
    assert overall["grounding"] == 1.0
    assert overall["hallucinated_owners"] == 0


def call(*lines: tuple[str, str]) -> Transcript:
    return Transcript(segments=[
        Segment(index=i, start=float(i * 5), speaker=who, text=text) for i, (who, text) in enumerate(lines)
    ])


CTX = ExtractContext(
    meeting_date=DAY, client="Transports Ferrand", vendor="Logivia",
    participants=[ParticipantHint(name="Claire Martin", side=Side.vendor), ParticipantHint(name="Marc Ferrand", side=Side.client)],
)


def run(*lines: tuple[str, str]) -> CRC:
    t = call(*lines)
    crc = extract_rules(t, CTX)
    CRC.model_validate(crc.model_dump(), context={"transcript": t})  # grounded by construction
    return crc


def run_en(*lines: tuple[str, str]) -> CRC:
    ctx = ExtractContext(meeting_date=DAY, client="Brightwater Foods", vendor="Tallis Analytics", language="en")
    return extract_rules(call(*lines), ctx)


def test_first_person_commitment_is_dated_and_owned() -> None:
    crc = run(("Claire Martin", "Très bien, je vous envoie la proposition commerciale d'ici vendredi."))
    (d,) = crc.deliverables
    assert d.issuer == "Claire Martin" and d.side == Side.vendor
    assert d.due_date == dt.date(2026, 11, 20) and d.due_text == "d'ici vendredi"
    assert "proposition" in d.what.lower()
    assert d.evidence[0].segment == 0 and d.evidence[0].speaker == "Claire Martin"


def test_accepted_request_belongs_to_the_addressee() -> None:
    crc = run(
        ("Claire Martin", "Marc, vous pouvez nous transmettre les volumes avant fin novembre ?"),
        ("Marc Ferrand", "Oui, pas de souci, je vous les envoie."),
    )
    (d,) = crc.deliverables
    assert d.issuer == "Marc Ferrand" and d.side == Side.client
    assert d.due_date == dt.date(2026, 11, 30)
    assert [e.segment for e in d.evidence] == [0, 1]


def test_unanswered_request_is_not_a_commitment() -> None:
    crc = run(
        ("Marc Ferrand", "Est-ce que vous pourriez faire une démo à nos planificateurs ?"),
        ("Claire Martin", "Alors, parlons d'abord du budget."),
    )
    assert crc.next_steps == [] and crc.deliverables == []


@pytest.mark.parametrize(
    "text",
    [
        "Ce serait bien un jour d'avoir l'appli mobile pour les chauffeurs.",
        "Si jamais le budget passe, on pourrait étendre à Marseille.",
        "Faudra qu'on en reparle à l'occasion.",
        "On pourrait éventuellement partir sur la formule annuelle.",
        "Est-ce qu'on part sur le pilote à Lyon ?",
    ],
)
def test_traps_never_become_decisions_or_commitments(text: str) -> None:
    crc = run(("Marc Ferrand", text))
    assert crc.decisions == [] and crc.next_steps == [] and crc.deliverables == []


def test_firm_decision_in_present_tense() -> None:
    crc = run(("Marc Ferrand", "Bon, on part sur le pilote au dépôt de Lyon, c'est le plus représentatif."))
    assert len(crc.decisions) == 1 and "pilote au dépôt de Lyon" in crc.decisions[0].text


def test_unsaid_owner_and_date_stay_null() -> None:
    crc = run(("Marc Ferrand", "Il faudra qu'on vous envoie la liste des serveurs, je ne sais pas encore quand."))
    items = crc.next_steps + crc.deliverables
    assert all(getattr(i, "owner", None) is None and getattr(i, "issuer", None) is None for i in items)
    assert all(i.due_date is None for i in items)


def test_risk_with_mitigation_and_category() -> None:
    crc = run(
        ("Marc Ferrand", "Le budget 2027 n'est pas encore arbitré, c'est un vrai point d'attention."),
        ("Claire Martin", "Pour lever ça, on peut vous proposer un démarrage en deux phases."),
    )
    (r,) = crc.risks
    assert r.category.value == "budget"
    assert r.mitigation and "deux phases" in r.mitigation


def test_participants_sides_from_introductions() -> None:
    t = call(
        ("Claire Martin", "Moi c'est Claire Martin, je suis responsable grands comptes chez Logivia, et je suis avec Julien."),
        ("Julien Roussel", "Bonjour, Julien Roussel, ingénieur avant-vente."),
        ("Marc Ferrand", "Marc Ferrand, directeur d'exploitation. Chez nous on a 140 camions."),
    )
    crc = extract_rules(t, CTX.model_copy(update={"participants": []}))
    sides = {p.name: p.side for p in crc.participants}
    assert sides == {"Claire Martin": Side.vendor, "Julien Roussel": Side.vendor, "Marc Ferrand": Side.client}
    roles = {p.name: p.role for p in crc.participants}
    assert roles["Claire Martin"] == "Responsable grands comptes"
    assert roles["Julien Roussel"] == "Ingénieur avant-vente"


def test_english_commitment() -> None:
    ctx = CTX.model_copy(update={"language": "en"})
    t = call(("Claire Martin", "Great, I'll send you the proposal by Friday."))
    (d,) = extract_rules(t, ctx).deliverables
    assert d.issuer == "Claire Martin" and d.due_date == dt.date(2026, 11, 20)


def test_same_input_same_crc() -> None:
    lines = (("Claire Martin", "Je vous envoie le devis vendredi."), ("Marc Ferrand", "C'est validé pour le pilote à Lyon."))
    assert run(*lines).model_dump() == run(*lines).model_dump()


def test_request_and_its_acceptance_are_one_commitment() -> None:
    ctx = CTX.model_copy(update={"language": "en"})
    t = call(
        ("Claire Martin", "Marc, could you get us the sales history by the end of the month?"),
        ("Marc Ferrand", "Yes, I'll get you the 24 months of sales history by the end of the month."),
    )
    crc = extract_rules(t, ctx)
    items = crc.next_steps + crc.deliverables
    assert len(items) == 1
    (item,) = items
    assert [e.segment for e in item.evidence] == [0, 1]
    assert item.due_date == dt.date(2026, 11, 30)
    assert "sales history" in (getattr(item, "what", None) or getattr(item, "action", "")).lower()


def test_introductions_and_asides_are_not_commitments() -> None:
    crc = run(
        ("Claire Martin", "Je vous présente Julien, notre ingénieur avant-vente."),
        ("Marc Ferrand", "Je te fais le point après."),
        ("Claire Martin", "Je vous envoie la proposition d'ici vendredi."),
    )
    assert [d.what for d in crc.deliverables] and not crc.next_steps
    assert all("présent" not in d.what.lower() for d in crc.deliverables)


def test_lone_verb_takes_its_object_from_the_clause_before() -> None:
    crc = run(("Claire Martin", "Je corrige le tableau d'amortissement et je vous le remontre mercredi prochain."))
    (step,) = crc.next_steps
    # the joined verb keeps its object pronoun, whose noun the action before names (issue 22 item 3)
    assert step.action.lower().startswith("corriger le tableau d'amortissement et le remontrer")
    assert len(step.action.split()) > 2


def test_finders_do_not_depend_on_call_order() -> None:
    from summarizer.extract.rules.clauses import split_clauses
    from summarizer.extract.rules.commitments import find_commitments
    from summarizer.extract.rules.findings import find_decisions, find_facts
    from summarizer.extract.rules.participants import infer_participants

    t = call(("Marc Ferrand", "On part sur le dépôt de Lyon. On a 140 camions et beaucoup d'erreurs de planification sur Excel."),
             ("Claire Martin", "Je vous envoie la proposition commerciale d'ici vendredi."))
    clauses = [c for s in t.segments for c in split_clauses(s, 0)]
    clauses = [c.__class__(c.seg, c.text, c.low, i, c.question, c.offset) for i, c in enumerate(clauses)]
    people = infer_participants(t, clauses, CTX)
    facts_first = find_facts(clauses, people, set())
    _, in_commitments = find_commitments(clauses, people, CTX)
    _, in_decisions = find_decisions(clauses, CTX)
    again = find_facts(clauses, people, set())
    assert [f.text for f in facts_first] == [f.text for f in again]  # nothing hidden was mutated
    assert in_commitments and in_decisions


def test_chained_due_date_hangs_on_the_awaited_item() -> None:
    crc = extract_rules(call(
        ("Claire Martin", "Je vous envoie le contrat lundi 23."),
        ("Marc Ferrand", "Parfait, je vous renvoie le contrat signé sous quarante-huit heures après réception."),
    ), CTX)
    dates = {d.issuer: (d.due_date, d.due_text) for d in crc.deliverables}
    assert dates["Claire Martin"][0] == dt.date(2026, 11, 23)
    assert dates["Marc Ferrand"] == (dt.date(2026, 11, 25), "sous quarante-huit heures après réception")


def test_chained_due_date_without_anchor_stays_null_with_its_words() -> None:
    crc = run(("Marc Ferrand", "Je vous renvoie le bon de commande signé dès réception du devis."))
    (d,) = crc.deliverables
    assert d.due_date is None and d.due_text and "réception du devis" in d.due_text


def test_client_from_the_files_own_title_never_from_its_name() -> None:
    lines = [("Claire Martin", "Bonjour, Claire Martin, responsable grands comptes chez Logivia."),
             ("Marc Ferrand", "Bonjour. Chez nous, on a 140 camions.")]
    blind = ExtractContext(meeting_date=DAY)
    segs = [Segment(index=i, start=float(i), speaker=w, text=x) for i, (w, x) in enumerate(lines)]
    titled = extract_rules(Transcript(segments=segs, source="transports-ferrand.vtt", title="Logivia x Transports Ferrand — découverte"), blind)
    assert titled.meeting.client == "Transports Ferrand"
    untitled = extract_rules(Transcript(segments=segs, source="transports-ferrand.vtt"), blind)
    assert untitled.meeting.client is None
    sides = {p.name: p.side for p in untitled.participants}
    assert sides == {"Claire Martin": Side.vendor, "Marc Ferrand": Side.client}


def test_vendor_who_sends_the_quote_is_on_the_vendor_side() -> None:
    lines = [("Sophie Ngo", "Je vous envoie le devis d'ici vendredi, avec notre solution en option."),
             ("Paul Mercier", "Très bien. Chez nous, le budget est validé par le comité.")]
    crc = extract_rules(call(*lines), ExtractContext(meeting_date=DAY))
    sides = {p.name: p.side for p in crc.participants}
    assert sides == {"Sophie Ngo": Side.vendor, "Paul Mercier": Side.client}


def test_participant_sides_without_client_or_vendor_given_on_samples() -> None:
    """Issue 10: sides from what people do and say, even when the user names neither party (>= 95 %)."""
    from summarizer.evaluation.gold import load_gold
    from summarizer.evaluation.matching import name_key
    from summarizer.ingest.transcript import read_transcript

    right = total = 0
    for gold_path in sorted(SAMPLES.glob("*.gold.json")):
        gold = load_gold(gold_path)
        if gold.meeting_date is None:
            continue
        crc = extract_rules(read_transcript(gold_path.parent / gold.transcript),
                            ExtractContext(meeting_date=gold.meeting_date, language=gold.language))
        predicted = {name_key(p.name): p.side.value for p in crc.participants}
        for p in gold.participants:
            total += 1
            right += predicted.get(name_key(p.name)) == p.side
    assert total and right / total >= 0.95, (right, total)


def test_next_step_names_its_counterpart() -> None:
    crc = run(("Claire Martin", "Je vous rappelle lundi pour caler la suite."),
              ("Claire Martin", "Je vous présente la démo jeudi."))
    actions = {s.action for s in crc.next_steps}
    assert actions == {"Rappeler Transports Ferrand pour caler la suite", "Présenter la démo à Transports Ferrand"}


def test_accepted_request_reads_as_the_action_not_the_modal() -> None:
    crc = run(("Claire Martin", "Marc, vous pouvez organiser la visite du dépôt avant fin novembre ?"),
              ("Marc Ferrand", "Oui, je m'en occupe."))
    (step,) = crc.next_steps
    assert step.action == "Organiser la visite du dépôt" and step.owner == "Marc Ferrand"


def test_greeting_is_not_a_commitment() -> None:
    crc = run(("Claire Martin", "Bonne journée, je vous remercie."))
    assert not crc.next_steps and not crc.deliverables


def test_organisation_answering_the_phone_is_the_client() -> None:
    """ "Groupe Verlaine, bonjour": the caller sells, so the organisation that answers is the client."""
    t = call(
        ("Sonia Perrin", "Groupe Verlaine, bonjour, Sonia à l'accueil."),
        ("Hugo Marchal", "Bonjour, Hugo Marchal, je suis chargé d'affaires chez Novelis. Je vous envoie notre devis ?"),
        ("Sonia Perrin", "Alors, bonjour, je vous passe le responsable."),
    )
    crc = extract_rules(t, CTX.model_copy(update={"participants": [], "client": None, "vendor": None}))
    assert crc.meeting.client == "Groupe Verlaine"
    assert {p.name: p.side for p in crc.participants} == {"Sonia Perrin": Side.client, "Hugo Marchal": Side.vendor}


def test_an_interjection_before_bonjour_is_no_organisation() -> None:
    t = call(
        ("Sonia Perrin", "Parfait, bonjour à tous."),
        ("Hugo Marchal", "Bonjour, Hugo Marchal, chargé d'affaires chez Novelis."),
    )
    crc = extract_rules(t, CTX.model_copy(update={"participants": [], "client": None, "vendor": None}))
    assert crc.meeting.client is None


def test_who_signs_what_is_a_decision_role_not_a_commitment() -> None:
    """Issue 23: « je valide le budget, et le président signe au-delà de 50 000 € » states who decides."""
    crc = run(("Claire Martin", "Qui valide le budget chez vous ?"),
              ("Marc Ferrand", "Je valide le budget, et le président signe au-delà de 50 000 €."),
              ("Marc Ferrand", "Je vous envoie le contrat signé vendredi."),
              ("Sophie Ngo", "Above 100k, the CFO signs off."))
    texts = [s.action for s in crc.next_steps] + [d.what for d in crc.deliverables]
    assert texts == ["Le contrat signé"], texts


def test_who_signs_said_with_a_name_in_apposition_is_no_commitment() -> None:
    """« Moi je valide le budget travaux. Mais au-delà de quarante mille euros, c'est notre président, Bernard
    Lacoste, qui signe. »: the name between commas still says who signs."""
    crc = run(("Marc Ferrand", "Moi je valide le budget travaux. Mais au-delà de quarante mille euros, c'est notre "
                               "président, Bernard Lacoste, qui signe."))
    assert not crc.next_steps and not crc.deliverables


def test_a_promise_whose_object_is_a_pronoun_takes_it_from_the_lines_before() -> None:
    """Issue 23: « il me manque l'attestation … » / « je vous l'envoie demain » is one dated deliverable."""
    crc = run(("Claire Martin", "Il me manque l'attestation d'hébergement en France pour boucler le dossier."),
              ("Marc Ferrand", "D'accord, je vous l'envoie demain."),
              ("Claire Martin", "Et le planning du pilote, vous l'avez ?"),
              ("Marc Ferrand", "Oui, je vous le transmets vendredi."))
    got = [(d.what, d.issuer, d.due_date, len(d.evidence)) for d in crc.deliverables]
    assert got == [("L'attestation d'hébergement en France", "Marc Ferrand", DAY + dt.timedelta(days=1), 2),
                   ("Le planning du pilote", "Marc Ferrand", dt.date(2026, 11, 20), 2)], got


def test_date_words_that_name_the_thing_stay_whole() -> None:
    """Issue 23: « au comité du 14 janvier » never becomes « au comité du »."""
    crc = run(("Claire Martin", "Je présente le pilote au comité du 14 janvier, avec les chiffres de Lyon."))
    (step,) = crc.next_steps
    assert "comité du 14 janvier" in step.action and step.due_date == dt.date(2027, 1, 14), step


def test_a_colleague_presented_by_a_speaker_takes_that_speakers_side() -> None:
    ctx = ExtractContext(meeting_date=DAY, client="Transports Ferrand", vendor="Logivia")
    crc = extract_rules(call(
        ("Claire Martin", "Bonjour, Claire Martin, chargée d'affaires chez Logivia. Je vous présente Yann Le Goff, notre formateur."),
        ("Yann Le Goff", "Bonjour. Chez nous, nos équipes connaissent bien le terrain, on forme sur site."),
        ("Marc Ferrand", "Bonjour, Marc Ferrand, directeur logistique chez Transports Ferrand. Notre flotte compte 40 camions."),
    ), ctx)
    sides = {p.name: p.side for p in crc.participants}
    assert sides == {"Claire Martin": Side.vendor, "Yann Le Goff": Side.vendor, "Marc Ferrand": Side.client}


def test_a_colleague_presented_with_the_vendors_name_settles_both_sides() -> None:
    """Issue 23: a later call where the rep never says her own name: « J'ai avec moi aujourd'hui Arnaud Ribes,
    notre responsable déploiement chez Planéo » puts him, and her with him, on the vendor's side."""
    ctx = ExtractContext(meeting_date=DAY, client="Maisons Castagnède", vendor="Planéo")
    crc = extract_rules(call(
        ("Mathilde Garros", "Bonjour Olivier. J'ai avec moi aujourd'hui Arnaud Ribes, notre responsable déploiement chez Planéo."),
        ("Arnaud Ribes", "Bonjour à tous. Je m'occupe des déploiements et de la formation."),
        ("Olivier Castagnède", "Bonjour. Le projet, on l'a validé en comité lundi."),
    ), ctx)
    people = {p.name: p for p in crc.participants}
    assert (people["Arnaud Ribes"].side, people["Arnaud Ribes"].organization) == (Side.vendor, "Planéo")
    assert people["Arnaud Ribes"].role == "Responsable déploiement"
    assert people["Mathilde Garros"].side == Side.vendor and people["Olivier Castagnède"].side == Side.client


def test_a_colleague_asked_to_join_who_runs_our_site_is_on_the_speakers_side() -> None:
    ctx = ExtractContext(meeting_date=DAY, client="Brightwater Foods", vendor="Tallis Analytics", language="en")
    crc = extract_rules(call(
        ("Priya Nair", "Hi Gareth, hi Aisha. Tom is with me again today."),
        ("Gareth Lloyd", "Hi both. Gareth Lloyd, at Brightwater Foods. I've also asked Lucy Grant to join, she runs our "
                         "bakery site in Leeds."),
        ("Lucy Grant", "Hello everyone, Lucy Grant, bakery site manager."),
        ("Gareth Lloyd", "Our planners build the forecast in spreadsheets, and our waste is six percent."),
    ), ctx)
    sides = {p.name: p.side for p in crc.participants}
    assert sides["Lucy Grant"] == sides["Gareth Lloyd"] == Side.client


def test_an_organisation_said_after_the_speakers_sentence_is_not_theirs() -> None:
    """Issue 22: « …, Hugo Delmas. Mes invités sont de Transports Ferrand »: the host names his guests' house,
    not his own; « Lina Barre, la DSI de Ferrand » (« de » elided as « d' » too) names hers."""
    ctx = ExtractContext(meeting_date=DAY, client="Ortival Transports", vendor="Logivia")
    crc = extract_rules(call(
        ("Hugo Delmas", "Bonjour, je vous accueille, Hugo Delmas. Mes deux invités viennent de la société Ortival Transports."),
        ("Lina Barre", "Bonjour, Lina Barre, je suis la DSI d'Ortival."),
    ), ctx)
    people = {p.name: p for p in crc.participants}
    assert people["Hugo Delmas"].organization != "Ortival Transports"
    assert people["Lina Barre"].side == Side.client


def test_the_side_model_keeps_a_host_it_is_sure_sells_from_the_client_side() -> None:
    """Issue 22: once one side is known, whoever is left defaults to the client, unless the side model is
    sure they sell (a host who never names their own house)."""
    from summarizer.extract.rules.participants import _fill_sides

    votes = {"A": 3.0, "B": 0.0, "C": 0.0}
    filled = _fill_sides({"A": Side.vendor}, votes, ["A", "B", "C"], {"B": Side.vendor})
    assert filled == {"A": Side.vendor, "C": Side.client}  # B is left to the model
    assert _fill_sides({"A": Side.vendor}, votes, ["A", "B", "C"]) == {"A": Side.vendor, "B": Side.client, "C": Side.client}


def test_when_nobody_is_known_to_sell_the_most_seller_like_speaker_does() -> None:
    """Issue 22: « unknown » is never a side on a sales call; when the evidence settles nobody as the seller,
    the side model's likeliest seller sells and the others buy; without a model, the cues, then who speaks most.
    A meeting that names no party and where no side is known (a debate) keeps its speakers unknown."""
    from summarizer.extract.rules.participants import _last_resort

    votes, speakers, share = {"A": 0.0, "B": 0.0, "C": 0.0}, ["A", "B", "C"], {"A": 120.0, "B": 300.0, "C": 80.0}
    assert _last_resort({}, votes, speakers, {"A": 0.4, "B": 0.62, "C": 0.35}, share, True) == {
        "A": Side.client, "B": Side.vendor, "C": Side.client}
    # the client known, the model unsure of everyone else: its likeliest seller still sells
    assert _last_resort({"C": Side.client}, votes, speakers, {"A": 0.45, "B": 0.3, "C": 0.1}, share, True) == {
        "A": Side.vendor, "B": Side.client, "C": Side.client}
    # no model: a cue, else who speaks most
    assert _last_resort({}, {**votes, "A": 1.0}, speakers, {}, share, True)["A"] == Side.vendor
    assert _last_resort({"C": Side.client}, votes, speakers, {}, share, True) == {
        "A": Side.client, "B": Side.vendor, "C": Side.client}
    assert _last_resort({}, votes, speakers, {}, share, False) == {}


def test_who_sends_the_order_form_and_speaks_of_your_plants_sells_in_english() -> None:
    """Issue 22: the rep never names her house; she sends the order form and speaks of the buyer's plants."""
    ctx = ExtractContext(meeting_date=DAY, client="Brightwater Foods", vendor="Tallis Analytics", language="en")
    crc = extract_rules(call(
        ("Nora Quinn", "Hello all. For your three bakery plants the price holds. I can get you the updated order form tonight."),
        ("Gareth Lloyd", "Fine. Our budget is tight this year, our CFO will look at it."),
        ("Tom Reyes", "Sounds good to me."),
    ), ctx)
    sides = {p.name: p.side for p in crc.participants}
    assert sides["Nora Quinn"] == Side.vendor and sides["Gareth Lloyd"] == Side.client


def test_chez_nous_says_nothing_of_a_side() -> None:
    """Issue 22: sellers say « chez nous » of their own house as much as buyers do (tune calls of calls-dev:
    5 sellers, 4 buyers); a rep who says it twice and shows her screen is not read as the client."""
    crc = extract_rules(call(
        ("Inès Caro", "Chez nous le support répond en une heure, et chez nous la formation est incluse. Je vous montre l'écran."),
        ("Paul Vidal", "D'accord. Notre budget est serré cette année."),
    ), ExtractContext(meeting_date=DAY, client="Transports Ferrand", vendor="Logivia"))
    sides = {p.name: p.side for p in crc.participants}
    assert sides == {"Inès Caro": Side.vendor, "Paul Vidal": Side.client}


def test_who_speaks_of_your_agencies_and_resends_the_proposal_sells() -> None:
    crc = extract_rules(call(
        ("Inès Caro", "Pour vos agences de l'ouest, je vous renvoie la proposition corrigée demain."),
        ("Paul Vidal", "Très bien, merci."),
    ), ExtractContext(meeting_date=DAY, client="Transports Ferrand", vendor="Logivia"))
    sides = {p.name: p.side for p in crc.participants}
    assert sides["Inès Caro"] == Side.vendor and sides["Paul Vidal"] == Side.client


def test_a_transcript_without_speaker_labels_still_lists_who_introduces_themself() -> None:
    """Issue 22: no turn is labelled; the rep introduces herself with her house, greets the buyer with a title,
    the buyer presents a colleague (once more under an ASR split of his surname): three people, one vendor."""
    ctx = ExtractContext(meeting_date=DAY, client="Transports Ferrand", vendor="Logivia")
    t = Transcript(segments=[Segment(index=i, start=float(i * 5), speaker=None, text=text) for i, text in enumerate((
        "Bonjour, vous m'entendez ?",
        "Bonjour Madame Lacombe. Alors, Inès Caro, de chez Logivia. Merci pour ce créneau.",
        "Avec plaisir. Je suis avec Gaspard Morvillier, qui gère nos entrepôts.",
        "Bonjour. Gaspard Mor Villier. Je suis celui qui commande le plus.",
        "Je vous envoie la proposition vendredi.",
    ))])
    crc = extract_rules(t, ctx)
    assert {(p.name, p.side) for p in crc.participants} == {
        ("Inès Caro", Side.vendor), ("Lacombe", Side.client), ("Gaspard Morvillier", Side.client)}


def test_people_named_with_their_job_who_never_speak_are_listed_as_absent() -> None:
    """Issue 23: « il faudra convaincre notre DAF, Mme Rouquier » names who decides, never met: an absent
    participant on the speaker's side (the account finds her from the CRC alone); a speaker named by first
    name with a job is no one new, and the absent are no contacts for the e-mail."""
    from summarizer.render.common import client_contacts

    crc = run(("Claire Martin", "Bonjour Marc. Claire Martin, de Logivia."),
              ("Marc Ferrand", "Pour un montant pareil, il faudra convaincre notre DAF, Mme Rouquier."),
              ("Claire Martin", "Et Claire, votre interlocutrice, reste joignable. Je vous envoie la proposition vendredi."))
    absent = [p for p in crc.participants if p.attended is False]
    assert [(p.name, p.side, p.role, p.organization) for p in absent] == [
        ("Rouquier", Side.client, "DAF", "Transports Ferrand")]
    assert [p.name for p in client_contacts(crc)] == ["Marc Ferrand"]


def test_a_proposal_the_other_side_takes_is_a_decision() -> None:
    crc = run(("Claire Martin", "Je propose le lundi 5 octobre pour la mise en production du pilote."),
              ("Marc Ferrand", "Le 5 octobre. Va pour le 5 octobre."))
    assert [d.text for d in crc.decisions] == ["Le lundi 5 octobre pour la mise en production du pilote"]
    assert [e.segment for e in crc.decisions[0].evidence] == [0, 1]


@pytest.mark.parametrize("reply", ["Le 5 octobre, mais il faut voir avec la DSI.", "Le 5 octobre ? C'est tôt.", "Non, c'est trop tôt."])
def test_a_proposal_met_with_a_but_a_question_or_a_no_decides_nothing(reply: str) -> None:
    crc = run(("Claire Martin", "Je propose le lundi 5 octobre pour la mise en production du pilote."), ("Marc Ferrand", reply))
    assert crc.decisions == []


def test_an_agenda_or_a_meetings_slot_proposed_and_taken_is_no_decision() -> None:
    crc = run(("Claire Martin", "Bonjour à tous."), ("Marc Ferrand", "Bonjour."), ("Claire Martin", "On commence."),
              ("Marc Ferrand", "Allez."), ("Claire Martin", "Oui."), ("Marc Ferrand", "Bien."), ("Claire Martin", "Alors."),
              ("Marc Ferrand", "Oui."), ("Claire Martin", "Voilà."), ("Marc Ferrand", "Bon."),
              ("Claire Martin", "On a une heure. Je vous propose : vous présentez le contexte, ensuite la démo du portail."),
              ("Marc Ferrand", "Parfait, allons-y."),
              ("Claire Martin", "Pour le prochain point, je propose le mardi à neuf heures."), ("Marc Ferrand", "Ça me va."))
    assert crc.decisions == []


@pytest.mark.parametrize("said", ["Juillet pour racker, août pour migrer. C'est serré, mais ça se fait.",
                                  "Neuf sites en septembre, le risque c'est le planning, mais c'est faisable."])
def test_a_concern_conceded_in_the_same_breath_is_no_risk(said: str) -> None:
    assert run(("Marc Ferrand", said)).risks == []


@pytest.mark.parametrize(("greeting", "org"), [("Pharmacie de la Ville Close, bonjour.", "Pharmacie de la Ville Close"),
                                               ("Sextant Ingénierie, Aurélie Mercadier bonjour.", "Sextant Ingénierie")])
def test_the_organisation_that_answers_the_phone_is_the_client(greeting: str, org: str) -> None:
    ctx = ExtractContext(meeting_date=DAY, vendor="Logivia")
    crc = extract_rules(call(("Aurélie Mercadier", greeting),
                             ("Claire Martin", "Bonjour Madame, Claire Martin, chargée d'affaires chez Logivia. Je vous appelle au sujet de vos livraisons.")),
                        ctx)
    assert crc.meeting.client == org


def test_the_callee_named_by_the_caller_and_the_host_welcoming_visitors_name_the_client() -> None:
    ctx = ExtractContext(meeting_date=DAY, vendor="Logivia")
    asked = extract_rules(call(
        ("Claire Martin", "Oui bonjour, Claire Martin, Logivia. Je cherche à joindre Monsieur Baptiste de Solignac Construction."),
        ("Paul Baptiste", "C'est moi, bonjour. Je vous écoute, nos chantiers tournent à plein.")), ctx)
    assert asked.meeting.client == "Solignac Construction"
    hosted = extract_rules(call(
        ("Gilles Poirier", "Bonjour ! Bienvenue chez Lambertin. Chez nous, on a quatre quais."),
        ("Claire Martin", "Merci. Claire Martin, chargée d'affaires chez Logivia, je vous présente notre offre.")), ctx)
    assert hosted.meeting.client == "Lambertin"


def test_taking_charge_is_no_action_of_its_own() -> None:
    crc = run(("Claire Martin", "Vous pourriez nous sortir une extraction des dossiers ?"),
              ("Marc Ferrand", "Oui, je m'en occupe. Je vous envoie l'extraction vendredi."))
    actions = [s.action for s in crc.next_steps] + [d.what for d in crc.deliverables]
    assert actions and not any("occuper" in a.lower() for a in actions), actions


@pytest.mark.parametrize("lines", [
    (("Marc Ferrand", "Donc on démarre le lundi d'après, le 19. Si le comité donne son accord."),),
    (("Marc Ferrand", "Si la direction donne son feu vert mercredi, on part sur le pilote à Lyon."),),
    (("Claire Martin", "Je résume : on part sur le pilote à Lyon, version finale ce soir."),),
    (("Claire Martin", "Et on garde les conditions commerciales pour quand Maëlle sera là."),),
])
def test_a_decision_hanging_on_a_condition_or_a_recap_decides_nothing_new(lines: tuple[tuple[str, str], ...]) -> None:
    assert run(*lines).decisions == []


@pytest.mark.parametrize("said", [
    "On part sur la généralisation à tous les sites, sous réserve du conseil.",
    "Donc on démarre le lundi d'après, le 19. Si le comité ne bloque pas.",  # only what could still stop it
    "Alors on lance la migration en mars. Sauf si l'audit révèle un problème.",
])
def test_a_decision_under_reservation_is_still_taken(said: str) -> None:
    assert len(run(("Marc Ferrand", said)).decisions) == 1


def test_a_reservation_in_english_is_no_condition() -> None:
    assert len(run_en(("Tom Hale", "Okay, we'll go with the annual plan. Unless legal objects.")).decisions) == 1


def test_lets_do_it_takes_what_the_speaker_spells_out_next() -> None:
    crc = run_en(("Priya Nair", "We could run a pilot on the Leeds site for sixty days."),
                 ("Gareth Lloyd", "Okay. Yeah, let's do it. Sixty days, starting Monday the sixteenth."))
    (decision,) = crc.decisions
    assert "sixty days" in decision.text.lower() or "60 days" in decision.text.lower()


@pytest.mark.parametrize("lines", [
    (("Claire Martin", "Sur ces bases, nous sommes d'accord."),),
    (("Claire Martin", "Accord de principe sur le renouvellement à trois ans, avec la remise de 5 %."),),
])
def test_an_agreement_in_principle_is_a_decision(lines: tuple[tuple[str, str], ...]) -> None:
    """A group saying it agrees, and the phrase of the trade for it, settle something; a question does not."""
    crc = run(("Marc Ferrand", "On vous propose le renouvellement à trois ans, avec une remise de 5 % sur la maintenance."), *lines)
    assert len(crc.decisions) == 1


def test_agreeing_asked_as_a_question_decides_nothing() -> None:
    assert run(("Claire Martin", "Sur ces bases, on est d'accord ?")).decisions == []


def test_a_decision_then_what_is_left_for_later_are_two_clauses() -> None:
    """« pis » (spoken « puis ») starts a new clause: what is put off does not take the decision with it."""
    (decision,) = run(("Marc Ferrand", "Ça me va. On part sur la phase un, le diagnostic, pis on verra pour la suite après.")).decisions
    assert "verra" not in decision.text


@pytest.mark.parametrize("said", [
    "Et puis il faudrait qu'on puisse déclarer nos expéditions en ligne, au lieu du fichier qu'on vous envoie tous les mois.",
    "Oui, on reviendra vers vous pour la suite, pas de souci.",
    "Je vous envoie la grille tarifaire quand vous voulez.",
])
def test_a_need_an_offer_at_your_convenience_or_a_follow_up_without_object_is_no_promise(said: str) -> None:
    crc = run(("Marc Ferrand", said))
    assert crc.next_steps == [] and crc.deliverables == []


@pytest.mark.parametrize(("lines", "text"), [
    ((("Marc Ferrand", "Alors on passe à quatre heures et demie pour la synchronisation des prix."),), None),
    ((("Marc Ferrand", "Allez, on part là-dessus. Trente-six sacs par mois jusqu'au 30 juin."),),
     "36 sacs par mois jusqu'au 30 juin"),
    ((("Claire Martin", "On vous propose une tablette par baraque de chantier."),
      ("Marc Ferrand", "Une tablette par baraque, ça va. On fait comme ça.")), None),
    ((("Marc Ferrand", "Donc on s'en tient aux huit jours de formation du marché."),), None),
])
def test_the_group_concluding_what_it_does_is_a_decision(lines: tuple[tuple[str, str], ...], text: str | None) -> None:
    """No decision verb in a list: a conclusion word, then « on » doing something now."""
    (decision,) = run(*lines).decisions
    if text is not None:
        assert decision.text == text  # a short « on part là-dessus » is what the speaker spells out next


@pytest.mark.parametrize("said", [
    "Bon, on passe au point suivant.",
    "Alors, on se remet en salle, ce sera plus calme qu'à côté de la ligne.",
    "Alors, on génère du PDF balisé pour l'accessibilité.",
    "Entendu, on le chiffrera avec et sans subvention dans l'offre.",
    "Donc on a un souci sur les quais de chargement.",
    "Ensuite on valide, et on reçoit le bon à tirer en PDF.",
    "Alors on en reparle pour le prix la prochaine fois.",
    "Alors on y va. Hansa a dit qu'ils enverraient leur glossaire maison.",
    "Oui, c'est pour ça qu'on renouvelle le contrat de maintenance chaque année.",  # a reason, not a decision
    "On est d'accord. Le module de paie ne fonctionne pas avec les astreintes du week-end.",  # agreeing on a problem
    "Vous avez une équipe qui part en congé tous les étés. On est d'accord.",  # a tag asking assent, not a decision
    "De mars à mai, on ne touche à rien. Si ce n'est pas livré avant février, on décale à juin.",  # a true condition
])
def test_what_the_group_does_in_the_meeting_or_as_a_rule_is_no_decision(said: str) -> None:
    assert run(("Claire Martin", said)).decisions == []


def test_two_wordings_of_one_decision_are_one() -> None:
    crc = run(("Marc Ferrand", "Trois ans avec le plafond à 3 %, on part là-dessus."),
              ("Marc Ferrand", "On renouvelle pour trois ans avec l'indexation plafonnée à 3 %, sous réserve du conseil."))
    assert len(crc.decisions) == 1 and len(crc.decisions[0].evidence) == 3


@pytest.mark.parametrize(("said", "expected"), [
    ("Et je vais être franc avec vous, le délégué de chez Dunevia est passé lundi avec une offre.",
     "Le délégué de chez Dunevia est passé lundi avec une offre"),
    ("Les flyers, chez Imprim'Express, je les ai nettement moins chers. Je ne vais pas vous mentir.", None),
    ("Mais attention, notre DPO va vouloir une analyse d'impact avant tout raccordement.", None),
    ("Ça, on ne va pas se mentir, c'est serré pour le recrutement.", "C'est serré pour le recrutement"),
])
def test_what_a_warning_of_bad_news_frames_is_a_risk(said: str, expected: str | None) -> None:
    (risk,) = run(("Marc Ferrand", said)).risks
    assert "franc" not in risk.text and "mentir" not in risk.text
    if expected is not None:
        assert risk.text == expected


def test_a_frank_price_objection_is_no_risk() -> None:
    assert run(("Marc Ferrand", "Je vais être directe : le prix, ça ne va pas du tout pour nous.")).risks == []


@pytest.mark.parametrize(("said", "due"), [
    ("Le bon de commande, je vous le fais partir la semaine prochaine. Mardi au plus tard.", dt.date(2026, 11, 24)),
    ("Je vous envoie l'extraction anonymisée. Mercredi 25, ça vous va ?", dt.date(2026, 11, 25)),
])
def test_a_deadline_said_right_after_the_promise_dates_it(said: str, due: dt.date) -> None:
    (item,) = [*run(("Marc Ferrand", said)).deliverables, *run(("Marc Ferrand", said)).next_steps]
    assert item.due_date == due
    assert len(item.evidence) == 2  # the deadline's own words are quoted


def test_a_promise_takes_the_day_its_speaker_corrects_to() -> None:
    crc = run(("Claire Martin", "Et le devis pour le pilote ? Il me faut quelque chose d'écrit pour la direction."),
              ("Marc Ferrand", "Je vous l'envoie lundi. Ah non, lundi je suis en congé. Mardi, alors. Mardi 24."))
    (item,) = crc.deliverables
    assert item.due_date == dt.date(2026, 11, 24) and item.what == "Le devis"
    (same,) = run(("Marc Ferrand", "Je vous envoie la proposition lundi, pardon, mardi.")).deliverables
    assert same.due_date == dt.date(2026, 11, 24) and "lundi" not in same.what


def test_a_deadline_on_the_same_speakers_next_line_dates_the_promise() -> None:
    """A transcript cuts one turn in two lines: « … baie par baie. » | « d'ici vendredi. »."""
    crc = run(("Marc Ferrand", "Et de notre côté je vous envoie l'inventaire des équipements, baie par baie."),
              ("Marc Ferrand", "D'ici vendredi."))
    (item,) = [*crc.deliverables, *crc.next_steps]
    assert item.due_date == dt.date(2026, 11, 20) and [e.segment for e in item.evidence] == [0, 1]
    other = run(("Marc Ferrand", "Et de notre côté je vous envoie l'inventaire des équipements, baie par baie."),
                ("Claire Martin", "D'ici vendredi."))
    assert [i.due_date for i in [*other.deliverables, *other.next_steps]] == [None]  # someone else's words


@pytest.mark.parametrize(("said", "wrong"), [
    ("Voilà. On calera ça au kick-off.", "Caler"),
    ("Je te sors ça du logiciel et je te l'envoie demain.", "Du logiciel"),
    ("Bonjour Madame Le Gall. Vous avez sa carte Vitale ? Je vous prépare ça.", "Préparer le Gall"),
    ("Je te laisse. Merci Claire, je t'envoie tout ça. À mardi !", "Envoyer tout cela"),
])
def test_an_object_nobody_named_is_not_made_up(said: str, wrong: str) -> None:
    """A lone verb, a « de + le » complement, a name's particle or « tout ça » is no object a reader can check."""
    crc = run(("Marc Ferrand", said))
    assert wrong not in [s.action for s in crc.next_steps] + [d.what for d in crc.deliverables]


def test_a_short_agreement_decides_only_what_its_own_turn_or_a_validation_names() -> None:
    """"Yeah, so we're in." after someone else's "that's great for us" settles nothing the CRC could name."""
    crc = run(("Claire Martin", "Yeah, that's great for us."), ("Marc Ferrand", "Yeah, so we're in."))
    assert crc.decisions == []


@pytest.mark.parametrize("said", [
    "Je vous préviens quand c'est en ligne, dès la mise en production.",
    "Je vais être honnête : sur le principe, je suis convaincue.",
    "Il y a eu des problèmes aussi au démarrage, soyons honnêtes.",
    "Vous voulez un café ? On n'a que du soluble, hein, je vous préviens.",
])
def test_what_no_warning_frames_is_no_risk(said: str) -> None:
    """A promise to notify, a conviction, the past, a joke: « je vous préviens » or honesty alone frame no risk."""
    assert run(("Marc Ferrand", said)).risks == []


def test_the_rest_of_a_warned_turn_explains_its_risk() -> None:
    crc = run(("Marc Ferrand", "But I'll be honest: security will be a big topic for us. Our clients include two retailers. "
                               "Any new supplier has to pass our security questionnaire."))
    assert len(crc.risks) == 1 and len(crc.risks[0].evidence) == 2


def test_a_decision_pointing_at_what_was_said_is_worded_by_it() -> None:
    (d,) = run(("Marc Ferrand", "Une tablette par baraque, ça, ça va. On fait comme ça.")).decisions
    assert d.text == "Une tablette par baraque"


def test_a_dated_meeting_proposed_and_taken_is_no_decision() -> None:
    crc = run(("Claire Martin", "On peut venir faire une démonstration sur site. Je vous propose le mardi 15 décembre, à Condat."),
              ("Marc Ferrand", "Le 15, c'est bon pour moi. Va pour le 15 décembre."))
    assert crc.decisions == []


def test_a_verb_in_two_tenses_is_quoted_not_guessed() -> None:
    """« vous partiez » is an imperfect or a subjunctive: no ending rule writes « partie », the speaker's words stay."""
    (d,) = run(("Claire Martin", "Ok, donc on fait la sécurité avant que vous partiez. Noté.")).decisions
    assert "partie " not in d.text + " " and "partiez" in d.text


def test_a_possessed_noun_keeps_its_acronym() -> None:
    (d,) = run(("Claire Martin", "Ok, on part sur votre annexe DORA, et on vous fera nos commentaires.")).decisions
    assert d.text == "L'annexe DORA de Transports Ferrand"


def test_the_stockroom_is_no_reservation() -> None:
    crc = run(("Marc Ferrand", "Ne quittez pas, je vous le passe, il est à la réserve avec les livreurs."))
    assert crc.risks == []


def test_a_lone_verb_is_not_glued_to_words_that_state_no_action() -> None:
    """Issue 22 item 3: « Gérard est en congé cette semaine. Je vais les relancer demain. » never becomes
    « Gérard est en congé cette semaine et relancer »: the words before name no action, so the promise is
    quoted, with its short lead, as said."""
    crc = run(("Claire Martin", "Gérard est en congé cette semaine. Je vais les relancer demain."))
    (step,) = crc.next_steps
    assert step.action == "« Gérard est en congé cette semaine. Je vais les relancer demain »"
    assert step.due_text == "demain"


def test_a_noun_said_after_a_time_preposition_is_no_object() -> None:
    """« … avant la rentrée » then « je te la mets de côté »: « la » is not « la rentrée » (when, not what), so
    the promise keeps the speaker's words rather than « Mettre la rentrée »."""
    crc = run(("Marc Ferrand", "Ah non, le client n'a plus d'eau chaude. Faut que je pose avant la rentrée, moi."),
              ("Claire Martin", "Ben je te la bloque, alors. Je te la mets de côté jusqu'à vendredi, mais vendredi soir "
                                "je la remets en stock."))
    (step,) = crc.next_steps
    assert "rentrée" not in step.action and step.action.startswith("« Je te la mets de côté")


@pytest.mark.parametrize(("said", "what"), [
    ("On vous fournit le contrat de sous-traitance et la note de sécurité d'ici vendredi.",
     "Le contrat de sous-traitance et la note de sécurité"),  # « sous-traitance » is no « sous huitaine »
    ("Je vous envoie une première version à J+5.", "Une première version"),  # never « … version à »
])
def test_a_deliverable_never_ends_on_a_preposition(said: str, what: str) -> None:
    (d,) = run(("Claire Martin", said)).deliverables
    assert d.what == what


def test_a_next_step_never_ends_on_the_preposition_of_its_removed_deadline() -> None:
    (step,) = run(("Claire Martin", "Je vous fais un premier chiffrage à J+3.")).next_steps
    assert step.action == "Faire un premier chiffrage" and step.due_text == "J+3"


def test_english_hedge_on_a_removed_deadline_goes_with_it() -> None:
    """"next week-ish": the day goes to the due date, and its hedge with it, never "… -ish"."""
    crc = extract_rules(call(("Ruth Hale", "I'll send you the pallet plan next week-ish.")),
                        ExtractContext(meeting_date=DAY, client="Dunmore", vendor="Pinecrest", language="en"))
    texts = [s.action for s in crc.next_steps] + [d.what for d in crc.deliverables]
    assert texts and not any("-ish" in t for t in texts), texts


@pytest.mark.parametrize(("said", "action"), [
    # the infinitive drops the object pronoun: with nothing else said the action would be a bare verb
    ("Je vous le renvoie signé avant vendredi.", "« Je vous le renvoie signé avant vendredi »"),
    ("Je vous la fais passer demain.", "« Je vous la fais passer demain »"),
    # whom it goes to, or the noun said after, still make an action
    ("Je le présente au comité de direction jeudi.", "Présenter au comité de direction"),
    ("Je vous le transmets lundi, le planning.", "Transmettre le planning"),
])
def test_an_action_whose_object_pronoun_went_says_something_or_is_quoted(said: str, action: str) -> None:
    (step,) = run(("Claire Martin", said)).next_steps
    assert step.action == action


@pytest.mark.parametrize(("said", "action"), [
    # what the listener will have is theirs to receive: never the imperative "Have the price list" (a lone speaker sells)
    ("You'll have the final price list by the twentieth, I promise.", "Dunmore will have the final price list"),
    ("I will send the workbook today itself, after this call.", "Send the workbook, after this call"),  # "itself" hangs on "today"
])
def test_english_promises_read_whole(said: str, action: str) -> None:
    crc = extract_rules(call(("Ruth Hale", said)),
                        ExtractContext(meeting_date=DAY, client="Dunmore", vendor="Pinecrest", language="en"))
    assert [s.action for s in crc.next_steps] == [action]


def test_a_week_alone_dates_a_promise_without_giving_it_a_day() -> None:
    """« cette semaine » makes the present a promise, keeps its words, and names no day (the ledger still
    knows when it is overdue: the week's Friday)."""
    from summarizer.downstream.account import commitments_of

    crc = run(("Marc Ferrand", "Oui, très bien, je préviens les chefs d'équipe cette semaine."))
    (step,) = crc.next_steps
    assert step.due_date is None and step.due_text == "cette semaine" and "semaine" not in step.action
    (line,) = commitments_of(crc)
    assert line.due_date is None and line.deadline == dt.date(2026, 11, 20)


def test_two_promises_sharing_a_word_are_two_when_each_says_its_time() -> None:
    crc = run(("Claire Martin", "Je vous renvoie le dossier de référencement demain."),
              ("Claire Martin", "Et je vous envoie notre dossier sécurité la semaine prochaine."))
    assert len(crc.next_steps) + len(crc.deliverables) == 2


def test_a_promise_for_the_week_is_overdue_once_the_week_is_over() -> None:
    from summarizer.downstream.account import build_ledger

    crc = run(("Marc Ferrand", "Oui, très bien, je préviens les chefs d'équipe cette semaine."))
    (during,) = build_ledger([crc], dt.date(2026, 11, 20))
    (after,) = build_ledger([crc], dt.date(2026, 11, 23))
    assert (during.status.value, after.status.value) == ("open", "overdue")


@pytest.mark.parametrize(("proposal", "reply"), [
    ("Ce que je vous propose, c'est qu'on démarre par les trois agences d'Angers.", "D'accord, ça me va."),
    ("Je vous propose qu'on garde la charte actuelle pour les premiers modèles.", "Oui, très bien."),
])
def test_a_proposal_that_the_group_act_taken_by_the_other_party_is_a_decision(proposal: str, reply: str) -> None:
    (decision,) = run(("Claire Martin", proposal), ("Marc Ferrand", reply)).decisions
    assert "propose" not in decision.text


def test_a_proposal_that_the_group_act_left_unanswered_or_refused_decides_nothing() -> None:
    assert run(("Claire Martin", "Ce que je vous propose, c'est qu'on démarre par les trois agences d'Angers."),
               ("Marc Ferrand", "Non, je préfère attendre le comité.")).decisions == []


def test_i_suggest_we_taken_by_the_other_party_is_a_decision() -> None:
    crc = run_en(("Priya Nair", "I suggest we start with the two Leeds sites for the pilot."), ("Gareth Lloyd", "Okay, fine."))
    (decision,) = crc.decisions
    assert "suggest" not in decision.text.lower() and "Leeds" in decision.text


def test_a_risk_named_by_pointing_back_joins_the_risk_just_said() -> None:
    """« Alors ça, c'est un point d'attention. » names the previous speaker's worry: one risk, both quotes."""
    crc = run(("Marc Ferrand", "Je vais être franc, notre ancien éditeur exige trois mois de préavis pour rendre les données."),
              ("Claire Martin", "Trois mois... Alors ça, c'est un point d'attention."))
    assert len(crc.risks) == 1 and {e.segment for e in crc.risks[0].evidence} == {0, 1}


def test_facts_take_each_lines_best_point_before_a_lines_second() -> None:
    """Seven facts at most: the best point of each line first, so a line with two points does not crowd out the
    next line's; a line's second point still comes when there is room."""
    two = ("Claire Martin", "Nous avons 140 camions sur trois dépôts. Et nous avons 22 % de kilomètres à vide sur la flotte.")
    few = run(("Marc Ferrand", "Combien de camions avez-vous ?"), two)
    assert [f.evidence[0].segment for f in few.facts] == [1, 1]
    others = [("Claire Martin", line) for line in (
        "Le budget annuel est de 80 000 euros pour le projet de planification.",
        "Le taux de retard des livraisons est de 12 % sur le dernier trimestre.",
        "Nous livrons 450 clients chaque semaine depuis les trois dépôts.",
        "Le budget formation est de 20 000 euros pour l'année prochaine.",
        "Le taux de casse est de 3 % sur les palettes du dépôt de Lyon.",
        "Le taux de remplissage des camions est de 68 % en moyenne sur l'année.",
        "Le budget transport est de 2 millions d'euros par an pour la flotte.")]
    many = run(("Marc Ferrand", "Combien de camions avez-vous ?"), two, *others)
    assert len(many.facts) == 7 and [f.evidence[0].segment for f in many.facts].count(1) == 1


def test_a_promise_a_colleague_takes_over_is_hers_alone() -> None:
    """« Je vous enverrai le rapport d'ici vendredi. » — « Attends, je l'ai déjà sorti, ce rapport. » — « Alors
    envoie-le directement, toi » — « Je vous l'envoie demain »: one promise, the colleague's, for her day; the
    imperative's « -le » is no noun phrase (never « Le directement »)."""
    from summarizer.extract.base import ParticipantHint
    ctx = ExtractContext(meeting_date=DAY, client="Transports Ferrand", vendor="Logivia", participants=[
        ParticipantHint(name="Claire Martin", side=Side.vendor), ParticipantHint(name="Sonia Roux", side=Side.vendor),
        ParticipantHint(name="Marc Ferrand", side=Side.client)])
    lines = [("Claire Martin", "Je vous enverrai le rapport détaillé des erreurs, référence par référence, d'ici vendredi."),
             ("Sonia Roux", "Attends, Claire, je l'ai déjà sorti, ce rapport. Je peux leur envoyer demain."),
             ("Claire Martin", "Ah, parfait. Alors envoie-le directement, toi, ça ira plus vite."),
             ("Sonia Roux", "Je vous l'envoie demain, Marc.")]
    crc = extract_rules(call(*lines), ctx)
    (item,) = [*crc.deliverables, *crc.next_steps]
    assert item.issuer == "Sonia Roux" and item.due_date == dt.date(2026, 11, 19)
    assert "directement" not in item.what.lower()
    kept = extract_rules(call(lines[0], ("Sonia Roux", "Et moi je vous envoie le planning des formations demain.")), ctx)
    assert {i.issuer for i in kept.deliverables} == {"Claire Martin", "Sonia Roux"}  # two promises, no take-over


def test_a_yes_that_takes_a_named_proposal_is_a_decision() -> None:
    crc = run_en(("Claire Martin", "We could run a half-day workshop with your loyalty team and someone from trading."),
                 ("Marc Ferrand", "Yes, let's do the workshop. With Nick's team and someone from trading."))
    assert [d.evidence[-1].segment for d in crc.decisions] == [1]
    assert [d.text for d in crc.decisions] == ["The workshop"]  # nominal, not "Let's do the workshop"
    agenda = run_en(("Claire Martin", "Thanks everyone for joining."), ("Marc Ferrand", "Okay, let's do the agenda first."))
    assert agenda.decisions == []


def test_a_cadence_agreed_is_a_decision_a_single_slot_is_not() -> None:
    """« un point d'une demi-heure chaque mardi » answered « Va pour le mardi 14 heures »: how the project runs."""
    cadence = run(("Claire Martin", "Et pour suivre le pilote, je propose un point d'une demi-heure chaque mardi à 14 heures."),
                  ("Marc Ferrand", "Va pour le mardi 14 heures."))
    assert [d.text for d in cadence.decisions] == ["Un point d'une demi-heure chaque mardi à 14 heures"]
    once = run(("Claire Martin", "Je propose un point d'une demi-heure mardi à 14 heures."), ("Marc Ferrand", "Va pour mardi 14 heures."))
    assert once.decisions == []


def test_the_buyers_order_is_a_decision_in_the_buyers_words() -> None:
    """« Oui, les pastilles, ça part. Mets-en 60. »: an order has no third-person form; the quote says what it bears on."""
    crc = run(("Claire Martin", "Et les pastilles, combien je vous en mets ?"), ("Marc Ferrand", "Oui, les pastilles, ça part. Mets-en 60."))
    assert [d.text for d in crc.decisions] == ["« Les pastilles, ça part. Mets-en 60 »"]
    (one,) = run(("Claire Martin", "Je peux vous poser une option sur les six baies de la rangée C jusqu'au 12 juin."),
                 ("Marc Ferrand", "Jusqu'au 12 juin, après notre comité. Oui, posez l'option.")).decisions
    assert [e.segment for e in one.evidence] == [0, 1]  # the order takes what was just put up, not a second decision
    assert run(("Claire Martin", "Là, vous validez le BAT."), ("Marc Ferrand", "Envoyez-moi le devis.")).decisions == []


def test_a_warning_that_announces_a_thing_frames_the_next_clause() -> None:
    """« Par contre, je veux que vous sachiez une chose. » says nothing yet: the risk is what follows."""
    (risk,) = run(("Marc Ferrand", "Par contre, je veux que vous sachiez une chose. On ne le refera pas en juillet ou en août, "
                                   "et le conseil ne votera pas sans POC.")).risks
    assert "chose" not in risk.text and "conseil" in risk.text


@pytest.mark.parametrize("said", [
    "Ensuite les contrats et le paiement des adhérents, et on garde un quart d'heure pour le POC et le calendrier.",
    "Alors je vous prends dix minutes pour vous montrer le portail.",
])
def test_time_keeping_is_no_decision(said: str) -> None:
    assert run(("Claire Martin", said), ("Marc Ferrand", "Parfait, allons-y.")).decisions == []


def test_keeping_a_duration_of_something_still_decides() -> None:
    crc = run(("Marc Ferrand", "On garde deux jours de formation sur site, c'est validé."))
    assert len(crc.decisions) == 1


def test_figures_said_in_words_are_facts_in_english() -> None:
    """English calls have no fact classifier: "ninety-six stores" and "one point four million a year" are figures."""
    crc = run_en(("Claire Martin", "Tell me about the business."),
                 ("Marc Ferrand", "So, we're a regional grocer, ninety-six stores, mostly Yorkshire and the North East."),
                 ("Marc Ferrand", "Supplier-funded media brings in about one point four million a year."))
    assert [f.evidence[0].segment for f in crc.facts] == [1, 2]
    assert "96 stores" in crc.facts[0].text and "1.4 million" in crc.facts[1].text


def test_got_it_is_understood_unless_it_answers_a_delivery() -> None:
    heard = run_en(("Marc Ferrand", "It all runs through the trading team, on spreadsheets."), ("Claire Martin", "Got it."))
    assert heard.progress == []
    received = run_en(("Claire Martin", "I've sent you the pilot proposal, it's in your inbox."), ("Marc Ferrand", "Yes, got it, thanks."))
    assert [p.status.value for p in received.progress] == ["done"]


def test_experience_told_is_no_promise_kept() -> None:
    """« on a fait deux projets avec eux » tells a reference, not that an earlier promise was kept."""
    told = run(("Marc Ferrand", "Notre architecte, c'est Madame Lagarde, de l'Atelier Cinq."),
               ("Claire Martin", "Ah, je connais bien, on a fait deux projets avec eux."))
    assert told.progress == []
    kept = run(("Claire Martin", "Comme promis, on a fait la démo du portail à vos équipes mardi."))
    assert [p.status.value for p in kept.progress] == ["done"]
