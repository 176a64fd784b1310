"""French help and usage errors for every ``crc`` command.

Typer vendors its own copy of click whose strings are plain English (no gettext
hook to translate them), so the product's French is applied at the three places
the user sees them: the rich help's labels (module constants of
``typer.rich_utils``), the ``--help`` option and each option's type column (a
command class), and usage errors ("Missing argument", "No such option"), which
are rewritten before typer prints them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import typer
from typer import rich_utils
from typer._click.core import Context
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

HELP_TEXT = "Afficher cette aide et quitter."

#: The labels of typer's rich help and error panel (read at render time, so set once at import).
_RICH_LABELS = {
    "DEFAULT_STRING": "[défaut : {}]",
    "ENVVAR_STRING": "[variable : {}]",
    "REQUIRED_LONG_STRING": "[obligatoire]",
    "DEPRECATED_STRING": "(obsolète) ",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commandes",
    "ERRORS_PANEL_TITLE": "Erreur",
    "ABORTED_TEXT": "Abandon.",
    "RICH_HELP": "Aide : [blue]{command_path} {help_option}[/]",
}

#: Type column of the help: a word saying what to type, nothing for a flag (it takes no value).
_TYPE_NAMES = {"str": "TEXTE", "path": "CHEMIN", "int": "ENTIER", "float": "NOMBRE", "integer": "ENTIER",
               "text": "TEXTE", "list[str]": "TEXTE...", "list[path]": "CHEMIN..."}


def _num(kind: str) -> str:
    return {"integer": "un nombre entier", "float": "un nombre", "int": "un nombre entier",
            "number": "un nombre"}.get(kind, kind)


#: click's usage errors as typer phrases them -> French (first match wins).
_ERRORS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Missing argument '(.+?)'\.?(.*)", re.S),
     lambda m: f"argument « {m.group(1).lower()} » manquant ; voir --help."),
    (re.compile(r"Missing option '(.+?)'\.?(.*)", re.S),
     lambda m: f"option « {m.group(1)} » obligatoire manquante ; voir --help."),
    (re.compile(r"No such option: (\S+)(?: \(Possible options: (.+)\))?", re.S),
     lambda m: f"option inconnue : {m.group(1)}" + (f" (options proches : {m.group(2)})" if m.group(2) else "")
     + " ; voir --help."),
    (re.compile(r"No such command '(.+?)'\.(?: Did you mean (.+)\?)?", re.S),
     lambda m: f"commande inconnue « {m.group(1)} »"
     + (f" ; vouliez-vous dire {m.group(2).replace(chr(39), '')} ?" if m.group(2) else " ; voir crc --help.")),
    (re.compile(r"Option '(.+?)' requires an argument\.", re.S), lambda m: f"l'option {m.group(1)} attend une valeur."),
    (re.compile(r"Option '(.+?)' requires (\d+) arguments\.", re.S),
     lambda m: f"l'option {m.group(1)} attend {m.group(2)} valeurs."),
    (re.compile(r"Option '(.+?)' does not take a value\.", re.S),
     lambda m: f"l'option {m.group(1)} ne prend pas de valeur."),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)", re.S), lambda m: f"argument(s) en trop : {m.group(1)}."),
    (re.compile(r"Invalid value for (.+?): Input should be a valid (integer|number).*", re.S),
     lambda m: f"valeur invalide pour {_hint(m.group(1))} : {_num(m.group(2))} est attendu."),
    (re.compile(r"Invalid value for (.+?): '(.*)' is not a valid (\w+)\.", re.S),
     lambda m: f"valeur invalide pour {_hint(m.group(1))} : « {m.group(2)} » n'est pas {_num(m.group(3))}."),
    (re.compile(r"Invalid value for (.+?): '(.*)' is not one of (.+)\.", re.S),
     lambda m: f"valeur invalide pour {_hint(m.group(1))} : « {m.group(2)} » ; choisir parmi {m.group(3)}."),
    (re.compile(r"Invalid value for (.+?): (.*)", re.S), lambda m: f"valeur invalide pour {_hint(m.group(1))} : {m.group(2)}"),
]


def _hint(hint: str) -> str:
    """click's "'--jobs' / '-j'" -> "--jobs (-j)"."""
    names = [n.strip().strip("'") for n in hint.split(" / ")]
    return names[0] + (f" ({', '.join(names[1:])})" if len(names) > 1 else "")


def translate_usage_error(message: str) -> str:
    for pattern, french in _ERRORS:
        m = pattern.fullmatch(message.strip())
        if m:
            return french(m)
    return message


def _french_usage_error(exc: typer._click.exceptions.UsageError) -> typer._click.exceptions.UsageError:
    if isinstance(exc, typer._click.exceptions.NoArgsIsHelpError):
        return exc
    french = translate_usage_error(exc.format_message())
    if french == exc.format_message():
        return exc
    return typer._click.exceptions.UsageError(french, exc.ctx)


def _french_params(params: list[Any]) -> None:
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""  # a flag takes no value: no "<bool>" in the help
        elif isinstance(param, (TyperOption, TyperArgument)) and param.metavar is None:
            try:
                label = _TYPE_NAMES.get(param.bare_type().lower())
            except (AttributeError, AssertionError):
                label = None
            if label and isinstance(param, TyperOption):
                param.metavar = label
            elif label:  # an argument's metavar would also rename it in the usage line: only the type column
                setattr(param, "display_type_rich", lambda ctx, label=label: label)  # noqa: B010


class _FrenchMixin:
    """French ``--help`` text, type column and usage errors; shared by the group and its commands."""

    params: list[Any]

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option: TyperOption | None = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
            option.metavar = ""
        return option

    def get_usage(self, ctx: Context) -> str:
        return str(super().get_usage(ctx)).replace("Usage: ", "Utilisation : ", 1)  # type: ignore[misc]

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
            return rest
        except typer._click.exceptions.UsageError as exc:
            raise _french_usage_error(exc) from None


class FrenchCommand(_FrenchMixin, TyperCommand):
    """Every ``crc`` subcommand (the group rebuilds typer's commands with this class at start)."""

    @classmethod
    def of(cls, command: TyperCommand) -> FrenchCommand:
        """The same command (same attributes) with the French methods; no state is added."""
        french = cls.__new__(cls)
        french.__dict__.update(command.__dict__)
        return french


class FrenchGroup(_FrenchMixin, TyperGroup):
    """The ``crc`` group: French help for itself and its commands, unknown commands in French."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _french_params(self.params)
        for name, command in list(self.commands.items()):
            if type(command) is TyperCommand:
                self.commands[name] = command = FrenchCommand.of(command)
            _french_params(command.params)

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except typer._click.exceptions.UsageError as exc:
            raise _french_usage_error(exc) from None


def install() -> None:
    """Set typer's rich help labels to French (idempotent)."""
    for name, value in _RICH_LABELS.items():
        setattr(rich_utils, name, value)
