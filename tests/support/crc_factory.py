"""Realistic CRCs built in code for renderer tests: French/English, full and sparse.

Built through ``CRC.model_validate`` so every fixture obeys the schema's domain
rules (owners are participants, due dates not before the meeting).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from summarizer.crc import CRC, make_crc_id


def ev(segment: int, quote: str, speaker: str | None = None, start: float | None = None) -> dict[str, Any]:
    return {"segment": segment, "quote": quote, "speaker": speaker, "start": start}


def full_fr(**overrides: Any) -> CRC:
    """Discovery call with Transports Ferrand: 5 facts, 2 decisions, dated next steps on both sides."""
    data: dict[str, Any] = {
        "id": make_crc_id(dt.date(2026, 11, 18), "Transports Ferrand"),
        "meeting": {"date": "2026-11-18", "type": "discovery", "subject": "Découverte TMS",
                    "client": "Transports Ferrand", "language": "fr"},
        "participants": [
            {"name": "Claire Martin", "organization": "Transports Ferrand", "side": "client",
             "role": "DSI", "decision_role": "decision_maker", "stance": "supportive"},
            {"name": "Marc Petit", "organization": "Transports Ferrand", "side": "client",
             "role": "Responsable exploitation"},
            {"name": "Julien Morel", "organization": "Acme Logiciels", "side": "vendor", "role": "Account executive"},
        ],
        "objective": "Valider le besoin de planification des tournées et organiser le cadrage.",
        "facts": [
            {"text": "Flotte de 120 camions répartis sur 3 dépôts.",
             "evidence": [ev(2, "on a cent vingt camions sur trois dépôts", "Marc Petit", 65.2)]},
            {"text": "Planification actuelle sous Excel, 2 jours par semaine.",
             "evidence": [ev(3, "tout est sous Excel", "Marc Petit", 80.0)]},
            {"text": "Décision finale par la DSI et la direction générale.",
             "evidence": [ev(5, "c'est moi et la DG qui signons", "Claire Martin", 130.0)]},
            {"text": "Budget 2027 en cours d'arbitrage.",
             "evidence": [ev(7, "le budget 2027 n'est pas encore arbitré", "Claire Martin", 201.5)]},
            {"text": "Intégration SSO Azure AD exigée.",
             "evidence": [ev(9, "il nous faut le SSO Azure", "Claire Martin", 250.0)]},
        ],
        "decisions": [
            {"text": "Go pour un cadrage fonctionnel.",
             "evidence": [ev(12, "on part sur un cadrage", "Claire Martin", 1500.0)]},
            {"text": "Le périmètre pilote couvre le dépôt de Lyon.",
             "evidence": [ev(13, "on commence par Lyon", "Marc Petit", 1520.0)]},
        ],
        "risks": [
            {"text": "Budget annuel en cours d'arbitrage", "category": "budget", "severity": "high",
             "mitigation": "Estimation ROI préliminaire pour le comité du 10/12",
             "evidence": [ev(7, "le budget 2027 n'est pas encore arbitré", "Claire Martin", 201.5)]},
        ],
        "next_steps": [
            {"action": "Réunion de cadrage multi-parties", "owner": "Claire Martin", "side": "client",
             "due_date": "2026-11-25", "due_text": "mercredi 25 de 10h à 10h45",
             "evidence": [ev(14, "on se cale le cadrage mercredi 25 de 10h à 10h45", "Claire Martin", 1600.0)]},
            {"action": "Envoi de l'invitation au cadrage", "owner": "Julien Morel", "side": "vendor",
             "due_date": "2026-11-19", "due_text": "demain",
             "evidence": [ev(15, "je vous envoie l'invitation demain", "Julien Morel", 1612.0)]},
            {"action": "Point juridique sur la clause de réversibilité", "owner": None, "side": "unknown",
             "due_date": None, "due_text": "courant décembre",
             "evidence": [ev(16, "il faudra un point juridique courant décembre", "Marc Petit", 1650.0)]},
        ],
        "deliverables": [
            {"what": "Brief besoins + estimation ROI préliminaire", "issuer": "Julien Morel", "side": "vendor",
             "due_date": "2026-11-24", "due_text": "d'ici lundi 24", "format": "PDF",
             "evidence": [ev(17, "je vous fais le brief et le ROI d'ici lundi 24", "Julien Morel", 1700.0)]},
            {"what": "Export des tournées d'octobre", "issuer": None, "side": "client",
             "due_date": None, "due_text": None, "format": None,
             "evidence": [ev(18, "on vous enverra un export des tournées", "Marc Petit", 1720.0)]},
        ],
        "attachments": [{"name": "Enregistrement de la réunion", "kind": "audio"}],
        "crm": {"stage": "Découverte", "probability": 20, "amount": 48000, "currency": "EUR"},
        "metadata": {"backend": "rules", "source": "ferrand.vtt"},
    }
    data.update(overrides)
    return CRC.model_validate(data)


def full_en(**overrides: Any) -> CRC:
    """Negotiation call in English with Northwind, next step at 3 pm."""
    data: dict[str, Any] = {
        "id": "CRC-2026-11-20-Northwind-v1.0",
        "meeting": {"date": "2026-11-20", "type": "negotiation", "subject": "Contract negotiation",
                    "client": "Northwind", "language": "en"},
        "participants": [
            {"name": "Sarah Jones", "organization": "Northwind", "side": "client", "role": "Procurement lead"},
            {"name": "Tom Becker", "organization": "Acme Software", "side": "vendor", "role": "Sales director"},
        ],
        "objective": "Agree on price, SLA and signature timeline.",
        "facts": [
            {"text": "Legal review of the penalty clause is pending.",
             "evidence": [ev(4, "legal still has to review the penalty clause", "Sarah Jones", 300.0)]},
        ],
        "decisions": [
            {"text": "Fixed price for 12 months is agreed.",
             "evidence": [ev(8, "we agree on the fixed price for twelve months", "Sarah Jones", 900.0)]},
            {"text": "Extended support option is included.",
             "evidence": [ev(9, "include the extended support option", "Sarah Jones", 920.0)]},
        ],
        "risks": [
            {"text": "Penalty clause pending legal validation", "category": "legal",
             "evidence": [ev(4, "legal still has to review the penalty clause", "Sarah Jones", 300.0)]},
        ],
        "next_steps": [
            {"action": "Legal call", "owner": "Sarah Jones", "side": "client", "due_date": "2026-11-24",
             "due_text": "Tuesday at 3 pm",
             "evidence": [ev(10, "let's have the legal call Tuesday at 3 pm", "Sarah Jones", 1000.0)]},
            {"action": "Send contract version 1.4", "owner": "Tom Becker", "side": "vendor",
             "due_date": "2026-11-23", "due_text": "Monday",
             "evidence": [ev(11, "I'll send version 1.4 on Monday", "Tom Becker", 1010.0)]},
        ],
        "deliverables": [
            {"what": "Redline with tracked changes", "issuer": "Tom Becker", "side": "vendor",
             "due_date": "2026-11-23", "format": "DOCX",
             "evidence": [ev(12, "a redline with track changes", "Tom Becker", 1020.0)]},
        ],
    }
    data.update(overrides)
    return CRC.model_validate(data)


def sparse_fr(**overrides: Any) -> CRC:
    """A bare note: no client, no participants, no objective, no decision, an unowned undated step."""
    data: dict[str, Any] = {
        "id": "CRC-2026-11-20-Client-v1.0",
        "meeting": {"date": "2026-11-20", "subject": "Premier contact", "language": "fr"},
        "facts": [{"text": "Intérêt pour le module de facturation.",
                   "evidence": [ev(0, "la facturation nous intéresse")]}],
        "next_steps": [{"action": "Rappeler le prospect", "evidence": [ev(1, "rappelez-nous")]}],
    }
    data.update(overrides)
    return CRC.model_validate(data)
