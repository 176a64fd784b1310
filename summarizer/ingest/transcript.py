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
import math
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from summarizer.errors import InputError
from summarizer.files import CRC_MARK
from summarizer.messages import Message

#: Transcripts above this size are refused: a 10-hour meeting is under 1.5 MB of text, so anything
#: bigger is not one call (a log, a concatenation, a wrong file) and would only make extraction crawl.
MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024
#: A segment time beyond a week is not a call's time stamp (and 1e400 is infinity).
MAX_SECONDS = 7 * 24 * 3600.0

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


def too_large_message(name: str, size: int, limit: int | None = None) -> Message:
    """The one message for a transcript over the limit (CLI, batch and web upload)."""
    return Message("transcript_too_large", name=name, size=size, limit=MAX_TRANSCRIPT_BYTES if limit is None else limit)


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


#: C1 control characters (U+0080-U+009F): cp1252 punctuation decoded as Latin-1 upstream (U+0092 is its
#: apostrophe, often left beside the real one: « j\x92’ai »). Never text: the apostrophes become one, the rest go.
_C1_QUOTE = re.compile(r"[\u0091\u0092]’?|’[\u0091\u0092]")
_C1 = re.compile(r"[\u0080-\u009f]")


def _clean_text(text: str) -> str:
    text = _C1.sub("", _C1_QUOTE.sub("’", _TAG.sub("", text)))
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


# --- decoding -----------------------------------------------------------------


def decode_bytes(data: bytes, name: str = "fichier", warnings: list[str] | None = None) -> str:
    """UTF-8 (BOM or not) first; otherwise line by line, UTF-8 else cp1252 (the usual Windows export).

    A file pasted together from two exports mixes both; decoding it whole as
    cp1252 would turn every UTF-8 "é" into "Ã©", so each line is decoded on its
    own and one warning is appended to ``warnings``. cp1252 maps almost every
    byte, so it is tried only after UTF-8 fails, and charset-normalizer
    arbitrates the rare files that are neither.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace").lstrip("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_lines(data, name, warnings)
    if text is not None and not re.search(r"[\x80-\x9f]", text):
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(Message("encoding_unknown", name=name))
    return str(best)


def _decode_lines(data: bytes, name: str, warnings: list[str] | None) -> str | None:
    """Each line as UTF-8, else cp1252; None when a line is neither."""
    lines = data.split(b"\n")
    out: list[str] = []
    kinds = {"utf-8": 0, "cp1252": 0}
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
            if not line.isascii():
                kinds["utf-8"] += 1
            continue
        except UnicodeDecodeError:
            pass
        try:
            out.append(line.decode("cp1252"))
        except UnicodeDecodeError:
            return None
        kinds["cp1252"] += 1
    if kinds["utf-8"] and kinds["cp1252"] and warnings is not None:
        warnings.append(
            f"{name} : encodages mélangés ({kinds['utf-8']} ligne(s) en UTF-8, {kinds['cp1252']} en Windows-1252), "
            "décodé ligne par ligne ; réenregistrez-le en UTF-8."
        )
    return "\n".join(out)


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


#: Lower-case words a name may contain ("Jean de La Fontaine", "Ludwig van Beethoven").
_PARTICLES = frozenset("de du des d' la le les van von der den di da dos das del el al bin ben y et".split())
#: Words that open a sentence with a colon ("Bref : on signe") and are never a speaker.
_NOT_NAMES = frozenset(
    "alors bon bref donc ensuite enfin attention note nota question réponse objectif résultat exemple "
    "conclusion remarque précision rappel sujet ordre important résumé bilan suite point action total "
    "prochaine premier première deuxième ok voilà parfait oui non merci "
    "le la les un une ce cet cette mon ma mes notre nos votre vos leur leurs deux trois quatre".split()
)


def name_like(label: str) -> bool:
    """A speaker label looks like a name: 1–4 words, each capitalised (or a name particle / a number)
    and no sentence punctuation, so "Parfait. Alors l'ordre du jour" or "Premier chiffre" are not."""
    words = label.split()
    if not 1 <= len(words) <= 4 or len(label) > 40 or words[0].lower().strip(".") in _NOT_NAMES:
        return False
    for word in words:
        if word.lower() in _PARTICLES or re.fullmatch(r"d['’]\w.*", word) or word.isdigit():
            continue
        if not word[0].isupper():
            return False
        # an initial or a title ("J.", "M.", "Dr.") may end with a period; a sentence word may not
        if "." in word and not re.fullmatch(r"[A-ZÀ-ÖØ-Þ][a-zé]{0,2}\.|(?:[A-ZÀ-ÖØ-Þ]\.-?)+", word):
            return False
        if re.search(r"[!?,;«»\"()]", word):
            return False
    return True


def accepted_labels(candidates: list[str | None]) -> set[str]:
    """The labels that are speakers, given the candidate label of every line (None: no colon prefix).

    A label is name-like and used on several lines, or a full "First Last" name, or any name-like
    label when such labels open most lines (a labelled transcript whose speakers each speak once).
    A transcript without labels still has sentences with a colon; one of them ("Bon. Je vais être
    honnête : …") must stay speech, not become a participant.
    """
    counts: dict[str, int] = {}
    for label in candidates:
        if label and name_like(label):
            counts[label] = counts.get(label, 0) + 1
    mostly_labelled = sum(counts.values()) * 2 >= len(candidates)
    return {
        label for label, n in counts.items()
        if n >= 2 or mostly_labelled or sum(w[0].isupper() for w in label.split()) >= 2
    }


def _split_speaker(text: str) -> tuple[str | None, str]:
    m = _SPEAKER_PREFIX.match(text)
    if m and len(m.group(1).split()) <= 5:
        return m.group(1).strip(), m.group(2)
    return None, text


def _parse_cues(text: str) -> list[tuple[float, float, str | None, str]]:
    """Shared by VTT and SRT: blocks separated by blank lines, with a ``-->`` line."""
    cues: list[tuple[float, float, str | None, str]] = []
    prefixed: list[str | None] = []  # the cue's text with its "Name:" prefix (None: <v> tag or no prefix)
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
            whole: str | None = None
            if voice:
                speaker: str | None = voice.group(1).strip()
                body = _TAG.sub("", body)
            else:
                whole = _TAG.sub("", body)
                speaker, body = _split_speaker(whole)
            cues.append((start, end, speaker, body))
            prefixed.append(whole if speaker else None)
            break
    labels = accepted_labels([c[2] if p else None for c, p in zip(cues, prefixed, strict=True)])
    return [
        c if p is None or c[2] in labels else (c[0], c[1], None, p)
        for c, p in zip(cues, prefixed, strict=True)
    ]


_DATE_IN_HEADER = re.compile(r"(\d{4}-\d{2}-\d{2})")


def _iso_in(text: str) -> dt.date | None:
    """An ISO date written in a header, if it exists and is plausible (else the file has no date)."""
    from summarizer.dates import plausible_date

    m = _DATE_IN_HEADER.search(text)
    if not m:
        return None
    try:
        return plausible_date(dt.date.fromisoformat(m.group(1)))
    except ValueError:
        return None


def read_vtt(text: str, source: str | None = None) -> Transcript:
    if not text.lstrip().startswith("WEBVTT"):
        raise InputError(Message("vtt_header", name=source or "fichier"))
    header = re.split(r"\n\s*\n", text.replace("\r\n", "\n"), maxsplit=1)[0]
    meeting_date = None
    title = None
    for line in header.split("\n")[1:]:
        key, _, value = line.partition(":")
        key = key.strip().lower()
        if key in {"date", "meeting-date", "recorded"}:
            meeting_date = _iso_in(value)
        elif key in {"title", "subject", "sujet"}:
            title = value.strip() or None
    return _build(_parse_cues(text), source=source, format="vtt", meeting_date=meeting_date, title=title)


def read_srt(text: str, source: str | None = None) -> Transcript:
    return _build(_parse_cues(text), source=source, format="srt")


_STAMP = re.compile(r"^\s*[\[(]?" + _TS + r"[\])]?\s*[-–]?\s*")
_TXT_LINE = re.compile(r"^\s*([A-ZÀ-ÖØ-Þ][\w'’.\- ]{0,60}?)\s*:\s*(.+)$")


def read_txt(text: str, source: str | None = None) -> Transcript:
    """``Name : text`` lines; a line without a speaker continues the previous speaker's utterance.

    Without speaker labels (see :func:`accepted_labels`) every line is its own segment.
    """
    lines: list[tuple[float | None, str | None, str, str]] = []  # start, candidate label, its text, whole line
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
            lines.append((start, sm.group(1).strip(), sm.group(2), line))
        else:
            lines.append((start, None, line, line))
    labels = accepted_labels([label for _, label, _, _ in lines])
    items: list[list[Any]] = []
    for start, label, body, line in lines:
        if label in labels:
            items.append([start, None, label, body])
        elif items and start is None and items[-1][2] is not None:
            items[-1][3] += " " + line
        else:
            items.append([start, None, None, line])
    # an utterance ends where the next one starts
    for cur, nxt in itertools.pairwise(items):
        if cur[0] is not None and nxt[0] is not None:
            cur[1] = nxt[0]
    return _build([(i[0], i[1], i[2], i[3]) for i in items], source=source, format="txt")


def _num(value: Any, name: str, key: str) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    except OverflowError:  # an integer past 1e308
        number = float("inf")
    if not math.isfinite(number) or number > MAX_SECONDS:
        if not math.isfinite(number):
            raise InputError(Message("json_time_infinite", name=name, key=key, max=MAX_SECONDS))
        raise InputError(Message("json_time", name=name, key=key, shown=str(value)[:20], max=MAX_SECONDS))
    return max(0.0, number)


def read_json(text: str, source: str | None = None) -> Transcript:
    name = source or "fichier"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Message("json_invalid", name=name, line=exc.lineno)) from exc
    except RecursionError as exc:
        raise InputError(Message("json_too_deep", name=name)) from exc
    meta: dict[str, Any] = {}
    if isinstance(data, dict):
        segs = data.get("segments")
        if segs is None and str(data.get("id", "")).startswith("CRC-") and "meeting" in data:
            raise InputError(Message("json_is_crc", name=name))
        if segs is None:
            raise InputError(Message("json_no_segments", name=name))
        if data.get("language"):
            meta["language"] = str(data["language"])[:5]
        for key in ("meeting_date", "date"):
            if isinstance(data.get(key), str):
                found = _iso_in(data[key])
                if found:
                    meta["meeting_date"] = found
                    break
        if data.get("title"):
            meta["title"] = str(data["title"])
    else:
        segs = data
    if not isinstance(segs, list):
        raise InputError(Message("json_segments_list", name=name))
    items = []
    for seg in segs:
        if not isinstance(seg, dict) or not isinstance(seg.get("text"), str):
            raise InputError(Message("json_segment_text", name=name))
        speaker = seg.get("speaker")
        items.append((_num(seg.get("start"), name, "start"), _num(seg.get("end"), name, "end"),
                      str(speaker) if speaker else None, seg["text"]))
    return _build(items, source=source, format="json", **meta)


_MONTHS = {m: i for i, m in enumerate(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(), 1)}
_MONTHS.update({m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)})
_LONG_DATE = re.compile(r"\b(\d{1,2})(?:er)?\s+([a-zéû]+)\s+(\d{4})\b|\b([a-z]+)\s+(\d{1,2}),\s+(\d{4})\b", re.I)


def header_date(text: str) -> dt.date | None:
    """A date written in a header line: ISO, dd/mm/yyyy, "16 novembre 2026" or "November 16, 2026"."""
    if _DATE_IN_HEADER.search(text):
        return _iso_in(text)
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


_CORE_XML = "docProps/core.xml"


def crc_output_reason(path: Path) -> str | None:
    """Why this file is one of crc's own outputs (by its content), else None. Reads a few hundred bytes."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            with zipfile.ZipFile(path) as zf:
                core = zf.read(_CORE_XML).decode("utf-8", errors="replace") if _CORE_XML in zf.namelist() else ""
            if CRC_MARK in core:
                return "compte rendu produit par crc"
            legacy = re.search(r"<dc:identifier>(CRC-[^<]*)</dc:identifier>", core)
            if legacy and re.search(r"<dc:creator>crc[^<]*</dc:creator>", core):
                return "compte rendu produit par crc"
            return None
        if suffix in {".vtt", ".json"}:
            with path.open("rb") as fh:
                head = fh.read(600).decode("utf-8", errors="replace")
            if CRC_MARK in head:
                return "transcription écrite par crc"
            if suffix == ".json" and re.match(r'\s*\{\s*"id"\s*:\s*"CRC-', head):
                return "CRC produit par crc"
    except (OSError, zipfile.BadZipFile, KeyError):
        return None
    return None


def read_docx(path: Path) -> Transcript:
    """Teams .docx: paragraphs of ``Name   0:03`` followed by the words, or ``Name: text``."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise InputError(Message("docx_corrupt", name=path.name)) from exc
    props = doc.core_properties
    if props.category == CRC_MARK or ((props.identifier or "").startswith("CRC-") and (props.author or "").startswith("crc")):
        raise InputError(Message("docx_is_crc", name=path.name, crc_id=props.identifier or "CRC"), source=path)
    paragraphs = [p.text.strip() for p in doc.paragraphs if p.text.strip()]
    meeting_date = None
    created = doc.core_properties.created
    if created is not None:
        from summarizer.dates import plausible_date

        meeting_date = plausible_date(created.date())
    title = doc.core_properties.title or None
    head = re.compile(rf"^(.{{1,60}}?)\s+{_TS}\s*$")
    items: list[tuple[float | None, float | None, str | None, str]] = []
    prefixed: dict[int, str] = {}  # items whose speaker came from a "Name:" prefix -> the whole paragraph
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
            prefixed[len(items) - 1] = para
        elif para.lower() not in {"transcript", "transcription"}:
            items.append((None, None, None, para))
        i += 1
    # "Name: text" paragraphs: the same speaker-label rule as .txt (a sentence with a colon is speech)
    labels = accepted_labels([items[k][2] if k in prefixed else None for k in range(len(items))])
    items = [(a, b, None, prefixed[k]) if k in prefixed and c not in labels else (a, b, c, d)
             for k, (a, b, c, d) in enumerate(items)]
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
        raise InputError(Message("file_missing", path=path))
    if path.is_dir():
        raise InputError(Message("file_is_dir", path=path))
    size = path.stat().st_size
    if size > MAX_TRANSCRIPT_BYTES:
        raise InputError(too_large_message(path.name, size), source=path)
    if size == 0:
        raise InputError(Message("transcript_empty_file", name=path.name), source=path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        transcript = read_docx(path)
    else:
        if suffix not in TRANSCRIPT_SUFFIXES:
            raise InputError(
                Message("format_unsupported", name=path.name, suffix=suffix) if suffix
                else Message("format_no_suffix", name=path.name)
            )
        data = path.read_bytes()
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(Message("binary_file", name=path.name))
        warnings: list[str] = []
        text = decode_bytes(data, path.name, warnings)
        if not text.strip():
            raise InputError(Message("transcript_no_text", name=path.name))
        fmt = {".vtt": "vtt", ".srt": "srt", ".json": "json"}.get(suffix) or sniff_format(text)
        reader = {"vtt": read_vtt, "srt": read_srt, "json": read_json, "txt": read_txt}[fmt]
        transcript = reader(text, source=path.name)
        transcript.warnings.extend(warnings)
    if not transcript.segments:
        raise InputError(Message("transcript_no_speech", name=path.name))
    if not transcript.speakers:
        transcript.warnings.append(
            f"{path.name} : aucun locuteur identifié (pas de « Nom : » en début de ligne) ; responsables et "
            "participants restent à confirmer (précisez-les avec -p « Nom:vendor »)."
        )
    return transcript


def write_transcript_json(transcript: Transcript) -> str:
    """The JSON form the reader accepts back (what the ASR step writes), stamped ``"generator"`` first."""
    data = {"generator": CRC_MARK, **transcript.model_dump(mode="json")}
    return json.dumps(data, ensure_ascii=False, indent=2)


def _vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def write_transcript_vtt(transcript: Transcript) -> str:
    """WebVTT with ``<v Speaker>`` voice tags, re-readable by :func:`read_vtt`."""
    lines = ["WEBVTT", f"Generator: {CRC_MARK}"]
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
