"""The client's answer to the validation request: read the reply, log it against the exact version.

The draft e-mail asks "Merci de répondre VALIDÉ ou de corriger en rouge". A
reply is matched to its CRC by In-Reply-To/References (the draft's Message-ID,
which names the CRC id and version), else by its subject, and binds to the
version it answers: a reply to an older version, or dated before the current
version was made, or before an answer already logged, is refused. The answer
above the quoted draft decides: it opens with VALIDÉ / VALIDE / VALIDATED, and
is neither a question ("Validé ? Non…", "Valide-t-on…") nor negated or
qualified -> ``validated``; anything else -> ``changes_requested`` with the
reply's text kept. The sender is checked against the client's participants and
the draft's recipients; a VALIDÉ from anyone else is logged but does not count.
A CRC edited after its validation becomes the next minor version, with a new
draft to send, and the validated one stays beside it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re
import unicodedata
from email import policy
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import Path

from pydantic import BaseModel

from summarizer.crc import (
    CRC,
    Side,
    Validation,
    ValidationStatus,
    call_key,
    content_sha256,
    crc_id_for,
    id_tag,
    next_version,
)
from summarizer.errors import InputError
from summarizer.files import atomic_write_text
from summarizer.messages import Message
from summarizer.names import name_key

# --------------------------------------------------------------------------- reading the reply

_PREFIX = re.compile(r"^\s*(?:(?:re|tr|fw|fwd|aw|wg|rv|sv|réf|ref)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
#: Where the quoted draft starts in a reply (Gmail, Outlook, Apple Mail, Thunderbird; French and English).
_QUOTE_START = re.compile(
    r"^\s*(?:>|-{2,}\s*(?:original message|message d'origine|message transféré|forwarded message)|_{10,}"
    r"|(?:de|from)\s*:\s*\S.*$)",
    re.IGNORECASE,
)
_WROTE = re.compile(r"^\s*(?:le |on ).*(?:a écrit|wrote)\s*:\s*$", re.IGNORECASE)
_VALIDATED = {"VALIDE", "VALIDATED"}
MAX_MESSAGE = 5000


class Reply(BaseModel):
    """What crc keeps of the client's e-mail."""

    sender: str | None
    date: dt.datetime | None
    message_id: str | None
    subject: str
    references: list[str]
    text: str  # the reply's own words, above the quoted draft


def _html_text(html_body: str) -> str:
    text = re.sub(r"(?is)<(script|style).*?</\1>", "", html_body)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|<blockquote", lambda m: "\n" + (">" if m.group(0).lower().startswith("<blockquote") else ""), text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def own_text(body: str) -> str:
    """The lines above the quoted draft (a wrapped "Le …, X a\\nécrit :" header included)."""
    lines = body.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        joined = line + " " + (lines[i + 1] if i + 1 < len(lines) else "")
        if _QUOTE_START.match(line) or _WROTE.match(line) or (line.strip().lower().startswith(("le ", "on "))
                                                               and _WROTE.match(joined)):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def _part_text(part: MIMEPart) -> str:
    """The part's text; without a charset, UTF-8 else Windows-1252 (never "VALID\ufffd" for "VALIDÉ")."""
    raw = part.get_payload(decode=True)
    if part.get_content_charset() is None and isinstance(raw, bytes):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        content = raw or b""
    return content.decode("utf-8", errors="replace") if isinstance(content, bytes) else str(content)


def read_reply(path: Path, name: str | None = None) -> Reply:
    """Parse an .eml; anything that is not an e-mail is one :class:`InputError` line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Message("file_missing", path=path), source=path) from None
    except OSError as exc:
        raise InputError(Message("file_unreadable", path=path, reason=str(exc.strerror)), source=path) from None
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    if not isinstance(msg, EmailMessage) or msg["From"] is None or (msg["Subject"] is None and msg["In-Reply-To"] is None):
        raise InputError(Message("not_an_email", name=name or path.name), source=path)
    part = msg.get_body(preferencelist=("plain", "html"))
    body = ""
    if part is not None:
        content = _part_text(part)
        body = _html_text(content) if part.get_content_subtype() == "html" else str(content)
    refs = re.findall(r"<[^<>\s]+>", f"{msg.get('In-Reply-To', '')} {msg.get('References', '')}")
    date: dt.datetime | None = None
    with contextlib.suppress(AttributeError, TypeError, ValueError):
        date = msg["Date"].datetime if msg["Date"] is not None else None
    return Reply(sender=str(msg["From"]), date=date, message_id=(str(msg["Message-ID"]).strip() or None)
                 if msg["Message-ID"] else None, subject=str(msg["Subject"] or ""), references=refs,
                 text=own_text(body))


#: After the first word, what turns "Validé" into a question or a refusal: "Validé ? Non", "Valide-t-on".
_NOT_AN_ANSWER = re.compile(r"^\s*(?:\?|-\s*t\s*-|-\s*(?:on|vous|nous|ils?|elles?)\b)", re.IGNORECASE)
#: Words that negate or qualify the first sentence or open the next one ("Validé. Enfin non…").
_RESERVATION = re.compile(
    r"\b(?:non|pas|jamais|sauf|mais|sous r[ée]serve|r[ée]serves?|except|but|no|not|never|unless|pending)\b",
    re.IGNORECASE,
)
#: Negative words that confirm: "pas de souci", "rien à redire", "no changes".
_CONFIRMING = re.compile(
    r"\b(?:(?:je )?n ?(?:ai|a) )?pas d(?:e |\s*)(?:souci|probl[eè]me|remarques?|changements?|modifications?|corrections?"
    r"|objections?)s?\b|\bno (?:problem|changes?|comments?|objections?|issues?)\b|\bnot a problem\b",
    re.IGNORECASE,
)


def decide(text: str) -> ValidationStatus:
    """VALIDÉ / VALIDE / VALIDATED first, in an answer that is neither a question nor negated or qualified.

    "Validé !", "VALIDÉ, merci Julien." -> validated; "Validé ? Non, pas du tout", "Valide-t-on vraiment
    ce planning ?", "Validé sauf le montant", "Validé. Enfin non…" -> changes requested (text kept)."""
    m = re.match(r"[\W_]*(\w+)", text)
    word = unicodedata.normalize("NFKD", m.group(1)).encode("ascii", "ignore").decode().upper() if m else ""
    if m is None or word not in _VALIDATED:
        return ValidationStatus.changes_requested
    rest = text[m.end():]
    if _NOT_AN_ANSWER.match(rest):
        return ValidationStatus.changes_requested
    sentences = [x for x in re.split(r"(?<=[.!?…\n])", rest) if x.strip()]
    first = sentences[0] if sentences else ""
    following = sentences[1].strip() if len(sentences) > 1 else ""
    if "?" in first or _RESERVATION.search(_CONFIRMING.sub(" ", first.replace("'", " ").replace("’", " "))):
        return ValidationStatus.changes_requested
    if re.match(r"(?:non|no|pas|not|enfin non|en fait non)\b", following, re.IGNORECASE):
        return ValidationStatus.changes_requested
    return ValidationStatus.validated


def _norm_subject(subject: str) -> str:
    return " ".join(_PREFIX.sub("", subject).split()).casefold()


#: A draft's Message-ID names its CRC id and version: ``<…CRC-2026-11-18-TransportsFerrand-3fa2c1-v1.0@…>``.
_DRAFT_REF = re.compile(r"\.(CRC-\d{4}-\d{2}-\d{2}-[A-Za-z0-9]+(?:-[0-9a-f]{6})?-v\d+\.\d+)@")


class Draft(BaseModel):
    """What crc reads of ``STEM.email.eml``, the draft the client answers."""

    message_id: str | None = None
    recipients: list[str] = []


class Binding(BaseModel):
    """How a reply was matched, and the version it names (None when only its subject matched)."""

    how: str
    version: str | None = None


def _stem(crc_path: Path) -> str:
    return crc_path.name[: -len(".crc.json")] if crc_path.name.endswith(".crc.json") else crc_path.stem


def read_draft(crc_path: Path) -> Draft:
    """The draft beside the CRC (empty when there is none)."""
    draft = crc_path.with_name(f"{_stem(crc_path)}.email.eml")
    if not draft.is_file():
        return Draft()
    msg = BytesParser(policy=policy.default).parsebytes(draft.read_bytes())
    recipients = [a.addr_spec.casefold() for h in ("To", "Cc") for a in getattr(msg[h], "addresses", ()) if a.addr_spec]
    return Draft(message_id=str(msg["Message-ID"]).strip() if msg["Message-ID"] else None, recipients=recipients)


def _same_call(crc_id: str, crc: CRC) -> bool:
    tag = id_tag(crc_id)
    return call_key(crc_id) == call_key(crc.id) or (tag is not None and tag == id_tag(crc.id))


def match(reply: Reply, crc: CRC, draft_id: str | None) -> Binding | None:
    """By In-Reply-To/References (a draft of this call, with the version it names), else by subject; None when the
    reply answers another call's draft or nothing of this one."""
    from summarizer.render.common import email_subject

    named = [i for ref in reply.references for i in _DRAFT_REF.findall(ref)]
    mine = [i for i in named if _same_call(i, crc)]
    if mine:
        return Binding(how="message_id", version=mine[0].rsplit("-v", 1)[1])
    if draft_id and draft_id in reply.references:
        return Binding(how="message_id")
    if named:  # a reply to the draft of another call, even if its subject looks the same
        return None
    if _norm_subject(reply.subject) == _norm_subject(email_subject(crc)):
        return Binding(how="subject")
    return None


def sender_known(sender: str | None, crc: CRC, draft: Draft) -> bool:
    """The sender is a recipient of the draft, or a client-side participant (by name or by a first.last address)."""
    if not sender:
        return False
    parsed = parseaddr(sender)
    address = parsed[1].casefold()
    if address and address in draft.recipients:
        return True
    local = re.sub(r"[._-]+", " ", address.split("@")[0]) if "@" in address else ""
    candidates = {name_key(parsed[0]), name_key(local)} - {""}
    clients = {name_key(p.name) for p in crc.participants if p.side != Side.vendor}
    return bool(candidates & clients)


# --------------------------------------------------------------------------- versions


def snapshot_path(path: Path, version: str) -> Path:
    return path.with_name(f"{_stem(path)}.v{version}.crc.json")


def render_beside(path: Path, crc: CRC, *, draft: bool) -> None:
    """Write the CRC and re-render the files beside it (score, Markdown, Word, calendar), and with ``draft`` the
    e-mail to send; files that were never written there are left out, except a new draft."""
    from summarizer.files import atomic_write_bytes
    from summarizer.pipeline import render_crc_files
    from summarizer.score import score_crc

    stem = _stem(path)
    for suffix, data in render_crc_files(crc, score_crc(crc)).items():
        target = path.with_name(f"{stem}{suffix}")
        if suffix == ".crc.json" or (suffix == ".email.eml" and draft) or (suffix != ".email.eml" and target.exists()):
            atomic_write_bytes(target, data)


def reconcile_version(path: Path, crc: CRC, now: dt.datetime | None = None) -> tuple[CRC, str | None]:
    """A validated CRC whose content changed since is the next version; the validated one stays beside it.

    ``crc validate`` keeps ``STEM.vX.Y.crc.json`` when the client answers, so
    a later hand edit of ``STEM.crc.json`` can be bumped without losing what
    was validated. The new version gets its own draft (its Message-ID names the new version), to send for
    validation again. Returns the CRC to use and, when it was bumped (and written), the previous version.
    """
    v = crc.validation
    if v is None or v.version != crc.version or v.sha256 == content_sha256(crc):
        return crc, None
    version = next_version(crc.version)
    made = now or dt.datetime.now(dt.timezone.utc)
    bumped = crc.model_copy(update={
        "version": version, "id": crc_id_for(crc, version), "validation": None,
        "metadata": crc.metadata.model_copy(update={"version_at": made}),
    })
    render_beside(path, bumped, draft=True)
    return bumped, crc.version


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.timezone.utc)


def check_binding(reply: Reply, crc: CRC, binding: Binding, previous: str | None, name: str, draft: str) -> None:
    """Refuse a reply that answers another version than the current one, or that an answer already logged follows."""
    if binding.version is not None and binding.version != crc.version:
        raise InputError(Message("reply_old_version", name=name, answered=binding.version, current=crc.version,
                                 draft=draft))
    if binding.version is None and previous is not None:  # matched by subject, the CRC changed after the answer
        raise InputError(Message("reply_old_version", name=name, answered=previous, current=crc.version, draft=draft))
    if reply.date is None:
        return
    made = crc.metadata.version_at
    if binding.version is None and made is not None and _aware(reply.date) < _aware(made):
        raise InputError(Message("reply_before_version", name=name, date=f"{reply.date:%d/%m/%Y %H:%M}",
                                 current=crc.version, made=f"{made:%d/%m/%Y %H:%M}"))
    v = crc.validation
    if v is not None and v.version == crc.version and v.at is not None and _aware(reply.date) < _aware(v.at) \
            and v.message_id != reply.message_id:
        raise InputError(Message("reply_superseded", name=name, date=f"{reply.date:%d/%m/%Y %H:%M}",
                                 later=f"{v.at:%d/%m/%Y %H:%M}"))


def validate_reply(
    reply_path: Path, crc_path: Path, now: dt.datetime | None = None, *, name: str | None = None,
) -> tuple[CRC, Validation, str | None]:
    """Log the reply in the CRC file; returns (CRC, its validation, the version it was bumped from, if it was).

    The CRC file is unchanged on any error (not an e-mail, no match), except that an edit made after the
    previous answer still becomes the next version. ``name`` is what messages call the reply (the uploaded
    file's name, when the service stored it under another)."""
    from summarizer.downstream.crcfiles import read_crc
    from summarizer.render.common import email_subject

    label = name or reply_path.name
    crc = read_crc(crc_path)
    reply = read_reply(reply_path, name)
    draft = read_draft(crc_path)
    binding = match(reply, crc, draft.message_id)
    if binding is None:
        raise InputError(Message("reply_mismatch", name=label, crc_id=crc.id, subject=email_subject(crc)),
                         source=reply_path)
    crc, previous = reconcile_version(crc_path, crc, now)
    try:
        check_binding(reply, crc, binding, previous, label, f"{_stem(crc_path)}.email.eml")
    except InputError as exc:
        exc.source = reply_path
        raise
    validation = Validation(
        status=decide(reply.text), by=reply.sender, at=reply.date or now or dt.datetime.now(dt.timezone.utc),
        message_id=reply.message_id, version=crc.version, sha256=content_sha256(crc), matched_by=binding.how,
        message=reply.text[:MAX_MESSAGE] or None, sender_known=sender_known(reply.sender, crc, draft),
    )
    crc = crc.model_copy(update={"validation": validation})
    atomic_write_text(snapshot_path(crc_path, crc.version), crc.model_dump_json(indent=2))  # kept when an edit bumps it
    render_beside(crc_path, crc, draft=False)
    return crc, validation, previous
