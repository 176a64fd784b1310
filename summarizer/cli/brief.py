"""``crc brief DIR --client NAME``: the one page a rep reads before the next call of that client."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli import options as opt
from summarizer.cli.output import out


def brief(
    crc_dir: opt.CrcFolder,
    client: opt.ClientName,
    as_of: opt.AsOf = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Dossier de sortie.")] = Path("brief"),
    debug: opt.Debug = False,
) -> None:
    """Avant le prochain appel : engagements ouverts et en retard (les nôtres d'abord), risques non levés, décisions en attente d'un comité, personnes jamais rencontrées, prochaine étape et questions à poser ; chaque ligne cite l'appel qui la dit."""
    from summarizer.downstream.brief import brief_from_folder
    from summarizer.render.brief import write_brief

    day = opt.parse_date(as_of, "--as-of") or dt.date.today()
    page = brief_from_folder(crc_dir, client, day)
    written = write_brief(page, out_dir)
    out.print(f"[bold]Avant le prochain appel — {page.client}[/] au {day:%d/%m/%Y}", highlight=False)
    out.print(f"  {len(page.ours)} engagement(s) de notre côté, {len(page.theirs)} du leur, "
              f"{len(page.risks)} risque(s) non levé(s), {len(page.questions)} question(s) à poser", highlight=False)
    out.print(f"  Fichiers : {', '.join(str(p) for p in written)}", highlight=False)
