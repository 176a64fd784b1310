"""Settings of the LLM backend, read from the environment (pydantic-settings).

Every knob has one environment variable so a batch job, the web service and
``crc doctor`` see the same configuration; errors name the variable to fix.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from summarizer.errors import ConfigError
from summarizer.messages import Message, reason_of

Mode = Literal["auto", "json_schema", "tools", "json"]
Redact = Literal["auto", "on", "off"]

#: environment variable of each field, for one-line error messages
ENV_NAMES = {
    "api_key": "OPENAI_API_KEY",
    "base_url": "OPENAI_BASE_URL",
}

#: placeholder key for local servers (Ollama, vLLM, llama.cpp) that ignore it
LOCAL_API_KEY = "not-needed"


class LlmSettings(BaseSettings):
    """Endpoint, model and robustness settings. Defaults suit a local Ollama or OpenAI."""

    model_config = SettingsConfigDict(env_prefix="CRC_LLM_", populate_by_name=True, extra="ignore")

    api_key: str | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    model: str | None = Field(default=None, description="CRC_LLM_MODEL: model name as the endpoint lists it.")
    mode: Mode = Field(
        default="auto",
        description="CRC_LLM_MODE: instructor mode; auto = json_schema, then tools if the server refuses it.",
    )
    temperature: float = Field(default=0.0, ge=0, le=2)
    #: seconds for one HTTP request
    timeout: float = Field(default=120.0, gt=0)
    #: seconds for one logical call, transport retries included
    deadline: float = Field(default=600.0, gt=0)
    #: HTTP attempts per call on 429/5xx/timeouts/connection errors
    transport_attempts: int = Field(default=5, ge=1, le=20)
    backoff_initial: float = Field(default=1.0, ge=0)
    backoff_max: float = Field(default=30.0, ge=0)
    #: a Retry-After longer than this is capped (seconds)
    retry_after_max: float = Field(default=60.0, ge=0)
    #: structured-output attempts (instructor re-asks with the validation errors)
    max_attempts: int = Field(default=3, ge=1, le=10)
    #: chunks extracted in parallel on long calls
    max_concurrency: int = Field(default=2, ge=1, le=32)
    #: the model's context window in tokens
    context_tokens: int = Field(default=8192, ge=1024)
    #: tokens reserved for the answer (also sent as max_tokens)
    max_output_tokens: int = Field(default=2048, ge=64)
    #: segments repeated at the start of the next chunk
    chunk_overlap: int = Field(default=3, ge=0, le=50)
    #: one extra LLM pass to consolidate the per-chunk extractions
    consolidate: bool = False
    #: prompt name in prompts/ (without language suffix); language follows the meeting
    prompt: str = "crc_extract"
    #: pseudonymise requests: auto = on unless the endpoint is on this machine or its private network
    redact: Redact = "auto"
    #: with redaction, also replace the client's and vendor's names
    redact_companies: bool = True

    def require(self) -> LlmSettings:
        """Check what a call needs; raise :class:`ConfigError` naming the variable to set."""
        if not self.model:
            raise ConfigError(Message("llm_model_missing"))
        if not self.base_url and not self.api_key:
            raise ConfigError(Message("llm_key_missing"))
        if self.base_url and not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(Message("llm_base_url", url=self.base_url))
        return self

    @property
    def effective_api_key(self) -> str:
        return self.api_key or LOCAL_API_KEY


def load_settings(**overrides: object) -> LlmSettings:
    """Settings from the environment plus explicit overrides; one-line error on bad values."""
    try:
        return LlmSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        env = field if field.isupper() else ENV_NAMES.get(field, f"CRC_LLM_{field.upper()}")
        raise ConfigError(Message("llm_setting_invalid", env=env, reason=reason_of(dict(first)))) from exc
