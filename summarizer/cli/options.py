"""Options shared by the commands (one definition, one help text) and the one parser of each value type."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from summarizer import lang
from summarizer.cli.output import console, fail, set_debug
from summarizer.extract import BACKENDS

# Typer reads these annotations at run time, so they stay ``Optional[...]`` (no PEP 604 on 3.10's typer).
Backend = Annotated[str, typer.Option(help="rules (embarqué, hors ligne) ou llm (endpoint compatible OpenAI).")]
Fallback = Annotated[Optional[str], typer.Option(help="Backend de repli si le LLM échoue : rules.")]  # noqa: UP045
Client = Annotated[Optional[str], typer.Option(help="Nom du client (entreprise).")]  # noqa: UP045
Vendor = Annotated[Optional[str], typer.Option(help="Nom de votre entreprise (côté vendeur).")]  # noqa: UP045
Language = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(help=f"{', '.join(lang.codes())} ou auto (défaut : détectée pour une transcription, français pour un enregistrement)."),
]
Participants = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--participants", "-p", help="« Nom:vendor » ou « Nom:client » (répétable ou séparé par des virgules)."),
]
Rep = Annotated[Optional[str], typer.Option("--rep", help="Commercial propriétaire du CRC (sinon : le vendeur qui parle le plus).")]  # noqa: UP045
Opportunity = Annotated[Optional[str], typer.Option("--opportunity", help="Identifiant de l'opportunité dans le CRM.")]  # noqa: UP045
CrmStage = Annotated[Optional[str], typer.Option("--crm-stage", help="Étape de l'opportunité dans le CRM.")]  # noqa: UP045
AsrModel = Annotated[Optional[str], typer.Option("--asr-model", help="Modèle Whisper (défaut : base embarqué).")]  # noqa: UP045
MeetingDate = Annotated[Optional[str], typer.Option("--meeting-date", help="Date de la réunion, AAAA-MM-JJ.")]  # noqa: UP045
Speakers = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option("--speakers", help="Audio mono : nombre de locuteurs (défaut : nombre de participants, sinon estimé)."),
]
NoDiarize = Annotated[
    bool, typer.Option("--no-diarize", help="Audio mono : ne pas séparer les locuteurs (plus rapide).")
]


def _set_redact(value: bool | None) -> bool | None:
    """``--redact/--no-redact`` is ``CRC_LLM_REDACT=on|off`` for this process and the local workers it starts."""
    if value is not None:
        import os

        os.environ["CRC_LLM_REDACT"] = "on" if value else "off"
    return value


Redact = Annotated[
    Optional[bool],  # noqa: UP045
    typer.Option(
        "--redact/--no-redact", callback=_set_redact,
        help="Backend llm : pseudonymiser (ou non) noms, e-mails, téléphones, IBAN et adresses avant l'envoi "
        "(défaut : oui si l'endpoint est hors de cette machine et de son réseau privé ; voir crc doctor).",
    ),
]
#: the arguments every command reading a folder of CRCs for one client takes (crc account, crc brief)
CrcFolder = Annotated[Path, typer.Argument(help="Dossier des CRC (*.crc.json, sous-dossiers compris).")]
ClientName = Annotated[str, typer.Option("--client", help="Nom du client (casse et accents indifférents).")]
AsOf = Annotated[Optional[str], typer.Option("--as-of", help="Date de référence AAAA-MM-JJ (défaut : aujourd'hui).")]  # noqa: UP045

Debug = Annotated[
    bool, typer.Option("--debug", help="Afficher la trace complète des erreurs.", callback=set_debug, is_eager=True)
]


#: The last resort for a meeting date, the same for ``crc run`` and ``crc batch``: the option, else the
#: file's metadata, else a date in its name, else the file's modification day (said in the summary).
DATE_FALLBACK: Literal["mtime"] = "mtime"
#: What ``-p "Name:side"`` accepts after the colon.


def parse_date(value: str | None, option: str = "--meeting-date") -> dt.date | None:
    """The one ISO-date parser of the CLI (:func:`summarizer.dates.parse_meeting_date`): exit 2 saying
    what is wrong (format, a day that does not exist, outside 1990–2100)."""
    from summarizer.dates import parse_meeting_date

    if value is None:
        return None
    try:
        return parse_meeting_date(value)
    except ValueError as exc:
        fail(f"{option} « {value[:40]} » : {exc}.")


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
    if language is not None and language != "auto" and not lang.is_known(language):
        fail(f"--language « {language} » inconnu ; choisir {', '.join(lang.codes())} ou auto.")


def check_speakers(value: int | None) -> None:
    """``--speakers`` 1 to 8 (the diarizer's range), said in French rather than by the option parser."""
    from summarizer.messages import Message

    if value is not None and not 1 <= value <= 8:
        fail(str(Message("speakers_range", value=value)))


def check_participants(values: list[str] | None) -> None:
    """``-p "Nom:vendor"``, ``"Nom:client"`` or ``"Nom"``: a side crc does not know is refused, not dropped."""
    from summarizer.pipeline import participant_problem

    problem = participant_problem(values or [])
    if problem is None:
        return
    part, kind = problem
    if kind == "name":
        fail(f"-p « {part[:60]} » : nom manquant avant « : » ; écrire « Nom:vendor » ou « Nom:client ».")
    side = part.partition(":")[2].strip()
    fail(f"-p « {part[:60]} » : côté « {side[:20]} » inconnu ; écrire « Nom:vendor » (vendeur) ou « Nom:client », ou le nom seul.")


def warn_audio_options(inputs: list[Path], *, asr_model: str | None = None, channels: str | None = None,
                       word_timestamps: bool = False) -> None:
    """One warning when an audio-only option is given for transcripts: it is ignored for them."""
    given = [name for name, on in (("--asr-model", asr_model), ("--channels", channels),
                                   ("--word-timestamps", word_timestamps)) if on]
    if not given:
        return
    from summarizer.ingest.media import is_audio

    transcripts = [p for p in inputs if p.exists() and not p.is_dir() and not is_audio(p)]
    if not transcripts:
        return
    names = ", ".join(p.name for p in transcripts[:3]) + (f" (+{len(transcripts) - 3})" if len(transcripts) > 3 else "")
    console.print(
        f"[yellow]Attention[/] : {', '.join(given)} ne s'applique(nt) qu'aux enregistrements audio ; "
        f"ignoré(s) pour {names}.", highlight=False, soft_wrap=True,
    )
