"""The CRC contract: keys, domain validators, and the exported JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.crc import CRC, crc_json_schema, make_crc_id
from summarizer.ingest.transcript import Segment, Transcript
from summarizer.resources import read_text

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 18)

TRANSCRIPT = Transcript(segments=[
    Segment(index=0, start=0.0, speaker="Claire Martin", text="Je vous envoie la proposition d'ici vendredi."),
    Segment(index=1, start=4.0, speaker="Marc Ferrand", text="Parfait, on part sur le pilote à Lyon."),
])


def base(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": make_crc_id(DAY, "Transports Ferrand"),
        "meeting": {"date": "2026-11-18", "type": "discovery", "subject": "Découverte", "client": "Transports Ferrand"},
        "participants": [{"name": "Claire Martin", "side": "vendor"}, {"name": "Marc Ferrand", "side": "client"}],
        "decisions": [{"text": "Pilote à Lyon", "evidence": [{"segment": 1, "quote": "on part sur le pilote à Lyon"}]}],
        "deliverables": [{"what": "Proposition", "issuer": "Claire Martin", "side": "vendor", "due_date": "2026-11-20",
                          "due_text": "d'ici vendredi",
                          "evidence": [{"segment": 0, "quote": "Je vous envoie la proposition d'ici vendredi"}]}],
    }
    data.update(over)
    return data


def test_contract_keys() -> None:
    crc = CRC.model_validate(base(), context={"transcript": TRANSCRIPT})
    keys = set(json.loads(crc.model_dump_json()))
    contract = {"id", "version", "meeting", "participants", "objective", "facts", "decisions", "risks", "next_steps",
                "deliverables", "objections", "qualification", "crm", "attachments"}
    assert keys == contract | {"metadata", "validation"}  # validation: the client's reply (crc validate)
    assert crc.id == "CRC-2026-11-18-TransportsFerrand-v1.0"


def test_id_slug_strips_accents() -> None:
    assert make_crc_id(DAY, "Clinique Saint-Roch & Cie") == "CRC-2026-11-18-CliniqueSaintRochCie-v1.0"
    assert make_crc_id(DAY, None).endswith("-Client-v1.0")


def test_quote_must_be_in_cited_segment() -> None:
    bad = base(decisions=[{"text": "x", "evidence": [{"segment": 0, "quote": "on part sur le pilote à Lyon"}]}])
    with pytest.raises(ValidationError, match="citation absente"):
        CRC.model_validate(bad, context={"transcript": TRANSCRIPT})
    CRC.model_validate(bad)  # without a transcript only the structure is checked


def test_segment_out_of_range() -> None:
    bad = base(decisions=[{"text": "x", "evidence": [{"segment": 9, "quote": "pilote"}]}])
    with pytest.raises(ValidationError, match="inexistant"):
        CRC.model_validate(bad, context={"transcript": TRANSCRIPT})


def test_item_needs_evidence() -> None:
    with pytest.raises(ValidationError):
        CRC.model_validate(base(decisions=[{"text": "x", "evidence": []}]))


def test_due_date_not_before_meeting() -> None:
    d = base()
    d["deliverables"][0]["due_date"] = "2026-11-10"
    with pytest.raises(ValidationError, match="avant la réunion"):
        CRC.model_validate(d)


def test_owner_must_be_participant_or_null() -> None:
    d = base(next_steps=[{"action": "Caler le comité", "owner": "Jean Inconnu",
                          "evidence": [{"segment": 1, "quote": "on part sur le pilote"}]}])
    with pytest.raises(ValidationError, match="pas un participant"):
        CRC.model_validate(d)
    d["next_steps"][0]["owner"] = None
    CRC.model_validate(d)
    d["next_steps"][0]["owner"] = "claire martin"  # case/accents do not matter
    CRC.model_validate(d)


def test_dated_and_owned_items_each_name_their_place() -> None:
    """Next steps then deliverables, each error at its own field (one loop serves both sections)."""
    d = base(next_steps=[{"action": "Caler le comité", "owner": "Jean Inconnu", "due_date": "2026-11-10",
                          "evidence": [{"segment": 1, "quote": "on part sur le pilote"}]}])
    d["deliverables"][0].update(issuer="Zoé Nulle", due_date="2026-11-01")
    with pytest.raises(ValidationError) as caught:
        CRC.model_validate(d)
    text = str(caught.value)
    places = ["next_steps[0].due_date", "next_steps[0].owner", "deliverables[0].due_date", "deliverables[0].issuer"]
    assert all(p in text for p in places), text
    assert [text.index(p) for p in places] == sorted(text.index(p) for p in places)


def test_at_most_seven_facts() -> None:
    fact = {"text": "f", "evidence": [{"segment": 1, "quote": "pilote"}]}
    CRC.model_validate(base(facts=[fact] * 7))
    with pytest.raises(ValidationError):
        CRC.model_validate(base(facts=[fact] * 8))


def test_unknown_key_rejected() -> None:
    with pytest.raises(ValidationError):
        CRC.model_validate(base(surprise=1))


def test_schema_file_matches_model() -> None:
    """schemas/crc.schema.json is exported from summarizer/crc.py; regenerate with `crc schema`."""
    committed = json.loads((ROOT / "schemas" / "crc.schema.json").read_text(encoding="utf-8"))
    assert committed == crc_json_schema(), "schema drift: run `crc schema > schemas/crc.schema.json`"


def test_schema_reachable_as_package_data() -> None:
    assert json.loads(read_text("schemas", "crc.schema.json"))["title"] == "CRC"


def test_absent_owner_and_warnings_are_optional_and_written_only_when_known() -> None:
    """participants[].attended and metadata.warnings: older CRCs still validate, and a CRC without absent
    people or repairs is written exactly as before (an older crc still reads it)."""
    plain = CRC.model_validate(base(), context={"transcript": TRANSCRIPT})
    dumped = json.loads(plain.model_dump_json())
    assert "attended" not in dumped["participants"][0] and "warnings" not in dumped["metadata"]
    people = [*base()["participants"], {"name": "Maître Pons", "attended": False}]
    data = base(participants=people, metadata={"warnings": ["risks[0].category invalide : valeur par défaut"]})
    data["deliverables"][0]["issuer"] = "Maître Pons"
    absent = CRC.model_validate(data, context={"transcript": TRANSCRIPT})
    again = CRC.model_validate_json(absent.model_dump_json())
    assert again.participant("Maître Pons").attended is False  # type: ignore[union-attr]
    assert again.metadata.warnings == ["risks[0].category invalide : valeur par défaut"]
    props = crc_json_schema()["$defs"]
    assert "attended" in props["Participant"]["properties"] and "warnings" in props["Metadata"]["properties"]
