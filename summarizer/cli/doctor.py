"""``crc doctor``: is the LLM endpoint usable? One line per check, saying what to fix.

Checks, in order: the settings (model, key, URL), whether calls are pseudonymised and why, the endpoint answers
``/models``, the model is listed, and a 1-token chat call succeeds. Exit code
0 when every check passes, 2 for a configuration error, 1 otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from summarizer.extract.llm.settings import LlmSettings


@dataclass
class Check:
    ok: bool
    line: str
    warning: bool = False


def redaction_check(settings: LlmSettings) -> Check:
    """Which pseudonymisation applies and why; a failure when it applies but Presidio is not installed."""
    import importlib.util

    from summarizer.extract.llm.redact import redaction_decision
    from summarizer.messages import Message

    on, reason = redaction_decision(settings)
    if on and importlib.util.find_spec("presidio_analyzer") is None:
        return Check(False, str(Message("redact_unavailable", detail="presidio-analyzer absent")))
    return Check(True, str(reason), warning=not on and settings.redact == "off")


def run_checks(settings: LlmSettings) -> list[Check]:
    """Every check against an already-loaded configuration; stops at the first blocking failure."""
    import openai

    from summarizer.errors import ConfigError
    from summarizer.extract.llm.chunks import _encoder
    from summarizer.extract.llm.transport import describe_error

    checks: list[Check] = []
    try:
        settings.require()
    except ConfigError as exc:
        return [Check(False, str(exc))]
    where = settings.base_url or "https://api.openai.com/v1"
    checks.append(Check(True, f"configuration : modèle {settings.model}, endpoint {where}, mode {settings.mode}"))
    checks.append(redaction_check(settings))
    client = openai.OpenAI(
        api_key=settings.effective_api_key, base_url=settings.base_url or None,
        timeout=min(settings.timeout, 30.0), max_retries=0,
    )
    try:
        listed: list[str] | None
        try:
            listed = [m.id for m in client.models.list()]
            checks.append(Check(True, f"endpoint joignable : {len(listed)} modèle(s) listé(s)"))
        except openai.NotFoundError:
            listed = None  # some servers do not implement /models; the test call decides
            checks.append(Check(True, "endpoint joignable, mais /models non disponible : modèle non vérifié", warning=True))
        except openai.APIError as exc:
            checks.append(Check(False, str(describe_error(exc, settings))))
            return checks
        if listed is not None:
            if settings.model in listed:
                checks.append(Check(True, f"modèle « {settings.model} » disponible"))
            else:
                shown = ", ".join(listed[:8]) + ("…" if len(listed) > 8 else "")
                checks.append(Check(
                    False,
                    f"modèle « {settings.model} » absent de {where} (disponibles : {shown or 'aucun'}) ; corrigez CRC_LLM_MODEL.",
                ))
                return checks
        try:
            response = client.chat.completions.create(
                model=settings.model or "", messages=[{"role": "user", "content": "Réponds OK."}],
                max_tokens=1, temperature=0,
            )
        except openai.APIError as exc:
            checks.append(Check(False, f"appel d'essai : {describe_error(exc, settings)}"))
            return checks
        used = response.usage.total_tokens if response.usage else "?"
        checks.append(Check(True, f"appel d'essai d'un jeton réussi ({used} jetons)"))
    finally:
        client.close()
    counter = "tiktoken" if _encoder(settings.model) is not None else "estimation (3,5 caractères par jeton)"
    checks.append(Check(True, f"contexte {settings.context_tokens} jetons, comptage : {counter}"))
    return checks


def doctor() -> None:
    """Vérifier l'endpoint LLM : configuration, accessibilité, modèle, appel d'essai."""
    from summarizer.errors import ConfigError
    from summarizer.extract.llm.settings import load_settings

    try:
        settings = load_settings()
    except ConfigError as exc:
        typer.echo(f"✗ {exc}")
        raise typer.Exit(2) from None
    checks = run_checks(settings)
    for check in checks:
        mark = "!" if check.warning else ("✓" if check.ok else "✗")
        typer.echo(f"{mark} {check.line}")
    if not all(c.ok for c in checks):
        config_only = len(checks) == 1 and not checks[0].ok
        raise typer.Exit(2 if config_only else 1)

