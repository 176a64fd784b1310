"""The client's answer to the validation request: read the reply, log it against the exact version.

The draft e-mail asks "Merci de répondre VALIDÉ ou de corriger en rouge". A
reply is matched to its CRC by In-Reply-To/References (the draft's Message-ID),
else by its subject; the first word above the quoted draft decides: VALIDÉ /
VALIDE / VALIDATED -> ``validated``, anything else -> ``changes_requested``
with the reply's text kept. Nothing else is guessed. A CRC edited after its
validation becomes the next minor version and the validated one stays beside it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import re
import unicodedata
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from pydantic import BaseModel

from summarizer.crc import CRC, Validation, ValidationStatus, make_crc_id
from summarizer.errors import InputError
from summarizer.files import atomic_write_text
from summarizer.messages import Message


def content_sha256(crc: CRC) -> str:
    """SHA-256 of the CRC's JSON without its validation block: what the client validated."""
    return hashlib.sha256(crc.model_dump_json(exclude={"validation"}).encode("utf-8")).hexdigest()


def is_validated(crc: CRC) -> bool:
    """The client answered VALIDÉ to this very content (an edit since then voids it)."""
    v = crc.validation
    return v is not None and v.status == ValidationStatus.validated and v.sha256 == content_sha256(crc)


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
        try:
            content = part.get_content()
        except (LookupError, ValueError):
            content = part.get_payload(decode=True) or b""
        if isinstance(content, bytes):
            content = content.decode("utf-8", errors="replace")
        body = _html_text(content) if part.get_content_subtype() == "html" else str(content)
    refs = re.findall(r"<[^<>\s]+>", f"{msg.get('In-Reply-To', '')} {msg.get('References', '')}")
    date: dt.datetime | None = None
    with contextlib.suppress(AttributeError, TypeError, ValueError):
        date = msg["Date"].datetime if msg["Date"] is not None else None
    return Reply(sender=str(msg["From"]), date=date, message_id=(str(msg["Message-ID"]).strip() or None)
                 if msg["Message-ID"] else None, subject=str(msg["Subject"] or ""), references=refs,
                 text=own_text(body))


def decide(text: str) -> ValidationStatus:
    """The first word above the quote: VALIDÉ / VALIDE / VALIDATED (any case) -> validated; else changes requested."""
    m = re.match(r"[\W_]*(\w+)", text)
    word = unicodedata.normalize("NFKD", m.group(1)).encode("ascii", "ignore").decode().upper() if m else ""
    return ValidationStatus.validated if word in _VALIDATED else ValidationStatus.changes_requested


def _norm_subject(subject: str) -> str:
    return " ".join(_PREFIX.sub("", subject).split()).casefold()


def draft_message_id(crc_path: Path) -> str | None:
    """The Message-ID of ``STEM.email.eml`` beside the CRC (the draft the client answers)."""
    stem = crc_path.name[: -len(".crc.json")] if crc_path.name.endswith(".crc.json") else crc_path.stem
    draft = crc_path.with_name(f"{stem}.email.eml")
    if not draft.is_file():
        return None
    msg = BytesParser(policy=policy.default).parsebytes(draft.read_bytes())
    return str(msg["Message-ID"]).strip() if msg["Message-ID"] else None


def match(reply: Reply, crc: CRC, draft_id: str | None) -> str | None:
    """"message_id" (In-Reply-To/References name the draft, or a draft of this CRC), "subject", or None."""
    from summarizer.render.common import email_subject

    if draft_id and draft_id in reply.references:
        return "message_id"
    if any(f".{crc.id}@" in ref for ref in reply.references):  # a re-rendered draft of the same CRC
        return "message_id"
    if _norm_subject(reply.subject) == _norm_subject(email_subject(crc)):
        return "subject"
    return None


# --------------------------------------------------------------------------- versions


def next_version(version: str) -> str:
    """``1.0`` -> ``1.1``: an amended CRC keeps its major version."""
    major, _, minor = version.partition(".")
    return f"{int(major)}.{int(minor or 0) + 1}"


def snapshot_path(path: Path, version: str) -> Path:
    stem = path.name[: -len(".crc.json")] if path.name.endswith(".crc.json") else path.stem
    return path.with_name(f"{stem}.v{version}.crc.json")


def reconcile_version(path: Path, crc: CRC) -> tuple[CRC, str | None]:
    """A validated CRC whose content changed since is the next version; the validated one stays beside it.

    ``crc validate`` keeps ``STEM.vX.Y.crc.json`` when the client answers, so
    a later hand edit of ``STEM.crc.json`` can be bumped without losing what
    was validated. Returns the CRC to use and, when it was bumped (and written), the previous version.
    """
    v = crc.validation
    if v is None or v.version != crc.version or v.sha256 == content_sha256(crc):
        return crc, None
    version = next_version(crc.version)
    bumped = crc.model_copy(update={
        "version": version, "id": make_crc_id(crc.meeting.date, crc.meeting.client, version), "validation": None,
    })
    atomic_write_text(path, bumped.model_dump_json(indent=2))
    return bumped, crc.version


def validate_reply(
    reply_path: Path, crc_path: Path, now: dt.datetime | None = None, *, name: str | None = None,
) -> tuple[CRC, Validation, str | None]:
    """Log the reply in the CRC file; returns (CRC, its validation, the version it was bumped from, if it was).

    The CRC file is unchanged on any error (not an e-mail, no match). ``name`` is what messages call
    the reply (the uploaded file's name, when the service stored it under another)."""
    from summarizer.downstream.crcfiles import read_crc
    from summarizer.render.common import email_subject

    crc = read_crc(crc_path)
    reply = read_reply(reply_path, name)
    how = match(reply, crc, draft_message_id(crc_path))
    if how is None:
        raise InputError(
            Message("reply_mismatch", name=name or reply_path.name, crc_id=crc.id, subject=email_subject(crc)), source=reply_path
        )
    crc, previous = reconcile_version(crc_path, crc)
    status = decide(reply.text)
    validation = Validation(
        status=status, by=reply.sender, at=reply.date or now or dt.datetime.now(dt.timezone.utc),
        message_id=reply.message_id, version=crc.version, sha256=content_sha256(crc), matched_by=how,
        message=reply.text[:MAX_MESSAGE] or None,
    )
    crc = crc.model_copy(update={"validation": validation})
    data = crc.model_dump_json(indent=2)
    atomic_write_text(snapshot_path(crc_path, crc.version), data)  # the answered version, kept when an edit bumps it
    atomic_write_text(crc_path, data)
    return crc, validation, previous
