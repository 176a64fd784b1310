"""Transcript model and readers: every input format becomes one ordered list of segments.

Formats: WebVTT (Teams ``<v Name>`` voice tags, Zoom ``Name: text``), SRT,
plain text (``Name : text`` lines, optional ``[hh:mm:ss]`` stamps), JSON
(faster-whisper / whisperX ``{"segments": [...]}`` or a bare list) and .docx
(Teams "Download as .docx"). Encodings: UTF-8 (with or without BOM) and
cp1252/latin-1, detected without user action.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from summarizer.errors import InputError

#: Transcripts above this size are refused: a 3-hour call is under 1 MB of text.
MAX_TRANSCRIPT_BYTES = 50 * 1024 * 1024

TRANSCRIPT_SUFFIXES = {".vtt", ".srt", ".txt", ".json", ".docx"}


class Segment(BaseModel):
    """One utterance: the unit every evidence quote points at."""

    index: int = Field(ge=0)
    start: float | None = Field(default=None, ge=0)
    end: float | None = Field(default=None, ge=0)
    speaker: str | None = None
    text: str


class Transcript(BaseModel):
    segments: list[Segment]  # ordered; ``index`` is the position
    source: str | None = None
    format: str | None = None
    language: str | None = None
    #: meeting date found in the file itself (VTT/JSON header, docx properties)
    meeting_date: dt.date | None = None
    title: str | None = None
    #: what the reader had to guess (mixed encodings), shown once to the user
    warnings: list[str] = Field(default_factory=list)

    @property
    def speakers(self) -> list[str]:
        seen: dict[str, None] = {}
        for s in self.segments:
            if s.speaker:
                seen.setdefault(s.speaker, None)
        return list(seen)

    @property
    def duration(self) -> float | None:
        ends = [s.end if s.end is not None else s.start for s in self.segments]
        known = [e for e in ends if e is not None]
        return max(known) if known else None

    def text(self) -> str:
        return "\n".join(f"{s.speaker}: {s.text}" if s.speaker else s.text for s in self.segments)


def _build(
    items: Iterable[tuple[float | None, float | None, str | None, str]],
    **meta: Any,
) -> Transcript:
    segments: list[Segment] = []
    for start, end, speaker, text in items:
        text = _clean_text(text)
        if not text:
            continue
        speaker = speaker.strip() if speaker and speaker.strip() else None
        segments.append(Segment(index=len(segments), start=start, end=end, speaker=speaker, text=text))
    return Transcript(segments=segments, **meta)


_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _clean_text(text: str) -> str:
    text = _TAG.sub("", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


# --- decoding -----------------------------------------------------------------


def decode_bytes(data: bytes, name: str = "fichier") -> str:
    """UTF-8 (BOM or not) first; otherwise cp1252, the usual Windows export encoding.

    cp1252 maps almost every byte, so it is tried only after UTF-8 fails, and
    charset-normalizer arbitrates the rare files that are neither.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace").lstrip("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not re.search(r"[\x80-\x9f]", text):
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name} : encodage de texte non reconnu ; réenregistrez-le en UTF-8.")
    return str(best)


# --- time stamps --------------------------------------------------------------

_TS = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"


def _seconds(h: str | None, m: str, s: str, frac: str | None) -> float:
    value = float(int(h or 0) * 3600 + int(m) * 60 + int(s))
    if frac:
        value += int(frac.ljust(3, "0")[:3]) / 1000
    return float(value)


_CUE_TIME = re.compile(rf"^\s*{_TS}\s*-->\s*{_TS}")
_SPEAKER_PREFIX = re.compile(r"^\s*([A-ZÀ-ÖØ-Þ][\w'’.\- ]{0,60}?)\s?:\s+(.+)$", re.S)
_VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+([^>]+)>")


def _split_speaker(text: str) -> tuple[str | None, str]:
    m = _SPEAKER_PREFIX.match(text)
    if m and len(m.group(1).split()) <= 5:
        return m.group(1).strip(), m.group(2)
    return None, text


def _parse_cues(text: str) -> list[tuple[float, float, str | None, str]]:
    """Shared by VTT and SRT: blocks separated by blank lines, with a ``-->`` line."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        for i, line in enumerate(lines):
            m = _CUE_TIME.match(line)
            if not m:
                continue
            g = m.groups()
            start, end = _seconds(*g[0:4]), _seconds(*g[4:8])
            body = "\n".join(lines[i + 1 :])
            voice = _VOICE.search(body)
            if voice:
                speaker: str | None = voice.group(1).strip()
                body = _TAG.sub("", body)
            else:
                speaker, body = _split_speaker(_TAG.sub("", body))
            cues.append((start, end, speaker, body))
            break
    return cues


_DATE_IN_HEADER = re.compile(r"(\d{4}-\d{2}-\d{2})")


def read_vtt(text: str, source: str | None = None) -> Transcript:
    if not text.lstrip().startswith("WEBVTT"):
        raise InputError(f"{source or 'fichier'} : en-tête WEBVTT absent ; ce n'est pas un fichier WebVTT valide.")
    header = re.split(r"\n\s*\n", text.replace("\r\n", "\n"), maxsplit=1)[0]
    meeting_date = None
    title = None
    for line in header.split("\n")[1:]:
        key, _, value = line.partition(":")
        key = key.strip().lower()
        if key in {"date", "meeting-date", "recorded"}:
            m = _DATE_IN_HEADER.search(value)
            if m:
                meeting_date = dt.date.fromisoformat(m.group(1))
        elif key in {"title", "subject", "sujet"}:
            title = value.strip() or None
    return _build(_parse_cues(text), source=source, format="vtt", meeting_date=meeting_date, title=title)


def read_srt(text: str, source: str | None = None) -> Transcript:
    return _build(_parse_cues(text), source=source, format="srt")


_STAMP = re.compile(r"^\s*[\[(]?" + _TS + r"[\])]?\s*[-–]?\s*")
_TXT_LINE = re.compile(r"^\s*([A-ZÀ-ÖØ-Þ][\w'’.\- ]{0,60}?)\s*:\s*(.+)$")


def read_txt(text: str, source: str | None = None) -> Transcript:
    """``Name : text`` lines; a line without a speaker continues the previous utterance."""
    items: list[list[Any]] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        start = None
        m = _STAMP.match(line)
        if m and m.group(3) is not None and (m.group(1) is not None or ":" in line[: m.end()]):
            start = _seconds(*m.groups()[0:4])
            line = line[m.end() :]
        sm = _TXT_LINE.match(line)
        if sm and len(sm.group(1).split()) <= 5 and not sm.group(1).lower().startswith(("http", "note")):
            items.append([start, None, sm.group(1).strip(), sm.group(2)])
        elif items and start is None:
            items[-1][3] += " " + line
        else:
            items.append([start, None, None, line])
    # an utterance ends where the next one starts
    for cur, nxt in itertools.pairwise(items):
        if cur[0] is not None and nxt[0] is not None:
            cur[1] = nxt[0]
    return _build([(i[0], i[1], i[2], i[3]) for i in items], source=source, format="txt")


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return None


def read_json(text: str, source: str | None = None) -> Transcript:
    name = source or "fichier"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} : JSON invalide (ligne {exc.lineno}) ; vérifiez le fichier exporté.") from exc
    meta: dict[str, Any] = {}
    if isinstance(data, dict):
        segs = data.get("segments")
        if segs is None:
            raise InputError(f"{name} : JSON sans clé \"segments\" ; attendu {{\"segments\": [...]}} ou une liste.")
        if data.get("language"):
            meta["language"] = str(data["language"])[:5]
        for key in ("meeting_date", "date"):
            if isinstance(data.get(key), str):
                m = _DATE_IN_HEADER.search(data[key])
                if m:
                    meta["meeting_date"] = dt.date.fromisoformat(m.group(1))
                    break
        if data.get("title"):
            meta["title"] = str(data["title"])
    else:
        segs = data
    if not isinstance(segs, list):
        raise InputError(f"{name} : \"segments\" doit être une liste.")
    items = []
    for seg in segs:
        if not isinstance(seg, dict) or not isinstance(seg.get("text"), str):
            raise InputError(f"{name} : chaque segment doit être un objet avec un champ \"text\".")
        speaker = seg.get("speaker")
        items.append((_num(seg.get("start")), _num(seg.get("end")), str(speaker) if speaker else None, seg["text"]))
    return _build(items, source=source, format="json", **meta)


_MONTHS = {m: i for i, m in enumerate(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(), 1)}
_MONTHS.update({m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)})
_LONG_DATE = re.compile(r"\b(\d{1,2})(?:er)?\s+([a-zéû]+)\s+(\d{4})\b|\b([a-z]+)\s+(\d{1,2}),\s+(\d{4})\b", re.I)


def header_date(text: str) -> dt.date | None:
    """A date written in a header line: ISO, dd/mm/yyyy, "16 novembre 2026" or "November 16, 2026"."""
    m = _DATE_IN_HEADER.search(text)
    if m:
        try:
            return dt.date.fromisoformat(m.group(1))
        except ValueError:
            return None
    m2 = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text)
    try:
        if m2:
            return dt.date(int(m2.group(3)), int(m2.group(2)), int(m2.group(1)))
        m3 = _LONG_DATE.search(text)
        if m3 and m3.group(1):
            month = _MONTHS.get(m3.group(2).lower())
            return dt.date(int(m3.group(3)), month, int(m3.group(1))) if month else None
        if m3 and m3.group(4):
            month = _MONTHS.get(m3.group(4).lower())
            return dt.date(int(m3.group(6)), month, int(m3.group(5))) if month else None
    except ValueError:
        return None
    return None


def read_docx(path: Path) -> Transcript:
    """Teams .docx: paragraphs of ``Name   0:03`` followed by the words, or ``Name: text``."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise InputError(f"{path.name} : document .docx illisible ou corrompu.") from exc
    paragraphs = [p.text.strip() for p in doc.paragraphs if p.text.strip()]
    meeting_date = None
    created = doc.core_properties.created
    if created is not None:
        meeting_date = created.date()
    title = doc.core_properties.title or None
    head = re.compile(rf"^(.{{1,60}}?)\s+{_TS}\s*$")
    items: list[tuple[float | None, float | None, str | None, str]] = []
    i = 0
    # Teams puts the meeting title and its date/duration above the first speaker
    while i < len(paragraphs) and i < 3 and not head.match(paragraphs[i]) and not _TXT_LINE.match(paragraphs[i]):
        found = header_date(paragraphs[i])
        if found:
            meeting_date = found
        elif i == 0 and paragraphs[i].lower() not in {"transcript", "transcription"}:
            title = paragraphs[i]
        i += 1
    while i < len(paragraphs):
        para = paragraphs[i]
        m = head.match(para)
        if m and i + 1 < len(paragraphs):
            start = _seconds(*m.groups()[1:5])
            items.append((start, None, m.group(1).strip(), paragraphs[i + 1]))
            i += 2
            continue
        sm = _TXT_LINE.match(para)
        if sm and len(sm.group(1).split()) <= 5:
            items.append((None, None, sm.group(1), sm.group(2)))
        elif para.lower() not in {"transcript", "transcription"}:
            items.append((None, None, None, para))
        i += 1
    return _build(items, source=path.name, format="docx", meeting_date=meeting_date, title=title)


def sniff_format(text: str) -> str:
    """Guess the format of a text transcript from its content, not only its name."""
    head = text.lstrip()[:2000]
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("{") or re.match(r"^\[\s*[{\]]", head):
        return "json"
    if re.match(r"^\d+\s*\n\s*" + _TS + r"\s*-->", head):
        return "srt"
    return "txt"


def read_transcript(path: Path) -> Transcript:
    """Read any supported transcript file; raise :class:`InputError` with one clear line otherwise."""
    if not path.exists():
        raise InputError(f"{path} : fichier introuvable.")
    if path.is_dir():
        raise InputError(f"{path} : c'est un dossier ; utilisez `crc batch` pour traiter un dossier.")
    size = path.stat().st_size
    if size > MAX_TRANSCRIPT_BYTES:
        raise InputError(
            f"{path.name} : fichier de {size // (1024 * 1024)} Mo, au-delà de la limite de "
            f"{MAX_TRANSCRIPT_BYTES // (1024 * 1024)} Mo pour une transcription ; découpez-le."
        )
    suffix = path.suffix.lower()
    if suffix == ".docx":
        transcript = read_docx(path)
    else:
        if suffix not in TRANSCRIPT_SUFFIXES:
            raise InputError(
                f"{path.name} : format « {suffix or 'sans extension'} » non pris en charge ; "
                "attendu .vtt, .srt, .txt, .json, .docx ou un fichier audio."
            )
        data = path.read_bytes()
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(f"{path.name} : fichier binaire, pas une transcription texte.")
        text = decode_bytes(data, path.name)
        fmt = {".vtt": "vtt", ".srt": "srt", ".json": "json"}.get(suffix) or sniff_format(text)
        reader = {"vtt": read_vtt, "srt": read_srt, "json": read_json, "txt": read_txt}[fmt]
        transcript = reader(text, source=path.name)
    if not transcript.segments:
        raise InputError(f"{path.name} : transcription vide, aucune parole trouvée.")
    return transcript


def write_transcript_json(transcript: Transcript) -> str:
    """The JSON form the reader accepts back (what the ASR step writes)."""
    return transcript.model_dump_json(indent=2, exclude_none=False)


def _vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def write_transcript_vtt(transcript: Transcript) -> str:
    """WebVTT with ``<v Speaker>`` voice tags, re-readable by :func:`read_vtt`."""
    lines = ["WEBVTT"]
    if transcript.meeting_date:
        lines.append(f"Date: {transcript.meeting_date.isoformat()}")
    lines.append("")
    for seg in transcript.segments:
        start = seg.start or 0.0
        end = seg.end if seg.end is not None else start
        lines.append(f"{_vtt_time(start)} --> {_vtt_time(end)}")
        lines.append(f"<v {seg.speaker}>{seg.text}</v>" if seg.speaker else seg.text)
        lines.append("")
    return "\n".join(lines)
