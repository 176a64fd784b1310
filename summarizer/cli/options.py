"""Options shared by the commands (one definition, one help text) and the one parser of each value type."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Optional

import typer

from summarizer.cli.output import fail, set_debug
from summarizer.extract import BACKENDS

# Typer reads these annotations at run time, so they stay ``Optional[...]`` (no PEP 604 on 3.10's typer).
Backend = Annotated[str, typer.Option(help="rules (embarqué, hors ligne) ou llm (endpoint compatible OpenAI).")]
Fallback = Annotated[Optional[str], typer.Option(help="Backend de repli si le LLM échoue : rules.")]  # noqa: UP045
Client = Annotated[Optional[str], typer.Option(help="Nom du client (entreprise).")]  # noqa: UP045
Vendor = Annotated[Optional[str], typer.Option(help="Nom de votre entreprise (côté vendeur).")]  # noqa: UP045
Language = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(help="fr, en ou auto (défaut : détectée pour une transcription, français pour un enregistrement)."),
]
Participants = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--participants", "-p", help="« Nom:vendor » ou « Nom:client » (répétable ou séparé par des virgules)."),
]
AsrModel = Annotated[Optional[str], typer.Option("--asr-model", help="Modèle Whisper (défaut : base embarqué).")]  # noqa: UP045
MeetingDate = Annotated[Optional[str], typer.Option("--meeting-date", help="Date de la réunion, AAAA-MM-JJ.")]  # noqa: UP045
Speakers = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option("--speakers", min=1, max=8, help="Audio mono : nombre de locuteurs (défaut : nombre de participants, sinon estimé)."),
]
NoDiarize = Annotated[
    bool, typer.Option("--no-diarize", help="Audio mono : ne pas séparer les locuteurs (plus rapide).")
]
Debug = Annotated[
    bool, typer.Option("--debug", help="Afficher la trace complète des erreurs.", callback=set_debug, is_eager=True)
]


def parse_date(value: str | None, option: str = "--meeting-date") -> dt.date | None:
    """The one ISO-date parser of the CLI: exit 2 with the expected format on a bad value."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} « {value} » : format attendu AAAA-MM-JJ (ex. 2026-11-18).")


def parse_channels(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        fail("--channels attend deux noms séparés par une virgule : « Vendeur,Client » (gauche,droite).")
    return parts[0], parts[1]


def check_run_options(backend: str, fallback: str | None, language: str | None) -> None:
    """The choices shared by ``crc run`` and ``crc batch``; exit 2 with one line when wrong."""
    if backend not in BACKENDS:
        fail(f"--backend « {backend} » inconnu ; choisir {' ou '.join(BACKENDS)}.")
    if fallback not in {None, "rules"}:
        fail(f"--fallback « {fallback} » inconnu ; seul « rules » est possible.")
    if language not in {None, "fr", "en", "auto"}:
        fail(f"--language « {language} » inconnu ; choisir fr, en ou auto.")
