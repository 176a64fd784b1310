"""The CRC's « Suivi des engagements précédents » in every render (Markdown with its quotes, .docx, e-mail)."""

from __future__ import annotations

import io

import docx
from crc_factory import ev, full_en, full_fr

from summarizer.crc import CRC
from summarizer.render import render_docx, render_email_text, render_markdown
from summarizer.score import score_crc

PROGRESS = [
    {"status": "done", "what": "La proposition de cadrage", "who": "Claire Martin",
     "evidence": [ev(2, "je vous ai envoyé la proposition de cadrage")]},
    {"status": "moved", "what": "L'atelier de Lyon", "new_date": "2026-12-15", "new_date_text": "au 15",
     "evidence": [ev(3, "l'atelier, on décale au 15")]},
]


def _with_progress(base: CRC) -> CRC:
    return CRC.model_validate({**base.model_dump(mode="json"), "progress": PROGRESS})


def test_markdown_shows_progress_with_its_quotes() -> None:
    crc = _with_progress(full_fr())
    text = render_markdown(crc, score_crc(crc))
    section = text.split("## Suivi des engagements précédents", 1)[1].split("\n## ", 1)[0]
    assert "- Fait — La proposition de cadrage (Claire Martin)" in section
    assert "Reporté — L'atelier de Lyon — nouvelle date : 15/12/2026" in section
    assert "je vous ai envoyé la proposition de cadrage" in section  # every line keeps its quote
    assert "Suivi des engagements" not in render_markdown(full_fr(), score_crc(full_fr()))  # nothing reported: no section


def test_docx_and_email_mention_progress_in_the_crc_language() -> None:
    crc = _with_progress(full_fr())
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(crc, score_crc(crc)))).paragraphs)
    assert "Suivi des engagements précédents" in body and "Fait — La proposition de cadrage" in body
    mail = render_email_text(crc, score_crc(crc))
    assert "Suivi des engagements précédents" in mail and "Reporté — L'atelier de Lyon" in mail
    en = _with_progress(full_en())
    assert "Follow-up of earlier commitments" in render_email_text(en, score_crc(en))
    assert "Done — La proposition de cadrage" in render_email_text(en, score_crc(en))
