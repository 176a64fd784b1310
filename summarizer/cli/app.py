"""The ``crc`` Typer app: explicit command registration and the one error boundary.

Every command raises :class:`~summarizer.errors.CrcError` (or lets another
exception through); :class:`_Boundary` turns it into one line on stderr and its
:class:`~summarizer.errors.ExitCode`, and only ``--debug`` shows a traceback.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from pydantic import ValidationError
from typer.exceptions import TyperException

from summarizer import __version__
from summarizer.cli import (
    account,
    batch,
    brief,
    doctor,
    eval,
    export,
    french,
    push,
    run,
    score,
    serve,
    users,
    validate,
    worker,
)
from summarizer.cli.output import error_line, out, state
from summarizer.errors import CrcError, ExitCode, one_line, validation_summary

french.install()


class _Boundary(french.FrenchGroup):
    """Maps exceptions escaping a command to one line and an exit status (httpie-style)."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except KeyboardInterrupt:
            if state.debug:
                raise
            error_line("interrompu ; relancez la même commande pour reprendre.")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except CrcError as exc:
            if state.debug:
                raise
            error_line(str(exc))
            raise typer.Exit(int(exc.exit_code)) from None
        except ValidationError as exc:
            if state.debug:
                raise
            error_line(f"valeur invalide ({validation_summary(exc)}).")
            raise typer.Exit(int(ExitCode.USAGE)) from None
        except Exception as exc:
            if state.debug:
                raise
            error_line(one_line(exc, limit=10_000))
            raise typer.Exit(int(ExitCode.ERROR)) from None


app = typer.Typer(
    name="crc",
    cls=_Boundary,
    help="Compte rendu commercial : d'un appel de vente (enregistrement ou transcription) au CRC noté et à l'e-mail de suivi.",
    no_args_is_help=True,
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        out.print(f"crc {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Version.")] = False,
) -> None:
    """crc — compte rendu commercial."""
    state.debug = False


# Explicit registration: the help lists the commands in this order.
app.command("run")(run.run)
app.command("score")(score.score)
app.command("schema")(score.schema)
app.command("batch")(batch.batch)
app.command("eval")(eval.eval_command)
app.command("serve")(serve.serve)
app.command("worker")(worker.worker)
app.command("doctor")(doctor.doctor)
app.command("export")(export.export)
app.command("push")(push.push)
app.command("validate")(validate.validate)
app.command("account")(account.account)
app.command("brief")(brief.brief)
app.add_typer(users.users_app, name="users")
app.command("audit")(users.audit)
