"""Due-date resolution: a table of spoken expressions against fixed meeting dates."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import dateparser
import pytest

from summarizer.dates import DueMatch, find_all_due, find_due, in_context, resolve_due
from summarizer.workdays import next_business_day

WED = dt.date(2026, 11, 18)  # main meeting: Wednesday 18 November 2026
FRI = dt.date(2026, 11, 20)  # a Friday meeting
DEC = dt.date(2026, 12, 10)  # a December meeting (year roll-over)


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


FRENCH: list[tuple[str, dt.date, str]] = [
    # weekdays: next occurrence strictly after the meeting day
    ("vendredi", WED, "2026-11-20"),
    ("lundi", WED, "2026-11-23"),
    ("mercredi", WED, "2026-11-25"),
    ("d'ici vendredi", WED, "2026-11-20"),
    ("ce vendredi", WED, "2026-11-20"),
    ("ce lundi", WED, "2026-11-23"),
    ("vendredi prochain", WED, "2026-11-20"),
    ("mardi prochain", WED, "2026-11-24"),
    ("mardi de la semaine prochaine", WED, "2026-11-24"),
    ("vendredi en huit", WED, "2026-11-27"),
    ("vendredi au plus tard", WED, "2026-11-20"),
    ("vendredi dernier délai", WED, "2026-11-20"),
    ("vendredi après-midi", WED, "2026-11-20"),
    ("vendredi", FRI, "2026-11-27"),
    ("ce vendredi", FRI, "2026-11-20"),
    # day-relative
    ("demain", WED, "2026-11-19"),
    ("après-demain", WED, "2026-11-20"),
    ("apres demain", WED, "2026-11-20"),
    ("aujourd'hui", WED, "2026-11-18"),
    ("ce soir", WED, "2026-11-18"),
    ("demain matin", WED, "2026-11-19"),
    ("en fin de journée", WED, "2026-11-18"),
    ("dans la journée", WED, "2026-11-18"),
    # weeks
    ("d'ici la fin de la semaine", WED, "2026-11-20"),
    ("fin de semaine", WED, "2026-11-20"),
    ("en fin de semaine", FRI, "2026-11-20"),
    ("fin de la semaine prochaine", WED, "2026-11-27"),
    ("semaine 50", WED, "2026-12-11"),
    ("en semaine 50", WED, "2026-12-11"),
    ("S50", WED, "2026-12-11"),
    ("S02", DEC, "2027-01-15"),
    ("la semaine du 7 décembre", WED, "2026-12-11"),
    # months
    ("fin du mois", WED, "2026-11-30"),
    ("d'ici la fin du mois", WED, "2026-11-30"),
    ("ce mois-ci", WED, "2026-11-30"),
    ("le mois prochain", WED, "2026-12-31"),
    ("début du mois prochain", WED, "2026-12-01"),
    ("avant fin novembre", WED, "2026-11-30"),
    ("fin novembre", WED, "2026-11-30"),
    ("d'ici fin novembre", WED, "2026-11-30"),
    ("fin du mois de novembre", WED, "2026-11-30"),
    ("mi-décembre", WED, "2026-12-15"),
    ("à la mi-décembre", WED, "2026-12-15"),
    ("mi décembre", WED, "2026-12-15"),
    ("fin janvier", DEC, "2027-01-31"),
    ("d'ici fin décembre 2026", WED, "2026-12-31"),
    # explicit dates
    ("le 12/03", WED, "2027-03-12"),
    ("le 12/03", DEC, "2027-03-12"),
    ("12/03/2027", WED, "2027-03-12"),
    ("12/03/27", WED, "2027-03-12"),
    ("le 12.03.2027", WED, "2027-03-12"),
    ("jeudi 26/11", WED, "2026-11-26"),
    ("mercredi 25/11/2026", WED, "2026-11-25"),
    ("jusqu'au 12/12", WED, "2026-12-12"),
    ("jeudi 26 novembre", WED, "2026-11-26"),
    ("le jeudi 26", WED, "2026-11-26"),
    ("le 1er décembre", WED, "2026-12-01"),
    ("le premier décembre", WED, "2026-12-01"),
    ("le vingt-six novembre", WED, "2026-11-26"),
    ("lundi 1er décembre", WED, "2026-12-01"),
    ("le 5 janvier", DEC, "2027-01-05"),
    ("le 3 mars 2027", WED, "2027-03-03"),
    ("avant le 26", WED, "2026-11-26"),
    ("d'ici le 15", WED, "2026-12-15"),
    ("2026-12-03", WED, "2026-12-03"),
    # durations
    ("sous 48 heures", WED, "2026-11-20"),
    ("sous 48h", WED, "2026-11-20"),
    ("d'ici 48 heures", WED, "2026-11-20"),
    ("dans les 48 heures", WED, "2026-11-20"),
    ("sous 24h", WED, "2026-11-19"),
    ("sous 72h", WED, "2026-11-21"),
    ("dans deux semaines", WED, "2026-12-02"),
    ("d'ici trois semaines", WED, "2026-12-09"),
    ("dans 15 jours", WED, "2026-12-02"),
    ("d'ici quinze jours", WED, "2026-12-02"),
    ("dans huit jours", WED, "2026-11-25"),
    ("dans trois jours", WED, "2026-11-21"),
    ("dans 10 jours", WED, "2026-11-28"),
    ("dans 5 jours ouvrés", WED, "2026-11-25"),
    ("sous huitaine", WED, "2026-11-26"),  # a huitaine is eight days, as every annotator reads it
    ("endéans les huit jours", WED, "2026-11-25"),
    ("pour le vendredi seize", dt.date(2026, 10, 6), "2026-10-16"),
    ("sous quinzaine", WED, "2026-12-02"),
    ("dans une quinzaine de jours", WED, "2026-12-02"),
    ("J+1", WED, "2026-11-19"),
    ("J+7", WED, "2026-11-25"),
    ("J+1", FRI, "2026-11-21"),
    ("dans 3 mois", WED, "2027-02-18"),
    ("d'ici un mois", WED, "2026-12-18"),
    ("dans six mois", WED, "2027-05-18"),
    # holidays, quarters, years
    ("d'ici Noël", WED, "2026-12-24"),
    ("avant Noël", WED, "2026-12-24"),
    ("à Noël", WED, "2026-12-25"),
    ("avant la fin de l'année", WED, "2026-12-31"),
    ("d'ici la fin de l'année", DEC, "2026-12-31"),
    ("fin d'année", WED, "2026-12-31"),
    ("fin 2027", WED, "2027-12-31"),
    ("début 2027", WED, "2027-01-04"),
    ("au T1", WED, "2027-03-31"),
    ("fin T1", WED, "2027-03-31"),
    ("au T4", WED, "2026-12-31"),
    ("premier trimestre", WED, "2027-03-31"),
    ("au premier trimestre 2027", WED, "2027-03-31"),
    ("d'ici la fin du premier trimestre", WED, "2027-03-31"),
    ("début du T2", WED, "2027-04-01"),
    ("fin de trimestre", WED, "2026-12-31"),
    ("le trimestre prochain", WED, "2027-03-31"),
    ("au premier semestre", WED, "2027-06-30"),
]

ENGLISH: list[tuple[str, dt.date, str]] = [
    ("by Friday", WED, "2026-11-20"),
    ("on Monday", WED, "2026-11-23"),
    ("this Friday", WED, "2026-11-20"),
    ("next Tuesday", WED, "2026-11-24"),
    ("Friday next week", WED, "2026-11-27"),
    ("tomorrow", WED, "2026-11-19"),
    ("the day after tomorrow", WED, "2026-11-20"),
    ("today", WED, "2026-11-18"),
    ("by end of day", WED, "2026-11-18"),
    ("end of the week", WED, "2026-11-20"),
    ("by the end of the week", WED, "2026-11-20"),
    ("end of month", WED, "2026-11-30"),
    ("by the end of the month", WED, "2026-11-30"),
    ("next month", WED, "2026-12-31"),
    ("by end of November", WED, "2026-11-30"),
    ("mid-December", WED, "2026-12-15"),
    ("December 1st", WED, "2026-12-01"),
    ("Dec 3", WED, "2026-12-03"),
    ("the 1st of December", WED, "2026-12-01"),
    ("December 1st, 2026", WED, "2026-12-01"),
    ("March 12", DEC, "2027-03-12"),
    ("on the 15th", WED, "2026-12-15"),  # the 15th has passed this month
    ("Friday the 4th", WED, "2026-12-04"),
    ("by 12/03", WED, "2027-03-12"),
    ("by 12/25", WED, "2026-12-25"),  # month/day only when day/month is impossible
    ("within 48 hours", WED, "2026-11-20"),
    ("in 3 days", WED, "2026-11-21"),
    ("within 5 business days", WED, "2026-11-25"),
    ("in two weeks", WED, "2026-12-02"),
    ("two weeks from now", WED, "2026-12-02"),
    ("in a fortnight", WED, "2026-12-02"),
    ("in 3 months", WED, "2027-02-18"),
    ("week 50", WED, "2026-12-11"),
    ("W50", WED, "2026-12-11"),
    ("2026-12-03", WED, "2026-12-03"),
    ("by Christmas", WED, "2026-12-24"),
    ("end of the year", WED, "2026-12-31"),
    ("by Q1 2027", WED, "2027-03-31"),
    ("end of Q1", WED, "2027-03-31"),
    ("the week of December 7", WED, "2026-12-11"),
]


@pytest.mark.parametrize(("expr", "meeting", "expected"), FRENCH)
def test_resolve_french(expr: str, meeting: dt.date, expected: str) -> None:
    assert resolve_due(expr, meeting, "fr") == d(expected)
    m = find_due(expr, meeting, "fr")
    assert m is not None and m.text == expr  # the whole expression is the span


@pytest.mark.parametrize(("expr", "meeting", "expected"), ENGLISH)
def test_resolve_english(expr: str, meeting: dt.date, expected: str) -> None:
    assert resolve_due(expr, meeting, "en") == d(expected)
    m = find_due(expr, meeting, "en")
    assert m is not None and m.text == expr


def test_table_sizes() -> None:
    assert len(FRENCH) >= 60 and len(ENGLISH) >= 15


SENTENCES: list[tuple[str, str, str, str, str | None]] = [
    # (language, sentence, expected span text, expected date, expected time)
    ("fr", "je vous envoie la proposition d'ici vendredi", "d'ici vendredi", "2026-11-20", None),
    ("fr", "Je vous l’envoie d’ici vendredi 14h.", "d’ici vendredi 14h", "2026-11-20", "14:00"),
    ("fr", "on se voit jeudi 26 novembre à 10h30 chez vous", "jeudi 26 novembre à 10h30", "2026-11-26", "10:30"),
    ("fr", "rendez-vous demain de 9h–9h45 pour la démo", "demain de 9h–9h45", "2026-11-19", "09:00"),
    ("fr", "Marc rappelle le client vendredi à 14 h", "vendredi à 14 h", "2026-11-20", "14:00"),
    ("fr", "on se rappelle à 14h demain", "à 14h demain", "2026-11-19", "14:00"),
    ("fr", "point de 14h à 15h vendredi", "de 14h à 15h vendredi", "2026-11-20", "14:00"),
    ("fr", "demain à dix heures et demie", "demain à dix heures et demie", "2026-11-19", "10:30"),
    ("fr", "le 12 décembre 2026 à 9h en visio", "le 12 décembre 2026 à 9h", "2026-12-12", "09:00"),
    ("fr", "demain matin je relance", "demain matin", "2026-11-19", None),
    ("fr", "ce soir je vous écris", "ce soir", "2026-11-18", None),
    ("fr", "demain midi, c'est bon", "demain midi", "2026-11-19", "12:00"),
    ("fr", "Sophie envoie le devis au plus tard vendredi, promis", "au plus tard vendredi", "2026-11-20", None),
    ("fr", "la DSI valide le POC avant fin novembre", "avant fin novembre", "2026-11-30", None),
    ("fr", "on signe au T1, on a 12 camions à équiper", "au T1", "2027-03-31", None),
    ("fr", "livraison de la V2 en semaine 50 pour les 48 sites", "en semaine 50", "2026-12-11", None),
    ("fr", "il me le faut pour le lundi", "pour le lundi", "2026-11-23", None),
    ("fr", "contre près de trois heures aujourd'hui", "aujourd'hui", "2026-11-18", None),  # a duration
    ("fr", "résolution en quatre heures, samedi matin inclus", "samedi matin", "2026-11-21", None),
    ("en", "I'll send the proposal by Friday", "by Friday", "2026-11-20", None),
    ("en", "we need it live by Black Friday", "by Black Friday", "2026-11-27", None),
    ("en", "let's meet on Friday at 3pm", "on Friday at 3pm", "2026-11-20", "15:00"),
    ("en", "Monday 9:30am works for the demo", "Monday 9:30am", "2026-11-23", "09:30"),
    ("en", "we'll have the contract signed within 48 hours", "within 48 hours", "2026-11-20", None),
    # a day of the month alone ends the clause: the next such day
    ("fr", "le plan, je vous l'apporte au showroom le 25.", "le 25", "2026-11-25", None),
    ("fr", "Je présente le dossier le 2, et il me faut un devis avant.", "le 2", "2026-12-02", None),
    # later today, said of what is to come
    ("fr", "Je la prends en photo tout à l'heure.", "tout à l'heure", "2026-11-18", None),
    ("fr", "Je vous envoie nos documents tantôt, après l'appel.", "tantôt", "2026-11-18", None),
    # the end of a day that is named is that day, not today
    ("en", "I'll send the order form by EOD tomorrow, your time.", "tomorrow", "2026-11-19", None),
    ("en", "you'll have it by end of day Friday", "Friday", "2026-11-20", None),
    ("fr", "je vous l'envoie en fin de journée demain", "demain", "2026-11-19", None),
    # a purpose clause's day is what the other side needs; the main clause's day is the promise's
    ("en", "I'll get it to you by the end of November, so you've got a week before the seventh",
     "by the end of November", "2026-11-30", None),
    ("fr", "Je vous l'envoie jeudi pour que vous l'ayez avant vendredi", "jeudi", "2026-11-19", None),
    ("fr", "Je vous l'envoie pour que vous l'ayez avant vendredi", "avant vendredi", "2026-11-20", None),
]


@pytest.mark.parametrize(("lang", "sentence", "text", "expected", "time"), SENTENCES)
def test_find_due_in_sentence(lang: str, sentence: str, text: str, expected: str, time: str | None) -> None:
    m = find_due(sentence, WED, lang)
    assert m is not None
    assert m.text == text
    assert sentence[m.start:m.end] == m.text  # verbatim slice
    assert m.date == d(expected)
    assert m.time == (dt.time.fromisoformat(time) if time else None)


def test_most_specific_wins_and_all_are_listed() -> None:
    s = "on se voit demain et je vous envoie le devis jeudi 26 novembre, au plus tard fin du mois"
    found = find_all_due(s, WED)
    assert [m.text for m in found] == ["demain", "jeudi 26 novembre", "au plus tard fin du mois"]
    best = find_due(s, WED)
    assert best is not None and best.text == "jeudi 26 novembre"


def test_time_makes_an_expression_more_specific() -> None:
    best = find_due("vendredi ou lundi à 10h", WED)
    assert best is not None and best.text == "lundi à 10h" and best.time == dt.time(10)


def test_decomposed_accents_keep_verbatim_offsets() -> None:
    s = unicodedata.normalize("NFD", "Réponse d’ici mi-décembre à 9h, promis")
    m = find_due(s, WED)
    assert m is not None
    assert m.date == d("2026-12-15") and m.time is None  # a month period carries no time
    assert s[m.start:m.end] == m.text
    assert unicodedata.normalize("NFC", m.text) == "d’ici mi-décembre"


def test_meeting_datetime_is_accepted() -> None:
    assert resolve_due("demain", dt.datetime(2026, 11, 18, 17, 30)) == d("2026-11-19")


NEGATIVES: list[tuple[str, str]] = [
    # past
    ("fr", "hier"),
    ("fr", "on en a parlé hier soir"),
    ("fr", "avant-hier"),
    ("fr", "la semaine dernière"),
    ("fr", "on avait dit fin de la semaine dernière"),
    ("fr", "le mois dernier"),
    ("fr", "l'an dernier on a eu 3 incidents"),
    ("fr", "en 2024"),
    ("fr", "lundi dernier"),
    ("fr", "vendredi passé"),
    ("fr", "il y a deux semaines on a parlé"),
    ("fr", "depuis lundi on attend"),
    ("fr", "fin octobre"),  # 18 days before the meeting: the recent past, not next October
    ("fr", "le 3 novembre"),
    ("fr", "on a signé le 12 octobre 2025"),
    ("fr", "fin 2024"),
    ("fr", "12/03/2025"),
    ("en", "yesterday"),
    ("en", "last Friday"),
    ("en", "3 days ago"),
    ("en", "last week"),
    ("en", "in 2024"),
    # vague
    ("fr", "bientôt"),
    ("fr", "un jour peut-être"),
    ("fr", "rapidement"),
    ("fr", "dès que possible"),
    ("fr", "l'année prochaine on verra"),
    ("en", "as soon as possible"),
    ("en", "soon"),
    # numbers that are not dates
    ("fr", "on a 12 camions"),
    ("fr", "48 sites"),
    ("fr", "version 1.4"),
    ("fr", "sur la version 2.4.1"),
    ("fr", "99,92 %"),
    ("fr", "3 mois de retard"),
    ("fr", "le contrat de 36 mois démarre"),
    ("fr", "on a fait 15 jours de test"),
    ("fr", "1 200 € par mois"),
    ("fr", "le prix est de 12 500 euros HT"),
    ("fr", "appelez le 06 12 34 56 78"),
    ("fr", "vous pouvez me rappeler au 01.23.45.67.89"),
    ("fr", "support 24/7"),
    ("fr", "le premier point c'est le prix"),
    ("fr", "on cherche un T1 à Lyon"),
    ("fr", "les fichiers sont sur S3"),
    ("fr", "on démarre la semaine 2 du projet"),
    ("fr", "le budget 2027 est validé"),
    ("fr", "à 14h"),  # a time alone is not a due date
    ("fr", "Il couvre le samedi et le dimanche, de 8 heures à 20 heures."),  # a habit
    ("fr", "le lundi matin on fait le point"),
    ("fr", "notre bière de Noël"),
    ("en", "our Christmas sale"),
    ("fr", "pour le 12 camions"),
    ("fr", "la semaine 35 heures"),
    ("fr", "jeudi 12"),  # Thursday 12 November is last week
    ("en", "we have 12 trucks"),
    ("en", "in week 2 of the project"),
    ("en", "we may 2 things"),
    ("en", "I'll send it by 5pm"),
    ("fr", "je prends le 2 pièces."),  # a day number is followed by nothing but the clause's end
    ("fr", "comme je vous disais tout à l'heure, le prix est ferme"),  # an earlier moment of the call
    ("fr", "on en a parlé tout à l'heure"),
    ("fr", "c'est ce que je viens de vous dire tout à l'heure."),
    ("fr", "je vais d'abord démanteler les bêtises que vous avez dites tout à l'heure"),
    ("fr", "les injustices, celles que j'ai évoquées tout à l'heure"),
    ("fr", "la grille des enlèvements, avec les majorations du samedi"),  # of Saturdays: a habit
    ("fr", "on a dû le décaler, ils avaient un inventaire le 17."),  # a day of the past told
    ("fr", "on l'a reçu le 3."),
]


@pytest.mark.parametrize(("lang", "sentence"), NEGATIVES)
def test_no_due_date(lang: str, sentence: str) -> None:
    assert find_due(sentence, WED, lang) is None
    assert find_all_due(sentence, WED, lang) == []
    assert resolve_due(sentence, WED, lang) is None


def test_past_reference_does_not_leak_its_weekday() -> None:
    found = find_all_due("lundi dernier on a dit qu'on livrerait mardi", WED)
    assert [(m.text, m.date) for m in found] == [("mardi", d("2026-11-24"))]


@pytest.mark.parametrize(("lang", "sentence", "text"), [
    ("fr", "je vous l'envoie cette semaine", "cette semaine"),
    ("fr", "je vous dis ça la semaine prochaine", "la semaine prochaine"),
    ("fr", "on le cale en début de semaine prochaine", "en début de semaine prochaine"),
    ("en", "I'll send it over next week", "next week"),
    ("en", "early next week", "early next week"),
    ("en", "later this week", "later this week"),
    # part of a month, likewise (its end, « fin janvier », dates)
    ("fr", "je vous fais ça début juillet", "début juillet"),
    ("fr", "on vous livre courant janvier", "courant janvier"),
    ("en", "early January", "early January"),
])
def test_a_week_or_part_of_a_month_is_a_period_found_without_a_day(lang: str, sentence: str, text: str) -> None:
    """Its end is a deadline (« d'ici la fin de la semaine »); the week alone names no day."""
    m = find_due(sentence, WED, lang)
    assert m is not None and m.text == text and m.date is None and m.latest is not None and m.latest >= WED


def test_impossible_date_is_found_but_unresolved() -> None:
    m = find_due("d'ici le 31 février", WED)
    assert m == DueMatch(text="d'ici le 31 février", start=0, end=19, date=None)


def test_language_tables_are_separate() -> None:
    assert find_due("by Friday", WED, "fr") is None
    assert resolve_due("vendredi", WED, "en") is None
    assert resolve_due("vendredi", WED, "auto") == d("2026-11-20")
    assert resolve_due("by Friday", WED, "auto") == d("2026-11-20")


ALL_INPUTS = [e for e, _, _ in FRENCH] + [s for _, s, _, _, _ in SENTENCES] + [s for _, s in NEGATIVES]


@pytest.mark.parametrize("meeting", [WED, FRI, DEC, dt.date(2027, 1, 1), dt.date(2026, 2, 28)])
def test_never_before_meeting_and_spans_are_verbatim(meeting: dt.date) -> None:
    for s in ALL_INPUTS + [e for e, _, _ in ENGLISH]:
        for lang in ("fr", "en"):
            for m in find_all_due(s, meeting, lang):
                assert s[m.start:m.end] == m.text
                assert m.date is None or m.date >= meeting, (s, m)


@pytest.mark.parametrize(
    ("expr", "lang"),
    [
        ("12 mars 2027", "fr"),
        ("26 novembre 2026", "fr"),
        ("le 1er décembre 2026", "fr"),
        ("3 décembre 2027", "fr"),
        ("December 1, 2026", "en"),
        ("March 12, 2027", "en"),
        ("2026-12-03", "en"),
    ],
)
def test_absolute_dates_agree_with_dateparser(expr: str, lang: str) -> None:
    """An independent parser must read explicit dates the same way."""
    oracle = dateparser.parse(expr, languages=[lang], settings={"DATE_ORDER": "DMY" if lang == "fr" else "MDY"})
    assert oracle is not None
    assert resolve_due(expr, WED, lang) == oracle.date()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-11-18", "2026-11-19"),  # Wednesday -> Thursday
        ("2026-11-20", "2026-11-23"),  # Friday -> Monday
        ("2026-11-21", "2026-11-23"),  # Saturday -> Monday
        ("2026-11-22", "2026-11-23"),  # Sunday -> Monday
        ("2026-12-31", "2027-01-04"),  # Thursday -> Monday: 1 January is a public holiday
    ],
)
def test_next_business_day(day: str, expected: str) -> None:
    assert next_business_day(d(day)) == d(expected)


SAMPLES = Path(__file__).resolve().parents[3] / "samples"


def _gold_commitments() -> list[tuple[str, dt.date, str, list[str], str | None]]:
    rows = []
    for f in sorted(SAMPLES.glob("*.gold.json")):
        gold = json.loads(f.read_text(encoding="utf-8"))
        meeting = dt.date.fromisoformat(gold["meeting_date"])
        for c in gold.get("commitments", []):
            quotes = [e if isinstance(e, str) else e.get("quote", "") for e in c.get("evidence", [])]
            rows.append((f.name, meeting, gold.get("language", "fr"), quotes, c.get("due_date")))
    return rows


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="samples/ not in this checkout")
def test_gold_commitment_quotes_resolve_to_the_annotated_due_date() -> None:
    """Real transcript quotes: the date found in the evidence is the one the annotator wrote."""
    rows = _gold_commitments()
    assert len(rows) >= 30
    wrong = []
    for name, meeting, lang, quotes, expected in rows:
        found = [m.date for q in quotes if (m := find_due(q, meeting, lang)) is not None]
        got = found[0] if found else None
        if str(got) != str(expected) and not (got is None and expected is None):
            wrong.append((name, quotes, expected, got))
    assert wrong == []


def test_delay_after_another_event_is_not_counted_from_the_meeting() -> None:
    from summarizer.dates import chained_delay, find_due

    m = find_due("Je vous renvoie le contrat signé sous quarante-huit heures après réception.", dt.date(2026, 11, 13))
    assert m is not None and m.date is None and m.text == "sous quarante-huit heures après réception"
    chain = chained_delay(m.text)
    assert chain is not None and chain.days == 2


def test_on_receipt_of_a_quote_is_chained_with_no_delay() -> None:
    from summarizer.dates import chain_date, chained_delay, find_due

    m = find_due("On lance la commande dès réception du devis.", dt.date(2026, 11, 13))
    assert m is not None and m.date is None and "réception du devis" in m.text
    chain = chained_delay(m.text)
    assert chain is not None and chain.anchor == "devis" and chain.days == 0
    assert chain_date(dt.date(2026, 11, 20), chain) == dt.date(2026, 11, 20)


def test_the_a_ending_an_article_is_no_chained_event() -> None:
    """« pour la validation du budget »: the « a » of « la » is no « à validation » (issue 22 item 3: the action
    read « Relancer le service achats pour l »)."""
    from summarizer.dates import chained_delay, find_due

    assert find_due("Je relance le service achats pour la validation du budget.", dt.date(2026, 11, 13)) is None
    assert chained_delay("à validation du budget") is not None


def test_plain_delay_still_counts_from_the_meeting() -> None:
    from summarizer.dates import find_due

    m = find_due("Je vous envoie le contrat sous 48 heures.", dt.date(2026, 11, 13))
    assert m is not None and m.date == dt.date(2026, 11, 15)


@pytest.mark.parametrize(("text", "language", "due"), [
    ("Aujourd'hui, on a 140 camions sur trois dépôts", "fr", None),
    ("aujourd'hui on utilise Excel pour les tournées", "fr", None),
    ("c'est aujourd'hui que tout se joue", "fr", None),
    ("la parole de la France aujourd'hui n'est plus entendue", "fr", None),
    ("on se bat aujourd'hui en effet pour la filière", "fr", None),
    ("we still struggle today already with the old system", "en", None),
    ("I can send you the rate card we use today for suppliers", "en", None),
    ("Today we will talk about conceptual design", "en", None),
    ("I will list the agenda for today", "en", None),
    ("je vous l'envoie aujourd'hui", "fr", dt.date(2026, 11, 18)),
    ("on vous rappelle aujourd'hui même", "fr", dt.date(2026, 11, 18)),
    ("I'll send it today", "en", dt.date(2026, 11, 18)),
])
def test_today_as_an_adverb_of_the_present_is_no_deadline(text: str, language: str, due: dt.date | None) -> None:
    found = find_due(text, dt.date(2026, 11, 18), language)
    assert (found.date if found else None) == due


def test_a_rules_regex_is_compiled_only_for_the_calls_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """A French call never compiles the English half of the table (cold start), and still reads its dates."""
    import dataclasses

    from summarizer.dates import due, table

    fresh = [dataclasses.replace(rule) for rule in table._RULES]  # new rules: nothing compiled yet
    monkeypatch.setattr(due, "_RULES", fresh)
    assert find_due("Je vous envoie le devis vendredi.", dt.date(2026, 11, 18), "fr") is not None
    compiled = {rule.name for rule in fresh if "regex" in vars(rule)}
    assert compiled == {rule.name for rule in fresh if "fr" in rule.langs}
    assert find_due("I'll send it on Friday.", dt.date(2026, 11, 18), "en") is not None
    assert len(compiled) < len({rule.name for rule in fresh if "regex" in vars(rule)}) == len(fresh)


def test_a_day_alone_takes_its_month_from_the_full_date_said_around_it() -> None:
    said = "Le 8 janvier. Je présente le dossier le 8, et il me faut un devis avant."
    alone = find_due("Je présente le dossier le 8, et il me faut un devis avant.", WED, "fr")
    assert alone is not None and alone.date == d("2026-12-08")  # the next 8th
    placed = in_context(alone, said, WED, "fr")
    assert placed is not None and placed.date == d("2027-01-08") and placed.text == "le 8"
    assert in_context(alone, "Je présente le dossier le 8.", WED, "fr") == alone


@pytest.mark.parametrize(("clause", "line", "expected"), [
    ("Je vous l'envoie lundi.", "Je vous l'envoie lundi. Ah non, lundi c'est férié. Mardi, alors. Mardi 24.", "2026-11-24"),
    ("Je vous envoie la proposition lundi, pardon, mardi.", "Je vous envoie la proposition lundi, pardon, mardi.",
     "2026-11-24"),
    ("I'll send it on Monday.", "I'll send it on Monday. Sorry, Tuesday, Monday is a holiday.", "2026-11-24"),
])
def test_a_day_the_speaker_corrects_is_the_corrected_one(clause: str, line: str, expected: str) -> None:
    lang = "en" if clause.startswith("I'll") else "fr"
    placed = in_context(find_due(clause, WED, lang), line, WED, lang)
    assert placed is not None and placed.date == d(expected)
    assert placed.text in line
    kept = find_due("Je vous l'envoie lundi.", WED, "fr")
    assert in_context(kept, "Je vous l'envoie lundi. Pardon, je coupe.", WED, "fr") == kept  # no other day said
