"""How a follow-up call says a promise was kept, moved or is still late, in the words of people who did not
write the cues: the receiver holding it (« vous l'avez dans votre boîte », « je l'ai vu passer », « reçue,
merci »), a thing set first and spoken of with a pronoun (« Pour le devis, | … c'est parti »), and the
reader's own « pas encore ouvert » after a receipt, which is no late delivery."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from summarizer.crc import CRC, ProgressStatus

TURNS = """\
[00:00:01] Hélène Brossard : Bonjour Bastien. Hélène Brossard, de Qualiscan.
[00:00:04] Bastien Vialatte : Bonjour Hélène. Bastien Vialatte, des Fromageries Vialatte.
[00:00:08] Hélène Brossard : La proposition chiffrée pour les deux sites, vous l'avez dans votre boîte depuis le vendredi 25.
[00:00:15] Bastien Vialatte : Oui, l'attestation d'hébergement, reçue, merci.
[00:00:18] Hélène Brossard : Pour le devis, je suis désolée, il a pris du retard, mais c'est parti hier soir.
[00:00:23] Bastien Vialatte : Oui, je l'ai vu passer ce matin, je ne l'ai pas encore ouvert.
[00:00:27] Hélène Brossard : Et pour la visite à Laguiole, on a dû la décaler, ils avaient une réception le 19.
[00:00:31] Bastien Vialatte : Chaque opérateur a sa fiche, et quand un lot se décale, personne ne le sait.
"""


def _progress(tmp_path: Path) -> list[tuple[ProgressStatus, str]]:
    from summarizer.pipeline import RunOptions, run_file

    src = tmp_path / "suivi.txt"
    src.write_text(TURNS, encoding="utf-8")
    run_file(src, tmp_path / "out", RunOptions(meeting_date=dt.date(2026, 10, 6), client="Fromageries Vialatte",
                                               vendor="Qualiscan", progress=False))
    crc = CRC.model_validate_json(next((tmp_path / "out").glob("*.crc.json")).read_bytes())
    return [(p.status, p.what) for p in crc.progress]


def test_kept_moved_and_not_late_in_other_words(tmp_path: Path) -> None:
    got = _progress(tmp_path)
    assert (ProgressStatus.done, "La proposition chiffrée pour les deux sites") in got
    assert (ProgressStatus.done, "L'attestation d'hébergement") in got
    assert (ProgressStatus.done, "Le devis") in got  # not « du retard »: the thing set first
    assert (ProgressStatus.moved, "La visite à Laguiole") in got  # not « une réception »
    assert not any(s == ProgressStatus.late for s, _ in got), got  # seen, not yet opened: it arrived
    assert not any("lot" in w.lower() for _, w in got), got  # « quand un lot se décale »: what happens, no report


ENGLISH = """\
[00:00:01] Priya Nair : Hi Gareth. Priya Nair, from Tallis Analytics.
[00:00:04] Gareth Lloyd : Hi Priya. Gareth Lloyd, Brightwater Foods.
[00:00:08] Priya Nair : The pilot proposal went out on the 21st, you should have it in your inbox.
[00:00:12] Gareth Lloyd : Yes, got it, thanks.
[00:00:15] Priya Nair : And the ERP note, I forwarded it on Thursday.
[00:00:18] Gareth Lloyd : About the promotions module, let's drop it for now.
[00:00:21] Gareth Lloyd : The workshop in Leeds, we need to move it to Tuesday the 16th.
[00:00:25] Priya Nair : Hollins Bakeries agreed to a call, I forwarded you their contact on Thursday.
"""


def test_english_reports_in_the_receivers_words(tmp_path: Path) -> None:
    from summarizer.pipeline import RunOptions, run_file

    src = tmp_path / "follow-up.txt"
    src.write_text(ENGLISH, encoding="utf-8")
    run_file(src, tmp_path / "out", RunOptions(meeting_date=dt.date(2026, 6, 2), client="Brightwater Foods",
                                               vendor="Tallis Analytics", progress=False))
    crc = CRC.model_validate_json(next((tmp_path / "out").glob("*.crc.json")).read_bytes())
    got = {(p.status, p.what): p for p in crc.progress}
    sent = got[(ProgressStatus.done, "The pilot proposal")]  # « in your inbox » is where, not what
    assert any("got it" in e.quote for e in sent.evidence)
    assert got[(ProgressStatus.done, "The ERP note")].who == "Priya Nair"
    assert (ProgressStatus.dropped, "The promotions module") in got
    moved = got[(ProgressStatus.moved, "The workshop in Leeds")]  # not « the 16th »
    assert moved.new_date == dt.date(2026, 6, 16)
    assert got[(ProgressStatus.done, "Their contact")].who == "Priya Nair"  # said with a possessive, not looked for
    assert len(crc.progress) == 5, list(got)


def test_a_verb_starting_like_a_pronoun_is_no_pronoun() -> None:
    """« on laisse tomber »: « la » is the start of « laisse », not a pronoun asking for a feminine singular object
    (which skipped « les relevés papier de Léna » said just before for « la suite » further back)."""
    from summarizer.extract.rules.progress import object_pronoun

    assert object_pronoun("ah, ça, honnêtement, on laisse tomber.") is None
    assert object_pronoun("on lève la séance") is None
    assert [object_pronoun(x) for x in ("je vous les envoie", "vous l'aurez", "on le fait")] == ["les", "l'", "le"]


ASKED_AND_MOVED = """\
[00:00:01] Tom Beckett : Hi Lucy. Tom Beckett, from Tallis Analytics.
[00:00:04] Lucy Grant : Hi Tom. Lucy Grant, Brightwater Foods.
[00:00:08] Tom Beckett : For the on-site workshop in Leeds, we said the 9th. Is that still fine?
[00:00:12] Lucy Grant : The 9th is tricky, we have an audit that week. Could we push it back to the 16th?
[00:00:16] Tom Beckett : Sure, let's move it to Tuesday the 16th.
"""


def test_a_question_that_only_says_it_stands_for_what_was_said_before_it(tmp_path: Path) -> None:
    """« let's move it » answers « Could we push it back? », whose « it » is the workshop its asker's turn
    answered: the object is followed back through the question, never « The 9th is tricky »."""
    from summarizer.pipeline import RunOptions, run_file

    src = tmp_path / "moved.txt"
    src.write_text(ASKED_AND_MOVED, encoding="utf-8")
    run_file(src, tmp_path / "out", RunOptions(meeting_date=dt.date(2026, 6, 2), client="Brightwater Foods",
                                               vendor="Tallis Analytics", progress=False))
    crc = CRC.model_validate_json(next((tmp_path / "out").glob("*.crc.json")).read_bytes())
    assert [(p.status, p.what, p.new_date) for p in crc.progress] == [
        (ProgressStatus.moved, "The on-site workshop in Leeds", dt.date(2026, 6, 16))]


def test_a_promise_said_moved_takes_its_new_day_from_the_turns_after() -> None:
    """« l'atelier de Roanne, on a dû le décaler, ils avaient un inventaire le 26 » — « on le repousse au mardi
    8 décembre, c'est ça ? »: the new day is the one the next turns set, not the old one the report names."""
    from test_rules import run

    crc = run(("Claire Martin", "Et pour l'atelier de Roanne, on a dû le décaler, ils avaient un inventaire le 17."),
              ("Marc Ferrand", "Oui, on le repousse au mardi 8 décembre, c'est ça ?"),
              ("Claire Martin", "C'est ça, le mardi 8 décembre."))
    moved = [p for p in crc.progress if p.status.value == "moved"]
    assert moved and moved[0].new_date == dt.date(2026, 12, 8), crc.progress
    assert "atelier de Roanne" in moved[0].what
