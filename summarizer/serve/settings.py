"""Service settings from the environment (``CRC_*``), with embedded defaults for one machine."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from summarizer.extract import Backend


def default_data_dir() -> Path:
    """Per-user data dir (``~/.local/share/crc`` on Linux): recordings are not cache."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("crc", appauthor=False))


class ServeSettings(BaseSettings):
    """Everything ``crc serve`` needs; every field reads ``CRC_<NAME>`` from the environment."""

    model_config = SettingsConfigDict(env_prefix="CRC_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir, description="Uploads, artifacts and the SQLite file.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL (e.g. postgresql+psycopg://...); default SQLite in data_dir."
    )
    api_token: SecretStr | None = Field(default=None, description="Bearer token; required unless bound to loopback.")
    max_upload_mb: float = Field(
        default=500.0, gt=0,
        description="Upload size limit for recordings (413 beyond); transcripts stop at MAX_TRANSCRIPT_BYTES (2 MB).",
    )
    retention_days: int = Field(default=30, ge=0, description="Jobs older than this are purged; 0 keeps them.")
    workers: int = Field(default=1, ge=0, le=32, description="Concurrent jobs (0: queue only, no processing).")
    backend: Backend = "rules"
    fallback: Literal["rules"] | None = None
    vendor: str | None = Field(default=None, description="Your company name (vendor side).")
    asr_model: str | None = None
    allowed_origins: str = Field(
        default="",
        description="Extra browser origins allowed to POST/PUT/DELETE, comma-separated "
        "(e.g. https://crc.example.com behind a reverse proxy that rewrites Host).",
    )

    oidc_issuer: str | None = Field(
        default=None, description="OpenID Connect issuer URL (sign-in with the company's identity provider)."
    )
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_groups_claim: str | None = Field(
        default=None,
        description="ID-token claim listing the user's groups (e.g. groups): crc-admin, crc-manager, crc-rep give the "
        "role and crc-team-<name> the team of a user absent from crc's table.",
    )
    public_url: str | None = Field(
        default=None, description="The address users open (https://crc.example.com): sign-in callback, Secure cookies."
    )
    session_hours: float = Field(default=12.0, gt=0, description="Lifetime of a sign-in session.")
    session_secret: SecretStr | None = Field(
        default=None, description="Signs the short-lived sign-in state cookie; random per process when unset."
    )

    @field_validator("api_token", mode="after")
    @classmethod
    def _blank_token_is_none(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not v.get_secret_value().strip():
            return None
        return v

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    def origins(self) -> frozenset[str]:
        return frozenset(o.strip().rstrip("/") for o in self.allowed_origins.split(",") if o.strip())

    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'crc-jobs.sqlite3').resolve()}"
