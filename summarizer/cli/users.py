"""``crc users ...`` and ``crc audit``: the people of ``crc serve`` and the trail of who read or changed what.

Both work on the service's database (``CRC_DATABASE_URL``, or the SQLite file in ``CRC_DATA_DIR``),
the one ``crc serve`` uses: run them where the service's settings are.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from summarizer.cli.output import out

if TYPE_CHECKING:
    from summarizer.serve.db import JobStore
    from summarizer.serve.settings import ServeSettings
    from summarizer.serve.users import UserStore

users_app = typer.Typer(
    name="users", help="Utilisateurs de crc serve : rôles (rep, manager, admin), équipes, jetons personnels.",
    no_args_is_help=True, add_completion=False,
)

DataDir = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--data-dir", help="Dossier des données de crc serve (défaut : CRC_DATA_DIR ou dossier utilisateur)."),
]


def _engine(data_dir: Path | None) -> tuple[ServeSettings, JobStore]:
    from summarizer.serve.db import JobStore
    from summarizer.serve.settings import ServeSettings

    settings = ServeSettings(**({"data_dir": data_dir} if data_dir else {}))  # type: ignore[arg-type]
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    return settings, JobStore(settings.sqlalchemy_url())


def _users(data_dir: Path | None) -> UserStore:
    from summarizer.serve.users import UserStore

    _, store = _engine(data_dir)
    return UserStore(store.engine)


@users_app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="Adresse e-mail (identifiant de connexion).")],
    name: Annotated[str, typer.Option("--name", help="Prénom Nom, tel qu'il apparaît comme commercial dans les CRC.")],
    role: Annotated[str, typer.Option("--role", help="rep, manager ou admin.")] = "rep",
    team: Annotated[Optional[str], typer.Option("--team", help="Équipe (obligatoire pour un manager).")] = None,  # noqa: UP045
    data_dir: DataDir = None,
) -> None:
    """Ajouter un utilisateur (ou modifier son nom, rôle, équipe)."""
    user = _users(data_dir).add(email, name, role, team)
    out.print(f"{user.email} : {user.name}, {user.role}" + (f", équipe {user.team}" if user.team else ""), highlight=False)


@users_app.command("list")
def list_users(data_dir: DataDir = None) -> None:
    """Lister les utilisateurs : e-mail, nom, rôle, équipe, jeton actif."""
    rows = _users(data_dir).list()
    if not rows:
        out.print("aucun utilisateur ; ajoutez-en avec crc users add.", highlight=False)
    for u in rows:
        token = "jeton actif" if u.has_token else "sans jeton"
        typer.echo(f"{u.email}\t{u.name}\t{u.role}\t{u.team or '-'}\t{token}")  # tab-separated, never wrapped


@users_app.command("remove")
def remove(email: Annotated[str, typer.Argument(help="Adresse e-mail.")], data_dir: DataDir = None) -> None:
    """Retirer un utilisateur : son jeton et ses sessions cessent de fonctionner."""
    from summarizer.errors import InputError
    from summarizer.messages import Message

    if not _users(data_dir).remove(email):
        raise InputError(Message("user_unknown", email=email[:100]))
    out.print(f"{email.strip().lower()} retiré.", highlight=False)


@users_app.command("token")
def token(
    email: Annotated[str, typer.Argument(help="Adresse e-mail.")],
    revoke: Annotated[bool, typer.Option("--revoke", help="Révoquer le jeton sans en créer un autre.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Créer un jeton personnel (affiché une seule fois ; l'ancien cesse de fonctionner), ou le révoquer."""
    from summarizer.errors import InputError
    from summarizer.messages import Message

    users = _users(data_dir)
    if revoke:
        if not users.revoke_token(email):
            raise InputError(Message("user_unknown", email=email[:100]))
        out.print(f"jeton de {email.strip().lower()} révoqué.", highlight=False)
        return
    typer.echo(users.new_token(email))
    typer.echo("à transmettre à l'utilisateur : il n'est affiché qu'une fois (seule son empreinte est gardée).", err=True)


def audit(
    user: Annotated[Optional[str], typer.Option("--user", help="E-mail de l'utilisateur.")] = None,  # noqa: UP045
    since: Annotated[Optional[str], typer.Option("--since", help="Depuis AAAA-MM-JJ[THH:MM] (UTC).")] = None,  # noqa: UP045
    job: Annotated[Optional[str], typer.Option("--job", help="Identifiant de la tâche.")] = None,  # noqa: UP045
    limit: Annotated[int, typer.Option("--limit", min=1, help="Nombre de lignes au plus.")] = 1000,
    data_dir: DataDir = None,
) -> None:
    """Journal d'audit de crc serve : qui a consulté, téléchargé, modifié, validé, exporté ou supprimé quel CRC."""
    from summarizer.errors import InputError
    from summarizer.messages import Message
    from summarizer.serve.audit import AuditLog

    start = None
    if since:
        try:
            start = dt.datetime.fromisoformat(since.strip())
        except ValueError:
            raise InputError(Message("audit_since")) from None
        if start.tzinfo:
            start = start.astimezone(dt.timezone.utc).replace(tzinfo=None)
    settings, store = _engine(data_dir)
    log = AuditLog(store.engine, settings.retention_days)
    log.purge()
    for e in log.entries(user, start, job, limit):
        typer.echo(f"{e.at:%Y-%m-%d %H:%M:%S}Z\t{e.actor}\t{e.action}\t{e.job_id or '-'}\t{e.target or '-'}\t{e.ip or '-'}")
