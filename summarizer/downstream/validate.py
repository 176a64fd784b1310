"""The client's answer to the validation request: read the reply, log it against the exact version.

The draft e-mail asks "Merci de répondre VALIDÉ ou de corriger en rouge". A
reply is matched to its CRC by In-Reply-To/References (the draft's Message-ID),
else by its subject; the first word above the quoted draft decides: VALIDÉ /
VALIDE / VALIDATED -> ``validated``, anything else -> ``changes_requested``
with the reply's text kept. Nothing else is guessed. A CRC edited after its
validation becomes the next minor version and the validated one stays beside it.
"""

from __future__ import annotations

import hashlib

from summarizer.crc import CRC, ValidationStatus


def content_sha256(crc: CRC) -> str:
    """SHA-256 of the CRC's JSON without its validation block: what the client validated."""
    return hashlib.sha256(crc.model_dump_json(exclude={"validation"}).encode("utf-8")).hexdigest()


def is_validated(crc: CRC) -> bool:
    """The client answered VALIDÉ to this very content (an edit since then voids it)."""
    v = crc.validation
    return v is not None and v.status == ValidationStatus.validated and v.sha256 == content_sha256(crc)
