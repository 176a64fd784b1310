"""Atomic writes (a reader never sees half a file, a crash never leaves one), the content hash, safe CSV cells."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

#: Stamped in what crc writes that could pass for an input (the .docx core properties' category, the
#: transcript header), so ``crc batch`` skips it and ``crc run`` refuses it instead of reading it as a call.
CRC_MARK = "crc — compte rendu commercial"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp creates 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def sha256_file(path: Path) -> str:
    """Content hash of an input: batch manifest key, ASR cache key and ``metadata.source_sha256``.

    Computed once per run (:func:`summarizer.pipeline.run_file`) and passed down.
    """
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def ensure_out_dir(path: Path, option: str = "--out") -> Path:
    """Create the output folder (and its parents) and prove it is writable, before any work is done.

    An output that turns out to be a file or a read-only place is the user's to fix: one
    :class:`~summarizer.errors.InputError` line (exit 2), not an internal error after processing.
    """
    from summarizer.errors import InputError
    from summarizer.messages import Message

    if path.exists() and not path.is_dir():
        raise InputError(Message("out_is_file", option=option, path=path))
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".crc-write-test.", dir=path)
        os.close(fd)
        os.unlink(probe)
    except (FileExistsError, NotADirectoryError) as exc:
        raise InputError(Message("out_path_file", option=option, path=path, part=str(exc.filename))) from exc
    except OSError as exc:
        raise InputError(
            Message("out_unwritable", option=option, path=path, reason=exc.strerror or type(exc).__name__)
        ) from exc
    return path


#: A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``=HYPERLINK(…)`` -> ``'=HYPERLINK(…)``: a leading quote makes a would-be formula plain text (OWASP);
    the csv writer then quotes the cell and doubles its quotes."""
    return "'" + value if value.startswith(FORMULA_START) else value
