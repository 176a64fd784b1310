"""The follow-up email the rep sends the client: plain text, HTML alternative and a draft .eml.

Sober and short, as the bareme asks: greeting, one-sentence objective, facts,
decisions, risks with their mitigation, the next step, deliverables, pieces,
then the explicit validation request with its deadline. No score and no
quotes: those stay in the internal Markdown. Dates are written out
("d'ici le 30 novembre 2026"); the validation deadline keeps the bareme's
« avant JJ/MM 17h ».
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses, make_msgid

from summarizer.crc import CRC
from summarizer.errors import InputError
from summarizer.lang import get_lang
from summarizer.messages import Message
from summarizer.render.common import (
    clean,
    client_contacts,
    deadline_label,
    due_label,
    email_subject,
    owner_label,
    progress_line,
    validation_deadline,
    vendor_signatory,
)
from summarizer.score import ScoreReport

#: Domain of generated Message-IDs when no sender is given (reserved, never resolves).
MSGID_DOMAIN = "crc.invalid"


@dataclass(frozen=True)
class _Section:
    title: str
    items: list[str]


@dataclass(frozen=True)
class _EmailDoc:
    """The email's content once, rendered twice (text and HTML) so both always agree."""

    lang: str
    greeting: str
    intro: list[str]
    sections: list[_Section]
    validation: str
    closing: str
    signature: list[str] = field(default_factory=list)


def _build(crc: CRC, deadline: dt.datetime) -> _EmailDoc:
    lang = crc.meeting.language
    pack = get_lang(lang)
    txt = pack.strings
    contacts = client_contacts(crc)
    if len(contacts) == 1:
        greeting = txt.email.greeting_one.format(name=clean(contacts[0].name))
    elif contacts:
        greeting = txt.email.greeting_all
    else:
        greeting = txt.email.greeting

    intro = [txt.email.intro.format(day=pack.date_long(crc.meeting.date))]
    if clean(crc.objective):
        intro.append(txt.email.objective.format(objective=clean(crc.objective)))

    sections: list[_Section] = []
    sections.append(_Section(
        txt.sections.facts,
        [clean(f.text) for f in crc.facts] or [txt.email.no_facts],
    ))
    sections.append(_Section(
        txt.sections.decisions,
        [clean(d.text) for d in crc.decisions] or [txt.sections.no_decisions],
    ))
    if crc.risks:  # a risk without mitigation is said as such: "à définir" is for the internal Markdown
        plan = f"{txt.common.mitigation}{txt.common.colon} "
        sections.append(_Section(
            txt.sections.risks,
            [clean(r.text) + (f" — {plan}{clean(r.mitigation)}" if clean(r.mitigation) else "") for r in crc.risks],
        ))
    sections.append(_Section(
        txt.sections.next_step,
        [f"{clean(s.action)} — {owner_label(crc, s.owner, s.side, lang)} — {due_label(s.due_date, s.due_text, lang, long=True)}"
         for s in crc.next_steps] or [txt.email.no_next_step],
    ))
    if crc.deliverables:
        items = []
        for d in crc.deliverables:
            line = f"{clean(d.what)} — {owner_label(crc, d.issuer, d.side, lang)} — " \
                   f"{due_label(d.due_date, d.due_text, lang, by=True, long=True)}"
            if clean(d.format):
                line += txt.email.format.format(format=clean(d.format))
            items.append(line)
        sections.append(_Section(txt.sections.deliverables, items))
    if crc.progress:
        sections.append(_Section(txt.sections.progress, [progress_line(p, lang) for p in crc.progress]))
    if crc.attachments:
        sections.append(_Section(
            txt.sections.attachments,
            [clean(a.name) + (f" ({clean(a.kind)})" if clean(a.kind) else "") for a in crc.attachments],
        ))

    when = deadline_label(deadline, lang)
    validation = txt.email.validation.format(when=when)
    vendor = vendor_signatory(crc)
    signature = [clean(vendor.name)] if vendor else [txt.email.your_name]
    if vendor and clean(vendor.organization):
        signature.append(clean(vendor.organization))
    signature.append(txt.email.signature)
    return _EmailDoc(lang, greeting, intro, sections, validation,
                     txt.email.closing, signature)


def _text(doc: _EmailDoc) -> str:
    out = [doc.greeting, ""]
    for line in doc.intro:
        out += [line, ""]
    for section in doc.sections:
        out += [section.title, *(f"- {item}" for item in section.items), ""]
    out += [doc.validation, "", doc.closing, "", *doc.signature]
    return "\n".join(out) + "\n"


def _html(doc: _EmailDoc, subject: str) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(doc.lang)}"><head><meta charset="utf-8"><title>{e(subject)}</title></head>',
        '<body style="font-family: Calibri, Arial, sans-serif; font-size: 11pt; color: #222222;">',
        f"<p>{e(doc.greeting)}</p>",
        *(f"<p>{e(line)}</p>" for line in doc.intro),
    ]
    for section in doc.sections:
        parts.append(f'<p style="margin-bottom: 2pt;"><strong>{e(section.title)}</strong></p>')
        parts.append('<ul style="margin-top: 0;">' + "".join(f"<li>{e(item)}</li>" for item in section.items) + "</ul>")
    parts.append(f"<p><strong>{e(doc.validation)}</strong></p>")
    parts.append(f"<p>{e(doc.closing)}</p>")
    parts.append("<p>" + "<br>".join(e(line) for line in doc.signature) + "</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_email_text(crc: CRC, report: ScoreReport, *, deadline: dt.datetime | None = None) -> str:
    """The plain-text body (``report`` is accepted for a uniform API; the score never goes to the client)."""
    del report
    return _text(_build(crc, deadline or validation_deadline(crc.meeting.date)))


def render_email_html(crc: CRC, *, deadline: dt.datetime | None = None) -> str:
    """The HTML alternative: same content as the text body, every value escaped."""
    return _html(_build(crc, deadline or validation_deadline(crc.meeting.date)), email_subject(crc))


def _address(raw: str) -> Address:
    """Parse "Name <a@b.c>" or "a@b.c"; one clear error otherwise (never a header injection)."""
    problem = Message("email_address_invalid", address=clean(raw))
    if not raw.strip() or "\n" in raw or "\r" in raw:
        raise InputError(problem)
    parsed = getaddresses([raw.strip()])
    if len(parsed) != 1:
        raise InputError(problem)
    name, spec = parsed[0]
    try:
        addr = Address(display_name=name, addr_spec=spec)
    except (ValueError, IndexError, TypeError) as exc:
        raise InputError(problem) from exc
    if not addr.username or "." not in addr.domain:
        raise InputError(problem)
    return addr


def render_eml(
    crc: CRC,
    report: ScoreReport,
    *,
    deadline: dt.datetime | None = None,
    sender: str | None = None,
    recipients: list[str] | None = None,
) -> bytes:
    """A draft RFC 5322 message (``X-Unsent: 1``: Outlook opens it ready to edit and send).

    multipart/alternative, text/plain then text/html, UTF-8. Deterministic except
    Date and Message-ID (the MIME boundary is derived from the content). Without
    recipients there is no To header, so the mail client asks for one; without a
    sender there is no From, the client fills in the account's address.
    """
    deadline = deadline or validation_deadline(crc.meeting.date)
    doc = _build(crc, deadline)
    subject = email_subject(crc)
    text, body_html = _text(doc), _html(doc, subject)
    del report

    msg = EmailMessage(policy=SMTP)
    from_addr = _address(sender) if sender else None
    if from_addr is not None:
        msg["From"] = from_addr
    to_addrs = [_address(r) for r in recipients or []]
    if to_addrs:
        msg["To"] = to_addrs
    msg["Subject"] = subject
    msg["Date"] = format_datetime(dt.datetime.now().astimezone())
    domain = from_addr.domain if from_addr is not None else MSGID_DOMAIN
    msg["Message-ID"] = make_msgid(idstring=clean(crc.id), domain=domain)
    msg["X-Unsent"] = "1"
    msg["X-CRC-Id"] = clean(crc.id)
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(body_html, subtype="html", charset="utf-8", cte="quoted-printable")
    msg["Content-Language"] = doc.lang  # after set_content, which drops Content-*
    digest = hashlib.sha256((subject + text + body_html).encode("utf-8")).hexdigest()[:32]
    msg.set_boundary(f"=_crc_{digest}")
    return msg.as_bytes(policy=SMTP)
