"""``crc brief DIR --client NAME``: the one page a rep reads before the next call of that client."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from summarizer.cli import options as opt
from summarizer.cli.output import out


def brief(
    crc_dir: Annotated[Path, typer.Argument(help="Dossier des CRC (*.crc.json, sous-dossiers compris).")],
    client: Annotated[str, typer.Option("--client", help="Nom du client (casse et accents indifférents).")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date de référence AAAA-MM-JJ (défaut : aujourd'hui).")] = None,  # noqa: UP045
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
