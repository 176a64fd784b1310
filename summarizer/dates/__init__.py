"""Deterministic due-date resolution for spoken French (first) and English.

Everything is relative to the meeting date (never today's date) and driven by
a table of regexes, so the same sentence always gives the same date.

Conventions (a due date is the *latest* day the speaker allowed):

* Bare weekday ("vendredi", "by Friday"), "vendredi prochain" and "next Friday":
  the next occurrence strictly after the meeting day. "ce vendredi"/"this Friday":
  the one of the meeting week if not past, else the next one. "vendredi en huit":
  next occurrence + 7 days; "mardi de la semaine prochaine": Tuesday of next week.
* The end of a week resolves to its Friday ("fin de semaine", "d'ici la fin de la
  semaine prochaine", "end of next week"), and so do numbered weeks ("semaine 50"/"S50"
  = Friday of ISO week 50). A week alone ("cette semaine", "la semaine prochaine",
  "début de semaine prochaine", "next week") is a period that names no day: found
  (its words are the due text) with no date (annotators of other people's calls agree).
* Month periods: "fin X" = last day, "mi-X" = 15th; "début X", "courant X" and
  "early X" name part of a month and no day: found, undated (like a week alone);
  "le mois prochain" = last day of next month; "début du mois prochain" = its first
  business day (Mon-Fri, skipping French public holidays: `summarizer.workdays`).
* Quarters ("T1", "Q1", "premier trimestre") = last day of the quarter; half years
  ("premier semestre", "H1") = 30 June / 31 December; "fin d'année" = 31 December.
* Durations are calendar arithmetic: "dans 3 jours" = +3, "sous 48h" = +2 days
  (hours // 24), "J+7" = +7, "dans 2 semaines" = +14, "dans 3 mois" = same day
  3 months later. French idiom: "huit jours" = 7 days, "quinze jours" = 14 days.
  "jours ouvrés"/"business days" skip weekends and French public holidays.
* "d'ici/avant/pour Noël" = 24 December; "à Noël" = 25 December.
* A day of the month alone ending its clause (« au showroom le 15 », « je le présente le 2 ») is the next
  such day, unless the sentence tells the past (« ils avaient un inventaire le 17 »); ``in_context`` gives
  it the month of a full date of that day said in the same line (« Le 8 octobre. … le 8 »), and gives a
  promise the day its speaker corrects to (« lundi. Ah non, … Mardi 24. », « lundi, pardon, mardi »).
* « tout à l'heure » and « tantôt » ahead are today (not after a past: « ce que vous avez dit tout à
  l'heure »); the end of a named day ("EOD tomorrow", « en fin de journée demain ») is that day.
* A purpose clause's day ("so you've got a week before the 7th", « pour que vous l'ayez avant vendredi »)
  gives way to the main clause's.
* A date without a year that falls before the meeting rolls to the next year,
  except within the 60 days before the meeting, where it is read as a reference
  to the recent past ("fin octobre" said on 18 November) and not matched.
  An explicit past year ("en 2024", "le 3 mars 2025") is never a due date.
* Numeric dates are day/month; in English, month/day only when day/month is
  impossible ("12/25").
* Times ("10h30", "à 14 h", "9h-9h45" -> 9:00, "at 3pm", "midi") are kept only
  when attached to a day-precise expression. "ce soir"/"demain matin" carry no
  time. A time alone is not a due date.
* "le lundi" alone ("il couvre le samedi et le dimanche") is a habit, not a day;
  "pour le lundi" and "le lundi 23" are days. "Noël"/"Christmas" need a cue
  ("d'ici Noël", "by Christmas"): "notre bière de Noël" is not a deadline.
* find_due ranks: explicit date > day > week > month > quarter/year; an attached
  time adds one step; the first one wins a tie.
* Vague words ("bientôt", "rapidement", "dès que possible", "l'année prochaine")
  never match: nothing is guessed.
"""

from __future__ import annotations

from summarizer.dates.chained import ChainedDelay, chain_date, chained_delay
from summarizer.dates.due import find_all_due, find_due, in_context, resolve_due, spoken_time
from summarizer.dates.meeting import (
    MAX_MEETING_DATE,
    MIN_MEETING_DATE,
    date_in_name,
    parse_meeting_date,
    plausible_date,
)
from summarizer.dates.times import TimeSpan, due_time
from summarizer.dates.types import DueMatch

__all__ = [
    "MAX_MEETING_DATE",
    "MIN_MEETING_DATE",
    "ChainedDelay",
    "DueMatch",
    "TimeSpan",
    "chain_date",
    "chained_delay",
    "date_in_name",
    "due_time",
    "find_all_due",
    "find_due",
    "in_context",
    "parse_meeting_date",
    "plausible_date",
    "resolve_due",
    "spoken_time",
]
