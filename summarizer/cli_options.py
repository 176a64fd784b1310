"""Typer options shared by ``crc run`` and ``crc batch``: one definition, one help text."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

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
Debug = Annotated[bool, typer.Option("--debug", help="Afficher la trace complète des erreurs.")]
