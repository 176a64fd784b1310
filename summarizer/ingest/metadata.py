"""What the sales system knows about a call before crc reads it: client, rep, date, participants, CRM ids.

A batch gets it from a CSV (``--metadata calls.csv``, one row per file), a single
run from options (``--rep``, ``--opportunity``), the web service from its upload
form. Every field is optional; what is given wins over what the transcript
suggests, and nothing is guessed beyond one rule: without a given rep, the rep
is the vendor participant who speaks most. Who a CRC's rep is, for every reader
(team summary included), is :func:`rep_of`, here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic import BaseModel, Field

from summarizer.crc import CRC, Side
from summarizer.errors import InputError
from summarizer.ingest.transcript import Transcript
from summarizer.names import name_key

#: The CSV columns crc reads (any subset, in any order, ``file`` required).
COLUMNS = ("file", "client", "rep", "meeting_date", "participants", "opportunity_id", "crm_stage")


class CallMetadata(BaseModel):
    """One row of the metadata CSV: what the CRM already knows about one call."""

    file: str
    client: str | None = None
    rep: str | None = None
    meeting_date: dt.date | None = None
    participants: list[str] = Field(default_factory=list)
    opportunity_id: str | None = None
    crm_stage: str | None = None


class MetadataTable(BaseModel):
    """Rows keyed by the input's path relative to the batch folder, and one line per problem."""

    rows: dict[str, CallMetadata] = Field(default_factory=dict)
    problems: list[str] = Field(default_factory=list)


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def parse_date(value: str) -> dt.date:
    """ISO ``2026-11-18`` or French ``18/11/2026`` (CRM exports use both)."""
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(f"date « {value} » illisible (attendu AAAA-MM-JJ ou JJ/MM/AAAA)") from None


def split_participants(value: str | None) -> list[str]:
    """``Claire Martin:vendor; Marc Ferrand:client`` (``;`` or ``,``) -> one entry per person."""
    if not value:
        return []
    return [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]


def read_metadata_csv(path: Path) -> tuple[list[CallMetadata], list[str]]:
    """Rows of the CSV and one line per bad row; a file that is not a usable CSV raises :class:`InputError`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"--metadata {path} : fichier introuvable.") from None
    except OSError as exc:
        raise InputError(f"--metadata {path} : illisible ({exc.strerror}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on a French Windows
    first = text.split("\n", 1)[0]
    if not text.strip():
        raise InputError(f"--metadata {path} : fichier vide ; colonnes attendues : {', '.join(COLUMNS)}.")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = [(h or "").strip().lower() for h in reader.fieldnames or []]
    if "file" not in headers:
        raise InputError(
            f"--metadata {path} : colonne « file » absente (en-tête lu : {', '.join(headers) or 'vide'}) ; "
            f"colonnes attendues : {', '.join(COLUMNS)}."
        )
    unknown = [h for h in headers if h and h not in COLUMNS]
    problems = [f"{path.name} : colonne(s) ignorée(s) : {', '.join(unknown)}."] if unknown else []
    rows: list[CallMetadata] = []
    for raw_row in reader:
        line_no = reader.line_num
        row = {(k or "").strip().lower(): (v if isinstance(v, str) else None) for k, v in raw_row.items()}
        if None in raw_row:  # more cells than headers
            problems.append(f"{path.name} ligne {line_no} : plus de cellules que de colonnes ; ligne ignorée.")
            continue
        if not any(_blank(v) for v in row.values()):
            continue
        file = _blank(row.get("file"))
        if file is None:
            problems.append(f"{path.name} ligne {line_no} : colonne « file » vide ; ligne ignorée.")
            continue
        try:
            day = parse_date(row.get("meeting_date") or "") if _blank(row.get("meeting_date")) else None
        except ValueError as exc:
            problems.append(f"{path.name} ligne {line_no} ({file}) : {exc} ; ligne ignorée.")
            continue
        rows.append(CallMetadata(
            file=file, client=_blank(row.get("client")), rep=_blank(row.get("rep")), meeting_date=day,
            participants=split_participants(row.get("participants")),
            opportunity_id=_blank(row.get("opportunity_id")), crm_stage=_blank(row.get("crm_stage")),
        ))
    return rows, problems


def match_rows(rows: Iterable[CallMetadata], paths: Iterable[Path], input_dir: Path,
               source: str = "metadata") -> MetadataTable:
    """Attach each row to one input: by relative path, else by file name, else by stem (case-insensitive).

    A row naming no input, or an ambiguous name, is one problem line; the
    first row for a file wins over later duplicates (also one line).
    """
    root = input_dir.resolve()
    rels = [p.resolve().relative_to(root).as_posix() for p in paths]
    by_key: dict[str, list[str]] = {}
    for rel in rels:
        name = rel.rsplit("/", 1)[-1]
        for key in {rel.lower(), name.lower(), name.rsplit(".", 1)[0].lower()}:
            by_key.setdefault(key, []).append(rel)
    table = MetadataTable()
    for row in rows:
        key = row.file.replace("\\", "/").strip("/").lower()
        found = by_key.get(key, [])
        if not found:
            table.problems.append(f"{source} : « {row.file} » ne correspond à aucun fichier du dossier ; ligne ignorée.")
        elif len(found) > 1:
            table.problems.append(
                f"{source} : « {row.file} » désigne {len(found)} fichiers ; donnez le chemin relatif ; ligne ignorée."
            )
        elif found[0] in table.rows:
            table.problems.append(f"{source} : « {row.file} » apparaît deux fois ; seule la première ligne compte.")
        else:
            table.rows[found[0]] = row
    return table


def load_metadata(path: Path, paths: Iterable[Path], input_dir: Path) -> MetadataTable:
    rows, problems = read_metadata_csv(path)
    table = match_rows(rows, paths, input_dir, source=path.name)
    table.problems[:0] = problems
    return table


def options_update(meta: CallMetadata | None) -> dict[str, object]:
    """The RunOptions fields a row sets (only those it gives)."""
    if meta is None:
        return {}
    update: dict[str, object] = {}
    for field in ("client", "rep", "meeting_date", "opportunity_id", "crm_stage"):
        value = getattr(meta, field)
        if value is not None:
            update[field] = value
    if meta.participants:
        update["participants"] = list(meta.participants)
    return update


def most_speaking_vendor(crc: CRC, transcript: Transcript) -> str | None:
    """The vendor participant with the most words in the transcript (ties: first to speak); else None."""
    vendors = {name_key(p.name): p.name for p in crc.participants if p.side == Side.vendor}
    if not vendors:
        return None
    words: dict[str, int] = {}
    for seg in transcript.segments:
        key = name_key(seg.speaker or "")
        if key in vendors:
            words[key] = words.get(key, 0) + len(seg.text.split())
    if not words:
        return None
    best = max(words, key=lambda k: words[k])  # dicts keep first-seen order: ties go to the first speaker
    return vendors[best]


def _most_cited(names: list[str], crc: CRC) -> str | None:
    """The name cited most often as a speaker in the evidence; ties (and no citation) go to the first listed."""
    if not names:
        return None
    counts = dict.fromkeys(names, 0)
    for _, item in crc.evidenced_items():
        for ev in item.evidence:
            if ev.speaker in counts:
                counts[ev.speaker] += 1
    return max(names, key=lambda n: counts[n])


def rep_of(crc: CRC) -> str | None:
    """The CRC's one rep: its ``meeting.rep`` (given, else the vendor who spoke most: :func:`most_speaking_vendor`),
    else, for a CRC written before that field, the vendor participant most cited in the evidence (then non-client
    participants, then the speakers cited); None when nobody is."""
    if crc.meeting.rep:
        return crc.meeting.rep
    for side_ok in (lambda p: p.side == Side.vendor, lambda p: p.side != Side.client):
        found = _most_cited([p.name for p in crc.participants if side_ok(p)], crc)
        if found:
            return found
    clients = {p.name for p in crc.participants}
    speakers: dict[str, None] = {}
    for _, item in crc.evidenced_items():
        for ev in item.evidence:
            if ev.speaker and ev.speaker not in clients:
                speakers.setdefault(ev.speaker, None)
    return _most_cited(list(speakers), crc)


def apply_call_metadata(crc: CRC, transcript: Transcript, given: Mapping[str, object]) -> CRC:
    """Write the given rep / opportunity / stage into the CRC, else derive the rep from the transcript."""
    rep = given.get("rep")
    if isinstance(rep, str) and rep.strip():
        crc.meeting.rep, crc.metadata.rep_source = rep.strip(), "given"
    elif crc.meeting.rep is None:
        derived = most_speaking_vendor(crc, transcript)
        if derived is not None:
            crc.meeting.rep, crc.metadata.rep_source = derived, "transcript"
    opportunity, stage = given.get("opportunity_id"), given.get("crm_stage")
    if isinstance(opportunity, str) and opportunity.strip():
        crc.crm.opportunity_id = opportunity.strip()
    if isinstance(stage, str) and stage.strip():
        crc.crm.stage = stage.strip()
    return crc


#: The web service keeps an upload's CRM fields beside it (no job-table column needed).
CALL_FILE = "call.json"


def write_call_file(directory: Path, opportunity_id: str | None, crm_stage: str | None) -> None:
    fields = {k: v.strip() for k, v in (("opportunity_id", opportunity_id), ("crm_stage", crm_stage)) if v and v.strip()}
    if fields:
        (directory / CALL_FILE).write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")


def read_call_file(directory: Path) -> dict[str, str]:
    """The upload's CRM fields, for ``RunOptions`` (empty when none were given or the file is unreadable)."""
    try:
        data = json.loads((directory / CALL_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: str(v) for k, v in data.items() if k in {"opportunity_id", "crm_stage"} and v} if isinstance(data, dict) else {}
