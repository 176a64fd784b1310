"""``crc validate REPLY.eml --crc STEM.crc.json``: log the client's VALIDÉ (or corrections) against the exact version."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from summarizer.cli import options as opt
from summarizer.cli.output import out


def validate(
    crc_file: Annotated[Path, typer.Option("--crc", help="Le fichier STEM.crc.json auquel le client répond.")],
    reply: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="La réponse du client (.eml) ; sans elle : état de validation (et version si modifié)."),
    ] = None,
    debug: opt.Debug = False,
) -> None:
    """Enregistrer la réponse du client : VALIDÉ → validé ; sinon corrections demandées (texte conservé)."""
    from summarizer.crc import ValidationStatus
    from summarizer.downstream.validate import snapshot_path, validate_reply
    from summarizer.messages import Message

    if reply is None:
        _status(crc_file)
        return
    crc, v, previous = validate_reply(reply, crc_file)
    if previous:
        out.print(f"CRC modifié depuis la réponse précédente : version {previous} → {crc.version} "
                  f"(la {previous} reste dans {snapshot_path(crc_file, previous).name} ; nouveau brouillon écrit).",
                  highlight=False)
    how = "Message-ID" if v.matched_by == "message_id" else "objet"
    when = f" le {v.at:%d/%m/%Y %H:%M}" if v.at else ""
    if v.sender_known is False:
        warning = Message("reply_sender_unknown", sender=v.by or "?")
        out.print(f"[yellow]Attention[/] : {warning}", highlight=False, soft_wrap=True)
    if v.status == ValidationStatus.validated and v.sender_known is False:
        out.print(f"[yellow]? {crc.id} : « validé » par {v.by or '?'}{when}, non confirmé[/] (rapproché par {how}).",
                  highlight=False)
    elif v.status == ValidationStatus.validated:
        out.print(f"[green]✓ {crc.id} validé[/] par {v.by or '?'}{when} (rapproché par {how}).", highlight=False)
    else:
        out.print(f"[yellow]✎ {crc.id} : corrections demandées[/] par {v.by or '?'}{when} (rapproché par {how}).",
                  highlight=False)
        if v.message:
            first = v.message.splitlines()[0]
            out.print(f"  « {first[:200]} »", highlight=False)
    out.print(f"  Version {v.version}, sha256 {v.sha256[:12]}… ; copie : {snapshot_path(crc_file, v.version).name}",
              highlight=False)


def _status(crc_file: Path) -> None:
    """No reply given: say where the CRC stands, and make an edit after the client's answer the next version."""
    from summarizer.crc import is_validated
    from summarizer.downstream.crcfiles import read_crc
    from summarizer.downstream.validate import reconcile_version, snapshot_path

    crc, previous = reconcile_version(crc_file, read_crc(crc_file))
    if previous:
        out.print(f"{crc_file.name} modifié depuis la réponse du client : version {previous} → {crc.version} "
                  f"(la {previous} reste dans {snapshot_path(crc_file, previous).name}) ; validation à redemander.",
                  highlight=False)
        out.print(f"  Nouveau brouillon à envoyer : {crc_file.name[: -len('.crc.json')]}.email.eml", highlight=False)
    elif is_validated(crc):
        assert crc.validation is not None
        out.print(f"{crc.id} : validation obtenue ({crc.validation.by or '?'}).", highlight=False)
    elif crc.validation is not None:
        out.print(f"{crc.id} : corrections demandées par {crc.validation.by or '?'}.", highlight=False)
    else:
        out.print(f"{crc.id} : validation demandée, pas encore de réponse enregistrée.", highlight=False)
