"""``crc account DIR --client NAME``: the account plan of one client from every CRC under DIR."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli import options as opt
from summarizer.cli.output import out


def account(
    crc_dir: opt.CrcFolder,
    client: opt.ClientName,
    as_of: opt.AsOf = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Dossier de sortie.")] = Path("account"),
    debug: opt.Debug = False,
) -> None:
    """Plan de compte : interlocuteurs, engagements tenus ou en retard, risques, décisions et notes par appel."""
    from summarizer.downstream.account import account_from_folder
    from summarizer.render.account import headline, next_step_line, write_account

    day = opt.parse_date(as_of, "--as-of") or dt.date.today()
    plan = account_from_folder(crc_dir, client, day)
    written = write_account(plan, out_dir)
    out.print(f"[bold]Plan de compte — {plan.client}[/] au {day:%d/%m/%Y}", highlight=False)
    out.print(f"  {headline(plan)}", highlight=False)
    out.print(f"  Prochaine étape datée : {next_step_line(plan)}", highlight=False)
    for note in plan.skipped:
        out.print(f"  [yellow]⚠[/] {note}", highlight=False)
    out.print(f"  Fichiers : {', '.join(str(p) for p in written)}", highlight=False)
