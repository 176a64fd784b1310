"""``crc export``: files read back with the csv module, column by column against the vendors' documented headers."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from crc_factory import full_fr
from typer.testing import CliRunner

from summarizer.cli.app import app
from summarizer.crc import CRC

# Headers as the vendors document them (HubSpot: notes import "Activity date"/"Note body" and the tasks
# properties hs_task_*; Salesforce: Task field API names for Data Loader), written out here on purpose
# rather than imported, so a change in the module is caught.
HUBSPOT_NOTES = ["hs_timestamp", "hs_note_body", "hubspot_owner_id", "crc_external_id", "deal_record_id", "company_name"]
HUBSPOT_TASKS = ["hs_task_subject", "hs_timestamp", "hs_task_status", "hs_task_type", "hs_task_body",
                 "hubspot_owner_id", "crc_external_id", "deal_record_id", "company_name"]
SALESFORCE = ["CRC_External_Id__c", "Subject", "ActivityDate", "Status", "Priority", "TaskSubtype", "OwnerId",
              "WhatId", "Description"]


def crc_dir(tmp_path: Path) -> tuple[Path, CRC]:
    crc = full_fr()
    crc.meeting.rep = "Julien Morel"
    crc.crm.opportunity_id = "OPP-42"
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "ferrand.crc.json").write_text(crc.model_dump_json(indent=2), encoding="utf-8")
    (folder / "ferrand.v0.9.crc.json").write_text(crc.model_dump_json(), encoding="utf-8")  # a kept old version
    return folder, crc


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def export(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["export", *args])
    return result.exit_code, result.output


def test_hubspot_notes_and_tasks(tmp_path: Path) -> None:
    folder, crc = crc_dir(tmp_path)
    owners = tmp_path / "owners.csv"
    owners.write_text("name,crm_user\nJulien Morel,julien.morel@acme.fr\n", encoding="utf-8")
    code, output = export(str(folder), "--to", "hubspot", "--out", str(tmp_path / "crm.csv"), "--owners", str(owners))
    assert code == 0, output
    assert "1 CRC → 1 note(s), 5 tâche(s)" in output

    headers, notes = read(tmp_path / "crm-notes.csv")
    assert headers == HUBSPOT_NOTES and len(notes) == 1
    note = notes[0]
    assert note["hs_timestamp"] == "2026-11-18"
    assert note["hs_note_body"].startswith("Compte rendu — Découverte TMS — Transports Ferrand — 18/11/2026")
    assert "Flotte de 120 camions" in note["hs_note_body"]
    assert note["hubspot_owner_id"] == "julien.morel@acme.fr"
    assert note["crc_external_id"] == "CRC-2026-11-18-TransportsFerrand-v1.0"
    assert note["deal_record_id"] == "OPP-42" and note["company_name"] == "Transports Ferrand"

    headers, tasks = read(tmp_path / "crm-tasks.csv")
    assert headers == HUBSPOT_TASKS
    assert [t["hs_task_subject"] for t in tasks] == [
        "Réunion de cadrage multi-parties", "Envoi de l'invitation au cadrage",
        "Point juridique sur la clause de réversibilité", "Livrable : Brief besoins + estimation ROI préliminaire",
        "Livrable : Export des tournées d'octobre",
    ]
    assert [t["hs_timestamp"] for t in tasks] == ["2026-11-25", "2026-11-19", "", "2026-11-24", ""]  # never invented
    assert {t["hs_task_status"] for t in tasks} == {"NOT_STARTED"} and {t["hs_task_type"] for t in tasks} == {"TODO"}
    # a client-side owner is no CRM user: the column stays empty and the body says who acts
    assert [t["hubspot_owner_id"] for t in tasks] == ["", "julien.morel@acme.fr", "", "julien.morel@acme.fr", ""]
    assert "responsable : Claire Martin (client)" in tasks[0]["hs_task_body"]
    assert "Preuve [00:26:40] Claire Martin : « on se cale le cadrage mercredi 25 de 10h à 10h45 »" in tasks[0]["hs_task_body"]
    assert "Échéance dite : « courant décembre »" in tasks[2]["hs_task_body"]
    assert "Format : PDF" in tasks[3]["hs_task_body"]
    assert [t["crc_external_id"] for t in tasks] == [
        f"{crc.id}:next_steps:0", f"{crc.id}:next_steps:1", f"{crc.id}:next_steps:2",
        f"{crc.id}:deliverables:0", f"{crc.id}:deliverables:1",
    ]
    assert {t["deal_record_id"] for t in tasks} == {"OPP-42"}


def test_salesforce_tasks(tmp_path: Path) -> None:
    folder, crc = crc_dir(tmp_path)
    code, output = export(str(folder / "ferrand.crc.json"), "--to", "salesforce", "--out", str(tmp_path / "sf.csv"))
    assert code == 0, output
    headers, rows = read(tmp_path / "sf.csv")
    assert headers == SALESFORCE and len(rows) == 6
    activity, *tasks = rows
    assert activity == {
        "CRC_External_Id__c": crc.id, "Subject": "Compte rendu — Découverte TMS — Transports Ferrand — 18/11/2026",
        "ActivityDate": "2026-11-18", "Status": "Completed", "Priority": "Normal", "TaskSubtype": "Task",
        "OwnerId": "Julien Morel", "WhatId": "OPP-42", "Description": activity["Description"],
    }
    assert [t["Status"] for t in tasks] == ["Not Started"] * 5
    assert [t["ActivityDate"] for t in tasks] == ["2026-11-25", "2026-11-19", "", "2026-11-24", ""]
    assert [t["OwnerId"] for t in tasks] == ["", "Julien Morel", "", "Julien Morel", ""]
    assert all(dt.date.fromisoformat(t["ActivityDate"]) for t in tasks if t["ActivityDate"])
    assert all("Preuve [" in t["Description"] for t in tasks)


def test_neutral_csv_and_jsonl_agree(tmp_path: Path) -> None:
    folder, _ = crc_dir(tmp_path)
    assert export(str(folder), "--to", "csv", "--out", str(tmp_path / "crm.csv"))[0] == 0
    assert export(str(folder), "--to", "jsonl", "--out", str(tmp_path / "crm.jsonl"))[0] == 0
    headers, rows = read(tmp_path / "crm.csv")
    assert headers[:6] == ["external_id", "crc_id", "version", "kind", "item", "subject"]
    lines = [json.loads(line) for line in (tmp_path / "crm.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(lines) == 6
    for row, obj in zip(rows, lines, strict=True):
        assert list(obj) == headers
        assert row == {k: "" if v is None else str(v) for k, v in obj.items()}
    assert rows[0]["kind"] == "note" and rows[0]["rep"] == "Julien Morel" and rows[0]["version"] == "1.0"
    assert rows[3]["responsible"] == "" and rows[3]["due_text"] == "courant décembre"


def test_reexport_is_identical_so_an_upsert_updates(tmp_path: Path) -> None:
    folder, _ = crc_dir(tmp_path)
    export(str(folder), "--to", "salesforce", "--out", str(tmp_path / "a.csv"))
    export(str(folder), "--to", "salesforce", "--out", str(tmp_path / "b.csv"))
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    ids = [r["CRC_External_Id__c"] for r in read(tmp_path / "a.csv")[1]]
    assert len(ids) == len(set(ids))


def test_bad_inputs_are_one_line_each_and_the_rest_exports(tmp_path: Path) -> None:
    folder, _ = crc_dir(tmp_path)
    (folder / "broken.crc.json").write_text("{not json", encoding="utf-8")
    code, output = export(str(folder), str(tmp_path / "missing"), "--to", "csv", "--out", str(tmp_path / "x.csv"))
    assert code == 2
    assert "broken.crc.json : pas un CRC valide" in output and "missing : fichier ou dossier introuvable" in output
    assert len(read(tmp_path / "x.csv")[1]) == 6
    code, output = export(str(folder), "--to", "pipedrive", "--out", str(tmp_path / "y.csv"))
    assert code == 2 and "--to « pipedrive » inconnu" in output and not (tmp_path / "y.csv").exists()
