"""CRM import files from CRCs: one note/activity per CRC, one task per next step and deliverable.

The CRC is first flattened into :class:`CrmRecord` rows (vendor-neutral), then
written with the column names each vendor's importer documents:

- ``hubspot``: HubSpot's import tool, one file per activity type (notes need a
  CRM association; tasks can stand alone); headers are HubSpot's internal
  property names, which the import wizard maps automatically.
- ``salesforce``: Data Loader / Data Import Wizard on the Task object (field
  API names); the CRC itself is a completed Task, each commitment an open one.
- ``csv`` / ``jsonl``: the neutral rows, for any other CRM or a spreadsheet.

Every row carries an external id built from the CRC id (which ends with its
version), so re-importing the same version updates instead of duplicating
(Salesforce upsert on an External ID field; see docs/crm.md for HubSpot's
limits). Nothing is invented: an owner or a due date never said stays empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from summarizer.crc import CRC, Evidence, Side, is_validated
from summarizer.files import safe_cell
from summarizer.lang import get_lang
from summarizer.render.common import clean, email_subject, fmt_date, fmt_timestamp

#: the language of the notes and tasks written for the CRM (French for every call, as before the packs)
EXPORT_LANGUAGE = "fr"


class CrmRecord(BaseModel):
    """One row for the CRM: the CRC's note (``kind="note"``) or one of its commitments (``kind="task"``)."""

    external_id: str
    crc_id: str
    version: str
    kind: Literal["note", "task"]
    item: str  # "crc", "next_steps[0]", "deliverables[1]"
    subject: str
    owner: str | None = None  # the CRM user who owns the row (vendor side only)
    responsible: str | None = None  # who must act, as said, either side
    responsible_side: str = "unknown"
    due_date: dt.date | None = None
    due_text: str | None = None
    status: Literal["completed", "not_started"]
    description: str
    client: str | None = None
    opportunity_id: str | None = None
    crm_stage: str | None = None
    meeting_date: dt.date
    rep: str | None = None
    validation: str | None = None


# --------------------------------------------------------------------------- CRC -> records


def _stamp(ev: Evidence) -> str:
    """``[00:01:23] Claire Martin : « quote »`` (the time stamp lets the CRM reader jump to the recording)."""
    pack = get_lang(EXPORT_LANGUAGE)
    when = fmt_timestamp(ev.start)
    who = clean(ev.speaker) or pack.strings.export.unknown_speaker
    head = f"[{when}] " if when else f"[segment {ev.segment}] "
    return pack.strings.export.evidence.format(head=head, who=who, quote=pack.quote(clean(ev.quote)))


def _note_body(crc: CRC) -> str:
    txt = get_lang(EXPORT_LANGUAGE).strings.export
    lines = [email_subject(crc), f"CRC {crc.id}"]
    if crc.objective:
        lines.append(txt.objective.format(objective=clean(crc.objective)))
    sections = [
        (txt.facts, [clean(f.text) for f in crc.facts]),
        (txt.decisions, [clean(d.text) for d in crc.decisions]),
        (txt.risks, [f"{clean(r.text)} ({r.category.value}, {r.severity.value})" for r in crc.risks]),
        (txt.next_steps, [clean(s.action) for s in crc.next_steps]),
        (txt.deliverables, [clean(d.what) for d in crc.deliverables]),
    ]
    for title, items in sections:
        if items:
            lines.append(txt.section.format(title=title))
            lines.extend(f"- {item}" for item in items)
    return "\n".join(lines)


def _owner(crc: CRC, name: str | None, side: Side, owners: Mapping[str, str]) -> tuple[str | None, str]:
    """(CRM owner, side): only a vendor-side person owns a CRM row; a name maps through ``owners``."""
    real_side = crc.owner_side(name, side)
    if name and real_side == Side.vendor:
        return owners.get(name.casefold(), name), real_side.value
    return None, real_side.value


def _task_body(crc: CRC, label: str, responsible: str | None, side: str, due_text: str | None,
               evidence: list[Evidence], extra: str | None = None) -> str:
    pack = get_lang(EXPORT_LANGUAGE)
    txt = pack.strings.export
    side_name = {"client": txt.side_client, "vendor": txt.side_vendor}.get(side, txt.side_unknown)
    who = f"{responsible} ({side_name})" if responsible else txt.owner_tbc
    lines = [txt.task_head.format(label=label, who=who)]
    if due_text:
        lines.append(txt.due_as_said.format(quote=pack.quote(clean(due_text))))
    if extra:
        lines.append(extra)
    lines.extend(txt.proof.format(evidence=_stamp(ev)) for ev in evidence)
    lines.append(txt.source.format(crc_id=crc.id, date=fmt_date(crc.meeting.date)))
    return "\n".join(lines)


def records_of(crc: CRC, owners: Mapping[str, str] | None = None) -> list[CrmRecord]:
    """The CRC's note then its next steps and deliverables, in the CRC's order."""
    txt = get_lang(EXPORT_LANGUAGE).strings.export
    owners = {k.casefold(): v for k, v in (owners or {}).items()}
    rep_owner = owners.get(crc.meeting.rep.casefold(), crc.meeting.rep) if crc.meeting.rep else None
    validation = None
    if crc.validation is not None:
        validation = "validated" if is_validated(crc) else crc.validation.status.value
        if crc.validation.version != crc.version:
            validation = f"{crc.validation.status.value} (v{crc.validation.version})"
    common = dict(crc_id=crc.id, version=crc.version, client=crc.meeting.client, opportunity_id=crc.crm.opportunity_id,
                  crm_stage=crc.crm.stage, meeting_date=crc.meeting.date, rep=crc.meeting.rep, validation=validation)
    out = [CrmRecord(
        external_id=crc.id, kind="note", item="crc", subject=email_subject(crc), owner=rep_owner,
        responsible=crc.meeting.rep, responsible_side="vendor" if crc.meeting.rep else "unknown",
        due_date=crc.meeting.date, status="completed", description=_note_body(crc), **common,  # type: ignore[arg-type]
    )]
    for i, step in enumerate(crc.next_steps):
        owner, side = _owner(crc, step.owner, step.side, owners)
        out.append(CrmRecord(
            external_id=f"{crc.id}:next_steps:{i}", kind="task", item=f"next_steps[{i}]", subject=clean(step.action),
            owner=owner, responsible=step.owner, responsible_side=side, due_date=step.due_date, due_text=step.due_text,
            status="not_started", description=_task_body(crc, txt.next_step, step.owner, side, step.due_text, step.evidence),
            **common,  # type: ignore[arg-type]
        ))
    for i, item in enumerate(crc.deliverables):
        owner, side = _owner(crc, item.issuer, item.side, owners)
        extra = txt.format.format(format=clean(item.format)) if item.format else None
        out.append(CrmRecord(
            external_id=f"{crc.id}:deliverables:{i}", kind="task", item=f"deliverables[{i}]",
            subject=txt.deliverable_subject.format(what=clean(item.what)), owner=owner, responsible=item.issuer, responsible_side=side,
            due_date=item.due_date, due_text=item.due_text, status="not_started",
            description=_task_body(crc, txt.deliverable, item.issuer, side, item.due_text, item.evidence, extra),
            **common,  # type: ignore[arg-type]
        ))
    return out


def mark_completed(records: list[CrmRecord], crcs: Sequence[CRC]) -> None:
    """A task promised in one call and reported done in a later one (the later CRC's ``progress``, matched by
    object and owner as the account ledger does) is exported ``completed``, not open forever."""
    from summarizer.downstream.account import apply_progress, client_key, commitments_of, crc_client

    by_client: dict[str, list[CRC]] = {}
    for crc in crcs:
        by_client.setdefault(client_key(crc_client(crc)), []).append(crc)
    done: set[str] = set()
    for calls in by_client.values():
        calls.sort(key=lambda c: (c.meeting.date, c.id))
        ledger, ids = [], []
        for crc in calls:  # same order as records_of: next steps, then deliverables
            items = commitments_of(crc)
            ledger += items
            ids += [f"{crc.id}:next_steps:{i}" for i in range(len(crc.next_steps))]
            ids += [f"{crc.id}:deliverables:{i}" for i in range(len(crc.deliverables))]
        apply_progress(ledger, calls)
        done |= {rid for rid, c in zip(ids, ledger, strict=True) if c.done_in is not None}
    for r in records:
        if r.kind == "task" and r.external_id in done:
            r.status = "completed"


# --------------------------------------------------------------------------- vendor columns

#: HubSpot notes import: "Activity date" and "Note body" are required; a note must be associated
#: with a record (the deal's Record ID = the CRC's opportunity id, or the company by name).
HUBSPOT_NOTE_COLUMNS = ["hs_timestamp", "hs_note_body", "hubspot_owner_id", "crc_external_id", "deal_record_id",
                        "company_name"]
#: HubSpot tasks import (properties of the tasks API): due date, title, notes, status, type, owner.
HUBSPOT_TASK_COLUMNS = ["hs_task_subject", "hs_timestamp", "hs_task_status", "hs_task_type", "hs_task_body",
                        "hubspot_owner_id", "crc_external_id", "deal_record_id", "company_name"]
#: Salesforce Task (Data Loader field API names) + the External ID field to create for upserts.
SALESFORCE_TASK_COLUMNS = ["CRC_External_Id__c", "Subject", "ActivityDate", "Status", "Priority", "TaskSubtype",
                           "OwnerId", "WhatId", "Description"]
#: The neutral rows (csv, jsonl).
NEUTRAL_COLUMNS = list(CrmRecord.model_fields)

_HUBSPOT_STATUS = {"completed": "COMPLETED", "not_started": "NOT_STARTED"}
_SALESFORCE_STATUS = {"completed": "Completed", "not_started": "Not Started"}


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def hubspot_note_row(r: CrmRecord) -> dict[str, str]:
    return {"hs_timestamp": _iso(r.meeting_date), "hs_note_body": r.description, "hubspot_owner_id": r.owner or "",
            "crc_external_id": r.external_id, "deal_record_id": r.opportunity_id or "", "company_name": r.client or ""}


def hubspot_task_row(r: CrmRecord) -> dict[str, str]:
    return {"hs_task_subject": r.subject, "hs_timestamp": _iso(r.due_date), "hs_task_status": _HUBSPOT_STATUS[r.status],
            "hs_task_type": "TODO", "hs_task_body": r.description, "hubspot_owner_id": r.owner or "",
            "crc_external_id": r.external_id, "deal_record_id": r.opportunity_id or "", "company_name": r.client or ""}


def salesforce_row(r: CrmRecord) -> dict[str, str]:
    return {"CRC_External_Id__c": r.external_id, "Subject": r.subject[:255], "ActivityDate": _iso(r.due_date),
            "Status": _SALESFORCE_STATUS[r.status], "Priority": "Normal", "TaskSubtype": "Task",
            "OwnerId": r.owner or "", "WhatId": r.opportunity_id or "", "Description": r.description[:32000]}


def neutral_row(r: CrmRecord) -> dict[str, str]:
    data = r.model_dump(mode="json")
    return {k: "" if v is None else str(v) for k, v in data.items()}


def _csv(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> str:
    """UTF-8 with a BOM (Excel reads accents right only with one), CRLF, every cell safe from formula injection."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    return "\ufeff" + buf.getvalue()


def sibling(out: Path, tag: str) -> Path:
    """``crm.csv`` -> ``crm-notes.csv``: HubSpot imports notes and tasks as two files."""
    return out.with_name(f"{out.stem}-{tag}{out.suffix or '.csv'}")


def _hubspot(records: list[CrmRecord], out: Path) -> dict[Path, str]:
    notes = [hubspot_note_row(r) for r in records if r.kind == "note"]
    tasks = [hubspot_task_row(r) for r in records if r.kind == "task"]
    return {sibling(out, "notes"): _csv(HUBSPOT_NOTE_COLUMNS, notes),
            sibling(out, "tasks"): _csv(HUBSPOT_TASK_COLUMNS, tasks)}


def _salesforce(records: list[CrmRecord], out: Path) -> dict[Path, str]:
    return {out: _csv(SALESFORCE_TASK_COLUMNS, (salesforce_row(r) for r in records))}


def _neutral_csv(records: list[CrmRecord], out: Path) -> dict[Path, str]:
    return {out: _csv(NEUTRAL_COLUMNS, (neutral_row(r) for r in records))}


def _jsonl(records: list[CrmRecord], out: Path) -> dict[Path, str]:
    return {out: "".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records)}


#: (records, ``--out`` path) -> the file(s) to write, keyed by path
Writer = Callable[[list[CrmRecord], Path], dict[Path, str]]

#: ``crc export --to NAME``: every CRM target and its writer (:func:`register_target` adds one)
EXPORT_TARGETS: dict[str, Writer] = {
    "hubspot": _hubspot,
    "salesforce": _salesforce,
    "csv": _neutral_csv,
    "jsonl": _jsonl,
}


def register_target(name: str, writer: Writer) -> None:
    """Add a CRM target (Pipedrive, say): ``crc export --to NAME`` then accepts it."""
    if name in EXPORT_TARGETS:
        raise ValueError(f"export target {name} is registered already")
    EXPORT_TARGETS[name] = writer


def targets() -> tuple[str, ...]:
    return tuple(EXPORT_TARGETS)


def render_export(records: list[CrmRecord], target: str, out: Path) -> dict[Path, str]:
    """The file(s) to write for ``target``, keyed by path; nothing is written here."""
    return EXPORT_TARGETS[target](records, out)


def read_owner_map(path: Path) -> dict[str, str]:
    """``name,crm_user`` rows (header optional): who each vendor-side name is in the CRM (e-mail or user id)."""
    from summarizer.errors import InputError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"--owners {path} : illisible ({exc.strerror}).") from None
    owners: dict[str, str] = {}
    for row in csv.reader(text.splitlines()):
        if len(row) < 2 or not row[0].strip() or row[0].strip().lower() in {"name", "nom"}:
            continue
        owners[row[0].strip()] = row[1].strip()
    if not owners:
        raise InputError(f"--owners {path} : aucune ligne « nom,utilisateur CRM » lue.")
    return owners
