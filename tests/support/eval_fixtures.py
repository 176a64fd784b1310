"""A small synthetic case (transcript + gold) and hand-built CRCs, good and degraded, for the eval tests."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

from summarizer.crc import CRC, make_crc_id
from summarizer.extract.base import ExtractContext
from summarizer.ingest.transcript import Transcript

VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Claire Martin>Bonjour Marc, merci de nous recevoir.</v>

00:00:05.000 --> 00:00:09.000
<v Marc Ferrand>Nous avons 140 camions sur trois dépôts.</v>

00:00:10.000 --> 00:00:14.000
<v Marc Ferrand>Le budget 2027 n'est pas encore arbitré.</v>

00:00:15.000 --> 00:00:19.000
<v Claire Martin>On part sur un pilote au dépôt de Lyon, c'est acté.</v>

00:00:20.000 --> 00:00:24.000
<v Claire Martin>Je vous envoie la proposition vendredi 20 novembre.</v>

00:00:25.000 --> 00:00:29.000
<v Marc Ferrand>Je vous présente au comité le 15 décembre.</v>

00:00:30.000 --> 00:00:34.000
<v Marc Ferrand>Idéalement, il faudrait aussi connecter la paie un jour.</v>

00:00:35.000 --> 00:00:39.000
<v Marc Ferrand>Est-ce que vous pourriez faire une démo aux planificateurs ?</v>
"""

GOLD: dict[str, Any] = {
    "transcript": "call.vtt",
    "meeting_date": "2026-11-18",
    "language": "fr",
    "client": "Transports Ferrand",
    "vendor": "Logivia",
    "meeting_type": "discovery",
    "participants": [
        {"name": "Claire Martin", "side": "vendor", "organization": "Logivia", "role": "Commerciale"},
        {"name": "Marc Ferrand", "side": "client", "organization": "Transports Ferrand", "role": "Directeur"},
    ],
    "facts": [{"text": "Flotte de 140 camions sur 3 dépôts", "evidence": ["140 camions sur trois dépôts"]}],
    "decisions": [{"text": "Pilote au dépôt de Lyon", "evidence": ["On part sur un pilote au dépôt de Lyon"]}],
    "risks": [{"text": "Budget 2027 non arbitré", "category": "budget",
               "evidence": ["Le budget 2027 n'est pas encore arbitré"]}],
    "commitments": [
        {"kind": "deliverable", "text": "Envoyer la proposition", "owner": "Claire Martin", "side": "vendor",
         "due_date": "2026-11-20", "evidence": ["Je vous envoie la proposition vendredi 20 novembre"]},
        {"kind": "next_step", "text": "Présenter au comité", "owner": "Marc Ferrand", "side": "client",
         "due_date": "2026-12-15", "evidence": ["Je vous présente au comité le 15 décembre"]},
    ],
    "traps": [
        {"kind": "wish", "evidence": ["il faudrait aussi connecter la paie"]},
        {"kind": "question", "evidence": ["Est-ce que vous pourriez faire une démo"]},
    ],
    "score": 6.0,
}


def ev(segment: int, quote: str) -> dict[str, Any]:
    return {"segment": segment, "quote": quote}


GOOD: dict[str, Any] = {
    "id": make_crc_id(dt.date(2026, 11, 18), "Transports Ferrand"),
    "meeting": {"date": "2026-11-18", "type": "discovery", "subject": "Découverte", "client": "Transports Ferrand",
                "language": "fr"},
    "participants": [
        {"name": "Claire Martin", "side": "vendor", "organization": "Logivia"},
        {"name": "Marc Ferrand", "side": "client", "organization": "Transports Ferrand"},
    ],
    "objective": "Qualifier le besoin de planification.",
    "facts": [{"text": "140 camions, 3 dépôts", "evidence": [ev(1, "Nous avons 140 camions sur trois dépôts")]}],
    "decisions": [{"text": "Pilote à Lyon", "evidence": [ev(3, "On part sur un pilote au dépôt de Lyon")]}],
    "risks": [{"text": "Budget 2027 pas arbitré", "evidence": [ev(2, "Le budget 2027 n'est pas encore arbitré")]}],
    "next_steps": [
        {"action": "Présentation au comité", "owner": "Marc Ferrand", "side": "client", "due_date": "2026-12-15",
         "evidence": [ev(5, "Je vous présente au comité le 15 décembre")]},
    ],
    "deliverables": [
        {"what": "Proposition commerciale", "issuer": "Claire Martin", "side": "vendor", "due_date": "2026-11-20",
         "evidence": [ev(4, "Je vous envoie la proposition vendredi 20 novembre")]},
    ],
}


def crc_data(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    data.update(changes)
    return data


def good_crc() -> CRC:
    return CRC.model_validate(crc_data())


def wrong_date_crc() -> CRC:
    data = crc_data()
    data["deliverables"][0]["due_date"] = "2026-11-27"
    return CRC.model_validate(data)


def dropped_commitment_crc() -> CRC:
    return CRC.model_validate(crc_data(next_steps=[]))


def trap_crc() -> CRC:
    """Turns the wish into a next step owned by someone who was not in the call."""
    data = crc_data()
    data["participants"].append({"name": "Jean Dupont", "side": "vendor"})
    data["next_steps"].append({"action": "Connecter la paie", "owner": "Jean Dupont", "side": "vendor",
                               "evidence": [ev(6, "il faudrait aussi connecter la paie")]})
    return CRC.model_validate(data)


def fixed(crc: CRC) -> Any:
    """An extractor returning a copy of ``crc`` whatever the transcript."""

    def run(transcript: Transcript, ctx: ExtractContext) -> CRC:
        return crc.model_copy(deep=True)

    return run


def write_case(folder: Path, name: str = "call", gold: dict[str, Any] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.vtt").write_text(VTT, encoding="utf-8")
    data = copy.deepcopy(gold or GOLD)
    data["transcript"] = f"{name}.vtt"
    path = folder / f"{name}.gold.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
